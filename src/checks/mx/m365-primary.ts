// mx.m365-primary: every lowest-preference MX target is a Microsoft 365 inbound host, in any cloud.
import { defineCheck } from '../../engine/define.js';
import type { Check, Verdict } from '../../engine/types.js';
import { CLOUDS, sameCloudFamily } from '../../knowledge/clouds.js';
import { EAC, M365_ADMIN } from '../../knowledge/consoles.js';
import { describeMx, mxEvidence, mxFacts } from './facts.js';

export const mxM365Primary = defineCheck({
  meta: {
    id: 'mx.m365-primary',
    title: 'Microsoft 365 receives mail first',
    verifies: 'every lowest-preference MX target is a Microsoft 365 inbound host (all clouds, both name forms)',
    messages: {
      ok: 'Mail goes to Microsoft 365 first: {hosts} ({cloud}).',
      noMx: '{domain} has no usable MX record, so no mail reaches Microsoft 365 (see mx.present).',
      gateway:
        'Mail reaches {vendors} first, a filtering gateway, not Microsoft 365 directly: splitcheck cannot see where the gateway delivers.',
      notLowest:
        'The first MX is {others}, not Microsoft 365 ({ms}): it receives the mail, and Microsoft 365 only gets what it cannot take.',
      sharedLowest:
        'MX {others} has the same lowest preference as Microsoft 365: senders pick either at random, so part of the mail never passes through Microsoft 365.',
      noMicrosoft: 'No MX points at Microsoft 365: all mail goes to {others}.',
      unexpectedHost:
        'Mail goes to Microsoft 365 at {hosts}, but the expected MX is {expected}: the MX may belong to another tenant, or Microsoft 365 gave this domain a new value.',
      unexpectedCloud: 'Mail goes to Microsoft 365 at {hosts} ({cloud}), but the tenant is expected in {expectedCloud}.',
      incomplete:
        'The MX answer holds {omitted} more records than splitcheck judges ({kept}): the lowest-preference MX may be among the unseen ones, so Microsoft 365 receiving mail first could not be verified.',
    },
    remedies: {
      publishMx: `Publish the MX record Microsoft 365 gives you for {domain} with priority 0 (${M365_ADMIN.dnsRecords}) and delete every other MX record.`,
      gateway:
        `Make sure {vendors} delivers to Microsoft 365 (its outbound route / smart host is your <token>.${CLOUDS.commercial.mxZone} host) and never directly to the hosting server; in ${EAC.connectors}, add an inbound connector for the gateway and enable Enhanced Filtering.`,
      reorder:
        'At your DNS host, give the Microsoft 365 MX ({msHost}) priority 0 and delete the MX record(s) {others}: Microsoft 365 relays mail for hosting mailboxes itself, through the outbound connector.',
      deleteOthers:
        'At your DNS host, delete the MX record(s) {others}. Keep only the Microsoft 365 MX: it relays mail for hosting mailboxes through the outbound connector.',
      replace: `At your DNS host, replace the MX record(s) {others} with the MX record Microsoft 365 gives you, priority 0 (${M365_ADMIN.dnsRecords}).`,
      expected: `Compare with the value in ${M365_ADMIN.dnsRecords}. If it is the tenant's value, publish:\n{domain}. 3600 IN MX 0 {expected}.\nOtherwise correct the expected host in your configuration (--expect-mx / expect.mxHost).`,
      incomplete: `At your DNS host, delete the surplus MX records: a split domain needs only the Microsoft 365 MX (${M365_ADMIN.dnsRecords}).`,
      expectedCloud: 'Publish the MX record of the tenant in {expectedCloud} (its admin center shows it), or correct the expected cloud in your configuration (--cloud / expect.cloud).',
    },
  },
  async run(ctx) {
    const facts = await mxFacts(ctx);
    const base = { evidence: mxEvidence(facts), observed: facts.observed };
    if (facts.outcome !== 'records') {
      return { ...base, status: 'fail', message: 'noMx', remedy: 'publishMx', data: { domain: ctx.domain } };
    }
    // Records beyond the client's cap are unseen: any verdict on "the lowest preference" would be a guess.
    if (facts.omitted > 0) {
      return { ...base, status: 'error', message: 'incomplete', remedy: 'incomplete', data: { omitted: facts.omitted, kept: facts.lookup.records.length } };
    }
    const lowest = facts.targets.filter((t) => t.preference === facts.lowestPreference);
    const microsoft = facts.targets.filter((t) => t.kind.type === 'microsoft');
    const others = lowest.filter((t) => t.kind.type !== 'microsoft' && t.kind.type !== 'gateway');
    const gateways = lowest.flatMap((t) => (t.kind.type === 'gateway' ? [t.kind.vendor] : []));
    const data = {
      domain: ctx.domain,
      others: others.map(describeMx),
      ms: microsoft.map(describeMx),
      msHost: microsoft[0]?.exchange ?? '',
      vendors: [...new Set(gateways)],
    };
    if (others.length === 0 && gateways.length === 0) {
      const hosts = lowest.map((t) => t.exchange);
      const clouds = lowest.flatMap((t) => (t.kind.type === 'microsoft' ? [t.kind.cloud] : []));
      const cloud = [...new Set(clouds.map((c) => CLOUDS[c].name))];
      // What the configuration says the tenant uses: a different token or cloud is a real mismatch.
      const expected = ctx.input.expectedMxHost?.toLowerCase().replace(/\.$/, '');
      if (expected && !hosts.includes(expected)) {
        return { ...base, status: 'fail', message: 'unexpectedHost', remedy: 'expected', data: { ...data, hosts, expected } };
      }
      const expectedCloud = ctx.input.expectedCloud;
      if (expectedCloud && !clouds.some((c) => sameCloudFamily(c, expectedCloud))) {
        return { ...base, status: 'fail', message: 'unexpectedCloud', remedy: 'expectedCloud', data: { ...data, hosts, cloud, expectedCloud: CLOUDS[expectedCloud].name } };
      }
      return { ...base, status: 'pass', message: 'ok', data: { ...data, hosts, cloud } };
    }
    if (others.length === 0) return { ...base, status: 'warn', message: 'gateway', remedy: 'gateway', data };
    if (microsoft.length === 0) return { ...base, status: 'fail', message: 'noMicrosoft', remedy: 'replace', data };
    const microsoftInLowest = lowest.some((t) => t.kind.type === 'microsoft');
    return microsoftInLowest
      ? { ...base, status: 'fail', message: 'sharedLowest', remedy: 'deleteOthers', data }
      : { ...base, status: 'fail', message: 'notLowest', remedy: 'reorder', data };
  },
});
