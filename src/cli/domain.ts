// The domain argument: the input layer's parser, its refusal a usage error (exit 2).
import { parseDomain as parseDomainResult } from '../input/domain.js';
import { orUsage } from './usage-error.js';

/** The normalised domain; a refusal throws a UsageError naming what to type instead. */
export function parseDomain(raw: string): string {
  return orUsage(parseDomainResult(raw));
}
