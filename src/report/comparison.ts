// The comparison with a baseline (--baseline, diff) in words: a terminal section and a Markdown section, and the note of an annotation.
import type { Status } from '../engine/types.js';
import { cell, checkId } from './markdown.js';
import { createStyle, type Style } from './style.js';
import { wrapText } from './wrap.js';
import { escapeControl } from '../util/text.js';
import type { ComparisonTotals } from '../baseline/compare.js';
import type { Change, DomainComparison, ReportComparison } from '../engine/comparison.js';

/** The comparison's groups in the order they are told, with their names. */
const GROUPS = [
  ['new', 'new'],
  ['worsened', 'worse'],
  ['fixed', 'fixed'],
  ['improved', 'better'],
  ['known', 'known'],
  ['unchecked', 'not checked'],
] as const satisfies readonly (readonly [keyof DomainComparison, string])[];

const COUNTED = new Set(['new', 'worsened']);

/** `1 new · 2 known · 1 fixed` (groups with nothing are left out; "nothing changed" when all are empty). */
export function comparisonCounts(c: Pick<DomainComparison, (typeof GROUPS)[number][0]>): string {
  const parts = GROUPS.flatMap(([key, name]) => (c[key].length > 0 ? [`${c[key].length} ${name}`] : []));
  return parts.length > 0 ? parts.join(' · ') : 'no problems, before or now';
}

/** `2026-12-05 06:17 UTC, splitcheck 0.1.0`: what the baseline was. */
function baselineLabel(b: ReportComparison['baseline']): string {
  const date = b.startedAt ? new Date(b.startedAt) : undefined;
  const when = date && !Number.isNaN(date.getTime()) ? `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC` : 'unknown date';
  return `${when}${b.version ? `, splitcheck ${escapeControl(b.version)}` : ''}`;
}

/** `mx.no-bypass mail.contoso.com` / `spf.all`. */
function what(c: Change): string {
  return `${c.id}${c.item === undefined ? '' : ` ${c.item}`}`;
}

/** `fail`, `fail (was warn)`, `was fail`. */
function statusText(c: Change): string {
  if (c.status && c.was && c.was !== c.status) return `${c.status} (was ${c.was})`;
  return c.status ?? `was ${c.was ?? '?'}`;
}

const EXIT_RULE = 'only problems that are new or worse than in the baseline count for the exit code';

/** The terminal section: the counts, then every new, worse and fixed problem with its message; known ones by name. */
export function renderComparisonTerminal(c: ReportComparison, options: { color: boolean; width?: number; domain?: string }): string {
  const style: Style = createStyle(options.color);
  const width = options.width ?? 100;
  const indent = ' '.repeat(4);
  const out = [style.bold(`Compared with the baseline (${baselineLabel(c.baseline)})${options.domain ? ` for ${escapeControl(options.domain)}` : ''}: ${comparisonCounts(c)}`)];
  if (!c.inBaseline) out.push(`  The baseline holds no report for this domain: every problem is new.`);
  for (const [key, name] of GROUPS) {
    const list = c[key];
    if (list.length === 0) continue;
    if (key === 'known' || key === 'unchecked') {
      const names = list.map((x) => `${escapeControl(what(x))} (${statusText(x)})`).join(', ');
      out.push(wrapText(names, width, `  ${style.dim(`${name}:`.padEnd(12))} `, indent));
      continue;
    }
    for (const x of list) {
      const mark = x.status ?? 'pass';
      out.push(`  ${style.status(mark as Status, `${name}:`.padEnd(12))} ${style.bold(escapeControl(what(x)))}  ${statusText(x)}`);
      if (COUNTED.has(key) || key === 'improved') out.push(wrapText(escapeControl(x.message), width, indent, indent));
    }
  }
  out.push(`  Exit ${c.exitCode}: ${EXIT_RULE}.`);
  return `${out.join('\n')}\n`;
}

function markdownRows(list: readonly Change[], withMessage: boolean): string[] {
  return list.map((x) => `| ${checkId(x.id)} | ${x.item === undefined ? '–' : cell(x.item)} | ${statusText(x)} |${withMessage ? ` ${cell(x.message)} |` : ''}`);
}

/** The Markdown section: counts, a table of what is new or worse, then fixed, better, known and not checked. */
export function renderComparisonMarkdown(c: ReportComparison, options: { level?: number; domain?: string } = {}): string {
  const h = '#'.repeat(Math.min(6, Math.max(1, options.level ?? 2)));
  const out = [`${h} Compared with the baseline${options.domain ? ` for ${cell(options.domain)}` : ''}`, '', `Baseline: ${cell(baselineLabel(c.baseline))}. **${cell(comparisonCounts(c))}.** Exit ${c.exitCode}: ${EXIT_RULE}.`];
  if (!c.inBaseline) out.push('', 'The baseline holds no report for this domain: every problem is new.');
  for (const [key, name] of GROUPS) {
    const list = c[key];
    if (list.length === 0) continue;
    const withMessage = key !== 'known' && key !== 'unchecked';
    out.push('', `**${name[0]!.toUpperCase()}${name.slice(1)} (${list.length})**`, '', `| Check | Item | Status |${withMessage ? ' Finding |' : ''}`, `| --- | --- | --- |${withMessage ? ' --- |' : ''}`, ...markdownRows(list, withMessage));
  }
  return `${out.join('\n')}\n`;
}

/** A one-line note for a finding's annotation: whether the baseline already had it. */
export function baselineNote(c: ReportComparison | undefined, id: string): string | undefined {
  if (!c) return undefined;
  if (c.new.some((x) => x.id === id)) return 'new since the baseline';
  if (c.worsened.some((x) => x.id === id)) return 'worse than in the baseline';
  if (c.known.some((x) => x.id === id) || c.improved.some((x) => x.id === id)) return 'known: in the baseline';
  return undefined;
}

/** `3 new · 1 fixed · 12 known`, from the run's totals. */
function totalsCounts(t: ComparisonTotals): string {
  const parts = GROUPS.flatMap(([key, name]) => (t[key] > 0 ? [`${t[key]} ${name}`] : []));
  return parts.length > 0 ? parts.join(' · ') : 'no problems, before or now';
}

/** The line under the many-domain table: the comparison over every domain and the exit code it gives. */
export function renderComparisonTotals(t: ComparisonTotals, options: { color: boolean }): string {
  const style = createStyle(options.color);
  return `${style.bold('Compared with the baseline:')} ${totalsCounts(t)}. Exit ${t.exitCode}: ${EXIT_RULE}.\n`;
}

export function renderComparisonTotalsMarkdown(t: ComparisonTotals): string {
  return `**Compared with the baseline: ${cell(totalsCounts(t))}.** Exit ${t.exitCode}: ${EXIT_RULE}.\n`;
}
