// Example worlds for the spf.* checks: zones, inputs, and the status each check must give.
import type { CheckInput } from '../../../src/engine/types.js';
import type { Zone } from '../../../src/testbed/dns-server.js';
import type { World } from '../../helpers/world.js';

const HOSTING = '203.0.113.25';
const MS_MX = 'contoso-com.mail.protection.outlook.com';
const microsoft: Zone = {
  'spf.protection.outlook.com': [{ TXT: 'v=spf1 ip4:40.92.0.0/15 ip4:40.107.0.0/16 ip4:52.100.0.0/15 ip4:104.47.0.0/17 ip6:2a01:111:f400::/48 -all' }],
  [MS_MX]: [{ A: '198.51.100.10' }],
};
const given: CheckInput = { hostingIps: [HOSTING] };

/** A domain with Microsoft's MX and the given TXT records. */
function domain(name: string, txt: (string | string[])[], extra: Zone = {}): Zone {
  return { [name]: [{ MX: [0, MS_MX] }, ...txt.map((t) => ({ TXT: t }))], ...microsoft, ...extra };
}

/** A chain of `depth` includes, each costing one lookup. */
function chain(prefix: string, depth: number, last: string): Zone {
  const zone: Record<string, { TXT: string }[]> = {};
  for (let i = 0; i < depth; i++) zone[`${prefix}${i}.example.net`] = [{ TXT: i === depth - 1 ? last : `v=spf1 include:${prefix}${i + 1}.example.net -all` }];
  return zone;
}

const ALL = ['spf.present', 'spf.syntax', 'spf.m365-include', 'spf.hosting-covered', 'spf.lookup-limit', 'spf.void-limit', 'spf.all'];
const every = (status: 'skip' | 'error') => Object.fromEntries(ALL.slice(1).map((id) => [id, status]));

