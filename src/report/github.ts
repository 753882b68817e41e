// --format github: one workflow command per finding that is not a pass (fail: ::error, warn: ::warning, error: ::notice), read by the Actions runner as annotations.
import { configKeyOf } from '../checks/config-keys.js';
import type { Finding, Report, Status } from '../engine/types.js';
import { workflowCommand, type AnnotationLevel } from './workflow-command.js';

/** The contract's statuses as annotation levels: a wrong setup is an error, one that could not be verified only a notice. */
const LEVEL: Partial<Record<Status, AnnotationLevel>> = { fail: 'error', warn: 'warning', error: 'notice' };

/** Fails first: GitHub shows only the first 10 annotations of each level per step, so the order decides what is seen. */
const ORDER: Status[] = ['fail', 'warn', 'error'];

/** Where the run's config file set its inputs (report.config): the file as given and the line of each key in effect. */
export interface ConfigOrigin {
  file: string;
  keys: Record<string, number>;
}

/** The config origin the CLI recorded in the report, when the shape is right (a report read from disk may hold anything). */
export function configOrigin(report: Pick<Report, 'config'>): ConfigOrigin | undefined {
  const config: unknown = report.config;
  if (typeof config !== 'object' || config === null) return undefined;
  const { file, keys } = config as { file?: unknown; keys?: unknown };
  if (typeof file !== 'string' || file === '' || typeof keys !== 'object' || keys === null) return undefined;
  const lines: Record<string, number> = {};
  for (const [key, line] of Object.entries(keys)) if (Number.isInteger(line) && (line as number) > 0) lines[key] = line as number;
  return { file, keys: lines };
}

/** The annotation text: the domain (a run may check many), the message, and the fix on the lines after it. */
function annotationText(report: Report, finding: Finding, note: string | undefined): string {
  return [`${report.domain}: ${finding.message}${note ? ` (${note})` : ''}`, ...(finding.remedy ? [`Fix: ${finding.remedy}`] : [])].join('\n');
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
      const key = origin ? configKeyOf(finding.id, origin.keys) : undefined;
      const where = origin && key ? { file: origin.file, line: origin.keys[key]! } : {};
      lines.push(workflowCommand(LEVEL[status]!, { ...where, title: finding.id }, annotationText(report, finding, options.noteFor?.(finding))));
    }
  }
  return lines.map((l) => `${l}\n`).join('');
}
