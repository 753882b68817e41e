// Turns a DNS result that is not a fact about the zone into an exception the engine reports as `error`.
import type { DnsResult } from '../dns/types.js';

/**
 * Thrown by `must()` when a lookup timed out, failed or came back unusable. The engine turns it
 * into an `error` finding with the lookup as evidence: missing data is never judged (CHECKS.md).
 */
export class LookupError extends Error {
  constructor(readonly result: DnsResult) {
    super(`${result.question.type} ${result.question.name}: ${result.reason ?? result.status}`);
    this.name = 'LookupError';
  }
}

/** Statuses that are facts about the zone; everything else means "could not find out". */
export function isFact(result: DnsResult): boolean {
  return result.status === 'answer' || result.status === 'nodata' || result.status === 'nxdomain';
}

/** Return the result if it is a fact (answer, NODATA, NXDOMAIN); otherwise throw a LookupError. */
export function must(result: DnsResult): DnsResult {
  if (!isFact(result)) throw new LookupError(result);
  return result;
}
