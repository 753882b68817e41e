// `splitcheck <domain...>`: the full check of one domain, of several, or of a saved run with --replay.
import { access, stat } from 'node:fs/promises';
import { constants } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { selectChecks } from '../../engine/select.js';
import { ALL_CHECKS } from '../../checks/index.js';
import type { Check, CheckInput, Report } from '../../engine/types.js';
import { readEvidence } from '../../evidence/file.js';
import type { ConfigArgs, LoadedConfig } from '../../config/load.js';
import { findConfig } from '../../config/find.js';
import { CONFIG_FILE, patternProblem } from '../../config/names.js';
import { runMany } from '../../core/many.js';
import { exitWording } from '../../engine/exit-codes.js';
import { catalogue, loadPlugins, type LoadedPlugin } from '../../core/plugins.js';
import { liveSource, prepareGatherers, replaySource, withAuthoritative, type LiveSettings, type Source } from '../../core/sources/index.js';
import { readCaFile } from '../../input/ca-file.js';
import { CPANEL_TOKEN_ENV } from '../../cpanel/account.js';
import { parseHelo, parseMailboxShape, setupInput, type SetupArgs } from '../../input/setup.js';
import { wantsColor } from '../../report/style.js';
import { escapeControl } from '../../util/text.js';
import { parseDomain } from '../domain.js';
import { collectDomains } from '../domains.js';
import { runFullCheck } from '../full-check.js';
import { replaceFile } from '../replace-file.js';
import { readFailure } from '../read-capped.js';
import type { Io } from '../io.js';
import { startDomainProgress } from '../progress.js';
import { testHttpsRoutes, testSmtpRoutes } from '../test-routes.js';
import { chosenFormat, integerIn, networkSettings, timingSettings, type Format, type NetworkArgs, type OutputArgs } from '../settings.js';
import { loadFormat } from '../../report/formats/index.js';
import { testAuthPort } from '../test-auth-port.js';
import { orUsage, UsageError } from '../usage-error.js';
import { reportWidth } from '../width.js';
import { annotateReport, annotationFile, checkBaselineCovers, configOrigin, exitCodeOf, loadBaseline, type Annotation } from '../gate.js';
import { runWithWait } from '../wait-run.js';
import { parseWait } from '../../input/wait.js';
import { CONSISTENCY_ID } from '../../core/wait-judge.js';
import { worstExitCode } from '../../engine/summary.js';

export interface CheckArgs extends SetupArgs, NetworkArgs, OutputArgs {
  domains?: string[];
  domainsFile?: string;
  concurrency?: number | string;
  output?: string;
  config?: string;
  caFile?: string;
  only?: string[];
  skip?: string[];
  strict?: boolean;
  saveEvidence?: string;
  replay?: string;
  authoritative?: boolean;
  helo?: string;
  plugin?: string[];
  baseline?: string;
  wait?: string;
}

const DEFAULT_CONCURRENCY = 16;

/**
 * The configuration (--config, else splitcheck.config.json, else the old splitcheck.json when it is one), the
 * line of each key (for annotations) and its file name for messages; loaded only when there is one: the
 * validator stays out of plain runs.
 */
async function configFor(argv: CheckArgs, io: Io): Promise<(LoadedConfig & { file: string }) | undefined> {
  const found = argv.config === undefined ? await findConfig(io.cwd) : { file: argv.config };
  if (found === undefined) return undefined;
  if (found.note) io.stderr.write(`${found.note}\n`);
  const { loadConfigFile } = await import('../../config/load.js');
  const loaded = orUsage(await loadConfigFile(found.file, io.cwd));
  return loaded && { ...loaded, file: found.file };
}

/** A report or evidence file written over the configuration the run read would lose it (`-o splitcheck.json` with the old name). */
function refuseOverwrite(io: Io, path: string | undefined, flag: string, configFile: string | undefined): void {
  if (path === undefined || configFile === undefined || resolve(io.cwd, path) !== resolve(io.cwd, configFile)) return;
  throw new UsageError(`${flag} ${escapeControl(path)} is the configuration this run reads: write the report to another file`);
}

/**
 * --plugin (paths and packages from the working directory), else the file's plugins (from its directory);
 * in the order given. A plugin that cannot be used is exit 2, one line naming it.
 */
