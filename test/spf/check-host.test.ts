// Table tests of check_host(): results, limits, loops, DNS errors, address families, explanations and the evaluation tree.

import { describe, expect, it } from 'vitest';
import type { DnsClient, DnsResult } from '../../src/dns/types.js';
import { checkHost, describeReason, MAX_DNS_LOOKUPS, type RecordNode, type SpfReason } from '../../src/spf/index.js';
import { check, nestedIncludes, zone } from './helpers/world.js';

const M365 = 'v=spf1 ip4:40.92.0.0/15 ip4:40.107.0.0/16 ip6:2a01:111:f400::/48 -all';

describe('results of the all mechanism and qualifiers', () => {
  const cases: Array<[string, string]> = [
    ['v=spf1 +all', 'pass'],
    ['v=spf1 all', 'pass'],
    ['v=spf1 ?all', 'neutral'],
    ['v=spf1 ~all', 'softfail'],
    ['v=spf1 -all', 'fail'],
    ['v=spf1 ip4:192.0.2.0/24', 'neutral'],
    ['v=spf1', 'neutral'],
  ];
  it.each(cases)('%s → %s', async (record, expected) => {
    expect((await check(zone({ 'example.com': [record] }), '198.51.100.7')).result).toBe(expected);
  });
});

describe('record selection and syntax (RFC 7208 §4.5, §4.6)', () => {
  it('two SPF records are permerror', async () => {
    const r = await check(zone({ 'example.com': ['v=spf1 -all', 'v=spf1 include:spf.protection.outlook.com -all'] }), '192.0.2.1');
    expect(r).toMatchObject({ result: 'permerror', reason: { code: 'multiple-records', domain: 'example.com', count: 2 } });
  });

  it('no SPF record is none, a missing domain too', async () => {
    const z = zone({ 'example.com': ['google-site-verification=abc'] });
    expect(await check(z, '192.0.2.1')).toMatchObject({ result: 'none', reason: { code: 'no-record', dns: 'no-spf' } });
    expect(await check(z, '192.0.2.1', 'missing.example')).toMatchObject({ result: 'none', reason: { code: 'no-record', dns: 'nxdomain' } });
  });

  it('the ipv4: typo is permerror with its position and term, even after a matching mechanism', async () => {
    const r = await check(zone({ 'example.com': ['v=spf1 +all ipv4:192.0.2.1'] }), '192.0.2.1');
    expect(r).toMatchObject({
      result: 'permerror',
      lookups: 0,
      reason: { code: 'syntax', domain: 'example.com', error: { code: 'unknown-mechanism', position: 12, term: 'ipv4:192.0.2.1', name: 'ipv4' } },
    });
  });

  it('a syntax error in an included record is the include’s permerror, with that record’s position', async () => {
    const z = zone({ 'example.com': ['v=spf1 include:_spf.host.example -all'], '_spf.host.example': ['v=spf1 ip4:192.0.2.0/24 a:mail.-x'] });
    const r = await check(z, '192.0.2.1');
    expect(r.reason).toMatchObject({ code: 'syntax', domain: '_spf.host.example', error: { position: 24, term: 'a:mail.-x' } });
  });

  it('evaluates a record split over several strings of a 4,000-octet TXT answer', async () => {
    const filler = Array.from({ length: 14 }, (_, i) => `x${i}=${'a'.repeat(240)}`);
    const spf = ['v=spf1 ', ...Array.from({ length: 8 }, (_, i) => `ip4:198.51.100.${i} `), 'ip4:192.0.2.0/24 -all'];
    const z: Record<string, unknown[]> = { 'example.com': [...filler.map((t) => ({ TXT: t })), { TXT: spf }] };
    const r = await check(z as never, '192.0.2.77');
    expect(r.result).toBe('pass');
    expect(r.record).toBe(spf.join(''));
  });
});

