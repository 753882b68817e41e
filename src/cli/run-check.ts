// The full-check pipeline shared by `splitcheck <domain>`, `--replay` and `demo`: ask, record, judge, render.
import { connectAuthoritative, viewFromEvidence, type AuthoritativeEvidence, type AuthoritativeView } from '../dns/authoritative.js';
import { createReplayClient } from '../dns/replay.js';
import { createResolver } from '../dns/resolver.js';
import { formatServer } from '../dns/servers.js';
import type { DnsClient, DnsExchange, DnsResult } from '../dns/types.js';
import { createReplaySmtpClient, createSmtpClient, type RecordingSmtpClient, type SmtpClient } from '../smtp/client.js';
import type { SmtpConnectHook } from '../smtp/types.js';
import { createPolicyFetcher, type PolicyFetcher } from '../mtasts/fetch.js';
import { buildReport } from '../engine/report.js';
import { runChecks } from '../engine/run.js';
import type { Check, CheckInput, Finding, Report } from '../engine/types.js';
import { EVIDENCE_KIND, writeEvidence, type EvidenceFile } from '../evidence/file.js';
import { FORMATS } from '../report/formats.js';
import { ndjsonLine } from '../report/many.js';
import { wantsColor } from '../report/style.js';
import { plural } from '../util/text.js';
import { VERSION } from '../version.js';
import type { Io } from './io.js';
import type { Format, NetworkSettings } from './settings.js';
import { startProgress } from './progress.js';
import { UsageError } from './usage-error.js';

export interface Source {
  dns: DnsClient;
  /** Absent when the run opens no SMTP connection. */
  smtp?: SmtpClient;
  /** The MTA-STS policy fetch over HTTPS; absent under --replay (not recorded in the evidence). */
  fetchPolicy?: PolicyFetcher;
  /** Where answers come from, for the report's subtitle and the evidence. */
  resolvers: string[];
  now: Date;
  replayed: boolean;
  /** The live resolver's record of the run, for --save-evidence. */
  record?: { lookups(): DnsResult[]; exchanges: readonly DnsExchange[] };
  smtpRecord?: RecordingSmtpClient;
  /** `--authoritative`: the zone's servers, for the checks (ctx.authoritative) and the report. */
  authoritative?: AuthoritativeView;
  /** The live authoritative clients' record of the run, for --save-evidence. */
  authoritativeRecord?: { evidence(): AuthoritativeEvidence };
}

export interface LiveSmtpSettings {
  /** False: no SMTP client at all (--no-smtp). */
  smtp: boolean;
  extraCa?: string[];
  /** `--helo`: the EHLO name (default: the machine's FQDN, else an address literal; src/smtp/helo-name.ts). */
  heloName?: string;
  /** Where to really connect (the demo routes port 25 to loopback servers). */
  connect?: SmtpConnectHook;
  /** Test-only: where to really connect for https://mta-sts.<domain> (SPLITCHECK_TEST_HTTPS_ROUTES). */
  httpsConnect?: SmtpConnectHook;
}

/** The MTA-STS policy fetcher of a live run: the run's timeout and the same trust as the SMTP probes (--ca-file). */
export function livePolicyFetcher(timeoutMs: number, smtp: LiveSmtpSettings): PolicyFetcher {
  return createPolicyFetcher({
    timeoutMs,
    ...(smtp.extraCa ? { extraCa: smtp.extraCa } : {}),
    ...(smtp.httpsConnect ? { connect: smtp.httpsConnect } : {}),
  });
}

/** Answers from the network through the one resolver and the one SMTP probe, recording everything. */
export function liveSource(network: NetworkSettings, smtp: LiveSmtpSettings = { smtp: true }): Source {
  const resolver = createResolver({ servers: network.servers, timeoutMs: network.timeoutMs, retries: network.retries });
  const source: Source = {
    dns: resolver,
    fetchPolicy: livePolicyFetcher(network.timeoutMs, smtp),
    resolvers: network.servers.map(formatServer),
    now: new Date(),
    replayed: false,
    record: resolver,
  };
  if (smtp.smtp) {
    const client = createSmtpClient({
      timeoutMs: network.timeoutMs,
      ...(smtp.extraCa ? { extraCa: smtp.extraCa } : {}),
      ...(smtp.heloName ? { heloName: smtp.heloName } : {}),
      ...(smtp.connect ? { connect: smtp.connect } : {}),
    });
    source.smtp = client;
    source.smtpRecord = client;
  }
  return source;
}

/**
 * `--authoritative`: finds the domain's zone and name servers with the source's recursive resolver, then
 * gives the checks the authoritative-first client (or, when no server can be used, the recursive one, and
 * the view says why). Never throws for network reasons.
 */
export async function withAuthoritative(
  source: Source,
  domain: string,
  network: { timeoutMs: number; retries: number },
  /** Test-only port override for name-server addresses (SPLITCHECK_TEST_AUTH_PORT); default 53. */
  port?: (host: string) => number,
): Promise<Source> {
  const setup = await connectAuthoritative(domain, source.dns, { timeoutMs: network.timeoutMs, retries: network.retries, ...(port ? { port } : {}) });
  const recursive = source.record;
  const out: Source = { ...source, dns: setup.dns, authoritative: setup.view, authoritativeRecord: setup };
  if (recursive) {
    out.record = {
      // What the checks asked: the authoritative-first client's results, or the recursive resolver's when it served them.
      lookups: () => setup.lookups() ?? recursive.lookups(),
      get exchanges() {
        return recursive.exchanges;
      },
    };
  }
  return out;
}

