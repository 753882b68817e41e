// A Microsoft 365 tenant as its export file looks, built the way the cmdlets return it (Get-AcceptedDomain, Get-OutboundConnector, ...).

export const TENANT = 'fabrikamltd.onmicrosoft.com';
export const DOMAIN = 'fabrikam.test';
export const SMART_HOST = 'mail.fabrikam.test';
export const HOSTING_IP = '203.0.113.40';
export const MX = 'fabrikam-test.mail.protection.outlook.com';
export const SELECTOR1 = 'selector1-fabrikam-test._domainkey.fabrikamltd.onmicrosoft.com';
export const SELECTOR2 = 'selector2-fabrikam-test._domainkey.fabrikamltd.onmicrosoft.com';

/** An X500 proxy as Exchange Online writes one (legacyExchangeDN of a migrated mailbox). */
export function x500(n: string): string {
  return `X500:/o=ExchangeLabs/ou=Exchange Administrative Group (FYDIBOHF23SPDLT)/cn=Recipients/cn=${n}0a1b2c3d4e5f-${n}`;
}

export type Row = Record<string, unknown>;

export function accepted(DomainName: string, DomainType: string, Default = false): Row {
  return { DomainName, DomainType, Default };
}

export function outbound(overrides: Row = {}): Row {
  return {
    Name: 'To the hosting server',
    Enabled: true,
    ConnectorType: 'OnPremises',
    RecipientDomains: [DOMAIN],
    SmartHosts: [SMART_HOST],
    UseMXRecord: false,
    TlsSettings: 'DomainValidation',
    TlsDomain: SMART_HOST,
    IsTransportRuleScoped: false,
    AllAcceptedDomains: false,
    IsValidated: true,
    LastValidationTimestamp: '2026-11-30T08:12:44Z',
    ...overrides,
  };
}

export function inbound(overrides: Row = {}): Row {
  return {
    Name: 'From the hosting server',
    Enabled: true,
    ConnectorType: 'Partner',
    SenderIPAddresses: [HOSTING_IP],
    SenderDomains: ['smtp:*;1'],
    TlsSenderCertificateName: null,
    RestrictDomainsToIPAddresses: true,
    RequireTls: false,
    ...overrides,
  };
}

export function dkim(overrides: Row = {}): Row {
  return { Domain: DOMAIN, Enabled: true, Status: 'Valid', Selector1CNAME: SELECTOR1, Selector2CNAME: SELECTOR2, ...overrides };
}

/** A user mailbox: its primary address at `domain`, the tenant's routing address, an X500 and a SIP/SPO proxy. */
export function mailbox(local: string, type = 'UserMailbox', extra: string[] = [], domain = DOMAIN): Row {
  return {
    PrimarySmtpAddress: `${local}@${domain}`,
    EmailAddresses: [`SMTP:${local}@${domain}`, `smtp:${local.toLowerCase()}@${TENANT}`, x500(local.toLowerCase()), `SIP:${local.toLowerCase()}@${domain}`, `SPO:SPO_0f1e2d3c-${local.toLowerCase()}@SPO_a1b2c3d4`, ...extra],
    RecipientTypeDetails: type,
  };
}

/** The export of a healthy split tenant: InternalRelay, one OnPremises connector through the smart host, DKIM on, Direct Send allowed. */
export function healthyTenant(overrides: Row = {}): Row {
  return {
    splitcheckExport: 1,
    tenant: TENANT,
    exportedAt: '2026-12-06T10:00:00Z',
    AcceptedDomains: [accepted(TENANT, 'Authoritative'), accepted('fabrikamltd.mail.onmicrosoft.com', 'Authoritative'), accepted(DOMAIN, 'InternalRelay', true), accepted('fabrikam-other.test', 'Authoritative')],
    OutboundConnectors: [outbound()],
    InboundConnectors: [],
    OrganizationConfig: { RejectDirectSend: false },
    DkimSigningConfigs: [dkim(), { Domain: TENANT, Enabled: true, Status: 'Valid', Selector1CNAME: null, Selector2CNAME: null }],
    Recipients: [mailbox('Ann.Lee'), mailbox('Info', 'SharedMailbox'), { ...mailbox('sales', 'MailUniversalDistributionGroup'), EmailAddresses: ['SMTP:sales@fabrikam.test', `smtp:sales@${TENANT}`] }],
    ...overrides,
  };
}

/** The DNS of the healthy split domain: MX at Microsoft, the smart host on loopback, both DKIM CNAMEs. */
export function healthyZone(): Record<string, object[]> {
  return {
    [DOMAIN]: [{ MX: [0, MX] }, { TXT: 'v=spf1 include:spf.protection.outlook.com ip4:203.0.113.40 -all' }],
    [MX]: [{ A: '198.51.100.20' }],
    [SMART_HOST]: [{ A: HOSTING_IP }],
    [`selector1._domainkey.${DOMAIN}`]: [{ CNAME: SELECTOR1 }],
    [`selector2._domainkey.${DOMAIN}`]: [{ CNAME: SELECTOR2 }],
    [SELECTOR1]: [{ TXT: 'v=DKIM1; k=rsa; p=MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA' }],
    [SELECTOR2]: [{ TXT: 'v=DKIM1; k=rsa; p=MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA' }],
  };
}
