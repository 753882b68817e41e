// Tenants as real exports show them, judged by the m365.* checks through the CLI on loopback (DNS, the smart host, the file), live and replayed.
// Each world's statuses were written from CHECKS.md ("Additions (second round)") and DOMAIN.md §1/§6 before the run.
import { beforeAll, describe, it } from 'vitest';
import { holdWorld, makePkis, type Expectation, type LoopbackWorld, type PkiSet, type SmtpSpec } from '../../helpers/inside-loopback.js';
import { msDate, windowsPowerShellJson } from '../../helpers/powershell-json.js';
import { accepted, dkim, DOMAIN, healthyTenant, healthyZone, HOSTING_IP, inbound, mailbox, MX, outbound, SELECTOR1, SELECTOR2, SMART_HOST, TENANT } from '../../helpers/tenant.js';

const M365 = ['m365.accepted-domain', 'm365.connector', 'm365.connector-tls', 'm365.direct-send', 'm365.dkim-signing'] as const;

let pkis: PkiSet;
let wildcardPkis: PkiSet;
beforeAll(async () => {
  pkis = await makePkis(SMART_HOST);
  wildcardPkis = await makePkis(`*.${DOMAIN}`);
});

type Leaf = 'good' | 'leafOnly' | 'expired' | 'wrongName' | 'selfSigned' | 'none';

interface TenantWorld extends Expectation {
  name: string;
  export: string | object;
  zone?: Record<string, readonly (object | string)[]>;
  /** The smart host's certificate (default good); `wildcard` serves *.fabrikam.test. */
  leaf?: Leaf;
  wildcard?: boolean;
  /** Where the smart host listens (default mail.fabrikam.test:25); false: nothing listens. */
  smtpAt?: string[] | false;
  /** Instead of Exim: a server that takes the connection and says only this (or nothing). */
  silent?: { greeting?: string };
  /** The smart host's TLS server options (an old server: `{ maxVersion: 'TLSv1.1' }`). */
  tlsOptions?: import('node:tls').TlsOptions;
  args?: string[];
  /** Run through the built bin (a child process) instead of main() in the test's process. */
  bin?: boolean;
}

function smtpOf(w: TenantWorld, set: PkiSet): Record<string, SmtpSpec> {
  if (w.smtpAt === false) return { [`${SMART_HOST}:25`]: { kind: 'closed' } };
  if (w.silent) return { [`${SMART_HOST}:25`]: { kind: 'silent', ...w.silent } };
  const leaf = w.leaf ?? 'good';
  const spec: SmtpSpec = { kind: 'exim', certificate: leaf === 'none' ? false : set.smtp.leaves[leaf], mailboxes: [`bob@${DOMAIN}`], ...(w.tlsOptions ? { tlsOptions: w.tlsOptions } : {}) };
  return Object.fromEntries((w.smtpAt ?? [`${SMART_HOST}:25`]).map((key) => [key, spec]));
}

async function hold(w: TenantWorld): Promise<void> {
  const set = w.wildcard ? wildcardPkis : pkis;
  const world: LoopbackWorld = { domain: DOMAIN, zone: (w.zone ?? healthyZone()) as LoopbackWorld['zone'], export: w.export, smtp: smtpOf(w, set), only: M365, ...(w.args ? { args: w.args } : {}) };
  await holdWorld(world, set, w, w.bin ? 'bin' : 'main');
}

const ALL_PASS = { 'm365.accepted-domain': 'pass', 'm365.connector': 'pass', 'm365.connector-tls': 'pass', 'm365.direct-send': 'pass', 'm365.dkim-signing': 'pass' } as const;

