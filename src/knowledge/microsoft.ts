// Microsoft 365's published host names per cloud: inbound MX forms, autodiscover, SPF include, DKIM targets.

export type Cloud = 'commercial' | 'gcc-high' | 'dod' | 'china';

export const CLOUD_NAMES: Record<Cloud, string> = {
  commercial: 'Microsoft 365 worldwide',
  'gcc-high': 'Microsoft 365 GCC High',
  dod: 'Microsoft 365 DoD',
  china: 'Microsoft 365 operated by 21Vianet',
};

/**
 * Inbound MX host forms. The first label is a tenant/domain token that Microsoft assigns: usually
 * the domain with dots turned into dashes, but hyphenated domains get suffixes such as `0i` or `01b`,
 * so it is never built from the domain — only the suffix is matched (DOMAIN.md §3).
 * GCC High and DoD share one suffix; the MX alone cannot tell them apart.
 */
const MX_FORMS: readonly { pattern: RegExp; cloud: Cloud; form: 'classic' | 'dane' }[] = [
  { pattern: /^[a-z0-9-]+\.mail\.protection\.outlook\.com$/, cloud: 'commercial', form: 'classic' },
  // The newer DNSSEC/DANE-capable form: <token>.<letter>-v1.mx.microsoft (e.g. contoso-com.o-v1.mx.microsoft).
  { pattern: /^[a-z0-9-]+\.[a-z]-v1\.mx\.microsoft$/, cloud: 'commercial', form: 'dane' },
  { pattern: /^[a-z0-9-]+\.mail\.protection\.office365\.us$/, cloud: 'gcc-high', form: 'classic' },
  { pattern: /^[a-z0-9-]+\.mail\.protection\.partner\.outlook\.cn$/, cloud: 'china', form: 'classic' },
];

export interface MicrosoftMx {
  cloud: Cloud;
  form: 'classic' | 'dane';
}

/** Classify an MX target as a Microsoft 365 inbound host, or undefined. */
export function microsoftMx(host: string): MicrosoftMx | undefined {
  const name = host.toLowerCase().replace(/\.$/, '');
  for (const f of MX_FORMS) if (f.pattern.test(name)) return { cloud: f.cloud, form: f.form };
  return undefined;
}

/** The autodiscover CNAME target per cloud (Microsoft's "Add DNS records" page of each cloud). */
export const AUTODISCOVER_HOSTS: Record<string, Cloud> = {
  'autodiscover.outlook.com': 'commercial',
  'autodiscover.office365.us': 'gcc-high',
  'autodiscover-dod.office365.us': 'dod',
  'autodiscover.partner.outlook.cn': 'china',
};

export function microsoftAutodiscover(host: string): Cloud | undefined {
  return AUTODISCOVER_HOSTS[host.toLowerCase().replace(/\.$/, '')];
}

export const AUTODISCOVER_TARGET: Record<Cloud, string> = {
  commercial: 'autodiscover.outlook.com',
  'gcc-high': 'autodiscover.office365.us',
  dod: 'autodiscover-dod.office365.us',
  china: 'autodiscover.partner.outlook.cn',
};

/** Whether two clouds may share a setting: the MX suffix of GCC High and DoD is the same. */
export function sameCloudFamily(a: Cloud, b: Cloud): boolean {
  const family = (c: Cloud) => (c === 'dod' ? 'gcc-high' : c);
  return family(a) === family(b);
}

/** Where the admin finds the exact values to publish (the MX token above all). */
export const ADMIN_CENTER_DNS_PAGE =
  'Microsoft 365 admin center → Settings → Domains → select the domain → DNS records';

/** The SPF include that authorizes Exchange Online's outbound servers, per cloud (DOMAIN.md §3). */
export const SPF_INCLUDE: Record<Cloud, string> = {
  commercial: 'spf.protection.outlook.com',
  'gcc-high': 'spf.protection.office365.us',
  dod: 'spf.protection.office365.us',
  china: 'spf.protection.partner.outlook.cn',
};
