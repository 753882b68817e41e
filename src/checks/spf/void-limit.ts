// spf.void-limit: at most 2 void lookups (NXDOMAIN or empty answers) in the tree (RFC 7208 §4.6.4).
import { defineCheck } from '../../engine/define.js';
import type { Check, Verdict } from '../../engine/types.js';
import { describeReason, MAX_VOID_LOOKUPS, type TermNode, type RecordNode } from '../../spf/index.js';
import { plural } from '../../util/text.js';
import { dnsErrors, spfFacts } from './facts.js';
import { DNS_RETRY_REMEDY } from '../../engine/messages.js';

/** Every term of the tree whose own lookup found nothing, with the record that holds it. */
function voidTerms(node: RecordNode, out: string[] = []): string[] {
  for (const t of node.terms as TermNode[]) {
    if (t.void) out.push(`"${t.text}" in the record of ${node.domain}`);
    if (t.child) voidTerms(t.child, out);
  }
  return out;
}

export const spfVoidLimit = defineCheck({
  meta: {
    id: 'spf.void-limit',
    title: 'SPF void lookups',
    verifies: 'at most 2 void lookups',
    messages: {
      ok: '{voids} in the SPF tree (at most 2 allowed).',
      over:
        '{count} lookups in the SPF tree find nothing ({terms}); RFC 7208 §4.6.4 allows 2, so receivers return permerror and SPF fails for your mail.',
      noRecord: 'No single SPF record to examine (see spf.present).',
      unverified: 'Part of the include tree could not be read ({problem}); {voids} so far.',
    },
    remedies: {
      remove: 'Remove the terms that point at names without records ({terms}): they authorize nothing.',
      retry: DNS_RETRY_REMEDY,
    },
  },
  async run(ctx) {
    const facts = await spfFacts(ctx);
    const analysis = facts.analysis;
    if (!analysis || facts.record === undefined) return { status: 'skip', message: 'noRecord' };
    const terms = voidTerms(analysis.tree);
    const evidence = { voidLookups: analysis.voidLookups, terms };
    const data = { count: analysis.voidLookups, voids: plural(analysis.voidLookups, 'void lookup'), terms };
    if (analysis.voidLookups > MAX_VOID_LOOKUPS) return { status: 'fail', message: 'over', remedy: 'remove', data, evidence, observed: facts.observed };
    const failed = dnsErrors(analysis)[0];
    if (failed) return { status: 'error', message: 'unverified', remedy: 'retry', data: { ...data, problem: describeReason(failed) }, evidence };
    return { status: 'pass', message: 'ok', data, evidence };
  },
});
