// spf.syntax: the record and every record it includes parse under RFC 7208 (position of the first error).
import { defineCheck } from '../../engine/define.js';
import type { Check, Verdict } from '../../engine/types.js';
import { describeReason, type SpfReason } from '../../spf/index.js';
import { plural } from '../../util/text.js';
import { dnsErrors, spfFacts } from './facts.js';
import { MERGE_REMEDY, MULTIPLE_RECORDS, multipleRecords } from './broken.js';
import { checkedLine, RecordDraft } from './suggest.js';
import { DNS_RETRY_REMEDY } from '../../engine/messages.js';

/** Problems that make every evaluation a permerror: a record that does not parse or an include without a record. */
const BROKEN: ReadonlySet<SpfReason['code']> = new Set(['syntax', 'include-none', 'redirect-none', 'multiple-records']);

export const spfSyntax = defineCheck({
  meta: {
    id: 'spf.syntax',
    title: 'SPF syntax',
    verifies: 'the record and every included record parse under RFC 7208 (position of the first error)',
    messages: {
      ok: 'The record and {included} parse under RFC 7208.',
      noRecord: 'No SPF record to parse (see spf.present).',
      multiple: `${MULTIPLE_RECORDS}: the policy is invalid whatever each record says.`,
      broken: 'The SPF policy is invalid: {problem}. Receivers return permerror, so SPF fails for all your mail (and DMARC, unless DKIM aligns).',
      ptr: 'The policy works, but {problem}: it is slow, unreliable, and many receivers ignore it.',
      unverified: 'Part of the include tree could not be read: {problem}. Nothing was judged from the missing answer.',
    },
    remedies: {
      merge: MERGE_REMEDY,
      fixTypo: 'Publish the corrected record:\n{line}',
      fix: 'Correct the term named above in the record of {where}{owner} and publish it again; an include target without a record must be removed or fixed by its owner.',
      ptr: 'Replace "ptr" with the ip4/ip6 addresses (or an include) of the servers it was meant to cover.',
      retry: DNS_RETRY_REMEDY,
    },
  },
  async run(ctx) {
    const facts = await spfFacts(ctx);
    const multiple = await multipleRecords(ctx, facts);
    if (multiple) return multiple;
    const analysis = facts.analysis;
    if (!analysis || facts.record === undefined) return { status: 'skip', message: 'noRecord' };
    const evidence = { record: facts.record, problems: analysis.problems, includes: analysis.includes.map((i) => i.target) };
    const observed = facts.observed;
    const broken = analysis.problems.find((p) => BROKEN.has(p.code));
    // The top record's own syntax error is the analysis status, not a problem below it.
    const topError = analysis.tree.reason && BROKEN.has(analysis.tree.reason.code) ? analysis.tree.reason : undefined;
    const first = topError ?? broken;
    if (first) {
      const where = first.code === 'syntax' || first.code === 'multiple-records' ? first.domain : first.code === 'include-none' || first.code === 'redirect-none' ? first.at.domain : ctx.domain;
      // `ipv4:` / `ipv6:` (seen even in vendor docs, DOMAIN.md §3), or an address under the other family's
      // name: when correcting them makes the record parse, write the corrected record.
      const draft = first.code === 'syntax' && first.domain === ctx.domain ? RecordDraft.from(facts.record) : undefined;
      if (draft && draft.corrected.length > 0 && draft.dropped.length === 0) {
        const line = await checkedLine(ctx, draft.text(), draft.dropped);
        return { status: 'fail', message: 'broken', remedy: 'fixTypo', data: { problem: describeReason(first), line }, evidence, observed };
      }
      const owner = where === ctx.domain ? '' : ' (if that domain is not yours, remove or replace the include that leads to it)';
      return { status: 'fail', message: 'broken', remedy: 'fix', data: { problem: describeReason(first), where, owner }, evidence, observed };
    }
    const failed = dnsErrors(analysis)[0];
    if (failed) return { status: 'error', message: 'unverified', remedy: 'retry', data: { problem: describeReason(failed) }, evidence, observed };
    const ptr = analysis.problems.find((p) => p.code === 'ptr-used');
    if (ptr) return { status: 'warn', message: 'ptr', remedy: 'ptr', data: { problem: describeReason(ptr) }, evidence, observed };
    const count = new Set(analysis.includes.map((i) => i.target)).size;
    const included = count === 0 ? 'it includes no other record' : count === 1 ? 'the record it includes' : `the ${plural(count, 'record')} it includes`;
    return { status: 'pass', message: 'ok', data: { included }, evidence, observed };
  },
});
