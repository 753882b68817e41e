// Resolves a host name to its A and AAAA addresses, keeping CNAMEs and unanswered lookups visible.
import { formatRecord } from '../../dns/format.js';
import type { DnsRecord, DnsResult } from '../../dns/types.js';
import { isFact } from '../../engine/lookup.js';
import type { CheckContext } from '../../engine/types.js';

export interface HostAddresses {
  host: string;
  /** `ok`: addresses found; `nxdomain`: the name (or its CNAME target) does not exist;
   * `noaddress`: it exists without A/AAAA; `unverified`: no address found and a lookup went unanswered. */
  outcome: 'ok' | 'nxdomain' | 'noaddress' | 'unverified';
  addresses: string[];
  /** CNAMEs met on the way (the first is the host name's own alias). */
  cnames: DnsRecord[];
  /** The lookup that could not be answered, for `unverified`. */
  failed?: DnsResult;
  observed: string[];
}

/** Look up A and AAAA together; one answered family is enough to call the host resolvable. */
export async function hostAddresses(ctx: CheckContext, host: string): Promise<HostAddresses> {
  const [a, aaaa] = await Promise.all([
    ctx.dns.query(host, 'A', { signal: ctx.signal }),
    ctx.dns.query(host, 'AAAA', { signal: ctx.signal }),
  ]);
  const records = [...a.records, ...aaaa.records];
  const addresses = records.flatMap((r) => (r.type === 'A' || r.type === 'AAAA' ? [r.data] : []));
  const cnames = a.cnames.length >= aaaa.cnames.length ? a.cnames : aaaa.cnames;
  const observed = [...cnames, ...records].map(formatRecord);
  const base = { host, addresses, cnames, observed };
  if (addresses.length > 0) return { ...base, outcome: 'ok' };
  const failed = [a, aaaa].find((r) => !isFact(r));
  if (failed) return { ...base, outcome: 'unverified', failed };
  return { ...base, outcome: a.status === 'nxdomain' || aaaa.status === 'nxdomain' ? 'nxdomain' : 'noaddress' };
}
