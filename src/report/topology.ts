// The terminal's first answer: the six mail flows as a small picture of the topology, one status word and mark per path.
//
// Each flow is one line that reads on its own, left to right, in the order mail travels ("fail  Internet →
// Microsoft 365 → connector → hosting"), so a screen reader reading line by line gets the picture in words;
// the paths are indented so that "Microsoft 365" stands in one column for the eye. The status is a word with
// a mark, never a colour alone. Under a flow that is not pass, one line names the checks that decided it.
import { FLOWS, type Flow, type FlowId } from '../engine/flows.js';
import type { Finding, Status } from '../engine/types.js';
import { byLoss } from './fix-first.js';
import { escapeControl } from '../util/text.js';
import { MARKS, type Style } from './style.js';
import { wrapText } from './wrap.js';

/** Indent of a path so that "Microsoft 365" lines up under "Internet → Microsoft 365" ("Internet → " is 11 columns). */
const INDENT: Partial<Record<FlowId, number>> = { 'm365-to-hosting': 11, 'hosting-to-m365': 1 };

/** The widest path, indent included: "Internet → Microsoft 365 → connector → hosting". */
const PATH_WIDTH = Math.max(...Object.entries(FLOWS).map(([id, f]) => (INDENT[id as FlowId] ?? 0) + f.path.length));

/** "  ✖ fail  ": the status column, as in the per-check lines below it. */
const LEAD = 10;

const WORDS: Partial<Record<Status, string>> = { fail: 'fails', error: 'unverified', warn: 'warns' };

export function statusLabel(status: Status, style: Style): string {
  return style.status(status, `${MARKS[status]} ${status.padEnd(5)}`);
}

/** The status column of a line: "  ✖ fail  ", LEAD columns wide. */
function statusColumn(status: Status, style: Style): string {
  return `  ${statusLabel(status, style)} `;
}

/**
 * The line under a flow: which of its checks fail, could not be verified, or warn, worst first (and "see above"
 * for what a root cause explains). One line in `room` columns: a long list keeps its first id and counts the rest.
 */
function decidedBy(flow: Flow, flows: readonly Flow[], byId: ReadonlyMap<string, Finding>, moot: ReadonlySet<string>, room: number, below: boolean): string | undefined {
  if (flow.checks.length === 0) return 'no check of this run decides it';
  if (flow.status === 'skip') return `not checked: ${flow.checks.length === 1 ? `${escapeControl(flow.checks[0]!)} was` : `all ${flow.checks.length} of its checks were`} skipped${below ? ' (see below)' : ''}`;
  const groups: [word: string, ids: string[]][] = [];
  for (const status of ['fail', 'error', 'warn'] as const) {
    const ids = byLoss(flow.checks.filter((id) => byId.get(id)?.status === status), (id) => id, flows);
    if (ids.length > 0) groups.push([WORDS[status]!, ids.map(escapeControl)]);
  }
  if (groups.length > 0 && flow.checks.filter((id) => byId.get(id)?.status !== 'pass' && byId.get(id)?.status !== 'skip').every((id) => moot.has(id))) return 'see above';
  // A pass with skipped checks is a pass of what was checked: say how much was not.
  if (groups.length === 0) return flow.skipped.length > 0 ? `${flow.skipped.length} of its ${flow.checks.length} checks skipped` : undefined;
  const said = (list: typeof groups, short: boolean) =>
    list.map(([word, ids]) => `${word}: ${short && ids.length > 1 ? `${ids[0]} +${ids.length - 1}` : ids.join(', ')}`).join(' · ');
  for (const text of [said(groups, false), said(groups, true), said(groups.slice(0, 1), true)]) if (text.length <= room) return text;
  return said(groups.slice(0, 1), true);
}

export interface TopologyOptions {
  style: Style;
  width: number;
  /** Findings a root cause explains: a flow decided only by them says "see above". */
  moot?: ReadonlySet<string>;
  /** False under --summary: no check's detail follows, so nothing says "see below". */
  detailsBelow?: boolean;
}

/** The "Mail flows" block: a heading, a line per flow, a line under each one that is not plainly pass, and the checks of no flow. */
export function topologyLines(flows: readonly Flow[], results: readonly Finding[], options: TopologyOptions): string[] {
  const { style, width } = options;
  const moot = options.moot ?? new Set<string>();
  const byId = new Map(results.map((f) => [f.id, f]));
  const idWidth = Math.max(...flows.map((f) => f.id.length));
  // Below ~77 columns the flow id does not fit beside the path: it leads the line under it instead.
  const idColumn = LEAD + PATH_WIDTH + 2 + idWidth <= width;
  const lines = [style.bold('Mail flows')];
  const indent = ' '.repeat(LEAD);
  for (const flow of flows) {
    const path = ' '.repeat(INDENT[flow.id] ?? 0) + FLOWS[flow.id].path;
    lines.push(`${statusColumn(flow.status, style)}${idColumn ? `${path.padEnd(PATH_WIDTH)}  ${flow.id}` : path}`);
    const why = decidedBy(flow, flows, byId, moot, width - LEAD - (idColumn ? 0 : flow.id.length + 2), options.detailsBelow !== false);
    const under = idColumn ? why : [flow.id, why].filter(Boolean).join(': ');
    if (under && (flow.status !== 'pass' || flow.skipped.length > 0 || !idColumn)) lines.push(...wrapText(under, width, indent, indent).split('\n').map((l) => style.dim(l)));
  }
  const inFlows = new Set(flows.flatMap((f) => f.checks));
  const outside = (['fail', 'error', 'warn'] as const).flatMap((status) => {
    const ids = results.filter((f) => f.status === status && !inFlows.has(f.id) && !moot.has(f.id)).map((f) => escapeControl(f.id));
    return ids.length > 0 ? [`${WORDS[status]}: ${ids.join(', ')}`] : [];
  });
  if (outside.length > 0) lines.push(wrapText(`Outside the mail flows (set-up, propagation): ${outside.join(' · ')}`, width, '  ', '  '));
  return lines;
}
