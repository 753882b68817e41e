// Validated domain names of the client IP (RFC 7208 §5.5), shared by the `ptr` mechanism and the `%{p}` macro (§7.3).

import { MAX_PTR_NAMES, UNKNOWN_PTR } from './constants.js';
import { addressesOf, ptrNamesOf, traceOf, type Lookup, type QueryTrace } from './dns.js';
import { isAtOrBelow } from './domain-name.js';
import type { Evaluation } from './evaluation.js';
import { reverseName } from '../dns/names.js';
import { formatIp, inNetwork, parseAnswerAddress } from './ip.js';

export interface PtrNames {
  query: QueryTrace;
  lookup: Lookup;
  /** At most the first 10 names: RFC 7208 §4.6.4 says the rest MUST be ignored. */
  names: string[];
}

/** The reverse lookup of the client IP, done once per evaluation. */
export function ptrNames(ev: Evaluation): Promise<PtrNames> {
  // An IPv4-mapped client is IPv4 already (ip.ts), so it gets an in-addr.arpa name (RFC 7208 §5 item 9.2).
  const name = reverseName(formatIp(ev.ip)) ?? '';
  ev.ptr ??= ev.dns.lookup(name, 'PTR').then((lookup) => ({
    query: traceOf(name, 'PTR', lookup),
    lookup,
    names: lookup.kind === 'answer' ? ptrNamesOf(lookup.records).slice(0, MAX_PTR_NAMES) : [],
  }));
  return ev.ptr;
}

/**
 * Which names resolve back to the client IP. The address lookups run concurrently; a DNS error
 * skips that name (RFC 7208 §5.5). Traces are appended in the names' order.
 */
export async function validateNames(ev: Evaluation, names: string[], trace: QueryTrace[]): Promise<string[]> {
  const type = ev.ip.family === 4 ? 'A' : 'AAAA';
  const lookups = await Promise.all(names.map((name) => ev.dns.lookup(name, type)));
  const valid: string[] = [];
  lookups.forEach((lookup, index) => {
    const name = names[index]!;
    trace.push(traceOf(name, type, lookup));
    if (lookup.kind !== 'answer') return;
    const width = ev.ip.family === 4 ? 32 : 128;
    const back = addressesOf(lookup.records).some((text) => {
      const address = parseAnswerAddress(text);
      return address !== undefined && inNetwork(ev.ip, address, width);
    });
    if (back) valid.push(name);
  });
  return valid;
}

/**
 * `%{p}` (RFC 7208 §7.3): the <domain> itself if validated, else a validated subdomain of it,
 * else any validated name, else "unknown" (also on DNS errors).
 */
export async function validatedDomain(ev: Evaluation, domain: string, trace: QueryTrace[]): Promise<string> {
  const { query, names } = await ptrNames(ev);
  trace.push(query);
  const valid = await validateNames(ev, names, trace);
  const exact = valid.find((name) => name.toLowerCase() === domain.toLowerCase());
  return exact ?? valid.find((name) => isAtOrBelow(name, domain)) ?? valid[0] ?? UNKNOWN_PTR;
}
