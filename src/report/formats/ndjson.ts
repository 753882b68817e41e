// --format ndjson: one compact JSON report a line, each written as its domain finishes.
import type { ReportFormat } from '../format.js';
import { ndjsonLine } from '../many.js';

export const format: ReportFormat = {
  render: (report) => ndjsonLine(report),
  open: (write) => ({ add: (report) => write(ndjsonLine(report)), finish: () => {} }),
};
