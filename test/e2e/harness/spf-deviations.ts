// Known, RFC-adjudicated ways pyspf 2.0.14 (dnspython) and Mail::SPF 2.9 depart from RFC 7208, each recognised narrowly for the differential tests.
import type { MechanismTerm, RecordNode, SpfCheckResult, TermNode } from '../../../src/spf/index.js';
import { inNetwork, parseAnswerAddress, parseClientIp } from '../../../src/spf/ip.js';
import { parseTerm } from '../../../src/spf/term-parse.js';
import type { Zone, ZoneRecord } from '../../../src/testbed/dns-zone.js';

/** What a deviation needs of a world: the client, and the zone data in the order the test server serves it. */
export interface DeviationWorld {
  ip: string;
  zone: Zone;
}

export type Reference = 'pyspf' | 'mailspf';

/** Every record splitcheck evaluated (top, includes, redirects), in order. */
function evaluatedRecords(node: RecordNode): RecordNode[] {
  return [node, ...node.terms.flatMap((t) => (t.child ? evaluatedRecords(t.child) : []))];
}

const reached = (outcome: string | undefined) => outcome === 'match' || outcome === 'no-match' || outcome === 'error';

function entries(world: DeviationWorld, name: string): ZoneRecord[] {
  return (world.zone[name] ?? []).filter((e): e is ZoneRecord => typeof e !== 'string');
}

/** The exchanges of `name`'s MX RRset in the order the test server sends them (zone order). */
function servedExchanges(world: DeviationWorld, name: string): string[] {
  return entries(world, name).flatMap((e) => ('MX' in e ? [String(e.MX[1])] : []));
}

/** Whether `host` has an address of the client's family within the term's CIDR of the client (RFC 7208 §5.3, §5.4). */
function hostMatches(world: DeviationWorld, term: TermNode, host: string): boolean {
  const ip = parseClientIp(world.ip);
  const parsed = parseTerm(term.text, 0);
  if (!ip || !parsed.ok || parsed.value.type !== 'mechanism') return false;
  const m = (parsed.value as MechanismTerm).mechanism;
  const prefix = m.kind === 'a' || m.kind === 'mx' ? (ip.family === 4 ? (m.cidr4 ?? 32) : (m.cidr6 ?? 128)) : ip.family === 4 ? 32 : 128;
  const family = ip.family === 4 ? 'A' : 'AAAA';
  return entries(world, host).some((e) => {
    if (!(family in e)) return false;
    const address = parseAnswerAddress(String((e as Record<string, unknown>)[family]));
    return address !== undefined && inNetwork(ip, address, prefix);
  });
}

function hasAddress(world: DeviationWorld, host: string): boolean {
  const family = world.ip.includes(':') ? 'AAAA' : 'A';
  return entries(world, host).some((e) => family in e);
}

/**
 * pyspf counts one lookup per redirect= when it parses a record (spf.py check0: check_lookups() in the modifier
 * loop); Mail::SPF counts it when the record has a result, before looking whether a mechanism matched
 * (Mod/Redirect.pm process: count_dns_interactive_term, then "return" unless neutral-by-default). Either way an
 * unused redirect= counts, even one made unreachable by `all`. RFC 7208 §4.6.4 counts the terms that cause DNS
 * queries, and §6.1 says a redirect is used only when no mechanism matched (and is ignored beside `all`): an
 * unused redirect= queries nothing. So the reference's count on splitcheck's path is at most ours plus the
 * redirects splitcheck never followed; when that passes 10 and ours does not, its permerror is this.
 */
function redirectCountedUnused(ours: SpfCheckResult): boolean {
  const unused = evaluatedRecords(ours.tree).flatMap((r) => r.terms).filter((t) => t.name === 'redirect' && t.outcome === 'not-reached').length;
  return ours.lookups <= 10 && ours.lookups + unused > 10;
}

