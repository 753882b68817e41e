// Whether the smart host is Microsoft 365 itself: by name (also through a CNAME) or by the domain's Microsoft MX addresses.
import type { CheckContext } from '../../engine/types.js';
import { isMicrosoftName } from '../../knowledge/microsoft-names.js';
import { mxFacts } from '../mx/facts.js';
import { hostAddresses } from '../shared/host-addresses.js';
import type { KnownSmartHost } from './probes.js';

/** The domain's Microsoft MX addresses, each with its host name. Throws the MX lookup's LookupError. */
export async function microsoftMxAddresses(ctx: CheckContext): Promise<Map<string, string>> {
  const byAddress = new Map<string, string>();
  const facts = await mxFacts(ctx);
  const hosts = facts.targets.filter((t) => t.kind.type === 'microsoft');
  const resolved = await Promise.all(hosts.map((t) => hostAddresses(ctx, t.exchange)));
  for (const r of resolved) for (const a of r.addresses) byAddress.set(a, r.host);
  return byAddress;
}

/** The Microsoft name the smart host is or leads to (`<token>.mail.protection.outlook.com`, `*.mx.microsoft`, ...). */
export function microsoftName(sh: KnownSmartHost): { name: string; via?: string } | undefined {
  if (isMicrosoftName(sh.host)) return { name: sh.host };
  const alias = sh.resolution?.cnames.find((r) => r.type === 'CNAME' && isMicrosoftName(String(r.data)));
  return alias ? { name: sh.host, via: String(alias.data) } : undefined;
}
