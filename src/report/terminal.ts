// The terminal report, answer first: the mail flows (and a root cause, when one is obvious), the first fix, the checks by area, then "Fix first".
import { exitWording } from '../engine/exit-codes.js';
import type { Finding, Report } from '../engine/types.js';
import { escapeControl, plural } from '../util/text.js';
import { areaHeading, groupByArea } from './areas.js';
import { evidenceLines } from './evidence.js';
import { fixFirst, fixKey, oneLineFix } from './fix-first.js';
import { rootCause, type RootCause } from './root-cause.js';
import { MARKS, createStyle, type Style } from './style.js';
import { topologyLines } from './topology.js';
import { wrapText } from './wrap.js';

export interface TerminalOptions {
  color: boolean;
  /** Wrap width in columns. */
  width?: number;
  /** Show what was observed under passing checks too. */
  verbose?: boolean;
  /** A line shown under the title (e.g. which resolvers were asked, or that this is the demo). */
  subtitle?: string;
  /** `--summary`: only the flows and "Fix first", without the checks' details. */
  summary?: boolean;
}


/** Escape each line of a multi-line text: line breaks stay, every other control character is shown. */
function safeLines(text: string): string {
  return text.split('\n').map(escapeControl).join('\n');
}

/** Text wrapped under a label ("fix:  ") whose word is bold; the lines after it keep the label's indent. */
function labelled(label: string, text: string, style: Style, width: number, indent: string): string {
  const prefix = `${indent}${label}`;
  return wrapText(safeLines(text), width, prefix, ' '.repeat(prefix.length)).replace(prefix, `${indent}${style.bold(label.trimEnd())}${label.slice(label.trimEnd().length)}`);
}

function renderFinding(f: Finding, style: Style, width: number, verbose: boolean, sameAs?: string): string[] {
  const label = `${MARKS[f.status]} ${f.status.padEnd(6)}`;
  const indent = ' '.repeat(10);
  const lead = `  ${style.status(f.status, label)}${style.bold(escapeControl(f.id))}  `;
  // One cause behind several checks (a resolver down, a root cause said at the top): said once, pointed at in one line after.
  if (sameAs) return [lead + style.dim(sameAs)];
  const title = escapeControl(f.title);
  // A title that would run past the width goes under the id, where the message starts (80 columns).
  const fits = 2 + label.length + f.id.length + 2 + title.length <= width;
  const out = fits ? [lead + style.dim(title)] : [lead.trimEnd(), style.dim(wrapText(title, width, indent, indent))];
  out.push(wrapText(safeLines(f.message), width, indent, indent));
  // A skip is not a problem: its message says why; what was seen only with --verbose.
  const detailed = (f.status !== 'pass' && f.status !== 'skip') || verbose;
  if (detailed) {
    // Wrapped like the fix below it: a long record or comment keeps the indentation (a record's rest goes under it).
    evidenceLines(f).forEach((line, i) => {
      // A `;;` comment's own words continue under its text, past the semicolons.
      const seen = wrapText(escapeControl(line), width, `${indent}seen: `, `${indent}      ${line.startsWith(';') ? '   ' : ''}`);
      out.push(i === 0 ? seen.replace(`${indent}seen:`, `${indent}${style.dim('seen:')}`) : seen.replace(`${indent}seen: `, `${indent}      `));
    });
  }
  if (f.remedy && f.status !== 'pass') out.push(labelled('fix:  ', f.remedy, style, width, indent));
  return out;
}

/** The root cause, said once at the top: what is wrong and the fix. */
function rootCauseLines(cause: RootCause, style: Style, width: number): string[] {
  const status = cause.kind === 'nxdomain' ? 'fail' : 'error';
  const mark = `${MARKS[status]} ${status}`;
  const head = cause.finding ? ` (${escapeControl(cause.finding.id)})` : '';
  const indent = ' '.repeat(10);
  const said = wrapText(safeLines(cause.message).replace(/\n/g, ' '), width, `  ${mark}  `, indent);
  return [
    `${style.bold('Root cause')}${head}`,
    said.replace(mark, style.status(status, mark)),
    labelled('fix:  ', cause.fix, style, width, indent),
    ...wrapText('The checks this makes moot say "see above".', width, indent, indent).split('\n').map((l) => style.dim(l)),
  ];
}

interface FixItem {
  /** The check id to look up above; absent for a root cause no single check states. */
  id?: string;
  fix: string;
}

/** What "Fix first" lists: the root cause alone when there is one, else the failing checks, most mail lost first. */
function fixItems(report: Report, cause: RootCause | undefined): FixItem[] {
  if (cause) return [{ ...(cause.finding ? { id: cause.finding.id } : {}), fix: oneLineFix(cause.fix) }];
  // One line per change to make: checks whose fixes ask the same change share it, the first one's words kept.
  const items = new Map<string, FixItem>();
  for (const f of fixFirst(report)) {
    const fix = oneLineFix(f.remedy ?? f.message);
    const same = items.get(fixKey(fix));
    if (same) same.id = `${same.id}, ${f.id}`;
    else items.set(fixKey(fix), { id: f.id, fix });
  }
  return [...items.values()];
}