/**
 * pyspf and Mail::SPF count a void lookup per empty address answer of an MX exchange (spf.py dns(): void_lookups
 * += 1 for every empty result; Mail::SPF Mech.pm match_in_domain: count_void_dns_lookup per host). pyspf looks up
 * every exchange before matching (dns_mx); Mail::SPF goes through them in the order served and stops at the first
 * that matches (Mech/MX.pm). RFC 7208 §4.6.4 limits the number of "terms" whose DNS queries come back empty
 * (NODATA or NXDOMAIN): splitcheck counts a term whose own lookup comes back empty (README, spf.void-limit), so an
 * mx whose MX query answered is not void. Their count can exceed the number of terms, which no reading of §4.6.4
 * allows. (Reading "terms for which DNS queries return" as "any of its queries" would count such an mx once: the
 * name says when the case would be permerror under that reading too.) Recognised when ours plus the empty
 * exchange lookups the reference makes, on splitcheck's path, pass the limit of 2 and ours does not.
 */
function voidPerExchange(world: DeviationWorld, ours: SpfCheckResult, reference: Reference): string | undefined {
  let extra = 0;
  let terms = 0;
  for (const record of evaluatedRecords(ours.tree)) {
    for (const term of record.terms) {
      if (term.name !== 'mx' || !reached(term.outcome) || !term.target) continue;
      let empty = 0;
      for (const host of servedExchanges(world, term.target)) {
        if (reference === 'mailspf' && hostMatches(world, term, host)) break;
        if (!hasAddress(world, host)) empty++;
      }
      extra += empty;
      if (empty > 0) terms++;
    }
  }
  if (ours.voidLookups > 2 || ours.voidLookups + extra <= 2) return undefined;
  // Also over when an mx term counts once for any empty exchange: the case that hangs on how "terms" is read.
  return ours.voidLookups + terms > 2 ? 'void-per-mx-exchange(also-over-if-counted-per-term)' : 'void-per-mx-exchange';
}

/**
 * pyspf rejects `include:<the record's own domain>` when it parses the record ("include has trivial recursion",
 * spf.py validate_mechanism), before evaluating any term. RFC 7208 §4.6 makes only syntax errors fatal up front,
 * and this include is syntactically valid; evaluated in order (§4.6.2), an earlier match decides, and reaching the
 * include loops until the 11th lookup (§4.6.4) — permerror only then. Recognised when a record splitcheck
 * evaluated includes its own domain.
 */
function includesItself(ours: SpfCheckResult): boolean {
  return evaluatedRecords(ours.tree).some((r) =>
    r.terms.some((t) => t.name === 'include' && t.text.replace(/^[-+~?]?include:/i, '').toLowerCase() === r.domain.toLowerCase()),
  );
}

/**
 * Mail::SPF looks the exchanges up one by one in the order served and stops at the first whose address matches
 * (Mech/MX.pm match), so a SERVFAIL on a later exchange is never asked. RFC 7208 §5.4 looks up "each MX name
 * returned" and §5 ends the mechanism with temperror when any of those queries fails; an RRset has no order
 * (RFC 2181 §5), so stopping at the first match makes the result hang on the order a server happens to send.
 * splitcheck gives temperror whatever the order (issue 16). Recognised when splitcheck's temperror is an address
 * lookup of an mx term's exchange and, in the order served, an earlier exchange matches; the zone with that MX
 * RRset cut after the matching exchange is returned, so the caller can check that splitcheck then gives exactly
 * the reference's result.
 */
function mxStopsAtFirstMatch(world: DeviationWorld, ours: SpfCheckResult): Zone | undefined {
  const reason = ours.reason;
  if (ours.result !== 'temperror' || reason?.code !== 'dns-error' || !reason.at || (reason.type !== 'A' && reason.type !== 'AAAA')) return undefined;
  const at = reason.at;
  const term = evaluatedRecords(ours.tree)
    .filter((r) => r.domain === at.domain)
    .flatMap((r) => r.terms)
    .find((t) => t.name === 'mx' && t.position === at.position && t.outcome === 'error');
  if (!term?.target) return undefined;
  const served = servedExchanges(world, term.target);
  const failed = served.indexOf(reason.name);
  const match = served.slice(0, Math.max(failed, 0)).findIndex((host) => hostMatches(world, term, host));
  if (failed <= 0 || match < 0) return undefined;
  const keep = new Set(served.slice(0, match + 1));
  const cut = (world.zone[term.target] ?? []).filter((e) => typeof e === 'string' || !('MX' in e) || keep.has(String(e.MX[1])));
  return { ...world.zone, [term.target]: cut };
}

