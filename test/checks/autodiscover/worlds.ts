// Example worlds for autodiscover.*: zones and the status each check must give.
import { tagged, type World } from '../../helpers/world.js';
import { goodAutodiscover, healthy, MS, msHost, outlookAutodiscover } from '../mx/zones.js';

export const AUTODISCOVER_WORLDS: World[] = [
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

/** Tricky zones for autodiscover.* (adversarial review), run with a 150 ms DNS timeout. */
export const AUTODISCOVER_ADVERSARIAL_WORLDS: World[] = tagged('adversarial', [
  // --- autodiscover ---
  {
    name: 'autodiscover CNAME target in mixed case with a trailing dot',
    domain: 'adcase.com',
    zone: { ...healthy('adcase.com'), 'autodiscover.adcase.com': [{ CNAME: 'AutoDiscover.Outlook.COM.' }] },
    expect: { 'autodiscover.cname': 'pass' },
  },
  {
    name: 'autodiscover first hop at Microsoft, the chain ending anywhere (judged by the first hop)',
    domain: 'adfirst.com',
    zone: {
      ...healthy('adfirst.com'),
      'autodiscover.outlook.com': [{ CNAME: 'somewhere.example.net' }],
      'somewhere.example.net': [{ A: '198.51.100.21' }],
    },
    expect: { 'autodiscover.cname': 'pass' },
  },
  {
    name: 'autodiscover first hop at Microsoft, the rest of the chain timing out',
    domain: 'adfirstslow.com',
    zone: {
      ...healthy('adfirstslow.com'),
      'autodiscover.outlook.com': [{ CNAME: 'slow.example.net' }],
      'slow.example.net': ['TIMEOUT'],
    },
    expect: { 'autodiscover.cname': 'pass' },
  },
  {
    name: 'autodiscover CNAME to Hostinger through the hosting panel host',
    domain: 'adhost.com',
    zone: {
      ...healthy('adhost.com'),
      'autodiscover.adhost.com': [{ CNAME: 'Autodiscover.Mail.Hostinger.com' }],
      'autodiscover.mail.hostinger.com': [{ A: '203.0.113.50' }],
    },
    expect: { 'autodiscover.cname': 'fail' },
  },
  {
    name: 'autodiscover CNAME to Hostinger whose target times out (first hop decides)',
    domain: 'adhostslow.com',
    zone: {
      ...healthy('adhostslow.com'),
      'autodiscover.adhostslow.com': [{ CNAME: 'autodiscover.mail.hostinger.com' }],
      'autodiscover.mail.hostinger.com': ['TIMEOUT'],
    },
    expect: { 'autodiscover.cname': 'fail' },
  },
  {
    name: 'autodiscover CNAME to an intermediate alias whose lookups time out',
    domain: 'adinterslow.com',
    zone: {
      ...healthy('adinterslow.com'),
      'autodiscover.adinterslow.com': [{ CNAME: 'autodiscover.msp-hosting.net' }],
      'autodiscover.msp-hosting.net': ['TIMEOUT'],
    },
    // Whether the alias leads to Microsoft (warn) or elsewhere (fail) is unknown: never guess.
    expect: { 'autodiscover.cname': 'error' },
  },
  {
    name: 'autodiscover CNAME to a dangling name elsewhere',
    domain: 'addangle.com',
    zone: { ...healthy('addangle.com'), 'autodiscover.addangle.com': [{ CNAME: 'autodiscover.gone.example.net' }] },
    expect: { 'autodiscover.cname': 'fail' },
  },
  {
    name: 'cPanel autodiscover A record left over',
    domain: 'ada.com',
    zone: { ...healthy('ada.com'), 'autodiscover.ada.com': [{ A: '203.0.113.51' }] },
    expect: { 'autodiscover.cname': 'fail', 'autodiscover.srv': 'pass' },
  },
  {
    name: 'cPanel autodiscover AAAA record alone left over (IPv6 hosting server)',
    domain: 'adaaaa.com',
    zone: { ...healthy('adaaaa.com'), 'autodiscover.adaaaa.com': [{ AAAA: '2001:db8::51' }] },
    expect: { 'autodiscover.cname': 'fail' },
  },
  {
    name: 'cPanel autodiscover A and AAAA records left over',
    domain: 'adboth.com',
    zone: { ...healthy('adboth.com'), 'autodiscover.adboth.com': [{ A: '203.0.113.52' }, { AAAA: '2001:db8::52' }] },
    expect: { 'autodiscover.cname': 'fail' },
  },
  {
    name: 'autodiscover: nothing at all (NXDOMAIN)',
    domain: 'adnone.com',
    zone: { 'adnone.com': [{ MX: [0, MS] }], ...msHost },
    expect: { 'autodiscover.cname': 'warn', 'autodiscover.srv': 'pass' },
  },
  {
    name: 'autodiscover: the name exists with a TXT only',
    domain: 'adtxt.com',
    zone: { 'adtxt.com': [{ MX: [0, MS] }], ...msHost, 'autodiscover.adtxt.com': [{ TXT: 'hello' }] },
    expect: { 'autodiscover.cname': 'warn' },
  },
  {
    name: 'autodiscover: A lookup times out, no CNAME',
    domain: 'adaslow.com',
    zone: { 'adaslow.com': [{ MX: [0, MS] }], ...msHost, 'autodiscover.adaslow.com': [{ TXT: 'x' }, 'TIMEOUT'] },
    expect: { 'autodiscover.cname': 'error' },
  },
  {
    name: 'SRV to cpanelemaildiscovery.cpanel.net in mixed case',
    domain: 'srvcp.com',
    zone: { ...healthy('srvcp.com'), '_autodiscover._tcp.srvcp.com': [{ SRV: [0, 0, 443, 'CPanelEmailDiscovery.cPanel.net.'] }] },
    expect: { 'autodiscover.cname': 'pass', 'autodiscover.srv': 'fail' },
  },
  {
    name: 'SRV target "." alone',
    domain: 'srvdot.com',
    zone: { ...healthy('srvdot.com'), '_autodiscover._tcp.srvdot.com': [{ SRV: [0, 0, 0, '.'] }] },
    expect: { 'autodiscover.srv': 'pass' },
  },
  {
    name: 'SRV at Microsoft plus a leftover to the hosting server',
    domain: 'srvmix.com',
    zone: {
      ...healthy('srvmix.com'),
      '_autodiscover._tcp.srvmix.com': [{ SRV: [0, 0, 443, 'autodiscover.outlook.com'] }, { SRV: [10, 0, 443, 'mail.srvmix.com'] }],
    },
    expect: { 'autodiscover.srv': 'fail' },
  },
  {
    name: 'SRV to the Hostinger autodiscover host',
    domain: 'srvhost.com',
    zone: { ...healthy('srvhost.com'), '_autodiscover._tcp.srvhost.com': [{ SRV: [0, 0, 443, 'autodiscover.mail.hostinger.com'] }] },
    expect: { 'autodiscover.srv': 'fail' },
  },
  {
    name: 'SRV name is a CNAME to a cPanel SRV',
    domain: 'srvalias.com',
    zone: {
      ...healthy('srvalias.com'),
      '_autodiscover._tcp.srvalias.com': [{ CNAME: '_autodiscover._tcp.panel.example.net' }],
      '_autodiscover._tcp.panel.example.net': [{ SRV: [0, 0, 443, 'cpanelemaildiscovery.cpanel.net'] }],
    },
    expect: { 'autodiscover.srv': 'fail' },
  },
  {
    name: 'SRV lookup times out',
    domain: 'srvslow.com',
    zone: { ...healthy('srvslow.com'), '_autodiscover._tcp.srvslow.com': ['TIMEOUT'] },
    expect: { 'autodiscover.cname': 'pass', 'autodiscover.srv': 'error' },
  },
]);
