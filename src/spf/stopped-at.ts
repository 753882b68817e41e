// Where a check_host() evaluation stopped: the term that decided its result, followed down through includes and redirects.

import type { RecordNode, SpfCheckResult, TermRef } from './result.js';

export interface StopPoint {
  /** `match`: a mechanism matched; `error`: a term ended it in permerror or temperror; `end`: no mechanism matched (RFC 7208 §4.7). */
  outcome: 'match' | 'error' | 'end';
  /** The deciding term; for `end`, absent, and `domain` is the record that ran out of terms. */
  at?: TermRef;
  domain: string;
  /** The include and redirect terms taken on the way down, top first ("include:spf.protection.outlook.com"). */
  via: string[];
}

const MAX_DEPTH = 64;

function walk(node: RecordNode, via: string[]): StopPoint {
  for (const term of node.terms) {
    const child = term.child;
    const descend =
      child !== undefined &&
      child.record !== undefined &&
      via.length < MAX_DEPTH &&
      // An include that matched or failed is decided inside its record; a followed redirect always is (RFC 7208 §5.2, §6.1).
      ((term.name === 'include' && (term.outcome === 'match' || (term.outcome === 'error' && (child.result === 'permerror' || child.result === 'temperror')))) ||
        (term.name === 'redirect' && term.outcome === 'followed'));
    if (descend) return walk(child, [...via, term.text]);
    if (term.outcome === 'match' || term.outcome === 'error') {
      return { outcome: term.outcome, at: { domain: node.domain, term: term.text, position: term.position }, domain: node.domain, via };
    }
    if (term.outcome === 'followed' && term.name === 'redirect') {
      // A redirect that ended before its record was evaluated (its lookup over the limit, a target without a record).
      return { outcome: 'error', at: { domain: node.domain, term: term.text, position: term.position }, domain: node.domain, via };
    }
  }
  return { outcome: node.result === 'permerror' || node.result === 'temperror' ? 'error' : 'end', domain: node.domain, via };
}

/** The term where `result`'s evaluation stopped, found in its tree. */
export function stoppedAt(result: SpfCheckResult): StopPoint {
  return walk(result.tree, []);
}
