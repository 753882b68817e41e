// Builds the contract's report document from a run's findings.
import { exitCodeFor, summarize } from './summary.js';
import type { Finding, Report } from './types.js';

export interface ReportMeta {
  version: string;
  domain: string;
  startedAt: Date;
  durationMs: number;
  strict: boolean;
  input?: Record<string, unknown>;
  replayed?: boolean;
}

export function buildReport(findings: Finding[], meta: ReportMeta): Report {
  const summary = summarize(findings);
  const report: Report = {
    schemaVersion: 1,
    tool: { name: 'splitcheck', version: meta.version },
    domain: meta.domain,
    startedAt: meta.startedAt.toISOString(),
    durationMs: meta.durationMs,
    summary,
    exitCode: exitCodeFor(summary, meta.strict),
    results: findings,
  };
  if (meta.input) report.input = meta.input;
  if (meta.replayed) report.replayed = true;
  return report;
}
