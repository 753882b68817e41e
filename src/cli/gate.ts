// What the full check adds to each report for CI: the comparison with --baseline, and where the config file set each input (for --format github).
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { compareReport, reportComparison } from '../baseline/compare.js';
import { parseBaseline, type Baseline } from '../baseline/read.js';
import { CHECK_CONFIG_KEYS, configKeyOf } from '../checks/config-keys.js';
import { CONFIG_FILE } from '../config/names.js';
import type { Report } from '../engine/types.js';
import type { ConfigOrigin } from '../report/github.js';
import { escapeControl, listing } from '../util/text.js';
import type { Io } from './io.js';
import { readCapped } from './read-capped.js';
import { MAX_REPORT_BYTES } from './report-file.js';
import { orUsage, UsageError } from './usage-error.js';

/** The config keys that name inputs, and the flags that replace them (a key replaced by a flag did not set the value). */
export const KEY_FLAGS: Readonly<Record<string, readonly string[]>> = {
  '/smartHost': ['smartHost'],
  '/hostingIps': ['hostingIp'],
  '/mailboxes': ['mailbox'],
  '/dkimSelector': ['dkimSelector'],
  '/tlsName': ['tlsName'],
  '/caFile': ['caFile'],
  '/expect/mxHost': ['expectMx'],
  '/expect/cloud': ['cloud'],
  '/m365Mailboxes': ['m365Mailbox'],
  '/m365Export': ['m365Export'],
  '/cpanel': ['cpanelUrl', 'cpanelUser'],
};

const given = (value: unknown) => value !== undefined && !(Array.isArray(value) && value.length === 0);

/**
 * The config file, the line of each input key whose value the run used (not replaced by a flag), and
 * for each check the first of those keys it judges: a finding of that check is annotated at that line.
 * Undefined without a config file.
 */
export function configOrigin(keyLines: Readonly<Record<string, number>> | undefined, argv: Readonly<Record<string, unknown>>, file: string | undefined): ConfigOrigin | undefined {
  if (!keyLines) return undefined;
  const keys: Record<string, number> = {};
  for (const key of new Set(Object.values(CHECK_CONFIG_KEYS).flat())) {
    const line = keyLines[key];
    if (line === undefined) continue;
    if ((KEY_FLAGS[key] ?? []).some((flag) => given(argv[flag]))) continue;
    keys[key] = line;
  }
  const checks: Record<string, string> = {};
  for (const id of Object.keys(CHECK_CONFIG_KEYS)) {
    const key = configKeyOf(id, keys);
    if (key !== undefined) checks[id] = key;
  }
  return { file: file ?? CONFIG_FILE, keys, checks };
}

/**
 * The config file as an annotation names it. The Actions runner reads `file=` relative to the repository's
 * root (GITHUB_WORKSPACE), not the step's working directory, and only maps an absolute path inside the
 * workspace: so under Actions a file inside the workspace is named relative to it (with `/`), so that a
 * run from a subdirectory (`working-directory: dns`) still points at the right file; anything else as typed.
 */
export function annotationFile(file: string, io: Pick<Io, 'cwd' | 'env'>): string {
  const workspace = io.env['GITHUB_WORKSPACE'];
  if (!workspace) return file;
  const rel = relative(resolve(workspace), resolve(io.cwd, file));
  if (rel === '' || rel === '..' || rel.startsWith(`..${sep}`) || isAbsolute(rel)) return file;
  return rel.split(sep).join('/');
}

/** The baseline named by --baseline (or the config's "baseline"): read, and refused in one line when it is not one (exit 2). */
export async function loadBaseline(path: string, io: Io): Promise<Baseline> {
  const what = `--baseline ${escapeControl(path)}`;
  const bytes = await readCapped(resolve(io.cwd, path), what, MAX_REPORT_BYTES);
  return orUsage(parseBaseline(bytes.toString('utf8'), what));
}

/** A baseline that holds none of the domains checked is the wrong file: nothing would compare. */
export function checkBaselineCovers(baseline: Baseline, domains: readonly string[], path: string): void {
  if (domains.some((d) => baseline.domains.has(d))) return;
  const held = [...baseline.domains.keys()];
  throw new UsageError(
    `--baseline ${escapeControl(path)} holds the report${held.length === 1 ? '' : 's'} of ${escapeControl(listing(held, 5))}, not of ${escapeControl(listing([...domains], 5))}: give the JSON report of an earlier run of the same domain${domains.length === 1 ? '' : 's'}`,
  );
}

export interface Annotation {
  origin?: ConfigOrigin;
  baseline?: Baseline;
  strict: boolean;
}

/** Adds to a report what the CLI knows and the core does not: where the config set its inputs, and the comparison with the baseline. */
export function annotateReport(report: Report, a: Annotation): void {
  if (a.origin) report.config = a.origin;
  if (a.baseline) {
    const meta = { ...(a.baseline.startedAt ? { startedAt: a.baseline.startedAt } : {}), ...(a.baseline.version ? { version: a.baseline.version } : {}) };
    report.comparison = reportComparison(compareReport(a.baseline.domains.get(report.domain), report), meta, a.strict);
  }
}

/** The exit code a report gives the run: with a baseline, counting only new and worse problems. */
export function exitCodeOf(report: Report): number {
  return report.comparison?.exitCode ?? report.exitCode;
}