describe('export shapes: both PowerShell flavours, the tolerated forms, several domains', () => {
  const worlds: TenantWorld[] = [
    { name: 'PowerShell 7, written by the script: every check passes', export: healthyTenant(), expect: ALL_PASS },
    {
      // Windows PowerShell 5.1 run by hand: BOM, \/Date()\/, one object for each one-item list, null for none, one string for SmartHosts.
      name: 'Windows PowerShell 5.1 by hand: BOM, \\/Date()\\/, single objects, null lists, single strings (the bin)',
      bin: true,
      export: windowsPowerShellJson({
        ...healthyTenant(),
        exportedAt: msDate('2026-12-06T10:00:00Z'),
        AcceptedDomains: accepted(DOMAIN, 'InternalRelay', true),
        OutboundConnectors: outbound({ RecipientDomains: DOMAIN, SmartHosts: SMART_HOST, LastValidationTimestamp: msDate('2026-11-30T08:12:44Z'), Name: "Fabrikam's hosting <cPanel> & Exim" }),
        InboundConnectors: null,
        DkimSigningConfigs: dkim(),
        Recipients: mailbox('Ann.Lee'),
      }),
      expect: ALL_PASS,
    },
    {
      name: 'several domains in one tenant, names and addresses in mixed case: only fabrikam.test rows are judged',
      export: healthyTenant({
        AcceptedDomains: [accepted(TENANT, 'Authoritative'), accepted('Contoso.TEST', 'Authoritative', true), accepted('FABRIKAM.Test', 'InternalRelay')],
        OutboundConnectors: [
          outbound({ Name: 'Contoso partner TLS', ConnectorType: 'Partner', RecipientDomains: ['contoso-partner.test'], SmartHosts: [], UseMXRecord: true, TlsSettings: 'CertificateValidation', TlsDomain: null }),
          outbound({ RecipientDomains: ['Fabrikam.TEST'], SmartHosts: ['MAIL.Fabrikam.Test'], TlsDomain: 'Mail.FABRIKAM.test' }),
        ],
        DkimSigningConfigs: [dkim({ Domain: 'contoso.test', Enabled: false, Status: 'CnameMissing' }), dkim({ Domain: 'Fabrikam.Test', Selector1CNAME: SELECTOR1.toUpperCase() })],
        Recipients: [mailbox('Ann.Lee'), mailbox('Carl', 'UserMailbox', [], 'contoso.test')],
      }),
      expect: ALL_PASS,
    },
    {
      // Older tenants: Get-OrganizationConfig has no RejectDirectSend (the property came in 2025): Direct Send is accepted.
      name: 'OrganizationConfig without RejectDirectSend, no optional connector properties, no recipients at all',
      export: healthyTenant({
        OrganizationConfig: {},
        OutboundConnectors: [{ Name: 'Hosting', Enabled: true, ConnectorType: 'OnPremises', RecipientDomains: [DOMAIN], SmartHosts: [SMART_HOST], UseMXRecord: false, TlsSettings: 'DomainValidation', TlsDomain: SMART_HOST }],
        Recipients: null,
      }),
      expect: ALL_PASS,
    },
  ];
  for (const w of worlds) it(w.name, () => hold(w));
});

describe('m365.accepted-domain', () => {
  const only = (status: 'pass' | 'warn' | 'fail') => ({ ...ALL_PASS, 'm365.accepted-domain': status });
  const worlds: TenantWorld[] = [
    { name: 'Authoritative: fail (5.4.1 edge blocking)', export: healthyTenant({ AcceptedDomains: [accepted(TENANT, 'Authoritative'), accepted(DOMAIN, 'Authoritative', true)] }), expect: only('fail'), says: { 'm365.accepted-domain': ['Set-AcceptedDomain', 'InternalRelay'] } },
    { name: 'ExternalRelay: warn', export: healthyTenant({ AcceptedDomains: [accepted(TENANT, 'Authoritative'), accepted(DOMAIN, 'ExternalRelay')] }), expect: only('warn') },
    { name: 'not an accepted domain at all (only others): fail', export: healthyTenant({ AcceptedDomains: [accepted(TENANT, 'Authoritative', true), accepted('fabrikam.test.example', 'InternalRelay')] }), expect: only('fail') },
    { name: 'no accepted domains (null): fail', export: healthyTenant({ AcceptedDomains: null }), expect: only('fail') },
  ];
  for (const w of worlds) it(w.name, () => hold(w));
});

