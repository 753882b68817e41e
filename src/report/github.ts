// --format github: one workflow command per finding that is not a pass (fail: ::error, warn: ::warning, error: ::notice), read by the Actions runner as annotations.
import type { Finding, Report, Status } from '../engine/types.js';
import { escapeControl } from '../util/text.js';
import { workflowCommand, type AnnotationLevel } from './workflow-command.js';

/** The contract's statuses as annotation levels: a wrong setup is an error, one that could not be verified only a notice. */
const LEVEL: Partial<Record<Status, AnnotationLevel>> = { fail: 'error', warn: 'warning', error: 'notice' };

/** Fails first: GitHub shows only the first 10 annotations of each level per step, so the order decides what is seen. */
const ORDER: Status[] = ['fail', 'warn', 'error'];

/**
 * Where the run's config file set its inputs (report.config): the file as given, the line of each key the
 * run took from it, and for each check the key its verdict was judged on (the command line resolves it).
 */
export interface ConfigOrigin {
  file: string;
  keys: Record<string, number>;
  checks: Record<string, string>;
}

/** The line a finding of `checkId` points at, when the report says which key set its input. */
function lineOf(origin: ConfigOrigin, checkId: string): number | undefined {
  const key = Object.hasOwn(origin.checks, checkId) ? origin.checks[checkId] : undefined;
  return key !== undefined && Object.hasOwn(origin.keys, key) ? origin.keys[key] : undefined;
}

/** The config origin the CLI recorded in the report, when the shape is right (a report read from disk may hold anything). */
export function configOrigin(report: Pick<Report, 'config'>): ConfigOrigin | undefined {
  const config: unknown = report.config;
  if (typeof config !== 'object' || config === null) return undefined;
  const { file, keys, checks } = config as { file?: unknown; keys?: unknown; checks?: unknown };
  if (typeof file !== 'string' || file === '' || typeof keys !== 'object' || keys === null || typeof checks !== 'object' || checks === null) return undefined;
  const lines: Record<string, number> = {};
  for (const [key, line] of Object.entries(keys)) if (Number.isInteger(line) && (line as number) > 0) lines[key] = line as number;
  const byCheck: Record<string, string> = {};
  for (const [id, key] of Object.entries(checks)) if (typeof key === 'string') byCheck[id] = key;
  return { file, keys: lines, checks: byCheck };
}

/**
 * Control characters of DNS or SMTP data (ESC starts the ANSI sequences the Actions log renders, a CR
 * rewrites the line) shown as `\xNN`, line by line: the line breaks of a message stay line breaks.
 */
const safeLines = (text: string) => text.split('\n').map(escapeControl).join('\n');

/** The annotation text: the domain (a run may check many), the message, and the fix on the lines after it. */
function annotationText(report: Report, finding: Finding, note: string | undefined): string {
  return safeLines([`${report.domain}: ${finding.message}${note ? ` (${note})` : ''}`, ...(finding.remedy ? [`Fix: ${finding.remedy}`] : [])].join('\n'));
}

export interface GithubOptions {
  /** A note to add to a finding's annotation (the baseline: "known, in the baseline"). */
  noteFor?(finding: Finding): string | undefined;
}

/** The workflow commands for one report, each ending in a newline; nothing for a report with only passes and skips. */
export function renderGithub(report: Report, options: GithubOptions = {}): string {
  const origin = configOrigin(report);
  const lines: string[] = [];
  for (const status of ORDER) {
    for (const finding of report.results) {
      if (finding.status !== status) continue;
      const line = origin ? lineOf(origin, finding.id) : undefined;
      const where = origin && line !== undefined ? { file: escapeControl(origin.file), line } : {};
      lines.push(workflowCommand(LEVEL[status]!, { ...where, title: escapeControl(finding.id) }, annotationText(report, finding, options.noteFor?.(finding))));
    }
  }
  return lines.map((l) => `${l}\n`).join('');
}
