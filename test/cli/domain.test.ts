// Domain argument parsing: punycode, trailing dot, and refusals with hints.
import { describe, expect, it } from 'vitest';
import { parseDomain } from '../../src/cli/domain.js';

describe('parseDomain', () => {
  it('normalises', () => {
    expect(parseDomain('Contoso.COM')).toBe('contoso.com');
    expect(parseDomain('contoso.com.')).toBe('contoso.com');
    expect(parseDomain(' münchen.de ')).toBe('xn--mnchen-3ya.de');
    expect(parseDomain('例え.テスト')).toBe('xn--r8jz45g.xn--zckzah');
  });
  it.each([
    ['user@contoso.com', /e-mail address.*contoso\.com/],
    ['contoso', /not a full domain name/],
    ['-bad.com', /not a valid domain/],
    ['a..b.com', /not a valid domain/],
    ['x'.repeat(64) + '.com', /not a valid domain/],
    ['10.0.0.1', /IP address/],
    ['[2001:db8::1]', /IP address/],
    ['http://contoso.com', /URL/],
    ['evil\u001b[2J.com', /not a valid domain/],
    ['', /no domain/],
  ])('refuses %j', (input, message) => {
    expect(() => parseDomain(input)).toThrow(message);
  });
  it('escapes control characters in the refusal it prints', () => {
    expect(() => parseDomain('evil\u001b[2J.com')).toThrow(/evil\\x1b\[2J\.com/);
  });
});
