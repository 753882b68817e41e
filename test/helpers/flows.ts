// The contract's flow rule stated apart from src/engine/flows.ts, and the assertion every check table's run makes with it.
import { expect } from 'vitest';
import { flowMapOf } from '../../src/checks/flows.js';
import { ALL_CHECKS } from '../../src/checks/index.js';
import { judgeFlows, type Flow } from '../../src/engine/flows.js';
import type { Finding, Status } from '../../src/engine/types.js';

/** Worst first, as CHECKS.md reads: fail, else error, else warn, else pass. */
const ORDER: readonly Status[] = ['fail', 'error', 'warn', 'pass'];

/** The contract's status of a flow whose checks gave `statuses`: skip when nothing but skips (or nothing) decided it. */
export function expectedFlowStatus(statuses: readonly Status[]): Status {
  const judged: readonly Status[] = statuses.filter((s) => s !== 'skip');
  return ORDER.find((s) => judged.includes(s)) ?? 'skip';
}

/** How bad a status is for a flow: a flow is never better than any of its checks (skip counts as nothing). */
export const BADNESS: Record<Status, number> = { skip: 0, pass: 1, warn: 2, error: 3, fail: 4 };

const MAP = flowMapOf(ALL_CHECKS);

/** The registry's checks that decide `flow`. */
function deciding(flow: Flow['id']): string[] {
  return ALL_CHECKS.map((c) => c.meta.id).filter((id) => MAP.get(id)?.includes(flow));
}

/**
 * The flows of a check table's run, against the table: each flow is the rule over the run's findings of its
 * checks; and, from the statuses the table itself expects, exactly that status when the table names every check
 * of the flow, else never a better one (a check the table expects to fail fails the flow, whatever the others did).
 */
export function expectFlows(findings: readonly Finding[], table: { name: string; expect: Partial<Record<string, Status>> }): Flow[] {
  const flows = judgeFlows(findings, MAP);
  for (const flow of flows) {
    const what = `${table.name}: flow ${flow.id}`;
    expect(flow.status, what).toBe(expectedFlowStatus(findings.filter((f) => MAP.get(f.id)?.includes(flow.id)).map((f) => f.status)));
    const ids = deciding(flow.id);
    const listed = ids.filter((id) => table.expect[id] !== undefined);
    // A check that got another status than the table expects is the table's own assertion to report.
    if (listed.some((id) => findings.find((f) => f.id === id)?.status !== table.expect[id])) continue;
    const told = expectedFlowStatus(listed.map((id) => table.expect[id]!));
    if (listed.length === ids.length) expect(flow.status, what).toBe(told);
    else expect(BADNESS[flow.status], `${what}: ${flow.status} is better than the table's ${told}`).toBeGreaterThanOrEqual(BADNESS[told]);
  }
  return flows;
}
