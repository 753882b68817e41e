// check_host() proper (RFC 7208 §4): fetch and parse the record, evaluate mechanisms in order, include (§5.2), redirect (§6.1).

import type { MechanismTerm, Qualifier, SpfRecord } from './ast.js';
import { refOf, expandTarget, spendLookup, type Evaluation, type Step } from './evaluation.js';
import { fetchOutcome } from './fetch-record.js';
import { evaluateMechanism } from './mechanisms.js';
import { prefetchRecord } from './prefetch.js';
import { termNode } from './tree.js';
import type { RecordNode, SpfReason, SpfResult, TermNode } from './result.js';

/** RFC 7208 §4.6.2. */
const QUALIFIER_RESULT: Record<Qualifier, SpfResult> = { '+': 'pass', '-': 'fail', '~': 'softfail', '?': 'neutral' };

export interface Evaluated {
  result: SpfResult;
  reason?: SpfReason;
  /** The record whose mechanism gave `fail`: its exp= is the one used (RFC 7208 §6.2), across redirects only. */
  failedIn?: { record: SpfRecord; domain: string; node: RecordNode };
  node: RecordNode;
}

type Outcome = Omit<Evaluated, 'node'>;

/** check_host() of a nested domain, with loop bookkeeping; recursion is bounded by the lookup limit. */
async function descend(ev: Evaluation, target: string, via: 'include' | 'redirect', path: string[], node: TermNode): Promise<Evaluated> {
  const key = target.toLowerCase();
  if (path.includes(key)) {
    // The loop still ends at the 11th lookup (RFC 7208 §4.6.4); remembering it makes that error explain itself.
    node.loop = true;
    ev.loop ??= [...path, key];
  }
  const child = await evaluateDomain(ev, target, via, [...path, key]);
  node.child = child.node;
  node.lookups += child.node.lookups;
  return child;
}

/** RFC 7208 §5.2: pass matches; fail, softfail, neutral do not; errors propagate; none is permerror. */
async function evaluateInclude(ev: Evaluation, term: MechanismTerm, domain: string, path: string[], node: TermNode): Promise<Step> {
  if (term.mechanism.kind !== 'include') return { kind: 'no-match' };
  const target = await expandTarget(ev, term.mechanism.domain, domain, node);
  const child = await descend(ev, target, 'include', path, node);
  switch (child.result) {
    case 'pass':
      return { kind: 'match', matched: { name: target } };
    case 'fail':
    case 'softfail':
    case 'neutral':
      return { kind: 'no-match' };
    case 'none':
      return { kind: 'abort', result: 'permerror', reason: { code: 'include-none', at: refOf(term, domain), target, cause: child.reason! } };
    case 'temperror':
    case 'permerror':
      return { kind: 'abort', result: child.result, reason: child.reason! };
  }
}

/** RFC 7208 §6.1: the target's result replaces this record's; none becomes permerror; this record's exp= is dropped. */
async function followRedirect(ev: Evaluation, record: SpfRecord, domain: string, path: string[], node: TermNode): Promise<Outcome> {
  const redirect = record.redirect!;
  const stop = spendLookup(ev, refOf(redirect, domain), node);
  if (stop?.kind === 'abort') {
    node.outcome = 'error';
    return { result: stop.result, reason: stop.reason };
  }
  const target = await expandTarget(ev, redirect.value, domain, node);
  const child = await descend(ev, target, 'redirect', path, node);
  if (child.result === 'none') {
    return { result: 'permerror', reason: { code: 'redirect-none', at: refOf(redirect, domain), target, cause: child.reason! } };
  }
  const { node: _child, ...outcome } = child;
  return outcome;
}

function stepOutcome(step: Step, term: MechanismTerm, record: SpfRecord, domain: string, node: RecordNode): Outcome | undefined {
  if (step.kind === 'no-match') return undefined;
  if (step.kind === 'abort') return { result: step.result, reason: step.reason };
  const result = QUALIFIER_RESULT[term.qualifier];
  return result === 'fail' ? { result, failedIn: { record, domain, node } } : { result };
}

/** check_host(<ip>, <domain>, <sender>) for one domain; `path` holds the domains from the top down to this one. */
export async function evaluateDomain(ev: Evaluation, domain: string, via: RecordNode['via'], path: string[]): Promise<Evaluated> {
  const node: RecordNode = { domain, via, terms: [], lookups: 0, voidLookups: 0 };
  const lookupsBefore = ev.lookups;
  const voidsBefore = ev.voids;
  const done = (outcome: Outcome): Evaluated => {
    node.result = outcome.result;
    if (outcome.reason) node.reason = outcome.reason;
    node.lookups = ev.lookups - lookupsBefore;
    node.voidLookups = ev.voids - voidsBefore;
    return { ...outcome, node };
  };
  const fetched = await ev.source.fetch(domain);
  if (fetched.query) node.query = fetched.query;
  if (fetched.kind !== 'record') return done(fetchOutcome(domain, fetched));
  const record = fetched.record;
  node.record = record.text;
  if (ev.prefetch) prefetchRecord(ev.prefetch, record, domain, via, ev.lookups, path.length - 1);

  let decided: Outcome | undefined;
  let redirectNode: TermNode | undefined;
  for (const term of record.terms) {
    const tnode = termNode(term);
    node.terms.push(tnode);
    if (term.type === 'modifier') {
      tnode.outcome = term === record.redirect ? 'not-reached' : 'ignored';
      if (term === record.redirect) redirectNode = tnode;
      continue;
    }
    if (decided) {
      tnode.outcome = 'not-reached';
      continue;
    }
    const step = await evaluateMechanism(ev, term, domain, tnode, (include, n) => evaluateInclude(ev, include, domain, path, n));
    tnode.outcome = step.kind === 'match' ? 'match' : step.kind === 'no-match' ? 'no-match' : 'error';
    if (step.kind === 'match' && step.matched) tnode.matched = step.matched;
    decided = stepOutcome(step, term, record, domain, node);
  }
  if (decided) return done(decided);
  if (redirectNode) {
    redirectNode.outcome = 'followed';
    return done(await followRedirect(ev, record, domain, path, redirectNode));
  }
  return done({ result: 'neutral' }); // RFC 7208 §4.7: no match, no redirect
}