describe('DNS lookup limits (RFC 7208 §4.6.4)', () => {
  it('40 nested includes end fast at the 11th lookup with a clear reason', async () => {
    const started = performance.now();
    const r = await check(nestedIncludes(40), '203.0.113.1');
    expect(performance.now() - started).toBeLessThan(500);
    expect(r.result).toBe('permerror');
    expect(r.lookups).toBe(MAX_DNS_LOOKUPS + 1);
    expect(r.reason).toMatchObject({ code: 'lookup-limit', limit: 10, at: { domain: 'n10.example.net', term: 'include:n11.example.net' } });
    expect(describeReason(r.reason!)).toMatch(/more than 10 DNS-querying terms/);
    expect(r.client.log.filter((q) => q.type === 'TXT').length).toBeLessThanOrEqual(12);
  });

  it('10 nested includes are fine, 11 are not', async () => {
    expect((await check(nestedIncludes(10), '203.0.113.1')).result).toBe('pass');
    expect((await check(nestedIncludes(11), '203.0.113.1')).result).toBe('permerror');
  });

  it('an include loop ends at the limit, and the reason names the loop', async () => {
    const z = zone({ 'example.com': ['v=spf1 include:a.example.net -all'], 'a.example.net': ['v=spf1 include:b.example.net'], 'b.example.net': ['v=spf1 include:a.example.net'] });
    const r = await check(z, '192.0.2.1');
    expect(r.result).toBe('permerror');
    expect(r.lookups).toBe(11);
    expect(r.reason).toMatchObject({ code: 'lookup-limit', loop: ['example.com', 'a.example.net', 'b.example.net', 'a.example.net'] });
    expect(describeReason(r.reason!)).toContain('example.com → a.example.net → b.example.net → a.example.net');
  });

  it('a redirect to itself ends at the limit too', async () => {
    const r = await check(zone({ 'example.com': ['v=spf1 ip4:192.0.2.9 redirect=example.com'] }), '192.0.2.1');
    expect(r).toMatchObject({ result: 'permerror', lookups: 11, reason: { code: 'lookup-limit', loop: ['example.com', 'example.com'] } });
  });

  it('a match before the loop still passes', async () => {
    const r = await check(zone({ 'example.com': ['v=spf1 ip4:192.0.2.1 include:example.com -all'] }), '192.0.2.1');
    expect(r.result).toBe('pass');
  });

  it('two void lookups are allowed, the third is permerror', async () => {
    const z = zone({
      'two.example': ['v=spf1 a:nx1.example a:nx2.example ?all'],
      'three.example': ['v=spf1 a:nx1.example mx:nodata.example a:nx2.example ?all'],
      'nodata.example': [{ A: '192.0.2.200' }],
    });
    expect(await check(z, '192.0.2.1', 'two.example')).toMatchObject({ result: 'neutral', voidLookups: 2 });
    const r = await check(z, '192.0.2.1', 'three.example');
    expect(r).toMatchObject({ result: 'permerror', voidLookups: 3, reason: { code: 'void-limit', at: { term: 'a:nx2.example' } } });
  });

  it('more than 10 MX names is permerror; a null MX matches nothing', async () => {
    const mx = Array.from({ length: 11 }, (_, i) => ({ MX: [i, `mx${i}.example.com`] as [number, string] }));
    const z = zone({ 'example.com': ['v=spf1 mx -all', ...mx], 'null.example': ['v=spf1 mx ?all', { MX: [0, '.'] }] });
    expect(await check(z, '192.0.2.1')).toMatchObject({ result: 'permerror', reason: { code: 'mx-limit', count: 11 } });
    expect((await check(z, '192.0.2.1', 'null.example')).result).toBe('neutral');
  });

  it('counts at most 10 PTR names for %{p} and ptr', async () => {
    const ptrs = Array.from({ length: 15 }, (_, i) => ({ PTR: `h${i}.example.com` }));
    const z = zone({ 'example.com': ['v=spf1 ptr -all exp=why.example.com'], 'why.example.com': ['from %{p}'], '1.2.0.192.in-addr.arpa': ptrs });
    const r = await check(z, '192.0.2.1', 'example.com', { prefetch: false });
    expect(r.result).toBe('fail');
    expect(r.explanation).toBe('from unknown');
    expect(r.client.log.filter((q) => q.type === 'A')).toHaveLength(10);
  });
});

describe('DNS errors (RFC 7208 §2.6.6, §5)', () => {
  it('a timeout on an included record is temperror naming the question', async () => {
    const r = await check(zone({ 'example.com': ['v=spf1 include:slow.example -all'], 'slow.example': ['TIMEOUT'] }), '192.0.2.1');
    expect(r).toMatchObject({ result: 'temperror', reason: { code: 'dns-error', name: 'slow.example', type: 'TXT', status: 'timeout' } });
  });

  it('a timeout in an a lookup is temperror, in a ptr validation it is skipped', async () => {
    const z = zone({ 'example.com': ['v=spf1 a:slow.example -all'], 'p.example': ['v=spf1 ptr -all'], 'slow.example': ['TIMEOUT'], '1.2.0.192.in-addr.arpa': [{ PTR: 'slow.example' }] });
    expect(await check(z, '192.0.2.1')).toMatchObject({ result: 'temperror', reason: { code: 'dns-error', type: 'A', at: { term: 'a:slow.example' } } });
    expect((await check(z, '192.0.2.1', 'p.example')).result).toBe('fail');
  });

  it('an aborted signal ends a hung lookup with temperror', async () => {
    const hung: DnsClient = {
      query: (name, type, options) =>
        new Promise<DnsResult>((resolve) => {
          options?.signal?.addEventListener('abort', () =>
            resolve({ question: { name, type }, status: 'error', code: 'ECANCELLED', records: [], cnames: [], canonicalName: name }),
          );
        }),
    };
    const r = await checkHost({ ip: '192.0.2.1', domain: 'example.com', dns: hung, signal: AbortSignal.timeout(30) });
    expect(r).toMatchObject({ result: 'temperror', reason: { code: 'dns-error', dnsCode: 'ECANCELLED' } });
  });
});

