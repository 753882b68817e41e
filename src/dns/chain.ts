// Builds a DnsResult from hop responses: follows CNAME chains (RFC 1034 §3.6.2, §4.3.2) with a bound, negative TTLs.
import type { HopFailure, HopResponse, HopResult } from './ask.js';
import type { DnsQuestion, DnsRecord, DnsResult } from './types.js';

/** Asks one name (same type as the question) on the network; cached and de-duplicated by the caller. */
export type Hop = (name: string) => Promise<HopResult>;

/**
 * Resolves `question` (name already normalised). The chain is read from the answer section first: a
 * recursive resolver returns CNAME and target records together. If the chain ends at a name without
 * records and the RCODE is NOERROR (an authoritative server, or a target out of its zone), the last
 * target is asked itself. NXDOMAIN after a chain refers to the last name (RFC 6604 §3).
 * Returns `undefined` when aborted.
 */
export async function resolveChain(question: DnsQuestion, hop: Hop, maxCnameHops: number): Promise<DnsResult | undefined> {
  const { type } = question;
  const cnames: DnsRecord[] = [];
  const seen = new Set<string>([question.name]);
  let current = question.name;

  // Each network hop either ends the loop or moves at least one CNAME further, so this is bounded by maxCnameHops + 1.
  for (;;) {
    const response = await hop(current);
    if (response.kind === 'aborted') return undefined;
    if (response.kind === 'failure') return failed(question, response, cnames, current);

    if (type === 'CNAME') {
      // A CNAME question gets the CNAME itself, never its target (RFC 1034 §3.6.2).
      const records = response.answers.filter((r) => r.type === 'CNAME' && r.name === current);
      return settled(question, response, records, cnames, current);
    }

    let name = current;
    for (;;) {
      const records = response.answers.filter((r) => r.type === type && r.name === name);
      if (records.length > 0) return settled(question, response, records, cnames, name);
      const cname = response.answers.find((r) => r.type === 'CNAME' && r.name === name);
      if (cname === undefined || cname.type !== 'CNAME') break;
      cnames.push(cname);
      const target = cname.data;
      if (seen.has(target)) {
        return chainError(question, response, cnames, target, `CNAME loop: ${[...cnames.map((c) => c.name), target].join(' -> ')}`);
      }
      if (cnames.length > maxCnameHops) {
        return chainError(question, response, cnames, target, `CNAME chain longer than ${maxCnameHops} hops, starting ${cnames.slice(0, 3).map((c) => c.name).join(' -> ')} -> ...`);
      }
      seen.add(target);
      name = target;
    }

    // Nothing moved: the response is about `current` itself. Or the chain ended in NXDOMAIN (RFC 6604 §3).
    if (name === current || response.rcode === 'NXDOMAIN') return settled(question, response, [], cnames, name);
    current = name;
  }
}

function settled(question: DnsQuestion, response: HopResponse, records: DnsRecord[], cnames: DnsRecord[], canonicalName: string): DnsResult {
  const status = records.length > 0 ? 'answer' : response.rcode === 'NXDOMAIN' ? 'nxdomain' : 'nodata';
  const result: DnsResult = {
    question: { ...question },
    status,
    records,
    cnames: [...cnames],
    canonicalName,
    rcode: response.rcode,
    server: response.server,
    transport: response.transport,
    authoritative: response.authoritative,
  };
  const ttl = status === 'answer' ? minTtl([...records, ...cnames]) : negativeTtl(response.authorities, cnames);
  if (ttl !== undefined) result.ttl = ttl;
  // No `code` here: nxdomain and nodata are facts about the zone, and `code` marks the non-facts.
  if (status === 'nxdomain') {
    result.reason = `${canonicalName} does not exist (NXDOMAIN from ${response.server})`;
  } else if (status === 'nodata') {
    result.reason = `${canonicalName} exists but has no ${question.type} records (NOERROR, empty answer from ${response.server})`;
  }
  return result;
}

function minTtl(records: readonly DnsRecord[]): number | undefined {
  return records.length === 0 ? undefined : Math.min(...records.map((r) => r.ttl));
}

/** RFC 2308 §5: a negative answer lives min(SOA TTL, SOA MINIMUM); a CNAME on the way may expire sooner. */
function negativeTtl(authorities: readonly DnsRecord[], cnames: readonly DnsRecord[]): number | undefined {
  const soa = authorities.find((r) => r.type === 'SOA');
  if (soa === undefined || soa.type !== 'SOA') return undefined;
  return Math.min(soa.ttl, soa.data.minimum, ...cnames.map((c) => c.ttl));
}

function chainError(question: DnsQuestion, response: HopResponse, cnames: DnsRecord[], canonicalName: string, reason: string): DnsResult {
  return {
    question: { ...question },
    status: 'error',
    records: [],
    cnames: [...cnames],
    canonicalName,
    rcode: response.rcode,
    code: 'ECNAMELOOP',
    reason,
    server: response.server,
    transport: response.transport,
    authoritative: response.authoritative,
  };
}

function failed(question: DnsQuestion, failure: HopFailure, cnames: DnsRecord[], current: string): DnsResult {
  const result: DnsResult = {
    question: { ...question },
    status: failure.status,
    records: [],
    cnames: [...cnames],
    canonicalName: current,
    code: failure.code,
    reason: current === question.name ? failure.reason : `following the CNAME to ${current}: ${failure.reason}`,
  };
  if (failure.rcode !== undefined) result.rcode = failure.rcode;
  if (failure.server !== undefined) result.server = failure.server;
  if (failure.transport !== undefined) result.transport = failure.transport;
  return result;
}
