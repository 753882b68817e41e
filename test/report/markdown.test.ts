// Markdown report tests: parsed as CommonMark + GFM tables (markdown-it), data never becomes structure.
import fc from 'fast-check';
import MarkdownIt, { type Token } from 'markdown-it';
import { describe, expect, it } from 'vitest';
import type { Finding, Status } from '../../src/engine/types.js';
import { renderMarkdown } from '../../src/report/markdown.js';
import { escapeControl } from '../../src/util/text.js';
import { hostileReport, HOSTILE, reportOf } from '../helpers/reports.js';

// html: true, as GitHub and GitLab pass (sanitised) raw HTML through: injected HTML would show as html tokens.
const md = new MarkdownIt({ html: true });

/** Block tokens and, flattened after each inline token, its children. */
function tokens(src: string): Token[] {
  return md.parse(src, {}).flatMap((t) => [t, ...(t.children ?? [])]);
}

interface Table {
  header: string[];
  rows: string[][];
  /** The inline tokens of each body cell. */
  cells: Token[][][];
}

function tables(src: string): Table[] {
  const out: Table[] = [];
  let current: Table | undefined;
  let row: string[] | undefined;
  let rowTokens: Token[][] = [];
  let inHead = false;
  for (const t of md.parse(src, {})) {
    if (t.type === 'table_open') {
      current = { header: [], rows: [], cells: [] };
      out.push(current);
    } else if (t.type === 'thead_open' || t.type === 'thead_close') {
      inHead = t.type === 'thead_open';
    } else if (t.type === 'tr_open') {
      row = [];
      rowTokens = [];
    } else if (t.type === 'inline' && row) {
      row.push(t.content);
      rowTokens.push(t.children ?? []);
    } else if (t.type === 'tr_close' && current && row) {
      if (inHead) current.header = row;
      else {
        current.rows.push(row);
        current.cells.push(rowTokens);
      }
      row = undefined;
    }
  }
  return out;
}

/** The text a cell or paragraph renders to (markdown-it's text and code tokens). */
function textOf(children: readonly Token[]): string {
  return children.map((c) => (c.type === 'text' || c.type === 'code_inline' ? c.content : c.type === 'softbreak' ? '\n' : '')).join('');
}

/** Token types that data must never produce. */
const STRUCTURE = ['html_inline', 'html_block', 'link_open', 'image', 's_open', 'bullet_list_open', 'ordered_list_open', 'blockquote_open', 'hr', 'code_block'];

