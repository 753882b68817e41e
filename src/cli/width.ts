// The width a report is wrapped to: the terminal's, or COLUMNS when the output is not a terminal (a pipe, `less`, a file viewer).
import type { Io } from './io.js';

/** Narrower than this, the flows' picture cannot keep its path on one line. */
const MIN = 60;

/**
 * On a TTY its columns (at most `max`); else a COLUMNS the user set (`COLUMNS=80 splitcheck ... | less`), else
 * `fallback`. A report written to a file (--output) is not wrapped to any terminal's width.
 */
export function reportWidth(io: Io, options: { toFile?: boolean; max: number; fallback: number }): number {
  if (options.toFile === true) return options.fallback;
  if (io.stdout.isTTY === true) return Math.max(MIN, Math.min(io.stdout.columns ?? options.fallback, options.max));
  const columns = /^\d{2,4}$/.test(io.env.COLUMNS ?? '') ? Number(io.env.COLUMNS) : undefined;
  return columns === undefined ? options.fallback : Math.max(MIN, Math.min(columns, options.max));
}
