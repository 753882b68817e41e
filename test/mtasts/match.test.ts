// Unit tests of MTA-STS MX pattern matching (RFC 8461 §4.1).
import { describe, expect, it } from 'vitest';
import { matchingPattern, mxPatternMatches, wildcardFor } from '../../src/mtasts/match.js';

describe('mx patterns (RFC 8461 §4.1)', () => {
  it('matches an exact name case-insensitively, trailing dot ignored', () => {
    expect(mxPatternMatches('mail.example.com', 'MAIL.Example.com.')).toBe(true);
    expect(mxPatternMatches('mail.example.com', 'mx.example.com')).toBe(false);
  });

  it('a wildcard covers exactly one left-most label', () => {
    expect(mxPatternMatches('*.mail.protection.outlook.com', 'contoso-com.mail.protection.outlook.com')).toBe(true);
    expect(mxPatternMatches('*.example.com', 'example.com')).toBe(false);
    expect(mxPatternMatches('*.example.com', 'a.b.example.com')).toBe(false);
    expect(mxPatternMatches('*.mx.microsoft', 'contoso-com.o-v1.mx.microsoft')).toBe(false);
    expect(mxPatternMatches('*.o-v1.mx.microsoft', 'contoso-com.o-v1.mx.microsoft')).toBe(true);
    expect(mxPatternMatches('*.example.com', '.example.com')).toBe(false);
  });

  it('a wildcard is only a whole left-most label', () => {
    expect(mxPatternMatches('mx*.example.com', 'mx1.example.com')).toBe(false);
  });

  it('finds the first matching pattern', () => {
    expect(matchingPattern(['mail.example.com', '*.mail.protection.outlook.com'], 'x.mail.protection.outlook.com')).toBe('*.mail.protection.outlook.com');
    expect(matchingPattern(['mail.example.com'], 'x.mail.protection.outlook.com')).toBeUndefined();
  });

  it('proposes the parent wildcard of a host', () => {
    expect(wildcardFor('Contoso-com.mail.protection.outlook.com.')).toBe('*.mail.protection.outlook.com');
    expect(wildcardFor('contoso-com.o-v1.mx.microsoft')).toBe('*.o-v1.mx.microsoft');
    expect(wildcardFor('example.com')).toBe('example.com');
  });
});
