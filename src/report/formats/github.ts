// --format github: GitHub Actions workflow commands, one per finding that is not a pass (annotations); over several domains, each report's as it finishes.
import { baselineNote } from '../comparison.js';
import type { Report } from '../../engine/types.js';
import type { ReportFormat } from '../format.js';
import { renderGithub } from '../github.js';

/** With --baseline, each annotation says whether the problem is new, worse, or known from the baseline. */
const render = (report: Report) => renderGithub(report, { noteFor: (f) => baselineNote(report.comparison, f.id) });

export const format: ReportFormat = {
  render,
  open: (write) => ({ add: (report) => write(render(report)), finish: () => {} }),
};
