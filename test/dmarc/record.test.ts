// DMARC records (RFC 7489 §6.3, §6.4, §6.6.3; RFC 9091 np): which TXT records count, tags, defaults and every invalid value.
import { describe, expect, it } from 'vitest';
import { effectivePolicy, isDmarcRecord, parseDmarcRecord } from '../../src/dmarc/record.js';
import { parseDmarcUriList } from '../../src/dmarc/uri.js';

describe('isDmarcRecord', () => {
  // By the RFC 7489 §6.4 grammar; which receivers find each is test/dmarc/receivers.test.ts.
  const yes = ['v=DMARC1; p=none', 'v=DMARC1', 'v = DMARC1 ;p=reject', 'V=DMARC1; p=none', 'v=DMARC1;'];
  const no = ['p=reject; v=DMARC1', ' v=DMARC1; p=none', 'v=dmarc1; p=none', 'v=DMARC1p=none', 'v=DMARC10; p=none', 'v=spf1 -all', ''];
  for (const t of yes) it(`counts ${JSON.stringify(t)}`, () => expect(isDmarcRecord(t)).toBe(true));
  for (const t of no) it(`ignores ${JSON.stringify(t)}`, () => expect(isDmarcRecord(t)).toBe(false));
});

describe('parseDmarcRecord', () => {
  it('reads every tag', () => {
    const r = parseDmarcRecord(
      'v=DMARC1; p=Reject; sp=quarantine; np=reject; pct=50; rua=mailto:a@x.example!10m, mailto:b@y.example; ruf=mailto:f@x.example; adkim=s; aspf=S; fo=1:d; rf=afrf; ri=3600; t=y',
    );
    expect(r.problems).toEqual([]);
    expect(r).toMatchObject({ policy: 'reject', subdomainPolicy: 'quarantine', nonexistentPolicy: 'reject', pct: 50, adkim: 's', aspf: 's', fo: ['1', 'd'], rf: ['afrf'], ri: 3600, unknown: ['t'] });
    expect(r.rua.map((u) => [u.address, u.maxSize])).toEqual([['a@x.example', '10m'], ['b@y.example', undefined]]);
    expect(r.ruf[0]?.domain).toBe('x.example');
  });

  it('applies the RFC 7489 §6.3 defaults', () => {
    const r = parseDmarcRecord('v=DMARC1; p=none');
    expect(r).toMatchObject({ policy: 'none', pct: 100, adkim: 'r', aspf: 'r', fo: ['0'], rf: ['afrf'], ri: 86400, rua: [], ruf: [], problems: [] });
    expect(r.subdomainPolicy).toBeUndefined();
  });

  const problems: [string, Record<string, unknown>][] = [
    ['v=DMARC1', { code: 'no-policy' }],
    ['v=DMARC1; rua=mailto:a@x.example', { code: 'no-policy' }],
    ['v=DMARC1; p=block', { code: 'bad-value', tag: 'p', value: 'block' }],
    ['v=DMARC1; p=none; sp=maybe', { code: 'bad-value', tag: 'sp' }],
    ['v=DMARC1; p=none; np=x', { code: 'bad-value', tag: 'np' }],
    ['v=DMARC1; p=none; pct=101', { code: 'bad-value', tag: 'pct' }],
    ['v=DMARC1; p=none; pct=-1', { code: 'bad-value', tag: 'pct' }],
    ['v=DMARC1; p=none; pct=50%', { code: 'bad-value', tag: 'pct' }],
    ['v=DMARC1; p=none; adkim=strict', { code: 'bad-value', tag: 'adkim' }],
    ['v=DMARC1; p=none; aspf=x', { code: 'bad-value', tag: 'aspf' }],
    ['v=DMARC1; p=none; fo=2', { code: 'bad-value', tag: 'fo' }],
    ['v=DMARC1; p=none; rf=iodef', { code: 'bad-value', tag: 'rf' }],
    ['v=DMARC1; p=none; ri=1h', { code: 'bad-value', tag: 'ri' }],
    ['v=DMARC1; p=none; ri=99999999999', { code: 'bad-value', tag: 'ri' }],
    ['v=DMARC1; p=none; rua=dmarc@x.example', { code: 'bad-uri', tag: 'rua', value: 'dmarc@x.example' }],
    ['v=DMARC1; p=none; rua=mailto:', { code: 'bad-uri', tag: 'rua' }],
    ['v=DMARC1; p=none; rua=mailto:a@x.example!big', { code: 'bad-uri', tag: 'rua' }],
    ['v=DMARC1; p=none; ruf=mailto:a@-bad-.example', { code: 'bad-uri', tag: 'ruf' }],
    ['v=DMARC1; rua=mailto:a@x.example; p=none', { code: 'policy-not-second', offset: 34 }],
    ['v=DMARC1; p=none; rua', { code: 'syntax', issue: expect.objectContaining({ code: 'missing-equals', offset: 18 }) }],
    ['v=DMARC1; p=none; P=reject', { code: 'syntax', issue: expect.objectContaining({ code: 'duplicate', name: 'p' }) }],
    ['p=none; v=DMARC1', { code: 'not-dmarc' }],
  ];
  for (const [text, problem] of problems) {
    it(`${String(problem.code)}: ${text}`, () => {
      expect(parseDmarcRecord(text).problems).toContainEqual(expect.objectContaining(problem));
    });
  }

  it('keeps the default when a value is invalid, and the valid URIs of a list', () => {
    const r = parseDmarcRecord('v=DMARC1; p=reject; pct=abc; rua=bogus,mailto:ok@x.example');
    expect(r.pct).toBe(100);
    expect(r.rua.map((u) => u.address)).toEqual(['ok@x.example']);
  });
});

describe('effectivePolicy (RFC 7489 §6.6.3 step 6)', () => {
  const cases: [string, string | undefined][] = [
    ['v=DMARC1; p=reject', 'reject'],
    ['v=DMARC1; rua=mailto:a@x.example', 'none'],
    ['v=DMARC1; p=bogus; rua=mailto:a@x.example', 'none'],
    ['v=DMARC1; p=reject; sp=bogus; rua=mailto:a@x.example', 'none'],
    ['v=DMARC1; p=reject; sp=bogus', undefined],
    ['v=DMARC1', undefined],
  ];
  for (const [text, policy] of cases) it(text, () => expect(effectivePolicy(parseDmarcRecord(text))).toBe(policy));
});

describe('parseDmarcUriList', () => {
  it('splits on commas with whitespace and decodes mailto addresses', () => {
    const list = parseDmarcUriList(' mailto:a%40b@x.example , https://r.example/dmarc!5k,  mailto:c@Y.Example.');
    expect(list.invalid).toEqual([]);
    expect(list.uris).toEqual([
      { uri: 'mailto:a%40b@x.example', scheme: 'mailto', address: 'a@b@x.example', domain: 'x.example' },
      { uri: 'https://r.example/dmarc', scheme: 'https', maxSize: '5k' },
      { uri: 'mailto:c@Y.Example.', scheme: 'mailto', address: 'c@y.example', domain: 'y.example' },
    ]);
  });

  it('reports what is no dmarc-uri', () => {
    expect(parseDmarcUriList('mailto:a@x.example,,nope, mailto:%zz@x.example').invalid).toEqual(['', 'nope', 'mailto:%zz@x.example']);
  });
});
