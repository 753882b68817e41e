// spf.all: the policy for everyone else, judged by evaluating addresses no one should authorise (a pass fails), then by the -all or ~all that ends it (?all, no all: warn).
import { defineCheck } from '../../engine/define.js';
import type { Check, Verdict } from '../../engine/types.js';
import { describeReason, describeStop, type Term } from '../../spf/index.js';
import { MERGE_REMEDY, MULTIPLE_RECORDS, multipleRecords, topSyntaxError } from './broken.js';
import { dnsErrors, spfFacts } from './facts.js';
import { describeGroups, evaluationEvidence, nobodySenders, observedLines, type SenderEvaluation } from './senders.js';
import { checkedLine, RecordDraft } from './suggest.js';
import { DNS_RETRY_REMEDY } from '../../engine/messages.js';

/** The term of the domain's own record on the way to where `e` stopped: the one to remove. */
function ownTerm(e: SenderEvaluation): string | undefined {
  return e.stop.via[0] ?? e.stop.at?.term;
}

export const spfAll = defineCheck({
  meta: {
    id: 'spf.all',
    title: 'SPF policy for everyone else',
    verifies: 'the policy ends in `-all` or `~all` (`+all` fail; `?all` or none warn)',
    messages: {
      strict: 'The policy ends in {all}{via}: mail from any other server {effect} ({evaluations}).',
      open: 'The policy ends in +all{via}: it authorizes every server on the internet to send as {domain}, so SPF protects nothing and forged mail passes.',
      passesAnyone:
        'SPF passes for {ips}, addresses no one should authorise ({evaluations}): whatever the record ends in, it lets every server on the internet send as {domain}, so SPF protects nothing and forged mail passes.',
      neutral: 'The policy ends in ?all{via}: mail from any other server is "neutral", so SPF does not protect the domain against forgery.',
      none: 'The policy has no "all" term{via}: the result for other servers is neutral, so SPF does not protect the domain against forgery.',
      brokenRedirect:
        'The policy ends in redirect={target}, which publishes no SPF record: every evaluation ends in permerror (RFC 7208 §6.1), for your own servers too, so there is no policy at all (see spf.syntax).',
      brokenForOthers:
        'Mail from other servers gets permerror, not the {all} the record ends in ({evaluations}): receivers that take permerror as no policy let forged mail through (see spf.lookup-limit, spf.void-limit and spf.syntax).',
      noRecord: 'No SPF record to examine (see spf.present).',
      multiple: `${MULTIPLE_RECORDS}: there is no policy for anyone, so forged mail is not refused by SPF.`,
      unparsable:
        'The record does not parse ({problem}), so receivers return permerror for every sender whatever it ends in: forged mail is not refused by SPF (see spf.syntax).',
      unverified: 'The end of the policy could not be read: {problem}.',
      unverifiedSender: 'SPF could not be evaluated for an address no one should authorise: {evaluations}.',
    },
    remedies: {
      retry: DNS_RETRY_REMEDY,
      harden: 'Once the record lists every server that sends for you, end it with -all (or ~all while you verify):\n{line}',
      remove: 'Remove {terms} from the record (it authorizes every address) and end it with -all:\n{line}',
      redirect:
        'Publish the SPF record the redirect expects at {target} (ending in -all), or replace redirect={target} in the record of {domain} with the mechanisms of the servers that send for you, ending in -all.',
      fixLimits: 'Fix what ends the evaluation in permerror (see spf.lookup-limit, spf.void-limit and spf.syntax).',
      fixSyntax: 'Correct the record as spf.syntax says, ending it in -all.',
      merge: MERGE_REMEDY,
    },
  },
  async run(ctx) {
    const facts = await spfFacts(ctx);
    // Permerror for everyone: forged mail is not refused by SPF, but neither does it pass (DMARC fails it): a warning, as for ?all.
    const multiple = await multipleRecords(ctx, facts, 'warn');
    if (multiple) return multiple;
    const analysis = facts.analysis;
    if (!analysis || facts.record === undefined) return { status: 'skip', message: 'noRecord' };
    const nobody = await nobodySenders(ctx);
    const effective = analysis.effectiveAll;
    const via = effective && effective.domain !== ctx.domain ? ` (through redirect= to ${effective.domain})` : '';
    const evidence = { record: facts.record, all: analysis.all ?? null, effectiveAll: effective ?? null, nobody: evaluationEvidence(nobody) };
    const observed = [...facts.observed, ...observedLines(ctx.domain, nobody)];
    const harden = async () => checkedLine(ctx, RecordDraft.from(facts.record!).hardFail().text());
    const data = { via, domain: ctx.domain };

    // A pass for an address no one should authorise: the policy is open, whatever its last term says.
    const passed = nobody.filter((e) => e.result === 'pass');
    if (passed.length > 0) {
      const own = [...new Set(passed.map(ownTerm).filter((t): t is string => t !== undefined))];
      // The top record's own `all` (or a redirect's) decided: the +all wording; otherwise remove the term that opened it.
      const byAll = passed.every((e) => e.stop.at !== undefined && /^\+?all$/i.test(e.stop.at.term) && e.stop.via.every((v) => /^redirect=/i.test(v)));
      if (byAll) return { status: 'fail', message: 'open', remedy: 'harden', data: { ...data, line: await harden() }, evidence, observed };
      const removable = own.filter((t) => !/^redirect=/i.test(t));
      const draft = RecordDraft.from(facts.record).remove((t: Term) => removable.some((r) => r.toLowerCase() === t.text.toLowerCase())).hardFail();
      const terms = removable.map((t) => `"${t}"`).join(' and ') || `the term at ${describeStop(passed[0]!.stop)}`;
      return {
        status: 'fail',
        message: 'passesAnyone',
        remedy: 'remove',
        data: { ...data, ips: passed.map((e) => e.ip), evaluations: describeGroups(passed), terms, line: await checkedLine(ctx, draft.text(), draft.dropped) },
        evidence,
        observed,
      };
    }
    const syntax = topSyntaxError(ctx, facts);
    if (syntax) return { status: 'warn', message: 'unparsable', remedy: 'fixSyntax', data: { problem: describeReason(syntax) }, evidence, observed };
    const unknown = nobody.filter((e) => e.result === 'temperror');
    if (unknown.length > 0) return { status: 'error', message: 'unverifiedSender', remedy: 'retry', data: { evaluations: describeGroups(unknown) }, evidence, observed };
    // A redirect to a name without a record is not "no all": check_host() is permerror for every sender.
    const broken = analysis.problems.find((p) => p.code === 'redirect-none');
    if (broken && broken.code === 'redirect-none' && !effective) {
      return { status: 'warn', message: 'brokenRedirect', remedy: 'redirect', data: { ...data, target: broken.target }, evidence, observed };
    }
    const permerror = nobody.filter((e) => e.result === 'permerror');
    if (permerror.length > 0 && effective && (effective.qualifier === '-' || effective.qualifier === '~')) {
      return { status: 'warn', message: 'brokenForOthers', remedy: 'fixLimits', data: { all: `${effective.qualifier}all`, evaluations: describeGroups(permerror) }, evidence, observed };
    }
    switch (effective?.qualifier) {
      case '-':
        return { status: 'pass', message: 'strict', data: { ...data, all: '-all', effect: 'fails SPF', evaluations: describeGroups(nobody) }, evidence };
      case '~':
        return { status: 'pass', message: 'strict', data: { ...data, all: '~all', effect: 'soft-fails SPF (marked suspicious; DMARC decides)', evaluations: describeGroups(nobody) }, evidence };
      case '+':
        return { status: 'fail', message: 'open', remedy: 'harden', data: { ...data, line: await harden() }, evidence, observed };
      case '?':
        return { status: 'warn', message: 'neutral', remedy: 'harden', data: { ...data, line: await harden() }, evidence, observed };
      default: {
        // No `all` may just mean a redirect target could not be read: that is unknown, not missing.
        const failed = dnsErrors(analysis)[0];
        if (failed) return { status: 'error', message: 'unverified', remedy: 'retry', data: { problem: describeReason(failed) }, evidence };
        return { status: 'warn', message: 'none', remedy: 'harden', data: { ...data, line: await harden() }, evidence, observed };
      }
    }
  },
});
