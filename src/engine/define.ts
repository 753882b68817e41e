// defineCheck: a check whose verdicts can only name the message and remedy keys its meta defines (checked by the compiler).
import type { Check, CheckContext, CheckMeta, Verdict } from './types.js';

/**
 * Returns the check as given. Its use is the type: `M` and `R` are inferred from `meta.messages` and
 * `meta.remedies`, and `run` must resolve to a verdict naming only those keys, so a typo in a message key
 * is a compile error rather than a finding that shows the key instead of a sentence.
 */
export function defineCheck<M extends string, R extends string = never>(check: {
  meta: CheckMeta<M, R>;
  run(ctx: CheckContext): Promise<Verdict<NoInfer<M>, NoInfer<R>>>;
}): Check<M, R> {
  return check;
}
