// Example worlds for the table-driven check tests: a zone, and the status each check must give.
import type { CheckInput } from '../../src/engine/types.js';
import type { Zone as ZoneData } from '../../src/testbed/dns-server.js';

export interface World {
  name: string;
  domain: string;
  zone: ZoneData;
  input?: CheckInput;
  expect: Record<string, 'pass' | 'warn' | 'fail' | 'error' | 'skip'>;
}

const MS = 'contoso-com.mail.protection.outlook.com';
const msHost: ZoneData = { [MS]: [{ A: '198.51.100.10' }] };
const outlookAutodiscover: ZoneData = {
  'autodiscover.outlook.com': [{ CNAME: 'autod.ms-acdc.office.com' }],
  'autod.ms-acdc.office.com': [{ A: '198.51.100.20' }],
};
const goodAutodiscover = (d: string): ZoneData => ({ [`autodiscover.${d}`]: [{ CNAME: 'autodiscover.outlook.com' }], ...outlookAutodiscover });

export const WORLDS: World[] = [
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
  {
    name: 'cPanel autodiscover A record and SRV left over',
    domain: 'cpanel.com',
    zone: {
      'cpanel.com': [{ MX: [0, MS] }],
      ...msHost,
      'autodiscover.cpanel.com': [{ A: '203.0.113.10' }],
      '_autodiscover._tcp.cpanel.com': [{ SRV: [0, 0, 443, 'cpanelemaildiscovery.cpanel.net'] }],
    },
    expect: { 'autodiscover.cname': 'fail', 'autodiscover.srv': 'fail' },
  },
  {
    name: 'Hostinger autodiscover CNAME',
    domain: 'hostinger-left.com',
    zone: {
      'hostinger-left.com': [{ MX: [0, MS] }],
      ...msHost,
      'autodiscover.hostinger-left.com': [{ CNAME: 'autodiscover.mail.hostinger.com' }],
      'autodiscover.mail.hostinger.com': [{ A: '203.0.113.11' }],
    },
    expect: { 'autodiscover.cname': 'fail', 'autodiscover.srv': 'pass' },
  },
  {
    name: 'autodiscover through an intermediate alias',
    domain: 'indirect.com',
    zone: {
      'indirect.com': [{ MX: [0, MS] }],
      ...msHost,
      'autodiscover.indirect.com': [{ CNAME: 'autodiscover.msp-hosting.net' }],
      'autodiscover.msp-hosting.net': [{ CNAME: 'autodiscover.outlook.com' }],
      ...outlookAutodiscover,
    },
    expect: { 'autodiscover.cname': 'warn' },
  },
  {
    name: 'autodiscover CNAME elsewhere',
    domain: 'elsewhere.com',
    zone: {
      'elsewhere.com': [{ MX: [0, MS] }],
      ...msHost,
      'autodiscover.elsewhere.com': [{ CNAME: 'mail.elsewhere.com' }],
      'mail.elsewhere.com': [{ A: '203.0.113.12' }],
    },
    expect: { 'autodiscover.cname': 'fail' },
  },
  {
    name: 'autodiscover missing, SRV declined or at Microsoft',
    domain: 'nodisco.com',
    zone: {
      'nodisco.com': [{ MX: [0, MS] }],
      ...msHost,
      '_autodiscover._tcp.nodisco.com': [{ SRV: [0, 0, 443, 'autodiscover.outlook.com'] }, { SRV: [10, 0, 0, '.'] }],
    },
    expect: { 'autodiscover.cname': 'warn', 'autodiscover.srv': 'pass' },
  },
  {
    name: 'autodiscover lookups time out',
    domain: 'discotimeout.com',
    zone: {
      'discotimeout.com': [{ MX: [0, MS] }],
      ...msHost,
      'autodiscover.discotimeout.com': ['TIMEOUT'],
      '_autodiscover._tcp.discotimeout.com': ['TIMEOUT'],
    },
    expect: { 'mx.present': 'pass', 'autodiscover.cname': 'error', 'autodiscover.srv': 'error' },
  },
];
