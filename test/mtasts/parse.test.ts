// Unit tests of the MTA-STS record and policy parsers (RFC 8461 §3.1, §3.2).
import { describe, expect, it } from 'vitest';
import { isStsRecord, parsePolicy, parseStsRecord } from '../../src/mtasts/parse.js';

describe('the _mta-sts TXT record (RFC 8461 §3.1)', () => {
  it('recognises only records beginning with v=STSv1', () => {
    expect(isStsRecord('v=STSv1; id=20240101;')).toBe(true);
    expect(isStsRecord('v=STSv1 ; id=1')).toBe(true);
    expect(isStsRecord('v=STSv1')).toBe(true);
    expect(isStsRecord('v=spf1 -all')).toBe(false);
    expect(isStsRecord('v=STSv10; id=1')).toBe(false);
    expect(isStsRecord(' v=STSv1; id=1')).toBe(false);
  });

  it('reads the id and refuses a record without a valid one', () => {
    expect(parseStsRecord('v=STSv1; id=20240101T000000;')).toEqual({ id: '20240101T000000', problems: [] });
    expect(parseStsRecord('v=STSv1;id=abc').id).toBe('abc');
    expect(parseStsRecord('v=STSv1;').problems).toEqual(['no id= field']);
    expect(parseStsRecord('v=STSv1; id=has-dash').problems[0]).toMatch(/not 1 to 32 letters and digits/);
    expect(parseStsRecord(`v=STSv1; id=${'a'.repeat(33)}`).problems).toHaveLength(1);
  });
});

describe('the policy file (RFC 8461 §3.2)', () => {
  const body = 'version: STSv1\r\nmode: enforce\r\nmx: *.mail.protection.outlook.com\r\nmx: mail.example.com\r\nmax_age: 604800\r\n';

  it('parses a CRLF policy with several mx lines', () => {
    expect(parsePolicy(body)).toEqual({
      version: 'STSv1',
      mode: 'enforce',
      mx: ['*.mail.protection.outlook.com', 'mail.example.com'],
      maxAge: 604800,
      problems: [],
    });
  });

  it('accepts LF line ends alike', () => {
    expect(parsePolicy(body.replace(/\r\n/g, '\n'))).toEqual(parsePolicy(body));
  });

  it('ignores unknown keys and lines without a colon, keeps the first of a repeated key', () => {
    const p = parsePolicy('version: STSv1\nfoo: bar\nnonsense\nmode: testing\nmode: enforce\nmx: a.example.com\nmax_age: 86400\n');
    expect(p.problems).toEqual([]);
    expect(p.mode).toBe('testing');
    expect(p.mx).toEqual(['a.example.com']);
  });

  it('reports a missing mode, version, max_age and mx', () => {
    expect(parsePolicy('version: STSv1\nmx: a.example.com\nmax_age: 1\n').problems).toEqual(['no "mode:" line']);
    expect(parsePolicy('mode: enforce\nmx: a.example.com\nmax_age: 1\n').problems).toEqual(['no "version: STSv1" line']);
    expect(parsePolicy('version: STSv1\nmode: enforce\nmx: a.example.com\n').problems).toEqual(['no "max_age:" line']);
    expect(parsePolicy('version: STSv1\nmode: enforce\nmax_age: 1\n').problems).toEqual(['no "mx:" line']);
  });

  it('allows no mx line in mode none only, and refuses bad values', () => {
    expect(parsePolicy('version: STSv1\nmode: none\nmax_age: 1\n').problems).toEqual([]);
    expect(parsePolicy('version: STSv2\nmode: strict\nmx: a.b\nmax_age: 31557601\n').problems).toEqual([
      'version is "STSv2", not STSv1',
      'mode "strict" is not enforce, testing or none',
      'max_age is not a number of seconds from 0 to 31557600',
    ]);
    expect(parsePolicy('version: STSv1\nmode: enforce\nmx: a.b\nmax_age: soon\n').problems).toHaveLength(1);
  });
});
