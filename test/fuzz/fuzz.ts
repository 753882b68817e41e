// The DNS fuzzer: every iteration runs the whole check registry against a loopback server that mutates its answers, then judges the run.
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { ALL_CHECKS } from '../../src/checks/index.js';
import { flowMapOf } from '../../src/checks/flows.js';
import { checkDeadline as coreCheckDeadline } from '../../src/core/run-domain.js';
import { createResolver } from '../../src/dns/resolver.js';
import type { DnsClient, RRType } from '../../src/dns/types.js';
import { buildReport } from '../../src/engine/report.js';
import { runChecks } from '../../src/engine/run.js';
import { STATUSES, type Check, type Finding, type Status } from '../../src/engine/types.js';
import { startDnsServer, type DnsHandler, type DnsServerOptions } from '../../src/testbed/dns-server.js';
import { VERSION } from '../../src/version.js';
import { CHAIN_LABEL, chainReply, mutate, MUTATIONS, type MutationKind } from './mutations.js';
import { dnsResultProblems, findingProblems, renderProblems, verdictProblems, type Problem } from './oracle.js';
import { hashString, mix, Rng } from './prng.js';
import { makeKeys, makeWorld, type Keys } from './world.js';

export interface FuzzOptions {
  seed: number;
  iterations: number;
  /** Iterations in flight at once (each with its own server and resolver). */
  concurrency: number;
  /** DNS timeout per attempt, ms. */
  timeoutMs: number;
  retries: number;
  /** Run only this iteration (of `seed`): the reproduction of a failure. */
  only?: number;
  /** Restrict the mutations drawn. */
  kinds?: readonly MutationKind[];
  /** Fail when the heap after GC grows this much over the baseline. */
  heapLimitMb: number;
  /** Sample the heap after every this many iterations. */
  sampleEvery: number;
  /** Fail a run that sends more DNS queries than this (a loop over untrusted data that is not bounded). */
  maxQueries: number;
  /** Watchdog per iteration, ms; default: the engine's check deadline plus 2 s. */
  watchdogMs?: number;
  verbose: boolean;
  log: (line: string) => void;
  /** Run only the iterations i with i % count === index (one worker thread's share). */
  shard?: { index: number; count: number };
  /** Called after every iteration (a worker reports to the main thread with it). */
  onProgress?: (done: number, failures: number) => void;
}

export interface Failure {
  iteration: number;
  problems: Problem[];
  world: string;
  plan: string;
  trace: string[];
}

export interface FuzzSummary {
  seed: number;
  iterations: number;
  elapsedMs: number;
  runsPerSecond: number;
  statuses: Record<Status, number>;
  /** Replies mutated, by kind. */
  mutations: Record<string, number>;
  queries: { total: number; max: number };
  /** Findings where the engine stopped a check at its deadline. */
  deadlines: number;
  slowestMs: number;
  slowestIteration: number;
  /** Event-loop delay while fuzzing: near the DNS timeout, timeouts would come from load, not from the mutations. */
  eventLoop: { p99Ms: number; maxMs: number };
  /** After GC with nothing in flight (what runs leave behind), and the largest heap seen between runs without GC (the working set). */
  heap: { sampled: boolean; baselineMb: number; peakMb: number; finalMb: number; limitMb: number; workingSetMb: number };
  failures: Failure[];
  failureCount: number;
}

export const DEFAULTS = {
  seed: undefined as number | undefined,
  iterations: 10_000,
  concurrency: 4,
  timeoutMs: 75,
  retries: 0,
  heapLimitMb: 50,
  sampleEvery: 500,
  // A 64 KB MX answer over TCP holds some 3,600 targets and mx.targets-resolve asks A and AAAA of each: more is a loop no packet bounds.
  maxQueries: 8000,
} as const;

interface Plan {
  kinds: readonly MutationKind[];
  rate: number;
  server: Partial<DnsServerOptions>;
  summary: string;
}

