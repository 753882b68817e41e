// Macro-string and domain-spec grammar of RFC 7208 §7.1 (ABNF in §12): text to tokens, or the offset of the first error.

import type { MacroFault, MacroLetter, MacroString, MacroToken, SyntaxErrorCode } from './ast.js';

export type MacroParse = { ok: true; value: MacroString } | { ok: false; code: SyntaxErrorCode; offset: number; macro?: MacroFault };

export interface MacroSyntax {
  /** Explanation text (RFC 7208 §6.2): `c`, `r`, `t` allowed (§7.2) and spaces are literal (`explain-string`). */
  explanation?: boolean;
}

const LETTERS = new Set<string>(['s', 'l', 'o', 'd', 'i', 'p', 'h', 'c', 'r', 't', 'v']);
// RFC 7208 §7.2: "The following macro letters are allowed only in "exp" text: c, r, t".
const EXPLANATION_ONLY = new Set<string>(['c', 'r', 't']);
const DELIMITERS = '.-+,/_=';
// RFC 7208 §7.1 "%%" / "%_" / "%-".
const ESCAPES: Record<string, string> = { '%': '%', _: ' ', '-': '%20' };

// macro-literal = %x21-24 / %x26-7E (the "%" is handled separately); explain-string adds SP.
function isLiteral(code: number, spaces: boolean): boolean {
  return (code >= 0x21 && code <= 0x7e) || (spaces && code === 0x20);
}

function badChar(code: number): SyntaxErrorCode {
  return code < 0x20 || code > 0x7e ? 'invalid-character' : 'invalid-macro';
}

interface Scan {
  tokens: MacroToken[];
  /** Offset where the literal text after the last macro-expand starts (for the domain-end rule). */
  tailStart: number;
  /** The text ends with a macro-expand (`%{...}`, `%%`, `%_` or `%-`). */
  endsWithExpand: boolean;
}

type Failure = { ok: false; code: SyntaxErrorCode; offset: number; macro?: MacroFault };

function scan(text: string, syntax: MacroSyntax): { ok: true; scan: Scan } | Failure {
  const tokens: MacroToken[] = [];
  let literal = '';
  let tailStart = 0;
  let endsWithExpand = false;
  const flush = (): void => {
    if (literal) tokens.push({ kind: 'literal', text: literal });
    literal = '';
  };
  let i = 0;
  while (i < text.length) {
    const code = text.charCodeAt(i);
    if (code !== 0x25) {
      if (!isLiteral(code, syntax.explanation === true)) return { ok: false, code: badChar(code), offset: i };
      literal += text[i];
      endsWithExpand = false;
      i++;
      continue;
    }
    const next = text[i + 1];
    const escaped = next === undefined ? undefined : ESCAPES[next];
    if (escaped !== undefined) {
      literal += escaped;
      i += 2;
    } else if (next === '{') {
      const macro = scanMacro(text, i, syntax);
      if (!macro.ok) return macro;
      flush();
      tokens.push(macro.token);
      i = macro.end;
    } else {
      return { ok: false, code: 'invalid-macro', offset: i, macro: { text: text.slice(i, i + 2), problem: 'bad-escape' } };
    }
    tailStart = i;
    endsWithExpand = true;
  }
  flush();
  return { ok: true, scan: { tokens, tailStart, endsWithExpand } };
}

type MacroScan = { ok: true; token: MacroToken; end: number } | Failure;

/** The `%{...}` as written (to its "}", or to the end of the term when it has none), and what is wrong with it. */
function fault(text: string, start: number, problem: MacroFault['problem']): Failure {
  const next = text.indexOf('%', start + 1);
  let close = text.indexOf('}', start);
  if (next >= 0 && close > next) close = -1; // "%{ir.%{d}": the "}" belongs to the next macro
  const written = close >= 0 ? text.slice(start, close + 1) : text.slice(start, next >= 0 ? next : undefined);
  return { ok: false, code: 'invalid-macro', offset: start, macro: { text: written, problem: close < 0 && problem !== 'unknown-letter' ? 'unclosed' : problem } };
}

// "%{" macro-letter transformers *delimiter "}" with transformers = *DIGIT [ "r" ].
function scanMacro(text: string, start: number, syntax: MacroSyntax): MacroScan {
  let i = start + 2;
  const raw = text[i] ?? '';
  const letter = raw.toLowerCase();
  if (!LETTERS.has(letter)) return fault(text, start, 'unknown-letter');
  if (EXPLANATION_ONLY.has(letter) && !syntax.explanation) {
    return { ok: false, code: 'macro-letter-not-allowed', offset: start };
  }
  i++;
  const digitsStart = i;
  while (i < text.length && text[i]! >= '0' && text[i]! <= '9') i++;
  const digits = text.slice(digitsStart, i);
  // RFC 7208 §7.3: "If a DIGIT is specified, the value MUST be nonzero."
  if (digits && /^0+$/.test(digits)) return fault(text, start, 'zero-parts');
  let reverse = false;
  if (text[i] === 'r' || text[i] === 'R') {
    reverse = true;
    i++;
  }
  let delimiters = '';
  while (i < text.length && DELIMITERS.includes(text[i]!)) delimiters += text[i++];
  if (text[i] !== '}') return fault(text, start, 'bad-transformer');
  const token: MacroToken = {
    kind: 'macro',
    letter: letter as MacroLetter,
    escape: raw !== letter,
    reverse,
    delimiters: delimiters || '.',
  };
  // More parts than a 253-octet name can hold is "all of them"; the cap keeps the number finite.
  if (digits) token.keep = digits.length > 4 ? 9999 : Number(digits);
  return { ok: true, token, end: i + 1 };
}

/** Parses a macro-string (RFC 7208 §7.1), or an explain-string when `syntax.explanation` is set. */
export function parseMacroString(text: string, syntax: MacroSyntax = {}): MacroParse {
  const result = scan(text, syntax);
  return result.ok ? { ok: true, value: { text, tokens: result.scan.tokens } } : result;
}

// toplabel = ( *alphanum ALPHA *alphanum ) / ( 1*alphanum "-" *( alphanum / "-" ) alphanum )
const TOPLABEL = /^(?:[0-9A-Za-z]*[A-Za-z][0-9A-Za-z]*|[0-9A-Za-z]+-[0-9A-Za-z-]*[0-9A-Za-z])$/;

/**
 * domain-spec = macro-string domain-end; domain-end = ( "." toplabel [ "." ] ) / macro-expand
 * (RFC 7208 §7.1). Checked as written, never after expansion.
 */
export function parseDomainSpec(text: string): MacroParse {
  if (text === '') return { ok: false, code: 'missing-argument', offset: 0 };
  const result = scan(text, {});
  if (!result.ok) return result;
  const { tokens, tailStart, endsWithExpand } = result.scan;
  if (!endsWithExpand) {
    const tail = text.slice(tailStart);
    const body = tail.endsWith('.') ? tail.slice(0, -1) : tail;
    const dot = body.lastIndexOf('.');
    if (dot < 0 || !TOPLABEL.test(body.slice(dot + 1))) {
      return { ok: false, code: 'invalid-domain-spec', offset: tailStart + Math.max(dot, 0) };
    }
  }
  return { ok: true, value: { text, tokens } };
}

/** The macro letters a string uses (to know when `%{p}` lookups are needed, or whether a target is static). */
export function macroLetters(value: MacroString): Set<MacroLetter> {
  const letters = new Set<MacroLetter>();
  for (const token of value.tokens) if (token.kind === 'macro') letters.add(token.letter);
  return letters;
}
