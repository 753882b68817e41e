// The parsed form of an SPF record: terms, mechanisms, modifiers, macro strings and syntax errors (RFC 7208 §4.6, §5–§7, §12).

import type { IpAddress } from './ip.js';

/** RFC 7208 §4.6.2: `+` pass (the default), `-` fail, `~` softfail, `?` neutral. */
export type Qualifier = '+' | '-' | '~' | '?';

/** Macro letters of RFC 7208 §7.2; `c`, `r` and `t` are allowed only in explanation text. */
export type MacroLetter = 's' | 'l' | 'o' | 'd' | 'i' | 'p' | 'h' | 'c' | 'r' | 't' | 'v';

/** A piece of a macro string: literal text (with `%%`, `%_`, `%-` already decoded) or a macro. */
export type MacroToken =
  | { kind: 'literal'; text: string }
  | {
      kind: 'macro';
      letter: MacroLetter;
      /** Upper-case letter: the expansion is URL-escaped (RFC 7208 §7.3). */
      escape: boolean;
      /** Keep this many right-hand parts (RFC 7208 §7.3); undefined keeps all. */
      keep?: number;
      reverse: boolean;
      /** Delimiters to split on; "." when none were given (RFC 7208 §7.3). */
      delimiters: string;
    };

/** A macro string as written, with its tokens. */
export interface MacroString {
  text: string;
  tokens: MacroToken[];
}

export type MechanismKind = 'all' | 'include' | 'a' | 'mx' | 'ptr' | 'ip4' | 'ip6' | 'exists';

/** Mechanisms whose evaluation queries DNS and counts toward the limit of RFC 7208 §4.6.4. */
export const DNS_MECHANISMS: ReadonlySet<MechanismKind> = new Set(['include', 'a', 'mx', 'ptr', 'exists']);

export type Mechanism =
  | { kind: 'all' }
  | { kind: 'include' | 'exists'; domain: MacroString }
  | { kind: 'a' | 'mx'; domain?: MacroString; cidr4?: number; cidr6?: number }
  | { kind: 'ptr'; domain?: MacroString }
  | { kind: 'ip4' | 'ip6'; address: string; prefix?: number; /** The address parsed once, at parse time. */ network: IpAddress };

interface TermBase {
  /** The term as written. */
  text: string;
  /** 0-based offset of the term in the record text. */
  position: number;
}

export interface MechanismTerm extends TermBase {
  type: 'mechanism';
  qualifier: Qualifier;
  mechanism: Mechanism;
}

export interface ModifierTerm extends TermBase {
  type: 'modifier';
  /** Lower-case name; `redirect` and `exp` are the known ones (RFC 7208 §6), others are ignored. */
  name: string;
  value: MacroString;
}

export type Term = MechanismTerm | ModifierTerm;

export interface SpfRecord {
  text: string;
  terms: Term[];
  mechanisms: MechanismTerm[];
  redirect?: ModifierTerm;
  exp?: ModifierTerm;
}

export type SyntaxErrorCode =
  | 'not-spf1' // the text does not start with "v=spf1" followed by a space or its end (RFC 7208 §4.5)
  | 'invalid-character' // a control or non-ASCII octet (RFC 7208 §3.1, §4.6.1)
  | 'unknown-mechanism' // e.g. `ipv4:` (RFC 7208 §4.6.1)
  | 'invalid-term' // neither mechanism nor modifier, e.g. `=all`, `1up=x`
  | 'missing-argument' // `include`, `exists`, `ip4` without `:value`, or an empty domain-spec
  | 'unexpected-argument' // `all:x`, `ptr/24`
  | 'invalid-domain-spec' // RFC 7208 §7.1: must end in a macro or "." toplabel
  | 'invalid-macro' // RFC 7208 §7.1: `%` not followed by `{`, `%`, `_`, `-`, or a bad `%{...}`
  | 'macro-letter-not-allowed' // `c`, `r`, `t` outside explanation text (RFC 7208 §7.2)
  | 'invalid-cidr' // prefix length syntax or range (RFC 7208 §5.6)
  | 'invalid-ip4'
  | 'invalid-ip6'
  | 'duplicate-modifier'; // `redirect` or `exp` twice (RFC 7208 §6)

export interface SpfSyntaxError {
  code: SyntaxErrorCode;
  /** 0-based offset of the offending term in the record text (of the string, for a bare macro string). */
  position: number;
  /** The offending term as written. */
  term: string;
  /** 0-based offset in the record of the exact offending character, when known. */
  at?: number;
  /** The mechanism or modifier name concerned, when known (`ipv4` for an unknown mechanism). */
  name?: string;
  /** For `invalid-macro`: the macro as written and what is wrong with it. */
  macro?: MacroFault;
}

/** What is wrong with a `%` expression (RFC 7208 §7.1, §7.3). */
export interface MacroFault {
  /** The offending text, e.g. `%{d0}` or `%x`. */
  text: string;
  problem:
    | 'zero-parts' // `%{d0}`: "If a DIGIT is specified, the value MUST be nonzero" (§7.3)
    | 'unknown-letter' // `%{x}`: not one of s l o d i p h c r t v (§7.2)
    | 'bad-transformer' // `%{d2x}`: only digits, "r" and delimiters may follow the letter (§7.1)
    | 'unclosed' // `%{d` with no "}"
    | 'bad-escape'; // `%x`: "%" must start "%{", "%%", "%_" or "%-" (§7.1)
}

export type ParseResult<T> = { ok: true; value: T } | { ok: false; error: SpfSyntaxError };
