// Example worlds for mx.*: zones, inputs, and the status each check must give (the autodiscover ones are in ../autodiscover/worlds.ts).
import { tagged, type World } from '../../helpers/world.js';
import { goodAutodiscover, healthy, MS, msHost } from './zones.js';

export const MX_WORLDS: World[] = [
  {
    name: 'healthy split domain',
    domain: 'contoso.com',
    zone: { 'contoso.com': [{ MX: [0, MS] }], ...msHost, ...goodAutodiscover('contoso.com') },
    expect: {
      'mx.present': 'pass',
      'mx.m365-primary': 'pass',
      'mx.no-bypass': 'pass',
      'mx.targets-resolve': 'pass',
      'autodiscover.cname': 'pass',
      'autodiscover.srv': 'pass',
    },
  },
  {
    name: 'the MX the configuration expects',
    domain: 'contoso.com',
    zone: { 'contoso.com': [{ MX: [0, MS] }], ...msHost },
    input: { expectedMxHost: 'contoso-com.mail.protection.outlook.com', expectedCloud: 'commercial' },
    expect: { 'mx.m365-primary': 'pass' },
  },
  {
    name: 'another Microsoft 365 MX than the configuration expects',
    domain: 'contoso.com',
    zone: { 'contoso.com': [{ MX: [0, MS] }], ...msHost },
    input: { expectedMxHost: 'contoso-com01b.mail.protection.outlook.com' },
    expect: { 'mx.m365-primary': 'fail' },
  },
  {
    name: 'a Microsoft 365 MX in another cloud than the configuration expects',
    domain: 'contoso.com',
    zone: { 'contoso.com': [{ MX: [0, MS] }], ...msHost },
    input: { expectedCloud: 'gcc-high' },
    expect: { 'mx.m365-primary': 'fail' },
  },
  {
    name: 'DNSSEC/DANE MX form, token with a suffix read from DNS',
    domain: 'contoso-shop.com',
    zone: {
      'contoso-shop.com': [{ MX: [0, 'contoso-shop-com01b.o-v1.mx.microsoft'] }],
      'contoso-shop-com01b.o-v1.mx.microsoft': [{ A: '198.51.100.11' }, { AAAA: '2001:db8::11' }],
      ...goodAutodiscover('contoso-shop.com'),
    },
    expect: { 'mx.m365-primary': 'pass', 'mx.no-bypass': 'pass', 'mx.targets-resolve': 'pass', 'autodiscover.cname': 'pass' },
  },
  {
    name: 'GCC High with its own autodiscover host',
    domain: 'agency.us',
    zone: {
      'agency.us': [{ MX: [0, 'agency-us.mail.protection.office365.us'] }],
      'agency-us.mail.protection.office365.us': [{ A: '198.51.100.12' }],
      'autodiscover.agency.us': [{ CNAME: 'autodiscover.office365.us' }],
      'autodiscover.office365.us': [{ A: '198.51.100.13' }],
    },
    expect: { 'mx.m365-primary': 'pass', 'autodiscover.cname': 'pass' },
  },
  {
    name: 'GCC High MX but the commercial autodiscover host',
    domain: 'agency2.us',
    zone: {
      'agency2.us': [{ MX: [0, 'agency2-us.mail.protection.office365.us'] }],
      'agency2-us.mail.protection.office365.us': [{ A: '198.51.100.12' }],
      ...goodAutodiscover('agency2.us'),
    },
    expect: { 'mx.m365-primary': 'pass', 'autodiscover.cname': 'warn' },
  },
  {
    name: '21Vianet',
    domain: 'example.cn',
    zone: {
      'example.cn': [{ MX: [0, 'example-cn.mail.protection.partner.outlook.cn'] }],
      'example-cn.mail.protection.partner.outlook.cn': [{ A: '198.51.100.14' }],
      'autodiscover.example.cn': [{ CNAME: 'autodiscover.partner.outlook.cn' }],
      'autodiscover.partner.outlook.cn': [{ A: '198.51.100.15' }],
    },
    expect: { 'mx.m365-primary': 'pass', 'mx.targets-resolve': 'pass', 'autodiscover.cname': 'pass' },
  },
  {
    name: 'hosting MX left as a backup',
    domain: 'backup.com',
    zone: { 'backup.com': [{ MX: [0, MS] }, { MX: [10, 'mail.backup.com'] }], 'mail.backup.com': [{ A: '203.0.113.5' }], ...msHost },
    expect: { 'mx.present': 'pass', 'mx.m365-primary': 'pass', 'mx.no-bypass': 'fail', 'mx.targets-resolve': 'pass' },
  },
  {
    name: 'hosting MX ahead of Microsoft',
    domain: 'ahead.com',
    zone: { 'ahead.com': [{ MX: [0, 'mx1.hostinger.com'] }, { MX: [10, MS] }], 'mx1.hostinger.com': [{ A: '203.0.113.6' }], ...msHost },
    expect: { 'mx.m365-primary': 'fail', 'mx.no-bypass': 'fail' },
  },
  {
    name: 'hosting MX at the same preference',
    domain: 'equal.com',
    zone: { 'equal.com': [{ MX: [10, MS] }, { MX: [10, 'mail.equal.com'] }], 'mail.equal.com': [{ A: '203.0.113.7' }], ...msHost },
    expect: { 'mx.m365-primary': 'fail', 'mx.no-bypass': 'fail' },
  },
  {
    name: 'MX only at the hosting provider',
    domain: 'hostonly.com',
    zone: { 'hostonly.com': [{ MX: [5, 'mx1.hostinger.com'] }, { MX: [10, 'mx2.hostinger.com'] }], 'mx1.hostinger.com': [{ A: '203.0.113.6' }], 'mx2.hostinger.com': [{ A: '203.0.113.8' }] },
    expect: { 'mx.present': 'pass', 'mx.m365-primary': 'fail', 'mx.no-bypass': 'fail', 'mx.targets-resolve': 'pass' },
  },
  {
    name: 'domain does not exist',
    domain: 'missing.com',
    zone: { 'other.com': [{ A: '192.0.2.1' }] },
    expect: { 'mx.present': 'fail', 'mx.m365-primary': 'fail', 'mx.no-bypass': 'skip', 'mx.targets-resolve': 'skip', 'autodiscover.srv': 'pass' },
  },
  {
    name: 'no MX at all',
    domain: 'nomx.com',
    zone: { 'nomx.com': [{ A: '192.0.2.1' }] },
    expect: { 'mx.present': 'fail', 'mx.m365-primary': 'fail', 'mx.no-bypass': 'skip', 'mx.targets-resolve': 'skip' },
  },
  {
    name: 'null MX',
    domain: 'nullmx.com',
    zone: { 'nullmx.com': [{ MX: [0, '.'] }] },
    expect: { 'mx.present': 'fail', 'mx.m365-primary': 'fail', 'mx.no-bypass': 'skip', 'mx.targets-resolve': 'skip' },
  },
  {
    name: 'null MX beside a real one',
    domain: 'nullmixed.com',
    zone: { 'nullmixed.com': [{ MX: [0, '.'] }, { MX: [10, MS] }], ...msHost },
    expect: { 'mx.present': 'fail', 'mx.m365-primary': 'pass' },
  },
  {
    name: 'MX target is a CNAME',
    domain: 'alias.com',
    zone: { 'alias.com': [{ MX: [0, 'mx.alias.com'] }], 'mx.alias.com': [{ CNAME: MS }], ...msHost },
    expect: { 'mx.targets-resolve': 'warn', 'mx.m365-primary': 'fail' },
  },
  {
    name: 'MX target is an IP literal',
    domain: 'literal.com',
    zone: { 'literal.com': [{ MX: [0, MS] }, { MX: [10, '203.0.113.9'] }], ...msHost },
    expect: { 'mx.targets-resolve': 'fail', 'mx.no-bypass': 'fail' },
  },
  {
    name: 'MX target dangling',
    domain: 'dangling.com',
    zone: { 'dangling.com': [{ MX: [0, 'contoso-gone.mail.protection.outlook.com'] }] },
    expect: { 'mx.m365-primary': 'pass', 'mx.targets-resolve': 'fail' },
  },
  {
    name: 'MX target with no address records',
    domain: 'noaddr.com',
    zone: { 'noaddr.com': [{ MX: [0, MS] }], [MS]: [{ TXT: 'nothing here' }] },
    expect: { 'mx.targets-resolve': 'fail' },
  },
  {
    name: 'MX target lookups time out',
    domain: 'slowtarget.com',
    zone: { 'slowtarget.com': [{ MX: [0, MS] }], [MS]: ['TIMEOUT'] },
    expect: { 'mx.present': 'pass', 'mx.m365-primary': 'pass', 'mx.targets-resolve': 'error' },
  },
  {
    name: 'filtering gateway in front of Microsoft 365',
    domain: 'filtered.com',
    zone: { 'filtered.com': [{ MX: [10, 'eu-smtp-inbound-1.mimecast.com'] }], 'eu-smtp-inbound-1.mimecast.com': [{ A: '192.0.2.50' }] },
    expect: { 'mx.m365-primary': 'warn', 'mx.no-bypass': 'pass' },
  },
];

