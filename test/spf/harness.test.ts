// The test harness itself: the in-memory client's DNS semantics and the suite's SPF→TXT zone synthesis (FORMAT.md).

import { describe, expect, it } from 'vitest';
import { createMemoryDns } from './helpers/memory-dns.js';
import { suiteZoneToZoneEntries } from './helpers/suite.js';

describe('createMemoryDns', () => {
  const dns = createMemoryDns({
    'a.example': [{ A: '192.0.2.1' }, { TXT: ['v=spf1 ', '-all'] }],
    'slow.example': [{ TXT: 'v=spf1 -all' }, 'TIMEOUT'],
    'alias.example': [{ CNAME: 'A.example.' }],
    'loop1.example': [{ CNAME: 'loop2.example' }],
    'loop2.example': [{ CNAME: 'LOOP1.example.' }],
    'null.example': [{ MX: [0, '.'] }],
  });

  it.each([
    ['a.example', 'A', 'answer'],
    ['A.Example.', 'TXT', 'answer'],
    ['a.example', 'MX', 'nodata'],
    ['b.example', 'A', 'nxdomain'],
    ['slow.example', 'TXT', 'answer'],
    ['slow.example', 'A', 'timeout'],
    ['alias.example', 'A', 'answer'],
    ['alias.example', 'MX', 'nodata'],
    ['loop1.example', 'A', 'error'],
    ['a..example', 'A', 'error'],
    [`${'x'.repeat(64)}.example`, 'A', 'error'],
  ] as const)('%s %s → %s', async (name, type, status) => {
    expect((await dns.query(name, type)).status).toBe(status);
  });

  it('keeps TXT strings apart, follows CNAMEs, names the errors', async () => {
    expect((await dns.query('a.example', 'TXT')).records[0]).toMatchObject({ type: 'TXT', data: ['v=spf1 ', '-all'] });
    expect(await dns.query('alias.example', 'A')).toMatchObject({ canonicalName: 'a.example', cnames: [{ data: 'a.example' }] });
    expect(await dns.query('loop1.example', 'A')).toMatchObject({ code: 'ECNAMELOOP' });
    expect(await dns.query('a..example', 'A')).toMatchObject({ code: 'EBADNAME' });
    expect((await dns.query('null.example', 'MX')).records[0]).toMatchObject({ data: { preference: 0, exchange: '' } });
  });
});

describe('suiteZoneToZoneEntries (SPF→TXT synthesis)', () => {
  it('serves SPF entries as TXT unless the name has a TXT key, even TXT: NONE', () => {
    const zone = suiteZoneToZoneEntries({
      'spfonly.example': [{ SPF: 'v=spf1 -all' }, { TXT: 'NONE' }],
      'both.example': [{ SPF: 'v=spf1 +all' }, { TXT: 'v=spf1 -all' }],
      'synth.example': [{ SPF: ['v=spf1', ' mx'] }, { SPF: [] }, { MX: [0, 'mail.example'] }, 'TIMEOUT'],
      'raw.example': [{ SPF: 'v=spf1 a:\xEF\xBB\xBFx.example' }],
    });
    expect(zone).toEqual({
      'spfonly.example': [],
      'both.example': [{ TXT: 'v=spf1 -all' }],
      'synth.example': [{ TXT: ['v=spf1', ' mx'] }, { TXT: [] }, { MX: [0, 'mail.example'] }, 'TIMEOUT'],
      'raw.example': [{ TXT: 'v=spf1 a:\u00EF\u00BB\u00BFx.example' }],
    });
  });
});
