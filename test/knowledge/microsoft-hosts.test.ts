// The one Microsoft host classifier: real-world names of every kind and cloud, near misses, and its agreement with the cloud list.
import { describe, expect, it } from 'vitest';
import { CLOUDS, CLOUD_IDS } from '../../src/knowledge/clouds.js';
import {
  classifyMicrosoftHost,
  isMicrosoftName,
  microsoftAutodiscover,
  microsoftDkimTarget,
  microsoftMx,
} from '../../src/knowledge/microsoft-hosts.js';

/**
 * Names seen in the wild, with where from. Expected values are written out here, never computed from
 * the module's own tables.
 */
const REAL: [string, Record<string, unknown>, string][] = [
  // Inbound MX, classic form.
  ['microsoft-com.mail.protection.outlook.com', { kind: 'inbound-mx', cloud: 'commercial', form: 'classic', token: 'microsoft-com' }, 'public DNS: MX of microsoft.com'],
  ['contoso-com.mail.protection.outlook.com.', { kind: 'inbound-mx', cloud: 'commercial', form: 'classic' }, 'Microsoft Learn, "External DNS records for Microsoft 365" (trailing dot as DNS writes it)'],
  ['contoso.mail.protection.office365.us', { kind: 'inbound-mx', cloud: 'gcc-high', form: 'classic', token: 'contoso' }, 'Microsoft Learn, GCC High/DoD DNS records ("contoso.onmicrosoft.us → contoso.mail.protection.office365.us")'],
  ['BN3USG02FT003.mail.protection.office365.us', { kind: 'inbound-mx', cloud: 'gcc-high' }, 'a GCC High EOP front end in a public Received line: same form as the MX, same edge'],
  ['BJSCHN02FT006.mail.protection.partner.outlook.cn', { kind: 'inbound-mx', cloud: 'china', form: 'classic' }, 'a 21Vianet EOP front end in a public message-trace note'],
  // Inbound MX, the DNSSEC-signed mx.microsoft form (DOMAIN.md §3 and §6).
  ['contosotest-com.o-v1.mx.microsoft', { kind: 'inbound-mx', cloud: 'commercial', form: 'dane', token: 'contosotest-com', partition: 'o-v1' }, 'Microsoft Learn, "How SMTP DANE works"'],
  ['sdu-dk.i-v1.mx.microsoft.', { kind: 'inbound-mx', form: 'dane', token: 'sdu-dk', partition: 'i-v1' }, 'public DNS: MX of sdu.dk (2025)'],
  ['tonyschocolonely-com.i-v1.mx.microsoft', { kind: 'inbound-mx', form: 'dane' }, 'public DNS of tonyschocolonely.com, quoted in a public repository test'],
  ['x-dk.l-v1.mx.microsoft', { kind: 'inbound-mx', form: 'dane', token: 'x-dk' }, 'public DNS of x.dk, quoted in a public repository test'],
  ['vanitydomain-com.randomstring.mx.microsoft', { kind: 'inbound-mx', form: 'dane', partition: 'randomstring' }, 'the 2024 announcement\'s format, c7solutions.com/2024/02/what-is-mx-microsoft'],
  // DKIM CNAME targets.
  ['selector1-contoso-com._domainkey.contoso.onmicrosoft.com', { kind: 'dkim-target' }, 'Microsoft Learn, "Set up DKIM to sign mail from your Microsoft 365 domain"'],
  ['selector1-klargehalt-de._domainkey.kitechsoftwareug.p-v1.dkim.mail.microsoft', { kind: 'dkim-target' }, 'a public DNS inventory (klargehalt.de)'],
  ['selector2-geocore-one._domainkey.netorgft21096048.w-v1.dkim.mail.microsoft.', { kind: 'dkim-target' }, 'a public DNS inventory (GoDaddy-provisioned tenant NETORGFT...)'],
  // Autodiscover and SPF (Microsoft Learn's DNS records page of each cloud).
  ['autodiscover.outlook.com', { kind: 'autodiscover', cloud: 'commercial' }, 'Microsoft Learn, External DNS records'],
  ['autodiscover.office365.us', { kind: 'autodiscover', cloud: 'gcc-high' }, 'Microsoft Learn, GCC High DNS records'],
  ['autodiscover-dod.office365.us', { kind: 'autodiscover', cloud: 'dod' }, 'Microsoft Learn, DoD DNS records'],
  ['autodiscover.partner.outlook.cn', { kind: 'autodiscover', cloud: 'china' }, 'Microsoft Learn, 21Vianet DNS records'],
  ['spf.protection.outlook.com', { kind: 'spf-include', cloud: 'commercial' }, 'Microsoft Learn, External DNS records'],
  ['spf.protection.office365.us', { kind: 'spf-include', cloud: 'gcc-high' }, 'Microsoft Learn, GCC High DNS records (DoD publishes the same)'],
  ['spf.protection.partner.outlook.cn', { kind: 'spf-include', cloud: 'china' }, 'Microsoft Learn, 21Vianet DNS records'],
  // Routing (initial) domains.
  ['contoso.onmicrosoft.com', { kind: 'routing-domain', cloud: 'commercial', tenant: 'contoso' }, 'Microsoft Learn, initial domain'],
  ['contoso.mail.onmicrosoft.com', { kind: 'routing-domain', cloud: 'commercial', tenant: 'contoso' }, 'Microsoft Learn, hybrid coexistence routing domain'],
  ['agency.onmicrosoft.us', { kind: 'routing-domain', cloud: 'gcc-high', tenant: 'agency' }, 'Microsoft Learn, GCC High initial domain'],
  ['contoso.partner.onmschina.cn', { kind: 'routing-domain', cloud: 'china' }, 'Microsoft Learn, 21Vianet initial domain'],
  // Exchange Online and EOP servers, as bounces and Received lines name them.
  ['CY1NAM02HT174.eop-nam02.prod.protection.outlook.com', { kind: 'server', role: 'eop' }, 'Received line of a public 2017 message'],
  ['VE1EUR03FT045.eop-EUR03.prod.protection.outlook.com', { kind: 'server', role: 'eop' }, 'Received line of a public 2022 message'],
  ['mail-bn8nam11on2072.outbound.protection.outlook.com', { kind: 'server', role: 'eop' }, 'EOP outbound relay, Received lines of mail sent from Microsoft 365'],
  ['BY1PR19MB0022.namprd19.prod.outlook.com', { kind: 'server', role: 'exchange-online' }, 'Received line of a public 2017 message'],
  ['BN9PR03CA0990.outlook.office365.com', { kind: 'server', role: 'exchange-online' }, 'Received line of a public 2022 message'],
  ['smtp.office365.com', { kind: 'server', role: 'submission' }, 'Microsoft Learn, SMTP AUTH client submission'],
  ['hotmail-com.olc.protection.outlook.com', { kind: 'server', role: 'consumer' }, "Outlook.com's MX, in Sisimai's Rhost/ExchangeOnline.pm (Debian libsisimai-perl)"],
];

