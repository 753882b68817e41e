// --format json (--json): the contract's report document; over several domains, one document streamed with every report and the totals.
import { createStreamTotals } from '../../baseline/compare.js';
import type { ReportFormat } from '../format.js';
import { renderJson } from '../json.js';
import { manyJson } from '../many.js';
import { VERSION } from '../../version.js';

export const format: ReportFormat = {
  render: (report) => renderJson(report),
  open(write, options) {
    write(manyJson.open({ version: VERSION, startedAt: options.startedAt.toISOString() }));
    let first = true;
    const compared = createStreamTotals();
    return {
      add(report) {
        write(manyJson.item(report, first));
        first = false;
        compared.add(report);
      },
      // --baseline: the totals of the comparison, and the exit code the run has because of it.
      finish: ({ rows, exitCode, durationMs }) => {
        const totals = compared.totals();
        write(manyJson.close(rows, exitCode, durationMs, totals ? { comparison: totals } : {}));
      },
    };
  },
};
