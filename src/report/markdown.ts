// The Markdown report (--format markdown): a summary table and a "What to fix" list, ready to paste into a ticket.
//
// CommonMark with GFM tables. Everything that comes from the report is data: DNS and SMTP text can
// hold anything, so it is escaped until it can only render as the text it is (no link, image, HTML,
// emphasis, heading, list or extra table column), and record lines go into code so they copy cleanly.
import { exitWording } from '../engine/exit-codes.js';
import { FLOW_IDS, FLOWS, type Flow } from '../engine/flows.js';
import type { Finding, Report, Status } from '../engine/types.js';
import { FLOW_LEGEND, type DomainRow } from './many.js';
import { escapeControl, plural } from '../util/text.js';
import { evidenceLines } from './evidence.js';
import { byLoss, problemsByLoss } from './fix-first.js';
import { rootCause, type RootCause } from './root-cause.js';
import { RECORD_LINE } from './wrap.js';

export interface MarkdownOptions {
  /** A line under the heading (which resolvers were asked, replayed evidence, the demo). */
  subtitle?: string;
  /** `--strict`: say that warnings fail the run. Default: what the report's input says. */
  strict?: boolean;
  /** Level of the report's heading (default 1): 2 when several domains' reports share one document. */
  level?: number;
  /** A section after the mail flows, before the checks (--baseline: what is new, fixed and known). */
  afterFlows?: string;
}

const hashes = (level: number) => '#'.repeat(Math.min(6, Math.max(1, level)));

const BADGES: Record<Status, string> = {
  pass: '✅ pass',
  warn: '⚠️ warn',
  fail: '❌ fail',
  error: '⛔ error',
  skip: '⏭️ skip',
};

/** "What to fix" order: what is broken, then what could not be verified, then the risks, then the rest. */
const FIX_ORDER: readonly Status[] = ['fail', 'error', 'warn', 'skip'];


const MAX_EVIDENCE = 1000;

/**
 * A zone-file record inside a sentence ("publish: autodiscover.contoso.com. 3600 IN CNAME x."): name,
 * TTL, class, type, then one or more quoted strings (TXT) or up to three numbers and a target (MX, SRV).
 */
const INLINE_RECORD =
  /(?<=^|\s)[^\s"`]+\.\s+\d+\s+IN\s+[A-Z]+\s+(?:"(?:[^"\\]|\\.)*"(?:\s+"(?:[^"\\]|\\.)*")*|(?:\d+\s+){0,3}[^\s"]+)/g;

/**
 * Backslash-escape what has inline meaning (CommonMark §2.4 allows it for any ASCII punctuation):
 * `\` escapes, `` ` `` code, `*` `_` `~` emphasis and strikethrough, `[` `]` links and images,
 * `<` `>` HTML and autolinks, `&` entities, `|` table cells, `$` math (GitHub), `@` e-mail autolinks.
 * `www.` and `://` are broken up too, so GFM's extended autolinks do not fire on data.
 */
function escapeText(text: string): string {
  return text
    .replace(/[\\`*_~[\]<>&|$@]/g, '\\$&')
    .replace(/\b(www)\./gi, '$1\\.')
    .replace(/:\/\//g, '\\://');
}

/** A code span that holds `text` verbatim, whatever backticks it contains (CommonMark §6.1). */
function codeSpan(text: string): string {
  const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longest + 1);
  const pad = text.startsWith('`') || text.endsWith('`') || (/^ .*[^ ].* $/.test(text)) ? ' ' : '';
  return `${fence}${pad}${text}${pad}${fence}`;
}

/** A fenced code block that holds each line verbatim; the fence is longer than any backtick run inside. */
function codeBlock(lines: readonly string[]): string {
  const longest = Math.max(0, ...lines.flatMap((line) => (line.match(/`+/g) ?? []).map((run) => run.length)));
  const fence = '`'.repeat(Math.max(3, longest + 1));
  return [`${fence}text`, ...lines, fence].join('\n');
}

/** One line of running text: records inside it become code spans, the rest is escaped. */
function inline(line: string): string {
  const safe = escapeControl(line);
  let out = '';
  let last = 0;
  for (const match of safe.matchAll(INLINE_RECORD)) {
    out += escapeText(safe.slice(last, match.index)) + codeSpan(match[0]);
    last = match.index + match[0].length;
  }
  return out + escapeText(safe.slice(last));
}