describe('m365.connector: scoping, several connectors, smart host forms', () => {
  const only = (status: 'pass' | 'warn' | 'fail' | 'skip', tls: 'pass' | 'skip' | 'warn' = status === 'pass' || status === 'warn' ? 'pass' : 'skip') => ({
    ...ALL_PASS,
    'm365.connector': status,
    'm365.connector-tls': tls,
  });
  const worlds: TenantWorld[] = [
    { name: 'RecipientDomains *.fabrikam.test covers the domain itself: pass', export: healthyTenant({ OutboundConnectors: [outbound({ RecipientDomains: ['*.fabrikam.test'] })] }), expect: only('pass') },
    { name: 'AllAcceptedDomains on an OnPremises connector, no RecipientDomains: pass', export: healthyTenant({ OutboundConnectors: [outbound({ RecipientDomains: null, AllAcceptedDomains: true })] }), expect: only('pass') },
    {
      // AllAcceptedDomains "requires OnPremises for the ConnectorType value" (Set-OutboundConnector): a Partner one routes nothing here.
      name: 'AllAcceptedDomains on a Partner connector routes nothing: fail',
      export: healthyTenant({ OutboundConnectors: [outbound({ ConnectorType: 'Partner', RecipientDomains: [], AllAcceptedDomains: true })] }),
      expect: only('fail'),
    },
    { name: 'the only connector is disabled: fail', export: healthyTenant({ OutboundConnectors: [outbound({ Enabled: false })] }), expect: only('fail'), says: { 'm365.connector': ['Enabled $true'] } },
    {
      name: 'a disabled exact connector and an enabled *.fabrikam.test one through the smart host: pass',
      export: healthyTenant({ OutboundConnectors: [outbound({ Name: 'Old', Enabled: false, SmartHosts: ['old.fabrikam.test'] }), outbound({ Name: 'New', RecipientDomains: ['*.fabrikam.test'] })] }),
      expect: only('pass'),
    },
    {
      name: 'the exact connector wins over a * Partner connector using MX: pass',
      export: healthyTenant({ OutboundConnectors: [outbound({ Name: 'Force TLS to everyone', ConnectorType: 'Partner', RecipientDomains: ['*'], SmartHosts: [], UseMXRecord: true, TlsSettings: 'EncryptionOnly', TlsDomain: null }), outbound()] }),
      expect: only('pass'),
    },
    { name: 'UseMXRecord: fail (loop)', export: healthyTenant({ OutboundConnectors: [outbound({ UseMXRecord: true, SmartHosts: [] })] }), expect: only('fail'), says: { 'm365.connector': ['5.4.14'] } },
    { name: 'smart host is the submission service smtp.hostinger.com: fail', export: healthyTenant({ OutboundConnectors: [outbound({ SmartHosts: ['smtp.hostinger.com'] })] }), expect: only('fail', 'pass'), smtpAt: ['smtp.hostinger.com:25'], zone: { ...healthyZone(), 'smtp.hostinger.com': [{ A: '203.0.113.99' }] }, leaf: 'good', args: [] },
    { name: 'one of two smart hosts is Microsoft 365 itself: fail', export: healthyTenant({ OutboundConnectors: [outbound({ SmartHosts: [SMART_HOST, MX] })] }), expect: only('fail', 'pass') },
    { name: 'a Partner connector through the smart host: warn', export: healthyTenant({ OutboundConnectors: [outbound({ ConnectorType: 'Partner' })] }), expect: only('warn') },
    { name: 'connectors for other domains only: fail', export: healthyTenant({ OutboundConnectors: [outbound({ RecipientDomains: ['contoso.test'] })] }), expect: only('fail') },
    { name: 'no connectors (null): fail', export: healthyTenant({ OutboundConnectors: null }), expect: only('fail') },
    {
      name: 'the smart host as an IP address: pass, and its certificate is judged',
      export: healthyTenant({ OutboundConnectors: [outbound({ SmartHosts: [HOSTING_IP] })] }),
      smtpAt: [`${HOSTING_IP}:25`],
      expect: only('pass'),
    },
    {
      name: 'the smart host as a CIDR range holding mail.fabrikam.test: pass',
      export: healthyTenant({ OutboundConnectors: [outbound({ SmartHosts: ['203.0.113.32/28'] })] }),
      expect: only('pass'),
    },
    {
      // The probes fall back to mail.<domain>, which is not in the connector's range: the connector's smart host was not probed.
      name: 'a CIDR range that does not hold mail.fabrikam.test: warn, and its certificate says nothing of the connector (skip)',
      export: healthyTenant({ OutboundConnectors: [outbound({ SmartHosts: ['192.0.2.0/28'] })] }),
      expect: only('warn', 'skip'),
    },
    {
      name: '--smart-host the connector does not route through: warn, connector-tls skip',
      export: healthyTenant(),
      zone: { ...healthyZone(), 'server17.hosting.test': [{ A: '203.0.113.77' }] },
      smtpAt: ['server17.hosting.test:25'],
      args: ['--smart-host', 'server17.hosting.test'],
      expect: only('warn', 'skip'),
    },
    {
      name: '--smart-host given as the address of the connector\'s smart host name: pass, and its certificate is judged',
      export: healthyTenant(),
      smtpAt: [`${HOSTING_IP}:25`],
      args: ['--smart-host', HOSTING_IP],
      expect: only('pass'),
    },
    {
      name: '--smart-host given as another name of the same server: pass',
      export: healthyTenant(),
      zone: { ...healthyZone(), 'server17.hosting.test': [{ A: HOSTING_IP }] },
      smtpAt: ['server17.hosting.test:25'],
      args: ['--smart-host', 'server17.hosting.test'],
      expect: only('pass'),
    },
  ];
  for (const w of worlds) it(w.name, () => hold(w));
  it('a connector scoped only by a mail flow rule: warn (the export holds no rules), connector-tls skip', () =>
    hold({ name: '', export: healthyTenant({ OutboundConnectors: [outbound({ RecipientDomains: [], IsTransportRuleScoped: true })] }), expect: only('warn', 'skip') }));
});