describe('address families and initial processing', () => {
  const z = zone({
    'example.com': ['v=spf1 a mx -all', { A: '192.0.2.10' }, { AAAA: '2001:db8::10' }, { MX: [10, 'mx.example.com'] }],
    'mx.example.com': [{ A: '192.0.2.20' }, { AAAA: '2001:db8::20' }],
  });
  const cases: Array<[string, string]> = [
    ['192.0.2.10', 'pass'],
    ['192.0.2.20', 'pass'],
    ['2001:db8::10', 'pass'],
    ['2001:DB8::20', 'pass'],
    ['::ffff:192.0.2.20', 'pass'],
    ['192.0.2.30', 'fail'],
    ['2001:db8::30', 'fail'],
  ];
  it.each(cases)('%s → %s', async (ip, expected) => {
    expect((await check(z, ip)).result).toBe(expected);
  });

  it('asks only the client family’s address type', async () => {
    const r = await check(z, '2001:db8::30', 'example.com', { prefetch: false });
    expect(r.client.log.map((q) => q.type).sort()).toEqual(['AAAA', 'AAAA', 'MX', 'TXT']);
  });

  it.each([
    ['a..example.com', 'empty-label'],
    [`${'x'.repeat(64)}.example.com`, 'long-label'],
    ['localhost', 'single-label'],
    ['[192.0.2.1]', 'address-literal'],
  ])('%s is none without a query (§4.3): %s', async (domain, problem) => {
    const r = await check(z, '192.0.2.1', domain);
    expect(r).toMatchObject({ result: 'none', reason: { code: 'malformed-domain', problem } });
    expect(r.client.log).toHaveLength(0);
  });

  it('an invalid client address is none with a reason', async () => {
    expect(await check(z, '192.0.2.300')).toMatchObject({ result: 'none', reason: { code: 'invalid-ip', ip: '192.0.2.300' } });
  });
});

describe('the split-domain case (DOMAIN.md §3)', () => {
  const world = (record: string) =>
    zone({
      'example.com': [record, { MX: [0, 'example-com.mail.protection.outlook.com'] }, { A: '198.51.100.80' }],
      'example-com.mail.protection.outlook.com': [{ A: '40.93.1.1' }],
      'spf.protection.outlook.com': [M365],
    });

  it('cPanel’s +a +mx stops covering the hosting server once the MX is Microsoft’s', async () => {
    const r = await check(world('v=spf1 +a +mx include:spf.protection.outlook.com -all'), '198.51.100.25');
    expect(r.result).toBe('fail');
    expect(r.lookups).toBe(3);
  });

  it('an ip4 term for the hosting server covers it; Microsoft passes through the include', async () => {
    const z = world('v=spf1 ip4:198.51.100.25 include:spf.protection.outlook.com -all');
    expect((await check(z, '198.51.100.25')).result).toBe('pass');
    const viaInclude = await check(z, '40.107.22.5');
    expect(viaInclude.result).toBe('pass');
    expect(viaInclude.tree.terms[1]).toMatchObject({ name: 'include', outcome: 'match', target: 'spf.protection.outlook.com', lookups: 1 });
  });
});

describe('explanations (RFC 7208 §6.2)', () => {
  const z = zone({
    'example.com': ['v=spf1 include:inc.example -all exp=why.example.com'],
    'inc.example': ['v=spf1 -ip4:192.0.2.1 exp=inner.example.com'],
    'why.example.com': ['%{i} is not one of %{d}’s senders'.replace('’', "'")],
    'inner.example.com': ['inner'],
  });

  it('is the expanded exp= text of the record that failed, never of an include', async () => {
    const r = await check(z, '192.0.2.1');
    expect(r).toMatchObject({ result: 'fail', explanation: "192.0.2.1 is not one of example.com's senders" });
  });

  it('is undefined when there is no exp=, and for results other than fail', async () => {
    expect((await check(zone({ 'example.com': ['v=spf1 -all'] }), '192.0.2.1')).explanation).toBeUndefined();
    expect((await check(zone({ 'example.com': ['v=spf1 ~all exp=why.example.com'], 'why.example.com': ['x'] }), '192.0.2.1')).explanation).toBeUndefined();
  });
});

