// Warms the lookups a record's terms will need, concurrently and bounded, so a tree costs its depth in round trips.

import { DNS_MECHANISMS, type SpfRecord } from './ast.js';
import { MAX_MX_NAMES } from './constants.js';
import { exchangesOf } from './dns.js';
import type { RecordSource } from './fetch-record.js';
import { inNetwork, type IpAddress } from './ip.js';
import { staticDomain, staticMechanismTarget } from './static-target.js';

export interface PrefetchScope {
  source: RecordSource;
  /** Address types the walk will ask for: the client's family in check_host(), both in an analysis. */
  families: readonly ('A' | 'AAAA')[];
  /** The client address, when known: terms after an `ip4`/`ip6` it matches are never reached. */
  ip?: IpAddress;
  /** Lookups a walk may spend: a term that would be lookup number maxRank + 1 is never evaluated. */
  maxRank: number;
  maxDepth: number;
  /** Also warm the exp= text of records that can fail (check_host() reports it, RFC 7208 §6.2). */
  explanations?: boolean;
  /** Lowest rank each domain was walked at (a lower rank may reach more terms). */
  walked: Map<string, number>;
}

export function createPrefetchScope(source: RecordSource, options: Omit<PrefetchScope, 'source' | 'walked'>): PrefetchScope {
  return { source, walked: new Map(), ...options };
}

function surelyMatches(ip: IpAddress, kind: 'ip4' | 'ip6', network: IpAddress, prefix: number | undefined): boolean {
  return inNetwork(ip, network, prefix ?? (kind === 'ip4' ? 32 : 128));
}

function warmRecord(scope: PrefetchScope, domain: string, via: 'include' | 'redirect', rank: number, depth: number): void {
  if (depth > scope.maxDepth || !scope.source.dns.warm(domain, 'TXT')) return;
  void scope.source.fetch(domain).then((fetched) => {
    if (fetched.kind === 'record') prefetchRecord(scope, fetched.record, domain, via, rank, depth);
  });
}

function warmMx(scope: PrefetchScope, name: string): void {
  if (!scope.source.dns.warm(name, 'MX')) return;
  void scope.source.dns.lookup(name, 'MX').then((lookup) => {
    if (lookup.kind !== 'answer') return;
    const hosts = exchangesOf(lookup.records).filter((mx) => mx.exchange !== '');
    // More than 10 MX names is a permerror (RFC 7208 §4.6.4): their addresses are never needed.
    if (hosts.length > MAX_MX_NAMES) return;
    for (const { exchange } of hosts) for (const type of scope.families) scope.source.dns.warm(exchange, type);
  });
}

/**
 * Starts, without awaiting, the lookups of `record` (found at `domain`) that do not depend on the
 * sender or the IP: include/redirect targets' records (recursively), `a` addresses, `mx` names and
 * their addresses, fixed `exists` names. `rank` is the fewest lookups any walk spends before this
 * record, so nothing is warmed that an evaluation within the limits of RFC 7208 §4.6.4 cannot reach;
 * the query budget of the SpfDns caps the rest. Results are only cached: the evaluation stays in RFC order.
 */
export function prefetchRecord(
  scope: PrefetchScope,
  record: SpfRecord,
  domain: string,
  via: 'top' | 'include' | 'redirect',
  rank: number,
  depth: number,
): void {
  const key = domain.toLowerCase();
  if ((scope.walked.get(key) ?? Infinity) <= rank) return;
  scope.walked.set(key, rank);
  // An included record's exp= is never used (RFC 7208 §6.2); the top's or a redirect target's may be.
  if (scope.explanations && via !== 'include' && record.exp && record.mechanisms.some((term) => term.qualifier === '-')) {
    const text = staticDomain(record.exp.value, domain);
    if (text !== undefined) scope.source.dns.warm(text, 'TXT');
  }
  let spent = rank;
  for (const { mechanism } of record.mechanisms) {
    // Nothing after `all` is evaluated, and a redirect beside it is ignored (RFC 7208 §6.1).
    if (mechanism.kind === 'all') return;
    if ((mechanism.kind === 'ip4' || mechanism.kind === 'ip6') && scope.ip) {
      if (surelyMatches(scope.ip, mechanism.kind, mechanism.network, mechanism.prefix)) return;
    }
    if (!DNS_MECHANISMS.has(mechanism.kind)) continue;
    if (spent >= scope.maxRank) return;
    spent++;
    const target = staticMechanismTarget(mechanism, domain);
    if (target === undefined) continue;
    const dns = scope.source.dns;
    if (mechanism.kind === 'include') warmRecord(scope, target, 'include', spent, depth + 1);
    else if (mechanism.kind === 'a') for (const type of scope.families) dns.warm(target, type);
    else if (mechanism.kind === 'mx') warmMx(scope, target);
    else if (mechanism.kind === 'exists') dns.warm(target, 'A');
  }
  if (record.redirect && spent < scope.maxRank) {
    const target = staticDomain(record.redirect.value, domain);
    if (target !== undefined) warmRecord(scope, target, 'redirect', spent + 1, depth + 1);
  }
}
