// A usage mistake (bad domain, flag, value, config): one clear line on stderr and exit 2.
import type { Result } from '../util/result.js';

export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** The value of a result, or its refusal thrown as a usage error (exit 2). */
export function orUsage<T>(result: Result<T>): T {
  if (!result.ok) throw new UsageError(result.error);
  return result.value;
}
