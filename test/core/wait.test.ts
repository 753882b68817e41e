// The --wait loop on a fake clock: runs until settled, backs off, never sleeps past the budget, and the last outcome stands.
import { describe, expect, it } from 'vitest';
import { backoffMs, sleep, waitUntilSettled, type WaitProgress } from '../../src/core/wait.js';

/** A clock that only moves when the loop sleeps or a run takes time. */
function fakeTime(runMs: number) {
  let now = 1_000;
  const sleeps: number[] = [];
  return {
    clock: () => now,
    sleep: async (ms: number) => {
      sleeps.push(ms);
      now += ms;
    },
    advance: () => (now += runMs),
    sleeps,
    now: () => now,
  };
}

describe('waitUntilSettled', () => {
  it('runs again until the outcome settles, and returns that outcome', async () => {
    const t = fakeTime(2_000);
    const progress: WaitProgress[] = [];
    const result = await waitUntilSettled({
      run: async (n) => (t.advance(), n),
      judge: (n) => (n >= 3 ? { settled: true } : { settled: false, waitingFor: `attempt ${n} not yet` }),
      budgetMs: 900_000,
      clock: t.clock,
      sleep: t.sleep,
      onWait: (p) => progress.push(p),
    });
    expect(result).toMatchObject({ outcome: 3, settled: true, attempts: 3 });
    expect(result.waitingFor).toBeUndefined();
    expect(progress.map((p) => [p.attempt, p.waitingFor, p.nextInMs])).toEqual([
      [1, 'attempt 1 not yet', 5_000],
      [2, 'attempt 2 not yet', 7_500],
    ]);
    expect(result.elapsedMs).toBe(3 * 2_000 + 5_000 + 7_500);
  });

  it('never settling: the pauses stop at the budget, one last run is made there, and its outcome stands', async () => {
    const t = fakeTime(1_000);
    const started: number[] = [];
    const result = await waitUntilSettled({
      run: async (n) => (started.push(t.now() - 1_000), t.advance(), { exitCode: 1, n }),
      judge: () => ({ settled: false, waitingFor: 'ns2 at serial 1' }),
      budgetMs: 60_000,
      clock: t.clock,
      sleep: t.sleep,
    });
    expect(result.settled).toBe(false);
    expect(result.waitingFor).toBe('ns2 at serial 1');
    expect(result.outcome).toEqual({ exitCode: 1, n: result.attempts });
    // No run starts after the budget; the last starts exactly at it.
    expect(Math.max(...started)).toBe(60_000);
    expect(started.every((s) => s <= 60_000)).toBe(true);
    expect(t.sleeps.reduce((a, b) => a + b, 0) + result.attempts * 1_000).toBe(result.elapsedMs);
  });

  it('a run longer than the budget is the only run', async () => {
    const t = fakeTime(10_000);
    const result = await waitUntilSettled({ run: async () => (t.advance(), 'x'), judge: () => ({ settled: false, waitingFor: 'w' }), budgetMs: 5_000, clock: t.clock, sleep: t.sleep });
    expect(result).toMatchObject({ attempts: 1, settled: false, outcome: 'x' });
    expect(t.sleeps).toEqual([]);
  });

  it('an abort (Ctrl-C) ends the wait with the last outcome, marked interrupted', async () => {
    const t = fakeTime(1_000);
    const controller = new AbortController();
    const result = await waitUntilSettled({
      run: async (n) => (t.advance(), n),
      judge: () => ({ settled: false, waitingFor: 'w' }),
      budgetMs: 900_000,
      clock: t.clock,
      sleep: async (ms) => {
        await t.sleep(ms);
        controller.abort();
      },
      signal: controller.signal,
    });
    expect(result).toMatchObject({ outcome: 1, settled: false, interrupted: true, attempts: 1 });
  });
});

describe('backoffMs', () => {
  it('starts at a twentieth of the budget (0.25 to 5 s) and grows by half, capped at a quarter of it (at most 60 s)', () => {
    expect([1, 2, 3, 4].map((n) => backoffMs(n, 900_000))).toEqual([5_000, 7_500, 11_250, 16_875]);
    expect(backoffMs(30, 900_000)).toBe(60_000);
    expect(backoffMs(1, 4_000)).toBe(250);
    expect(backoffMs(10, 4_000)).toBe(1_000);
    expect(backoffMs(1, 100)).toBe(250);
  });
});

describe('sleep', () => {
  it('ends early on abort', async () => {
    const controller = new AbortController();
    const started = performance.now();
    setTimeout(() => controller.abort(), 20);
    await sleep(60_000, controller.signal);
    expect(performance.now() - started).toBeLessThan(30_000);
  });
});
