// Building the nodes of the evaluation tree shared by check_host() and the whole-tree analysis.

import type { Term } from './ast.js';
import type { TermNode } from './result.js';

/** A fresh node for a term, before evaluation fills in its outcome, target, queries and lookups. */
export function termNode(term: Term): TermNode {
  const node: TermNode = {
    text: term.text,
    position: term.position,
    type: term.type,
    name: term.type === 'mechanism' ? term.mechanism.kind : term.name,
    lookups: 0,
    queries: [],
  };
  if (term.type === 'mechanism') node.qualifier = term.qualifier;
  return node;
}
