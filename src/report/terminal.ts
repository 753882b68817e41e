// The terminal report: grouped by area, a mark per check, evidence and remedy under every non-pass.
import { exitWording } from '../engine/exit-codes.js';
import type { Finding, Report, Status } from '../engine/types.js';
import { escapeControl, plural } from '../util/text.js';
import { areaHeading, groupByArea } from './areas.js';
import { evidenceLines } from './evidence.js';
import { createStyle, type Style } from './style.js';
import { wrapText } from './wrap.js';

export interface TerminalOptions {
  color: boolean;
  /** Wrap width in columns. */
  width?: number;
  /** Show what was observed under passing checks too. */
  verbose?: boolean;
  /** A line shown under the title (e.g. which resolvers were asked, or that this is the demo). */
  subtitle?: string;
}

const MARKS: Record<Status, string> = { pass: '✔', warn: '!', fail: '✖', error: '?', skip: '-' };


/** Escape each line of a multi-line text: line breaks stay, every other control character is shown. */
function safeLines(text: string): string {
  return text.split('\n').map(escapeControl).join('\n');
}

function renderFinding(f: Finding, style: Style, width: number, verbose: boolean, sameAs?: string): string[] {
  const label = `${MARKS[f.status]} ${f.status.padEnd(6)}`;
  const indent = ' '.repeat(10);
  const out = [`  ${style.status(f.status, label)}${style.bold(f.id)}  ${style.dim(escapeControl(f.title))}`];
  if (sameAs) {
    // One cause behind several checks (a resolver down): say it once, point at it after.
    out.push(`${indent}${style.dim(`Same problem as ${sameAs} above.`)}`);
    return out;
  }
  out.push(wrapText(safeLines(f.message), width, indent, indent));
  // A skip is not a problem: its message says why; what was seen only with --verbose.
  const detailed = (f.status !== 'pass' && f.status !== 'skip') || verbose;
  if (detailed) {
    const seen = evidenceLines(f);
    seen.forEach((line, i) => {
      const prefix = i === 0 ? `${indent}${style.dim('seen:')} ` : `${indent}      `;
      out.push(prefix + escapeControl(line));
    });
  }
  if (f.remedy && f.status !== 'pass') {
    const fix = wrapText(safeLines(f.remedy), width, `${indent}fix:  `, `${indent}      `);
    out.push(fix.replace(`${indent}fix:`, `${indent}${style.bold('fix:')}`));
  }
  return out;
}

export function renderTerminal(report: Report, options: TerminalOptions): string {
  const style = createStyle(options.color);
  const width = Math.max(60, options.width ?? 100);
  const lines: string[] = [];
  lines.push(style.bold(`splitcheck ${report.tool.version} · ${escapeControl(report.domain)}`));
  if (options.subtitle) lines.push(style.dim(escapeControl(options.subtitle)));
  const firstWith = new Map<string, string>();
  for (const [area, findings] of groupByArea(report.results)) {
    lines.push('', style.bold(areaHeading(area)));
    for (const f of findings) {
      const key = f.status === 'error' ? `${f.message}\n${f.remedy ?? ''}` : undefined;
      const sameAs = key === undefined ? undefined : firstWith.get(key);
      if (key !== undefined && sameAs === undefined) firstWith.set(key, f.id);
      lines.push(...renderFinding(f, style, width, options.verbose ?? false, sameAs));
    }
  }
  const s = report.summary;
  const counts = (['pass', 'warn', 'fail', 'error', 'skip'] as const).map((k) => style.status(k, `${s[k]} ${k}`));
  lines.push('', `${plural(report.results.length, 'check')}: ${counts.join(' · ')}`);
  const outcome = exitWording(report.exitCode)?.outcome ?? 'done';
  lines.push(`Result: ${outcome} (exit ${report.exitCode}).`);
  return `${lines.join('\n')}\n`;
}
