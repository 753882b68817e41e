// Evaluation of the mechanisms that do not recurse: all, ip4, ip6, a, mx, ptr, exists (RFC 7208 §5.1, §5.3–§5.7).

import type { Mechanism, MechanismTerm } from './ast.js';

type AddressMechanism = Extract<Mechanism, { kind: 'a' | 'mx' }>;
import { MAX_MX_NAMES } from './constants.js';
import { addressesOf, exchangesOf, traceOf, type Lookup } from './dns.js';
import { isAtOrBelow, withoutTrailingDot } from './domain-name.js';
import { expandTarget, refOf, spendLookup, spendVoid, type Evaluation, type Step } from './evaluation.js';
import { inNetwork, parseAnswerAddress, type IpAddress } from './ip.js';
import { ptrNames, validateNames } from './ptr.js';
import type { SpfReason, TermNode, TermRef } from './result.js';

const NO_MATCH: Step = { kind: 'no-match' };

/** Case-insensitive order of host names, for a result that never depends on the order of an RRset. */
function compareNames(x: string, y: string): number {
  const a = x.toLowerCase();
  const b = y.toLowerCase();
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Evaluates an include's target: check_host() recursion lives in evaluate.ts. */
export type IncludeEvaluator = (term: MechanismTerm, node: TermNode) => Promise<Step>;

/** A DNS error in a mechanism's lookup is temperror (RFC 7208 §2.6.6, §5). */
function dnsError(lookup: Lookup & { kind: 'error' }, name: string, at: TermRef, type: 'A' | 'AAAA' | 'MX'): Step {
  const reason: SpfReason = { code: 'dns-error', domain: at.domain, name, type, status: lookup.status, at };
  if (lookup.code) reason.dnsCode = lookup.code;
  if (lookup.detail) reason.detail = lookup.detail;
  return { kind: 'abort', result: 'temperror', reason };
}

/** The address in `addresses` within the term's CIDR of the client IP, if any (RFC 7208 §5.3, §5.6). */
function matchingAddress(ip: IpAddress, addresses: string[], cidr4: number | undefined, cidr6: number | undefined): string | undefined {
  const prefix = ip.family === 4 ? (cidr4 ?? 32) : (cidr6 ?? 128);
  return addresses.find((text) => {
    const address = parseAnswerAddress(text);
    return address !== undefined && inNetwork(ip, address, prefix);
  });
}

async function target(ev: Evaluation, term: MechanismTerm, domain: string, node: TermNode): Promise<string> {
  const m = term.mechanism;
  if ('domain' in m && m.domain) return expandTarget(ev, m.domain, domain, node);
  node.target = withoutTrailingDot(domain);
  return node.target;
}

/** The address lookup of `a` (and of each MX host): A for an IPv4 client, AAAA for IPv6 (RFC 7208 §5.3). */
function addressType(ip: IpAddress): 'A' | 'AAAA' {
  return ip.family === 4 ? 'A' : 'AAAA';
}

async function evaluateA(ev: Evaluation, term: MechanismTerm, m: AddressMechanism, domain: string, node: TermNode): Promise<Step> {
  const at = refOf(term, domain);
  const name = await target(ev, term, domain, node);
  const type = addressType(ev.ip);
  const lookup = await ev.dns.lookup(name, type);
  node.queries.push(traceOf(name, type, lookup));
  switch (lookup.kind) {
    case 'bad-name': // cannot exist in DNS: no match (RFC 7208 §4.8 by analogy with §4.3)
      return NO_MATCH;
    case 'error':
      return dnsError(lookup, name, at, type);
    case 'void':
      return spendVoid(ev, at, node) ?? NO_MATCH;
    case 'answer': {
      const address = matchingAddress(ev.ip, addressesOf(lookup.records), m.cidr4, m.cidr6);
      return address ? { kind: 'match', matched: { address } } : NO_MATCH;
    }
  }
}

async function evaluateMx(ev: Evaluation, term: MechanismTerm, m: AddressMechanism, domain: string, node: TermNode): Promise<Step> {
  const at = refOf(term, domain);
  const name = await target(ev, term, domain, node);
  const lookup = await ev.dns.lookup(name, 'MX');
  node.queries.push(traceOf(name, 'MX', lookup));
  if (lookup.kind === 'bad-name') return NO_MATCH;
  if (lookup.kind === 'error') return dnsError(lookup, name, at, 'MX');
  if (lookup.kind === 'void') return spendVoid(ev, at, node) ?? NO_MATCH;
  const exchanges = exchangesOf(lookup.records);
  // RFC 7208 §4.6.4: more than 10 MX names would mean more than 10 address lookups: permerror.
  if (exchanges.length > MAX_MX_NAMES) {
    return { kind: 'abort', result: 'permerror', reason: { code: 'mx-limit', at, count: exchanges.length, limit: MAX_MX_NAMES } };
  }
  // A null MX (RFC 7505, exchange ".") names no host. An RRset has no order (RFC 2181 §5) and a resolver may
  // rotate it, so the hosts are put in one order (preference, then name) and the result never depends on it.
  const hosts = exchanges
    .filter((mx) => mx.exchange !== '')
    .sort((x, y) => x.preference - y.preference || compareNames(x.exchange, y.exchange))
    .map((mx) => mx.exchange);
  const type = addressType(ev.ip);
  // RFC 7208 §5.4 looks up "each MX name returned" and §5 stops the mechanism with temperror when any of its
  // queries fails: a failed host is temperror even when another host matches (as pyspf does, which resolves
  // every host before comparing). Matching first and stopping would make the result hang on which answer
  // happened to come first.
  const answers = await Promise.all(hosts.map((host) => ev.dns.lookup(host, type)));
  for (const [index, answer] of answers.entries()) node.queries.push(traceOf(hosts[index]!, type, answer));
  const failed = answers.findIndex((answer) => answer.kind === 'error');
  if (failed >= 0) return dnsError(answers[failed] as Lookup & { kind: 'error' }, hosts[failed]!, at, type);
  if (ev.voidPerMxHost) {
    // pyspf's and Mail::SPF's count (not RFC 7208's, which counts terms): every host without an address is void.
    for (const answer of answers) if (answer.kind === 'void') {
      const stop = spendVoid(ev, at, node);
      if (stop) return stop;
    }
  }
  for (const [index, answer] of answers.entries()) {
    if (answer.kind !== 'answer') continue;
    const address = matchingAddress(ev.ip, addressesOf(answer.records), m.cidr4, m.cidr6);
    if (address) return { kind: 'match', matched: { address, name: hosts[index]! } };
  }
  return NO_MATCH;
}

async function evaluatePtr(ev: Evaluation, term: MechanismTerm, domain: string, node: TermNode): Promise<Step> {
  const name = await target(ev, term, domain, node);
  const { query, lookup, names } = await ptrNames(ev);
  node.queries.push(query);
  if (lookup.kind === 'void') {
    const stop = spendVoid(ev, refOf(term, domain), node);
    if (stop) return stop;
  }
  // RFC 7208 §5.5: a PTR lookup error is no match; only names at or below the target need validating.
  const valid = await validateNames(ev, names.filter((candidate) => isAtOrBelow(candidate, name)), node.queries);
  return valid[0] ? { kind: 'match', matched: { name: valid[0] } } : NO_MATCH;
}

async function evaluateExists(ev: Evaluation, term: MechanismTerm, domain: string, node: TermNode): Promise<Step> {
  const at = refOf(term, domain);
  const name = await target(ev, term, domain, node);
  // RFC 7208 §5.7: always an A query, whatever the client's address family.
  const lookup = await ev.dns.lookup(name, 'A');
  node.queries.push(traceOf(name, 'A', lookup));
  if (lookup.kind === 'error') return dnsError(lookup, name, at, 'A');
  if (lookup.kind === 'void') return spendVoid(ev, at, node) ?? NO_MATCH;
  return lookup.kind === 'answer' ? { kind: 'match', matched: { address: addressesOf(lookup.records)[0] ?? '' } } : NO_MATCH;
}

function evaluateIp(ip: IpAddress, m: { kind: 'ip4' | 'ip6'; address: string; prefix?: number; network: IpAddress }): Step {
  const prefix = m.prefix ?? (m.kind === 'ip4' ? 32 : 128);
  // A family mismatch never matches (RFC 7208 §5.6); IPv4-mapped clients are IPv4 already (§5 item 9.2).
  return inNetwork(ip, m.network, prefix) ? { kind: 'match', matched: { address: `${m.address}/${prefix}` } } : NO_MATCH;
}

/** Evaluates a mechanism; DNS-querying ones are counted before their lookups (RFC 7208 §4.6.4). */
export async function evaluateMechanism(
  ev: Evaluation,
  term: MechanismTerm,
  domain: string,
  node: TermNode,
  include: IncludeEvaluator,
): Promise<Step> {
  const m = term.mechanism;
  if (m.kind === 'all') return { kind: 'match' };
  if (m.kind === 'ip4' || m.kind === 'ip6') return evaluateIp(ev.ip, m);
  const stop = spendLookup(ev, refOf(term, domain), node);
  if (stop) return stop;
  switch (m.kind) {
    case 'include':
      return include(term, node);
    case 'a':
      return evaluateA(ev, term, m, domain, node);
    case 'mx':
      return evaluateMx(ev, term, m, domain, node);
    case 'ptr':
      return evaluatePtr(ev, term, domain, node);
    case 'exists':
      return evaluateExists(ev, term, domain, node);
  }
}
