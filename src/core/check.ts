// The library's check(domain, options): the full check of one domain with the config file's keys as options, resolving to the JSON report.
import { ALL_CHECKS } from '../checks/index.js';
import { configFromValue, type ConfigArgs } from '../config/load.js';
import { patternProblem } from '../config/names.js';
import { selectChecks } from '../engine/select.js';
import type { Check, Finding, Report } from '../engine/types.js';
import { readCaFile } from '../input/ca-file.js';
import { parseDomain } from '../input/domain.js';
import { setupInput } from '../input/setup.js';
import type { Cloud } from '../knowledge/clouds.js';
import type { SmtpConnectHook } from '../smtp/types.js';
import { failure, ok, type Result } from '../util/result.js';
import { CPANEL_TOKEN_ENV } from '../cpanel/account.js';
import { InputError } from './errors.js';
import { catalogue, loadPlugins, type PluginSpec } from './plugins.js';
import { checkReport } from './run-domain.js';
import { networkSettings } from './settings.js';
import { liveSource, prepareGatherers, withAuthoritative } from './sources/index.js';

/** check()'s options: the keys of splitcheck.config.json (schema/config.schema.json), plus what only a program can give. */
export interface CheckOptions {
  /** DNS servers to ask instead of the system's: `ip`, `ip:port` or `[v6]:port`. */
  resolvers?: string[];
  /** Milliseconds for each network attempt (one DNS query, one SMTP step); default 5000. */
  timeout?: number;
  /** Extra DNS attempts after a timeout; default 1. */
  retries?: number;
  /** The outbound connector's smart host, `host[:port]`; default: mail.<domain>, inferred. */
  smartHost?: string;
  /** The hosting server's outbound addresses, for SPF coverage. */
  hostingIps?: string[];
  /** Mailboxes of the domain that live on the hosting server (RCPT TO probes, never DATA). */
  mailboxes?: string[];
  /** Mailboxes of the domain that live in Microsoft 365 (asked at the smart host from a hosting sender). */
  m365Mailboxes?: string[];
  /** The name the SMTP probes say EHLO with (default: this machine's public FQDN, else its address literal). */
  helo?: string;
  dkimSelector?: string;
  tlsName?: string;
  /** PEM file of CA certificates to trust for the smart host, relative to `cwd`. */
  caFile?: string;
  expect?: { mxHost?: string; cloud?: Cloud };
  /** Check ids or area prefixes to run (all when absent) or to leave out. */
  only?: string[];
  skip?: string[];
  /** Warnings make the report's exitCode 1. */
  strict?: boolean;
  /** false: no SMTP connection is opened; the SMTP checks are `skip`. */
  smtp?: boolean;
  /** Ask the domain's own name servers (found through the resolvers) instead of trusting a cache. */
  authoritative?: boolean;
  /** The Microsoft 365 tenant export (the file the script `splitcheck m365-export-script` prints writes), relative to `cwd`. */
  m365Export?: string;
  /**
   * The hosting account's cPanel, read through UAPI. The API token is read from the environment variable
   * SPLITCHECK_CPANEL_TOKEN only (CHECKS.md: never an option), and appears in nothing the run returns.
   */
  cpanel?: { url: string; user: string };
  /** Plugins whose checks join the run: paths (relative to `cwd`), package names (found from `cwd`), or plugin objects. */
  plugins?: PluginSpec[];

  /** Where relative paths (caFile, plugins) start; default process.cwd(). */
  cwd?: string;
  /** Stops the run: the checks still running end as `error`. */
  signal?: AbortSignal;
  /** Progress: each check as it starts, and its finding as it ends. */
  onCheckStart?: (check: Check) => void;
  onCheckDone?: (finding: Finding) => void;
  /** PEM certificates to trust besides the system store and `caFile`. */
  extraCa?: string[];
  /**
   * Where to really connect for port 25 (`smtp`) and the MTA-STS fetch on 443 (`https`): checks still ask for
   * the real name and port, only the socket goes to what the hook returns. For tests and sandboxes.
   */
  connect?: { smtp?: SmtpConnectHook; https?: SmtpConnectHook; cpanel?: SmtpConnectHook };
  /** The port to ask a name-server address on under `authoritative` (default 53). For tests on loopback. */
  authoritativePort?: (host: string) => number;
}