function makePlan(rng: Rng, options: FuzzOptions): Plan {
  const pool = options.kinds && options.kinds.length > 0 ? options.kinds : MUTATIONS;
  const kinds = rng.sample(pool, rng.range(1, 3));
  // Some runs are clean, so the checks also reach their real verdicts; most corrupt a share of the replies.
  const rate = rng.pick([0, 0.05, 0.15, 0.3, 0.3, 0.6, 1]);
  const server: Partial<DnsServerOptions> = {};
  const notes: string[] = [];
  if (rng.chance(0.1)) {
    server.tcpChunkSize = rng.range(1, 48);
    server.tcpChunkDelayMs = rng.range(1, 20);
    server.truncateUdp = rng.chance(0.7);
    notes.push(`tcp drip ${server.tcpChunkSize} octets / ${server.tcpChunkDelayMs} ms${server.truncateUdp ? ', udp always truncated' : ''}`);
  } else if (rng.chance(0.08)) {
    server.truncateUdp = true;
    notes.push('udp always truncated');
  }
  if (rng.chance(0.04)) {
    server.tcp = false;
    notes.push('no tcp');
  }
  if (rng.chance(0.05)) {
    server.latencyMs = rng.int(options.timeoutMs + 10);
    notes.push(`latency ${server.latencyMs} ms`);
  }
  if (rng.chance(0.1)) {
    server.recursive = false;
    notes.push('authoritative mode');
  }
  return { kinds, rate, server, summary: [`${kinds.join('+')} at ${rate}`, ...notes].join(', ') };
}

/** Check deadline as every run sets it (src/core/run-domain.ts): the per-step budget eight times over, plus 2 s. */
function checkDeadline(options: FuzzOptions): number {
  return coreCheckDeadline(options);
}

interface IterationResult {
  problems: Problem[];
  findings: Finding[];
  queries: number;
  deadlines: number;
  elapsedMs: number;
  world: string;
  plan: string;
  trace: string[];
  mutations: Map<string, number>;
}

const TRACE_LIMIT = 60;
/** Pause before a heap sample, with nothing in flight, so the last runs finish unwinding. */
const SETTLE_MS = 300;

