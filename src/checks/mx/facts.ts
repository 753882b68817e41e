// The domain's MX set, looked up once per run and classified (Microsoft, gateway, IP literal, other).
import { isIP } from 'node:net';
import { formatRecord, formatResult } from '../../dns/format.js';
import type { DnsRecord, DnsResult } from '../../dns/types.js';
import { must } from '../../engine/lookup.js';
import type { CheckContext } from '../../engine/types.js';
import { filteringGateway } from '../../knowledge/gateways.js';
import { hostingVendor, type HostingVendor } from '../../knowledge/hosting.js';
import type { Cloud } from '../../knowledge/clouds.js';
import { microsoftMx, type MxForm } from '../../knowledge/microsoft-hosts.js';

export type MxKind =
  | { type: 'microsoft'; cloud: Cloud; form: MxForm }
  | { type: 'gateway'; vendor: string }
  | { type: 'ip-literal' }
  | { type: 'other'; vendor?: HostingVendor };

export interface MxTarget {
  preference: number;
  exchange: string;
  kind: MxKind;
}

export interface MxFacts {
  lookup: DnsResult;
  /** `nxdomain`: no such domain; `none`: no MX records; `null`: only a null MX; `records`: usable MX. */
  outcome: 'nxdomain' | 'none' | 'null' | 'records';
  /** Non-null MX targets, sorted by preference then name. */
  targets: MxTarget[];
  /** A null MX (`0 .`) is present (alone or, invalidly, beside others). */
  hasNullMx: boolean;
  lowestPreference?: number;
  /** The MX records as zone-file lines, for the report. */
  observed: string[];
  /** MX records the DNS client dropped beyond its per-answer cap: the set judged is then incomplete. */
  omitted: number;
}

export function classifyMx(exchange: string): MxKind {
  // An MX exchange must be a host name (RFC 5321 §5.1); `[192.0.2.1]` or a bare address is not one.
  if (isIP(exchange.replace(/^\[|\]$/g, '')) !== 0) return { type: 'ip-literal' };
  const ms = microsoftMx(exchange);
  if (ms) return { type: 'microsoft', ...ms };
  const gateway = filteringGateway(exchange);
  if (gateway) return { type: 'gateway', vendor: gateway };
  const vendor = hostingVendor(exchange);
  return vendor ? { type: 'other', vendor } : { type: 'other' };
}

function mxRecords(records: DnsRecord[]): { preference: number; exchange: string }[] {
  return records.flatMap((r) => (r.type === 'MX' ? [r.data] : []));
}

async function loadMx(ctx: CheckContext): Promise<MxFacts> {
  const lookup = must(await ctx.dns.query(ctx.domain, 'MX', { signal: ctx.signal }));
  // No records: show the answer itself (";; example.com. MX: nxdomain") rather than nothing.
  const observed = lookup.records.length > 0 ? lookup.records.map(formatRecord) : formatResult(lookup).split('\n');
  // A hostile zone can publish more MX records than the client keeps (MAX_RECORDS_PER_ANSWER): the
  // unseen ones may be a bypass, so checks that judge "every MX" must not pass on the partial set.
  const omitted = lookup.omitted ?? 0;
  if (omitted > 0) observed.push(`... ${omitted} more MX records not kept by the DNS client`);
  if (lookup.status === 'nxdomain') return { lookup, outcome: 'nxdomain', targets: [], hasNullMx: false, observed, omitted };
  const all = mxRecords(lookup.records);
  // RFC 7505 §3: a null MX has the exchange "." (decoded as ""), preference 0 by convention.
  const hasNullMx = all.some((mx) => mx.exchange === '');
  const targets = all
    .filter((mx) => mx.exchange !== '')
    .map((mx) => ({ preference: mx.preference, exchange: mx.exchange, kind: classifyMx(mx.exchange) }))
    .sort((a, b) => a.preference - b.preference || a.exchange.localeCompare(b.exchange));
  const outcome = targets.length > 0 ? 'records' : hasNullMx ? 'null' : 'none';
  const facts: MxFacts = { lookup, outcome, targets, hasNullMx, observed, omitted };
  if (targets.length > 0) facts.lowestPreference = targets[0]!.preference;
  return facts;
}

/** The MX facts of the run's domain, computed once and shared by every mx.* check. */
export function mxFacts(ctx: CheckContext): Promise<MxFacts> {
  return ctx.memo('mx.facts', () => loadMx(ctx));
}

/** "host (preference 10)" for messages. */
export function describeMx(t: MxTarget): string {
  return `${t.exchange} (preference ${t.preference})`;
}

/** Compact evidence for the JSON report. */
export function mxEvidence(facts: MxFacts): Record<string, unknown> {
  return {
    mx: facts.targets.map((t) => ({ preference: t.preference, exchange: t.exchange, kind: t.kind })),
    nullMx: facts.hasNullMx,
    lookup: { status: facts.lookup.status, rcode: facts.lookup.rcode, ttl: facts.lookup.ttl },
    ...(facts.omitted > 0 ? { omitted: facts.omitted } : {}),
  };
}
