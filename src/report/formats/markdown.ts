// --format markdown: the mail flows, the checks and "What to fix", ready for a ticket or a job summary; over several domains, one section each and a summary.
import { createStreamTotals } from '../../baseline/compare.js';
import { renderComparisonMarkdown, renderComparisonTotalsMarkdown } from '../comparison.js';
import type { Report } from '../../engine/types.js';
import type { ReportFormat } from '../format.js';
import { renderMarkdown, renderMarkdownSummary } from '../markdown.js';

/** --baseline: the comparison right after the mail flows (what is new comes before the details), one heading level below the report's. */
const comparison = (report: Report, level: number) => (report.comparison ? { afterFlows: renderComparisonMarkdown(report.comparison, { level: level + 1 }) } : {});

export const format: ReportFormat = {
  render: (report, o) =>
    renderMarkdown(report, {
      ...(o.strict === undefined ? {} : { strict: o.strict }),
      ...(o.subtitle === undefined ? {} : { subtitle: o.subtitle }),
      ...comparison(report, 1),
    }),
  open(write, options) {
    write(`# splitcheck: ${options.domains} domains\n\n`);
    const compared = createStreamTotals();
    return {
      add: (report) => {
        compared.add(report);
        write(`${renderMarkdown(report, { strict: options.strict, level: 2, ...comparison(report, 2) })}\n`);
      },
      finish: ({ rows, exitCode }) => {
        write(renderMarkdownSummary(rows, exitCode));
        const totals = compared.totals();
        if (totals) write(`\n${renderComparisonTotalsMarkdown(totals)}`);
      },
    };
  },
};
