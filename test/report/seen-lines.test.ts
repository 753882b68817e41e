// What the reports show under "seen:" and "fix:": zone-file lines and readable ;; comments, never raw JSON; records on lines of their own, wrapped under their indentation at 80 columns.
import { describe, expect, it } from 'vitest';
import { ALL_CHECKS } from '../../src/checks/index.js';
import { flowMapOf } from '../../src/checks/flows.js';
import { buildReport } from '../../src/engine/report.js';
import type { Finding, Report } from '../../src/engine/types.js';
import { evidenceLines } from '../../src/report/evidence.js';
import { renderTerminal } from '../../src/report/terminal.js';
import { RECORD_LINE, wrapText } from '../../src/report/wrap.js';
import { runMain } from '../helpers/in-process.js';
import { runZone, type WorldRun } from '../helpers/world.js';
import { healthy, MS, msHost } from '../checks/mx/zones.js';

/** A line a person reads as DNS: a record in zone-file form, a `;` comment, or the cap's "... N more lines". */
const READABLE = (line: string) => RECORD_LINE.test(line) || line.startsWith(';') || /^\.\.\. \d+ more/.test(line);

/** A zone-file record that starts after other words on the same line (it would wrap with the prose). */
const INLINE_RECORD = /\S\s+\S+\.\s+\d+\s+IN\s+[A-Z]+\s/;

const runs: Record<string, () => Promise<WorldRun>> = {
  // The typo'd domain of issue 14: NXDOMAIN everywhere.
  'a domain that does not exist': () => runZone('typo-domain.test', { zone: healthy('contoso.com') }),
  // The domain exists with an MX only: no SPF, DMARC, DKIM, autodiscover or MTA-STS records (NODATA and NXDOMAIN below it).
  'a domain with an MX and nothing else': () => runZone('contoso.com', { zone: { 'contoso.com': [{ MX: [0, MS] }, { TXT: 'google-site-verification=abc' }], ...msHost } }),
  'a resolver that answers nothing': () => runZone('contoso.com', { zone: {}, handler: () => 'drop' }, { timeoutMs: 100 }),
  'another Microsoft 365 MX than expected': () => runZone('contoso.com', { zone: healthy('contoso.com') }, { input: { expectedMxHost: 'contoso-com01b.mail.protection.outlook.com' } }),
};

/** The contract's report of a run, as the core builds it (flows and all). */
function report(domain: string, findings: Finding[]): Report {
  return buildReport(findings, { version: '0.0.0', domain, startedAt: new Date(0), durationMs: 1, strict: false, flowMap: flowMapOf(ALL_CHECKS) });
}

describe('seen: lines', () => {
  for (const [name, run] of Object.entries(runs)) {
    it(`${name}: every observed line is a zone-file line or a ;; comment, and every record in a remedy stands on its own line`, async () => {
      const { findings } = await run();
      for (const f of findings) {
        for (const line of evidenceLines(f)) expect(READABLE(line), `${f.id} (${f.status}): ${line}`).toBe(true);
        for (const line of `${f.message}\n${f.remedy ?? ''}`.split('\n')) expect(line, f.id).not.toMatch(INLINE_RECORD);
        // No name followed by a second dot ("mail.healthy.test.."): a zone-file name is never glued to a full stop.
        expect(`${f.message}\n${f.remedy ?? ''}\n${evidenceLines(f).join('\n')}`, f.id).not.toMatch(/[a-z0-9-]\.\.(?!\.)/i);
      }
    });
  }

  it('a check that kept only structured evidence shows it as one ;; comment, bounded', () => {
    const base = { id: 'acme.x', title: 'X', status: 'warn', message: 'm', messageId: 'm', remedy: 'r' } as const;
    expect(evidenceLines({ ...base, evidence: { lookup: 'nxdomain', records: [] } } as Finding)).toEqual([';; lookup: nxdomain; records: none']);
    expect(evidenceLines({ ...base, evidence: { fetch: { status: 404, url: 'https://a.test/x; y' }, ips: ['192.0.2.1', '192.0.2.2'] } } as Finding)).toEqual([
      ';; fetch.status: 404; fetch.url: "https://a.test/x; y"; ips: 192.0.2.1, 192.0.2.2',
    ]);
    const long = evidenceLines({ ...base, evidence: { text: 'x'.repeat(1000) } } as Finding, 100);
    expect(Array.from(long[0]!)).toHaveLength(100);
    expect(evidenceLines({ ...base, evidence: {} } as Finding)).toEqual([]);
  });
});

