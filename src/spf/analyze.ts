// Whole-tree SPF analysis, independent of any IP: every include/redirect walked, lookups counted, problems found, bounded.

import type { DnsClient, RRType } from '../dns/types.js';
import type { MacroString, Qualifier, SpfRecord, Term } from './ast.js';
import { DNS_MECHANISMS } from './ast.js';
import { ANALYSIS_MAX_DEPTH, ANALYSIS_MAX_LOOKUPS, MAX_ANALYSIS_PREFETCH_QUERIES, MAX_MX_NAMES } from './constants.js';
import { exchangesOf, SpfDns, traceOf, type Lookup } from './dns.js';
import { withoutTrailingDot } from './domain-name.js';
import { refOf } from './evaluation.js';
import { fetchOutcome, RecordSource, type RecordFetch } from './fetch-record.js';
import { createPrefetchScope, prefetchRecord, type PrefetchScope } from './prefetch.js';
import type { RecordNode, SpfReason, TermNode, TermRef } from './result.js';
import { staticDomain, staticMechanismTarget } from './static-target.js';
import { termNode } from './tree.js';
import { parseRecordLenient } from './record-parse.js';

export interface AnalyzeOptions {
  signal?: AbortSignal;
  /** Start each record's lookups as soon as it is parsed (default true). */
  prefetch?: boolean;
}

/** One include or redirect reached in the tree: what it costs, for "flatten this include". */
export interface IncludeUse {
  kind: 'include' | 'redirect';
  target: string;
  /** The domain whose record holds the term. */
  from: string;
  term: string;
  position: number;
  /** 1 for a term of the top record, 2 for one in a record it includes, ... */
  depth: number;
  /** DNS-querying terms this term costs: itself and everything below it. */
  lookups: number;
  /**
   * A `pass` inside the target makes the top record `pass` only when every include on the way is `+`: a
   * `-include:`/`~include:`/`?include:` turns it into fail/softfail/neutral (RFC 7208 §5.2, §4.6.2); a
   * redirect passes its target's result on unchanged (§6.1). This is the first such term on the path
   * (e.g. "~include:vendor.example"), absent when the target's pass is the record's pass.
   */
  weakenedBy?: string;
}

export interface SpfAnalysis {
  domain: string;
  /** How fetching the top record went (RFC 7208 §4.3–§4.6). */
  status: RecordFetch['kind'];
  record?: string;
  tree: RecordNode;
  /** DNS-querying terms in every reachable part of the tree (RFC 7208 §4.6.4 counts per evaluation; this is all branches). */
  lookups: number;
  /** The walk stopped early (lookup or depth bound), or a macro hides an include's target: the true count is at least `lookups`. */
  lookupsAtLeast: boolean;
  /** Terms whose lookup found nothing (with no IP, an `a` is void when neither A nor AAAA exists). */
  voidLookups: number;
  /**
   * Void lookups an evaluation for an IPv4 or an IPv6 client meets going through every reachable term: an `a`
   * whose name has only A records is void for every IPv6 client (RFC 7208 §5.3 asks AAAA), so the two differ.
   * The worst case of the whole tree, not what a given sender meets (it stops at its first match).
   */
  voidLookupsByFamily: { ipv4: number; ipv6: number };
  /** The qualifier of the top record's `all`, undefined when it has none. */
  all?: Qualifier;
  /** The `all` that ends evaluation, following redirects from the top record. */
  effectiveAll?: { qualifier: Qualifier; domain: string };
  /** Every include and redirect reached, in walk order. */
  includes: IncludeUse[];
  /** Problems anywhere in the tree (syntax errors with their position, missing records, loops, limits, ...). */
  problems: SpfReason[];
  /** Include/redirect chains that come back to a domain on their own path. */
  loops: string[][];
  /** DNS questions sent (prefetch included). */
  queries: number;
}

interface Walk {
  source: RecordSource;
  scope?: PrefetchScope;
  lookups: number;
  voids: number;
  voids4: number;
  voids6: number;
  stopped: boolean;
  atLeast: boolean;
  includes: IncludeUse[];
  problems: SpfReason[];
  loops: string[][];
}

const FAMILIES: readonly ('A' | 'AAAA')[] = ['A', 'AAAA'];

/** Counts a void or reports a DNS error for a term's own lookups. */
function judgeLookups(w: Walk, at: TermRef, node: TermNode, name: string, answers: Array<[RRType, Lookup]>): Lookup[] {
  for (const [type, lookup] of answers) {
    node.queries.push(traceOf(name, type, lookup));
    if (lookup.kind === 'error') {
      w.problems.push({
        code: 'dns-error', domain: at.domain, name, type, status: lookup.status,
        ...(lookup.code ? { dnsCode: lookup.code } : {}), ...(lookup.detail ? { detail: lookup.detail } : {}), at,
      });
    }
  }
  if (answers.every(([, lookup]) => lookup.kind === 'void')) {
    w.voids++;
    node.void = true;
  }
  // An `a` asks a client's own address type only (RFC 7208 §5.3); `mx` and `exists` ask the same for both families.
  const byType = new Map(answers);
  const single = answers.length === 1 ? answers[0]![1] : undefined;
  if ((single ?? byType.get('A'))?.kind === 'void') w.voids4++;
  if ((single ?? byType.get('AAAA'))?.kind === 'void') w.voids6++;
  return answers.map(([, lookup]) => lookup);
}

