// spf.hosting-covered: check_host() returns pass for every hosting outbound address.
import { defineCheck } from '../../engine/define.js';
import type { Check, CheckContext, Verdict } from '../../engine/types.js';
import { mxFacts } from '../mx/facts.js';
import { isMicrosoftName } from '../../knowledge/microsoft-hosts.js';
import { MERGE_REMEDY, MULTIPLE_RECORDS, multipleRecords } from './broken.js';
import { spfFacts } from './facts.js';
import { describeGroups, describeStrict, evaluationEvidence, failAtStrictReceivers, hostingSenders, observedLines, STRICT_RECEIVERS, stopTerm, type SenderEvaluation } from './senders.js';
import { checkedLine, ipTerm, RecordDraft } from './suggest.js';
import { DNS_RETRY_REMEDY } from '../../engine/messages.js';

const SOURCE_NOTE = {
  given: 'given with --hosting-ip',
  'smart-host': 'the addresses of the smart host {host}',
  inferred: 'inferred: the addresses of {host}; give --hosting-ip if the hosting server sends from elsewhere',
} as const;

/** Whether the domain's MX hosts are all Microsoft 365's (false when the MX cannot be read). */
async function mxAllMicrosoft(ctx: CheckContext): Promise<boolean> {
  try {
    const facts = await mxFacts(ctx);
    return facts.targets.length > 0 && facts.targets.every((t) => t.kind.type === 'microsoft');
  } catch {
    return false;
  }
}

export const spfHostingCovered = defineCheck({
  meta: {
    id: 'spf.hosting-covered',
    title: "The hosting server's mail authorized",
    verifies: '`check_host()` returns `pass` for every hosting outbound IP',
    messages: {
      ok: 'SPF passes for the hosting server {ips} ({source}): {evaluations}.',
      notCovered:
        'SPF does not pass for the hosting server ({source}): {evaluations}. Mail sent from the hosting mailboxes lands in spam or is rejected.{mxNote}',
      noRecord: 'No SPF record to evaluate (see spf.present).',
      multiple: `${MULTIPLE_RECORDS}: mail from the hosting server does not pass SPF.`,
      unknown: 'Skipped: {reason}.',
      strictReceivers: `SPF passes for the hosting server {ips} ({source}) as RFC 7208 counts, but receivers running pyspf or Mail::SPF return permerror for it: {evaluations}. ${STRICT_RECEIVERS}.`,
      unverified: 'SPF could not be evaluated for {ips}: {evaluations}.',
      viaBypassMx:
        'SPF passes for the hosting server {ips} ({source}) only through "mx", because the hosting server is still an MX ({hosts}). Once that MX record is deleted (see mx.no-bypass), the hosting mailboxes\' mail fails SPF.',
    },
    remedies: {
      add: 'At your DNS host, publish the record with the hosting address added:\n{line}',
      addFirst: 'Add the hosting address to the record before (or when) you delete the hosting MX:\n{line}',
      merge: MERGE_REMEDY,
      retry: DNS_RETRY_REMEDY,
    },
  },
  async run(ctx) {
    const facts = await spfFacts(ctx);
    const multiple = await multipleRecords(ctx, facts);
    if (multiple) return multiple;
    if (facts.record === undefined) return { status: 'skip', message: 'noRecord' };
    const hosting = await hostingSenders(ctx);
    if (hosting.status === 'unknown') return { status: 'skip', message: 'unknown', data: { reason: hosting.reason } };
    const source = SOURCE_NOTE[hosting.source].replace('{host}', hosting.host ?? '');
    const results = hosting.evaluations;
    const evidence = { source: hosting.source, results: evaluationEvidence(results) };
    const observed = [...facts.observed, ...observedLines(ctx.domain, results)];
    const ips = results.map((r) => r.ip);
    const errors = results.filter((r) => r.result === 'temperror');
    const bad = results.filter((r) => r.result !== 'pass' && r.result !== 'temperror');
    if (bad.length > 0) {
      const draft = RecordDraft.from(facts.record);
      // The ip4/ip6 term goes just before the term of the record where the evaluation stopped (a limit reached, a
      // "?ip4:" range, the "~all"): it is reached first there and costs no lookup.
      for (const r of bad) draft.addBefore(ipTerm(r.ip), stopTerm(r));
      // cPanel's default "+a +mx" covered the hosting server only while the MX pointed at it: say so when
      // "mx" was evaluated without matching and every MX host is Microsoft's now.
      const mxMissed = bad.some((r) => r.spf.tree.terms.some((t) => t.name === 'mx' && t.outcome === 'no-match'));
      const mxNote = mxMissed && (await mxAllMicrosoft(ctx))
        ? ' The record\'s "mx" now means Microsoft 365\'s inbound servers (the MX moved), so it no longer covers the hosting server.'
        : '';
      const line = await checkedLine(ctx, draft.text(), draft.dropped);
      return { status: 'fail', message: 'notCovered', remedy: 'add', data: { evaluations: describeGroups(bad), source, mxNote, line }, evidence, observed };
    }
    if (errors.length > 0) {
      return { status: 'error', message: 'unverified', remedy: 'retry', data: { ips: errors.map((r) => r.ip), evaluations: describeGroups(errors) }, evidence, observed };
    }
    const strict = failAtStrictReceivers(results);
    if (strict.length > 0) {
      const draft = RecordDraft.from(facts.record);
      for (const r of strict) draft.addBefore(ipTerm(r.ip), r.strict ? stopTerm({ ...r, stop: r.strict.stop }) : undefined);
      const line = await checkedLine(ctx, draft.text(), draft.dropped);
      return { status: 'warn', message: 'strictReceivers', remedy: 'add', data: { ips: strict.map((r) => r.ip), source, evaluations: describeStrict(strict), line }, evidence, observed };
    }
    // cPanel's "+mx" still covers the hosting server while its MX is left in: a pass that the MX clean-up breaks.
    const viaMx = results.flatMap((r: SenderEvaluation) => {
      const term = r.spf.tree.terms.find((t) => t.outcome === 'match');
      const host = term?.name === 'mx' ? term.matched?.name : undefined;
      return host && term && !isMicrosoftName(host) ? [{ ip: r.ip, host, term: term.text }] : [];
    });
    if (viaMx.length > 0) {
      const draft = RecordDraft.from(facts.record);
      // Before the "mx" that matches today: once the MX goes, the evaluation would continue past it.
      for (const r of viaMx) draft.addBefore(ipTerm(r.ip), r.term);
      return {
        status: 'warn',
        message: 'viaBypassMx',
        remedy: 'addFirst',
        data: { ips: viaMx.map((r) => r.ip), hosts: [...new Set(viaMx.map((r) => r.host))], source, line: await checkedLine(ctx, draft.text(), draft.dropped) },
        evidence,
        observed,
      };
    }
    return { status: 'pass', message: 'ok', data: { ips, source, evaluations: describeGroups(results) }, evidence, observed };
  },
});
