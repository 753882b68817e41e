// Macro expansion of RFC 7208 §7.3: letters, transformers, delimiters, URL escaping; pure, synchronous, never throws.

import type { MacroLetter, MacroString } from './ast.js';
import { UNKNOWN_PTR } from './constants.js';
import { truncateDomain, withoutTrailingDot } from './domain-name.js';
import { dottedIp, formatIp, type IpAddress } from './ip.js';

/** Everything a macro can refer to. `%{p}` needs DNS, so the caller resolves it first when a string uses it. */
export interface MacroContext {
  /** <sender>: "local-part@domain" (local-part "postmaster" when it was empty, RFC 7208 §4.3). */
  sender: string;
  local: string;
  senderDomain: string;
  /** The current <domain> (changes with include and redirect). */
  domain: string;
  ip: IpAddress;
  helo: string;
  /** `%{p}`: the validated domain name of <ip>; "unknown" when absent (RFC 7208 §7.3). */
  validatedDomain?: string;
  /** `%{r}`: the receiving host's domain (RFC 7208 §7.3; "unknown" by default). */
  receiver: string;
  /** `%{t}`: seconds since the epoch. */
  timestamp: number;
}

function letterValue(letter: MacroLetter, ctx: MacroContext): string {
  switch (letter) {
    case 's':
      return ctx.sender;
    case 'l':
      return ctx.local;
    case 'o':
      return ctx.senderDomain;
    case 'd':
      return ctx.domain;
    case 'i':
      return dottedIp(ctx.ip);
    case 'p':
      return ctx.validatedDomain ?? UNKNOWN_PTR;
    case 'v':
      return ctx.ip.family === 4 ? 'in-addr' : 'ip6';
    case 'h':
      return ctx.helo;
    case 'c':
      return formatIp(ctx.ip);
    case 'r':
      return ctx.receiver;
    case 't':
      return String(ctx.timestamp);
  }
}

const UNRESERVED = /[A-Za-z0-9\-._~]/; // RFC 3986 §2.3
const encoder = new TextEncoder();

/** RFC 7208 §7.3: upper-case macros are URL-escaped; every octet outside "unreserved" becomes %XX. */
export function urlEscape(value: string): string {
  let out = '';
  for (const char of value) {
    if (UNRESERVED.test(char)) out += char;
    else for (const byte of encoder.encode(char)) out += `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

function splitOn(value: string, delimiters: string): string[] {
  const parts: string[] = [];
  let current = '';
  for (const char of value) {
    if (delimiters.includes(char)) {
      parts.push(current);
      current = '';
    } else current += char;
  }
  parts.push(current);
  return parts;
}

/** Expands a macro string as is (explanation text, unknown modifiers). */
export function expandMacro(value: MacroString, ctx: MacroContext): string {
  let out = '';
  for (const token of value.tokens) {
    if (token.kind === 'literal') {
      out += token.text;
      continue;
    }
    let parts = splitOn(letterValue(token.letter, ctx), token.delimiters);
    if (token.reverse) parts.reverse();
    if (token.keep !== undefined && parts.length > token.keep) parts = parts.slice(parts.length - token.keep);
    const joined = parts.join('.');
    out += token.escape ? urlEscape(joined) : joined;
  }
  return out;
}

/** Expands a domain-spec into a name to query: trailing dot dropped, then cut to 253 octets from the left (§7.3). */
export function expandDomain(value: MacroString, ctx: MacroContext): string {
  return truncateDomain(withoutTrailingDot(expandMacro(value, ctx)));
}
