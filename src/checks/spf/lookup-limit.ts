// spf.lookup-limit: at most 10 DNS-querying terms in the whole evaluation tree (RFC 7208 §4.6.4); warn at 9 and 10.
import { defineCheck } from '../../engine/define.js';
import type { Check, Verdict } from '../../engine/types.js';
import { describeReason, MAX_DNS_LOOKUPS } from '../../spf/index.js';
import { dnsErrors, spfFacts } from './facts.js';
import { DNS_RETRY_REMEDY } from '../../engine/messages.js';

/** Close to the limit: one more include (a new service) and every receiver returns permerror. */
const WARN_FROM = MAX_DNS_LOOKUPS - 1;

export const spfLookupLimit = defineCheck({
  meta: {
    id: 'spf.lookup-limit',
    title: 'SPF lookup limit',
    verifies: 'at most 10 DNS-querying terms in the whole evaluation tree (warn at 9 and 10)',
    messages: {
      ok: 'The whole SPF tree needs {count} of the 10 DNS-querying terms allowed: {costs}.',
      near: 'The whole SPF tree needs {count} of the 10 DNS-querying terms allowed ({costs}): one more include and receivers return permerror.',
      over:
        'The whole SPF tree needs {count} DNS-querying terms ({costs}); RFC 7208 §4.6.4 allows 10, so receivers return permerror and SPF fails for your mail.{mxLimit}',
      loop: 'The includes loop ({loop}): every evaluation that reaches the loop goes over the 10 DNS-querying terms of RFC 7208 §4.6.4, so receivers return permerror.',
      noRecord: 'No single SPF record to count (see spf.present).',
      unverified: 'Part of the include tree could not be read ({problem}); the {count} terms counted so far are within the limit.',
    },
    remedies: {
      reduce:
        'Cut the DNS-querying terms: {advice} Count again with splitcheck after publishing.',
      loop: 'Remove the include that leads back ({last}) from the record of {owner}.',
      retry: DNS_RETRY_REMEDY,
    },
  },
  async run(ctx) {
    const facts = await spfFacts(ctx);
    const analysis = facts.analysis;
    if (!analysis || facts.record === undefined) return { status: 'skip', message: 'noRecord' };
    const top = analysis.tree.terms.filter((t) => t.lookups > 0);
    const costs = top.map((t) => `${t.text} ${t.lookups}`);
    const count = analysis.lookupsAtLeast ? `at least ${analysis.lookups}` : String(analysis.lookups);
    const mxLimit = analysis.problems.find((p) => p.code === 'mx-limit');
    const evidence = {
      lookups: analysis.lookups,
      atLeast: analysis.lookupsAtLeast,
      perTerm: top.map((t) => ({ term: t.text, lookups: t.lookups })),
      includes: analysis.includes,
    };
    const observed = [...facts.observed, ...top.map((t) => `${t.text}: ${t.lookups} lookup${t.lookups === 1 ? '' : 's'}`)];
    const loop = analysis.loops[0];
    if (loop) {
      const owner = loop[loop.length - 2] ?? ctx.domain;
      return { status: 'fail', message: 'loop', remedy: 'loop', data: { loop: loop.join(' → '), owner, last: `include:${loop[loop.length - 1] ?? ''}` }, evidence, observed };
    }
    if (analysis.lookups > MAX_DNS_LOOKUPS || mxLimit) {
      return {
        status: 'fail',
        message: 'over',
        remedy: 'reduce',
        data: { count, costs, advice: advice(facts.record, top), mxLimit: mxLimit ? ` Also: ${describeReason(mxLimit)}.` : '' },
        evidence,
        observed,
      };
    }
    const failed = dnsErrors(analysis)[0];
    if (failed) return { status: 'error', message: 'unverified', remedy: 'retry', data: { count, problem: describeReason(failed) }, evidence, observed };
    if (analysis.lookups >= WARN_FROM) return { status: 'warn', message: 'near', remedy: 'reduce', data: { count, costs, advice: advice(facts.record, top) }, evidence, observed };
    return { status: 'pass', message: 'ok', data: { count, costs: costs.length > 0 ? costs : ['none'] }, evidence, observed };
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
