// Errors as values at module boundaries: what a parser or loader returns instead of throwing.

export type Result<T> = { ok: true; value: T } | { ok: false; error: string };

export function ok<T>(value: T): Result<T> {
  return { ok: true, value };
}

export function failure<T = never>(error: string): Result<T> {
  return { ok: false, error };
}

/** Map every item; the first refusal wins (its message prefixed by `label(i)` when given). */
export function allOf<T, U>(items: readonly T[], parse: (item: T, index: number) => Result<U>): Result<U[]> {
  const out: U[] = [];
  for (const [i, item] of items.entries()) {
    const r = parse(item, i);
    if (!r.ok) return r;
    out.push(r.value);
  }
  return ok(out);
}
