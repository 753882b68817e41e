// `splitcheck explain <file|->`: read a bounce (pasted NDR text or an .eml), name the diagnosis and the checks that confirm it; --check runs them.
import { resolve } from 'node:path';
import type { Report } from '../../engine/types.js';
import { explainBounce, type Explanation } from '../../explain/index.js';
import { MAX_INPUT_BYTES } from '../../explain/limits.js';
import { checkPlan } from '../../explain/plan.js';
import { safeJson } from '../../report/json.js';
import { explainDocument, renderCheckHeading, renderExplainTerminal, type ExplainCheck, type ExplainInput } from '../../report/explain.js';
import { wantsColor } from '../../report/style.js';
import { escapeControl } from '../../util/text.js';
import { VERSION } from '../../version.js';
import type { Io } from '../io.js';
import { shellQuote } from '../platform.js';
import { reportWidth } from '../width.js';
import { chosenFormat, networkSettings, timingSettings, type Format, type NetworkArgs, type OutputArgs } from '../settings.js';
import { readCapped, readStdinCapped } from '../read-capped.js';
import { orUsage, UsageError } from '../usage-error.js';

export interface ExplainArgs extends NetworkArgs, OutputArgs {
  file: string;
  check?: boolean;
  smartHost?: string;
  smtp?: boolean;
}

const LIMIT_TEXT = `${MAX_INPUT_BYTES / (1024 * 1024)} MB`;

function tooLarge(name: string): UsageError {
  return new UsageError(`${name} is larger than ${LIMIT_TEXT}: that is not a bounce (save just the bounce, or copy its text into a file)`);
}

async function readInput(file: string, io: Io): Promise<{ input: ExplainInput; bytes: Uint8Array }> {
  if (file === '-') {
    const bytes = await readStdinCapped(io, MAX_INPUT_BYTES, 'reading the bounce from standard input', () => tooLarge('standard input'));
    return { input: { name: 'standard input', bytes: bytes.length }, bytes };
  }
  const shown = escapeControl(file);
  const bytes = await readCapped(resolve(io.cwd, file), shown, MAX_INPUT_BYTES, () => tooLarge(shown));
  return { input: { name: file, bytes: bytes.length }, bytes };
}

type CheckOutcome = { ok: true; check: ExplainCheck; output: string } | { ok: false; error: string };