describe('Markdown report: layout', () => {
  const report = hostileReport();
  const src = renderMarkdown(report, { subtitle: 'Asked 192.0.2.53' });
  const all = tokens(src);

  it('starts with a heading naming the domain and the date, then the summary with counts and the exit meaning', () => {
    const lines = src.split('\n');
    expect(lines[0]).toBe('# splitcheck report for contoso.com');
    expect(src).toContain('2026-11-24 10:00 UTC · splitcheck 9.9.9');
    expect(src).toContain('_Asked 192.0.2.53_');
    expect(src).toContain(
      '**Result: problems found (exit 1).** 8 checks: 2 ✅ pass · 1 ⚠️ warn · 2 ❌ fail · 2 ⛔ error · 1 ⏭️ skip.',
    );
  });

  it('opens with the six mail flows as a table: status, flow id, path, the checks that decided it', () => {
    const [flows] = tables(src);
    expect(flows!.header).toEqual(['Status', 'Flow', 'Path', 'Decided by']);
    expect(flows!.rows.map((r) => textOf(flows!.cells[flows!.rows.indexOf(r)]![1]!))).toEqual(report.flows.map((f) => f.id));
    const row = (id: string) => flows!.cells[report.flows.findIndex((f) => f.id === id)]!.map(textOf);
    // hostileReport: mx.no-bypass fails (internet-to-m365), spf.present fails (both senders), dkim.m365 errors.
    expect(row('internet-to-m365')).toEqual(['❌ fail', 'internet-to-m365', 'Internet → Microsoft 365', 'fail: mx.no-bypass']);
    expect(row('m365-to-internet')[3]).toBe('fail: spf.present; error: dkim.m365, dmarc.record; warn: spf.all');
    expect(row('m365-to-hosting')).toEqual(['⏭️ skip', 'm365-to-hosting', 'Microsoft 365 → connector → hosting', 'not checked: every check skipped']);
    expect(row('hosting-to-m365')[3]).toBe('no check of this run decides it');
    expect(src.indexOf('| Status | Flow |')).toBeLessThan(src.indexOf('| Status | Check |'));
  });

  it('has one table of the checks, | Status | Check | Finding |, one row of three cells per check', () => {
    const [, table, ...more] = tables(src);
    expect(more).toHaveLength(0);
    expect(table!.header).toEqual(['Status', 'Check', 'Finding']);
    expect(table!.rows).toHaveLength(report.results.length);
    const badge: Record<Status, string> = { pass: '✅ pass', warn: '⚠️ warn', fail: '❌ fail', error: '⛔ error', skip: '⏭️ skip' };
    report.results.forEach((f, i) => {
      const row = table!.rows[i]!;
      expect(row).toHaveLength(3);
      expect(row[0]).toBe(badge[f.status]);
      expect(textOf(table!.cells[i]![1]!)).toBe(f.id);
      // The cell renders to the message itself: control characters shown escaped, line breaks as spaces.
      expect(textOf(table!.cells[i]![2]!)).toBe(escapeControl(f.message.replace(/\s*\n\s*/g, ' ')));
    });
  });

  it('lists every non-pass under "What to fix", fail first, then error, warn and skip', () => {
    const headings = all.filter((t, i) => t.type === 'inline' && all[i - 1]?.type === 'heading_open').map((t) => textOf(t.children ?? []));
    expect(headings).toEqual([
      'splitcheck report for contoso.com',
      'Mail flows',
      'Checks',
      'What to fix',
      '❌ fail: mx.no-bypass (No bypass)',
      '❌ fail: spf.present (SPF record)',
      '⛔ error: dkim.m365 (DKIM (Microsoft 365))',
      '⛔ error: dmarc.record (DMARC)',
      '⚠️ warn: spf.all (SPF all)',
      '⏭️ skip: smarthost.smtp (SMTP)',
    ]);
  });

  it('says a repeated error once', () => {
    expect(src).toContain('Same problem as `dkim.m365` above.');
    expect(src.match(/Run again, or use another resolver/g)).toHaveLength(1);
  });

  it('puts observed lines in a fenced code block, verbatim but for escaped control characters', () => {
    const fences = all.filter((t) => t.type === 'fence').map((t) => t.content);
    const observed = report.results.find((f) => f.id === 'mx.no-bypass')!.observed!;
    expect(fences).toContain(`${observed.map(escapeControl).join('\n')}\n`);
    // Evidence without observed lines: a readable ;; comment in a block, not JSON.
    expect(fences.some((f) => f.startsWith(';; records: "'))).toBe(true);
  });

  it('keeps remedy record lines in code: a whole line in a block, a record inside a sentence as code', () => {
    const fences = all.filter((t) => t.type === 'fence').map((t) => t.content);
    expect(fences).toContain('contoso.com. 3600 IN MX 0 contoso-com.mail.protection.outlook.com.\n');
    const code = all.filter((t) => t.type === 'code_inline').map((t) => t.content);
    expect(code).toContain(`contoso.com. 3600 IN TXT "v=spf1 include:spf.protection.outlook.com ${HOSTILE.backticks} -all"`);
    // The remedy's other lines are paragraphs of text.
    const paragraphs = all.filter((t, i) => t.type === 'inline' && all[i - 1]?.type === 'paragraph_open').map((t) => textOf(t.children ?? []));
    expect(paragraphs).toContain('Delete the MX record at your DNS host.');
    expect(paragraphs).toContain(`And wait ${HOSTILE.quotes}.`);
  });

  it('says when nothing is to fix, and what --strict means', () => {
    const clean = renderMarkdown(reportOf([{ id: 'mx.present', status: 'pass', title: 'MX', message: 'ok', messageId: 'ok', evidence: {} }]));
    expect(clean).toContain('**Result: everything checked is in order (exit 0).**');
    expect(clean).toContain('## What to fix\n\nNothing: every check passed.');
    expect(renderMarkdown(hostileReport(true))).toContain('With --strict, warnings count as problems.');
    expect(renderMarkdown(hostileReport(true), { strict: false })).not.toContain('--strict');
  });

  it('is deterministic', () => {
    expect(renderMarkdown(report, { subtitle: 'Asked 192.0.2.53' })).toBe(src);
  });
});

describe('Markdown report: hostile data renders as text', () => {
  const report = hostileReport();
  const src = renderMarkdown(report);
  const html = md.render(src);
  const all = tokens(src);

  it('produces no HTML, link, image, emphasis, list, quote or rule from the data', () => {
    for (const type of [...STRUCTURE, 'em_open']) expect(all.filter((t) => t.type === type), type).toHaveLength(0);
    expect(html).not.toMatch(/<(?:img|script|a|em|del|s|ul|ol|li|blockquote|hr|h4|h5|h6)\b/);
    // The only strong text and headings are the report's own: the result line and four "Fix:" labels
    // (five non-passes have a remedy; the repeated error points at the first instead).
    expect(html.match(/<strong>/g)).toHaveLength(5);
    expect(html.match(/<h1>/g)).toHaveLength(1);
    expect(html.match(/<h2>/g)).toHaveLength(3);
  });

  it('shows the hostile strings as the text they are', () => {
    const text = all.filter((t) => t.type === 'text' || t.type === 'code_inline' || t.type === 'fence').map((t) => t.content).join('\n');
    for (const s of [HOSTILE.img, HOSTILE.script, HOSTILE.jsLink, HOSTILE.cdataEnd, HOSTILE.amp, HOSTILE.entity, HOSTILE.emphasis, HOSTILE.autolink]) {
      expect(text).toContain(s);
    }
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(text).toContain('# heading');
    expect(text).toContain('- item');
    expect(text).toContain('1. one');
    expect(text).toContain('> quote');
  });

  it('escapes control characters, bidi overrides and broken Unicode visibly', () => {
    // eslint-disable-next-line no-control-regex
    expect(src).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202e\u{d800}-\u{dfff}\u{fffe}\u{ffff}]/u);
    expect(src).toContain('evil\\\\x1b\\]0;owned\\\\x07title\\\\x1b\\[2J');
    expect(src).toContain('file\\\\u{202e}txt.exe');
    expect(src).toContain('nul\\\\x00byte');
  });

  it('a pipe in the data is no extra column, and a code fence in the data does not end the block', () => {
    const table = tables(src)[1]!;
    expect(table.rows.every((row) => row.length === 3)).toBe(true);
    expect(textOf(table.cells[2]![2]!)).toContain(HOSTILE.pipes);
    const fence = all.find((t) => t.type === 'fence' && t.content.includes('```'))!;
    expect(fence.markup.length).toBeGreaterThan(3);
    expect(fence.content).toContain(HOSTILE.backticks);
  });
});

