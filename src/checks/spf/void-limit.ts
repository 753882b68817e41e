// spf.void-limit: at most 2 void lookups (NXDOMAIN or empty answers, RFC 7208 §4.6.4), per sender and client family as receivers count them, and in the whole tree.
import { defineCheck } from '../../engine/define.js';
import type { Check, CheckContext, Verdict } from '../../engine/types.js';
import { describeReason, MAX_VOID_LOOKUPS, type RecordNode, type TermNode } from '../../spf/index.js';
import { plural } from '../../util/text.js';
import { MERGE_REMEDY, MULTIPLE_RECORDS, multipleRecords } from './broken.js';
import { dnsErrors, spfFacts } from './facts.js';
import { countsEvidence, describeGroups, describeStrict, describeUse, failAtStrictReceivers, observedLines, realSenders, STRICT_RECEIVERS, whoSends, type SenderEvaluation } from './senders.js';
import { checkedLine, RecordDraft } from './suggest.js';
import { DNS_RETRY_REMEDY } from '../../engine/messages.js';

const VOID = new Set(['nxdomain', 'nodata']);

/** Whether an analysed term's lookup finds nothing for a client of `family`: an `a` asks A or AAAA, the rest the same for both. */
function voidFor(term: TermNode, family: 4 | 6): boolean {
  if (term.name === 'a') return term.queries.some((q) => q.type === (family === 4 ? 'A' : 'AAAA') && VOID.has(q.outcome));
  return term.void === true;
}

/** Every term of the tree whose own lookup finds nothing for `family`, with the record that holds it. */
function voidTerms(node: RecordNode, family: 4 | 6, out: Array<{ term: TermNode; domain: string }> = [], depth = 0): typeof out {
  for (const t of node.terms) {
    if (t.reachable !== false && voidFor(t, family)) out.push({ term: t, domain: node.domain });
    if (t.child && depth < 20) voidTerms(t.child, family, out, depth + 1);
  }
  return out;
}

/** Every term an evaluation found void, in the order it met them. */
function evaluatedVoids(node: RecordNode, out: Array<{ term: TermNode; domain: string }> = [], depth = 0): typeof out {
  for (const t of node.terms) {
    if (t.void) out.push({ term: t, domain: node.domain });
    if (t.child && depth < 20) evaluatedVoids(t.child, out, depth + 1);
  }
  return out;
}

const named = (v: { term: TermNode; domain: string }) => `"${v.term.text}" in the record of ${v.domain}`;

/**
 * The record with each void term of its own replaced by what it was meant to cover: an `a` whose name has addresses
 * of the other family only becomes ip4:/ip6: terms for them (no lookup, never void), one that has none is removed,
 * and so is a void `mx` or `exists`. Terms inside other domains' records are theirs to fix.
 */
async function withoutVoids(ctx: CheckContext, record: string, voids: ReadonlyArray<{ term: TermNode; domain: string }>): Promise<RecordDraft> {
  const own = voids.filter((v) => v.domain.toLowerCase() === ctx.domain.toLowerCase());
  const replacements = new Map<string, string[]>();
  for (const { term } of own) {
    if (replacements.has(term.text)) continue;
    if (term.name !== 'a' || !term.target) {
      replacements.set(term.text, []);
      continue;
    }
    const [v4, v6] = await Promise.all([ctx.dns.query(term.target, 'A', { signal: ctx.signal }), ctx.dns.query(term.target, 'AAAA', { signal: ctx.signal })]);
    const terms = [
      ...v4.records.flatMap((r) => (r.type === 'A' ? [`ip4:${r.data}`] : [])),
      ...v6.records.flatMap((r) => (r.type === 'AAAA' ? [`ip6:${r.data}`] : [])),
    ].map((t) => (term.qualifier && term.qualifier !== '+' ? `${term.qualifier}${t}` : t));
    replacements.set(term.text, terms);
  }
  const draft = RecordDraft.from(record);
  draft.replace((t) => replacements.has(t.text), (t) => replacements.get(t.text) ?? []);
  return draft;
}

