// Runs checks concurrently over one context: isolates failures, enforces deadlines, fills the wording.
import type { AuthoritativeView } from '../dns/authoritative.js';
import { setMaxListeners } from 'node:events';
import { formatResult } from '../dns/format.js';
import type { DnsClient } from '../dns/types.js';
import type { PolicyFetcher } from '../mtasts/fetch.js';
import { NO_SMTP, type SmtpClient } from '../smtp/client.js';
import { LookupError } from './lookup.js';
import { engineMessages } from './messages.js';
import { fillTemplate } from './template.js';
import type { Check, CheckContext, CheckInput, Finding, Verdict } from './types.js';

export interface RunChecksOptions {
  domain: string;
  input: CheckInput;
  dns: DnsClient;
  /** Absent: no check may open an SMTP connection (--no-smtp, or a run without SMTP). */
  smtp?: SmtpClient;
  checks: readonly Check[];
  /** The MTA-STS policy fetch (HTTPS); absent under --replay: mtasts.policy then skips. */
  fetchPolicy?: PolicyFetcher;
  /** `--authoritative`: the zone's servers, passed to the checks as `ctx.authoritative`. */
  authoritative?: AuthoritativeView;
  /** The run's clock (replay passes the recorded start). */
  now: Date;
  signal?: AbortSignal;
  /** Upper bound for one check, a safety net over the per-step network timeouts. */
  checkTimeoutMs: number;
  onCheckStart?(check: Check): void;
  onCheckDone?(finding: Finding): void;
}

class CheckTimeout extends Error {}

/** Most observed lines a finding shows; all of them stay in the evidence file. */
export const MAX_OBSERVED_LINES = 200;

function capLines(lines: string[]): string[] {
  if (lines.length <= MAX_OBSERVED_LINES) return lines;
  return [...lines.slice(0, MAX_OBSERVED_LINES), `... ${lines.length - MAX_OBSERVED_LINES} more lines (all of them in --save-evidence)`];
}

/** Turn a verdict into a finding: look up the templates in the check's meta and fill them. */
export function toFinding(check: Check, verdict: Verdict): Finding {
  const { meta } = check;
  const template = meta.messages[verdict.message];
  const finding: Finding = {
    id: meta.id,
    status: verdict.status,
    title: meta.title,
    message: template === undefined ? verdict.message : fillTemplate(template, verdict.data).trim(),
    evidence: verdict.evidence ?? {},
  };
  if (verdict.remedy !== undefined) {
    const remedy = meta.remedies?.[verdict.remedy];
    finding.remedy = remedy === undefined ? verdict.remedy : fillTemplate(remedy, verdict.data).trim();
  }
  if (verdict.observed && verdict.observed.length > 0) finding.observed = capLines(verdict.observed);
  return finding;
}

/** The finding for a check that threw: a lookup failure or a crash is `error`, never a verdict. */
function errorFinding(check: Check, err: unknown, timeoutMs: number): Finding {
  const base = { id: check.meta.id, status: 'error' as const, title: check.meta.title };
  if (err instanceof LookupError) {
    return {
      ...base,
      message: engineMessages.lookupFailed(err.result),
      evidence: { lookup: err.result },
      observed: formatResult(err.result).split('\n'),
      remedy: engineMessages.lookupRemedy,
    };
  }
  if (err instanceof CheckTimeout) {
    return { ...base, message: engineMessages.timedOut(timeoutMs), evidence: {}, remedy: engineMessages.timedOutRemedy };
  }
  const reason = err instanceof Error ? err.message : String(err);
  return { ...base, message: engineMessages.crashed(reason), evidence: { error: reason }, remedy: engineMessages.crashedRemedy };
}

/** Run one check with its own deadline; whatever happens, a finding comes back. */
async function runOne(check: Check, ctx: CheckContext, timeoutMs: number): Promise<Finding> {
  // The check's own signal, aborted by its deadline or by the run's. Not AbortSignal.any(): on Node 20 a
  // signal it makes that has an 'abort' listener is kept alive for good, and with it everything the
  // listener reaches — a leak of every check's state in a run over many domains.
  const controller = new AbortController();
  const signal = controller.signal;
  const forward = () => controller.abort();
  if (ctx.signal.aborted) controller.abort();
  else ctx.signal.addEventListener('abort', forward, { once: true });
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      // Settle the race first: aborting can make the check resolve synchronously with partial work.
      reject(new CheckTimeout());
      controller.abort();
    }, timeoutMs);
  });
  try {
    const verdict = await Promise.race([check.run({ ...ctx, signal }), deadline]);
    return toFinding(check, verdict);
  } catch (err) {
    return errorFinding(check, err, timeoutMs);
  } finally {
    clearTimeout(timer);
    ctx.signal.removeEventListener('abort', forward);
  }
}

/** Run every check concurrently; findings come back in the order of `checks` (the registry's order). */
export async function runChecks(options: RunChecksOptions): Promise<Finding[]> {
  const memo = new Map<string, Promise<unknown>>();
  const runSignal = options.signal ?? new AbortController().signal;
  // Every check listens to the run's signal (to stop with it): one listener per check is expected, not a leak.
  setMaxListeners(0, runSignal);
  const ctx: CheckContext = {
    domain: options.domain,
    input: options.input,
    dns: options.dns,
    smtp: options.smtp ?? NO_SMTP,
    ...(options.fetchPolicy ? { fetchPolicy: options.fetchPolicy } : {}),
    now: options.now,
    signal: runSignal,
    ...(options.authoritative ? { authoritative: options.authoritative } : {}),
    memo<T>(key: string, compute: () => Promise<T>): Promise<T> {
      let hit = memo.get(key) as Promise<T> | undefined;
      if (!hit) {
        hit = compute();
        memo.set(key, hit);
      }
      return hit;
    },
  };
  return Promise.all(
    options.checks.map(async (check) => {
      if (options.input.noSmtp && check.meta.needs?.includes('smtp')) {
        const finding: Finding = {
          id: check.meta.id,
          status: 'skip',
          title: check.meta.title,
          message: engineMessages.noSmtp,
          evidence: {},
        };
        options.onCheckDone?.(finding);
        return finding;
      }
      options.onCheckStart?.(check);
      const finding = await runOne(check, ctx, options.checkTimeoutMs);
      options.onCheckDone?.(finding);
      return finding;
    }),
  );
}
