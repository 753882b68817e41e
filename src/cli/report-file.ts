// Reads a saved JSON report for `render` and `diff`: a file or standard input ("-"), capped, refused in one line when it is not one.
import { resolve } from 'node:path';
import { readReportFile, type ReportFile } from '../baseline/read.js';
import { escapeControl } from '../util/text.js';
import type { Io } from './io.js';
import { readCapped, readStdinCapped } from './read-capped.js';
import { orUsage, UsageError } from './usage-error.js';

/** A report of 10,000 domains with their evidence runs to hundreds of MB; a JavaScript string holds at most about 512 MB. */
export const MAX_REPORT_BYTES = 500 * 1024 * 1024;

export async function readReport(path: string, io: Io, label: string): Promise<ReportFile> {
  const what = `${label} ${path === '-' ? 'standard input' : escapeControl(path)}`;
  const tooLarge = () => new UsageError(`${what} is larger than ${MAX_REPORT_BYTES / (1024 * 1024)} MB`);
  const bytes =
    path === '-'
      ? await readStdinCapped(io, MAX_REPORT_BYTES, 'reading the JSON report from standard input', tooLarge)
      : await readCapped(resolve(io.cwd, path), what, MAX_REPORT_BYTES, tooLarge);
  return orUsage(readReportFile(bytes.toString('utf8'), what));
}
