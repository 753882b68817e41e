// spf.all: the policy ends in -all or ~all (+all fails; ?all, no all, or a redirect to no record warns).
import { defineCheck } from '../../engine/define.js';
import type { Check, Verdict } from '../../engine/types.js';
import { dnsErrors, spfFacts } from './facts.js';
import { describeReason } from '../../spf/index.js';
import { txtLine, withHardFail } from './suggest.js';
import { DNS_RETRY_REMEDY } from '../../engine/messages.js';

export const spfAll = defineCheck({
  meta: {
    id: 'spf.all',
    title: 'SPF policy for everyone else',
    verifies: 'the policy ends in `-all` or `~all` (`+all` fail; `?all` or none warn)',
    messages: {
      strict: 'The policy ends in {all}{via}: mail from any other server {effect}.',
      open: 'The policy ends in +all{via}: it authorizes every server on the internet to send as {domain}, so SPF protects nothing and forged mail passes.',
      neutral: 'The policy ends in ?all{via}: mail from any other server is "neutral", so SPF does not protect the domain against forgery.',
      none: 'The policy has no "all" term{via}: the result for other servers is neutral, so SPF does not protect the domain against forgery.',
      brokenRedirect:
        'The policy ends in redirect={target}, which publishes no SPF record: every evaluation ends in permerror (RFC 7208 §6.1), for your own servers too, so there is no policy at all (see spf.syntax).',
      noRecord: 'No single SPF record to examine (see spf.present).',
      unverified: 'The end of the policy could not be read: {problem}.',
    },
    remedies: {
      retry: DNS_RETRY_REMEDY,
      harden: 'Once the record lists every server that sends for you, end it with -all (or ~all while you verify):\n{line}',
      redirect:
        'Publish the SPF record the redirect expects at {target} (ending in -all), or replace redirect={target} in the record of {domain} with the mechanisms of the servers that send for you, ending in -all.',
    },
  },
  async run(ctx) {
    const facts = await spfFacts(ctx);
    const analysis = facts.analysis;
    if (!analysis || facts.record === undefined) return { status: 'skip', message: 'noRecord' };
    const effective = analysis.effectiveAll;
    const via = effective && effective.domain !== ctx.domain ? ` (through redirect= to ${effective.domain})` : '';
    const evidence = { record: facts.record, all: analysis.all ?? null, effectiveAll: effective ?? null };
    const data = { via, domain: ctx.domain, line: txtLine(ctx.domain, withHardFail(facts.record)) };
    const observed = facts.observed;
    switch (effective?.qualifier) {
      case '-':
        return { status: 'pass', message: 'strict', data: { ...data, all: '-all', effect: 'fails SPF' }, evidence };
      case '~':
        return { status: 'pass', message: 'strict', data: { ...data, all: '~all', effect: 'soft-fails SPF (marked suspicious; DMARC decides)' }, evidence };
      case '+':
        return { status: 'fail', message: 'open', remedy: 'harden', data, evidence, observed };
      case '?':
        return { status: 'warn', message: 'neutral', remedy: 'harden', data, evidence, observed };
      default: {
        // No `all` may just mean a redirect target could not be read: that is unknown, not missing.
        const failed = dnsErrors(analysis)[0];
        if (failed) return { status: 'error', message: 'unverified', remedy: 'retry', data: { problem: describeReason(failed) }, evidence };
        // A redirect to a name without a record is not "no all": check_host() is permerror for every sender.
        const broken = analysis.problems.find((p) => p.code === 'redirect-none');
        if (broken && broken.code === 'redirect-none') {
          return { status: 'warn', message: 'brokenRedirect', remedy: 'redirect', data: { ...data, target: broken.target }, evidence, observed };
        }
        return { status: 'warn', message: 'none', remedy: 'harden', data, evidence, observed };
      }
    }
  },
});