describe('the terminal report at 80 columns', () => {
  it('keeps every line within 80 columns, and wrapped seen:/fix: lines under their indentation', async () => {
    const { findings } = await runs['a domain with an MX and nothing else']!();
    const text = renderTerminal(report('contoso.com', findings), { color: false, width: 80, verbose: true });
    const lines = text.split('\n');
    for (const line of lines) expect(Array.from(line).length, line).toBeLessThanOrEqual(80);
    // Inside a finding of the areas (after its first line), every line is indented at least as deep as the
    // message. (The flows above and "Fix first" below have layouts of their own.)
    let inFinding = false;
    const areas = lines.slice(lines.findIndex((l) => /^MX records$/.test(l)), lines.findIndex((l) => /^\d+ checks: /.test(l)));
    expect(areas.length).toBeGreaterThan(20);
    for (const line of areas) {
      if (/^ {2}\S/.test(line)) inFinding = true;
      else if (!line.startsWith(' ')) inFinding = false;
      else if (inFinding) expect(line, line).toMatch(/^ {10}/);
    }
    expect(text).toContain('          fix:  At your DNS host, publish:\n                autodiscover.contoso.com. 3600 IN CNAME\n                  autodiscover.outlook.com.');
    expect(text).not.toMatch(/seen: \{/);
  });

  it('breaks a record that does not fit at its spaces (the rest indented under it), and at a label when one piece is too long', () => {
    const record = '_dmarc.typo-domain.test. 3600 IN TXT "v=DMARC1; p=quarantine; rua=mailto:dmarc-reports@typo-domain.test"';
    const wrapped = wrapText(record, 80, '          fix:  ', '                ').split('\n');
    expect(wrapped).toEqual(['          fix:  _dmarc.typo-domain.test. 3600 IN TXT "v=DMARC1; p=quarantine;', '                  rua=mailto:dmarc-reports@typo-domain.test"']);
    // Nothing is lost or changed: the pieces joined with the space each break replaced give the record back.
    expect(wrapped.map((l) => l.trim()).join(' ')).toBe(`fix:  ${record}`);
    const cname = 'selector1._domainkey.typo-domain.test. 3600 IN CNAME selector1-typo-domain-test._domainkey.<tenant>.onmicrosoft.com.';
    // A name that fits only at the record's own indentation goes there rather than be cut.
    expect(wrapText(cname, 80, '                ', '                ').split('\n')).toEqual([
      '                selector1._domainkey.typo-domain.test. 3600 IN CNAME',
      '                selector1-typo-domain-test._domainkey.<tenant>.onmicrosoft.com.',
    ]);
    // A piece longer than a line is cut, after a dot or semicolon where there is one, under the record.
    const key = `default._domainkey.a.test. 3600 IN TXT "v=DKIM1; k=rsa; p=${'A'.repeat(150)}"`;
    const cut = wrapText(key, 80, '                ', '                ').split('\n');
    for (const line of cut) expect(line.length).toBeLessThanOrEqual(80);
    expect(cut.slice(1).every((l) => l.startsWith('                  '))).toBe(true);
    expect(cut.join('').replace(/ /g, '')).toBe(key.replace(/ /g, ''));
    // A record that fits stays on one line.
    expect(wrapText('a.test. 3600 IN A 192.0.2.1', 80, '  ', '  ')).toBe('  a.test. 3600 IN A 192.0.2.1');
  });

  it('an indented line (a transcript, an export) continues under itself, deeper; a name longer than a line is cut after a dot', () => {
    const base = '                ';
    const reply = '  S: 550 5.1.1 <splitcheck-probe-demo@northwind-traders.example>: No Such User Here';
    expect(wrapText(reply, 80, base, base).split('\n')).toEqual([
      `${base}  S: 550 5.1.1`,
      `${base}    <splitcheck-probe-demo@northwind-traders.example>: No Such`,
      `${base}    User Here`,
    ]);
    const comment = ';; selector1._domainkey.a.test. TXT: nxdomain (selector1-northwind-traders-example._domainkey.northwindtraders.onmicrosoft.com does not exist)';
    const wrapped = wrapText(comment, 80, base, `${base}   `).split('\n');
    for (const line of wrapped) expect(line.length, line).toBeLessThanOrEqual(80);
    expect(wrapped.slice(1).every((l) => l.startsWith(`${base}   `))).toBe(true);
    expect(wrapped).toContain(`${base}   (selector1-northwind-traders-example._domainkey.`);
    // Nothing is lost: only the spaces of the indentation were added.
    expect(wrapped.map((l) => l.trim()).join(' ').replace(/\. /g, '.')).toBe(comment.replace(/\. /g, '.'));
  });

  it('the demo, verbose, at COLUMNS=80: every line fits, and nothing inside a finding goes back past its indentation', async () => {
    const { code, stdout } = await runMain(['demo', '-v'], { COLUMNS: '80' });
    expect(code).toBe(0);
    const lines = stdout.split('\n');
    for (const line of lines) expect(Array.from(line).length, line).toBeLessThanOrEqual(80);
    const areas = lines.slice(lines.findIndex((l) => /^MX records$/.test(l)), lines.findIndex((l) => /^\d+ checks: /.test(l)));
    expect(areas.length).toBeGreaterThan(100);
    let inFinding = false;
    for (const line of areas) {
      if (/^ {2}\S/.test(line)) inFinding = true;
      else if (!line.startsWith(' ')) inFinding = false;
      else if (inFinding) expect(line, line).toMatch(/^ {10}/);
    }
    // A transcript's wrapped reply continues under the reply, not under "seen:".
    expect(stdout).toMatch(/\n( {16,})S: 550 5\.1\.1 <[^>]+>:[^\n]*\n\1  \S/);
  }, 60_000);
});
