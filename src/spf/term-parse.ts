// One SPF term to a mechanism or modifier (RFC 7208 §4.6.1, §5, §6; ABNF in §12), with the offset of the first error.

import type { MacroFault, Mechanism, MechanismKind, ParseResult, Qualifier, SyntaxErrorCode, Term } from './ast.js';
import { parseIp4, parseIp6 } from './ip.js';
import { parseDomainSpec, parseMacroString, type MacroParse } from './macro-parse.js';

// name = ALPHA *( ALPHA / DIGIT / "-" / "_" / "." ) (RFC 7208 §6); a modifier is name "=" ...
const NAME = /^[A-Za-z][A-Za-z0-9\-_.]*/;
const QUALIFIERS = '+-~?';
const MECHANISMS = new Set<string>(['all', 'include', 'a', 'mx', 'ptr', 'ip4', 'ip6', 'exists']);
// ip4-cidr-length = "/" ("0" / %x31-39 0*1DIGIT), at most 32; ip6-cidr-length = "/" ("0" / %x31-39 0*2DIGIT), at most 128.
const CIDR4 = /^(?:0|[1-9][0-9]?)$/;
const CIDR6 = /^(?:0|[1-9][0-9]{0,2})$/;
// dual-cidr-length = [ ip4-cidr-length ] [ "/" ip6-cidr-length ], found at the end of an `a` or `mx` term.
const DUAL_CIDR_SUFFIX = /(?:\/([0-9]+))?(?:\/\/([0-9]+))?$/;

type Arg = { ok: true; mechanism: Mechanism } | { ok: false; code: SyntaxErrorCode; offset: number; name?: string; macro?: MacroFault };

function fail(code: SyntaxErrorCode, offset: number): Arg {
  return { ok: false, code, offset };
}

function prefix(digits: string, pattern: RegExp, max: number): number | undefined {
  if (!pattern.test(digits)) return undefined;
  const value = Number(digits);
  return value <= max ? value : undefined;
}

/** `:domain-spec` after a mechanism name, starting at `offset` of `rest` within the term. */
function domainArg(rest: string, offset: number, required: boolean): MacroParse | undefined {
  if (rest === '') return required ? { ok: false, code: 'missing-argument', offset } : undefined;
  const parsed = parseDomainSpec(rest.slice(1));
  return parsed.ok ? parsed : { ...parsed, offset: offset + 1 + parsed.offset };
}

function parseAOrMx(kind: 'a' | 'mx', rest: string, at: number): Arg {
  const match = DUAL_CIDR_SUFFIX.exec(rest);
  const cut = match?.index ?? rest.length;
  const head = rest.slice(0, cut);
  if (head !== '' && !head.startsWith(':')) return fail(head.startsWith('/') ? 'invalid-cidr' : 'unexpected-argument', at);
  const mechanism: Mechanism = { kind };
  const [, four, six] = match ?? [];
  if (four !== undefined) {
    const cidr4 = prefix(four, CIDR4, 32);
    if (cidr4 === undefined) return fail('invalid-cidr', at + cut);
    mechanism.cidr4 = cidr4;
  }
  if (six !== undefined) {
    const cidr6 = prefix(six, CIDR6, 128);
    if (cidr6 === undefined) return fail('invalid-cidr', at + cut);
    mechanism.cidr6 = cidr6;
  }
  const domain = domainArg(head, at, false);
  if (domain && !domain.ok) return domain;
  if (domain) mechanism.domain = domain.value;
  return { ok: true, mechanism };
}

function parseIp(kind: 'ip4' | 'ip6', rest: string, at: number): Arg {
  if (!rest.startsWith(':') || rest.length === 1) return fail('missing-argument', at);
  const slash = rest.indexOf('/');
  const address = slash < 0 ? rest.slice(1) : rest.slice(1, slash);
  const network = kind === 'ip4' ? parseIp4(address) : parseIp6(address);
  if (!network) return fail(kind === 'ip4' ? 'invalid-ip4' : 'invalid-ip6', at + 1);
  if (slash < 0) return { ok: true, mechanism: { kind, address, network } };
  const length = kind === 'ip4' ? prefix(rest.slice(slash + 1), CIDR4, 32) : prefix(rest.slice(slash + 1), CIDR6, 128);
  if (length === undefined) return fail('invalid-cidr', at + slash);
  return { ok: true, mechanism: { kind, address, prefix: length, network } };
}

function parseMechanism(kind: MechanismKind, rest: string, at: number): Arg {
  switch (kind) {
    case 'all':
      return rest === '' ? { ok: true, mechanism: { kind } } : fail('unexpected-argument', at);
    case 'include':
    case 'exists': {
      if (rest !== '' && !rest.startsWith(':')) return fail('unexpected-argument', at);
      const domain = domainArg(rest, at, true)!;
      return domain.ok ? { ok: true, mechanism: { kind, domain: domain.value } } : domain;
    }
    case 'ptr': {
      if (rest !== '' && !rest.startsWith(':')) return fail('unexpected-argument', at);
      const domain = domainArg(rest, at, false);
      if (!domain) return { ok: true, mechanism: { kind } };
      return domain.ok ? { ok: true, mechanism: { kind, domain: domain.value } } : domain;
    }
    case 'a':
    case 'mx':
      return parseAOrMx(kind, rest, at);
    case 'ip4':
    case 'ip6':
      return parseIp(kind, rest, at);
  }
}

function parseModifier(text: string, position: number, name: string): ParseResult<Term> {
  const lower = name.toLowerCase();
  const raw = text.slice(name.length + 1);
  // redirect and exp take a domain-spec; an unknown modifier only needs a valid macro-string (RFC 7208 §6, §12).
  const value = lower === 'redirect' || lower === 'exp' ? parseDomainSpec(raw) : parseMacroString(raw, { explanation: true });
  if (!value.ok) {
    const error = { code: value.code, position, term: text, at: position + name.length + 1 + value.offset, name: lower };
    return { ok: false, error: value.macro ? { ...error, macro: value.macro } : error };
  }
  return { ok: true, value: { type: 'modifier', text, position, name: lower, value: value.value } };
}

/** Parses one space-free term found at `position` in the record. */
export function parseTerm(text: string, position: number): ParseResult<Term> {
  const modifier = NAME.exec(text)?.[0];
  if (modifier !== undefined && text[modifier.length] === '=') return parseModifier(text, position, modifier);
  const hasQualifier = QUALIFIERS.includes(text[0] ?? '');
  const body = hasQualifier ? text.slice(1) : text;
  const nameMatch = NAME.exec(body);
  const start = hasQualifier ? 1 : 0;
  if (!nameMatch) {
    const bad = /[^\x20-\x7e]/.exec(body)?.index;
    const code: SyntaxErrorCode = bad !== undefined ? 'invalid-character' : 'invalid-term';
    return { ok: false, error: { code, position, term: text, at: position + start + (bad ?? 0) } };
  }
  const name = nameMatch[0].toLowerCase();
  if (!MECHANISMS.has(name)) {
    return { ok: false, error: { code: 'unknown-mechanism', position, term: text, at: position + start, name } };
  }
  const restAt = start + nameMatch[0].length;
  const arg = parseMechanism(name as MechanismKind, body.slice(nameMatch[0].length), restAt);
  if (!arg.ok) {
    const error = { code: arg.code, position, term: text, at: position + arg.offset, name };
    return { ok: false, error: arg.macro ? { ...error, macro: arg.macro } : error };
  }
  const qualifier = (hasQualifier ? text[0] : '+') as Qualifier;
  return { ok: true, value: { type: 'mechanism', text, position, qualifier, mechanism: arg.mechanism } };
}
