// --wait for the command line: the core's wait loop over fresh full checks, saying on stderr what it waits for, and the outcome.
import { judgeRun } from '../core/wait-judge.js';
import { sleep, waitUntilSettled } from '../core/wait.js';
import type { Report } from '../engine/types.js';
import { formatDuration } from '../util/duration.js';
import { exitCodeOf } from './gate.js';
import type { Io } from './io.js';

/**
 * The ids whose problems count for the exit code: with a baseline only the new and worse ones (known
 * problems do not hold the wait up), else every one.
 */
function countedIds(report: Report): ReadonlySet<string> | undefined {
  const c = report.comparison;
  return c ? new Set([...c.new, ...c.worsened].map((x) => x.id)) : undefined;
}

/**
 * Runs `attempt` (a whole fresh check: new resolver, new authoritative clients, nothing cached) until
 * the authoritative servers agree and the run exits 0, or `budgetMs` is over; the last run stands.
 * One line per pause on stderr, also off a terminal: a CI log must say why a step sits for minutes.
 */
export async function runWithWait<T extends { report: Report }>(budgetMs: number, io: Io, attempt: () => Promise<T>, signal?: AbortSignal): Promise<T> {
  const domain = (t: T) => t.report.domain;
  const result = await waitUntilSettled({
    run: () => attempt(),
    judge: (t) => judgeRun(t.report.results, exitCodeOf(t.report), countedIds(t.report)),
    budgetMs,
    clock: () => performance.now(),
    sleep,
    ...(signal ? { signal } : {}),
    onWait: (p) => {
      io.stderr.write(
        `splitcheck: --wait: run ${p.attempt} is not settled; waiting for ${p.waitingFor}. Checking again in ${formatDuration(p.nextInMs)} (${formatDuration(p.leftMs)} of ${formatDuration(budgetMs)} left after that).\n`,
      );
    },
  });
  const last = result.outcome;
  const runs = `${result.attempts} run${result.attempts === 1 ? '' : 's'} in ${formatDuration(result.elapsedMs)}`;
  if (result.settled) {
    io.stderr.write(`splitcheck: --wait: ${domain(last)} settled after ${runs}: the authoritative servers agree and the checks pass.\n`);
  } else {
    const why = result.interrupted ? 'interrupted' : `the ${formatDuration(budgetMs)} are over`;
    io.stderr.write(
      `splitcheck: --wait: ${why} after ${runs}, still waiting for ${result.waitingFor ?? 'the checks'}. The last run's report and exit code (${exitCodeOf(last.report)}) stand.\n`,
    );
  }
  return last;
}