describe('m365.connector-tls against the certificate the smart host sends', () => {
  const tls = (status: 'pass' | 'warn' | 'fail' | 'skip' | 'error') => ({ ...ALL_PASS, 'm365.connector-tls': status });
  const withTls = (TlsSettings: string | null, TlsDomain: string | null = null) => healthyTenant({ OutboundConnectors: [outbound({ TlsSettings, TlsDomain })] });
  const worlds: TenantWorld[] = [
    { name: 'no TLS setting (opportunistic): warn', export: withTls(null), expect: tls('warn') },
    { name: 'EncryptionOnly and a self-signed certificate: pass (no certificate check)', export: withTls('EncryptionOnly'), leaf: 'selfSigned', expect: tls('pass') },
    { name: 'EncryptionOnly and no STARTTLS: fail', export: withTls('EncryptionOnly'), leaf: 'none', expect: tls('fail') },
    // Exchange Online speaks TLS 1.2 or newer to a smart host (DOMAIN.md §1): an older server cannot be encrypted to.
    { name: 'EncryptionOnly and a server that speaks only TLS 1.1: fail', export: withTls('EncryptionOnly'), tlsOptions: { maxVersion: 'TLSv1.1', minVersion: 'TLSv1' }, expect: tls('fail') },
    { name: 'CertificateValidation, leaf sent without its intermediate: fail (4.4.317)', export: withTls('CertificateValidation'), leaf: 'leafOnly', expect: tls('fail'), says: { 'm365.connector-tls': ['4.4.317'] } },
    { name: 'CertificateValidation, trusted chain for another name: pass (no name check)', export: withTls('CertificateValidation'), leaf: 'wrongName', expect: tls('pass') },
    { name: 'CertificateValidation, expired: fail', export: withTls('CertificateValidation'), leaf: 'expired', expect: tls('fail') },
    { name: 'DomainValidation, TlsDomain not in the certificate: fail (4.7.320)', export: withTls('DomainValidation', 'server17.hosting.test'), expect: tls('fail'), says: { 'm365.connector-tls': ['4.7.320', 'TlsDomain mail.fabrikam.test'] } },
    { name: 'DomainValidation, TlsDomain *.fabrikam.test, certificate mail.fabrikam.test: pass', export: withTls('DomainValidation', '*.fabrikam.test'), expect: tls('pass') },
    { name: 'DomainValidation, TlsDomain in capitals: pass', export: withTls('DomainValidation', 'MAIL.FABRIKAM.TEST'), expect: tls('pass') },
    { name: 'DomainValidation, wildcard certificate *.fabrikam.test covers TlsDomain mail.fabrikam.test: pass', export: withTls('DomainValidation', SMART_HOST), wildcard: true, expect: tls('pass') },
    { name: 'DomainValidation, the certificate names another host: fail', export: withTls('DomainValidation', SMART_HOST), leaf: 'wrongName', expect: tls('fail') },
    { name: 'DomainValidation, self-signed: fail', export: withTls('DomainValidation', SMART_HOST), leaf: 'selfSigned', expect: tls('fail') },
    { name: '--no-smtp: skip (no certificate seen)', export: withTls('DomainValidation', SMART_HOST), args: ['--no-smtp'], expect: tls('skip') },
    { name: 'port 25 closed: skip (no certificate seen)', export: withTls('DomainValidation', SMART_HOST), smtpAt: false, expect: tls('skip') },
    { name: 'port 25 taken by a filter that never greets: skip (no certificate seen)', export: withTls('DomainValidation', SMART_HOST), silent: {}, expect: tls('skip') },
    { name: 'a 421 greeting (too many connections): skip (no certificate seen)', export: withTls('DomainValidation', SMART_HOST), silent: { greeting: '421 server17.hosting.test Too many concurrent SMTP connections; please try again later.' }, expect: tls('skip') },
  ];
  for (const w of worlds) it(w.name, () => hold(w));
});

