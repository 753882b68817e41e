// Table tests of the whole-tree analysis: counts over every branch, per-include costs, problems anywhere, bounds.

import { describe, expect, it } from 'vitest';
import { ANALYSIS_MAX_DEPTH, ANALYSIS_MAX_LOOKUPS, describeReason, reachesDomain } from '../../src/spf/index.js';
import { analyze, check, nestedIncludes, zone } from './helpers/world.js';

const M365 = 'v=spf1 ip4:40.92.0.0/15 ip6:2a01:111:f400::/48 -all';

const typical = zone({
  'example.com': ['v=spf1 +a +mx include:_spf.host.example include:spf.protection.outlook.com -all', { A: '198.51.100.80' }, { MX: [0, 'example-com.mail.protection.outlook.com'] }],
  '_spf.host.example': ['v=spf1 include:_a.host.example include:_b.host.example ~all'],
  '_a.host.example': ['v=spf1 ip4:192.0.2.0/24 a:relay.host.example -all'],
  '_b.host.example': ['v=spf1 ip4:198.51.100.0/24 exists:%{i}._spf.host.example -all'],
  'relay.host.example': [{ A: '192.0.2.5' }],
  'spf.protection.outlook.com': [M365],
});

describe('analyzeSpf', () => {
  it('counts every DNS-querying term of every branch, with each include’s cost', async () => {
    const a = await analyze(typical);
    expect(a).toMatchObject({ status: 'record', lookups: 8, lookupsAtLeast: false, voidLookups: 0, all: '-', problems: [], loops: [] });
    expect(a.includes.map((u) => [u.target, u.depth, u.lookups])).toEqual([
      ['_spf.host.example', 1, 5],
      ['_a.host.example', 2, 2],
      ['_b.host.example', 2, 2], // exists:%{i}... costs its lookup though the name needs an IP
      ['spf.protection.outlook.com', 1, 1],
    ]);
    // One IP's walk stops early; the analysis does not.
    expect((await check(typical, '198.51.100.80')).lookups).toBe(1);
  });

  it('tells whether Microsoft’s include is reached anywhere', async () => {
    const nested = zone({ 'example.com': ['v=spf1 include:_spf.example.com -all'], '_spf.example.com': ['v=spf1 include:spf.protection.outlook.com ~all'], 'spf.protection.outlook.com': [M365] });
    expect(reachesDomain(await analyze(nested), 'spf.protection.outlook.com')).toBe(true);
    expect(reachesDomain(await analyze(nested), 'SPF.Protection.Outlook.com.')).toBe(true);
    expect(reachesDomain(await analyze(typical), 'spf.protection.office365.us')).toBe(false);
  });

  it('reports the top record’s all, or its absence, and the all reached through redirects', async () => {
    const z = zone({
      'plus.example': ['v=spf1 +all'],
      'none.example': ['v=spf1 mx'],
      'redir.example': ['v=spf1 redirect=_spf.redir.example'],
      '_spf.redir.example': ['v=spf1 ?all'],
    });
    expect((await analyze(z, 'plus.example')).all).toBe('+');
    const none = await analyze(z, 'none.example');
    expect(none.all).toBeUndefined();
    expect(none.effectiveAll).toBeUndefined();
    const redir = await analyze(z, 'redir.example');
    expect(redir.all).toBeUndefined();
    expect(redir.effectiveAll).toEqual({ qualifier: '?', domain: '_spf.redir.example' });
    expect(redir.includes[0]).toMatchObject({ kind: 'redirect', target: '_spf.redir.example', lookups: 1 });
  });

  it('finds syntax errors of included records, with their position', async () => {
    const z = zone({ 'example.com': ['v=spf1 include:a.example include:b.example -all'], 'a.example': ['v=spf1 ip4:192.0.2.1 ipv4:192.0.2.2 -all'], 'b.example': ['v=spf1 a/33'] });
    const a = await analyze(z);
    expect(a.problems).toMatchObject([
      { code: 'syntax', domain: 'a.example', error: { code: 'unknown-mechanism', position: 21, term: 'ipv4:192.0.2.2' } },
      { code: 'syntax', domain: 'b.example', error: { code: 'invalid-cidr', position: 7, term: 'a/33' } },
    ]);
    expect(a.lookups).toBe(2);
  });

  it('finds includes without a record, two records, DNS errors, dynamic targets, ptr, MX over the limit', async () => {
    const mx = Array.from({ length: 12 }, (_, i) => ({ MX: [i, `mx${i}.example.com`] as [number, string] }));
    const z = zone({
      'example.com': ['v=spf1 include:gone.example include:two.example include:slow.example include:%{l}.users.example ptr mx:big.example -all'],
      'two.example': ['v=spf1 -all', 'v=spf1 +all'],
      'slow.example': ['TIMEOUT'],
      'big.example': mx,
    });
    const a = await analyze(z);
    expect(a.problems.map((p) => p.code)).toEqual(['include-none', 'multiple-records', 'dns-error', 'dynamic-target', 'ptr-used', 'mx-limit']);
    expect(a.problems[0]).toMatchObject({ at: { term: 'include:gone.example', position: 7 }, target: 'gone.example', cause: { code: 'no-record', dns: 'nxdomain' } });
    expect(a.lookups).toBe(6);
    expect(a.voidLookups).toBe(0);
    for (const problem of a.problems) expect(describeReason(problem)).not.toBe('');
  });

  it('counts void lookups: with no IP, an a term is void when neither A nor AAAA exists', async () => {
    const z = zone({ 'example.com': ['v=spf1 a:v4.example a:none.example mx:nomx.example exists:gone.example -all'], 'v4.example': [{ A: '192.0.2.1' }], 'none.example': [{ TXT: 'x' }], 'nomx.example': [{ A: '192.0.2.2' }] });
    const a = await analyze(z);
    expect(a.voidLookups).toBe(3);
    expect(a.tree.terms.map((t) => t.void ?? false)).toEqual([false, true, true, true, false]);
  });

  it('does not count terms after all, nor a redirect beside all', async () => {
    const a = await analyze(zone({ 'example.com': ['v=spf1 a -all mx include:x.example redirect=y.example'], 'x.example': ['v=spf1 -all'], 'y.example': ['v=spf1 -all'] }));
    expect(a.lookups).toBe(1);
    expect(a.tree.terms.map((t) => t.reachable)).toEqual([true, true, false, false, false]);
    expect(a.includes).toEqual([]);
  });

  it('detects include loops at once', async () => {
    const z = zone({ 'example.com': ['v=spf1 include:a.example -all'], 'a.example': ['v=spf1 include:b.example'], 'b.example': ['v=spf1 include:a.example'] });
    const a = await analyze(z);
    expect(a.loops).toEqual([['example.com', 'a.example', 'b.example', 'a.example']]);
    expect(a.problems).toMatchObject([{ code: 'loop', at: { domain: 'b.example', term: 'include:a.example' } }]);
    expect(a.lookups).toBe(3);
    expect(a.client.log).toHaveLength(3);
  });

  it('stops descending 40 nested includes at the depth bound, fast, with "at least"', async () => {
    const started = performance.now();
    const a = await analyze(nestedIncludes(40));
    expect(performance.now() - started).toBeLessThan(500);
    // The include at depth 21 is counted; its record is not fetched.
    expect(a).toMatchObject({ lookups: ANALYSIS_MAX_DEPTH + 1, lookupsAtLeast: true });
    expect(a.problems).toEqual([{ code: 'depth-limit', domain: `n${ANALYSIS_MAX_DEPTH + 1}.example.net`, depth: ANALYSIS_MAX_DEPTH + 1, limit: ANALYSIS_MAX_DEPTH }]);
    expect(a.client.log.length).toBeLessThanOrEqual(ANALYSIS_MAX_DEPTH + 2);
  });

  it('stops counting at 50 for a wide tree', async () => {
    const record = (prefix: string) => `v=spf1 ${Array.from({ length: 9 }, (_, i) => `a:${prefix}${i}.example`).join(' ')} include:${prefix}next.example -all`;
    const spec: Record<string, string[]> = { 'example.com': [record('l0-')] };
    for (let level = 0; level < 10; level++) spec[`l${level}-next.example`] = [record(`l${level + 1}-`)];
    const a = await analyze(zone(spec));
    expect(a).toMatchObject({ lookups: ANALYSIS_MAX_LOOKUPS, lookupsAtLeast: true });
    expect(a.problems.filter((p) => p.code === 'walk-limit')).toHaveLength(1);
  });

  it('reports a domain without a record as status none, and two records as multiple', async () => {
    expect(await analyze(zone({ 'example.com': [{ A: '192.0.2.1' }] }))).toMatchObject({ status: 'none', lookups: 0, problems: [] });
    expect(await analyze(zone({ 'example.com': ['v=spf1 -all', 'v=spf1 -all'] }))).toMatchObject({ status: 'multiple', problems: [{ code: 'multiple-records' }] });
  });
});
