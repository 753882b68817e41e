// Name normalisation, validation and IP helpers.
import { describe, expect, it } from 'vitest';
import { isIpLiteral, isIPv4, isIPv6, normaliseName, reverseName, validateName } from '../../src/dns/names.js';

describe('normaliseName', () => {
  it.each([
    ['Example.COM.', 'example.com'],
    ['example.com', 'example.com'],
    ['_DMARC.Example.com', '_dmarc.example.com'],
    ['.', ''],
  ])('%s -> %s', (input, expected) => {
    expect(normaliseName(input)).toBe(expected);
  });
});

describe('validateName', () => {
  it('accepts ordinary, underscore and trailing-dot names', () => {
    expect(validateName('example.com')).toBeUndefined();
    expect(validateName('selector1._domainkey.example.com.')).toBeUndefined();
    expect(validateName('_autodiscover._tcp.example.com')).toBeUndefined();
  });

  it.each([
    ['', /empty/],
    ['.', /empty/],
    ['a..b', /empty label/],
    ['.example.com', /empty label/],
    [`${'a'.repeat(64)}.com`, /64 octets.*63/],
    [`${'abcdefghi.'.repeat(25)}abcd`, /254 characters.*253/],
    ['exa\u0000mple.com', /control or non-ASCII/],
    ['bücher.de', /punycode/],
  ])('refuses %j', (name, why) => {
    expect(validateName(name)).toMatch(why);
  });

  it('accepts the longest legal label and name', () => {
    expect(validateName(`${'a'.repeat(63)}.com`)).toBeUndefined();
    const name253 = `${'abcdefghi.'.repeat(25)}abc`;
    expect(name253).toHaveLength(253);
    expect(validateName(name253)).toBeUndefined();
  });
});

describe('IP helpers', () => {
  it('tells IPv4, IPv6 and names apart', () => {
    expect(isIPv4('192.0.2.1')).toBe(true);
    expect(isIPv4('2001:db8::1')).toBe(false);
    expect(isIPv6('2001:db8::1')).toBe(true);
    expect(isIpLiteral('mail.example.com')).toBe(false);
    expect(isIpLiteral('[2001:db8::1]')).toBe(false);
    expect(isIpLiteral('10.0.0.1')).toBe(true);
  });

  it('builds reverse names', () => {
    expect(reverseName('192.0.2.10')).toBe('10.2.0.192.in-addr.arpa');
    expect(reverseName('2001:db8::1')).toBe(`1.0.0.0.${'0.'.repeat(20)}8.b.d.0.1.0.0.2.ip6.arpa`);
    expect(reverseName('::ffff:192.0.2.1')).toBe(`1.0.2.0.0.0.0.c.f.f.f.f.${'0.'.repeat(20)}ip6.arpa`);
    expect(reverseName('not-an-ip')).toBeUndefined();
  });
});
