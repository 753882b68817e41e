// Reading a baseline: any of splitcheck's JSON report documents of schema version 1; another tool's or version's is refused in one sentence.
import { describe, expect, it } from 'vitest';
import { parseBaseline } from '../../src/baseline/read.js';

const report = (domain: string, results: unknown[] = [{ id: 'spf.all', status: 'fail', message: 'm', evidence: {} }]) => ({
  schemaVersion: 1,
  tool: { name: 'splitcheck', version: '0.1.0' },
  domain,
  startedAt: '2026-12-05T06:17:00.000Z',
  durationMs: 1,
  summary: { pass: 0, warn: 0, fail: 1, error: 0, skip: 0 },
  exitCode: 1,
  results,
});
const WHAT = '--baseline old.json';

function read(value: unknown) {
  return parseBaseline(typeof value === 'string' ? value : JSON.stringify(value), WHAT);
}

describe('parseBaseline', () => {
  it('reads one report: its domain\'s problems, its date and version', () => {
    const r = read(report('Contoso.com'));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect([...r.value.domains.keys()]).toEqual(['contoso.com']);
    expect(r.value.domains.get('contoso.com')).toEqual([{ id: 'spf.all', status: 'fail', message: 'm' }]);
    expect(r.value).toMatchObject({ startedAt: '2026-12-05T06:17:00.000Z', version: '0.1.0' });
  });

  it('reads the many-domain document and ndjson (with a byte order mark)', () => {
    const many = { schemaVersion: 1, tool: { name: 'splitcheck', version: '0.1.0' }, startedAt: '2026-12-05T06:17:00.000Z', reports: [report('a.com'), report('b.com', [])], exitCode: 1 };
    const a = read(many);
    expect(a.ok && [...a.value.domains.entries()].map(([d, e]) => [d, e.length])).toEqual([['a.com', 1], ['b.com', 0]]);
    const b = read(`\uFEFF${JSON.stringify(report('a.com'))}\n${JSON.stringify(report('b.com'))}\n`);
    expect(b.ok && [...b.value.domains.keys()]).toEqual(['a.com', 'b.com']);
  });

  it.each([
    [{ ...report('a.com'), tool: { name: 'checkdmarc', version: '5' } }, '--baseline old.json is a report of checkdmarc, not of splitcheck: give a JSON report of splitcheck (--format json)'],
    [{ domain: 'a.com', results: [] }, '--baseline old.json is not a splitcheck JSON report (it has no "tool": {"name": "splitcheck"}): give a report written with --format json'],
    [{ ...report('a.com'), schemaVersion: 2 }, '--baseline old.json has report schema version 2, and this splitcheck compares version 1: make a new baseline with this version'],
    [{ ...report('a.com'), schemaVersion: '1' }, '--baseline old.json has report schema version "1", and this splitcheck compares version 1: make a new baseline with this version'],
    [[report('a.com')], '--baseline old.json is not a splitcheck JSON report'],
    ['<?xml version="1.0"?><testsuites/>', '--baseline old.json is not JSON ('],
    ['{"schemaVersion":1,\n"tool":', '--baseline old.json is not JSON ('],
    [{ ...report('a.com'), results: [{ id: 'spf.all', status: 'broken', message: 'm' }] }, '--baseline old.json: at /results/0/status: must be equal to one of the allowed values'],
    [{ schemaVersion: 1, tool: { name: 'splitcheck', version: '1' }, reports: [report('a.com'), { domain: 'b.com' }] }, "--baseline old.json: at /reports/1: must have required property 'results'"],
    [{ schemaVersion: 1, tool: { name: 'splitcheck', version: '1' }, reports: [{ ...report('a.com'), schemaVersion: 7 }] }, '--baseline old.json (/reports/0) has report schema version 7'],
    [{ schemaVersion: 1, tool: { name: 'splitcheck', version: '1' }, reports: [] }, '--baseline old.json holds no report'],
  ])('refuses %j: exit 2 with one sentence', (doc, message) => {
    const r = read(doc);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.startsWith(message)).toBe(true);
      expect(r.error).not.toContain('\n');
    }
  });

  it('another version of splitcheck with the same schema version is read (fields it adds are ignored)', () => {
    const r = read({ ...report('a.com'), tool: { name: 'splitcheck', version: '7.0.0' }, flows: [{ id: 'x' }], results: [{ id: 'spf.all', status: 'warn', message: 'm', messageId: 'k', extra: 1 }] });
    expect(r.ok && r.value.domains.get('a.com')).toEqual([{ id: 'spf.all', status: 'warn', message: 'm' }]);
  });
});