describe('Markdown report: any data', () => {
  const char = fc.oneof(
    fc.integer({ min: 0, max: 0x10ffff }).map((cp) => String.fromCodePoint(cp)),
    fc.constantFrom('|', '`', '```', '\\', '<', '>', '[', ']', '(', ')', '!', '*', '_', '~', '#', '-', '+', '1.', '&', '\n', '\r', ' ', '    ', 'javascript:', '<img src=x>', '<a href=x>', 'https://x.example', 'www.x.example', 'IN TXT "', '. 3600 IN TXT "'),
  );
  const text = fc.string({ unit: char, maxLength: 30 });
  const finding = fc.record({
    id: fc.constantFrom('mx.present', 'spf.all', 'dkim.m365', 'smarthost.tls'),
    status: fc.constantFrom<Status>('pass', 'warn', 'fail', 'error', 'skip'),
    title: text,
    message: text,
    messageId: text,
    remedy: text,
    observed: fc.array(text, { maxLength: 3 }),
    evidence: fc.dictionary(text, text, { maxKeys: 2 }),
  });

  it('keeps six four-cell flow rows, one three-cell row per check, and makes no HTML, link or image', () => {
    fc.assert(
      fc.property(fc.array(finding, { minLength: 1, maxLength: 6 }), text, text, (findings: Finding[], domain, subtitle) => {
        const src = renderMarkdown(reportOf(findings, { domain }), { subtitle });
        const [flows, table, ...more] = tables(src);
        expect(more).toHaveLength(0);
        expect(flows!.rows).toHaveLength(6);
        expect(flows!.rows.every((row) => row.length === 4)).toBe(true);
        expect(table!.rows).toHaveLength(findings.length);
        expect(table!.rows.every((row) => row.length === 3)).toBe(true);
        const found = tokens(src).filter((t) => STRUCTURE.includes(t.type));
        expect(found.map((t) => t.type)).toEqual([]);
        // Emphasis only around the subtitle, never from the data.
        expect(tokens(src).filter((t) => t.type === 'em_open').length).toBeLessThanOrEqual(1);
        const headings = md.parse(src, {}).filter((t) => t.type === 'heading_open').length;
        expect(headings).toBe(4 + findings.filter((f) => f.status !== 'pass').length);
      }),
      { numRuns: 300 },
    );
  });
});

describe('Markdown report: flows and root cause', () => {
  it('a domain that does not exist: the root cause once after the flows table, every other non-pass points at it', () => {
    const report = reportOf([
      {
        id: 'mx.present',
        status: 'fail',
        title: 'MX',
        message: 'typo.example does not exist in DNS (NXDOMAIN): nobody can send mail to it.',
        messageId: 'nxdomain',
        remedy: 'Check the spelling of the domain.',
        evidence: { lookup: { status: 'nxdomain' } },
      },
      { id: 'spf.present', status: 'fail', title: 'SPF', message: 'No SPF record.', messageId: 'nxdomain', remedy: 'Publish one.', evidence: {} },
      { id: 'dkim.m365', status: 'fail', title: 'DKIM', message: 'No selectors.', messageId: 'missing', remedy: 'Publish two CNAME records.', evidence: {} },
    ]);
    const src = renderMarkdown(report);
    const headings = md.parse(src, {}).filter((t, i, all) => t.type === 'inline' && all[i - 1]?.type === 'heading_open').map((t) => t.content);
    expect(headings.slice(0, 4)).toEqual(['splitcheck report for contoso.com', 'Mail flows', 'Root cause: `mx.present`', 'Checks']);
    expect(src).not.toContain('Publish two CNAME records');
    expect(src.match(/See the root cause above\./g)).toHaveLength(2);
    expect(src.indexOf('| Status | Flow |')).toBeLessThan(src.indexOf('Root cause'));
  });
});
