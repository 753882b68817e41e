// The exp= explanation of RFC 7208 §6.2: one TXT record, ASCII, macro-expanded; any problem means no explanation.

import type { ModifierTerm } from './ast.js';
import { traceOf, txtOf } from './dns.js';
import { expandTarget, macroContext, resolveP, type Evaluation } from './evaluation.js';
import { expandMacro } from './macro-expand.js';
import { parseMacroString } from './macro-parse.js';
import type { TermNode } from './result.js';

/**
 * Fetches and expands the explanation of a `fail`. Its lookups count toward no limit: RFC 7208
 * §4.6.4 lists only the terms that do, and the openspf suite (exp-void) checks voids are not counted.
 */
export async function explain(ev: Evaluation, exp: ModifierTerm, domain: string, node: TermNode): Promise<string | undefined> {
  const target = await expandTarget(ev, exp.value, domain, node);
  const lookup = await ev.dns.lookup(target, 'TXT');
  node.queries.push(traceOf(target, 'TXT', lookup));
  // "if there are any DNS processing errors ..., or if no records are returned, or if more than one record
  // is returned, or if there are syntax errors in the explanation string, then proceed as if no exp
  // modifier was given" (RFC 7208 §6.2).
  if (lookup.kind !== 'answer') return undefined;
  const records = txtOf(lookup.records);
  if (records.length !== 1) return undefined;
  // Only US-ASCII is allowed (RFC 7208 §6.2); the explain-string grammar rejects anything else.
  const text = parseMacroString(records[0]!.join(''), { explanation: true });
  if (!text.ok) return undefined;
  return expandMacro(text.value, macroContext(ev, domain, await resolveP(ev, text.value, domain, node)));
}
