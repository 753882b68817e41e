// Table tests of the record parser: every mechanism and modifier, CIDR forms, errors with their position and term.

import { describe, expect, it } from 'vitest';
import { describeSyntaxError, parseRecord, selectSpfRecord, type Mechanism, type SyntaxErrorCode } from '../../src/spf/index.js';

function mechanisms(text: string): Array<[string, Mechanism]> {
  const parsed = parseRecord(text);
  if (!parsed.ok) throw new Error(`unexpected error ${JSON.stringify(parsed.error)}`);
  return parsed.value.mechanisms.map((m) => [m.qualifier, m.mechanism]);
}

describe('parseRecord: valid terms', () => {
  const cases: Array<[string, Array<[string, unknown]>]> = [
    ['v=spf1', []],
    ['V=SpF1 -ALL', [['-', { kind: 'all' }]]],
    ['v=spf1 +all ?all ~all -all', [['+', { kind: 'all' }], ['?', { kind: 'all' }], ['~', { kind: 'all' }], ['-', { kind: 'all' }]]],
    ['v=spf1 include:_spf.example.com', [['+', { kind: 'include', domain: { text: '_spf.example.com' } }]]],
    ['v=spf1 a', [['+', { kind: 'a' }]]],
    ['v=spf1 a/24//64', [['+', { kind: 'a', cidr4: 24, cidr6: 64 }]]],
    ['v=spf1 a//0', [['+', { kind: 'a', cidr6: 0 }]]],
    ['v=spf1 a:mail.example.com/32', [['+', { kind: 'a', domain: { text: 'mail.example.com' }, cidr4: 32 }]]],
    ['v=spf1 mx:%{d}/24//48', [['+', { kind: 'mx', domain: { text: '%{d}' }, cidr4: 24, cidr6: 48 }]]],
    ['v=spf1 a:foo:bar/baz.example.com', [['+', { kind: 'a', domain: { text: 'foo:bar/baz.example.com' } }]]],
    ['v=spf1 ptr ptr:example.com', [['+', { kind: 'ptr' }], ['+', { kind: 'ptr', domain: { text: 'example.com' } }]]],
    ['v=spf1 ip4:192.0.2.0/24 ip4:0.0.0.0/0', [['+', { kind: 'ip4', address: '192.0.2.0', prefix: 24 }], ['+', { kind: 'ip4', address: '0.0.0.0', prefix: 0 }]]],
    ['v=spf1 ip6:2001:db8::/32 ip6:::1.2.3.4', [['+', { kind: 'ip6', address: '2001:db8::', prefix: 32 }], ['+', { kind: 'ip6', address: '::1.2.3.4' }]]],
    ['v=spf1 exists:%{ir}.%{l1r+-}._spf.%{d}', [['+', { kind: 'exists', domain: { text: '%{ir}.%{l1r+-}._spf.%{d}' } }]]],
    ['v=spf1 a:foo.example.xn--zckzah', [['+', { kind: 'a', domain: { text: 'foo.example.xn--zckzah' } }]]],
    ['v=spf1 a:example.com.', [['+', { kind: 'a', domain: { text: 'example.com.' } }]]],
    ['v=spf1   -all   ', [['-', { kind: 'all' }]]],
  ];
  it.each(cases)('%s', (text, expected) => {
    expect(mechanisms(text)).toMatchObject(expected);
  });

  it('keeps modifiers apart: redirect, exp, and syntactically valid unknown ones', () => {
    const text = 'v=spf1 moo.cow-far_out=man:dog/cat exp=explain.%{d} default=+ redirect=_spf.example.com';
    const parsed = parseRecord(text);
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.value.redirect).toMatchObject({ name: 'redirect', value: { text: '_spf.example.com' }, position: text.indexOf('redirect') });
    expect(parsed.value.exp).toMatchObject({ name: 'exp', value: { text: 'explain.%{d}' } });
    expect(parsed.value.terms.map((t) => (t.type === 'modifier' ? t.name : t.text))).toEqual(['moo.cow-far_out', 'exp', 'default', 'redirect']);
  });

  it('records term positions as 0-based offsets in the record', () => {
    const parsed = parseRecord('v=spf1  a   mx -all');
    expect(parsed.ok && parsed.value.terms.map((t) => [t.text, t.position])).toEqual([
      ['a', 8],
      ['mx', 12],
      ['-all', 15],
    ]);
  });
});