async function runIteration(iteration: number, options: FuzzOptions, keys: Keys): Promise<IterationResult> {
  const iterationSeed = mix(options.seed, iteration);
  const rng = new Rng(iterationSeed);
  const world = makeWorld(rng.fork(1), keys);
  const plan = makePlan(rng.fork(2), options);
  const problems: Problem[] = [];
  const trace: string[] = [];
  const mutations = new Map<string, number>();
  const asked = new Map<string, number>();
  const chainSuffix = `.${CHAIN_LABEL}.${world.domain}`;

  const handler: DnsHandler = (query, transport, _rinfo, helpers) => {
    const q = query.questions[0];
    const name = (q?.name ?? '').toLowerCase();
    const key = `${transport} ${q?.type ?? '?'} ${name}`;
    const n = (asked.get(key) ?? 0) + 1;
    asked.set(key, n);
    // One generator per (question, transport, n-th time): the same mutation whatever order queries arrive in.
    const qrng = new Rng(mix(iterationSeed, hashString(`${key} ${n}`)));
    const chain = name.endsWith(chainSuffix) ? chainReply(qrng, query, world.domain) : undefined;
    if (!qrng.chance(plan.rate)) return chain;
    const kind = qrng.pick(plan.kinds);
    const reply = chain ?? helpers.defaultResponse();
    const mutated = mutate(kind, { rng: qrng, query, transport, reply, domain: world.domain, timeoutMs: options.timeoutMs });
    mutations.set(kind, (mutations.get(kind) ?? 0) + 1);
    if (trace.length < TRACE_LIMIT) trace.push(`${key} #${n}: ${kind} (${mutated.variant})`);
    return mutated.result;
  };

  const server = await startDnsServer({ zone: world.zone, handler, ...plan.server });
  const controller = new AbortController();
  const checkTimeoutMs = checkDeadline(options);
  const watchdogMs = options.watchdogMs ?? checkTimeoutMs + 2000;
  const started = performance.now();
  let findings: Finding[] = [];
  let deadlines = 0;
  try {
    const resolver = createResolver({ servers: [server.address], timeoutMs: options.timeoutMs, retries: options.retries, signal: controller.signal });
    const dns: DnsClient = {
      async query(name, type: RRType, queryOptions) {
        const result = await resolver.query(name, type, queryOptions);
        problems.push(...dnsResultProblems(type, result));
        return result;
      },
    };
    // Each check's verdict is judged before the engine fills its wording: unknown keys and unfilled placeholders show here.
    const checks: Check[] = ALL_CHECKS.map((check) => ({
      meta: check.meta,
      async run(ctx) {
        const verdict = await check.run(ctx);
        problems.push(...verdictProblems(check, verdict));
        return verdict;
      },
    }));
    const run = runChecks({ domain: world.domain, input: world.input, dns, checks, now: new Date(), signal: controller.signal, checkTimeoutMs });
    let timer: NodeJS.Timeout | undefined;
    const watchdog = new Promise<'watchdog'>((resolve) => {
      timer = setTimeout(() => resolve('watchdog'), watchdogMs);
    });
    const outcome = await Promise.race([run, watchdog]).finally(() => clearTimeout(timer));
    if (outcome === 'watchdog') {
      problems.push({ kind: 'watchdog', detail: `the run did not finish within ${watchdogMs} ms (check deadline ${checkTimeoutMs} ms)` });
      controller.abort();
      const grace = await Promise.race([run.then(() => 'stopped' as const), new Promise<'stuck'>((resolve) => setTimeout(() => resolve('stuck'), 3000))]);
      if (grace === 'stuck') problems.push({ kind: 'watchdog', detail: 'the run did not stop within 3 s of being aborted' });
    } else {
      findings = outcome;
      const byId = new Map(ALL_CHECKS.map((c) => [c.meta.id, c]));
      if (findings.length !== ALL_CHECKS.length) problems.push({ kind: 'finding', detail: `${findings.length} findings for ${ALL_CHECKS.length} checks` });
      for (const f of findings) {
        const check = byId.get(f.id);
        if (!check) {
          problems.push({ kind: 'finding', detail: `a finding for an unknown check ${JSON.stringify(f.id)}` });
          continue;
        }
        const facts = findingProblems(check, f, world.input.noSmtp === true);
        problems.push(...facts.problems);
        if (facts.deadline) deadlines++;
      }
      const report = buildReport(findings, {
        version: VERSION,
        domain: world.domain,
        startedAt: new Date(),
        durationMs: Math.round(performance.now() - started),
        strict: false,
        input: { ...world.input },
        flowMap: flowMapOf(ALL_CHECKS),
      });
      problems.push(...renderProblems(report));
    }
  } catch (error) {
    problems.push({ kind: 'exception', detail: error instanceof Error ? (error.stack ?? error.message) : String(error) });
  } finally {
    controller.abort();
    await server.close();
  }
  const elapsedMs = performance.now() - started;
  for (const error of server.errors) if (error.startsWith('handler threw')) problems.push({ kind: 'harness', detail: error });
  if (server.queries.length > options.maxQueries) {
    problems.push({ kind: 'query-flood', detail: `${server.queries.length} DNS queries in one run (limit ${options.maxQueries})` });
  }
  return { problems, findings, queries: server.queries.length, deadlines, elapsedMs, world: world.summary, plan: plan.summary, trace, mutations };
}

function mb(bytes: number): number {
  return Math.round((bytes / 1024 / 1024) * 10) / 10;
}

function gc(): boolean {
  const collect = (globalThis as { gc?: () => void }).gc;
  if (typeof collect !== 'function') return false;
  collect();
  return true;
}

