// Runs checks concurrently over one context: isolates failures, enforces deadlines, fills the wording.
import type { AuthoritativeView } from '../dns/authoritative.js';
import { setMaxListeners } from 'node:events';
import { formatResult } from '../dns/format.js';
import type { DnsClient } from '../dns/types.js';
import type { PolicyFetcher } from '../mtasts/fetch.js';
import { NO_SMTP, type SmtpClient } from '../smtp/client.js';
import { LookupError } from './lookup.js';
import { ENGINE_MESSAGE_IDS, engineMessages } from './messages.js';
import { absentMessage, SOURCES, type SourceClients, type SourceName } from './sources.js';
import { fillTemplate } from './template.js';
import { STATUSES, type Check, type CheckContext, type CheckInput, type Finding, type Verdict } from './types.js';

export interface RunChecksOptions {
  domain: string;
  input: CheckInput;
  dns: DnsClient;
  /** Absent: no check may open an SMTP connection (--no-smtp, or a run without SMTP). */
  smtp?: SmtpClient;
  checks: readonly Check[];
  /** The MTA-STS policy fetch (HTTPS); absent under --replay: mtasts.policy then skips. */
  fetchPolicy?: PolicyFetcher;
  /** The run's other sources by name (src/engine/sources.ts); `smtp` and `fetchPolicy` above are the same as `smtp`/`https` here. */
  sources?: Partial<SourceClients>;
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

/** A message or remedy key the check's own meta defines (own keys only: "constructor" is no template). */
function defines(templates: Record<string, string> | undefined, key: unknown): key is string {
  return typeof key === 'string' && templates !== undefined && Object.hasOwn(templates, key) && typeof templates[key] === 'string';
}

/** Why a verdict cannot be turned into a finding (a plugin's mistake; built-in checks are held to their keys by the compiler). */
function verdictProblem(check: Check, verdict: Verdict): Finding | undefined {
  const base = { id: check.meta.id, status: 'error' as const, title: check.meta.title, evidence: {}, remedy: engineMessages.checkBugRemedy };
  if (typeof verdict !== 'object' || verdict === null || !STATUSES.includes(verdict.status)) {
    const why = typeof verdict === 'object' && verdict !== null ? `status ${JSON.stringify(verdict.status) ?? 'missing'} is not one of ${STATUSES.join(', ')}` : 'not an object';
    return { ...base, message: engineMessages.badVerdict(why), messageId: ENGINE_MESSAGE_IDS.badVerdict };
  }
  // The report's contract: a remedy on every warn, fail and error. A plugin is held to it here; the built-in checks by their tests.
  if (check.plugin !== undefined && verdict.status !== 'pass' && verdict.status !== 'skip' && verdict.remedy === undefined) {
    return { ...base, message: engineMessages.badVerdict(`a ${verdict.status} must name a remedy of its meta.remedies`), messageId: ENGINE_MESSAGE_IDS.badVerdict };
  }
  for (const part of [verdict, ...(Array.isArray(verdict.more) ? verdict.more : [])]) {
    if (!defines(check.meta.messages, part.message)) {
      return { ...base, message: engineMessages.unknownMessage('message', String(part.message)), messageId: ENGINE_MESSAGE_IDS.unknownMessage, evidence: { key: String(part.message) } };
    }
    if (part.remedy !== undefined && !defines(check.meta.remedies, part.remedy)) {
      return { ...base, message: engineMessages.unknownMessage('remedy', String(part.remedy)), messageId: ENGINE_MESSAGE_IDS.unknownMessage, evidence: { key: String(part.remedy) } };
    }
  }
  return undefined;
}

/** Fill each piece's template from its own data; a sentence said by several pieces is said once. */
function told(templates: Record<string, string> | undefined, pieces: readonly { key?: string | undefined; data?: Verdict['data'] }[]): string | undefined {
  const texts = pieces.flatMap((p) => (p.key === undefined ? [] : [fillTemplate(templates?.[p.key] ?? '', p.data)]));
  return texts.length === 0 ? undefined : [...new Set(texts)].join(' ').trim();
}

/** Turn a verdict into a finding: look up the templates in the check's meta and fill them. */
export function toFinding(check: Check, verdict: Verdict): Finding {
  const problem = verdictProblem(check, verdict);
  if (problem) return problem;
  const { meta } = check;
  const pieces = [{ message: verdict.message, remedy: verdict.remedy, data: verdict.data }, ...(verdict.more ?? [])];
  const ids = [...new Set(pieces.map((p) => p.message))];
  const finding: Finding = {
    id: meta.id,
    status: verdict.status,
    title: meta.title,
    message: told(meta.messages, pieces.map((p) => ({ key: p.message, data: p.data })))!,
    messageId: verdict.message,
    ...(ids.length > 1 ? { messageIds: ids } : {}),
    evidence: verdict.evidence ?? {},
  };
  const remedy = told(meta.remedies, pieces.map((p) => ({ key: p.remedy, data: p.data })));
  if (remedy !== undefined) finding.remedy = remedy;
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
      messageId: ENGINE_MESSAGE_IDS.lookupFailed,
      evidence: { lookup: err.result },
      observed: formatResult(err.result).split('\n'),
      remedy: engineMessages.lookupRemedy,
    };
  }
  if (err instanceof CheckTimeout) {
    return { ...base, message: engineMessages.timedOut(timeoutMs), messageId: ENGINE_MESSAGE_IDS.timedOut, evidence: {}, remedy: engineMessages.timedOutRemedy };
  }
  const reason = err instanceof Error ? err.message : String(err);
  const remedy = check.plugin === undefined ? engineMessages.crashedRemedy : engineMessages.pluginCrashedRemedy(check.plugin);
  return { ...base, message: engineMessages.crashed(reason), messageId: ENGINE_MESSAGE_IDS.crashed, evidence: { error: reason }, remedy };
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

