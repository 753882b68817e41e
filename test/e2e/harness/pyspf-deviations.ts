// Known, RFC-adjudicated ways pyspf 2.0.14 (dnspython driver) departs from RFC 7208, each recognised narrowly for the differential test.
import type { RecordNode, SpfCheckResult } from '../../../src/spf/index.js';
import type { SpfWorld } from './spf-worlds.js';

/** Every record splitcheck evaluated (top, includes, redirects), in order. */
function evaluatedRecords(node: RecordNode): RecordNode[] {
  return [node, ...node.terms.flatMap((t) => (t.child ? evaluatedRecords(t.child) : []))];
}

const reached = (outcome: string | undefined) => outcome === 'match' || outcome === 'no-match' || outcome === 'error';

/**
 * pyspf counts one lookup per redirect= when it parses a record (spf.py check0: check_lookups() in the modifier
 * loop), even when a mechanism then matches or an `all` makes the redirect unreachable. RFC 7208 §4.6.4 counts
 * the terms that cause DNS queries, and §6.1 says a redirect is used only when no mechanism matched (and is
 * ignored beside `all`): an unused redirect= queries nothing. So pyspf's count on splitcheck's path is ours plus
 * the redirects splitcheck never followed; when that passes 10 and ours does not, pyspf's permerror is this.
 */
function redirectCountedUnused(ours: SpfCheckResult): boolean {
  const unused = evaluatedRecords(ours.tree).flatMap((r) => r.terms).filter((t) => t.name === 'redirect' && t.outcome === 'not-reached').length;
  return ours.lookups <= 10 && ours.lookups + unused > 10;
}

/**
 * pyspf counts a void lookup per empty DNS answer (spf.py dns(): void_lookups += 1 for every empty result),
 * so each MX exchange without an address of the client's family counts one, and it looks all of them up before
 * matching (dns_mx). RFC 7208 §4.6.4 limits the number of "terms" whose DNS queries come back empty (NODATA or
 * NXDOMAIN): splitcheck counts a term whose own lookup comes back empty (README, spf.void-limit), so an mx whose
 * MX query answered is not void. pyspf's count can exceed the number of terms, which no reading of §4.6.4 allows.
 * (Reading "terms for which DNS queries return" as "any of its queries" would count such an mx once: the name
 * says when the case would be permerror under that reading too.) Recognised when ours plus those empty exchange
 * lookups, on splitcheck's path, pass the limit of 2 and ours does not.
 */
function voidPerExchange(world: SpfWorld, ours: SpfCheckResult): string | undefined {
  const family = world.ip.includes(':') ? 'AAAA' : 'A';
  let extra = 0;
  let terms = 0;
  for (const record of evaluatedRecords(ours.tree)) {
    for (const term of record.terms) {
      if (term.name !== 'mx' || !reached(term.outcome) || !term.target) continue;
      let empty = 0;
      for (const entry of world.zone[term.target] ?? []) {
        if (typeof entry === 'string' || !('MX' in entry)) continue;
        const host = entry.MX[1];
        if (!(world.zone[host] ?? []).some((e) => typeof e !== 'string' && family in e)) empty++;
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

/** The name of the deviation that explains pyspf's `theirs` against splitcheck's `ours`, or undefined. */
export function explainDeviation(world: SpfWorld, ours: SpfCheckResult, theirs: string): string | undefined {
  if (theirs !== 'permerror' || ours.result === 'permerror') return undefined;
  if (includesItself(ours)) return 'include-self-rejected-at-parse';
  if (redirectCountedUnused(ours)) return 'unused-redirect-counted';
  return voidPerExchange(world, ours);
}
