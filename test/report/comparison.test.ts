// The comparison with a baseline in words: terminal and Markdown sections name what is new, worse, fixed and known, and the exit rule.
import MarkdownIt from 'markdown-it';
import { describe, expect, it } from 'vitest';
import { compareReport, entriesOf, reportComparison, type ComparedFinding, type ReportComparison } from '../../src/baseline/compare.js';
import { baselineNote, comparisonCounts, renderComparisonMarkdown, renderComparisonTerminal } from '../../src/report/comparison.js';

const f = (id: string, status: ComparedFinding['status'], message = `${id} says ${status}`, evidence: unknown = {}): ComparedFinding => ({ id, status, message, evidence });

function comparison(): ReportComparison {
  const before = entriesOf({ domain: 'contoso.com', results: [f('autodiscover.srv', 'fail'), f('spf.all', 'fail'), f('dmarc.record', 'warn')] });
  const c = compareReport(before, {
    domain: 'contoso.com',
    results: [
      f('autodiscover.srv', 'fail'),
      f('spf.all', 'pass'),
      f('dmarc.record', 'fail', 'p=none | <b>bold</b>'),
      f('smarthost.accepts-mailbox', 'fail', 'refused', { probes: [{ rcpt: [{ mailbox: 'a|b@contoso.com', code: 550 }] }] }),
    ],
  });
  return reportComparison(c, { startedAt: '2026-12-05T06:17:00.000Z', version: '0.1.0' }, false);
}

describe('comparison renderers', () => {
  const c = comparison();

  it('counts every group that has something', () => {
    expect(comparisonCounts(c)).toBe('1 new · 1 worse · 1 fixed · 1 known');
  });

  it('terminal: the baseline, the counts, each new/worse/fixed entry, the known ones by name, and the exit rule', () => {
    const text = renderComparisonTerminal(c, { color: false, width: 100 });
    expect(text).toContain('Compared with the baseline (2026-12-05 06:17 UTC, splitcheck 0.1.0): 1 new · 1 worse · 1 fixed · 1 known');
    expect(text).toMatch(/new: +smarthost\.accepts-mailbox a\|b@contoso\.com {2}fail/);
    expect(text).toMatch(/worse: +dmarc\.record {2}fail \(was warn\)/);
    expect(text).toMatch(/fixed: +spf\.all {2}was fail/);
    expect(text).toMatch(/known: +autodiscover\.srv \(fail\)/);
    expect(text).toContain('Exit 1: only problems that are new or worse than in the baseline count for the exit code.');
  });

  it('markdown: tables whose cells cannot break out (| and HTML in data stay text)', () => {
    const md = renderComparisonMarkdown(c);
    const html = new MarkdownIt().render(md);
    expect(html).not.toContain('<b>');
    expect(html).toContain('a|b@contoso.com');
    // Every table row keeps its column count: the | in the data is escaped.
    for (const row of md.split('\n').filter((l) => l.startsWith('| `'))) expect(row.split(/(?<!\\)\|/).length).toBeGreaterThanOrEqual(5);
    expect(md).toContain('**New (1)**');
    expect(md).toContain('**Known (1)**');
  });

  it('notes for annotations: new, worse, known', () => {
    expect(baselineNote(c, 'smarthost.accepts-mailbox')).toBe('new since the baseline');
    expect(baselineNote(c, 'dmarc.record')).toBe('worse than in the baseline');
    expect(baselineNote(c, 'autodiscover.srv')).toBe('known: in the baseline');
    expect(baselineNote(undefined, 'autodiscover.srv')).toBeUndefined();
  });
});