/**
 * Whether the run lacks a source. SMTP is turned off by the input (--no-smtp, kept in the evidence so a
 * replay skips the same checks); every other source is absent when the run was not given its client.
 */
function isAbsent(name: SourceName | string, sources: Partial<SourceClients>, input: CheckInput): name is SourceName {
  if (name === 'smtp') return input.noSmtp === true;
  return Object.hasOwn(SOURCES, name) && sources[name as SourceName] === undefined;
}

/** Run every check concurrently; findings come back in the order of `checks` (the registry's order). */
export async function runChecks(options: RunChecksOptions): Promise<Finding[]> {
  const memo = new Map<string, Promise<unknown>>();
  const runSignal = options.signal ?? new AbortController().signal;
  // Every check listens to the run's signal (to stop with it): one listener per check is expected, not a leak.
  setMaxListeners(0, runSignal);
  const sources: Partial<SourceClients> = {
    ...(options.smtp ? { smtp: options.smtp } : {}),
    ...(options.fetchPolicy ? { https: options.fetchPolicy } : {}),
    ...options.sources,
  };
  const ctx: CheckContext = {
    domain: options.domain,
    input: options.input,
    dns: options.dns,
    smtp: sources.smtp ?? NO_SMTP,
    ...(sources.https ? { fetchPolicy: sources.https } : {}),
    sources,
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
      // Every missing source is named (a check needing the export and cPanel names both options), in meta.needs order.
      const absent = [...new Set((check.meta.needs ?? []).filter((name) => isAbsent(name, sources, options.input)))];
      if (absent.length > 0) {
        const ids = absent.map((name) => ENGINE_MESSAGE_IDS.needs(name));
        const finding: Finding = {
          id: check.meta.id,
          status: 'skip',
          title: check.meta.title,
          message: absentMessage(absent),
          messageId: ids[0]!,
          ...(ids.length > 1 ? { messageIds: ids } : {}),
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
