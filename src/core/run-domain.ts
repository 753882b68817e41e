// Runs the checks of one domain over its sources and builds the contract's report: no argv, no terminal, no rendering.
import { flowMapOf } from '../checks/flows.js';
import { buildReport } from '../engine/report.js';
import { runChecks } from '../engine/run.js';
import type { Check, CheckInput, Finding, Report } from '../engine/types.js';
import { VERSION } from '../version.js';
import { authoritativeSummary } from './sources/dns.js';
import type { Source } from './sources/index.js';

/** What the caller hears while the checks run (the CLI turns it into a spinner). */
export interface RunHooks {
  onCheckStart?: (check: Check) => void;
  onCheckDone?: (finding: Finding) => void;
}

/** What one domain's check needs; shared by the single run, many domains, `demo` and the library. */
export interface DomainCheck extends RunHooks {
  domain: string;
  input: CheckInput;
  checks: readonly Check[];
  source: Source;
  strict: boolean;
  /** Per-attempt timeout and retries: the check deadline is derived from them. */
  network: { timeoutMs: number; retries: number };
  signal?: AbortSignal;
}

/**
 * A safety net per check above the per-step timeouts: a check makes a few dependent lookups
 * (e.g. MX, then each target's A/AAAA, CNAME hops) and, later, SMTP steps, each bounded on its own.
 */
export function checkDeadline(network: { timeoutMs: number; retries: number }): number {
  return network.timeoutMs * (network.retries + 1) * 8 + 2000;
}

/** Run the checks of one domain and build its report (no rendering, no evidence). */
export async function checkReport(run: DomainCheck): Promise<Report> {
  const started = performance.now();
  const { smtp, https } = run.source.clients;
  const findings = await runChecks({
    domain: run.domain,
    input: run.input,
    dns: run.source.dns,
    ...(smtp ? { smtp } : {}),
    ...(https ? { fetchPolicy: https } : {}),
    sources: run.source.clients,
    checks: run.checks,
    ...(run.source.authoritative ? { authoritative: run.source.authoritative } : {}),
    now: run.source.now,
    checkTimeoutMs: checkDeadline(run.network),
    ...(run.signal ? { signal: run.signal } : {}),
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
    flowMap: flowMapOf(run.checks),
  });
}
