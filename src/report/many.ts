// Reports of a run over several domains: written piece by piece as domains finish, so memory stays flat.
import { exitWording } from '../engine/exit-codes.js';
import { FLOW_IDS, FLOWS } from '../engine/flows.js';
import type { DomainRow } from '../engine/report.js';
import type { Report, Status, Summary } from '../engine/types.js';
import { escapeControl, plural } from '../util/text.js';
import { problemsByLoss } from './fix-first.js';
import { safeJson } from './json.js';
import { createStyle } from './style.js';
import { wrapText } from './wrap.js';

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
  close(rows: readonly DomainRow[], exitCode: number, durationMs: number, extra: Record<string, unknown> = {}): string {
    const t = totals(rows);
    const domains = { total: rows.length, ok: t.ok, problems: t.problems, unverified: t.unverified };
    const more = Object.entries(extra).map(([k, v]) => `,${JSON.stringify(k)}:${JSON.stringify(v)}`).join('');
    return `\n],"durationMs":${Math.round(durationMs)},"domains":${JSON.stringify(domains)},"summary":${JSON.stringify(t.summary)},"exitCode":${exitCode}${more}}\n`;
  },
};


/** As many whole check ids as fit in `room` columns, then "+N" for the rest ("mx.no-bypass +5"); "–" for none. */
function fitIds(ids: readonly string[], room: number): string {
  if (ids.length === 0) return '–';
  let out = '';
  for (const [i, id] of ids.entries()) {
    const rest = ids.length - i - 1;
    const next = `${out ? `${out}, ` : ''}${id}`;
    const tail = rest > 0 ? ` +${rest}` : '';
    if (next.length + tail.length > room) {
      if (out) return `${out} +${ids.length - i}`;
      return `${id.slice(0, Math.max(1, room - tail.length - 1))}…${tail}`;
    }
    out = next;
  }
  return out;
}

/** A flow's status in a 4-column cell: the status word itself ("err" for error), never a colour alone. */
const CELL: Record<Status, string> = { pass: 'pass', warn: 'warn', fail: 'fail', error: 'err', skip: 'skip' };

/** The table's legend: what each flow column's 3-character header stands for. */
export const FLOW_LEGEND = `Flows: ${FLOW_IDS.map((id) => `${FLOWS[id].short} ${id}`).join(' · ')}.`;

/**
 * The terminal's table for several domains: one row each with the six flows (one column per flow, headers
 * abbreviated and explained in a legend below), the outcome and the failing checks, then the totals. It
 * fits 80 columns: a long domain name or problem list is cut with "…".
 */
export function renderDomainTable(rows: readonly DomainRow[], options: { color: boolean; exitCode: number; durationMs: number; width?: number }): string {
  const style = createStyle(options.color);
  const width = Math.max(60, options.width ?? 100);
  // domain, 2 spaces, six flow cells of 4 one space apart, 2 spaces, the rest for the failing checks: room for
  // one id and "+N" (22 columns) before the domain may take more. The exit code is the run's, on the last line.
  const fixed = 2 + FLOW_IDS.length * 5 - 1 + 2;
  const domainWidth = Math.max(6, Math.min(40, width - fixed - 22, Math.max(6, ...rows.map((r) => r.domain.length))));
  const head = `${'domain'.padEnd(domainWidth)}  ${FLOW_IDS.map((id) => FLOWS[id].short.padEnd(4)).join(' ')}  problems`;
  const lines = [style.bold(head)];
  const room = Math.max(12, width - domainWidth - fixed);
  for (const r of rows) {
    const name = escapeControl(r.domain);
    const cells = r.flows.map((status) => style.status(status, CELL[status].padEnd(4))).join(' ');
    const lead = `${(name.length > domainWidth ? `${name.slice(0, domainWidth - 1)}…` : name).padEnd(domainWidth)}  ${cells}  `;
    lines.push(lead + fitIds(problemsByLoss(r), room));
  }
  const t = totals(rows);
  const counts = (['pass', 'warn', 'fail', 'error', 'skip'] as const).map((k) => `${t.summary[k]} ${k}`).join(' · ');
  lines.push(
    ...wrapText(FLOW_LEGEND, width, '', '  ').split('\n').map((l) => style.dim(l)),
    '',
    `${plural(rows.length, 'domain')}: ${style.status('pass', `${t.ok} ok`)} · ${style.status('fail', `${t.problems} with problems`)} · ${style.status('error', `${t.unverified} unverified`)} · ${(options.durationMs / 1000).toFixed(1)} s`,
    `Checks: ${counts}.`,
    `Result: exit ${options.exitCode}. "splitcheck <domain>" shows the details and fixes of one.`,
  );
  return `${lines.join('\n')}\n`;
}
