// Renderer tests: pure functions of a report — grouping, marks, colour, escaping, JSON safety and schema.
import { describe, expect, it } from 'vitest';
import type { Report } from '../../src/engine/types.js';
import { renderJson, safeJson } from '../../src/report/json.js';
import { wantsColor } from '../../src/report/style.js';
import { renderTerminal } from '../../src/report/terminal.js';
import { reportOf } from '../helpers/reports.js';
import { schemaErrors } from '../helpers/schema.js';

const report: Report = reportOf([
    { id: 'mx.present', status: 'pass', title: 'MX', message: 'fine', messageId: 'ok', evidence: {}, observed: ['contoso.com. 3600 IN MX 0 x.'] },
    {
      id: 'mx.no-bypass',
      status: 'fail',
      title: 'No bypass',
      message: 'Backup MX evil\u001b]0;owned\u0007 host sits beside Microsoft 365.',
      messageId: 'bypassBackup',
      evidence: { mx: ['a'] },
      remedy: 'Delete it.\nThen wait.',
      observed: ['contoso.com. 3600 IN MX 10 evil\u001b[2Jhost.', 'bidi \u202eevil'],
    },
    { id: 'autodiscover.cname', status: 'error', title: 'Autodiscover', message: 'Could not look up X.', messageId: 'ok', evidence: { lookup: {} }, remedy: 'Retry.' },
    { id: 'autodiscover.srv', status: 'error', title: 'SRV', message: 'Could not look up X.', messageId: 'ok', evidence: { lookup: {} }, remedy: 'Retry.' },
], { startedAt: '2026-11-24T10:00:00.000Z', durationMs: 42 });

describe('terminal report', () => {
  const plain = renderTerminal(report, { color: false, width: 80 });

  it('groups by area with a mark and the status word per check, and a summary line', () => {
    expect(plain).toMatch(/^MX records$/m);
    expect(plain).toMatch(/^Autodiscover$/m);
    expect(plain).toMatch(/✔ pass {2}mx\.present/);
    expect(plain).toMatch(/✖ fail {2}mx\.no-bypass/);
    expect(plain).toContain('4 checks: 1 pass · 0 warn · 1 fail · 2 error · 0 skip');
    expect(plain).toContain('Result: problems found (exit 1).');
  });

  it('shows evidence and remedy under non-pass only, unless verbose', () => {
    expect(plain).toContain('seen: contoso.com. 3600 IN MX 10 evil');
    expect(plain).not.toContain('IN MX 0 x.');
    expect(plain).toMatch(/fix: {2}Delete it\.\n {16}Then wait\./);
    expect(renderTerminal(report, { color: false, verbose: true })).toContain('IN MX 0 x.');
  });

  it('never prints control characters, ANSI escapes or bidi overrides from the data', () => {
    // eslint-disable-next-line no-control-regex
    expect(plain).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202e]/);
    expect(plain).toContain('evil\\x1b]0;owned\\x07 host');
    expect(plain).toContain('bidi \\u{202e}evil');
  });

  it('shows lone surrogates and U+FFFE/U+FFFF escaped, and keeps whole surrogate pairs', () => {
    const odd = { ...report.results[1]!, message: 'a\ud800b\udc00c\uffffd\ufffee 😀', observed: [] };
    const out = renderTerminal({ ...report, results: [odd] }, { color: false });
    expect(out).toContain('a\\u{d800}b\\u{dc00}c\\u{ffff}d\\u{fffe}e 😀');
  });

  it('says a repeated error once', () => {
    expect(plain.match(/Could not look up X\./g)).toHaveLength(1);
    expect(plain).toMatch(/^ {2}\? error autodiscover\.srv {2}same problem as autodiscover\.cname above$/m);
  });

  it('colours only when asked', () => {
    const coloured = renderTerminal(report, { color: true });
    expect(coloured).toContain('\u001b[31m✖ fail  \u001b[39m');
    expect(coloured).toContain('\u001b[32m✔ pass  \u001b[39m');
  });

  it('wraps long messages within the width', () => {
    const long = renderTerminal(
      { ...report, results: [{ ...report.results[1]!, message: 'word '.repeat(60).trim(), observed: [] }] },
      { color: false, width: 60 },
    );
    for (const line of long.split('\n')) if (line.includes('word')) expect(line.length).toBeLessThanOrEqual(60);
  });
});

describe('colour decision', () => {
  it('follows the TTY, NO_COLOR, TERM=dumb and the flag', () => {
    expect(wantsColor(true, {})).toBe(true);
    expect(wantsColor(false, {})).toBe(false);
    expect(wantsColor(undefined, {})).toBe(false);
    expect(wantsColor(true, { NO_COLOR: '1' })).toBe(false);
    expect(wantsColor(true, { NO_COLOR: '' })).toBe(true);
    expect(wantsColor(true, { TERM: 'dumb' })).toBe(false);
    expect(wantsColor(false, {}, true)).toBe(true);
    expect(wantsColor(true, {}, false)).toBe(false);
  });
});

describe('JSON report', () => {
  it('is valid against the shipped schema', () => {
    expect(schemaErrors('report.schema.json', JSON.parse(renderJson(report)))).toEqual([]);
  });

  it('the schema rejects a fail without a remedy and an unknown status', () => {
    const bad = structuredClone(report) as unknown as { results: Record<string, unknown>[] };
    delete bad.results[1]!.remedy;
    expect(schemaErrors('report.schema.json', bad).join()).toMatch(/remedy/);
    bad.results[0]!.status = 'maybe';
    expect(schemaErrors('report.schema.json', bad).length).toBeGreaterThan(1);
  });

  it('escapes DEL, C1 controls and bidi overrides but stays parseable and lossless', () => {
    const value = { s: 'a\u009b31mb\u007f\u202ec\u001b' };
    const text = safeJson(value);
    expect(text).not.toMatch(/[\u007f-\u009f\u202e\u001b]/);
    expect(JSON.parse(text)).toEqual(value);
  });
});

describe('wrapping', () => {
  it('keeps a zone-file record that fits on one line so it can be copied, and breaks one that does not at its spaces, under its indentation', async () => {
    const { wrapText } = await import('../../src/report/wrap.js');
    const record = 'contoso.com. 3600 IN TXT "v=spf1 include:spf.protection.outlook.com ip4:203.0.113.25 ip4:203.0.113.26 -all"';
    const wide = wrapText(`Publish:\n${record}\nThen wait for the TTL to pass before checking again.`, 120, 'fix: ', '     ');
    expect(wide.split('\n')).toContain(`     ${record}`);
    const out = wrapText(`Publish:\n${record}\nThen wait for the TTL to pass before checking again.`, 60, 'fix: ', '     ');
    expect(out.split('\n').every((l) => l.length <= 60)).toBe(true);
    expect(out.split('\n').slice(1, 3)).toEqual(['     contoso.com. 3600 IN TXT "v=spf1', '       include:spf.protection.outlook.com ip4:203.0.113.25']);
    expect(out.split('\n').filter((l) => l.startsWith('       ')).length).toBeGreaterThan(0);
  });
});