async function pluginsFor(argv: CheckArgs, config: ConfigArgs | undefined, io: Io): Promise<LoadedPlugin[]> {
  const fromFlags = argv.plugin !== undefined && argv.plugin.length > 0;
  const specs = fromFlags ? argv.plugin! : (config?.plugin ?? []);
  if (specs.length === 0) return [];
  return orUsage(await loadPlugins(specs, fromFlags ? io.cwd : (config?.pluginBase ?? io.cwd), ALL_CHECKS));
}

/** Every "only"/"skip" pattern of the file must match a check of the run (refused naming the key, even when a flag replaces it). */
function checkConfigPatterns(config: ConfigArgs, checks: readonly Check[], file: string | undefined): void {
  for (const key of ['only', 'skip'] as const) {
    config[key]?.forEach((pattern, i) => {
      if (!selectChecks(checks, [pattern]).ok) throw new UsageError(patternProblem(escapeControl(file ?? CONFIG_FILE), key, i, pattern));
    });
  }
}

/** Flags override the file, key by key (yargs sets no defaults, so an absent flag is absent here). */
function merge(config: ConfigArgs | undefined, argv: CheckArgs): CheckArgs {
  const given = Object.fromEntries(Object.entries(argv).filter(([, v]) => v !== undefined && !(Array.isArray(v) && v.length === 0)));
  const { domains: _domains, ...fromFile } = config ?? {};
  return { ...fromFile, ...given } as CheckArgs;
}

/** Options naming a file: an empty value (`--output ""`) would read or write the working directory itself. */
const PATH_OPTIONS = [
  ['output', '--output'],
  ['saveEvidence', '--save-evidence'],
  ['domainsFile', '--domains-file'],
  ['replay', '--replay'],
  ['caFile', '--ca-file'],
  ['m365Export', '--m365-export'],
  ['baseline', '--baseline'],
] as const;

/**
 * Refuse an --output or --save-evidence path that cannot be written before anything is checked:
 * found only after the run, it was exit 2 ("nothing was checked") after every check had run, and
 * with several domains an unhandled stream error (a stack trace, exit 1).
 */
async function ensureWritable(io: Io, path: string, flag: string): Promise<void> {
  const full = resolve(io.cwd, path);
  const refuse = (why: string) => new UsageError(`cannot write ${flag} ${escapeControl(path)}: ${why}`);
  let isDirectory: boolean;
  try {
    isDirectory = (await stat(full)).isDirectory();
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw refuse(readFailure(err));
    // A new file: its directory must exist and be writable.
    try {
      if (!(await stat(dirname(full))).isDirectory()) throw refuse(`${escapeControl(dirname(path))} is not a directory`);
      await access(dirname(full), constants.W_OK);
    } catch (inner) {
      if (inner instanceof UsageError) throw inner;
      throw refuse((inner as NodeJS.ErrnoException).code === 'ENOENT' ? `no such directory ${escapeControl(dirname(path))}` : readFailure(inner));
    }
    return;
  }
  if (isDirectory) throw refuse('it is a directory');
  try {
    await access(full, constants.W_OK);
  } catch (err) {
    throw refuse(readFailure(err));
  }
}

/**
 * Every --mailbox must be at a checked domain. With several domains a mailbox at none of them (or not
 * an address at all) was silently dropped; from the config file the refusal did not name the key.
 */
function checkMailboxes(args: CheckArgs, domains: readonly string[], fromFile: string | undefined, list: 'mailbox' | 'm365Mailbox' = 'mailbox'): void {
  const flag = list === 'mailbox' ? '--mailbox' : '--m365-mailbox';
  const key = list === 'mailbox' ? 'mailboxes' : 'm365Mailboxes';
  const lives = list === 'mailbox' ? 'on the hosting server' : 'in Microsoft 365';
  (args[list] ?? []).forEach((m, i) => {
    const where = fromFile ? `${escapeControl(fromFile)}: /${key}/${i}: ` : '';
    const shape = parseMailboxShape(m, domains[0], flag);
    if (!shape.ok) throw new UsageError(`${where}${shape.error}`);
    const address = shape.value;
    const domain = address.slice(address.lastIndexOf('@') + 1);
    if (!domains.includes(domain)) {
      const checked = domains.length === 1 ? domains[0]! : `any of the ${domains.length} domains checked`;
      throw new UsageError(`${where}${flag} ${escapeControl(m.trim())} is not at ${checked}: give mailboxes of the checked domain${domains.length === 1 ? '' : 's'} that live ${lives}`);
    }
  });
}