export const SPF_WORLDS: World[] = [
  {
    name: 'a correct split-domain record',
    domain: 'good.com',
    zone: domain('good.com', ['v=spf1 include:spf.protection.outlook.com ip4:203.0.113.25 -all', 'google-site-verification=abc']),
    input: given,
    expect: Object.fromEntries(ALL.map((id) => [id, 'pass'])),
  },
  {
    name: 'no SPF record',
    domain: 'nospf.com',
    zone: domain('nospf.com', ['some other text']),
    input: given,
    expect: { 'spf.present': 'fail', ...every('skip') },
    says: { 'spf.present': ['include:spf.protection.outlook.com ip4:203.0.113.25 -all'] },
  },
  {
    name: 'two SPF records',
    domain: 'two.com',
    zone: domain('two.com', ['v=spf1 include:spf.protection.outlook.com -all', 'v=spf1 +a +mx ~all']),
    input: given,
    // Every spf.* check reports the permerror receivers get, not skip (issue 13); spf.all warns (no policy, as ?all).
    expect: { 'spf.present': 'fail', 'spf.syntax': 'fail', 'spf.m365-include': 'fail', 'spf.hosting-covered': 'fail', 'spf.lookup-limit': 'fail', 'spf.void-limit': 'fail', 'spf.all': 'warn' },
    says: { 'spf.present': ['2 SPF records', 'v=spf1 include:spf.protection.outlook.com +a +mx -all'], 'spf.hosting-covered': ['permerror', 'v=spf1 include:spf.protection.outlook.com +a +mx -all'] },
  },
  {
    name: 'ipv4: typo',
    domain: 'typo.com',
    zone: domain('typo.com', ['v=spf1 include:spf.protection.outlook.com ipv4:203.0.113.25 -all']),
    input: given,
    expect: { 'spf.present': 'pass', 'spf.syntax': 'fail', 'spf.hosting-covered': 'fail' },
    says: { 'spf.syntax': ['position 42', 'ipv4', 'ip4:203.0.113.25 -all'] },
  },
  {
    name: 'syntax error in an included record',
    domain: 'badinc.com',
    zone: domain('badinc.com', ['v=spf1 include:spf.protection.outlook.com include:_spf.vendor.example -all'], {
      '_spf.vendor.example': [{ TXT: 'v=spf1 ip4:192.0.2.0/33 -all' }],
    }),
    input: given,
    expect: { 'spf.syntax': 'fail', 'spf.m365-include': 'pass' },
    says: { 'spf.syntax': ['_spf.vendor.example', '192.0.2.0/33'] },
  },
  {
    name: "Microsoft's include missing",
    domain: 'nomsinc.com',
    zone: domain('nomsinc.com', ['v=spf1 ip4:203.0.113.25 -all']),
    input: given,
    expect: { 'spf.m365-include': 'fail', 'spf.hosting-covered': 'pass' },
    says: { 'spf.m365-include': ['v=spf1 ip4:203.0.113.25 include:spf.protection.outlook.com -all'] },
  },
  {
    name: "Microsoft's include reached through a nested include",
    domain: 'nested.com',
    zone: domain('nested.com', ['v=spf1 include:_spf.nested.com -all'], {
      '_spf.nested.com': [{ TXT: 'v=spf1 include:spf.protection.outlook.com ip4:203.0.113.25 -all' }],
    }),
    input: given,
    expect: { 'spf.m365-include': 'pass', 'spf.hosting-covered': 'pass', 'spf.lookup-limit': 'pass' },
  },
  {
    name: "cPanel's +a +mx after the MX moved: the hosting server is not covered",
    domain: 'cpanel-spf.com',
    zone: domain('cpanel-spf.com', ['v=spf1 +a +mx include:spf.protection.outlook.com ~all'], {}),
    input: given,
    expect: { 'spf.hosting-covered': 'fail', 'spf.all': 'pass' },
    says: { 'spf.hosting-covered': ['softfail for 203.0.113.25', '"mx" now means', 'ip4:203.0.113.25 ~all'] },
  },
  {
    name: '"mx" misses a hosting server that sends from another address than its MX host',
    domain: 'othersender.com',
    zone: {
      'othersender.com': [{ MX: [0, MS_MX] }, { MX: [10, 'mx.othersender.com'] }, { TXT: 'v=spf1 +mx include:spf.protection.outlook.com -all' }],
      'mx.othersender.com': [{ A: '203.0.113.7' }],
      ...microsoft,
    },
    input: given,
    expect: { 'spf.hosting-covered': 'fail' },
    says: { 'spf.hosting-covered': ['fail for 203.0.113.25'] },
    never: { 'spf.hosting-covered': ['now means'] },
  },
  {
    name: 'covered only through the hosting MX that should go',
    domain: 'viamx.com',
    zone: {
      'viamx.com': [{ MX: [0, MS_MX] }, { MX: [10, 'mail.viamx.com'] }, { TXT: 'v=spf1 +mx include:spf.protection.outlook.com -all' }],
      'mail.viamx.com': [{ A: HOSTING }],
      ...microsoft,
    },
    expect: { 'spf.hosting-covered': 'warn' },
    says: { 'spf.hosting-covered': ['inferred', 'only through "mx"', 'ip4:203.0.113.25'] },
  },
  {
    name: 'hosting addresses unknown',
    domain: 'unknownhost.com',
    zone: domain('unknownhost.com', ['v=spf1 include:spf.protection.outlook.com -all']),
    expect: { 'spf.hosting-covered': 'skip', 'spf.m365-include': 'pass' },
    says: { 'spf.hosting-covered': ['--hosting-ip'] },
  },
  {
    name: 'eleven lookups',
    domain: 'toomany.com',
    zone: domain(
      'toomany.com',
      ['v=spf1 +a +mx include:spf.protection.outlook.com include:a.example.net include:b.example.net include:c.example.net ip4:203.0.113.25 -all'],
      {
        'toomany.com': [{ A: '192.0.2.1' }, { MX: [0, MS_MX] }, { TXT: 'v=spf1 +a +mx include:spf.protection.outlook.com include:a.example.net include:b.example.net include:c.example.net ip4:203.0.113.25 -all' }],
        'a.example.net': [{ TXT: 'v=spf1 a:x1.example.net a:x2.example.net -all' }],
        'b.example.net': [{ TXT: 'v=spf1 a:x1.example.net a:x2.example.net -all' }],
        'c.example.net': [{ TXT: 'v=spf1 a:x1.example.net -all' }],
        'x1.example.net': [{ A: '192.0.2.11' }],
        'x2.example.net': [{ A: '192.0.2.12' }],
      },
    ),
    input: given,
    expect: { 'spf.lookup-limit': 'fail' },
    says: { 'spf.lookup-limit': ['needs 11', 'include:a.example.net 3', 'remove "mx"'] },
  },
  {
    name: 'nine lookups: close to the limit',
    domain: 'nine.com',
    zone: domain('nine.com', ['v=spf1 include:spf.protection.outlook.com include:a.example.net include:b.example.net include:c.example.net ip4:203.0.113.25 -all'], {
      'a.example.net': [{ TXT: 'v=spf1 a:x1.example.net a:x2.example.net -all' }],
      'b.example.net': [{ TXT: 'v=spf1 a:x1.example.net a:x2.example.net -all' }],
      'c.example.net': [{ TXT: 'v=spf1 a:x1.example.net -all' }],
      'x1.example.net': [{ A: '192.0.2.11' }],
      'x2.example.net': [{ A: '192.0.2.12' }],
    }),
    input: given,
    expect: { 'spf.lookup-limit': 'warn', 'spf.hosting-covered': 'pass' },
    says: { 'spf.lookup-limit': ['needs 9'] },
  },
  {
    name: 'three void lookups',
    domain: 'voids.com',
    zone: domain('voids.com', ['v=spf1 include:spf.protection.outlook.com a:gone1.voids.com a:gone2.voids.com mx:gone3.voids.com ip4:203.0.113.25 -all']),
    input: given,
    expect: { 'spf.void-limit': 'fail', 'spf.hosting-covered': 'fail' },
    says: { 'spf.void-limit': ['gone1.voids.com', 'gone3.voids.com'] },
  },
  {
    name: '+all',
    domain: 'open.com',
    zone: domain('open.com', ['v=spf1 include:spf.protection.outlook.com +all']),
    input: given,
    expect: { 'spf.all': 'fail', 'spf.hosting-covered': 'pass' },
    says: { 'spf.all': ['every server on the internet', 'include:spf.protection.outlook.com -all'] },
  },
  {
    name: '?all',
    domain: 'neutral.com',
    zone: domain('neutral.com', ['v=spf1 include:spf.protection.outlook.com ip4:203.0.113.25 ?all']),
    input: given,
    expect: { 'spf.all': 'warn' },
  },
  {
    name: 'no all at all',
    domain: 'noall.com',
    zone: domain('noall.com', ['v=spf1 include:spf.protection.outlook.com ip4:203.0.113.25']),
    input: given,
    expect: { 'spf.all': 'warn' },
    says: { 'spf.all': ['ip4:203.0.113.25 -all'] },
  },
  {
    name: 'redirect= to a record ending in -all',
    domain: 'redirected.com',
    zone: domain('redirected.com', ['v=spf1 redirect=_spf.redirected.com'], {
      '_spf.redirected.com': [{ TXT: 'v=spf1 include:spf.protection.outlook.com ip4:203.0.113.25 -all' }],
    }),
    input: given,
    expect: { 'spf.all': 'pass', 'spf.m365-include': 'pass', 'spf.hosting-covered': 'pass' },
    says: { 'spf.all': ['redirect= to _spf.redirected.com'] },
  },
  {
    name: 'include loop',
    domain: 'loop.com',
    zone: domain('loop.com', ['v=spf1 include:spf.protection.outlook.com include:l1.loop.com -all'], {
      'l1.loop.com': [{ TXT: 'v=spf1 include:l2.loop.com -all' }],
      'l2.loop.com': [{ TXT: 'v=spf1 include:l1.loop.com -all' }],
    }),
    input: given,
    expect: { 'spf.present': 'pass', 'spf.lookup-limit': 'fail', 'spf.hosting-covered': 'fail' },
    says: { 'spf.lookup-limit': ['l1.loop.com → l2.loop.com → l1.loop.com'] },
  },
  {
    name: '40 nested includes',
    domain: 'deep.com',
    zone: domain('deep.com', ['v=spf1 include:spf.protection.outlook.com include:d0.example.net ip4:203.0.113.25 -all'], chain('d', 40, 'v=spf1 -all')),
    input: given,
    expect: { 'spf.lookup-limit': 'fail', 'spf.hosting-covered': 'fail', 'spf.m365-include': 'pass' },
    says: { 'spf.lookup-limit': ['at least'], 'spf.hosting-covered': ['permerror'] },
  },
  {
    name: 'a long record split over several strings, only reachable over TCP',
    domain: 'long.com',
    zone: domain('long.com', [
      ['v=spf1 include:spf.protection.outlook.com ', ...Array.from({ length: 14 }, (_, i) => `ip4:198.51.100.${i}/32 ip4:192.0.2.${i}/32 ip4:203.0.113.${100 + i}/32 ip6:2001:db8::${i}/128 ip6:2001:db8:1::${i}/128 `), 'ip4:203.0.113.25 -all'],
      ...Array.from({ length: 4 }, (_, i) => 'x'.repeat(250) + String(i)),
    ]),
    input: given,
    expect: Object.fromEntries(ALL.map((id) => [id, 'pass'])),
  },
  {
    name: 'a 4,000-byte TXT answer that is not SPF at all',
    domain: 'huge.com',
    zone: domain('huge.com', [Array.from({ length: 16 }, (_, i) => `${String(i).padStart(2, '0')}${'y'.repeat(248)}`)]),
    input: given,
    expect: { 'spf.present': 'fail', ...every('skip') },
  },
  {
    name: 'the TXT lookup times out',
    domain: 'slowtxt.com',
    zone: { 'slowtxt.com': [{ MX: [0, MS_MX] }, 'TIMEOUT'], ...microsoft },
    input: given,
    expect: { 'spf.present': 'error', ...every('error') },
  },
  {
    name: 'an include target times out',
    domain: 'slowinc.com',
    zone: domain('slowinc.com', ['v=spf1 include:_spf.slow.example ip4:203.0.113.25 -all'], { '_spf.slow.example': ['TIMEOUT'] }),
    input: given,
    expect: { 'spf.present': 'pass', 'spf.syntax': 'error', 'spf.m365-include': 'error', 'spf.lookup-limit': 'error', 'spf.hosting-covered': 'error' },
  },
  {
    name: 'GCC High MX with the worldwide include',
    domain: 'gov.us',
    zone: {
      'gov.us': [{ MX: [0, 'gov-us.mail.protection.office365.us'] }, { TXT: 'v=spf1 include:spf.protection.outlook.com ip4:203.0.113.25 -all' }],
      'gov-us.mail.protection.office365.us': [{ A: '198.51.100.30' }],
      ...microsoft,
    },
    input: given,
    expect: { 'spf.m365-include': 'warn' },
    says: { 'spf.m365-include': ['include:spf.protection.office365.us'] },
  },
];
