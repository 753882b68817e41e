// Syntax errors in macros say what is wrong with the macro as written (issue 13 item 3: `%{d0}` and its kin).
import { describe, expect, it } from 'vitest';
import { describeSyntaxError, parseRecord } from '../../src/spf/index.js';

function message(record: string): string {
  const parsed = parseRecord(record);
  if (parsed.ok) throw new Error(`${record} parsed`);
  return describeSyntaxError(parsed.error);
}

describe('macro syntax errors (RFC 7208 §7.1–§7.3)', () => {
  it.each([
    ['v=spf1 a:%{d0}.example.com -all', 'zero-parts', '%{d0}', /"%\{d0\}" keeps 0 parts of the name, which RFC 7208 §7\.3 forbids.*%\{d\} for all of it/],
    ['v=spf1 -all exp=%{l00}.example.com', 'zero-parts', '%{l00}', /"%\{l00\}" keeps 0 parts.*%\{l2\}/],
    ['v=spf1 a:%{x}.example.com -all', 'unknown-letter', '%{x}', /"x" is not a macro letter/],
    ['v=spf1 exists:%{d2x}.example.com -all', 'bad-transformer', '%{d2x}', /only a number, an "r" and the delimiters/],
    ['v=spf1 exists:%{ir.%{d} -all', 'unclosed', '%{ir.', /"%\{ir\." is never closed/],
    ['v=spf1 exists:%{i', 'unclosed', '%{i', /never closed/],
    ['v=spf1 exists:foo%.sbl.example.com', 'bad-escape', '%.', /a "%" must be followed by "\{"/],
  ])('%s: %s', (record, problem, text, words) => {
    const parsed = parseRecord(record);
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.error).toMatchObject({ code: 'invalid-macro', macro: { problem, text } });
    expect(message(record)).toMatch(words);
  });

  it('keeps the position of the term and of the macro', () => {
    const parsed = parseRecord('v=spf1 ip4:192.0.2.1 a:%{d0}.example.com -all');
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.error).toMatchObject({ position: 21, at: 23 });
  });
});
