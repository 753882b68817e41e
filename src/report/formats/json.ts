// --format json (--json): the contract's report document; over several domains, one document streamed with every report and the totals.
import type { ReportFormat } from '../format.js';
import { renderJson } from '../json.js';
import { manyJson } from '../many.js';
import { VERSION } from '../../version.js';

export const format: ReportFormat = {
  render: (report) => renderJson(report),
  open(write, options) {
    write(manyJson.open({ version: VERSION, startedAt: options.startedAt.toISOString() }));
    let first = true;
    return {
      add(report) {
        write(manyJson.item(report, first));
        first = false;
      },
      finish: ({ rows, exitCode, durationMs }) => write(manyJson.close(rows, exitCode, durationMs)),
    };
  },
};