/**
 * Tricky zones for mx.* (adversarial review): expected statuses are derived from CHECKS.md / DOMAIN.md,
 * not from what the code happens to do. Run with a 150 ms DNS timeout.
 */
export const MX_ADVERSARIAL_WORLDS: World[] = tagged('adversarial', [
  // --- Microsoft MX forms, clouds, spelling ---
  {
    name: 'DANE MX in mixed case with a trailing dot',
    domain: 'dane.com',
    zone: {
      'dane.com': [{ MX: [0, 'Dane-COM.O-V1.MX.Microsoft.'] }],
      'dane-com.o-v1.mx.microsoft': [{ A: '198.51.100.31' }],
      ...goodAutodiscover('dane.com'),
    },
    expect: { 'mx.present': 'pass', 'mx.m365-primary': 'pass', 'mx.no-bypass': 'pass', 'mx.targets-resolve': 'pass', 'autodiscover.cname': 'pass' },
  },
  {
    name: 'classic and DANE Microsoft MX tied at the lowest preference',
    domain: 'tie.com',
    zone: {
      'tie.com': [{ MX: [10, 'tie-com.mail.protection.outlook.com'] }, { MX: [10, 'tie-com.r-v1.mx.microsoft'] }],
      'tie-com.mail.protection.outlook.com': [{ A: '198.51.100.32' }],
      'tie-com.r-v1.mx.microsoft': [{ AAAA: '2001:db8::32' }],
      ...goodAutodiscover('tie.com'),
    },
    expect: { 'mx.present': 'pass', 'mx.m365-primary': 'pass', 'mx.no-bypass': 'pass', 'mx.targets-resolve': 'pass' },
  },
  {
    name: 'DoD tenant: GCC High MX suffix with the DoD autodiscover host',
    domain: 'dod.mil.example',
    zone: {
      'dod.mil.example': [{ MX: [0, 'dod-mil-example.mail.protection.office365.us'] }],
      'dod-mil-example.mail.protection.office365.us': [{ A: '198.51.100.33' }],
      'autodiscover.dod.mil.example': [{ CNAME: 'autodiscover-dod.office365.us' }],
      'autodiscover-dod.office365.us': [{ A: '198.51.100.34' }],
    },
    expect: { 'mx.m365-primary': 'pass', 'mx.no-bypass': 'pass', 'mx.targets-resolve': 'pass', 'autodiscover.cname': 'pass' },
  },
  {
    name: '21Vianet MX, autodiscover at the worldwide host',
    domain: 'vianet.cn',
    zone: {
      'vianet.cn': [{ MX: [0, 'vianet-cn.mail.protection.partner.outlook.cn'] }],
      'vianet-cn.mail.protection.partner.outlook.cn': [{ A: '198.51.100.35' }],
      ...goodAutodiscover('vianet.cn'),
    },
    expect: { 'mx.m365-primary': 'pass', 'autodiscover.cname': 'warn' },
  },
  {
    name: 'look-alike MX: the Microsoft name under another domain',
    domain: 'lookalike.com',
    zone: {
      'lookalike.com': [{ MX: [0, 'lookalike-com.mail.protection.outlook.com.evil.example'] }],
      'lookalike-com.mail.protection.outlook.com.evil.example': [{ A: '203.0.113.40' }],
    },
    expect: { 'mx.present': 'pass', 'mx.m365-primary': 'fail', 'mx.no-bypass': 'fail', 'mx.targets-resolve': 'pass' },
  },
  {
    name: 'hosting MX at a lower preference number in mixed case',
    domain: 'mixed.com',
    zone: {
      'mixed.com': [{ MX: [20, MS] }, { MX: [5, 'MX1.Hostinger.COM.'] }],
      ...msHost,
      'mx1.hostinger.com': [{ A: '203.0.113.41' }],
    },
    expect: { 'mx.m365-primary': 'fail', 'mx.no-bypass': 'fail', 'mx.targets-resolve': 'pass' },
  },
  {
    name: 'hosting MX only at a much higher preference (backup)',
    domain: 'backup2.com',
    zone: { 'backup2.com': [{ MX: [0, MS] }, { MX: [100, 'mail.backup2.com'] }], ...msHost, 'mail.backup2.com': [{ A: '203.0.113.42' }] },
    expect: { 'mx.present': 'pass', 'mx.m365-primary': 'pass', 'mx.no-bypass': 'fail' },
  },
  // --- null MX ---
  {
    name: 'null MX with a non-zero preference',
    domain: 'null10.com',
    zone: { 'null10.com': [{ MX: [10, '.'] }] },
    expect: { 'mx.present': 'fail', 'mx.m365-primary': 'fail', 'mx.no-bypass': 'skip', 'mx.targets-resolve': 'skip' },
  },
  {
    name: 'null MX beside a hosting MX',
    domain: 'nullhost.com',
    zone: { 'nullhost.com': [{ MX: [0, '.'] }, { MX: [10, 'mail.nullhost.com'] }], 'mail.nullhost.com': [{ A: '203.0.113.43' }] },
    expect: { 'mx.present': 'fail', 'mx.m365-primary': 'fail', 'mx.no-bypass': 'fail', 'mx.targets-resolve': 'pass' },
  },
  // --- IP literals ---
  {
    name: 'only MX is an IPv4 literal',
    domain: 'iponly.com',
    zone: { 'iponly.com': [{ MX: [0, '203.0.113.44'] }] },
    expect: { 'mx.present': 'pass', 'mx.m365-primary': 'fail', 'mx.no-bypass': 'fail', 'mx.targets-resolve': 'fail' },
  },
  {
    name: 'backup MX is a bracketed IPv4 literal',
    domain: 'bracket.com',
    zone: { 'bracket.com': [{ MX: [0, MS] }, { MX: [10, '[203.0.113.45]'] }], ...msHost },
    expect: { 'mx.m365-primary': 'pass', 'mx.no-bypass': 'fail', 'mx.targets-resolve': 'fail' },
  },
  {
    name: 'IP literal even though a host of that name has an A record',
    domain: 'ipname.com',
    zone: { 'ipname.com': [{ MX: [0, MS] }, { MX: [10, '203.0.113.46'] }], ...msHost, '203.0.113.46': [{ A: '203.0.113.46' }] },
    expect: { 'mx.targets-resolve': 'fail' },
  },
  // --- CNAME / dangling / timing out targets ---
  {
    name: 'MX target is a CNAME to a name that does not exist',
    domain: 'cnamedangle.com',
    zone: { 'cnamedangle.com': [{ MX: [0, 'mx.cnamedangle.com'] }], 'mx.cnamedangle.com': [{ CNAME: 'gone.example.net' }] },
    expect: { 'mx.targets-resolve': 'fail' },
  },
  {
    name: 'MX target is a CNAME to a name whose lookups time out',
    domain: 'cnameslow.com',
    zone: { 'cnameslow.com': [{ MX: [0, 'mx.cnameslow.com'] }], 'mx.cnameslow.com': [{ CNAME: 'slow.example.net' }], 'slow.example.net': ['TIMEOUT'] },
    expect: { 'mx.present': 'pass', 'mx.targets-resolve': 'error' },
  },
  {
    name: 'MX target has only AAAA',
    domain: 'v6only.com',
    zone: { 'v6only.com': [{ MX: [0, MS] }], [MS]: [{ AAAA: '2001:db8::10' }] },
    expect: { 'mx.targets-resolve': 'pass' },
  },
  {
    name: 'MX target: A answered, AAAA times out',
    domain: 'halfslow.com',
    zone: { 'halfslow.com': [{ MX: [0, MS] }], [MS]: [{ A: '198.51.100.10' }, 'TIMEOUT'] },
    expect: { 'mx.targets-resolve': 'pass' },
  },
  {
    name: 'MX target: no A (NODATA), AAAA times out',
    domain: 'halfunknown.com',
    zone: { 'halfunknown.com': [{ MX: [0, MS] }], [MS]: [{ TXT: 'x' }, 'TIMEOUT'] },
    expect: { 'mx.present': 'pass', 'mx.m365-primary': 'pass', 'mx.targets-resolve': 'error' },
  },
  {
    name: 'one MX target dangling, another timing out: the dangling one is verified',
    domain: 'mixedbad.com',
    zone: {
      'mixedbad.com': [{ MX: [0, MS] }, { MX: [0, 'contoso-gone.mail.protection.outlook.com'] }],
      [MS]: ['TIMEOUT'],
    },
    expect: { 'mx.m365-primary': 'pass', 'mx.no-bypass': 'pass', 'mx.targets-resolve': 'fail' },
  },
  {
    name: 'MX target lookups time out for a hosting backup only',
    domain: 'backupslow.com',
    zone: { 'backupslow.com': [{ MX: [0, MS] }, { MX: [10, 'mail.backupslow.com'] }], ...msHost, 'mail.backupslow.com': ['TIMEOUT'] },
    expect: { 'mx.no-bypass': 'fail', 'mx.targets-resolve': 'error' },
  },
  // --- the domain itself ---
  {
    name: 'domain NXDOMAIN (a parent zone exists)',
    domain: 'gone.example.org',
    zone: { 'example.org': [{ A: '192.0.2.1' }] },
    expect: { 'mx.present': 'fail', 'mx.m365-primary': 'fail', 'mx.no-bypass': 'skip', 'mx.targets-resolve': 'skip', 'autodiscover.srv': 'pass' },
  },
  {
    name: 'domain is a CNAME to a zone with the Microsoft MX',
    domain: 'alias.example.org',
    zone: { 'alias.example.org': [{ CNAME: 'real.example.net' }], 'real.example.net': [{ MX: [0, MS] }], ...msHost },
    expect: { 'mx.present': 'pass', 'mx.m365-primary': 'pass', 'mx.no-bypass': 'pass', 'mx.targets-resolve': 'pass' },
  },
  {
    name: 'MX lookup of the domain times out, autodiscover answered',
    domain: 'mxslow.com',
    zone: { 'mxslow.com': [{ A: '192.0.2.9' }, 'TIMEOUT'], ...goodAutodiscover('mxslow.com') },
    expect: {
      'mx.present': 'error',
      'mx.m365-primary': 'error',
      'mx.no-bypass': 'error',
      'mx.targets-resolve': 'error',
      'autodiscover.cname': 'pass',
      'autodiscover.srv': 'pass',
    },
  },
]);
