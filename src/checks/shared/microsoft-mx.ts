// The addresses of the domain's Microsoft MX hosts, each with its host name: smart-host inference and smarthost.loop both compare against them.
import type { CheckContext } from '../../engine/types.js';
import { mxFacts } from '../mx/facts.js';
import { hostAddresses } from './host-addresses.js';

/** The domain's Microsoft MX addresses, each with its host name. Throws the MX lookup's LookupError. */
export async function microsoftMxAddresses(ctx: CheckContext): Promise<Map<string, string>> {
  const byAddress = new Map<string, string>();
  const facts = await mxFacts(ctx);
  const hosts = facts.targets.filter((t) => t.kind.type === 'microsoft');
  const resolved = await Promise.all(hosts.map((t) => hostAddresses(ctx, t.exchange)));
  for (const r of resolved) for (const a of r.addresses) byAddress.set(a, r.host);
  return byAddress;
}
