// Counts findings by status and maps them to the contract's exit codes (CHECKS.md "Exit codes").
import { EXIT } from './exit-codes.js';
import type { Finding, Summary } from './types.js';

export { EXIT } from './exit-codes.js';

export function summarize(findings: readonly Pick<Finding, 'status'>[]): Summary {
  const summary: Summary = { pass: 0, warn: 0, fail: 0, error: 0, skip: 0 };
  for (const f of findings) summary[f.status] += 1;
  return summary;
}

/** 1 on any fail (or warn under --strict), else 3 on any error, else 0. */
export function exitCodeFor(summary: Summary, strict = false): number {
  if (summary.fail > 0 || (strict && summary.warn > 0)) return EXIT.problems;
  if (summary.error > 0) return EXIT.unverified;
  return EXIT.ok;
}

/** The worst of several runs' exit codes (many domains): 1 beats 3 beats 0. */
export function worstExitCode(codes: readonly number[]): number {
  if (codes.includes(EXIT.problems)) return EXIT.problems;
  if (codes.includes(EXIT.unverified)) return EXIT.unverified;
  return EXIT.ok;
}