/** One line on stderr when the report went to a file, so the person at the terminal sees the outcome. */
function announce(io: Io, path: string, exitCode: number, counts: string): void {
  const outcome = exitWording(exitCode)?.short ?? 'done';
  io.stderr.write(`splitcheck: report written to ${escapeControl(path)} — ${counts}; ${outcome} (exit ${exitCode})\n`);
}

export async function checkCommand(argv: CheckArgs, io: Io): Promise<number> {
  for (const [key, flag] of PATH_OPTIONS) {
    const value = argv[key];
    if (typeof value === 'string' && value.trim() === '') throw new UsageError(`${flag} needs a file name`);
  }
  const loaded = await configFor(argv, io);
  const config = loaded?.config;
  const args = merge(config, argv);
  const plugins = await pluginsFor(argv, config, io);
  const all = catalogue(ALL_CHECKS, plugins);
  if (loaded) checkConfigPatterns(loaded.config, all, loaded.file);
  const format = chosenFormat(args, (line) => io.stderr.write(`${line}\n`));
  const waitMs = args.wait === undefined ? undefined : orUsage(parseWait(args.wait));
  // --wait waits for the authoritative servers to agree: it asks them, and dns.consistency must run.
  if (waitMs !== undefined) args.authoritative = true;
  const selection = selectChecks(all, args.only, args.skip);
  if (!selection.ok) throw new UsageError(selection.error);
  const checks = waitMs === undefined ? selection.checks : withConsistency(selection.checks, all, args.skip);
  const network = timingSettings(args);
  // Refused with one domain as with several: the value is wrong whatever the run.
  const concurrency = integerIn('concurrency', args.concurrency ?? DEFAULT_CONCURRENCY, 1, 256);
  refuseOverwrite(io, args.output, '--output', loaded?.file);
  refuseOverwrite(io, args.replay ? undefined : args.saveEvidence, '--save-evidence', loaded?.file);
  if (args.output !== undefined) await ensureWritable(io, args.output, '--output');
  if (args.saveEvidence !== undefined && !args.replay) await ensureWritable(io, args.saveEvidence, '--save-evidence');
  const gate = await gateFor(args, argv, loaded, io);
  if (args.replay) {
    if (waitMs !== undefined) throw new UsageError('--wait checks again until a DNS change settles; a replay judges a saved run once (drop --wait or --replay)');
    refuseReplayInput(argv);
    return replayCommand(args, io, format, checks, network, plugins.length > 0, gate);
  }

  const domains = await collectDomains(args, config?.domains, io);
  if (domains.length === 0) throw new UsageError('no domain given: try "splitcheck yourcompany.com" (or splitcheck --help)');
  if (gate.baseline) checkBaselineCovers(gate.baseline, domains, args.baseline!);
  // The file's mailboxes are in effect only when no --mailbox flag replaced them.
  const mailboxesFromFile = argv.mailbox === undefined || argv.mailbox.length === 0 ? config?.mailbox !== undefined : false;
  checkMailboxes(args, domains, mailboxesFromFile ? loaded?.file : undefined);
  const m365FromFile = argv.m365Mailbox === undefined || argv.m365Mailbox.length === 0 ? config?.m365Mailbox !== undefined : false;
  checkMailboxes(args, domains, m365FromFile ? loaded?.file : undefined, 'm365Mailbox');
  const heloName = args.helo === undefined ? undefined : orUsage(parseHelo(args.helo));
  const extraCa = args.caFile === undefined ? undefined : orUsage(await readCaFile(args.caFile));
  const live = liveSettings(args, io, network.timeoutMs, extraCa, heloName);
  // Test-only: SPLITCHECK_TEST_AUTH_PORT asks loopback name servers on another port than 53 (src/cli/test-auth-port.ts).
  const authPort = args.authoritative ? testAuthPort(io.env) : undefined;
  const run: LiveRun = { args, io, format, checks, network, concurrency, live, gate, ...(authPort ? { authPort } : {}) };

  if (domains.length === 1 && args.domainsFile === undefined) {
    const domain = domains[0]!;
    const input = orUsage(setupInput(args, domain));
    const gatherers = orUsage(await prepareGatherers(live));
    // Each run asks afresh (a new resolver, new authoritative clients): with --wait nothing is cached between runs.
    const source = async () => {
      const recursive = liveSource(networkSettings(args), gatherers);
      return args.authoritative ? withAuthoritative(recursive, domain, network, authPort) : recursive;
    };
    return single(args, io, format, { domain, input, checks, source, network, plugins: plugins.map((p) => p.name) }, gate, waitMs);
  }
  if (waitMs !== undefined) throw new UsageError('--wait watches one domain: run it once per domain (e.g. one CI job per zone you changed)');
  return manyCommand(run, domains);
}

