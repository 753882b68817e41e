// A whole SPF record: version, terms split on spaces, single redirect/exp (RFC 7208 §4.5, §4.6, §6); all syntax checked up front.

import type { MechanismTerm, ModifierTerm, ParseResult, SpfRecord, Term } from './ast.js';
import { parseTerm } from './term-parse.js';

// RFC 7208 §4.5: "v=spf1" exactly (case-insensitive), followed by a space or the end of the record.
const VERSION = /^v=spf1(?: |$)/i;

/** True when a TXT record (its strings already joined) is an SPF record (RFC 7208 §4.5). */
export function isSpfRecord(text: string): boolean {
  return VERSION.test(text);
}

/**
 * Parses a record completely before any evaluation: RFC 7208 §4.6 says syntax errors anywhere
 * in the record must be detected, even after a matching mechanism.
 */
export function parseRecord(text: string): ParseResult<SpfRecord> {
  if (!isSpfRecord(text)) return { ok: false, error: { code: 'not-spf1', position: 0, term: text.slice(0, 6) } };
  const terms: Term[] = [];
  const mechanisms: MechanismTerm[] = [];
  const known: { redirect?: ModifierTerm; exp?: ModifierTerm } = {};
  // Terms are separated by one or more SP, and trailing spaces are allowed (RFC 7208 §4.6.1, §12).
  const pattern = / *([^ ]+)/g;
  pattern.lastIndex = 6;
  for (let match = pattern.exec(text); match; match = pattern.exec(text)) {
    const raw = match[1]!;
    const position = match.index + match[0].length - raw.length;
    const parsed = parseTerm(raw, position);
    if (!parsed.ok) return parsed;
    const term = parsed.value;
    terms.push(term);
    if (term.type === 'mechanism') {
      mechanisms.push(term);
    } else if (term.name === 'redirect' || term.name === 'exp') {
      // RFC 7208 §6: "These two modifiers MUST NOT appear in a record more than once each."
      if (known[term.name]) {
        return { ok: false, error: { code: 'duplicate-modifier', position, term: raw, at: position, name: term.name } };
      }
      known[term.name] = term;
    }
  }
  return { ok: true, value: { text, terms, mechanisms, ...known } };
}

/**
 * The terms of a record that does not parse, with the bad ones left out (a second redirect/exp too).
 * Not for evaluation (such a record is permerror, RFC 7208 §4.6): only so that a whole-record report can
 * still say what the rest of it does (its `all`, its includes, its lookups) besides the syntax error.
 */
export function parseRecordLenient(text: string): SpfRecord {
  const terms: Term[] = [];
  const mechanisms: MechanismTerm[] = [];
  const known: { redirect?: ModifierTerm; exp?: ModifierTerm } = {};
  const pattern = / *([^ ]+)/g;
  pattern.lastIndex = isSpfRecord(text) ? 6 : text.length;
  for (let match = pattern.exec(text); match; match = pattern.exec(text)) {
    const raw = match[1]!;
    const parsed = parseTerm(raw, match.index + match[0].length - raw.length);
    if (!parsed.ok) continue;
    const term = parsed.value;
    if (term.type === 'modifier' && (term.name === 'redirect' || term.name === 'exp')) {
      if (known[term.name]) continue;
      known[term.name] = term;
    }
    terms.push(term);
    if (term.type === 'mechanism') mechanisms.push(term);
  }
  return { text, terms, mechanisms, ...known };
}