export async function runFuzz(options: FuzzOptions): Promise<FuzzSummary> {
  const keys = makeKeys();
  const shard = options.shard ?? { index: 0, count: 1 };
  const indices =
    options.only !== undefined
      ? [options.only]
      : Array.from({ length: options.iterations }, (_, i) => i).filter((i) => i % shard.count === shard.index);
  const statuses = Object.fromEntries(STATUSES.map((s) => [s, 0])) as Record<Status, number>;
  const mutations: Record<string, number> = Object.fromEntries(MUTATIONS.map((k) => [k, 0]));
  const failures: Failure[] = [];
  let failureCount = 0;
  let totalQueries = 0;
  let maxQueries = 0;
  let deadlines = 0;
  let slowestMs = 0;
  let slowestIteration = -1;
  let done = 0;
  const inFlight = new Set<number>();
  // Run-level failures (memory, escapes outside any iteration) are always kept, whatever came before them.
  const runLevel: Failure[] = [];
  const fail = (failure: Failure): void => {
    failureCount++;
    if (failure.iteration < 0) {
      if (runLevel.length < 10) runLevel.push(failure);
    } else if (failures.length < 50) failures.push(failure);
  };

  // Whatever escapes the engine and the servers is a failure of every iteration in flight.
  const onEscape = (kind: string) => (error: unknown) => {
    const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
    for (const iteration of inFlight.size > 0 ? inFlight : new Set([-1])) {
      fail({ iteration, problems: [{ kind, detail }], world: '', plan: '', trace: [] });
    }
  };
  const onException = onEscape('uncaught-exception');
  const onRejection = onEscape('unhandled-rejection');
  // A warning (MaxListenersExceeded, say) is printed on the user's terminal by the CLI: a failure too.
  const onWarning = onEscape('process-warning');
  process.on('uncaughtException', onException);
  process.on('unhandledRejection', onRejection);
  process.on('warning', onWarning);

  // The heap is sampled after a GC with no iteration in flight (the pool drains first), so the check measures
  // what runs leave behind; what one run holds while it runs is the working set, reported on its own.
  const sampled = gc();
  let baseline: number | undefined;
  let peak = 0;
  let last = 0;
  let workingSet = 0;
  let drain: { promise: Promise<void>; open: () => void } | undefined;
  const warmup = Math.min(1000, Math.max(options.sampleEvery, Math.floor(indices.length / 10)));
  // A leak stays: the heap must be over the limit at two samples in a row (or at the last one) to fail. Right
  // after a run that had hundreds of thousands of records in flight, one sample can catch what its last
  // timers and sockets still hold.
  let overBefore = false;
  const sample = (final = false): void => {
    if (!gc()) return;
    const used = process.memoryUsage().heapUsed;
    peak = Math.max(peak, used);
    last = used;
    if (baseline === undefined) {
      if (done >= warmup || indices.length <= warmup) baseline = used;
      return;
    }
    const over = used - baseline > options.heapLimitMb * 1024 * 1024;
    const persistent = over && (overBefore || final);
    overBefore = over;
    if (persistent) {
      fail({
        iteration: -1,
        problems: [{ kind: 'memory', detail: `heap after GC ${mb(used)} MB after ${done} iterations, ${mb(used - baseline)} MB over the baseline of ${mb(baseline)} MB` }],
        world: '',
        plan: '',
        trace: [],
      });
    }
  };

  const lag = monitorEventLoopDelay({ resolution: 10 });
  lag.enable();
  const started = performance.now();
  let next = 0;
  const progressEvery = Math.max(1, Math.floor(indices.length / 10));
  const worker = async (): Promise<void> => {
    for (;;) {
      while (drain) await drain.promise;
      const slot = next++;
      if (slot >= indices.length) return;
      const iteration = indices[slot] ?? 0;
      inFlight.add(iteration);
      const result = await runIteration(iteration, options, keys);
      inFlight.delete(iteration);
      done++;
      for (const f of result.findings) statuses[f.status]++;
      for (const [kind, count] of result.mutations) mutations[kind] = (mutations[kind] ?? 0) + count;
      totalQueries += result.queries;
      maxQueries = Math.max(maxQueries, result.queries);
      deadlines += result.deadlines;
      if (result.elapsedMs > slowestMs) {
        slowestMs = result.elapsedMs;
        slowestIteration = iteration;
      }
      if (result.problems.length > 0) {
        fail({ iteration, problems: result.problems, world: result.world, plan: result.plan, trace: result.trace });
      }
      if (options.verbose) {
        const counts = STATUSES.map((s) => `${result.findings.filter((f) => f.status === s).length} ${s}`).join(' ');
        options.log(`#${iteration} ${Math.round(result.elapsedMs)} ms, ${result.queries} queries, ${counts} | ${result.world} | ${result.plan}`);
        for (const line of result.trace) options.log(`    ${line}`);
        for (const f of result.findings) options.log(`    = ${f.id} ${f.status}: ${JSON.stringify(f.message.slice(0, 200))}`);
        for (const p of result.problems) options.log(`    PROBLEM ${p.kind}: ${p.detail}`);
      }
      workingSet = Math.max(workingSet, process.memoryUsage().heapUsed);
      if (done % options.sampleEvery === 0 && !drain) {
        let open = (): void => undefined;
        const promise = new Promise<void>((resolve) => (open = resolve));
        drain = { promise, open };
      }
      if (drain && inFlight.size === 0) {
        // Runs that ended at a deadline may still be unwinding (aborted lookups, late replies): let them go first.
        await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
        sample();
        const opened = drain;
        drain = undefined;
        opened.open();
      }
      options.onProgress?.(done, failureCount);
      if (!options.onProgress && !options.verbose && done % progressEvery === 0 && indices.length >= 100) {
        const seconds = (performance.now() - started) / 1000;
        options.log(`  ${done}/${indices.length}  ${(done / seconds).toFixed(1)} runs/s  heap ${mb(process.memoryUsage().heapUsed)} MB  failures ${failureCount}`);
      }
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.max(1, Math.min(options.concurrency, indices.length)) }, () => worker()));
  } finally {
    process.off('uncaughtException', onException);
    process.off('unhandledRejection', onRejection);
    process.off('warning', onWarning);
  }
  lag.disable();
  await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
  sample(true);
  const elapsedMs = performance.now() - started;
  return {
    seed: options.seed,
    iterations: indices.length,
    elapsedMs,
    runsPerSecond: indices.length / (elapsedMs / 1000),
    statuses,
    mutations,
    queries: { total: totalQueries, max: maxQueries },
    deadlines,
    slowestMs,
    slowestIteration,
    eventLoop: { p99Ms: Math.round(lag.percentile(99) / 1e6), maxMs: Math.round(lag.max / 1e6) },
    heap: { sampled, baselineMb: mb(baseline ?? 0), peakMb: mb(peak), finalMb: mb(last), limitMb: options.heapLimitMb, workingSetMb: mb(workingSet) },
    failures: [...runLevel, ...failures],
    failureCount,
  };
}

