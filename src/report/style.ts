// ANSI styling for the terminal report: a no-op unless colour is on (TTY, no NO_COLOR).
import type { Status } from '../engine/types.js';

/** The mark beside every status word: the status is never told by colour alone. */
export const MARKS: Record<Status, string> = { pass: '✔', warn: '!', fail: '✖', error: '?', skip: '-' };

export interface Style {
  bold(text: string): string;
  dim(text: string): string;
  status(status: Status, text: string): string;
}

const CODES: Record<Status, [number, number]> = {
  pass: [32, 39], // green
  warn: [33, 39], // yellow
  fail: [31, 39], // red
  error: [35, 39], // magenta
  skip: [90, 39], // grey
};

const wrap = (open: number, close: number) => (text: string) => `\u001b[${open}m${text}\u001b[${close}m`;

export function createStyle(color: boolean): Style {
  if (!color) return { bold: (t) => t, dim: (t) => t, status: (_s, t) => t };
  return {
    bold: wrap(1, 22),
    dim: wrap(2, 22),
    status: (s, t) => wrap(...CODES[s])(t),
  };
}

/**
 * Whether to colour a stream: only a TTY, never with NO_COLOR set to anything non-empty
 * (no-color.org), never on TERM=dumb; `--color` / `--no-color` decide when given.
 */
export function wantsColor(isTTY: boolean | undefined, env: NodeJS.ProcessEnv, flag?: boolean): boolean {
  if (flag !== undefined) return flag;
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.TERM === 'dumb') return false;
  return isTTY === true;
}