describe('m365.direct-send', () => {
  const ds = (status: 'pass' | 'fail' | 'error') => ({ ...ALL_PASS, 'm365.direct-send': status });
  const rejecting = (InboundConnectors: unknown, RejectDirectSend: unknown = true) => healthyTenant({ OrganizationConfig: { RejectDirectSend }, InboundConnectors });
  const worlds: TenantWorld[] = [
    { name: 'RejectDirectSend on, no inbound connector: fail (5.7.68)', export: rejecting(null), expect: ds('fail'), says: { 'm365.direct-send': ['5.7.68', 'New-InboundConnector'] } },
    { name: 'RejectDirectSend on, a Partner connector from 203.0.113.0/24: pass', export: rejecting([inbound({ SenderIPAddresses: ['203.0.113.0/24'] })]), expect: ds('pass') },
    { name: 'RejectDirectSend on, the hosting IP as one string (5.1 single value): pass', export: rejecting(inbound({ SenderIPAddresses: HOSTING_IP })), expect: ds('pass') },
    { name: 'RejectDirectSend on, the covering connector disabled: fail', export: rejecting([inbound({ Enabled: false })]), expect: ds('fail') },
    { name: 'RejectDirectSend on, connectors for other addresses: fail', export: rejecting([inbound({ SenderIPAddresses: ['203.0.113.41', '198.51.100.0/24'] })]), expect: ds('fail') },
    { name: 'RejectDirectSend on, a connector by certificate *.fabrikam.test: pass', export: rejecting([inbound({ SenderIPAddresses: null, TlsSenderCertificateName: '*.fabrikam.test' })]), expect: ds('pass') },
    { name: 'RejectDirectSend on, --hosting-ip outside the connector: fail', export: rejecting([inbound()]), args: ['--hosting-ip', '192.0.2.7'], expect: ds('fail') },
    { name: 'RejectDirectSend on, an OnPremises connector from the hosting IP: pass', export: rejecting([inbound({ ConnectorType: 'OnPremises' })]), expect: ds('pass') },
    { name: 'RejectDirectSend off: pass', export: rejecting(null, false), expect: ds('pass') },
    { name: 'RejectDirectSend on, an a-b range holding the hosting IP: pass', export: rejecting([inbound({ SenderIPAddresses: ['203.0.113.1-203.0.113.254'] })]), expect: ds('pass') },
    {
      name: 'RejectDirectSend on, a certificate named in the <I>issuer<S>subject form: pass',
      export: rejecting([inbound({ SenderIPAddresses: [], TlsSenderCertificateName: "<I>CN=R11, O=Let's Encrypt, C=US<S>CN=mail.fabrikam.test" })]),
      expect: ds('pass'),
    },
    { name: 'RejectDirectSend on, a certificate name for another host: fail', export: rejecting([inbound({ SenderIPAddresses: [], TlsSenderCertificateName: 'relay.other.test' })]), expect: ds('fail') },
  ];
  for (const w of worlds) it(w.name, () => hold(w));
});

