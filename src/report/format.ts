// The one output protocol: every report format renders one domain's report and streams the reports of many domains.
import type { DomainRow } from '../engine/report.js';
import type { Report } from '../engine/types.js';

/** Every format's options in one bag; each format takes what applies to it and ignores the rest. */
export interface RenderOptions {
  /** terminal: ANSI colour (default off: the CLI decides with wantsColor). */
  color?: boolean;
  /** terminal: wrap width in columns. */
  width?: number;
  /** terminal: show what was observed under passing checks too. */
  verbose?: boolean;
  /** terminal: `--summary`, only the mail flows and "Fix first", without the checks' details. */
  summary?: boolean;
  /** terminal, markdown: a line under the title (resolvers asked, replayed evidence, the demo). */
  subtitle?: string;
  /** junit, markdown: `--strict`, warnings fail the run. Default: the report's own `input.strict`. */
  strict?: boolean;
}

export interface StreamOptions {
  color: boolean;
  width: number;
  strict: boolean;
  startedAt: Date;
  /** How many domains the run checks. */
  domains: number;
}

/** The end of a run over several domains: one row per domain, the worst exit code, the time taken. */
export interface RunTotals {
  rows: readonly DomainRow[];
  exitCode: number;
  durationMs: number;
}

/** Reports of several domains written as they finish: nothing of a report is kept once written (memory stays flat). */
export interface ReportStream {
  add(report: Report): void;
  /** Everything after the last report: totals, the summary table, closing tags. */
  finish(totals: RunTotals): void;
}

/** A report format (--format): one file in src/report/formats/ and one line in its index. */
export interface ReportFormat {
  /** The whole document for one domain. */
  render(report: Report, options: RenderOptions): string;
  /** A document over several domains, written through `write`: `open` writes its head. */
  open(write: (text: string) => void, options: StreamOptions): ReportStream;
}