describe('classifyMicrosoftHost: real-world names', () => {
  for (const [host, expected, source] of REAL) {
    it(`${host} (${source})`, () => expect(classifyMicrosoftHost(host)).toMatchObject(expected));
  }
});

describe('classifyMicrosoftHost: near misses and other services', () => {
  const notMicrosoft = [
    'mail.contoso.com',
    'mx1.hostinger.com',
    'eu-smtp-inbound-1.mimecast.com',
    'contoso-com.mail.protection.outlook.com.attacker.example',
    'notoutlook.com',
    'notonmicrosoft.com',
    'mx.microsoft.example.com',
    'microsoft',
    '',
    `${'a'.repeat(250)}.outlook.com`,
  ];
  for (const host of notMicrosoft) {
    it(`not Microsoft: ${JSON.stringify(host.slice(0, 40))}`, () => {
      expect(classifyMicrosoftHost(host)).toBeUndefined();
      expect(isMicrosoftName(host)).toBe(false);
    });
  }

  const otherMicrosoft = [
    'outlook.com',
    'a.b.mail.protection.outlook.com',
    'mx.microsoft',
    'selector1._domainkey.contoso.onmicrosoft.com',
    'selector3-contoso-com._domainkey.contoso.onmicrosoft.com',
    'selector1-contoso-com._domainkey.outlook.com',
    'exchangelabs.com',
  ];
  for (const host of otherMicrosoft) {
    it(`Microsoft's, none of the forms: ${host}`, () => expect(classifyMicrosoftHost(host)).toEqual({ kind: 'other' }));
  }

  it('an MX form is not taken for a DKIM target, nor the reverse', () => {
    expect(microsoftDkimTarget('contoso-com.o-v1.mx.microsoft')).toBeUndefined();
    expect(microsoftMx('selector1-contoso-com._domainkey.contoso.r-v1.dkim.mail.microsoft')).toBeUndefined();
    expect(microsoftMx('autodiscover.outlook.com')).toBeUndefined();
    expect(microsoftAutodiscover('contoso-com.mail.protection.outlook.com')).toBeUndefined();
  });

  it('the views keep their shapes (MxKind spreads microsoftMx into JSON evidence: no extra keys)', () => {
    expect(microsoftMx('sdu-dk.i-v1.mx.microsoft')).toEqual({ cloud: 'commercial', form: 'dane' });
    expect(microsoftAutodiscover('AUTODISCOVER-DOD.OFFICE365.US.')).toBe('dod');
  });

  it('never throws and answers quickly on hostile input', () => {
    const hostile = ['.', '..', '[', 'a'.repeat(100_000), `${'-'.repeat(5000)}.mail.protection.outlook.com`, 'selector1-'.repeat(3000) + '._domainkey.x.onmicrosoft.com', '\u0000outlook.com'];
    for (const h of hostile) expect(() => classifyMicrosoftHost(h)).not.toThrow();
  });
});

describe('the classifier and the cloud list agree', () => {
  for (const cloud of CLOUD_IDS) {
    const c = CLOUDS[cloud];
    it(`${cloud}: every name the list gives is Microsoft's and of the right kind`, () => {
      expect(classifyMicrosoftHost(c.autodiscover)).toEqual({ kind: 'autodiscover', cloud });
      expect(classifyMicrosoftHost(c.spfInclude)).toMatchObject({ kind: 'spf-include', cloud: c.family });
      expect(classifyMicrosoftHost(`tok.${c.mxZone}`)).toMatchObject({ kind: 'inbound-mx', cloud: c.family, form: 'classic' });
      expect(classifyMicrosoftHost(`t.${c.initialDomainSuffix}`)).toMatchObject({ kind: 'routing-domain', cloud: c.family });
      if (c.mxDnssecZone) expect(microsoftMx(`tok.p-v1.${c.mxDnssecZone}`)).toEqual({ cloud, form: 'dane' });
      if (c.dkimV1Zone) expect(microsoftDkimTarget(`selector1-d._domainkey.t.q-v1.${c.dkimV1Zone}`)).toMatchObject({ cloud, form: 'v1', partition: 'q' });
    });
  }
});
