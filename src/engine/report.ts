// Builds the contract's report document from a run's findings.
import { FLOW_IDS, judgeFlows, type FlowMap } from './flows.js';
import { exitCodeFor, summarize } from './summary.js';
import type { Finding, Report, Status, Summary } from './types.js';

export interface ReportMeta {
  version: string;
  domain: string;
  startedAt: Date;
  durationMs: number;
  strict: boolean;
  input?: Record<string, unknown>;
  replayed?: boolean;
  /** Which flows each check of the run decides (src/checks/flows.ts flowMapOf). */
  flowMap: FlowMap;
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
    flows: judgeFlows(findings, meta.flowMap),
    results: findings,
  };
  if (meta.input) report.input = meta.input;
  if (meta.replayed) report.replayed = true;
  return report;
}

/** What is kept of a finished domain in a run over many: a row of the summary, not its report. */
export interface DomainRow {
  domain: string;
  summary: Summary;
  exitCode: number;
  /** Ids of the failing checks, then of the erroring ones (the first `summary.fail` are the failing), for the table's last column. */
  problems: string[];
  /** The status of each mail flow, in FLOW_IDS order. */
  flows: Status[];
}

export function domainRow(report: Report): DomainRow {
  return {
    domain: report.domain,
    summary: report.summary,
    exitCode: report.exitCode,
    flows: FLOW_IDS.map((id) => report.flows.find((f) => f.id === id)?.status ?? 'skip'),
    problems: (['fail', 'error'] as const).flatMap((status) => report.results.filter((f) => f.status === status).map((f) => f.id)),
  };
}