/** Keys of splitcheck.config.json that belong to the command line, not to one check() call. */
const COMMAND_LINE_KEYS = ['domain', 'domains', 'format', 'output', 'concurrency'] as const;

/** The config-file part of the options, validated as splitcheck.config.json is (the refusal names "options" and the key). */
function configOf(options: CheckOptions, cwd: string): Result<ConfigArgs> {
  const { plugins: _plugins, cwd: _cwd, signal: _signal, onCheckStart: _start, onCheckDone: _done, extraCa: _ca, connect: _connect, authoritativePort: _port, ...config } = options;
  const cli = COMMAND_LINE_KEYS.find((key) => Object.hasOwn(config, key));
  if (cli) return failure(`options: "${cli}" is the command line's, not check()'s: check() checks the domain it is given and resolves to the report object`);
  return configFromValue(config, 'options', cwd);
}

/** The checks to run: built-in and plugins', narrowed by only/skip (each pattern must match one, named by its key). */
async function checksOf(options: CheckOptions, config: ConfigArgs, cwd: string): Promise<Result<Check[]>> {
  const plugins = await loadPlugins(options.plugins ?? [], cwd, ALL_CHECKS);
  if (!plugins.ok) return plugins;
  const all = catalogue(ALL_CHECKS, plugins.value);
  for (const key of ['only', 'skip'] as const) {
    const bad = (config[key] ?? []).findIndex((pattern) => !selectChecks(all, [pattern]).ok);
    if (bad >= 0) return failure(patternProblem('options', key, bad, config[key]![bad]!));
  }
  const selection = selectChecks(all, config.only, config.skip);
  return selection.ok ? ok(selection.checks) : failure(`options: ${selection.error}`);
}

/** PEM certificates of caFile and extraCa together. */
async function trustOf(options: CheckOptions, config: ConfigArgs): Promise<Result<string[] | undefined>> {
  const fromFile = config.caFile === undefined ? ok(undefined) : await readCaFile(config.caFile);
  if (!fromFile.ok) return fromFile;
  const all = [...(fromFile.value ?? []), ...(options.extraCa ?? [])];
  return ok(all.length > 0 ? all : undefined);
}

/** The value, or the refusal thrown as the InputError check() rejects with. */
function must<T>(result: Result<T>): T {
  if (!result.ok) throw new InputError(result.error);
  return result.value;
}

/**
 * The full check of `domain`: every check (and every plugin's), resolving to the contract's JSON report
 * object, which carries `exitCode` (CHECKS.md). Rejects with an InputError (exitCode 2) when the domain or
 * an option is invalid, before anything is asked; never for network reasons (those are `error` findings).
 */
export async function check(domain: string, options: CheckOptions = {}): Promise<Report> {
  const cwd = options.cwd ?? process.cwd();
  const name = must(parseDomain(domain));
  const config = must(configOf(options, cwd));
  const checks = must(await checksOf(options, config, cwd));
  const network = must(networkSettings(config));
  const extraCa = must(await trustOf(options, config));
  const input = must(setupInput(config, name));
  const gatherers = must(
    await prepareGatherers({
      timeoutMs: network.timeoutMs,
      smtp: config.smtp !== false,
      ...(extraCa ? { extraCa } : {}),
      ...(config.helo ? { heloName: config.helo } : {}),
      ...(options.connect ? { connect: options.connect } : {}),
      ...(config.m365Export !== undefined ? { m365Export: { file: config.m365Export, label: options.m365Export ?? config.m365Export } } : {}),
      ...(config.cpanelUrl !== undefined ? { cpanel: { url: config.cpanelUrl, user: config.cpanelUser, token: process.env[CPANEL_TOKEN_ENV] } } : {}),
    }),
  );
  let source = liveSource(network, gatherers);
  if (config.authoritative) source = await withAuthoritative(source, name, network, options.authoritativePort);
  return checkReport({
    domain: name,
    input,
    checks,
    source,
    strict: config.strict ?? false,
    network,
    ...(options.signal ? { signal: options.signal } : {}),
    ...(options.onCheckStart ? { onCheckStart: options.onCheckStart } : {}),
    ...(options.onCheckDone ? { onCheckDone: options.onCheckDone } : {}),
  });
}
