// Table tests of macro parsing and expansion (RFC 7208 §7), starting with the RFC's own examples of §7.4.

import { describe, expect, it } from 'vitest';
import { expandDomain, expandMacro, parseClientIp, parseDomainSpec, parseMacroString, type MacroContext } from '../../src/spf/index.js';

function context(ip: string, overrides: Partial<MacroContext> = {}): MacroContext {
  return {
    sender: 'strong-bad@email.example.com',
    local: 'strong-bad',
    senderDomain: 'email.example.com',
    domain: 'email.example.com',
    ip: parseClientIp(ip)!,
    helo: 'mx.example.org',
    receiver: 'mx.receiver.example',
    timestamp: 1_700_000_000,
    ...overrides,
  };
}

function expand(text: string, ctx: MacroContext, explanation = false): string {
  const parsed = parseMacroString(text, { explanation });
  if (!parsed.ok) throw new Error(`bad macro ${text}: ${parsed.code}`);
  return expandMacro(parsed.value, ctx);
}

describe('RFC 7208 §7.4 examples', () => {
  const ctx4 = context('192.0.2.3');
  const cases: Array<[string, string]> = [
    ['%{s}', 'strong-bad@email.example.com'],
    ['%{o}', 'email.example.com'],
    ['%{d}', 'email.example.com'],
    ['%{d4}', 'email.example.com'],
    ['%{d3}', 'email.example.com'],
    ['%{d2}', 'example.com'],
    ['%{d1}', 'com'],
    ['%{dr}', 'com.example.email'],
    ['%{d2r}', 'example.email'],
    ['%{l}', 'strong-bad'],
    ['%{l-}', 'strong.bad'],
    ['%{lr}', 'strong-bad'],
    ['%{lr-}', 'bad.strong'],
    ['%{l1r-}', 'strong'],
    ['%{ir}.%{v}._spf.%{d2}', '3.2.0.192.in-addr._spf.example.com'],
    ['%{lr-}.lp._spf.%{d2}', 'bad.strong.lp._spf.example.com'],
    ['%{lr-}.lp.%{ir}.%{v}._spf.%{d2}', 'bad.strong.lp.3.2.0.192.in-addr._spf.example.com'],
    ['%{ir}.%{v}.%{l1r-}.lp._spf.%{d2}', '3.2.0.192.in-addr.strong.lp._spf.example.com'],
    ['%{d2}.trusted-domains.example.net', 'example.com.trusted-domains.example.net'],
  ];
  it.each(cases)('%s → %s', (macro, expected) => {
    expect(expand(macro, ctx4)).toBe(expected);
  });

  it('expands %{ir}.%{v} of 2001:db8::cb01 to the nibble form (case aside: see dottedIp)', () => {
    expect(expand('%{ir}.%{v}._spf.%{d2}', context('2001:db8::cb01')).toLowerCase()).toBe(
      '1.0.b.c.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2.ip6._spf.example.com',
    );
  });
});