function itemText(item: FixItem): string {
  return `${item.id ? `${escapeControl(item.id)}: ` : ''}${safeLines(item.fix).replace(/\n/g, ' ')}`;
}

/** The closing "Fix first": each failing check's one-line fix; then what could not be verified, grouped by its fix. */
function fixFirstLines(report: Report, items: readonly FixItem[], cause: RootCause | undefined, style: Style, width: number, summary: boolean): string[] {
  const where = cause ? 'the root cause above; the rest depends on it' : summary ? 'most mail lost first' : 'most mail lost first; each id is explained above';
  const lines = ['', `${style.bold('Fix first')} ${style.dim(`(${where})`)}`];
  items.forEach((item, i) => {
    const number = `${i + 1}. `.padStart(5);
    lines.push(wrapText(itemText(item), width, number, ' '.repeat(number.length)));
  });
  if (items.length === 0) lines.push('  Nothing fails.');
  const unverified = report.results.filter((f) => f.status === 'error' && !cause?.moot.has(f.id));
  if (unverified.length > 0) {
    // Several checks behind one cause (port 25 blocked here, a resolver down) share a fix: said once with their ids.
    const byFix = new Map<string, string[]>();
    for (const f of unverified) {
      const fix = oneLineFix(f.remedy ?? f.message);
      byFix.set(fix, [...(byFix.get(fix) ?? []), f.id]);
    }
    lines.push('', `${style.bold('Could not verify')} ${style.dim('(no verdict: fix these to get one)')}`);
    for (const [fix, ids] of byFix) lines.push(wrapText(itemText({ id: ids.join(', '), fix }), width, '  - ', '    '));
  }
  const warned = report.results.filter((f) => f.status === 'warn' && !cause?.moot.has(f.id)).map((f) => f.id);
  if (items.length === 0 && warned.length > 0) lines.push(wrapText(`Worth a look: ${warned.join(', ')} warn${summary ? '' : ' (see above)'}.`, width, '  ', '  '));
  return lines;
}

export function renderTerminal(report: Report, options: TerminalOptions): string {
  const style = createStyle(options.color);
  const width = Math.max(60, options.width ?? 100);
  const summary = options.summary === true;
  const cause = rootCause(report);
  const lines: string[] = [];
  lines.push(style.bold(`splitcheck ${report.tool.version} · ${escapeControl(report.domain)}`));
  if (options.subtitle) lines.push(...wrapText(escapeControl(options.subtitle), width, '', '').split('\n').map((l) => style.dim(l)));
  if (cause) lines.push('', ...rootCauseLines(cause, style, width));
  // A flow decided only by the root cause and what it makes moot says "see above".
  const explained = cause ? new Set([...cause.moot, ...(cause.finding ? [cause.finding.id] : [])]) : undefined;
  lines.push('', ...topologyLines(report.flows, report.results, { style, width, detailsBelow: !summary, ...(explained ? { moot: explained } : {}) }));
  const items = fixItems(report, cause);
  if (!summary) {
    // The first fix on the first screen; the whole list closes the report.
    const first = items[0];
    if (first && !cause) {
      const more = items.length > 1 ? ` (${plural(items.length - 1, 'more fix', 'more fixes')} at the end)` : '';
      lines.push('', wrapText(`First fix: ${itemText(first)}${more}`, width, '', '  ').replace('First fix:', style.bold('First fix:')));
    }
    const firstWith = new Map<string, string>();
    for (const [area, findings] of groupByArea(report.results)) {
      lines.push('', style.bold(areaHeading(area)));
      for (const f of findings) {
        let sameAs: string | undefined;
        if (cause?.moot.has(f.id)) sameAs = `see above: ${cause.kind === 'nxdomain' ? 'the domain does not exist' : 'no DNS answer came back'}`;
        else if (f.status === 'error') {
          const key = `${f.message}\n${f.remedy ?? ''}`;
          const first = firstWith.get(key);
          if (first) sameAs = `same problem as ${first} above`;
          else firstWith.set(key, escapeControl(f.id));
        }
        lines.push(...renderFinding(f, style, width, options.verbose ?? false, sameAs));
      }
    }
  }
  const s = report.summary;
  const counts = (['pass', 'warn', 'fail', 'error', 'skip'] as const).map((k) => style.status(k, `${s[k]} ${k}`));
  lines.push('', `${plural(report.results.length, 'check')}: ${counts.join(' · ')}`);
  lines.push(`Result: ${exitWording(report.exitCode)?.outcome ?? 'done'} (exit ${report.exitCode}).`);
  lines.push(...fixFirstLines(report, items, cause, style, width, summary));
  return `${lines.join('\n')}\n`;
}
