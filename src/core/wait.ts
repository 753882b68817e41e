// --wait: run again on a backoff until the outcome is settled or the time is up; the clock and the sleep are injected (tests need no real waiting).

/** What a run still waits for, in words, when it is not settled. */
export type Judgement = { settled: true } | { settled: false; waitingFor: string };

export interface WaitProgress {
  /** The attempt that just finished (1 for the first run). */
  attempt: number;
  waitingFor: string;
  /** How long until the next attempt, and how much of the budget is left after it starts. */
  nextInMs: number;
  leftMs: number;
}

export interface WaitOptions<T> {
  /** One full run (a fresh one each time: nothing cached between attempts). */
  run(attempt: number): Promise<T>;
  judge(outcome: T): Judgement;
  /** The budget from the first run's start; no attempt starts after it. */
  budgetMs: number;
  /** Milliseconds, monotonic (performance.now in the CLI). */
  clock(): number;
  /** Resolves after `ms`, or early when `signal` aborts. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
  onWait?(progress: WaitProgress): void;
  signal?: AbortSignal;
}

export interface WaitResult<T> {
  /** The last run's outcome: it stands, settled or not. */
  outcome: T;
  settled: boolean;
  attempts: number;
  elapsedMs: number;
  /** Why the last run did not settle (absent when it did). */
  waitingFor?: string;
  /** The wait was interrupted (the signal aborted). */
  interrupted?: boolean;
}

/** The first pause, and the most any pause may be: a DNS change reaches secondaries in seconds on NOTIFY, in up to the SOA refresh otherwise. */
const FIRST = { minMs: 250, maxMs: 5_000 };
const LONGEST_MS = 60_000;
const FACTOR = 1.5;

/** The pause after attempt `n` (1-based) of a wait of `budgetMs`: a twentieth of it at first (0.25-5 s), growing by half each time, at most a quarter of it (60 s). */
export function backoffMs(n: number, budgetMs: number): number {
  const first = Math.min(FIRST.maxMs, Math.max(FIRST.minMs, budgetMs / 20));
  const longest = Math.max(first, Math.min(LONGEST_MS, budgetMs / 4));
  return Math.round(Math.min(longest, first * FACTOR ** (n - 1)));
}

/**
 * Runs, judges, and while not settled pauses (never past the budget) and runs again. When the budget
 * ends during a pause, the pause is cut to end with it and one last run is made then, so the outcome
 * that stands is as recent as the budget allows. Never hides a failure: the last outcome is returned
 * whether or not it settled.
 */
export async function waitUntilSettled<T>(o: WaitOptions<T>): Promise<WaitResult<T>> {
  const start = o.clock();
  for (let attempt = 1; ; attempt++) {
    const outcome = await o.run(attempt);
    const verdict = o.judge(outcome);
    const elapsedMs = o.clock() - start;
    if (verdict.settled) return { outcome, settled: true, attempts: attempt, elapsedMs };
    const leftMs = o.budgetMs - elapsedMs;
    if (leftMs <= 0 || o.signal?.aborted) {
      return { outcome, settled: false, attempts: attempt, elapsedMs, waitingFor: verdict.waitingFor, ...(o.signal?.aborted ? { interrupted: true } : {}) };
    }
    const nextInMs = Math.min(backoffMs(attempt, o.budgetMs), leftMs);
    o.onWait?.({ attempt, waitingFor: verdict.waitingFor, nextInMs, leftMs: leftMs - nextInMs });
    await o.sleep(nextInMs, o.signal);
    if (o.signal?.aborted) {
      return { outcome, settled: false, attempts: attempt, elapsedMs: o.clock() - start, waitingFor: verdict.waitingFor, interrupted: true };
    }
  }
}

/** A real sleep that an abort ends early (the CLI's; tests pass a fake). */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });
}
