// The full check of one domain for the command line: progress on stderr, the core's report, the evidence file, the rendered output.
import { writeEvidence } from '../evidence/file.js';
import { evidenceOf } from '../core/evidence.js';
import { checkReport, type DomainCheck } from '../core/run-domain.js';
import type { Report } from '../engine/types.js';
import { loadFormat } from '../report/formats/index.js';
import { wantsColor } from '../report/style.js';
import { runSubtitle } from '../report/subtitle.js';
import type { Io } from './io.js';
import type { Format } from './settings.js';
import { startProgress } from './progress.js';
import { reportWidth } from './width.js';
import { orUsage, UsageError } from './usage-error.js';

export interface CheckRun extends Omit<DomainCheck, 'onCheckStart' | 'onCheckDone'> {
  format: Format;
  color?: boolean;
  verbose?: boolean;
  summary?: boolean;
  saveEvidence?: string;
  /** The plugins given, recorded in the evidence file. */
  plugins?: readonly string[];
  /** A replay: the plugins the evidence was recorded with that were not given again (the subtitle says so). */
  pluginsNotGiven?: readonly string[];
  subtitle?: string;
  /** Show progress on stderr even for machine formats: the report goes to a file (--output). */
  toFile?: boolean;
  /** Adds what the CLI knows to the report before it is rendered (the baseline's comparison, the config's origin). */
  annotate?: (report: Report) => void;
}

/** Write everything the run asked and heard (--save-evidence). */
async function saveEvidence(path: string, run: CheckRun): Promise<void> {
  const evidence = orUsage(evidenceOf(run));
  try {
    await writeEvidence(path, evidence);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? String(err);
    throw new UsageError(`cannot write the evidence file ${path}: ${code}`);
  }
}

/** The full check of one domain: progress, the report, the evidence, and the rendered output. */
export async function runFullCheck(run: CheckRun, io: Io): Promise<{ report: Report; output: string }> {
  const progress = await startProgress(io, run.format === 'terminal' || run.toFile === true, `Checking ${run.domain}`, run.checks.length);
  let report: Report;
  try {
    report = await checkReport({ ...run, onCheckStart: (c) => progress.onCheckStart(c), onCheckDone: (f) => progress.onCheckDone(f) });
  } finally {
    progress.stop();
  }
  run.annotate?.(report);
  if (run.saveEvidence) await saveEvidence(run.saveEvidence, run);
  const { source } = run;
  const subtitle =
    run.subtitle ??
    runSubtitle(report, {
      replayed: source.replayed,
      resolvers: source.resolvers,
      checks: run.checks.length,
      ...(source.authoritative ? { authoritative: source.authoritative } : {}),
      ...(run.pluginsNotGiven ? { pluginsNotGiven: run.pluginsNotGiven } : {}),
    });
  const output = (await loadFormat(run.format)).render(report, {
    // A report written to a file is never coloured; on stdout, only on a TTY without NO_COLOR.
    color: run.toFile ? run.color === true : wantsColor(io.stdout.isTTY, io.env, run.color),
    width: reportWidth(io, { toFile: run.toFile === true, max: 120, fallback: 100 }),
    verbose: run.verbose ?? false,
    summary: run.summary ?? false,
    subtitle,
    strict: run.strict,
  });
  return { report, output };
}
