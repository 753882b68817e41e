// --wait as typed (and the config's "wait"): a duration between a second and six hours.
import { parseDuration } from '../util/duration.js';
import type { Result } from '../util/result.js';

/** At least a second (one run takes that), at most six hours (a zone's SOA refresh is rarely longer). */
export const WAIT_RULES = { name: '--wait', minMs: 1_000, maxMs: 6 * 3_600_000 } as const;

/** Milliseconds to wait, or why the text is not such a duration. */
export function parseWait(text: string): Result<number> {
  return parseDuration(text, WAIT_RULES);
}
