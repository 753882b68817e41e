// m365.dkim-signing: the tenant signs for the domain (its DKIM signing config is enabled) with the CNAME targets the domain publishes.
import { isFact, LookupError } from '../../engine/lookup.js';
import { defineCheck } from '../../engine/define.js';
import { canonicalName } from '../../m365/domains.js';
import { firstHop, lookupSelector, selectorObserved } from '../dkim/selector.js';
import { DEFENDER, POWERSHELL } from '../../knowledge/consoles.js';
import { dkimLines } from '../inside/observed.js';
import { m365Of } from '../inside/sources.js';

const SELECTORS = ['selector1', 'selector2'] as const;

/** Exchange Online PowerShell (New-/Set-DkimSigningConfig, Microsoft Learn "Set up DKIM"). */
const NEW_CONFIG = 'New-DkimSigningConfig -DomainName {domain} -Enabled $false';
const ENABLE = POWERSHELL.enableDkim;

export const m365DkimSigning = defineCheck({
  meta: {
    id: 'm365.dkim-signing',
    title: "Microsoft 365 signs the domain's mail with DKIM",
    verifies:
      "the tenant's DKIM signing config for the domain is enabled and its `Selector1CNAME`/`Selector2CNAME` are the CNAME targets published in DNS",
    needs: ['m365'],
    messages: {
      ok: '{tenantDomain} signs mail from {domain} with DKIM (Enabled, status {status}), and the domain publishes the CNAMEs it expects: {published}.',
      noConfig:
        '{tenantDomain} has no DKIM signing configuration for {domain}: Microsoft 365 signs its mail with {tenantDomain} instead, which does not align with {domain} under DMARC, so mail relayed or forwarded on the way loses its DMARC pass.',
      disabled:
        "{tenantDomain}'s DKIM signing configuration for {domain} is disabled (status {status}): Microsoft 365 signs mail from {domain} with {tenantDomain}, which does not align with {domain} under DMARC.",
      noTarget: "{tenantDomain}'s DKIM signing configuration for {domain} names no {selector} CNAME target yet (status {status}).",
      mismatch:
        '{tenantDomain} signs with {selector} expecting {name} to be a CNAME to {expected}, but DNS has {found}: receivers look up a key Microsoft does not sign with, and the DKIM signature of every message from {domain} fails.',
    },
    remedies: {
      create: `Publish the two CNAMEs Microsoft shows, then turn signing on: ${DEFENDER.dkim} → {domain} → Sign messages for this domain with DKIM signatures (Exchange Online PowerShell: ${NEW_CONFIG}, then ${ENABLE}).`,
      enable: `${DEFENDER.dkim} → {domain} → Sign messages for this domain with DKIM signatures: on (Exchange Online PowerShell: ${ENABLE}).`,
      publish: 'In the DNS zone of {domain}, publish {name} as a CNAME to {expected} (the value Microsoft shows in ' + DEFENDER.dkim + '), and remove any other record there.',
    },
  },
  async run(ctx) {
    const view = m365Of(ctx);
    const domain = canonicalName(ctx.domain);
    const config = view.dkimSigningConfigs[0];
    const observed = dkimLines(view, view.dkimSigningConfigs);
    const base = { tenantDomain: view.tenant, domain };
    if (!config) return { status: 'fail', message: 'noConfig', remedy: 'create', data: base, evidence: { tenant: view.tenant, config: null }, observed };
    const status = config.Status ?? 'not given';
    const evidence: Record<string, unknown> = { tenant: view.tenant, config };
    if (!config.Enabled) return { status: 'fail', message: 'disabled', remedy: 'enable', data: { ...base, status }, evidence, observed };
    const published: string[] = [];
    const seen: Record<string, string | null> = {};
    for (const selector of SELECTORS) {
      const expected = selector === 'selector1' ? config.Selector1CNAME : config.Selector2CNAME;
      if (expected === null) return { status: 'fail', message: 'noTarget', remedy: 'create', data: { ...base, status, selector }, evidence, observed };
      const lookup = await lookupSelector(ctx, selector);
      if (!isFact(lookup.cname)) throw new LookupError(lookup.cname);
      const hop = firstHop(lookup);
      seen[lookup.name] = hop ?? null;
      if (hop === undefined || canonicalName(hop) !== canonicalName(expected)) {
        // A CNAME question that found nothing: the TXT lookup (same name) tells a key record from nothing at all.
        if (hop === undefined && !isFact(lookup.txt)) throw new LookupError(lookup.txt);
        const found = hop !== undefined ? `a CNAME to ${canonicalName(hop)}` : lookup.txt.records.some((r) => r.type === 'TXT') ? 'a TXT record instead of the CNAME' : 'no record';
        return {
          status: 'fail',
          message: 'mismatch',
          remedy: 'publish',
          data: { ...base, selector, name: lookup.name, expected: canonicalName(expected), found },
          evidence: { ...evidence, dns: seen },
          observed: [...observed, ...selectorObserved(lookup)],
        };
      }
      published.push(`${lookup.name} → ${canonicalName(hop)}`);
    }
    return { status: 'pass', message: 'ok', data: { ...base, status, published }, evidence: { ...evidence, dns: seen }, observed };
  },
});