async function inspectMechanism(w: Walk, term: Term & { type: 'mechanism' }, domain: string, node: TermNode): Promise<void> {
  const m = term.mechanism;
  const at = refOf(term, domain);
  if (m.kind === 'ptr') {
    w.problems.push({ code: 'ptr-used', at });
    return;
  }
  const name = staticMechanismTarget(m, domain);
  if (name === undefined) return; // depends on the sender or the IP: nothing fixed to look up
  node.target = name;
  const dns = w.source.dns;
  if (m.kind === 'a') {
    const answers = await Promise.all(FAMILIES.map(async (type) => [type, await dns.lookup(name, type)] as [RRType, Lookup]));
    judgeLookups(w, at, node, name, answers);
  } else if (m.kind === 'exists') {
    judgeLookups(w, at, node, name, [['A', await dns.lookup(name, 'A')]]);
  } else if (m.kind === 'mx') {
    const [lookup] = judgeLookups(w, at, node, name, [['MX', await dns.lookup(name, 'MX')]]);
    const count = lookup?.kind === 'answer' ? exchangesOf(lookup.records).length : 0;
    if (count > MAX_MX_NAMES) w.problems.push({ code: 'mx-limit', at, count, limit: MAX_MX_NAMES });
  }
}

async function follow(
  w: Walk,
  spec: MacroString,
  kind: 'include' | 'redirect',
  term: Term,
  domain: string,
  node: TermNode,
  path: string[],
  depth: number,
  weakenedBy: string | undefined,
): Promise<void> {
  const at = refOf(term, domain);
  const target = staticDomain(spec, domain);
  if (target === undefined) {
    // Its record depends on the sender or the client: whatever it costs is unknown, so the count is a lower bound.
    w.problems.push({ code: 'dynamic-target', at });
    w.atLeast = true;
    return;
  }
  node.target = target;
  const weakened = weakenedBy ?? (term.type === 'mechanism' && term.qualifier !== '+' ? term.text : undefined);
  const use: IncludeUse = { kind, target, from: domain, term: term.text, position: term.position, depth: depth + 1, lookups: 1 };
  if (weakened !== undefined) use.weakenedBy = weakened;
  w.includes.push(use);
  const key = target.toLowerCase();
  if (path.includes(key)) {
    node.loop = true;
    const chain = [...path, key];
    w.loops.push(chain);
    w.problems.push({ code: 'loop', at, chain });
    return;
  }
  if (depth + 1 > ANALYSIS_MAX_DEPTH) {
    w.atLeast = true;
    w.problems.push({ code: 'depth-limit', domain: target, depth: depth + 1, limit: ANALYSIS_MAX_DEPTH });
    return;
  }
  const child = await walkRecord(w, target, kind, [...path, key], depth + 1, weakened);
  node.child = child;
  node.lookups += child.lookups;
  use.lookups = node.lookups;
  // check_host() of a target without a record is none, which include and redirect turn into permerror (§5.2, §6.1).
  if (child.reason && (child.reason.code === 'no-record' || child.reason.code === 'malformed-domain')) {
    w.problems.push({ code: kind === 'include' ? 'include-none' : 'redirect-none', at, target, cause: child.reason });
  }
}

function reachability(record: SpfRecord): (term: Term, index: number) => boolean {
  const allIndex = record.terms.findIndex((t) => t.type === 'mechanism' && t.mechanism.kind === 'all');
  // Nothing after `all` is evaluated; a redirect is ignored when the record has `all` (RFC 7208 §6.1).
  return (term, index) => (term.type === 'modifier' && term.name === 'redirect' ? allIndex < 0 : allIndex < 0 || index <= allIndex);
}

function countsLookup(term: Term): boolean {
  return term.type === 'mechanism' ? DNS_MECHANISMS.has(term.mechanism.kind) : term.name === 'redirect';
}

