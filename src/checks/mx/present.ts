// mx.present: the domain exists and publishes MX records (NXDOMAIN, no MX or a null MX fail).
import { CLOUDS } from '../../knowledge/clouds.js';
import { M365_ADMIN } from '../../knowledge/consoles.js';
import { defineCheck } from '../../engine/define.js';
import type { Check, Verdict } from '../../engine/types.js';
import { plural } from '../../util/text.js';
import { describeMx, mxEvidence, mxFacts } from './facts.js';

export const mxPresent = defineCheck({
  meta: {
    id: 'mx.present',
    title: 'MX records published',
    verifies: 'the domain exists and has MX records (NXDOMAIN, no MX, null MX: fail)',
    messages: {
      ok: '{records}: {hosts}.',
      nxdomain: '{domain} does not exist in DNS (NXDOMAIN): nobody can send mail to it.',
      none: '{domain} has no MX record: senders fall back to its A record (RFC 5321 §5.1), so mail does not reach Microsoft 365.',
      nullMx: '{domain} publishes a null MX ("0 ."): it declares that it accepts no mail at all (RFC 7505).',
      nullMixed:
        '{domain} has a null MX ("0 .") beside other MX records, which RFC 7505 §3 forbids: some senders will treat the domain as accepting no mail.',
    },
    remedies: {
      nxdomain:
        'Check the spelling of the domain. If it is right, the domain is not delegated: check its registration and name servers at the registrar.',
      publishMx: `Publish the MX record Microsoft 365 gives you for {domain}, priority 0 (the value is in ${M365_ADMIN.dnsRecords}; it looks like <token>.${CLOUDS.commercial.mxZone}).`,
      removeNull: `Delete the null MX record ("0 .") at your DNS host and publish the MX record Microsoft 365 gives you (${M365_ADMIN.dnsRecords}).`,
    },
  },
  async run(ctx) {
    const facts = await mxFacts(ctx);
    const base = { data: { domain: ctx.domain }, evidence: mxEvidence(facts), observed: facts.observed };
    switch (facts.outcome) {
      case 'nxdomain':
        return { ...base, status: 'fail', message: 'nxdomain', remedy: 'nxdomain' };
      case 'none':
        return { ...base, status: 'fail', message: 'none', remedy: 'publishMx' };
      case 'null':
        return { ...base, status: 'fail', message: 'nullMx', remedy: 'removeNull' };
      case 'records':
        if (facts.hasNullMx) return { ...base, status: 'fail', message: 'nullMixed', remedy: 'removeNull' };
        return {
          ...base,
          status: 'pass',
          message: 'ok',
          data: { records: plural(facts.targets.length, 'MX record'), hosts: facts.targets.map(describeMx) },
        };
    }
  },
});
