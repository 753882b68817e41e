// An independent statement of the contract's flow rule (CHECKS.md "Mail flows"), for tests: written apart from src/engine/flows.ts.
import type { Status } from '../../src/engine/types.js';

/** Worst first, as the contract reads: fail, else error, else warn, else pass. */
const ORDER: readonly Status[] = ['fail', 'error', 'warn', 'pass'];

/** The contract's status of a flow whose checks gave `statuses`: skip when nothing but skips (or nothing) decided it. */
export function expectedFlowStatus(statuses: readonly Status[]): Status {
  const judged: readonly Status[] = statuses.filter((s) => s !== 'skip');
  return ORDER.find((s) => judged.includes(s)) ?? 'skip';
}

/** How bad a status is for a flow: a flow's status is never less bad than any of its checks' (skip counts as nothing). */
export const BADNESS: Record<Status, number> = { skip: 0, pass: 1, warn: 2, error: 3, fail: 4 };