/** One summary from the summaries of the worker threads that shared the iterations (run side by side). */
export function mergeSummaries(parts: readonly FuzzSummary[], elapsedMs: number): FuzzSummary {
  const first = parts[0];
  if (!first) throw new RangeError('no summaries to merge');
  const statuses = Object.fromEntries(STATUSES.map((k) => [k, parts.reduce((n, p) => n + p.statuses[k], 0)])) as Record<Status, number>;
  const mutations: Record<string, number> = {};
  for (const p of parts) for (const [k, n] of Object.entries(p.mutations)) mutations[k] = (mutations[k] ?? 0) + n;
  const iterations = parts.reduce((n, p) => n + p.iterations, 0);
  return {
    seed: first.seed,
    iterations,
    elapsedMs,
    runsPerSecond: iterations / (elapsedMs / 1000),
    statuses,
    mutations,
    queries: { total: parts.reduce((n, p) => n + p.queries.total, 0), max: Math.max(...parts.map((p) => p.queries.max)) },
    deadlines: parts.reduce((n, p) => n + p.deadlines, 0),
    slowestMs: Math.max(...parts.map((p) => p.slowestMs)),
    slowestIteration: [...parts].sort((a, b) => b.slowestMs - a.slowestMs)[0]?.slowestIteration ?? -1,
    eventLoop: { p99Ms: Math.max(...parts.map((p) => p.eventLoop.p99Ms)), maxMs: Math.max(...parts.map((p) => p.eventLoop.maxMs)) },
    heap: {
      sampled: parts.every((p) => p.heap.sampled),
      baselineMb: Math.max(...parts.map((p) => p.heap.baselineMb)),
      peakMb: Math.max(...parts.map((p) => p.heap.peakMb)),
      finalMb: Math.max(...parts.map((p) => p.heap.finalMb)),
      limitMb: first.heap.limitMb,
      workingSetMb: Math.max(...parts.map((p) => p.heap.workingSetMb)),
    },
    failures: [
      ...parts.flatMap((p) => p.failures.filter((f) => f.iteration < 0)),
      ...parts.flatMap((p) => p.failures.filter((f) => f.iteration >= 0)).sort((a, b) => a.iteration - b.iteration).slice(0, 50),
    ],
    failureCount: parts.reduce((n, p) => n + p.failureCount, 0),
  };
}