describe('macro letters, transformers, delimiters, escapes', () => {
  const cases: Array<[string, string, Partial<MacroContext>?, string?]> = [
    ['%%%_%-', '% %20'],
    ['macro%%percent%_%_space%-url-space.example.com', 'macro%percent  space%20url-space.example.com'],
    ['%{c}', '192.0.2.3'],
    ['%{i}', '192.0.2.3'],
    ['%{v}', 'in-addr'],
    ['%{h}', 'mx.example.org'],
    ['%{r}', 'mx.receiver.example'],
    ['%{t}', '1700000000'],
    ['%{p}', 'unknown'],
    ['%{p}', 'mx.example.org', { validatedDomain: 'mx.example.org' }],
    ['%{l2r+-}', 'bar.foo', { local: 'foo-bar+zip+quux' }],
    ['%{l-+}', 'foo.bar.zip.quux', { local: 'foo-bar+zip+quux' }],
    ['%{l,/_=}', 'a.b.c.d.e', { local: 'a,b/c_d=e' }],
    ['%{d99}', 'email.example.com'],
    ['%{d02}', 'example.com'],
    ['%{L}', '~jack%26jill%3Dup-a_b3.c', { local: '~jack&jill=up-a_b3.c' }],
    ['%{S}', 'strong-bad%40email.example.com'],
    ['%{H}', '%5B192.168.218.40%5D', { helo: '[192.168.218.40]' }],
    ['%{L}', '%C3%A9t%C3%A9', { local: 'été' }],
    ['%{DR}', 'com.example.email'],
    ['%{c}', 'cafe:babe::1', {}, 'CAFE:BABE::1'],
    ['%{c}', '2001:db8:0:1:1:1:1:1', {}, '2001:db8:0:1:1:1:1:1'],
    ['%{c}', '2001:db8::1:0:0:1', {}, '2001:db8:0:0:1:0:0:1'],
    ['%{v}', 'ip6', {}, '::1'],
    ['%{i}', '1.2.3.4', {}, '::ffff:1.2.3.4'],
  ];
  it.each(cases)('%s → %s', (macro, expected, overrides = {}, ip = '192.0.2.3') => {
    expect(expand(macro, context(ip, overrides), true)).toBe(expected);
  });

  it('uses upper-case nibbles for %{i} of IPv6, as the openspf suite expects (v-macro-ip6)', () => {
    expect(expand('%{i}', context('CAFE:BABE::1'))).toBe('C.A.F.E.B.A.B.E.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.1');
  });

  it('allows c, r, t only in explanation text', () => {
    for (const letter of ['c', 'r', 't', 'C']) {
      expect(parseMacroString(`%{${letter}}`)).toMatchObject({ ok: false, code: 'macro-letter-not-allowed' });
      expect(parseMacroString(`%{${letter}}`, { explanation: true }).ok).toBe(true);
    }
  });

  it('allows spaces only in explanation text', () => {
    expect(parseMacroString('a b')).toMatchObject({ ok: false, code: 'invalid-macro', offset: 1 });
    expect(parseMacroString('See http://x/ %{s}', { explanation: true }).ok).toBe(true);
  });

  const invalid: Array<[string, number]> = [
    ['%', 0],
    ['ab%', 2],
    ['%x', 0],
    ['%{', 0],
    ['%{d', 0],
    ['%{x}', 0],
    ['%{d0}', 0],
    ['x%{d2r.}%{dr', 8],
    ['%{d2r!}', 0],
    ['%{ d}', 0],
  ];
  it.each(invalid)('rejects %j at offset %i', (text, offset) => {
    expect(parseMacroString(text)).toMatchObject({ ok: false, offset });
  });
});

describe('domain-spec (RFC 7208 §7.1) and expansion into a name (§7.3)', () => {
  it.each(['example.com', 'example.com.', '%{d}', '_spf.%{d2}', '%{ir}.%{v}._spf.%{d2}', 'x.%-', 'a.xn--zckzah', 'foo:bar/baz.example.com', '.com'])(
    'accepts %j',
    (text) => {
      expect(parseDomainSpec(text).ok).toBe(true);
    },
  );
  it.each(['', 'com', 'museum.', 'example.123', 'example.-com', 'example.com-', 'example.com:8080', '%{d}com', 'a.%{d}x', 'example.c_m'])(
    'rejects %j',
    (text) => {
      expect(parseDomainSpec(text).ok).toBe(false);
    },
  );

  it('drops the trailing dot and keeps case', () => {
    const spec = parseDomainSpec('%{d}.Example.COM.');
    expect(spec.ok && expandDomain(spec.value, context('192.0.2.3'))).toBe('email.example.com.Example.COM');
  });

  it('truncates a name over 253 octets by whole labels from the left', () => {
    const spec = parseDomainSpec('foobar.%{o}.%{o}.%{o}.%{o}.%{o}.%{o}.%{o}.%{o}.example.com');
    const ctx = context('192.168.218.40', { senderDomain: 'somewhat.long.exp.example.com' });
    const name = spec.ok ? expandDomain(spec.value, ctx) : '';
    expect(name).toBe(`${'somewhat.long.exp.example.com.'.repeat(8)}example.com`);
    expect(name.length).toBeLessThanOrEqual(253);
  });
});