/** Run the diagnoses' confirming checks through the full-check pipeline (loaded only for --check). */
async function runConfirmingChecks(e: Explanation, argv: ExplainArgs, format: Format, io: Io): Promise<CheckOutcome> {
  const plan = checkPlan(e);
  if (!plan) return { ok: false, error: '--check: the bounce names no recipient or sender domain; run "splitcheck <domain>" yourself' };
  const [{ ALL_CHECKS }, { selectChecks }, { parseDomain }, { setupInput }, { liveSource, prepareGatherers }, { runFullCheck }] = await Promise.all([
    import('../../checks/index.js'),
    import('../../engine/select.js'),
    import('../domain.js'),
    import('../../input/setup.js'),
    import('../../core/sources/index.js'),
    import('../full-check.js'),
  ]);
  let domain: string;
  try {
    domain = parseDomain(plan.domain);
  } catch {
    return { ok: false, error: `--check: the bounce names "${escapeControl(plan.domain)}", which is not a domain splitcheck can check` };
  }
  const known = new Set(ALL_CHECKS.map((c) => c.meta.id));
  const ran = plan.checks.filter((id) => known.has(id));
  const missing = plan.checks.filter((id) => !known.has(id));
  if (plan.checks.length > 0 && ran.length === 0) {
    return { ok: false, error: `--check: this build has none of the confirming checks (${missing.join(', ')})` };
  }
  const selection = selectChecks(ALL_CHECKS, ran);
  if (!selection.ok) return { ok: false, error: `--check: ${selection.error}` };
  const notes: string[] = [];
  // The smart host: --smart-host wins; else the host Microsoft 365 tried, as the bounce names it.
  const smartHost = argv.smartHost ?? plan.smartHost;
  const smartHostFrom = argv.smartHost !== undefined ? 'option' : plan.smartHost !== undefined ? 'bounce' : undefined;
  const base = { ...(smartHost !== undefined ? { smartHost } : {}), ...(argv.smtp === false ? { smtp: false } : {}) };
  let mailbox = plan.mailbox;
  let setup = setupInput({ ...base, ...(mailbox ? { mailbox: [mailbox] } : {}) }, domain);
  if (!setup.ok) {
    if (argv.smartHost !== undefined && /--smart-host/.test(setup.error)) throw new UsageError(setup.error);
    // A recipient or host from the bounce that the probes cannot use: check without it, and say so.
    notes.push(`not used from the bounce: ${setup.error}`);
    mailbox = undefined;
    setup = setupInput(argv.smtp === false ? { smtp: false } : {}, domain);
  }
  const input = orUsage(setup);
  const network = networkSettings(argv);
  const gatherers = orUsage(await prepareGatherers({ timeoutMs: network.timeoutMs, smtp: !input.noSmtp }));
  const source = liveSource(network, gatherers);
  const run = {
    domain,
    input,
    checks: selection.checks,
    source,
    strict: false,
    format,
    network: timingSettings(argv),
    ...(argv.color === undefined ? {} : { color: argv.color }),
    ...(argv.verbose === undefined ? {} : { verbose: argv.verbose }),
  };
  const { report, output } = await runFullCheck(run, io);
  const check: ExplainCheck = { plan, ran, missing, notes, report: report as Report };
  if (mailbox && input.mailboxes?.includes(mailbox)) check.mailbox = mailbox;
  if (input.smartHost && smartHostFrom) {
    check.smartHost = input.smartHost.port === 25 ? input.smartHost.host : `${input.smartHost.host}:${input.smartHost.port}`;
    check.smartHostFrom = smartHostFrom;
  }
  return { ok: true, check, output };
}

export async function explainCommand(argv: ExplainArgs, io: Io): Promise<number> {
  const format = chosenFormat(argv);
  // Bad network options are usage errors before anything is read (they matter only with --check).
  if (argv.check) networkSettings(argv);
  const { input, bytes } = await readInput(argv.file, io);
  const result = await explainBounce(bytes);
  if (!result.ok) throw new UsageError(`${escapeControl(input.name)} ${result.reason}`);
  const e = result.explanation;
  const color = wantsColor(io.stdout.isTTY, io.env, argv.color);
  const width = reportWidth(io, { max: 120, fallback: 100 });
  if (!argv.check) {
    // The path as the user's shell (cmd.exe or PowerShell on Windows) takes it back; none fits every shell: say it in words.
    const file = argv.file === '-' ? '-' : shellQuote(argv.file, io.platform ?? process.platform);
    const checkHint = file === undefined ? 'add --check to the command you ran' : `splitcheck explain ${file} --check`;
    io.stdout.write(
      format === 'json' ? `${safeJson(explainDocument(e, input, { version: VERSION, exitCode: 0 }))}\n` : renderExplainTerminal(e, input, { color, width, checkHint }),
    );
    // The bounce was read: 0 whatever it says.
    return 0;
  }
  const outcome = await runConfirmingChecks(e, argv, format, io);
  if (!outcome.ok) {
    io.stdout.write(
      format === 'json'
        ? `${safeJson(explainDocument(e, input, { version: VERSION, exitCode: 2, check: null, checkError: outcome.error }))}\n`
        : renderExplainTerminal(e, input, { color, width }),
    );
    io.stderr.write(`splitcheck: ${outcome.error}\n`);
    return 2;
  }
  const exitCode = outcome.check.report.exitCode;
  if (format === 'json') {
    io.stdout.write(`${safeJson(explainDocument(e, input, { version: VERSION, exitCode, check: outcome.check }))}\n`);
  } else {
    io.stdout.write(renderExplainTerminal(e, input, { color, width }));
    io.stdout.write(renderCheckHeading(outcome.check, { color, width }));
    io.stdout.write(outcome.output);
  }
  // CHECKS.md exit codes of the check run: 0 all good, 1 a fail, 3 unverified.
  return exitCode;
}
