// spf.m365-include: Microsoft's SPF include is reached, and mail from Microsoft 365's own addresses (IPv4 and IPv6) passes as receivers evaluate it.
import { defineCheck } from '../../engine/define.js';
import type { Check, Verdict } from '../../engine/types.js';
import { CLOUDS } from '../../knowledge/clouds.js';
import { describeReason, reachesDomain, type Term } from '../../spf/index.js';
import { MERGE_REMEDY, MULTIPLE_RECORDS, multipleRecords, topSyntaxError } from './broken.js';
import { expectedInclude, MICROSOFT_INCLUDES } from './context.js';
import { dnsErrors, spfFacts } from './facts.js';
import { describeGroups, describeStrict, describeUse, evaluationEvidence, failAtStrictReceivers, microsoftSenders, observedLines, STRICT_RECEIVERS, stopTerm, whoSends } from './senders.js';
import { checkedLine, RecordDraft } from './suggest.js';
import { DNS_RETRY_REMEDY } from '../../engine/messages.js';

/** The include term's target, lower-case without the trailing dot. */
function includeTarget(term: Term): string | undefined {
  return term.type === 'mechanism' && term.mechanism.kind === 'include' ? term.mechanism.domain.text.replace(/\.$/, '').toLowerCase() : undefined;
}