/** The summary as printed at the end of `npm run fuzz`. */
export function formatSummary(s: FuzzSummary, options: Pick<FuzzOptions, 'only'>): string[] {
  const lines: string[] = [];
  const total = Object.values(s.statuses).reduce((a, b) => a + b, 0);
  lines.push('');
  lines.push(`iterations: ${s.iterations}   seed: ${s.seed}   time: ${(s.elapsedMs / 1000).toFixed(1)} s   ${s.runsPerSecond.toFixed(1)} runs/s`);
  lines.push(`findings: ${total}  ${STATUSES.map((k) => `${k} ${s.statuses[k]} (${total ? ((100 * s.statuses[k]) / total).toFixed(1) : 0}%)`).join(' · ')}`);
  const mutated = Object.entries(s.mutations).filter(([, n]) => n > 0);
  lines.push(`mutated replies: ${mutated.reduce((a, [, n]) => a + n, 0)}  ${mutated.map(([k, n]) => `${k} ${n}`).join(' · ')}`);
  lines.push(`DNS queries: ${s.queries.total} (${(s.queries.total / Math.max(1, s.iterations)).toFixed(1)} per run, at most ${s.queries.max})   slowest run: ${Math.round(s.slowestMs)} ms (#${s.slowestIteration})   check deadlines hit: ${s.deadlines}`);
  lines.push(`event-loop delay: p99 ${s.eventLoop.p99Ms} ms, max ${s.eventLoop.maxMs} ms`);
  lines.push(
    s.heap.sampled
      ? `heap after GC between runs (per thread): baseline ${s.heap.baselineMb} MB, peak ${s.heap.peakMb} MB, at the end ${s.heap.finalMb} MB (limit: baseline + ${s.heap.limitMb} MB); largest working heap ${s.heap.workingSetMb} MB`
      : 'heap: not sampled (run with node --expose-gc; npm run fuzz does)',
  );
  lines.push(`failures: ${s.failureCount}${s.failureCount > s.failures.length ? ` (the first ${s.failures.length} shown)` : ''}`);
  for (const f of s.failures) {
    lines.push('');
    lines.push(`  iteration ${f.iteration}${f.world ? `: ${f.world}` : ''}`);
    if (f.plan) lines.push(`    mutations: ${f.plan}`);
    const shown = new Set<string>();
    for (const p of f.problems) {
      const line = `    ${p.kind}: ${p.detail.split('\n').slice(0, 6).join('\n      ')}`;
      if (shown.has(line) || shown.size >= 12) continue;
      shown.add(line);
      lines.push(line);
    }
    for (const t of f.trace.slice(0, 12)) lines.push(`      ${t}`);
    if (f.trace.length > 12) lines.push(`      ... ${f.trace.length - 12} more mutated replies`);
    if (f.iteration >= 0 && options.only === undefined) lines.push(`    reproduce: npm run fuzz -- --seed ${s.seed} --only ${f.iteration} --verbose`);
  }
  return lines;
}