/** Answers from a saved evidence file, judged as of the moment it was recorded. */
export function replaySource(evidence: EvidenceFile): Source {
  const source: Source = {
    dns: createReplayClient(evidence.dns.lookups),
    smtp: createReplaySmtpClient(evidence.smtp?.probes ?? []),
    resolvers: evidence.resolvers,
    now: new Date(evidence.startedAt),
    replayed: true,
  };
  if (evidence.authoritative) source.authoritative = viewFromEvidence(evidence.authoritative);
  return source;
}

/** One phrase for the subtitle and the report's input: where the answers came from under --authoritative. */
export function authoritativeSummary(view: AuthoritativeView): { zone?: string; servers: string[]; fallback?: string } {
  return {
    ...(view.zone === undefined ? {} : { zone: view.zone }),
    servers: view.servers.map((s) => s.label),
    ...(view.fallback === undefined ? {} : { fallback: view.fallback }),
  };
}

function authoritativeNote(view: AuthoritativeView): string {
  if (view.fallback !== undefined) return ` · --authoritative: ${view.fallback}; the checks judged the recursive answers`;
  return ` · authoritative answers from the ${view.servers.length === 1 ? 'name server' : `${view.servers.length} name-server addresses`} of ${view.zone ?? '?'}, newest serial first`;
}

/** What one domain's check needs; shared by the single run, many domains and `demo`. */
export interface DomainCheck {
  domain: string;
  input: CheckInput;
  checks: readonly Check[];
  source: Source;
  strict: boolean;
  /** Per-attempt timeout and retries: the check deadline is derived from them. */
  network: { timeoutMs: number; retries: number };
  onCheckStart?: (check: Check) => void;
  onCheckDone?: (finding: Finding) => void;
}

export interface CheckRun extends Omit<DomainCheck, 'onCheckStart' | 'onCheckDone'> {
  format: Format;
  color?: boolean;
  verbose?: boolean;
  saveEvidence?: string;
  subtitle?: string;
  /** Show progress on stderr even for machine formats: the report goes to a file (--output). */
  toFile?: boolean;
}

/**
 * A safety net per check above the per-step timeouts: a check makes a few dependent lookups
 * (e.g. MX, then each target's A/AAAA, CNAME hops) and, later, SMTP steps, each bounded on its own.
 */
function checkDeadline(network: { timeoutMs: number; retries: number }): number {
  return network.timeoutMs * (network.retries + 1) * 8 + 2000;
}

/** Run the checks of one domain and build its report (no rendering, no evidence). */
export async function checkReport(run: DomainCheck): Promise<Report> {
  const started = performance.now();
  const findings = await runChecks({
    domain: run.domain,
    input: run.input,
    dns: run.source.dns,
    ...(run.source.smtp ? { smtp: run.source.smtp } : {}),
    ...(run.source.fetchPolicy ? { fetchPolicy: run.source.fetchPolicy } : {}),
    checks: run.checks,
    ...(run.source.authoritative ? { authoritative: run.source.authoritative } : {}),
    now: run.source.now,
    checkTimeoutMs: checkDeadline(run.network),
    ...(run.onCheckStart ? { onCheckStart: run.onCheckStart } : {}),
    ...(run.onCheckDone ? { onCheckDone: run.onCheckDone } : {}),
  });
  return buildReport(findings, {
    version: VERSION,
    domain: run.domain,
    startedAt: run.source.now,
    durationMs: Math.round(performance.now() - started),
    strict: run.strict,
    input: {
      ...run.input,
      resolvers: run.source.resolvers,
      strict: run.strict,
      ...(run.source.authoritative ? { authoritative: authoritativeSummary(run.source.authoritative) } : {}),
    },
    replayed: run.source.replayed,
  });
}

/** Write everything the run asked and heard (--save-evidence). */
async function saveEvidence(path: string, run: CheckRun): Promise<void> {
  if (!run.source.record) throw new UsageError('this run has no live DNS record to save');
  const evidence: EvidenceFile = {
    kind: EVIDENCE_KIND,
    schemaVersion: 1,
    tool: { name: 'splitcheck', version: VERSION },
    domain: run.domain,
    startedAt: run.source.now.toISOString(),
    input: run.input,
    resolvers: run.source.resolvers,
    dns: { lookups: run.source.record.lookups(), exchanges: [...run.source.record.exchanges] },
  };
  const probes = run.source.smtpRecord?.exchanges() ?? [];
  if (probes.length > 0) evidence.smtp = { probes };
  if (run.source.authoritativeRecord) evidence.authoritative = run.source.authoritativeRecord.evidence();
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
  if (run.saveEvidence) await saveEvidence(run.saveEvidence, run);
  const authNote = run.source.authoritative ? authoritativeNote(run.source.authoritative) : '';
  const subtitle =
    run.subtitle ??
    (run.source.replayed
      ? `Replayed from saved evidence recorded ${report.startedAt} (resolvers then: ${run.source.resolvers.join(', ')})${authNote}`
      : `Asked ${run.source.resolvers.join(', ')}${authNote} · ${plural(run.checks.length, 'check')} · ${(report.durationMs / 1000).toFixed(1)} s`);
  const tty = io.stdout.isTTY === true && run.toFile !== true;
  const output =
    run.format === 'ndjson'
      ? ndjsonLine(report)
      : FORMATS[run.format](report, {
          // A report written to a file is never coloured; on stdout, only on a TTY without NO_COLOR.
          color: run.toFile ? run.color === true : wantsColor(io.stdout.isTTY, io.env, run.color),
          width: tty ? Math.min(io.stdout.columns ?? 100, 120) : 100,
          verbose: run.verbose ?? false,
          subtitle,
          strict: run.strict,
        });
  return { report, output };
}
