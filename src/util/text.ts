// Terminal-safe text: escapes control characters, ANSI escapes and bidi overrides from untrusted data.

/**
 * C0 controls (ESC starts ANSI sequences), DEL, C1 controls (U+009B is a one-character CSI on some
 * terminals), the Unicode bidi controls that can make text display differently from what it is, and
 * what no UTF-8 output or XML 1.0 document may hold: lone surrogates (with the `u` flag the class
 * matches only unpaired ones) and the noncharacters U+FFFE/U+FFFF (XML 1.0 §2.2 `Char`).
 */
// eslint-disable-next-line no-control-regex
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069\u{d800}-\u{dfff}\u{fffe}\u{ffff}]/gu;

/** Escape every unsafe character as `\xNN` or `\u{NNNN}` so DNS and SMTP data print as what it is. */
export function escapeControl(text: string): string {
  return text.replace(UNSAFE, (ch) => {
    const code = ch.codePointAt(0) ?? 0;
    return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u{${code.toString(16)}}`;
  });
}

/** Join a list for a sentence: "a", "a and b", "a, b and c". */
export function listing(items: readonly string[], max = MAX_LISTED): string {
  if (items.length <= 1) return items[0] ?? '';
  // A hostile zone can hand over thousands of names: a sentence names the first few and counts the rest.
  if (items.length > max) return `${items.slice(0, max).join(', ')} and ${items.length - max} more`;
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

/** Most items a sentence lists by name. */
export const MAX_LISTED = 20;

/** "1 record", "2 records". */
export function plural(count: number, singular: string, pluralForm = `${singular}s`): string {
  return `${count} ${count === 1 ? singular : pluralForm}`;
}