/** What the CI gate adds to each report: the baseline's comparison (--baseline), the config file's origin of the inputs. */
async function gateFor(args: CheckArgs, argv: CheckArgs, loaded: (LoadedConfig & { file: string }) | undefined, io: Io): Promise<Annotation> {
  const baseline = args.baseline === undefined ? undefined : await loadBaseline(args.baseline, io);
  const origin = configOrigin(loaded?.keyLines, argv as Record<string, unknown>, annotationFile(loaded?.file ?? CONFIG_FILE, io));
  return { strict: args.strict ?? false, ...(baseline ? { baseline } : {}), ...(origin ? { origin } : {}) };
}

/** --wait needs dns.consistency in the run: added when --only left it out, refused when --skip names it. */
function withConsistency(selected: readonly Check[], all: readonly Check[], skip: readonly string[] | undefined): readonly Check[] {
  if (selected.some((c) => c.meta.id === CONSISTENCY_ID)) return selected;
  const skipped = (skip ?? []).find((p) => CONSISTENCY_ID === p || CONSISTENCY_ID.startsWith(`${p}.`));
  if (skipped !== undefined) throw new UsageError(`--wait waits for ${CONSISTENCY_ID} to pass, and --skip ${escapeControl(skipped)} leaves it out: drop one of them`);
  const consistency = all.find((c) => c.meta.id === CONSISTENCY_ID);
  return consistency ? [...selected, consistency] : selected;
}

/** A live run's settings, validated: what the single and the many-domain runs share. */
interface LiveRun {
  args: CheckArgs;
  io: Io;
  format: Format;
  checks: readonly Check[];
  network: { timeoutMs: number; retries: number };
  /** Domains checked at once (validated for every run). */
  concurrency: number;
  live: LiveSettings;
  gate: Annotation;
  authPort?: (host: string) => number;
}

/**
 * Where the report of many domains goes: --output (replaced only once complete: an interrupted run leaves
 * the previous report), or stdout. A write that fails (the disk filled) is reported by `close`, after the
 * run, as a usage error, as the single-domain path does.
 */
async function openOutput(args: CheckArgs, io: Io): Promise<{ write(text: string): void; toFile: boolean; close(): void }> {
  if (!args.output) return { write: (text) => void io.stdout.write(text), toFile: false, close: () => {} };
  const refuse = (err: unknown) => new UsageError(`cannot write --output ${escapeControl(args.output ?? '')}: ${readFailure(err)}`);
  const file = await replaceFile(resolve(io.cwd, args.output)).catch((err: unknown) => {
    throw refuse(err);
  });
  let failed: unknown;
  return {
    write(text) {
      if (failed !== undefined) return;
      try {
        file.write(text);
      } catch (err) {
        failed = err;
      }
    },
    toFile: true,
    close() {
      if (failed !== undefined) throw refuse(failed);
      try {
        file.commit();
      } catch (err) {
        throw refuse(err);
      }
    },
  };
}

/** Several domains: every input validated first, then each report streamed into the format as its domain finishes. */
async function manyCommand(run: LiveRun, domains: readonly string[]): Promise<number> {
  const { args, io, format } = run;
  if (args.saveEvidence) throw new UsageError('--save-evidence keeps the evidence of one domain; run the domain on its own to save it');
  const { concurrency } = run;
  // Validate every domain's input before checking any: a bad flag is exit 2 with nothing checked.
  const inputs = new Map(domains.map((d) => [d, orUsage(setupInput(mailboxesAt(args, d), d))]));
  const gatherers = orUsage(await prepareGatherers(run.live));
  const out = await openOutput(args, io);
  const sink = (await loadFormat(format)).open(out.write, {
    color: !out.toFile && wantsColor(io.stdout.isTTY, io.env, args.color),
    width: reportWidth(io, { toFile: out.toFile, max: 160, fallback: 120 }),
    strict: args.strict ?? false,
    startedAt: new Date(),
    domains: domains.length,
  });
  const progress = await startDomainProgress(io, format === 'terminal' || out.toFile, domains.length);
  let outcome;
  let compared = 0;
  try {
    outcome = await runMany({
      domains,
      inputFor: (d) => inputs.get(d)!,
      checks: run.checks,
      network: networkSettings(args),
      gatherers,
      strict: args.strict ?? false,
      concurrency,
      ...(args.authoritative ? { authoritative: run.authPort ? { port: run.authPort } : {} } : {}),
      onReport: (report) => {
        annotateReport(report, run.gate);
        compared = worstExitCode([compared, exitCodeOf(report)]);
        sink.add(report);
      },
      onDomainDone: (row) => progress.onDomainDone(row),
    });
  } finally {
    progress.stop();
  }
  sink.finish(outcome);
  out.close();
  // With a baseline, the run exits on what is new or worse only (the table still shows every domain's own result).
  const exitCode = run.gate.baseline ? compared : outcome.exitCode;
  if (out.toFile) announce(io, args.output!, exitCode, `${domains.length} domains`);
  return exitCode;
}

