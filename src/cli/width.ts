// The width a report (and --help) is wrapped to: the terminal's, or COLUMNS when the output is not a terminal (a pipe, `less`, a file viewer).
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

/**
 * --help's width, at most `max`: as a report's, and when stdout is piped with no COLUMNS (`--help | less`, a
 * person reading through a pager) the width of stderr when that is still the terminal; else `fallback`.
 */
export function helpWidth(io: Io, max: number, fallback: number): number {
  const terminal = io.stdout.isTTY !== true && io.env.COLUMNS === undefined && io.stderr.isTTY === true ? io.stderr.columns : undefined;
  return terminal === undefined ? reportWidth(io, { max, fallback }) : Math.max(MIN, Math.min(terminal, max));
}