describe('parseRecord: syntax errors carry code, position and term', () => {
  const cases: Array<[string, SyntaxErrorCode, number, string]> = [
    ['v=spf1 ipv4:192.0.2.1 -all', 'unknown-mechanism', 7, 'ipv4:192.0.2.1'],
    ['v=spf1 include:spf.protection.outlook.com ipv6:2001:db8::1 ~all', 'unknown-mechanism', 42, 'ipv6:2001:db8::1'],
    ['v=spf1 ip4:1.2.3.4 -all moo', 'unknown-mechanism', 24, 'moo'],
    ['v=spf1 -all.', 'unknown-mechanism', 7, '-all.'],
    ['v=spf1 -all:foobar', 'unexpected-argument', 7, '-all:foobar'],
    ['v=spf1 -all/8', 'unexpected-argument', 7, '-all/8'],
    ['v=spf1 =all', 'invalid-term', 7, '=all'],
    ['v=spf1 1up=foo', 'invalid-term', 7, '1up=foo'],
    ['v=spf1 redirect:example.com', 'unknown-mechanism', 7, 'redirect:example.com'],
    ['v=spf1 redirect=a.example.com redirect=b.example.com', 'duplicate-modifier', 30, 'redirect=b.example.com'],
    ['v=spf1 exp=a.example.com -all exp=b.example.com', 'duplicate-modifier', 30, 'exp=b.example.com'],
    ['v=spf1 exp= -all', 'missing-argument', 7, 'exp='],
    ['v=spf1 redirect=-all', 'invalid-domain-spec', 7, 'redirect=-all'],
    ['v=spf1 include', 'missing-argument', 7, 'include'],
    ['v=spf1 include: -all', 'missing-argument', 7, 'include:'],
    ['v=spf1 include:example.com/24', 'invalid-domain-spec', 7, 'include:example.com/24'],
    ['v=spf1 exists', 'missing-argument', 7, 'exists'],
    ['v=spf1 a:', 'missing-argument', 7, 'a:'],
    ['v=spf1 a:foo-bar', 'invalid-domain-spec', 7, 'a:foo-bar'],
    ['v=spf1 a:museum.', 'invalid-domain-spec', 7, 'a:museum.'],
    ['v=spf1 a:111.222.33.44', 'invalid-domain-spec', 7, 'a:111.222.33.44'],
    ['v=spf1 a:example.-com', 'invalid-domain-spec', 7, 'a:example.-com'],
    ['v=spf1 mx:example.com:8080', 'invalid-domain-spec', 7, 'mx:example.com:8080'],
    ['v=spf1 a/33', 'invalid-cidr', 7, 'a/33'],
    ['v=spf1 a//129', 'invalid-cidr', 7, 'a//129'],
    ['v=spf1 a/24/64', 'invalid-cidr', 7, 'a/24/64'],
    ['v=spf1 mx/024', 'invalid-cidr', 7, 'mx/024'],
    ['v=spf1 ptr/0', 'unexpected-argument', 7, 'ptr/0'],
    ['v=spf1 ip4', 'missing-argument', 7, 'ip4'],
    ['v=spf1 ip4:1.2.3', 'invalid-ip4', 7, 'ip4:1.2.3'],
    ['v=spf1 ip4:1.2.3.4:8080', 'invalid-ip4', 7, 'ip4:1.2.3.4:8080'],
    ['v=spf1 ip4:01.2.3.4', 'invalid-ip4', 7, 'ip4:01.2.3.4'],
    ['v=spf1 ip4:1.2.3.4/33', 'invalid-cidr', 7, 'ip4:1.2.3.4/33'],
    ['v=spf1 ip4:1.2.3.4/032', 'invalid-cidr', 7, 'ip4:1.2.3.4/032'],
    ['v=spf1 ip4:1.2.3.4//32', 'invalid-cidr', 7, 'ip4:1.2.3.4//32'],
    ['v=spf1 ip6::CAFE::BABE', 'invalid-ip6', 7, 'ip6::CAFE::BABE'],
    ['v=spf1 ip6:::1/129', 'invalid-cidr', 7, 'ip6:::1/129'],
    ['v=spf1 ip6:::1.1.1.1//33', 'invalid-cidr', 7, 'ip6:::1.1.1.1//33'],
    ['v=spf1 exists:%(ir).sbl.example.com', 'invalid-macro', 7, 'exists:%(ir).sbl.example.com'],
    ['v=spf1 exists:foo%.sbl.example.com', 'invalid-macro', 7, 'exists:foo%.sbl.example.com'],
    ['v=spf1 a:%{a}.example.com', 'invalid-macro', 7, 'a:%{a}.example.com'],
    ['v=spf1 a:%{d0}.example.com', 'invalid-macro', 7, 'a:%{d0}.example.com'],
    ['v=spf1 -all exp=%{r}.example.com', 'macro-letter-not-allowed', 12, 'exp=%{r}.example.com'],
    ['v=spf1 -all foo=%abc', 'invalid-macro', 12, 'foo=%abc'],
    ['v=spf1 a:ctrl.example.com\rptr -all', 'invalid-character', 7, 'a:ctrl.example.com\rptr'],
    ['v=spf1 \x80a:example.net -all', 'invalid-character', 7, '\x80a:example.net'],
    ['v=spf1 a:\xEF\xBB\xBFgarbage.example.net -all', 'invalid-character', 7, 'a:\xEF\xBB\xBFgarbage.example.net'],
    ['v=spf10 -all', 'not-spf1', 0, 'v=spf1'],
  ];
  it.each(cases)('%j → %s at %i', (text, code, position, term) => {
    const parsed = parseRecord(text);
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.error).toMatchObject({ code, position, term });
    expect(parsed.error.at ?? position).toBeGreaterThanOrEqual(position);
    expect(describeSyntaxError(parsed.error)).toContain(`position ${position}`);
  });

  it('points at the exact character of a macro or character error', () => {
    const macro = parseRecord('v=spf1 exists:foo%.sbl.example.com');
    expect(!macro.ok && macro.error.at).toBe(7 + 'exists:foo'.length);
    const control = parseRecord('v=spf1 a:ctrl.example.com\rptr');
    expect(!control.ok && control.error.at).toBe(7 + 'a:ctrl.example.com'.length);
  });

  it('suggests ip4: for the ipv4: typo', () => {
    const parsed = parseRecord('v=spf1 ipv4:192.0.2.1 -all');
    expect(!parsed.ok && describeSyntaxError(parsed.error)).toMatch(/unknown mechanism "ipv4" \(did you mean "ip4:"\?\)/);
  });
});

