// --format terminal: the report for people, the mail flows first; over several domains, one table row per domain with a column per flow.
import type { ReportFormat } from '../format.js';
import { renderDomainTable } from '../many.js';
import { renderTerminal } from '../terminal.js';

export const format: ReportFormat = {
  render: (report, o) =>
    renderTerminal(report, {
      color: o.color ?? false,
      ...(o.width === undefined ? {} : { width: o.width }),
      ...(o.verbose === undefined ? {} : { verbose: o.verbose }),
      ...(o.summary === undefined ? {} : { summary: o.summary }),
      ...(o.subtitle === undefined ? {} : { subtitle: o.subtitle }),
    }),
  open: (write, options) => ({
    add: () => {},
    finish: ({ rows, exitCode, durationMs }) => write(renderDomainTable(rows, { color: options.color, exitCode, durationMs, width: options.width })),
  }),
};
