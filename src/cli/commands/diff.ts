// `splitcheck diff <old.json> <new.json>`: two saved JSON reports compared as --baseline compares a run; the exit code counts what is new or worse.
import { compareReport, createComparisonTotals, entriesOf, reportComparison, type ReportComparison } from '../../baseline/compare.js';
import { renderComparisonMarkdown, renderComparisonTerminal, renderComparisonTotals, renderComparisonTotalsMarkdown } from '../../report/comparison.js';
import { safeJson } from '../../report/json.js';
import { wantsColor } from '../../report/style.js';
import { escapeControl } from '../../util/text.js';
import type { Io } from '../io.js';
import { readReport } from '../report-file.js';
import { UsageError } from '../usage-error.js';

export interface DiffArgs {
  old: string;
  new: string;
  format?: string;
  json?: boolean;
  strict?: boolean;
  color?: boolean;
}

export async function diffCommand(argv: DiffArgs, io: Io): Promise<number> {
  if (argv.json && argv.format && argv.format !== 'json') throw new UsageError(`--json and --format ${argv.format} contradict each other; use one`);
  const format = argv.json ? 'json' : (argv.format ?? 'terminal');
  const before = await readReport(argv.old, io, 'the old report');
  const after = await readReport(argv.new, io, 'the new report');
  const strict = argv.strict ?? false;
  const baseline = new Map(before.reports.map((r) => [r.domain.toLowerCase(), entriesOf(r)]));
  const meta = { ...(before.startedAt ? { startedAt: before.startedAt } : {}), ...(before.version ? { version: before.version } : {}) };
  const compared: { domain: string; comparison: ReportComparison }[] = after.reports.map((r) => ({
    domain: r.domain,
    comparison: reportComparison(compareReport(baseline.get(r.domain.toLowerCase()), r), meta, strict),
  }));
  // Domains only the old report holds: their problems are not checked by the new one.
  const checked = new Set(after.reports.map((r) => r.domain.toLowerCase()));
  const dropped = before.reports.filter((r) => !checked.has(r.domain.toLowerCase())).map((r) => r.domain);
  if (compared.every((c) => !c.comparison.inBaseline)) {
    throw new UsageError(`the old report ${escapeControl(argv.old)} holds none of the domains of the new report ${escapeControl(argv.new)}: compare two reports of the same domain(s)`);
  }
  const totals = createComparisonTotals();
  for (const c of compared) totals.add(c.comparison);
  const { exitCode } = totals.totals();
  const many = compared.length > 1;
  if (format === 'json') {
    const doc = { schemaVersion: 1, tool: { name: 'splitcheck' }, baseline: meta, domains: compared.map((c) => ({ domain: c.domain, ...c.comparison })), notInNew: dropped, totals: totals.totals(), exitCode };
    io.stdout.write(`${safeJson(doc)}\n`);
  } else if (format === 'markdown') {
    io.stdout.write(many ? `# splitcheck diff: ${compared.length} domains\n\n` : '');
    for (const c of compared) io.stdout.write(`${renderComparisonMarkdown(c.comparison, { level: many ? 2 : 1, domain: c.domain })}\n`);
    if (dropped.length > 0) io.stdout.write(`Not in the new report: ${dropped.map(escapeControl).join(', ')}.\n\n`);
    if (many) io.stdout.write(renderComparisonTotalsMarkdown(totals.totals()));
  } else {
    const color = wantsColor(io.stdout.isTTY, io.env, argv.color);
    const width = io.stdout.isTTY ? Math.min(io.stdout.columns ?? 100, 120) : 100;
    for (const c of compared) io.stdout.write(renderComparisonTerminal(c.comparison, { color, width, domain: c.domain }));
    if (dropped.length > 0) io.stdout.write(`Not in the new report: ${dropped.map(escapeControl).join(', ')}.\n`);
    if (many) io.stdout.write(renderComparisonTotals(totals.totals(), { color }));
  }
  return exitCode;
}
