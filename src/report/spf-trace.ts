// The terminal trace of `splitcheck spf`: the result, the counts, and each record's terms with what they did.
import type { RecordNode, SpfCheckResult, TermNode } from '../spf/index.js';
import { describeReason } from '../spf/index.js';
import { escapeControl } from '../util/text.js';
import { createStyle, type Style } from './style.js';

export interface SpfTraceInput {
  ip: string;
  domain: string;
  sender: string;
  helo: string;
  result: SpfCheckResult;
}

const OUTCOME: Record<NonNullable<TermNode['outcome']>, string> = {
  match: 'match',
  'no-match': 'no match',
  error: 'error',
  'not-reached': 'not reached',
  followed: 'followed',
  ignored: 'ignored',
};

function termLine(t: TermNode, style: Style): string {
  const outcome = t.outcome ? OUTCOME[t.outcome] : '';
  const what: string[] = [];
  if (t.matched?.name) what.push(t.matched.name);
  if (t.matched?.address) what.push(t.matched.address);
  const queries = t.queries.map((q) => `${q.type} ${q.name}: ${q.outcome}${q.count !== undefined ? ` (${q.count})` : ''}`);
  const cost = t.lookups > 0 ? ` [${t.lookups} lookup${t.lookups === 1 ? '' : 's'}${t.void ? ', void' : ''}]` : '';
  const detail = [...what, ...queries].join('; ');
  const mark = t.outcome === 'match' ? style.status('pass', outcome) : t.outcome === 'error' ? style.status('fail', outcome) : style.dim(outcome);
  return `${escapeControl(t.text).padEnd(36)} ${mark}${cost}${detail ? `  ${escapeControl(detail)}` : ''}`;
}

function recordLines(node: RecordNode, style: Style, depth: number, out: string[]): void {
  const pad = '  '.repeat(depth);
  const head = node.record === undefined ? '(no record)' : escapeControl(node.record);
  out.push(`${pad}${style.bold(escapeControl(node.domain))}${node.via === 'top' ? '' : ` (${node.via})`}: ${head}`);
  if (node.reason) out.push(`${pad}  ${style.dim(`→ ${node.result ?? ''}: ${escapeControl(describeReason(node.reason))}`)}`);
  for (const t of node.terms) {
    out.push(`${pad}  ${termLine(t, style)}`);
    if (t.child) recordLines(t.child, style, depth + 2, out);
  }
}

export function renderSpfTrace(input: SpfTraceInput, options: { color: boolean }): string {
  const style = createStyle(options.color);
  const r = input.result;
  const status = r.result === 'pass' ? 'pass' : r.result === 'fail' || r.result === 'permerror' ? 'fail' : r.result === 'temperror' ? 'error' : 'warn';
  const lines = [
    style.bold(`SPF check_host(${escapeControl(input.ip)}, ${escapeControl(input.domain)})`),
    style.dim(`sender ${escapeControl(input.sender)} · helo ${escapeControl(input.helo)}`),
    '',
    `Result: ${style.status(status, r.result)}  (${r.lookups} of 10 DNS-querying terms, ${r.voidLookups} of 2 void lookups)`,
  ];
  if (r.reason) lines.push(`Reason: ${escapeControl(describeReason(r.reason))}`);
  if (r.explanation !== undefined) lines.push(`Explanation: ${escapeControl(r.explanation)}`);
  lines.push('');
  recordLines(r.tree, style, 0, lines);
  return `${lines.join('\n')}\n`;
}
