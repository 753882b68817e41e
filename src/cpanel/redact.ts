// Keeps a secret out of everything splitcheck writes: any server-supplied text is scrubbed before it is kept or shown.

export const REDACTED = '[redacted]';

/** The most values one scrub visits: a bound on untrusted data (deeper or larger values are cut, and say so). */
const MAX_VALUES = 2_000_000;
const MAX_DEPTH = 32;

/**
 * Replaces every occurrence of the secrets in a string. A hostile or broken server could echo the Authorization
 * header in an error, a header or even an address field; nothing it sends is trusted to be clean.
 */
export function redactText(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) if (secret.length > 0 && out.includes(secret)) out = out.split(secret).join(REDACTED);
  return out;
}

/**
 * A JSON value with every string (and key) scrubbed; values past the bounds become a note, never the original.
 * `hits` counts the strings that held a secret (an answer that quotes the token is no account's data).
 */
export function redactJson(value: unknown, secrets: readonly string[]): { value: unknown; hits: number } {
  let budget = MAX_VALUES;
  let hits = 0;
  const scrub = (text: string): string => {
    const out = redactText(text, secrets);
    if (out !== text) hits += 1;
    return out;
  };
  const walk = (v: unknown, depth: number): unknown => {
    if (--budget < 0) return '[cut: too large]';
    if (typeof v === 'string') return scrub(v);
    if (v === null || typeof v !== 'object') return v;
    if (depth >= MAX_DEPTH) return '[cut: too deep]';
    if (Array.isArray(v)) return v.map((x) => walk(x, depth + 1));
    const out: Record<string, unknown> = {};
    // defineProperty: a "__proto__" key from JSON.parse stays a plain key instead of replacing the prototype.
    for (const [k, x] of Object.entries(v)) {
      Object.defineProperty(out, scrub(k), { value: walk(x, depth + 1), enumerable: true, writable: true, configurable: true });
    }
    return out;
  };
  const walked = walk(value, 0);
  return { value: walked, hits };
}
