// --format terminal: the report for people, the mail flows first; over several domains, one table row per domain with a column per flow.
import { createStreamTotals } from '../../baseline/compare.js';
import { renderComparisonTerminal, renderComparisonTotals } from '../comparison.js';
import type { ReportFormat } from '../format.js';
import { renderDomainTable } from '../many.js';
import { renderTerminal } from '../terminal.js';

export const format: ReportFormat = {
  render: (report, o) => {
    const text = renderTerminal(report, {
      color: o.color ?? false,
      ...(o.width === undefined ? {} : { width: o.width }),
      ...(o.verbose === undefined ? {} : { verbose: o.verbose }),
      ...(o.summary === undefined ? {} : { summary: o.summary }),
      ...(o.subtitle === undefined ? {} : { subtitle: o.subtitle }),
    });
    // --baseline: what is new, fixed and known, after the report.
    if (!report.comparison) return text;
    return `${text}\n${renderComparisonTerminal(report.comparison, { color: o.color ?? false, ...(o.width === undefined ? {} : { width: o.width }) })}`;
  },
  open: (write, options) => {
    const compared = createStreamTotals();
    return {
      add: (report) => {
        compared.add(report);
      },
      finish: ({ rows, exitCode, durationMs }) => {
        write(renderDomainTable(rows, { color: options.color, exitCode, durationMs, width: options.width }));
        const totals = compared.totals();
        if (totals) write(renderComparisonTotals(totals, { color: options.color }));
      },
    };
  },
};