/** What the live sources get: --no-smtp, --ca-file, and the test-only routes of the environment. */
function liveSettings(args: CheckArgs, io: Io, timeoutMs: number, extraCa: string[] | undefined, heloName: string | undefined): LiveSettings {
  // Test-only: SPLITCHECK_TEST_SMTP_ROUTES sends chosen port-25 targets to loopback servers (src/cli/test-routes.ts).
  const smtp = testSmtpRoutes(io.env);
  // Test-only: SPLITCHECK_TEST_HTTPS_ROUTES sends https://mta-sts.<domain> to a loopback server (mtasts.policy).
  const https = testHttpsRoutes(io.env);
  return {
    timeoutMs,
    smtp: args.smtp !== false,
    ...(extraCa ? { extraCa } : {}),
    ...(heloName ? { heloName } : {}),
    // The HTTPS routes also reach the cPanel host (its host:port), so a spawned CLI can read a loopback imitation.
    ...(smtp || https ? { connect: { ...(smtp ? { smtp } : {}), ...(https ? { https, cpanel: https } : {}) } } : {}),
    ...(args.m365Export !== undefined ? { m365Export: { file: resolve(io.cwd, args.m365Export), label: args.m365Export } } : {}),
    // The token comes from the environment only (CHECKS.md): never a flag, never the configuration file.
    ...(args.cpanelUrl !== undefined || args.cpanelUser !== undefined
      ? { cpanel: { ...(args.cpanelUrl !== undefined ? { url: args.cpanelUrl } : {}), ...(args.cpanelUser !== undefined ? { user: args.cpanelUser } : {}), ...(io.env[CPANEL_TOKEN_ENV] !== undefined ? { token: io.env[CPANEL_TOKEN_ENV] } : {}) } }
      : {}),
  };
}

/** With several domains, each domain gets only its own mailboxes (a mailbox is probed at its domain). */
function mailboxesAt(args: CheckArgs, domain: string): CheckArgs {
  // By the normalised domain (checkMailboxes has validated each): "x@bücher.de" belongs to
  // xn--bcher-kva.de and "x@A.com." to a.com, which a plain endsWith("@" + domain) missed.
  const at = (list: string[] | undefined) => list?.filter((m) => orUsage(parseMailboxShape(m)).endsWith(`@${domain}`));
  const mailbox = at(args.mailbox);
  const m365Mailbox = at(args.m365Mailbox);
  return { ...args, ...(mailbox ? { mailbox } : {}), ...(m365Mailbox ? { m365Mailbox } : {}) };
}

async function single(
  args: CheckArgs,
  io: Io,
  format: Format,
  run: {
    domain: string;
    input: CheckInput;
    checks: readonly Check[];
    /** A fresh source for each run (--wait runs again). */
    source: () => Promise<Source>;
    network: { timeoutMs: number; retries: number };
    plugins?: string[];
    pluginsNotGiven?: readonly string[];
  },
  gate: Annotation,
  waitMs?: number,
): Promise<number> {
  const once = async () =>
    runFullCheck(
      {
        ...run,
        source: await run.source(),
        strict: args.strict ?? false,
        format,
        ...(args.color === undefined ? {} : { color: args.color }),
        ...(args.verbose === undefined ? {} : { verbose: args.verbose }),
        ...(args.summary === undefined ? {} : { summary: args.summary }),
        ...(args.saveEvidence === undefined ? {} : { saveEvidence: args.saveEvidence }),
        ...(args.output === undefined ? {} : { toFile: true }),
        annotate: (report) => annotateReport(report, gate),
      },
      io,
    );
  const { report, output } = waitMs === undefined ? await once() : await waitInterruptibly(waitMs, io, once);
  const exitCode = exitCodeOf(report);
  if (args.output === undefined) {
    io.stdout.write(output);
    return exitCode;
  }
  try {
    // Replaced only once complete: Ctrl-C during the run left an empty file where the last report was.
    const file = await replaceFile(resolve(io.cwd, args.output));
    file.write(output);
    file.commit();
  } catch (err) {
    throw new UsageError(`cannot write --output ${escapeControl(args.output)}: ${readFailure(err)}`);
  }
  const s = report.summary;
  announce(io, args.output, exitCode, `${s.pass} pass · ${s.warn} warn · ${s.fail} fail · ${s.error} error · ${s.skip} skip`);
  return exitCode;
}