export const spfM365Include = defineCheck({
  meta: {
    id: 'spf.m365-include',
    title: "Microsoft 365's servers authorized",
    verifies: "Microsoft's SPF include is reached (directly or through nested includes)",
    messages: {
      ok: 'The record reaches include:{found}{path}, and mail from Microsoft 365 passes as receivers evaluate it: {who}, one address per range of {expected} ({use}).',
      okUnsampled: 'The record reaches include:{found}{path}. No Microsoft 365 address was evaluated: {problem}.',
      otherCloud: 'The record reaches include:{found}, but the MX is in {cloud}, whose servers are covered by include:{expected}.{evaluations}',
      missing:
        'The record does not include {expected}: mail sent from Microsoft 365 mailboxes fails SPF, so it lands in spam or is rejected (and DMARC fails unless DKIM aligns).{evaluations}',
      notAuthorizing:
        'The record reaches include:{found} only through "{term}": that qualifier turns Microsoft\'s pass into {result}, so mail sent from Microsoft 365 mailboxes does not pass SPF.{evaluations}',
      notPassing:
        'The record reaches include:{found}{path}, but mail from {who} does not pass SPF as receivers evaluate it: {evaluations}.',
      flattened:
        'Mail from Microsoft 365 passes ({evaluations}), but not through include:{expected}{how}: what makes it pass (ranges copied by hand, a broad range, an +all) does not follow Microsoft, which changes its ranges without notice.',
      broken: 'Mail from Microsoft 365 gets permerror from receivers, whatever the record says about it: {problem} (see spf.syntax).',
      strictReceivers: `The record reaches include:{found}{path} and mail from Microsoft 365 passes as RFC 7208 counts, but receivers running pyspf or Mail::SPF return permerror for {who}: {evaluations}. ${STRICT_RECEIVERS}.`,
      noRecord: 'No SPF record to examine (see spf.present).',
      multiple: `${MULTIPLE_RECORDS}: mail from Microsoft 365 does not pass SPF.`,
      unverified: 'Part of the include tree could not be read ({problem}), and {expected} was not found in the rest.',
      unverifiedSender: 'SPF could not be evaluated for {who}: {evaluations}.',
      unverifiedRanges: "The record reaches include:{found}, but Microsoft's own record could not be read ({problem}), so no Microsoft 365 address was evaluated.",
    },
    remedies: {
      add: 'At your DNS host, publish the record with the include added:\n{line}',
      fixRecord: 'Publish the corrected record:\n{line}',
      fixSyntax: 'Correct the record as spf.syntax says; include:{expected} stays in it.',
      first: 'Put include:{expected} first, so receivers reach it before the terms that stop them today:\n{line}',
      include: 'Authorise Microsoft 365 through include:{expected} (and remove the copied Microsoft ranges, if any):\n{line}',
      merge: MERGE_REMEDY,
      retry: DNS_RETRY_REMEDY,
    },
  },
  async run(ctx) {
    const facts = await spfFacts(ctx);
    const multiple = await multipleRecords(ctx, facts);
    if (multiple) return multiple;
    const analysis = facts.analysis;
    if (!analysis || facts.record === undefined) return { status: 'skip', message: 'noRecord' };
    const { include: expected, cloud } = await expectedInclude(ctx);
    // Reached through "+" includes only: "-include:"/"~include:"/"?include:" makes Microsoft's pass a fail,
    // softfail or neutral (RFC 7208 §5.2), which is not authorizing Microsoft 365 at all.
    const found = MICROSOFT_INCLUDES.find((inc) => reachesDomain(analysis, inc, { authorizing: true }));
    const weakened = found ? undefined : MICROSOFT_INCLUDES.find((inc) => reachesDomain(analysis, inc));
    const microsoft = await microsoftSenders(ctx);
    const evaluations = microsoft.status === 'evaluated' ? microsoft.evaluations : [];
    const evidence = {
      record: facts.record,
      expected,
      includes: analysis.includes.map((i) => ({ target: i.target, from: i.from, depth: i.depth })),
      microsoft: microsoft.status === 'evaluated' ? { ranges: microsoft.ranges, senders: evaluationEvidence(evaluations) } : { unavailable: microsoft.problem },
    };
    const observed = [...facts.observed, ...observedLines(ctx.domain, evaluations)];
    const failing = evaluations.filter((e) => e.result !== 'pass' && e.result !== 'temperror');
    const syntax = topSyntaxError(ctx, facts);
    if (syntax) {
      // Nothing in the record is read: the one fix is the syntax, and the corrected record when typos explain it.
      const draft = RecordDraft.from(facts.record).add(`include:${expected}`);
      const fixable = draft.corrected.length > 0 && draft.dropped.length === 0;
      const line = fixable ? await checkedLine(ctx, draft.text()) : '';
      return { status: 'fail', message: 'broken', remedy: fixable ? 'fixRecord' : 'fixSyntax', data: { problem: describeReason(syntax), expected, line }, evidence, observed };
    }
    const said = failing.length > 0 ? ` As receivers evaluate it: ${describeGroups(failing)}.` : '';

    const allPass = evaluations.length > 0 && evaluations.every((e) => e.result === 'pass');
    if (weakened && allPass) {
      // Microsoft's own include does not authorise (its qualifier), yet the mail passes through something else.
      const term = analysis.includes.find((i) => i.target.toLowerCase() === weakened)?.weakenedBy ?? '';
      const line = await checkedLine(ctx, RecordDraft.from(facts.record).remove((t) => t.type === 'mechanism' && t.qualifier !== '+' && includeTarget(t) === weakened).add(`include:${expected}`, { first: true }).text());
      return { status: 'warn', message: 'flattened', remedy: 'include', data: { expected, how: ` (it is reached only through "${term}")`, evaluations: describeGroups(evaluations), line }, evidence, observed };
    }
    if (weakened) {
      const line = await checkedLine(
        ctx,
        RecordDraft.from(facts.record)
          .remove((t) => t.type === 'mechanism' && t.qualifier !== '+' && includeTarget(t) === weakened)
          .add(`include:${expected}`)
          .text(),
      );
      // The include whose qualifier is not "+", recorded by the analysis on the Microsoft include's path.
      const term = analysis.includes.find((i) => i.target.toLowerCase() === weakened)?.weakenedBy ?? '';
      const result = term.startsWith('-') ? 'fail' : term.startsWith('~') ? 'softfail' : 'neutral';
      return { status: 'fail', message: 'notAuthorizing', remedy: 'add', data: { found: weakened, term, result, line, evaluations: said }, evidence, observed };
    }
    if (!found) {
      if (allPass) {
        // Microsoft's ranges written out by hand, or something broader: they pass today.
        const line = await checkedLine(ctx, RecordDraft.from(facts.record).add(`include:${expected}`, { first: true }).text());
        return { status: 'warn', message: 'flattened', remedy: 'include', data: { expected, how: '', evaluations: describeGroups(evaluations), line }, evidence, observed };
      }
      const failed = dnsErrors(analysis)[0];
      if (failed && failing.length === 0) return { status: 'error', message: 'unverified', remedy: 'retry', data: { problem: describeReason(failed), expected }, evidence, observed };
      // Before the term where Microsoft's addresses stop today (the all, or an earlier "-ip4:" that catches them).
      const line = await checkedLine(ctx, RecordDraft.from(facts.record).addBefore(`include:${expected}`, failing[0] ? stopTerm(failing[0]) : undefined).text());
      return { status: 'fail', message: 'missing', remedy: 'add', data: { expected, line, evaluations: said }, evidence, observed };
    }

    const use = analysis.includes.find((i) => i.weakenedBy === undefined && i.target.toLowerCase() === found);
    const path = use && use.depth > 1 ? ` (through ${use.from})` : '';
    if (found !== expected && cloud) {
      // Another cloud's include: its ranges are not the tenant's. When the tenant's own addresses were evaluated
      // and do not pass, that is a verified failure; otherwise a warning.
      const line = await checkedLine(ctx, RecordDraft.from(facts.record).add(`include:${expected}`).text());
      const status = failing.length > 0 ? 'fail' : 'warn';
      return { status, message: 'otherCloud', remedy: 'add', data: { found, expected, cloud: CLOUDS[cloud].name, line, evaluations: said }, evidence, observed };
    }
    if (failing.length > 0) {
      // Whatever stops them before Microsoft's include (void or lookup limits, an earlier -ip6:), the include
      // first is reached first: a Microsoft address matches there and nothing after it is evaluated.
      const line = await checkedLine(ctx, RecordDraft.from(facts.record).add(`include:${expected}`, { first: true }).text());
      return { status: 'fail', message: 'notPassing', remedy: 'first', data: { found, path, who: whoSends(failing), evaluations: describeGroups(failing), expected, line }, evidence, observed };
    }
    const unknown = evaluations.filter((e) => e.result === 'temperror');
    if (unknown.length > 0) return { status: 'error', message: 'unverifiedSender', remedy: 'retry', data: { who: whoSends(unknown), evaluations: describeGroups(unknown) }, evidence, observed };
    const strict = failAtStrictReceivers(evaluations);
    if (strict.length > 0) {
      const line = await checkedLine(ctx, RecordDraft.from(facts.record).add(`include:${expected}`, { first: true }).text());
      return { status: 'warn', message: 'strictReceivers', remedy: 'first', data: { found, path, who: whoSends(strict), evaluations: describeStrict(strict), expected, line }, evidence, observed };
    }
    if (microsoft.status === 'unavailable') {
      if (microsoft.why === 'dns-error') return { status: 'error', message: 'unverifiedRanges', remedy: 'retry', data: { found, problem: microsoft.problem }, evidence, observed };
      return { status: 'pass', message: 'okUnsampled', data: { found, path, problem: microsoft.problem }, evidence, observed };
    }
    return { status: 'pass', message: 'ok', data: { found, path, who: whoSends(evaluations), expected, use: describeUse(evaluations) }, evidence, observed };
  },
});
