// Where an evaluation stopped (issue 13: "the term where it stopped"), and the analysis's void counts per client family.
import { describe, expect, it } from 'vitest';
import { describeStop, stoppedAt } from '../../src/spf/index.js';
import { analyze, check, zone } from './helpers/world.js';

const M365 = 'v=spf1 ip4:40.92.0.0/15 ip6:2a01:111:f400::/48 -all';

describe('stoppedAt', () => {
  it('follows a matching include down to the term that matched', async () => {
    const r = await check(zone({ 'example.com': ['v=spf1 a:none.example.com include:spf.protection.outlook.com -all'], 'spf.protection.outlook.com': [M365] }), '40.92.0.1');
    const stop = stoppedAt(r);
    expect(stop).toMatchObject({ outcome: 'match', at: { domain: 'spf.protection.outlook.com', term: 'ip4:40.92.0.0/15' }, via: ['include:spf.protection.outlook.com'] });
    expect(describeStop(stop)).toBe('"ip4:40.92.0.0/15" in the record of spf.protection.outlook.com (through include:spf.protection.outlook.com)');
  });

  it('names the term that hit the void limit', async () => {
    const r = await check(zone({ 'example.com': ['v=spf1 a:x1.example.com a:x2.example.com a:x3.example.com include:spf.protection.outlook.com -all'], 'x1.example.com': [{ A: '192.0.2.1' }], 'x2.example.com': [{ A: '192.0.2.2' }], 'x3.example.com': [{ A: '192.0.2.3' }], 'spf.protection.outlook.com': [M365] }), '2a01:111:f400::1');
    expect(r.result).toBe('permerror');
    expect(stoppedAt(r)).toMatchObject({ outcome: 'error', at: { domain: 'example.com', term: 'a:x3.example.com' }, via: [] });
  });

  it('follows a redirect, and says when no mechanism matched', async () => {
    const r = await check(zone({ 'example.com': ['v=spf1 redirect=_spf.example.com'], '_spf.example.com': ['v=spf1 ip4:192.0.2.0/24'] }), '198.51.100.1');
    const stop = stoppedAt(r);
    expect(stop).toMatchObject({ outcome: 'end', domain: '_spf.example.com', via: ['redirect=_spf.example.com'] });
    expect(describeStop(stop)).toContain('the end of the record of _spf.example.com');
  });

  it('stops at an include whose target has no record', async () => {
    const r = await check(zone({ 'example.com': ['v=spf1 include:gone.example.net -all'] }), '192.0.2.1');
    expect(stoppedAt(r)).toMatchObject({ outcome: 'error', at: { term: 'include:gone.example.net' } });
  });
});

describe('the analysis counts void lookups per client family', () => {
  it('an a: whose name has A records only is void for IPv6 clients alone', async () => {
    const a = await analyze(zone({ 'example.com': ['v=spf1 a:v4.example.com a:v6.example.com a:none.example.com mx:nomx.example.com -all'], 'v4.example.com': [{ A: '192.0.2.1' }], 'v6.example.com': [{ AAAA: '2001:db8::1' }] }));
    expect(a.voidLookupsByFamily).toEqual({ ipv4: 3, ipv6: 3 });
    // Counted for both families only when neither exists (and for mx, whatever the family).
    expect(a.voidLookups).toBe(2);
  });

  it('a macro in an include target makes the count a lower bound', async () => {
    const a = await analyze(zone({ 'example.com': ['v=spf1 include:%{i}._spf.example.com -all'] }));
    expect(a).toMatchObject({ lookups: 1, lookupsAtLeast: true });
  });
});
