// The records remedies suggest: built from the parsed record, typos corrected, no address twice, always parseable (issue 13 item 3).
import { describe, expect, it } from 'vitest';
import { corrected, mergeRecords, newRecord, RecordDraft, txtLine, withHardFail, withTerm } from '../../../src/checks/spf/suggest.js';
import { parseRecord } from '../../../src/spf/index.js';

describe('RecordDraft', () => {
  it.each([
    ['v=spf1 ipv4:203.0.113.25 -all', 'v=spf1 ip4:203.0.113.25 -all'],
    ['v=spf1 +IPV6:2001:db8::25 ~all', 'v=spf1 +ip6:2001:db8::25 ~all'],
    ['v=spf1 ip4:2001:db8::25 -all', 'v=spf1 ip6:2001:db8::25 -all'],
    ['v=spf1 ip6:203.0.113.25/32 -all', 'v=spf1 ip4:203.0.113.25/32 -all'],
    ['v=spf1 ip4:203.0.113.25 ip4:203.0.113.25/32 IP4:203.0.113.25 -all', 'v=spf1 ip4:203.0.113.25 -all'],
    ['v=spf1 include:a.example INCLUDE:a.example +include:a.example -all', 'v=spf1 include:a.example -all'],
    ['v=spf1  a   mx  -all  ', 'v=spf1 a mx -all'],
  ])('%s → %s', (record, expected) => {
    const text = corrected(record);
    expect(text).toBe(expected);
    expect(parseRecord(text).ok).toBe(true);
  });

  it('keeps different qualifiers of the same address apart', () => {
    expect(corrected('v=spf1 -ip4:192.0.2.1 ip4:192.0.2.1 -all')).toBe('v=spf1 -ip4:192.0.2.1 ip4:192.0.2.1 -all');
  });

  it('leaves out what it cannot correct, and says so', () => {
    const draft = RecordDraft.from('v=spf1 a:%{d0}.example.com ip4:192.0.2.1 -all');
    expect(draft.text()).toBe('v=spf1 ip4:192.0.2.1 -all');
    expect(draft.dropped).toEqual(['a:%{d0}.example.com']);
  });

  it('a second redirect= is left out (RFC 7208 §6)', () => {
    const draft = RecordDraft.from('v=spf1 redirect=a.example redirect=b.example');
    expect(draft.text()).toBe('v=spf1 redirect=a.example');
    expect(draft.dropped).toEqual(['redirect=b.example']);
  });

  it('adds before the all or the redirect, never an address already covered by a + range', () => {
    expect(withTerm('v=spf1 include:x.example -all', 'ip4:203.0.113.25')).toBe('v=spf1 include:x.example ip4:203.0.113.25 -all');
    expect(withTerm('v=spf1 a redirect=x.example', 'ip4:203.0.113.25')).toBe('v=spf1 a ip4:203.0.113.25 redirect=x.example');
    expect(withTerm('v=spf1 ip4:203.0.113.0/24 -all', 'ip4:203.0.113.25')).toBe('v=spf1 ip4:203.0.113.0/24 -all');
    expect(withTerm('v=spf1 ipv4:203.0.113.25 -all', 'ip4:203.0.113.25')).toBe('v=spf1 ip4:203.0.113.25 -all');
  });

  it('adds before a given term, moving a later copy up', () => {
    const draft = RecordDraft.from('v=spf1 ?ip4:203.0.113.0/24 ip4:203.0.113.25 -all');
    expect(draft.addBefore('ip4:203.0.113.25', '?ip4:203.0.113.0/24').text()).toBe('v=spf1 ip4:203.0.113.25 ?ip4:203.0.113.0/24 -all');
  });

  it('ends in -all', () => {
    expect(withHardFail('v=spf1 a ?all')).toBe('v=spf1 a -all');
    expect(withHardFail('v=spf1 a')).toBe('v=spf1 a -all');
    expect(withHardFail('v=spf1 a redirect=x.example')).toBe('v=spf1 a redirect=x.example');
  });
});

describe('mergeRecords and newRecord', () => {
  it('merges two records into one that parses: each term once, typos corrected, the strictest all last', () => {
    const merged = mergeRecords(['v=spf1 include:spf.protection.outlook.com ~all', 'v=spf1 +a +mx ipv4:203.0.113.25 ip4:203.0.113.25 -all']);
    expect(merged).toBe('v=spf1 include:spf.protection.outlook.com +a +mx ip4:203.0.113.25 -all');
    expect(parseRecord(merged).ok).toBe(true);
  });

  it('never keeps +all from a merged record', () => {
    expect(mergeRecords(['v=spf1 a +all', 'v=spf1 mx'])).toBe('v=spf1 a mx -all');
  });

  it('writes Microsoft’s include and each hosting address once', () => {
    expect(newRecord('spf.protection.outlook.com', ['203.0.113.25', '203.0.113.25', '2001:db8::25'])).toBe('v=spf1 include:spf.protection.outlook.com ip4:203.0.113.25 ip6:2001:db8::25 -all');
  });
});

describe('txtLine', () => {
  it('splits a record over 255 octets into strings (RFC 7208 §3.3)', () => {
    const record = `v=spf1 ${Array.from({ length: 30 }, (_, i) => `ip4:198.51.100.${i}`).join(' ')} -all`;
    const line = txtLine('example.com', record);
    const strings = [...line.matchAll(/"([^"]*)"/g)].map((m) => m[1]!);
    expect(strings.length).toBeGreaterThan(1);
    expect(strings.every((s) => s.length <= 255)).toBe(true);
    expect(strings.join('')).toBe(record);
  });
});