export const spfVoidLimit = defineCheck({
  meta: {
    id: 'spf.void-limit',
    title: 'SPF void lookups',
    verifies: 'at most 2 void lookups',
    messages: {
      ok: 'Mail from {who} stays within the 2 void lookups allowed ({use}). The whole tree, worst case (an address that matches nothing): {worst}.',
      okTree: 'The whole SPF tree, worst case (an address that matches nothing): {worst} (at most 2 allowed).',
      senderOver:
        'Mail from {who} gets permerror from receivers, so it does not pass SPF: {evaluations}. RFC 7208 §4.6.4 allows 2 lookups that find nothing per evaluation; these terms found nothing on the way: {terms}.{ipv6Note}',
      over:
        'The whole SPF tree, worst case (an {family} address that matches nothing earlier, as forged mail does), meets {count} lookups that find nothing ({terms}); RFC 7208 §4.6.4 allows 2, so receivers return permerror for every such sender.{senders}',
      overOneFamily:
        'Worst case (an {family} address that matches nothing earlier, as forged mail does), an evaluation meets {count} lookups that find nothing ({terms}); RFC 7208 §4.6.4 allows 2, so such senders get permerror instead of the policy\'s result, and so would any {family} server you authorise after these terms.{senders}',
      strictReceivers: `Mail from {who} stays within RFC 7208's count of void lookups, but receivers running pyspf or Mail::SPF return permerror for it: {evaluations}. ${STRICT_RECEIVERS}.`,
      noRecord: 'No SPF record to examine (see spf.present).',
      multiple: `${MULTIPLE_RECORDS}: no mail passes SPF.`,
      unverified: 'Part of the include tree could not be read ({problem}); {voids} so far.',
      unverifiedSender: 'SPF could not be evaluated for {who}: {evaluations}.',
    },
    remedies: {
      noMx: 'Remove "mx" (with the MX at Microsoft 365 it only repeats what Microsoft\'s include covers), or put the include first:\n{line}',
      remove: 'Replace or remove the terms that find nothing ({terms}): they authorize nothing for those senders. For example:\n{line}',
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
    const { evaluations } = await realSenders(ctx);
    const byFamily = analysis.voidLookupsByFamily;
    const worstFamily: 4 | 6 = byFamily.ipv6 > byFamily.ipv4 ? 6 : 4;
    const worstCount = Math.max(byFamily.ipv4, byFamily.ipv6);
    const worstTerms = voidTerms(analysis.tree, worstFamily);
    const worst =
      byFamily.ipv4 === byFamily.ipv6
        ? plural(worstCount, 'void lookup')
        : `${plural(byFamily.ipv4, 'void lookup')} for an IPv4 sender, ${byFamily.ipv6} for an IPv6 sender`;
    const evidence = { voidLookups: analysis.voidLookups, worstCase: { ipv4: byFamily.ipv4, ipv6: byFamily.ipv6, terms: worstTerms.map(named) }, senders: countsEvidence(evaluations) };
    const observed = [...facts.observed, ...observedLines(ctx.domain, evaluations)];
    const over = evaluations.filter((e) => e.result === 'permerror' && e.spf.reason?.code === 'void-limit');
    const passing = evaluations.filter((e) => e.result !== 'permerror' && e.result !== 'temperror');
    const senders = passing.length > 0 ? ` Mail from ${whoSends(passing)} still stops before: ${describeGroups(passing)}.` : '';
    if (over.length > 0) {
      const met = over.flatMap((e: SenderEvaluation) => evaluatedVoids(e.spf.tree));
      const terms = [...new Set(met.map(named))];
      const ipv6Note = over.some((e) => e.family === 6 && e.spf.tree.terms.some((t) => t.name === 'a' && t.void))
        ? ' An "a" term whose name has only A records finds nothing for an IPv6 sender (RFC 7208 §5.3 asks AAAA), and Microsoft 365 sends over IPv6 too.'
        : '';
      const draft = await withoutVoids(ctx, facts.record, met);
      const line = await checkedLine(ctx, draft.text(), draft.dropped);
      return { status: 'fail', message: 'senderOver', remedy: 'remove', data: { who: whoSends(over), evaluations: describeGroups(over), terms, ipv6Note, line }, evidence, observed };
    }
    // Any result turned into permerror there is the void limit's doing, even for a sender that does not pass anyway.
    const strict = failAtStrictReceivers(evaluations, { anyResult: true });
    if (strict.length > 0) {
      const draft = RecordDraft.from(facts.record).remove((t) => t.type === 'mechanism' && t.mechanism.kind === 'mx');
      const line = await checkedLine(ctx, draft.text(), draft.dropped);
      return { status: 'warn', message: 'strictReceivers', remedy: 'noMx', data: { who: whoSends(strict), evaluations: describeStrict(strict), line }, evidence, observed };
    }
    if (worstCount > MAX_VOID_LOOKUPS) {
      const draft = await withoutVoids(ctx, facts.record, worstTerms);
      const line = await checkedLine(ctx, draft.text(), draft.dropped);
      const terms = worstTerms.map(named);
      const data = { family: `IPv${worstFamily}`, count: worstCount, terms, senders, line };
      // Void for both families (as counted before per-family counts existed): every sender that gets that far.
      if (analysis.voidLookups > MAX_VOID_LOOKUPS) return { status: 'fail', message: 'over', remedy: 'remove', data, evidence, observed };
      // Void for one family only, and the senders that must pass stop before: forged mail of that family gets
      // permerror instead of the record's all, and so would a server of that family authorised after these terms.
      return { status: 'warn', message: 'overOneFamily', remedy: 'remove', data, evidence, observed };
    }
    const failed = dnsErrors(analysis)[0];
    if (failed) return { status: 'error', message: 'unverified', remedy: 'retry', data: { voids: worst, problem: describeReason(failed) }, evidence };
    const unknown = evaluations.filter((e) => e.result === 'temperror');
    if (unknown.length > 0) return { status: 'error', message: 'unverifiedSender', remedy: 'retry', data: { who: whoSends(unknown), evaluations: describeGroups(unknown) }, evidence, observed };
    if (passing.length === 0) return { status: 'pass', message: 'okTree', data: { worst }, evidence };
    return { status: 'pass', message: 'ok', data: { who: whoSends(passing), use: describeUse(passing), worst }, evidence };
  },
});
