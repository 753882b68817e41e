// --format junit: JUnit XML for CI test views; over several domains, every domain's suites under one root with the totals.
import { createSpool } from '../../util/spool.js';
import type { ReportFormat } from '../format.js';
import { JUNIT_CLOSE, junitCounts, junitOpen, junitSuites, renderJunit } from '../junit.js';

export const format: ReportFormat = {
  render: (report, o) => renderJunit(report, o.strict === undefined ? {} : { strict: o.strict }),
  open(write, options) {
    // The root's totals go in its start tag, but the reports must not be collected in memory (many
    // domains: memory stays flat). Each domain's suites are written to a temporary file as it
    // finishes; the end writes the root with the totals and then copies the file through.
    const spool = createSpool();
    const totals = { tests: 0, failures: 0, errors: 0 };
    return {
      add(report) {
        spool.append(`${junitSuites(report, { strict: options.strict, label: report.domain }).join('\n')}\n`);
        const c = junitCounts(report, options.strict);
        totals.tests += c.tests;
        totals.failures += c.failures;
        totals.errors += c.errors;
      },
      finish: ({ durationMs }) => {
        write(`${junitOpen(`splitcheck ${options.domains} domains`, { ...totals, durationMs })}\n`);
        spool.drain(write);
        write(`${JUNIT_CLOSE}\n`);
      },
    };
  },
};