describe('selectSpfRecord (RFC 7208 §4.5)', () => {
  it('joins a record split over several strings with nothing between', () => {
    const part = 'ip4:192.0.2.0/24 '.repeat(14); // 238 octets per string, as a DNS host would split it
    const strings = ['v=spf1 ', part, part, `${part}-all`];
    const selection = selectSpfRecord([strings]);
    expect(selection).toEqual({ kind: 'one', text: strings.join('') });
    const parsed = parseRecord(strings.join(''));
    expect(parsed.ok && parsed.value.mechanisms).toHaveLength(14 * 3 + 1);
  });

  it('joins "v=spf1" and "mx" into "v=spf1mx", which is not SPF', () => {
    expect(selectSpfRecord([['v=spf1', 'mx']])).toEqual({ kind: 'none' });
  });

  it('ignores other TXT records, including non-ASCII ones and records without strings', () => {
    expect(selectSpfRecord([['google-site-verification=x'], ['\x96'], [], ['v=spf1 -all']])).toEqual({ kind: 'one', text: 'v=spf1 -all' });
  });

  it('finds two records, even identical or differing only in case', () => {
    expect(selectSpfRecord([['v=spf1 -all'], ['V=SPF1 +all']])).toMatchObject({ kind: 'multiple', texts: ['v=spf1 -all', 'V=SPF1 +all'] });
  });

  it('wants a space or the end after the version', () => {
    expect(selectSpfRecord([['v=spf10 -all'], ['v=spf1\t-all'], ['spf2.0/pra -all']])).toEqual({ kind: 'none' });
    expect(selectSpfRecord([['v=spf1']])).toEqual({ kind: 'one', text: 'v=spf1' });
  });

  it('parses a 4,000-octet record quickly', () => {
    const terms = Array.from({ length: 210 }, (_, i) => `ip4:10.${i % 250}.0.0/16`);
    const text = `v=spf1 ${terms.join(' ')} -all`.padEnd(4000, ' ');
    const strings = text.match(/.{1,255}/gs) ?? [];
    const started = performance.now();
    const selection = selectSpfRecord([strings]);
    const parsed = selection.kind === 'one' ? parseRecord(selection.text) : undefined;
    expect(performance.now() - started).toBeLessThan(50);
    expect(parsed?.ok && parsed.value.mechanisms).toHaveLength(211);
  });
});
