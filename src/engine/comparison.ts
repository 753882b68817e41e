// The comparison of a report with a baseline (--baseline, diff), as the report carries it: types only (src/baseline/ computes it).
import type { Status } from './types.js';

/** One problem: a finding that is not a pass or skip, or for a list check one of its items. */
export interface Entry {
  id: string;
  /** The mailbox, IP or host of a list check's finding; absent for a finding compared whole. */
  item?: string;
  status: Exclude<Status, 'pass' | 'skip'>;
  message: string;
}

/** An entry in the comparison: now and before. */
export interface Change {
  id: string;
  item?: string;
  /** The status now; absent for a fixed or unchecked entry. */
  status?: Entry['status'];
  /** The status in the baseline; absent for a new entry. */
  was?: Entry['status'];
  /** The finding's message now (or, for a fixed or unchecked entry, in the baseline). */
  message: string;
}

export interface DomainComparison {
  domain: string;
  /** False: the baseline holds no report for this domain, so every problem is new. */
  inBaseline: boolean;
  /** Problems the baseline did not have: they count for the exit code. */
  new: Change[];
  /** Problems the baseline had with a less severe status (warn -> fail, error -> fail): they count too. */
  worsened: Change[];
  /** Problems the baseline had with the same status: accepted, they do not count. */
  known: Change[];
  /** Problems the baseline had with a more severe status (fail -> warn): still there, not counted. */
  improved: Change[];
  /** Problems of the baseline that this run checked and no longer finds. */
  fixed: Change[];
  /** Problems of the baseline this run did not judge (the check was skipped, not selected, or could not tell). */
  unchecked: Change[];
}

/** The comparison as the JSON report carries it (`comparison`): one domain's, with what it was compared with and its exit code. */
export interface ReportComparison extends Omit<DomainComparison, 'domain'> {
  baseline: { startedAt?: string; version?: string };
  /** The exit code counting only new and worsened problems: what the run exits with. */
  exitCode: number;
}
