// The one list of Microsoft 365 clouds: names, SPF include, autodiscover target, MX and DKIM zones, admin portals.

export type Cloud = 'commercial' | 'gcc-high' | 'dod' | 'china';

export interface CloudFacts {
  /** How a report names the cloud. */
  name: string;
  /** The name for facts GCC High and DoD share (the MX, the DKIM targets): the name alone cannot tell them apart. */
  familyName: string;
  /** GCC High and DoD share MX, SPF and DKIM zones; everything the DNS shows is judged per family. */
  family: Cloud;
  /** The SPF include that authorizes Exchange Online's outbound servers (DOMAIN.md §3). */
  spfInclude: string;
  /** The autodiscover CNAME target (Microsoft's "Add DNS records" page of each cloud). */
  autodiscover: string;
  /** Parent zone of the classic inbound MX host `<token>.<mxZone>`; the token is read from the MX, never built. */
  mxZone: string;
  /**
   * Parent zone of the newer DNSSEC-signed inbound MX `<token>.<partition>.<zone>` (DOMAIN.md §3 and §6);
   * only documented for the worldwide service.
   */
  mxDnssecZone?: string;
  /** The tenant's initial ("routing") domain suffix: `<tenant>.<suffix>`, also the parent of classic DKIM targets. */
  initialDomainSuffix: string;
  /** Parent zone of the May-2025 DKIM targets `...<tenant>.<letter>-v1.<zone>`; worldwide only. */
  dkimV1Zone?: string;
  /** Admin portals where they differ per cloud; absent when no source names the address for that cloud. */
  portals: { admin: string; exchange?: string; defender?: string };
}

/**
 * Sources: DOMAIN.md §3 (MX, SPF, autodiscover, DKIM forms); Microsoft Learn "Set up DKIM to sign mail from
 * your Microsoft 365 domain" (initial domains, the `-v1.dkim.mail.microsoft` form); "How SMTP DANE works"
 * (the `mx.microsoft` MX); Microsoft Learn's US Government endpoint tables (portal.office365.us,
 * portal.apps.mil; security.microsoft.us, security.apps.mil; admin.exchange.apps.mil in the DoD endpoint
 * list); 21Vianet's admin center https://portal.partner.microsoftonline.cn (Microsoft Learn, 21Vianet moniker).
 */
export const CLOUDS: Readonly<Record<Cloud, Readonly<CloudFacts>>> = {
  commercial: {
    name: 'Microsoft 365 worldwide',
    familyName: 'Microsoft 365 worldwide',
    family: 'commercial',
    spfInclude: 'spf.protection.outlook.com',
    autodiscover: 'autodiscover.outlook.com',
    mxZone: 'mail.protection.outlook.com',
    mxDnssecZone: 'mx.microsoft',
    initialDomainSuffix: 'onmicrosoft.com',
    dkimV1Zone: 'dkim.mail.microsoft',
    portals: { admin: 'https://admin.microsoft.com', exchange: 'https://admin.exchange.microsoft.com', defender: 'https://security.microsoft.com' },
  },
  'gcc-high': {
    name: 'Microsoft 365 GCC High',
    familyName: 'Microsoft 365 GCC High/DoD',
    family: 'gcc-high',
    spfInclude: 'spf.protection.office365.us',
    autodiscover: 'autodiscover.office365.us',
    mxZone: 'mail.protection.office365.us',
    initialDomainSuffix: 'onmicrosoft.us',
    portals: { admin: 'https://portal.office365.us', exchange: 'https://admin.exchange.office365.us', defender: 'https://security.microsoft.us' },
  },
  dod: {
    name: 'Microsoft 365 DoD',
    familyName: 'Microsoft 365 GCC High/DoD',
    family: 'gcc-high',
    spfInclude: 'spf.protection.office365.us',
    autodiscover: 'autodiscover-dod.office365.us',
    mxZone: 'mail.protection.office365.us',
    initialDomainSuffix: 'onmicrosoft.us',
    portals: { admin: 'https://portal.apps.mil', exchange: 'https://admin.exchange.apps.mil', defender: 'https://security.apps.mil' },
  },
  china: {
    name: 'Microsoft 365 operated by 21Vianet',
    familyName: 'Microsoft 365 operated by 21Vianet',
    family: 'china',
    spfInclude: 'spf.protection.partner.outlook.cn',
    autodiscover: 'autodiscover.partner.outlook.cn',
    mxZone: 'mail.protection.partner.outlook.cn',
    initialDomainSuffix: 'partner.onmschina.cn',
    portals: { admin: 'https://portal.partner.microsoftonline.cn' },
  },
};

/** Every cloud id, in the order a usage line lists them. */
export const CLOUD_IDS: readonly Cloud[] = Object.keys(CLOUDS) as Cloud[];

export function isCloud(value: string): value is Cloud {
  return Object.hasOwn(CLOUDS, value);
}

/** Whether two clouds may share a setting: GCC High and DoD publish the same MX, SPF and DKIM zones. */
export function sameCloudFamily(a: Cloud, b: Cloud): boolean {
  return CLOUDS[a].family === CLOUDS[b].family;
}

/** Every Microsoft SPF include, whatever the cloud (GCC High and DoD share one). */
export const MICROSOFT_SPF_INCLUDES: readonly string[] = [...new Set(CLOUD_IDS.map((c) => CLOUDS[c].spfInclude))];