/**
 * --wait until settled, or until Ctrl-C or a CI job's cancel (SIGINT, SIGTERM): that ends the wait as the
 * deadline would (after the run under way), and the last run's report and exit code stand. The handlers
 * are removed as the wait ends; a second signal during the last run ends the process as usual.
 */
async function waitInterruptibly<T extends { report: Report }>(waitMs: number, io: Io, once: () => Promise<T>): Promise<T> {
  const controller = new AbortController();
  const stop = () => controller.abort();
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  try {
    return await runWithWait(waitMs, io, once, controller.signal);
  } finally {
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
  }
}

/** What the recording was made with: typed beside --replay, these would be silently replaced by it. */
const RECORDED_INPUT = [
  ['smartHost', '--smart-host'],
  ['hostingIp', '--hosting-ip'],
  ['mailbox', '--mailbox'],
  ['m365Mailbox', '--m365-mailbox'],
  ['helo', '--helo'],
  ['dkimSelector', '--dkim-selector'],
  ['tlsName', '--tls-name'],
  ['expectMx', '--expect-mx'],
  ['cloud', '--cloud'],
  ['caFile', '--ca-file'],
  ['m365Export', '--m365-export'],
  ['cpanelUrl', '--cpanel-url'],
  ['cpanelUser', '--cpanel-user'],
] as const;

/**
 * A replay judges the input it was recorded with: another --hosting-ip or --mailbox would need questions
 * and probes the file does not hold. Flags typed beside --replay are refused rather than ignored (a
 * support engineer would otherwise read a verdict about other values); a config file's are ignored.
 */
function refuseReplayInput(argv: CheckArgs): void {
  const given = RECORDED_INPUT.filter(([key]) => {
    const value = argv[key];
    return value !== undefined && !(Array.isArray(value) && value.length === 0);
  }).map(([, flag]) => flag);
  if (given.length > 0) {
    throw new UsageError(
      `${given.join(', ')} cannot change a replay: it judges the input the evidence was recorded with (record a new run with ${given.length === 1 ? 'that flag' : 'those flags'} instead)`,
    );
  }
}

async function replayCommand(
  args: CheckArgs,
  io: Io,
  format: Format,
  checks: readonly Check[],
  network: { timeoutMs: number; retries: number },
  pluginsGiven: boolean,
  gate: Annotation,
): Promise<number> {
  if (args.saveEvidence) throw new UsageError('--save-evidence cannot be combined with --replay (the evidence is already saved)');
  if ((args.domains?.length ?? 0) > 1 || args.domainsFile) throw new UsageError('--replay judges the one domain its evidence file was recorded for');
  const read = await readEvidence(resolve(io.cwd, args.replay!));
  if (!read.ok) throw new UsageError(read.error);
  const named = args.domains?.[0];
  if (named && parseDomain(named) !== read.evidence.domain) {
    throw new UsageError(`the evidence file is for ${read.evidence.domain}, not ${named}`);
  }
  if (args.authoritative && !read.evidence.authoritative) {
    throw new UsageError('the evidence file was recorded without --authoritative: replay it without the flag (it holds no authoritative answers)');
  }
  // What the evidence was recorded with; only --no-smtp may narrow it (a replay never probes).
  const input = { ...read.evidence.input, ...(args.smtp === false ? { noSmtp: true } : {}) };
  const recorded = read.evidence.plugins ?? [];
  const pluginsNotGiven = !pluginsGiven && recorded.length > 0 ? { pluginsNotGiven: recorded } : {};
  if (gate.baseline) checkBaselineCovers(gate.baseline, [read.evidence.domain], args.baseline!);
  const source = replaySource(read.evidence, input);
  return single(args, io, format, { domain: read.evidence.domain, input, checks, source: async () => source, network, ...pluginsNotGiven }, gate);
}
