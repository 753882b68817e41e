// Where the reports of a run over several domains go, per format: each report written as its domain finishes.
import type { Report } from '../engine/types.js';
import { JUNIT_CLOSE, junitCounts, junitOpen, junitSuites } from '../report/junit.js';
import { domainRow, manyJson, ndjsonLine, renderDomainTable, type DomainRow } from '../report/many.js';
import { renderMarkdown, renderMarkdownSummary } from '../report/markdown.js';
import { VERSION } from '../version.js';
import type { Format } from './settings.js';

export interface Sink {
  add(report: Report): void;
  /** Everything after the last report: totals, the summary table, closing tags. */
  finish(rows: readonly DomainRow[], exitCode: number, durationMs: number): void;
}

export interface SinkOptions {
  color: boolean;
  width: number;
  strict: boolean;
  startedAt: Date;
  domains: number;
}

/** A sink writing through `write`; it keeps nothing of a report once written (JUnit: its rendered suites, for the root's totals). */
export function createSink(format: Format, write: (text: string) => void, options: SinkOptions): Sink {
  switch (format) {
    case 'ndjson':
      return { add: (r) => write(ndjsonLine(r)), finish: () => {} };
    case 'json': {
      write(manyJson.open({ version: VERSION, startedAt: options.startedAt.toISOString() }));
      let first = true;
      return {
        add(r) {
          write(manyJson.item(r, first));
          first = false;
        },
        finish: (rows, exitCode, ms) => write(manyJson.close(rows, exitCode, ms)),
      };
    }
    case 'junit': {
      // The root's totals go in its start tag, and CI test views read the file once it is complete: the
      // suites (a few KB per domain) are kept until the end so that the root can say tests/failures/errors.
      const suites: string[] = [];
      const totals = { tests: 0, failures: 0, errors: 0 };
      return {
        add(r) {
          suites.push(junitSuites(r, { strict: options.strict, label: r.domain }).join('\n'));
          const c = junitCounts(r, options.strict);
          totals.tests += c.tests;
          totals.failures += c.failures;
          totals.errors += c.errors;
        },
        finish: (_rows, _exitCode, ms) =>
          write(`${[junitOpen(`splitcheck ${options.domains} domains`, { ...totals, durationMs: ms }), ...suites, JUNIT_CLOSE].join('\n')}\n`),
      };
    }
    case 'markdown':
      write(`# splitcheck: ${options.domains} domains\n\n`);
      return {
        add: (r) => write(`${renderMarkdown(r, { strict: options.strict, level: 2 })}\n`),
        finish: (rows, exitCode) => write(renderMarkdownSummary(rows, exitCode)),
      };
    case 'terminal':
      return {
        add: () => {},
        finish: (rows, exitCode, ms) => write(renderDomainTable(rows, { color: options.color, exitCode, durationMs: ms, width: options.width })),
      };
  }
}

export { domainRow };
