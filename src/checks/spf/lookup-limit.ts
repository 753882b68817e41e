// spf.lookup-limit: at most 10 DNS-querying terms (RFC 7208 §4.6.4), per sender as receivers count them and in the whole tree (the worst case); warn at 9 and 10.
import { defineCheck } from '../../engine/define.js';
import type { Check, Verdict } from '../../engine/types.js';
import { describeReason, MAX_DNS_LOOKUPS } from '../../spf/index.js';
import { MERGE_REMEDY, MULTIPLE_RECORDS, multipleRecords } from './broken.js';
import { dnsErrors, spfFacts } from './facts.js';
import { countsEvidence, describeGroups, describeUse, observedLines, realSenders, whoSends } from './senders.js';
import { DNS_RETRY_REMEDY } from '../../engine/messages.js';

/** Close to the limit: one more include (a new service) and every receiver returns permerror. */
const WARN_FROM = MAX_DNS_LOOKUPS - 1;

/** A sender's permerror that this check is about: the 11th DNS-querying term, or an `mx` with more than 10 names. */
const OVER = new Set(['lookup-limit', 'mx-limit']);

export const spfLookupLimit = defineCheck({
  meta: {
    id: 'spf.lookup-limit',
    title: 'SPF lookup limit',
    verifies: 'at most 10 DNS-querying terms in the whole evaluation tree (warn at 9 and 10)',
    messages: {
      ok: 'Mail from {who} stays within the 10 DNS-querying terms allowed ({use}). The whole tree, worst case (an address that matches nothing), needs {count}: {costs}.',
      okTree: 'The whole SPF tree, worst case (an address that matches nothing), needs {count} of the 10 DNS-querying terms allowed: {costs}.',
      near: 'The whole SPF tree, worst case, needs {count} of the 10 DNS-querying terms allowed ({costs}): one more include and receivers return permerror.{senders}',
      senderOver:
        'Mail from {who} gets permerror from receivers, so it does not pass SPF: {evaluations}. RFC 7208 §4.6.4 allows 10 DNS-querying terms per evaluation; the whole tree, worst case, needs {count} DNS-querying terms ({costs}).{mxLimit}',
      over:
        'The whole SPF tree, worst case (an address that matches nothing, as forged mail does, or a service listed late), needs {count} DNS-querying terms ({costs}); RFC 7208 §4.6.4 allows 10, so receivers return permerror for every sender not matched before the 11th.{senders}{mxLimit}',
      loop: 'The includes loop ({loop}): every evaluation that reaches the loop goes over the 10 DNS-querying terms of RFC 7208 §4.6.4, so receivers return permerror.{senders}',
      noRecord: 'No SPF record to count (see spf.present).',
      multiple: `${MULTIPLE_RECORDS}: no lookup is ever counted, and no mail passes SPF.`,
      unverified: 'Part of the include tree could not be read ({problem}); the {count} terms counted so far are within the limit.',
      unverifiedSender: 'SPF could not be evaluated for {who}: {evaluations}.',
    },
    remedies: {
      reduce: 'Cut the DNS-querying terms: {advice} Count again with splitcheck after publishing.',
      loop: 'Remove the include that leads back ({last}) from the record of {owner}.',
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
    const top = analysis.tree.terms.filter((t) => t.lookups > 0);
    const costs = top.map((t) => `${t.text} ${t.lookups}`);
    const count = analysis.lookupsAtLeast ? `at least ${analysis.lookups}` : String(analysis.lookups);
    const mxLimit = analysis.problems.find((p) => p.code === 'mx-limit');
    const { evaluations } = await realSenders(ctx);
    const evidence = {
      lookups: analysis.lookups,
      atLeast: analysis.lookupsAtLeast,
      worstCase: true,
      perTerm: top.map((t) => ({ term: t.text, lookups: t.lookups })),
      includes: analysis.includes,
      senders: countsEvidence(evaluations),
    };
    const observed = [...facts.observed, ...top.map((t) => `;; ${t.text}: ${t.lookups} lookup${t.lookups === 1 ? '' : 's'}`), ...observedLines(ctx.domain, evaluations)];
    const over = evaluations.filter((e) => e.result === 'permerror' && OVER.has(e.spf.reason?.code ?? ''));
    const passing = evaluations.filter((e) => e.result !== 'permerror' && e.result !== 'temperror');
    const senders = passing.length > 0 ? ` Mail from ${whoSends(passing)} stays within it: ${describeGroups(passing)}.` : '';
    const loop = analysis.loops[0];
    if (loop) {
      const owner = loop[loop.length - 2] ?? ctx.domain;
      return { status: 'fail', message: 'loop', remedy: 'loop', data: { loop: loop.join(' → '), owner, last: `include:${loop[loop.length - 1] ?? ''}`, senders }, evidence, observed };
    }
    const mxNote = mxLimit ? ` Also: ${describeReason(mxLimit)}.` : '';
    if (over.length > 0) {
      return {
        status: 'fail',
        message: 'senderOver',
        remedy: 'reduce',
        data: { who: whoSends(over), evaluations: describeGroups(over), count, costs, advice: advice(facts.record, top), mxLimit: mxNote },
        evidence,
        observed,
      };
    }
    if (analysis.lookups > MAX_DNS_LOOKUPS || mxLimit) {
      return { status: 'fail', message: 'over', remedy: 'reduce', data: { count, costs, advice: advice(facts.record, top), mxLimit: mxNote, senders }, evidence, observed };
    }
    const failed = dnsErrors(analysis)[0];
    if (failed) return { status: 'error', message: 'unverified', remedy: 'retry', data: { count, problem: describeReason(failed) }, evidence, observed };
    const unknown = evaluations.filter((e) => e.result === 'temperror');
    if (unknown.length > 0) return { status: 'error', message: 'unverifiedSender', remedy: 'retry', data: { who: whoSends(unknown), evaluations: describeGroups(unknown) }, evidence, observed };
    if (analysis.lookups >= WARN_FROM) return { status: 'warn', message: 'near', remedy: 'reduce', data: { count, costs, advice: advice(facts.record, top), senders }, evidence, observed };
    const costList = costs.length > 0 ? costs : ['none'];
    if (passing.length === 0) return { status: 'pass', message: 'okTree', data: { count, costs: costList }, evidence, observed };
    return { status: 'pass', message: 'ok', data: { who: whoSends(passing), use: describeUse(passing), count, costs: costList }, evidence, observed };
  },
});

/** Concrete advice: the cPanel leftovers first, then the heaviest include to flatten. */
function advice(record: string, top: readonly { text: string; lookups: number; name: string }[]): string {
  const tips: string[] = [];
  if (top.some((t) => t.name === 'mx')) tips.push('remove "mx" (with the MX at Microsoft 365 it only repeats what Microsoft\'s include covers);');
  if (top.some((t) => t.name === 'a')) tips.push('replace "a" with ip4:/ip6: terms for the addresses it stands for;');
  if (top.some((t) => t.name === 'ptr')) tips.push('remove "ptr" (deprecated);');
  const heaviest = [...top].filter((t) => t.name === 'include').sort((a, b) => b.lookups - a.lookups)[0];
  if (heaviest && heaviest.lookups > 1) tips.push(`${heaviest.text} alone costs ${heaviest.lookups}: replace it with the ip4:/ip6: ranges it publishes (flattening) if its owner allows, or drop it if that service no longer sends for you.`);
  if (tips.length === 0) tips.push(`drop includes of services that no longer send for you (record: ${record}).`);
  return tips.join(' ');
}
