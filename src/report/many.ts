// Reports of a run over several domains: written piece by piece as domains finish, so memory stays flat.
import { exitWording } from '../engine/exit-codes.js';
import type { DomainRow } from '../engine/report.js';
import type { Report, Summary } from '../engine/types.js';
import { escapeControl, plural } from '../util/text.js';
import { safeJson } from './json.js';
import { createStyle } from './style.js';

export { domainRow, type DomainRow } from '../engine/report.js';

/** Totals over the rows: per status, and domains per outcome. */
export function totals(rows: readonly DomainRow[]): { summary: Summary; ok: number; problems: number; unverified: number } {
  const summary: Summary = { pass: 0, warn: 0, fail: 0, error: 0, skip: 0 };
  let ok = 0;
  let problems = 0;
  let unverified = 0;
  for (const r of rows) {
    for (const k of Object.keys(summary) as (keyof Summary)[]) summary[k] += r.summary[k];
    if (r.exitCode === 1) problems++;
    else if (r.exitCode === 3) unverified++;
    else ok++;
  }
  return { summary, ok, problems, unverified };
}

/** One line of `--format ndjson`: a whole report, compact, newline-terminated. */
export function ndjsonLine(report: Report): string {
  return `${safeJson(report, 0)}\n`;
}

/**
 * `--format json` over several domains, streamed: `{ ..., "reports": [` then each report as it
 * finishes, then the totals. Each report is the single-domain contract document.
 */
export const manyJson = {
  open(meta: { version: string; startedAt: string }): string {
    return `{"schemaVersion":1,"tool":{"name":"splitcheck","version":${JSON.stringify(meta.version)}},"startedAt":${JSON.stringify(meta.startedAt)},"reports":[\n`;
  },
  item(report: Report, first: boolean): string {
    return `${first ? '' : ',\n'}${safeJson(report, 0)}`;
  },
  close(rows: readonly DomainRow[], exitCode: number, durationMs: number): string {
    const t = totals(rows);
    const domains = { total: rows.length, ok: t.ok, problems: t.problems, unverified: t.unverified };
    return `\n],"durationMs":${Math.round(durationMs)},"domains":${JSON.stringify(domains)},"summary":${JSON.stringify(t.summary)},"exitCode":${exitCode}}\n`;
  },
};

const MARK: Record<number, 'pass' | 'fail' | 'error'> = { 0: 'pass', 1: 'fail', 3: 'error' };

/** The terminal's table for several domains: one row each, the failing checks named, then the totals. */
export function renderDomainTable(rows: readonly DomainRow[], options: { color: boolean; exitCode: number; durationMs: number; width?: number }): string {
  const style = createStyle(options.color);
  const width = options.width ?? 100;
  const domainWidth = Math.min(40, Math.max(6, ...rows.map((r) => r.domain.length)));
  const head = `${'domain'.padEnd(domainWidth)}  pass warn fail  err skip  result      problems`;
  const lines = [style.bold(head)];
  for (const r of rows) {
    const s = r.summary;
    const name = escapeControl(r.domain);
    const counts = [s.pass, s.warn, s.fail, s.error, s.skip].map((n, i) => String(n).padStart(i === 0 ? 4 : 5)).join('');
    const result = style.status(MARK[r.exitCode] ?? 'error', (exitWording(r.exitCode)?.label ?? String(r.exitCode)).padEnd(10));
    const fixed = `${(name.length > domainWidth ? `${name.slice(0, domainWidth - 1)}…` : name).padEnd(domainWidth)}  ${counts}  ${result}  `;
    const room = Math.max(10, width - domainWidth - 42);
    const problems = r.problems.join(', ');
    lines.push(fixed + (problems.length > room ? `${problems.slice(0, room - 1)}…` : problems || '–'));
  }
  const t = totals(rows);
  lines.push(
    '',
    `${plural(rows.length, 'domain')}: ${style.status('pass', `${t.ok} ok`)} · ${style.status('fail', `${t.problems} with problems`)} · ${style.status('error', `${t.unverified} unverified`)} · ${(options.durationMs / 1000).toFixed(1)} s`,
    `Result: exit ${options.exitCode}. Run "splitcheck <domain>" for the details and fixes of one domain.`,
  );
  return `${lines.join('\n')}\n`;
}
