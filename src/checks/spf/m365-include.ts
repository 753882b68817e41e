// spf.m365-include: Microsoft's SPF include is reached, directly or through nested includes.
import { defineCheck } from '../../engine/define.js';
import type { Check, Verdict } from '../../engine/types.js';
import { CLOUDS } from '../../knowledge/clouds.js';
import { describeReason, reachesDomain } from '../../spf/index.js';
import { expectedInclude, MICROSOFT_INCLUDES } from './context.js';
import { dnsErrors, spfFacts } from './facts.js';
import { txtLine, withoutTerms, withTerm } from './suggest.js';
import { DNS_RETRY_REMEDY } from '../../engine/messages.js';

export const spfM365Include = defineCheck({
  meta: {
    id: 'spf.m365-include',
    title: "Microsoft 365's servers authorized",
    verifies: "Microsoft's SPF include is reached (directly or through nested includes)",
    messages: {
      ok: 'The record reaches include:{found}{path}.',
      otherCloud: 'The record reaches include:{found}, but the MX is in {cloud}, whose servers are covered by include:{expected}.',
      missing:
        "The record does not include {expected}: mail sent from Microsoft 365 mailboxes fails SPF, so it lands in spam or is rejected (and DMARC fails unless DKIM aligns).",
      notAuthorizing:
        'The record reaches include:{found} only through "{term}": that qualifier turns Microsoft\'s pass into {result}, so mail sent from Microsoft 365 mailboxes does not pass SPF.',
      noRecord: 'No single SPF record to examine (see spf.present).',
      unverified: 'Part of the include tree could not be read ({problem}), and {expected} was not found in the rest.',
    },
    remedies: {
      add: 'At your DNS host, publish the record with the include added:\n{line}',
      retry: DNS_RETRY_REMEDY,
    },
  },
  async run(ctx) {
    const facts = await spfFacts(ctx);
    const analysis = facts.analysis;
    if (!analysis || facts.record === undefined) return { status: 'skip', message: 'noRecord' };
    const { include: expected, cloud } = await expectedInclude(ctx);
    // Reached through "+" includes only: "-include:"/"~include:"/"?include:" makes Microsoft's pass a fail,
    // softfail or neutral (RFC 7208 §5.2), which is not authorizing Microsoft 365 at all.
    const found = MICROSOFT_INCLUDES.find((inc) => reachesDomain(analysis, inc, { authorizing: true }));
    const evidence = { record: facts.record, expected, includes: analysis.includes.map((i) => ({ target: i.target, from: i.from, depth: i.depth })) };
    const observed = facts.observed;
    if (found) {
      const use = analysis.includes.find((i) => i.weakenedBy === undefined && i.target.toLowerCase() === found);
      const path = use && use.depth > 1 ? ` (through ${use.from})` : '';
      if (found !== expected && cloud) {
        return { status: 'warn', message: 'otherCloud', remedy: 'add', data: { found, expected, cloud: CLOUDS[cloud].name, line: txtLine(ctx.domain, withTerm(facts.record, `include:${expected}`)) }, evidence, observed };
      }
      return { status: 'pass', message: 'ok', data: { found, path }, evidence, observed };
    }
    const weakened = MICROSOFT_INCLUDES.find((inc) => reachesDomain(analysis, inc));
    if (weakened) {
      const line = txtLine(ctx.domain, withTerm(withoutTerms(facts.record, (t) => /^[-~?]include:/i.test(t) && t.slice(9).replace(/\.$/, '').toLowerCase() === weakened), `include:${expected}`));
      // The include whose qualifier is not "+", recorded by the analysis on the Microsoft include's path.
      const term = analysis.includes.find((i) => i.target.toLowerCase() === weakened)?.weakenedBy ?? '';
      const result = term.startsWith('-') ? 'fail' : term.startsWith('~') ? 'softfail' : 'neutral';
      return { status: 'fail', message: 'notAuthorizing', remedy: 'add', data: { found: weakened, term, result, line }, evidence, observed };
    }
    const failed = dnsErrors(analysis)[0];
    if (failed) return { status: 'error', message: 'unverified', remedy: 'retry', data: { problem: describeReason(failed), expected }, evidence, observed };
    return { status: 'fail', message: 'missing', remedy: 'add', data: { expected, line: txtLine(ctx.domain, withTerm(facts.record, `include:${expected}`)) }, evidence, observed };
  },
});
