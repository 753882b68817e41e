// --format markdown: a summary table and "What to fix", ready for a ticket; over several domains, one section each and a summary.
import type { ReportFormat } from '../format.js';
import { renderMarkdown, renderMarkdownSummary } from '../markdown.js';

export const format: ReportFormat = {
  render: (report, o) =>
    renderMarkdown(report, {
      ...(o.strict === undefined ? {} : { strict: o.strict }),
      ...(o.subtitle === undefined ? {} : { subtitle: o.subtitle }),
    }),
  open(write, options) {
    write(`# splitcheck: ${options.domains} domains\n\n`);
    return {
      add: (report) => write(`${renderMarkdown(report, { strict: options.strict, level: 2 })}\n`),
      finish: ({ rows, exitCode }) => write(renderMarkdownSummary(rows, exitCode)),
    };
  },
};
