// Runs the built bin against the e2e world: Unbound as the resolver, port 25 routed to the loopback servers, the test CA trusted.
import { expect, inject } from 'vitest';
import type { Finding, Report, Status } from '../../src/engine/types.js';
import { runCli, type CliResult } from '../helpers/cli.js';
import { logTail } from './harness/process.js';

export const world = () => inject('e2e');

/** `splitcheck <domain> --json` with the world's resolver, SMTP routes and CA; extra args after. */
export function check(domain: string, ...args: string[]): Promise<CliResult> {
  const w = world();
  return runCli([domain, '--resolver', w.resolver, '--json', '--timeout', '3000', ...args], {
    env: { SPLITCHECK_TEST_SMTP_ROUTES: w.smtpRoutes },
    timeoutMs: 60_000,
  });
}

/** The report, with a failure message that shows stderr and the daemons' log tails when stdout is not JSON. */
export function report(r: CliResult): Report {
  try {
    return JSON.parse(r.stdout) as Report;
  } catch {
    const w = world();
    const logs = Object.entries(w.logs).map(([name, file]) => `--- ${name} (${file}) ---\n${logTail(file, 15)}`);
    throw new Error(`splitcheck printed no JSON (exit ${r.code}).\nstderr: ${r.stderr}\nstdout: ${r.stdout.slice(0, 2000)}\n${logs.join('\n')}`);
  }
}

export const statuses = (rep: Report): Record<string, Status> => Object.fromEntries(rep.results.map((f) => [f.id, f.status]));

export function finding(rep: Report, id: string): Finding {
  const f = rep.results.find((x) => x.id === id);
  expect(f, `no finding ${id}`).toBeDefined();
  return f!;
}

/** Every finding that is not as expected, with its message: a readable diff when a status changes. */
export function expectStatuses(rep: Report, expected: Record<string, Status>): void {
  const got = statuses(rep);
  const wrong = Object.keys({ ...expected, ...got })
    .filter((id) => got[id] !== expected[id])
    .map((id) => `${id}: expected ${expected[id] ?? '(none)'}, got ${got[id] ?? '(none)'} — ${rep.results.find((f) => f.id === id)?.message ?? ''}`);
  expect(wrong, wrong.join('\n')).toEqual([]);
}
