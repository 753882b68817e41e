// spf.present: exactly one `v=spf1` TXT record at the domain (RFC 7208 §4.5).
import { defineCheck } from '../../engine/define.js';
import type { Check, Verdict } from '../../engine/types.js';
import { expectedInclude, knownHostingIps } from './context.js';
import { spfFacts } from './facts.js';
import { checkedLine, mergeRecords, newRecord } from './suggest.js';

export const spfPresent = defineCheck({
  meta: {
    id: 'spf.present',
    title: 'One SPF record',
    verifies: 'exactly one `v=spf1` TXT record at the domain',
    messages: {
      one: 'One SPF record: {record}',
      nxdomain: '{domain} does not exist in DNS, so it has no SPF record (see mx.present).',
      none: '{domain} has no SPF record: receivers cannot tell your Microsoft 365 and hosting servers from forgers, so your mail lands in spam or is rejected, and anyone can send as your domain.',
      multiple:
        '{domain} has {count} SPF records; RFC 7208 §4.5 allows exactly one, so receivers return permerror and SPF fails for all your mail.',
    },
    remedies: {
      nxdomain: 'Check the spelling of the domain; if it is right, check its registration and name servers at the registrar.',
      publish: 'At your DNS host, publish one TXT record at the domain:\n{line}\n{ipNote}',
      merge:
        'At your DNS host, delete the SPF records and publish a single one that combines them, for example:\n{line}\nKeep every include and ip4/ip6 term that is still needed; one record may hold at most 10 DNS-querying terms (see spf.lookup-limit).',
    },
  },
  async run(ctx) {
    const facts = await spfFacts(ctx);
    const base = { evidence: { records: facts.records, lookup: facts.lookup.status }, observed: facts.observed };
    if (facts.record !== undefined) return { ...base, status: 'pass', message: 'one', data: { record: facts.record } };
    if (facts.lookup.status === 'nxdomain') return { ...base, status: 'fail', message: 'nxdomain', remedy: 'nxdomain', data: { domain: ctx.domain } };
    const [{ include }, ips] = await Promise.all([expectedInclude(ctx), knownHostingIps(ctx)]);
    const ipNote = ips.length > 0 ? '' : "Replace <hosting server outbound IP> with the hosting server's sending address (or give --hosting-ip).";
    if (facts.records.length === 0) {
      return {
        ...base,
        status: 'fail',
        message: 'none',
        remedy: 'publish',
        data: { domain: ctx.domain, line: await checkedLine(ctx, newRecord(include, ips)), ipNote },
      };
    }
    return {
      ...base,
      status: 'fail',
      message: 'multiple',
      remedy: 'merge',
      data: { domain: ctx.domain, count: facts.records.length, line: await checkedLine(ctx, mergeRecords(facts.records)) },
    };
  },
});
