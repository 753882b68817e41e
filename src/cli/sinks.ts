// Where the reports of a run over several domains go, per format: each report written as its domain finishes.
import { closeSync, mkdtempSync, openSync, readSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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

/** A sink writing through `write`; it keeps nothing of a report once written (JUnit spools its suites to a temporary file). */
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
      // The root's totals go in its start tag, but the reports must not be collected in memory (many
      // domains: memory stays flat). Each domain's suites are written to a temporary file as it
      // finishes; the end writes the root with the totals and then copies the file through.
      const spool = createSpool();
      const totals = { tests: 0, failures: 0, errors: 0 };
      return {
        add(r) {
          spool.append(`${junitSuites(r, { strict: options.strict, label: r.domain }).join('\n')}\n`);
          const c = junitCounts(r, options.strict);
          totals.tests += c.tests;
          totals.failures += c.failures;
          totals.errors += c.errors;
        },
        finish: (_rows, _exitCode, ms) => {
          write(`${junitOpen(`splitcheck ${options.domains} domains`, { ...totals, durationMs: ms })}\n`);
          spool.drain(write);
          write(`${JUNIT_CLOSE}\n`);
        },
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

/** Text appended to a private temporary file and read back once, in pieces; removed when drained or at exit. */
export function createSpool(): { path: string; append(text: string): void; drain(write: (text: string) => void): void } {
  const dir = mkdtempSync(join(tmpdir(), 'splitcheck-'));
  const file = join(dir, 'spool');
  const fd = openSync(file, 'w+', 0o600);
  let closed = false;
  const remove = () => {
    if (!closed) closeSync(fd);
    closed = true;
    rmSync(dir, { recursive: true, force: true });
  };
  process.once('exit', remove);
  let length = 0;
  return {
    path: dir,
    append(text) {
      length += writeSync(fd, text);
    },
    drain(write) {
      const chunk = Buffer.alloc(64 * 1024);
      let carry = Buffer.alloc(0);
      for (let position = 0; position < length; ) {
        const n = readSync(fd, chunk, 0, chunk.length, position);
        if (n === 0) break;
        position += n;
        // Cut at the last newline so a multi-byte character is never split between two writes.
        const data = Buffer.concat([carry, chunk.subarray(0, n)]);
        const cut = position < length ? data.lastIndexOf(0x0a) + 1 : data.length;
        write(data.subarray(0, cut).toString('utf8'));
        carry = Buffer.from(data.subarray(cut));
      }
      if (carry.length > 0) write(carry.toString('utf8'));
      process.removeListener('exit', remove);
      remove();
    },
  };
}
