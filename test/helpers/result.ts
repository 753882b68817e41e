// Tests of result-valued parsers assert on thrown refusals: the value, or the refusal thrown as an Error.
import type { Result } from '../../src/util/result.js';

export function unwrap<T>(result: Result<T>): T {
  if (!result.ok) throw new Error(result.error);
  return result.value;
}

export async function unwrapAsync<T>(result: Promise<Result<T>>): Promise<T> {
  return unwrap(await result);
}
