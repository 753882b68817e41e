// What every spf.* check says when receivers get permerror before reading any term: more than one SPF record (RFC 7208 §4.5).
import type { CheckContext, Verdict } from '../../engine/types.js';
import type { SpfFacts } from './facts.js';
import { checkedLine, mergeRecords } from './suggest.js';
import type { SpfReason } from '../../spf/index.js';

/** The top record's own syntax error: every evaluation is permerror before any term (RFC 7208 §4.6), whoever sends. */
export function topSyntaxError(ctx: CheckContext, facts: SpfFacts): (SpfReason & { code: 'syntax' }) | undefined {
  const reason = facts.analysis?.tree.reason;
  return reason?.code === 'syntax' && reason.domain.toLowerCase() === ctx.domain.toLowerCase() ? reason : undefined;
}

/** The start of each check's `multiple` message; the check adds what it means for what it verifies. */
export const MULTIPLE_RECORDS = '{domain} publishes {count} SPF records, so receivers return permerror for every sender without reading any of them (RFC 7208 §4.5)';

/** The remedy: one record in their place, the same one spf.present shows. */
export const MERGE_REMEDY = 'Publish one record in their place (the one spf.present suggests):\n{line}';

/** The verdict (`fail` unless told) a check returns when the domain has several SPF records, or undefined when it has at most one. */
export async function multipleRecords(ctx: CheckContext, facts: SpfFacts, status: 'fail' | 'warn' = 'fail'): Promise<Verdict<'multiple', 'merge'> | undefined> {
  if (facts.records.length < 2) return undefined;
  return {
    status,
    message: 'multiple',
    remedy: 'merge',
    data: { domain: ctx.domain, count: facts.records.length, line: await checkedLine(ctx, mergeRecords(facts.records)) },
    evidence: { records: facts.records },
    observed: facts.observed,
  };
}