describe('the evaluation tree', () => {
  const z = zone({
    'example.com': ['v=spf1 ip4:198.51.100.25 include:_spf.host.example include:spf.protection.outlook.com -all'],
    '_spf.host.example': ['v=spf1 a:a1.host.example a:a2.host.example mx include:_inner.host.example -all', { MX: [5, 'a1.host.example'] }],
    '_inner.host.example': ['v=spf1 exists:e.host.example a:a3.host.example ~all'],
    'a1.host.example': [{ A: '192.0.2.1' }],
    'a2.host.example': [{ A: '192.0.2.2' }],
    'a3.host.example': [{ A: '192.0.2.3' }],
    'e.host.example': [{ AAAA: '2001:db8::e' }],
    'spf.protection.outlook.com': [M365],
  });

  it('says where each lookup was spent: the hosting include uses 7 of the 10', async () => {
    const r = await check(z, '40.107.1.1');
    expect(r.result).toBe('pass');
    expect(r.lookups).toBe(8);
    const [ip4, hosting, microsoft] = r.tree.terms;
    expect(ip4).toMatchObject({ name: 'ip4', outcome: 'no-match', lookups: 0 });
    expect(hosting).toMatchObject({ name: 'include', target: '_spf.host.example', outcome: 'no-match', lookups: 7 });
    expect(hosting!.child).toMatchObject({ domain: '_spf.host.example', via: 'include', result: 'fail', lookups: 6, voidLookups: 1 });
    expect(hosting!.child!.terms.map((t) => [t.name, t.outcome, t.lookups])).toEqual([
      ['a', 'no-match', 1],
      ['a', 'no-match', 1],
      ['mx', 'no-match', 1],
      ['include', 'no-match', 3],
      ['all', 'match', 0],
    ]);
    const inner = hosting!.child!.terms[3]!.child as RecordNode;
    expect(inner.terms[0]).toMatchObject({ name: 'exists', void: true, queries: [{ name: 'e.host.example', type: 'A', outcome: 'nodata' }] });
    expect(microsoft).toMatchObject({ outcome: 'match', lookups: 1, child: { result: 'pass' } });
    expect(r.tree.terms[3]).toMatchObject({ name: 'all', outcome: 'not-reached' });
  });

  it('records what matched', async () => {
    const r = await check(z, '192.0.2.2');
    const a2 = r.tree.terms[1]!.child!.terms[1]!;
    expect(a2).toMatchObject({ outcome: 'match', matched: { address: '192.0.2.2' }, queries: [{ name: 'a2.host.example', type: 'A', outcome: 'answer', count: 1 }] });
  });
});

describe('messages', () => {
  it('words every reason code', () => {
    const at = { domain: 'example.com', term: 'include:x.example', position: 7 };
    const reasons: SpfReason[] = [
      { code: 'invalid-ip', ip: 'x' },
      { code: 'malformed-domain', domain: 'a..b', problem: 'empty-label' },
      { code: 'no-record', domain: 'x.example', dns: 'nodata' },
      { code: 'dns-error', domain: 'x', name: 'x', type: 'TXT', status: 'servfail' },
      { code: 'multiple-records', domain: 'x', count: 2 },
      { code: 'syntax', domain: 'x', record: 'v=spf1 ipv4:1.2.3.4', error: { code: 'unknown-mechanism', position: 7, term: 'ipv4:1.2.3.4', name: 'ipv4' } },
      { code: 'lookup-limit', at, limit: 10 },
      { code: 'void-limit', at, limit: 2 },
      { code: 'mx-limit', at, count: 11, limit: 10 },
      { code: 'include-none', at, target: 'x.example', cause: { code: 'no-record', domain: 'x.example', dns: 'nxdomain' } },
      { code: 'redirect-none', at, target: 'x.example', cause: { code: 'no-record', domain: 'x.example', dns: 'no-spf' } },
      { code: 'loop', at, chain: ['a', 'b', 'a'] },
      { code: 'depth-limit', domain: 'x', depth: 21, limit: 20 },
      { code: 'walk-limit', at, limit: 50 },
      { code: 'dynamic-target', at },
      { code: 'ptr-used', at },
    ];
    for (const reason of reasons) expect(describeReason(reason)).toMatch(/\w{3}/);
    expect(describeReason(reasons[5]!)).toBe('record of x: syntax error at position 7 ("ipv4:1.2.3.4"): unknown mechanism "ipv4" (did you mean "ip4:"?)');
  });
});