/**
 * One paragraph from one line: nothing at its start may open a block. Leading spaces (indented code)
 * are trimmed; `*`, `>`, `_`, `` ` ``, `~`, `<` and `|` are escaped by `inline` already; what is left is
 * an ATX heading (`# `), a bullet (`- `, `+ `), a thematic break (`- - -`) and an ordered item (`1. `).
 * Each line is its own paragraph, so no line can be a setext underline or a table delimiter row.
 */
function paragraph(line: string): string {
  const text = inline(line.trim());
  if (/^(?:#{1,6}|[-+])(?:\s|$)/.test(text) || /^(?:-\s*){3,}$/.test(text)) return `\\${text}`;
  return text.replace(/^(\d{1,9})([.)])(?=\s|$)/, '$1\\$2');
}

/** Text as paragraphs, one per non-empty line, record lines gathered into code blocks. */
function blocks(text: string): string[] {
  const out: string[] = [];
  let records: string[] = [];
  const flush = () => {
    if (records.length > 0) out.push(codeBlock(records));
    records = [];
  };
  for (const line of text.split('\n')) {
    if (RECORD_LINE.test(line)) {
      records.push(escapeControl(line));
      continue;
    }
    flush();
    if (line.trim() !== '') out.push(paragraph(line));
  }
  flush();
  return out;
}

/** A table cell: one line (line breaks become spaces), escaped, `|` included. */
export function cell(text: string): string {
  return escapeText(escapeControl(text.replace(/\s*[\r\n]+\s*/g, ' ').trim()));
}

/** A check id as code when it is a plain id (all of the catalogue's are), else as escaped text. */
export function checkId(id: string): string {
  return /^[a-z0-9][a-z0-9.-]*$/i.test(id) ? `\`${id}\`` : escapeText(escapeControl(id));
}

/** Heading text: `#` escaped too, so data cannot end the heading in a closing `#` sequence that vanishes. */
function headingText(text: string): string {
  return inline(text).replace(/#/g, '\\#');
}

function heading(report: Report, subtitle: string | undefined, level: number): string[] {
  const out = [`${hashes(level)} splitcheck report for ${headingText(report.domain)}`, ''];
  const date = new Date(report.startedAt);
  const when = Number.isNaN(date.getTime())
    ? inline(report.startedAt)
    : `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
  out.push(`${when} · splitcheck ${inline(report.tool.version)}${report.replayed ? ' · replayed from saved evidence' : ''}`);
  if (subtitle?.trim()) out.push('', `_${inline(subtitle.trim())}_`);
  return out;
}

function summary(report: Report, strict: boolean): string {
  const s = report.summary;
  const counts = (['pass', 'warn', 'fail', 'error', 'skip'] as const).map((k) => `${s[k]} ${BADGES[k]}`).join(' · ');
  const outcome = exitWording(report.exitCode)?.outcome ?? 'done';
  const rule = strict ? ' With --strict, warnings count as problems.' : '';
  return `**Result: ${outcome} (exit ${report.exitCode}).** ${plural(report.results.length, 'check')}: ${counts}.${rule}`;
}

/** What decided a flow that is not pass: its failing, unverified and warning checks, worst first. */
function decidedBy(flow: Flow, flows: readonly Flow[], byId: ReadonlyMap<string, Finding>): string {
  if (flow.checks.length === 0) return 'no check of this run decides it';
  if (flow.status === 'skip') return 'not checked: every check skipped';
  const parts = (['fail', 'error', 'warn'] as const).flatMap((status) => {
    const ids = byLoss(flow.checks.filter((id) => byId.get(id)?.status === status), (id) => id, flows);
    return ids.length > 0 ? [`${status}: ${ids.map(checkId).join(', ')}`] : [];
  });
  if (parts.length === 0 && flow.skipped.length > 0) parts.push(`${flow.skipped.length} of ${flow.checks.length} checks skipped`);
  return parts.join('; ') || '–';
}

/** The six mail flows, first: the answer to "what works, what does not". */
function flowTable(report: Report, level: number): string[] {
  const byId = new Map(report.results.map((f) => [f.id, f]));
  return [
    `${hashes(level + 1)} Mail flows`,
    '',
    '| Status | Flow | Path | Decided by |',
    '| --- | --- | --- | --- |',
    ...report.flows.map((f) => `| ${BADGES[f.status]} | ${checkId(f.id)} | ${cell(FLOWS[f.id].path)} | ${decidedBy(f, report.flows, byId)} |`),
  ];
}

/** The root cause, once: the checks it makes moot point at it. */
function rootCauseBlock(cause: RootCause, level: number): string[] {
  return [
    `${hashes(level + 1)} Root cause${cause.finding ? `: ${checkId(cause.finding.id)}` : ''}`,
    '',
    blocks(cause.message).join('\n\n'),
    '',
    '**Fix:**',
    '',
    blocks(cause.fix).join('\n\n'),
    '',
    'The checks this makes moot say "see above".',
  ];
}

function table(findings: readonly Finding[]): string[] {
  return [
    '| Status | Check | Finding |',
    '| --- | --- | --- |',
    ...findings.map((f) => `| ${BADGES[f.status]} | ${checkId(f.id)} | ${cell(f.message)} |`),
  ];
}

function fixEntry(f: Finding, sameAs: string | undefined, level: number): string[] {
  const out = [`${hashes(level + 2)} ${BADGES[f.status]}: ${checkId(f.id)} (${headingText(f.title)})`, ''];
  if (sameAs) return [...out, `Same problem as ${checkId(sameAs)} above.`];
  out.push(blocks(f.message).join('\n\n'));
  const seen = evidenceLines(f, MAX_EVIDENCE);
  // One observed entry is one line of the block: a line break inside it is data, shown escaped.
  if (seen.length > 0) out.push('', 'Observed:', '', codeBlock(seen.map(escapeControl)));
  if (f.remedy) out.push('', '**Fix:**', '', blocks(f.remedy).join('\n\n'));
  return out;
}

function whatToFix(report: Report, cause: RootCause | undefined, level: number): string[] {
  // Within a status, most mail lost first (src/report/fix-first.ts).
  const todo = FIX_ORDER.flatMap((status) => byLoss(report.results.filter((f) => f.status === status), (f) => f.id, report.flows));
  if (todo.length === 0) return [`${hashes(level + 1)} What to fix`, '', 'Nothing: every check passed.'];
  const out = [`${hashes(level + 1)} What to fix`];
  const firstWith = new Map<string, string>();
  for (const f of todo) {
    if (cause?.moot.has(f.id)) {
      out.push('', `${hashes(level + 2)} ${BADGES[f.status]}: ${checkId(f.id)} (${headingText(f.title)})`, '', 'See the root cause above.');
      continue;
    }
    // One cause behind several checks (a resolver down): say it once, point at it after.
    const key = f.status === 'error' ? `${f.message}\n${f.remedy ?? ''}` : undefined;
    const sameAs = key === undefined ? undefined : firstWith.get(key);
    if (key !== undefined && sameAs === undefined) firstWith.set(key, f.id);
    out.push('', ...fixEntry(f, sameAs, level));
  }
  return out;
}

export function renderMarkdown(report: Report, options: MarkdownOptions = {}): string {
  const strict = options.strict ?? report.input?.strict === true;
  const level = options.level ?? 1;
  const cause = rootCause(report);
  const lines = [
    ...heading(report, options.subtitle, level),
    '',
    summary(report, strict),
    '',
    ...flowTable(report, level),
    '',
    ...(options.afterFlows ? [options.afterFlows.trimEnd(), ''] : []),
    ...(cause ? [...rootCauseBlock(cause, level), ''] : []),
    `${hashes(level + 1)} Checks`,
    '',
    ...table(report.results),
    '',
    ...whatToFix(report, cause, level),
  ];
  return `${lines.join('\n')}\n`;
}

/** The summary table of a run over several domains, with its heading: one column per mail flow, a legend under it. */
export function renderMarkdownSummary(rows: readonly DomainRow[], exitCode: number): string {
  const outcome = exitWording(exitCode)?.outcome ?? 'done';
  const lines = [
    '## Summary',
    '',
    `**Result: ${outcome} (exit ${exitCode}).** ${plural(rows.length, 'domain')}.`,
    '',
    `| Domain | ${FLOW_IDS.map((id) => cell(FLOWS[id].short)).join(' | ')} | Exit | Problems |`,
    `| --- | ${FLOW_IDS.map(() => '---').join(' | ')} | --- | --- |`,
    ...rows.map((r) => `| ${cell(r.domain)} | ${r.flows.map((s) => BADGES[s]).join(' | ')} | ${r.exitCode} | ${problemsByLoss(r).map(checkId).join(', ') || '–'} |`),
    '',
    `${cell(FLOW_LEGEND)} Exit: 0 in order, 1 problems found, 3 not everything could be verified.`,
  ];
  return `${lines.join('\n')}\n`;
}