async function walkRecord(w: Walk, domain: string, via: RecordNode['via'], path: string[], depth: number, weakenedBy?: string): Promise<RecordNode> {
  const node: RecordNode = { domain, via, terms: [], lookups: 0, voidLookups: 0 };
  const lookupsBefore = w.lookups;
  const voidsBefore = w.voids;
  const fetched = await w.source.fetch(domain);
  if (fetched.query) node.query = fetched.query;
  let record: SpfRecord;
  if (fetched.kind === 'record') {
    record = fetched.record;
  } else {
    const { reason } = fetchOutcome(domain, fetched);
    node.reason = reason;
    if (fetched.kind !== 'none') w.problems.push(reason);
    // A typo in the domain's own record (`ipv4:`) is reported once, as the syntax error it is (node.reason);
    // the rest of the record is still walked, so that its `all`, its includes and its lookups are judged
    // from what is written instead of as if the record were empty ("no all", "no Microsoft include").
    if (fetched.kind !== 'syntax' || via !== 'top') return node;
    record = parseRecordLenient(fetched.text);
  }
  node.record = record.text;
  if (w.scope) prefetchRecord(w.scope, record, domain, via, w.lookups, depth);
  const reachable = reachability(record);
  for (const [index, term] of record.terms.entries()) {
    const tnode = termNode(term);
    node.terms.push(tnode);
    tnode.reachable = reachable(term, index);
    if (!tnode.reachable || w.stopped || !countsLookup(term)) continue;
    if (w.lookups >= ANALYSIS_MAX_LOOKUPS) {
      w.stopped = true;
      w.atLeast = true;
      w.problems.push({ code: 'walk-limit', at: refOf(term, domain), limit: ANALYSIS_MAX_LOOKUPS });
      continue;
    }
    w.lookups++;
    tnode.lookups = 1;
    if (term.type === 'modifier') await follow(w, term.value, 'redirect', term, domain, tnode, path, depth, weakenedBy);
    else if (term.mechanism.kind === 'include') await follow(w, term.mechanism.domain, 'include', term, domain, tnode, path, depth, weakenedBy);
    else await inspectMechanism(w, term, domain, tnode);
  }
  node.lookups = w.lookups - lookupsBefore;
  node.voidLookups = w.voids - voidsBefore;
  return node;
}

function allOf(node: RecordNode): Qualifier | undefined {
  return node.terms.find((t) => t.type === 'mechanism' && t.name === 'all')?.qualifier;
}

/** The `all` that ends evaluation: the record's own, or its redirect target's (RFC 7208 §6.1), loops cut. */
function effectiveAll(node: RecordNode, seen = new Set<RecordNode>()): { qualifier: Qualifier; domain: string } | undefined {
  if (seen.has(node)) return undefined;
  seen.add(node);
  const own = allOf(node);
  if (own) return { qualifier: own, domain: node.domain };
  const redirect = node.terms.find((t) => t.type === 'modifier' && t.name === 'redirect')?.child;
  return redirect ? effectiveAll(redirect, seen) : undefined;
}

/**
 * Walks the whole SPF tree of `domain` in RFC order, depth first, with every record's lookups
 * prefetched as soon as it is parsed (so it costs the tree's depth in round trips). Stops counting at
 * ANALYSIS_MAX_LOOKUPS and descending at ANALYSIS_MAX_DEPTH, flagging the count as a lower bound.
 */
export async function analyzeSpf(domain: string, dns: DnsClient, options: AnalyzeOptions = {}): Promise<SpfAnalysis> {
  const name = withoutTrailingDot(domain);
  const spfDns = new SpfDns(dns, { warmLimit: MAX_ANALYSIS_PREFETCH_QUERIES, ...(options.signal ? { signal: options.signal } : {}) });
  const source = new RecordSource(spfDns);
  const w: Walk = { source, lookups: 0, voids: 0, voids4: 0, voids6: 0, stopped: false, atLeast: false, includes: [], problems: [], loops: [] };
  if (options.prefetch !== false) {
    w.scope = createPrefetchScope(source, { families: FAMILIES, maxRank: ANALYSIS_MAX_LOOKUPS, maxDepth: ANALYSIS_MAX_DEPTH });
  }
  const tree = await walkRecord(w, name, 'top', [name.toLowerCase()], 0);
  spfDns.close();
  const analysis: SpfAnalysis = {
    domain: name,
    status: (await source.fetch(name)).kind,
    tree,
    lookups: w.lookups,
    lookupsAtLeast: w.atLeast,
    voidLookups: w.voids,
    voidLookupsByFamily: { ipv4: w.voids4, ipv6: w.voids6 },
    includes: w.includes,
    problems: w.problems,
    loops: w.loops,
    queries: spfDns.sent,
  };
  if (tree.record !== undefined) analysis.record = tree.record;
  const all = allOf(tree);
  if (all) analysis.all = all;
  const effective = effectiveAll(tree);
  if (effective) analysis.effectiveAll = effective;
  return analysis;
}

/**
 * True when an include or redirect anywhere in the tree names `target` (e.g. spf.protection.outlook.com);
 * with `authorizing`, only when it is reached through `+` includes, so that its pass is the record's pass.
 */
export function reachesDomain(analysis: SpfAnalysis, target: string, options: { authorizing?: boolean } = {}): boolean {
  const wanted = withoutTrailingDot(target).toLowerCase();
  return analysis.includes.some((use) => withoutTrailingDot(use.target).toLowerCase() === wanted && (!options.authorizing || use.weakenedBy === undefined));
}