/**
 * Mail::SPF compares an IPv4 client to ip6 networks as the IPv4-mapped IPv6 address (Mech/IP6.pm: ip_address_v6),
 * so `ip6:::/0` matches every IPv4 client. RFC 7208 §5 (item 9.2 of the list) makes an IPv4 client, mapped or
 * not, match ip4 mechanisms only; the openspf suite's cidr6-0-ip4 tests exactly this (neutral). Recognised when
 * splitcheck went past such an ip6 term for an IPv4 client; the zone returned has each of them written as the ip4
 * network they cover, so the caller can check that splitcheck then gives exactly the reference's result.
 */
function ip6MatchesIp4(world: DeviationWorld, ours: SpfCheckResult): Zone | undefined {
  const client = parseClientIp(world.ip);
  if (!client || client.family !== 4) return undefined;
  const mapped = parseClientIp(`::ffff:${world.ip}`);
  const v6 = mapped && mapped.family === 6 ? mapped : { family: 6 as const, bytes: [...Array(10).fill(0), 0xff, 0xff, ...client.bytes] };
  let zone: Zone | undefined;
  for (const record of evaluatedRecords(ours.tree)) {
    for (const term of record.terms) {
      if (term.name !== 'ip6' || term.outcome !== 'no-match') continue;
      const parsed = parseTerm(term.text, 0);
      if (!parsed.ok || parsed.value.type !== 'mechanism' || parsed.value.mechanism.kind !== 'ip6') continue;
      const m = parsed.value.mechanism;
      const network = parseAnswerAddress(m.address);
      const prefix = m.prefix ?? 128;
      if (!network || !inNetwork(v6, network, prefix)) continue;
      const v4 = prefix <= 96 ? 'ip4:0.0.0.0/0' : `ip4:${network.bytes.slice(12).join('.')}/${prefix - 96}`;
      const qualifier = term.text.match(/^[+\-~?]/)?.[0] ?? '';
      const base = zone ?? world.zone;
      const entries = (base[record.domain] ?? []).map((e) =>
        typeof e !== 'string' && 'TXT' in e && typeof e.TXT === 'string' ? { ...e, TXT: e.TXT.split(' ').map((t) => (t === term.text ? `${qualifier}${v4}` : t)).join(' ') } : e,
      );
      zone = { ...base, [record.domain]: entries };
    }
  }
  return zone;
}

/** splitcheck's check_host() of the same client and domain over another zone (a counterfactual world). */
export type Counterfactual = (zone: Zone) => Promise<SpfCheckResult>;

const MAX_COUNTERFACTUALS = 4;

/**
 * The name of the deviation of `reference` that explains its `theirs` against splitcheck's `ours`, or undefined.
 * `counterfactual` re-evaluates with splitcheck over a changed zone, for deviations that change the path.
 */
export async function explainDeviation(
  world: DeviationWorld,
  ours: SpfCheckResult,
  theirs: string,
  reference: Reference,
  counterfactual: Counterfactual,
  depth = 0,
): Promise<string | undefined> {
  if (reference === 'mailspf' && depth < MAX_COUNTERFACTUALS) {
    const widened = ip6MatchesIp4(world, ours);
    if (widened) {
      const read = await counterfactual(widened);
      if (read.result === theirs) return 'ip6-matches-ipv4-client';
    }
    const cut = mxStopsAtFirstMatch(world, ours);
    if (cut) {
      const read = await counterfactual(cut);
      if (read.result === theirs) return 'mx-stops-at-first-match';
      const other = await explainDeviation({ ...world, zone: cut }, read, theirs, reference, counterfactual, depth + 1);
      return other ? `mx-stops-at-first-match+${other}` : undefined;
    }
  }
  if (theirs !== 'permerror' || ours.result === 'permerror') return undefined;
  if (reference === 'pyspf' && includesItself(ours)) return 'include-self-rejected-at-parse';
  if (redirectCountedUnused(ours)) return 'unused-redirect-counted';
  return voidPerExchange(world, ours, reference);
}
