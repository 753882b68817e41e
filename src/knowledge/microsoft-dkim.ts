// Microsoft 365's DKIM CNAME targets per cloud and name form, and where the admin finds and enables them.
import { isMicrosoftName } from './microsoft-names.js';
import type { Cloud } from './microsoft.js';

/** The two selectors Microsoft 365 signs custom domains with; it rotates between them. */
export const M365_SELECTORS = ['selector1', 'selector2'] as const;
export type M365Selector = (typeof M365_SELECTORS)[number];

/** `classic`: `<tenant>.onmicrosoft.com` (and its per-cloud twins); `v1`: `<tenant>.<letter>-v1.dkim.mail.microsoft` (May 2025). */
export type DkimTargetForm = 'classic' | 'v1';

export interface MicrosoftDkimTarget {
  /** The `selectorN-` prefix of the target: selector1's CNAME must lead to `selector1-...`. */
  selector: M365Selector;
  /**
   * The custom domain as Microsoft wrote it: usually dots turned into dashes, but older domains took the
   * MX token (`contoso-com0i`) and hyphenated ones drop hyphens or gain suffixes, so it is read, never built.
   */
  token: string;
  /** The initial-domain prefix (`contoso` of contoso.onmicrosoft.com). */
  tenant: string;
  cloud: Cloud;
  form: DkimTargetForm;
  /** The `<letter>` of `<letter>-v1` (Microsoft's "dynamic partition character"). */
  partition?: string;
}

/**
 * Target forms, from Microsoft Learn "Set up DKIM to sign mail from your Microsoft 365 domain"
 * (learn.microsoft.com/defender-office-365/email-authentication-dkim-configure):
 * `selectorN-<CustomDomainWithDashes>._domainkey.<InitialDomain>`, and for new custom domains since
 * May 2025 `...<InitialDomainPrefix>.<DynamicPartitionCharacter>-v1.dkim.mail.microsoft` (one letter,
 * the same for both selectors; the old and new forms cannot coexist for one selector).
 * GCC High/DoD tenants' initial domain is `<tenant>.onmicrosoft.us` and 21Vianet's
 * `<tenant>.partner.onmschina.cn` (Microsoft's GCC High DNS records page and domains FAQ); the CNAME
 * points at the initial domain in every cloud. The v1 form is documented for the worldwide service only.
 */
const FORMS: readonly { pattern: RegExp; cloud: Cloud; form: DkimTargetForm }[] = [
  { pattern: /^(selector[12])-([a-z0-9-]+)\._domainkey\.([a-z0-9-]+)\.onmicrosoft\.com$/, cloud: 'commercial', form: 'classic' },
  { pattern: /^(selector[12])-([a-z0-9-]+)\._domainkey\.([a-z0-9-]+)\.([a-z])-v1\.dkim\.mail\.microsoft$/, cloud: 'commercial', form: 'v1' },
  { pattern: /^(selector[12])-([a-z0-9-]+)\._domainkey\.([a-z0-9-]+)\.onmicrosoft\.us$/, cloud: 'gcc-high', form: 'classic' },
  { pattern: /^(selector[12])-([a-z0-9-]+)\._domainkey\.([a-z0-9-]+)\.partner\.onmschina\.cn$/, cloud: 'china', form: 'classic' },
];

/** Parse a CNAME target as a Microsoft 365 DKIM host, or undefined when it has none of the forms. */
export function microsoftDkimTarget(host: string): MicrosoftDkimTarget | undefined {
  const name = host.toLowerCase().replace(/\.$/, '');
  for (const f of FORMS) {
    const m = f.pattern.exec(name);
    if (!m) continue;
    const target: MicrosoftDkimTarget = { selector: m[1] as M365Selector, token: m[2]!, tenant: m[3]!, cloud: f.cloud, form: f.form };
    if (m[4] !== undefined) target.partition = m[4];
    return target;
  }
  return undefined;
}

/** Parent zones of Microsoft's DKIM hosts, for telling "wrong form inside Microsoft" from "elsewhere". */
const DKIM_PARENTS = ['onmicrosoft.com', 'onmicrosoft.us', 'onmschina.cn', 'dkim.mail.microsoft'];

/** Whether a name lies in Microsoft's namespace (a DKIM parent zone or any Microsoft 365 mail host). */
export function inMicrosoftNamespace(host: string): boolean {
  const name = host.toLowerCase().replace(/\.$/, '');
  return isMicrosoftName(name) || DKIM_PARENTS.some((p) => name === p || name.endsWith(`.${p}`));
}

/** Cloud names for DKIM targets: onmicrosoft.us serves GCC High and DoD alike. */
export const DKIM_CLOUD_NAMES: Record<Cloud, string> = {
  commercial: 'Microsoft 365 worldwide',
  'gcc-high': 'Microsoft 365 GCC High/DoD',
  dod: 'Microsoft 365 GCC High/DoD',
  china: 'Microsoft 365 operated by 21Vianet',
};

/** The form of the two CNAMEs, for remedies when none can be copied from the other selector. */
export const DKIM_CNAME_FORMS =
  '<tenant>.onmicrosoft.com (custom domains added since May 2025: <tenant>.<letter>-v1.dkim.mail.microsoft; GCC High/DoD: <tenant>.onmicrosoft.us; 21Vianet: <tenant>.partner.onmschina.cn)';

/** Where the exact CNAME values are shown and signing is switched on (Microsoft Learn, same page). */
export const DEFENDER_DKIM_PAGE =
  'Microsoft Defender portal (security.microsoft.com/authentication?viewid=DKIM: Email & collaboration → Policies & rules → Threat policies → Email authentication settings → DKIM)';

/** The initial domain's suffix per cloud: the parent of the classic-form targets. */
const INITIAL_DOMAIN_SUFFIX: Record<Cloud, string> = {
  commercial: 'onmicrosoft.com',
  'gcc-high': 'onmicrosoft.us',
  dod: 'onmicrosoft.us',
  china: 'partner.onmschina.cn',
};

/** The target of `selector` in the same form, tenant and token as `other` (both come from one configuration). */
export function sibling(other: MicrosoftDkimTarget, selector: M365Selector): string {
  const parent = other.form === 'v1' ? `${other.partition ?? 'x'}-v1.dkim.mail.microsoft` : INITIAL_DOMAIN_SUFFIX[other.cloud];
  return `${selector}-${other.token}._domainkey.${other.tenant}.${parent}`;
}