describe('m365.dkim-signing against the CNAMEs in DNS', () => {
  const dk = (status: 'pass' | 'fail' | 'error') => ({ ...ALL_PASS, 'm365.dkim-signing': status });
  const NEW1 = 'selector1-fabrikam-test._domainkey.fabrikamltd.r-v1.dkim.mail.microsoft';
  const NEW2 = 'selector2-fabrikam-test._domainkey.fabrikamltd.r-v1.dkim.mail.microsoft';
  const worlds: TenantWorld[] = [
    { name: 'disabled: fail', export: healthyTenant({ DkimSigningConfigs: [dkim({ Enabled: false, Status: 'Disabled' })] }), expect: dk('fail') },
    { name: 'no configuration for the domain (only the tenant\'s): fail', export: healthyTenant({ DkimSigningConfigs: { Domain: TENANT, Enabled: true, Status: 'Valid', Selector1CNAME: null, Selector2CNAME: null } }), expect: dk('fail') },
    {
      name: 'the CNAMEs in DNS point at another tenant: fail',
      export: healthyTenant(),
      zone: { ...healthyZone(), [`selector1._domainkey.${DOMAIN}`]: [{ CNAME: 'selector1-fabrikam-test._domainkey.oldtenant.onmicrosoft.com' }] },
      expect: dk('fail'),
    },
    { name: 'selector2 missing from DNS: fail', export: healthyTenant(), zone: Object.fromEntries(Object.entries(healthyZone()).filter(([k]) => !k.startsWith('selector2.'))), expect: dk('fail') },
    {
      name: 'the newer dkim.mail.microsoft targets, in DNS as the tenant says (capitals in DNS): pass',
      export: healthyTenant({ DkimSigningConfigs: [dkim({ Selector1CNAME: NEW1, Selector2CNAME: NEW2 })] }),
      zone: { ...healthyZone(), [`selector1._domainkey.${DOMAIN}`]: [{ CNAME: NEW1.toUpperCase() }], [`selector2._domainkey.${DOMAIN}`]: [{ CNAME: NEW2 }], [NEW1]: [{ TXT: 'v=DKIM1; p=AAAA' }], [NEW2]: [{ TXT: 'v=DKIM1; p=AAAA' }] },
      expect: dk('pass'),
    },
    { name: 'the selector lookup times out: error', export: healthyTenant(), zone: { ...healthyZone(), [`selector1._domainkey.${DOMAIN}`]: ['TIMEOUT'] }, expect: dk('error') },
  ];
  for (const w of worlds) it(w.name, () => hold(w));
  it('unused: the selector constants are the zone\'s', () => void [SELECTOR1, SELECTOR2]);
});
