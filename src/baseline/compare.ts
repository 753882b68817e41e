// A run compared with a baseline (a previous JSON report): which findings are new, worse, known, better or fixed, keyed by domain, check id and item.
import type { Change, DomainComparison, Entry, ReportComparison } from '../engine/comparison.js';
import type { Status } from '../engine/types.js';

export type { Change, DomainComparison, Entry, ReportComparison };
import { problemItems } from './items.js';

/** What a comparison needs of a finding and of a report: the contract's fields, as read from any report file. */
export interface ComparedFinding {
  id: string;
  status: Status;
  message: string;
  evidence?: unknown;
}

export interface ComparedReport {
  domain: string;
  results: readonly ComparedFinding[];
}

/** How severe a problem is for the exit code: a fail (1) over an error (3) over a warn (1 only under --strict). */
const SEVERITY: Record<Entry['status'], number> = { warn: 1, error: 2, fail: 3 };

const isProblem = (status: Status): status is Entry['status'] => status === 'warn' || status === 'fail' || status === 'error';

/** The stable key of an entry within one domain. */
export function entryKey(e: Pick<Entry, 'id' | 'item'>): string {
  return e.item === undefined ? e.id : `${e.id}\u0000${e.item}`;
}

/** A report's problems: one entry per non-pass finding, or per problem item of a list check's finding. */
export function entriesOf(report: ComparedReport): Entry[] {
  const out: Entry[] = [];
  for (const f of report.results) {
    if (!isProblem(f.status)) continue;
    const items = problemItems(f.id, f.evidence);
    if (items.length === 0) out.push({ id: f.id, status: f.status, message: f.message });
    else for (const item of items) out.push({ id: f.id, item, status: f.status, message: f.message });
  }
  return out;
}

/**
 * Compares one domain's report with the baseline's entries for that domain (undefined: not in the
 * baseline). A problem entry of the baseline is fixed when the check ran and judged its item: the
 * finding passes, or it still fails but item by item without that item. Otherwise it is unchecked.
 */
export function compareReport(baseline: readonly Entry[] | undefined, report: ComparedReport): DomainComparison {
  const result: DomainComparison = { domain: report.domain, inBaseline: baseline !== undefined, new: [], worsened: [], known: [], improved: [], fixed: [], unchecked: [] };
  const before = new Map((baseline ?? []).map((e) => [entryKey(e), e]));
  const now = entriesOf(report);
  const nowKeys = new Set(now.map(entryKey));
  for (const e of now) {
    const b = before.get(entryKey(e));
    const change: Change = { id: e.id, ...(e.item === undefined ? {} : { item: e.item }), status: e.status, message: e.message, ...(b ? { was: b.status } : {}) };
    if (!b) result.new.push(change);
    else if (SEVERITY[e.status] > SEVERITY[b.status]) result.worsened.push(change);
    else if (e.status === b.status) result.known.push(change);
    else result.improved.push(change);
  }
  const findings = new Map(report.results.map((f) => [f.id, f]));
  const itemized = new Set(now.filter((e) => e.item !== undefined).map((e) => e.id));
  for (const b of before.values()) {
    if (nowKeys.has(entryKey(b))) continue;
    const f = findings.get(b.id);
    const change: Change = { id: b.id, ...(b.item === undefined ? {} : { item: b.item }), was: b.status, message: b.message };
    const judged = f !== undefined && (f.status === 'pass' || (b.item !== undefined && itemized.has(b.id)) || (b.item === undefined && isProblem(f.status)));
    (judged ? result.fixed : result.unchecked).push(change);
  }
  return result;
}

/**
 * The exit code of a compared run: only new and worsened problems count, with the contract's rule
 * (a fail, or under --strict a warn: 1; else an error: 3; else 0).
 */
export function comparedExitCode(comparisons: readonly DomainComparison[], strict: boolean): number {
  const counted = comparisons.flatMap((c) => [...c.new, ...c.worsened]);
  if (counted.some((c) => c.status === 'fail' || (strict && c.status === 'warn'))) return 1;
  if (counted.some((c) => c.status === 'error')) return 3;
  return 0;
}

/** One domain's comparison as its report carries it. */
export function reportComparison(c: DomainComparison, baseline: ReportComparison['baseline'], strict: boolean): ReportComparison {
  const { domain: _domain, ...rest } = c;
  return { baseline, ...rest, exitCode: comparedExitCode([c], strict) };
}

/** The counts and exit code over the reports of a run (many domains): what a stream writes at the end. */
export interface ComparisonTotals {
  new: number;
  worsened: number;
  known: number;
  improved: number;
  fixed: number;
  unchecked: number;
  /** The run's exit code counting only new and worsened problems: 1 beats 3 beats 0. */
  exitCode: number;
}

export function createComparisonTotals(): { add(c: ReportComparison): void; totals(): ComparisonTotals } {
  const t: ComparisonTotals = { new: 0, worsened: 0, known: 0, improved: 0, fixed: 0, unchecked: 0, exitCode: 0 };
  return {
    add(c) {
      for (const key of ['new', 'worsened', 'known', 'improved', 'fixed', 'unchecked'] as const) t[key] += c[key].length;
      if (c.exitCode === 1 || (c.exitCode === 3 && t.exitCode === 0)) t.exitCode = c.exitCode;
    },
    totals: () => ({ ...t }),
  };
}

/** A many-domains stream's comparison totals: the reports run with --baseline are added; `totals()` is undefined when none was. */
export function createStreamTotals(): { add(report: { comparison?: ReportComparison | undefined }): void; totals(): ComparisonTotals | undefined } {
  const compared = createComparisonTotals();
  let any = false;
  return {
    add(report) {
      if (!report.comparison) return;
      any = true;
      compared.add(report.comparison);
    },
    totals: () => (any ? compared.totals() : undefined),
  };
}
