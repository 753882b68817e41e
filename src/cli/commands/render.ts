// `splitcheck render <report.json>`: a saved JSON report in another format (the Action runs the check once and renders annotations and the summary from its report).
import { Ajv2020 } from 'ajv/dist/2020.js';
import reportSchema from '../../../schema/report.schema.json' with { type: 'json' };
import { domainRow } from '../../engine/report.js';
import { worstExitCode } from '../../engine/summary.js';
import type { Report } from '../../engine/types.js';
import { loadFormat } from '../../report/formats/index.js';
import { wantsColor } from '../../report/style.js';
import { runSubtitle } from '../../report/subtitle.js';
import type { Io } from '../io.js';
import { readReport } from '../report-file.js';
import { chosenFormat, type OutputArgs } from '../settings.js';
import { UsageError } from '../usage-error.js';

export interface RenderArgs extends OutputArgs {
  report: string;
  strict?: boolean;
}

/** Each report must be the contract's whole document (schema/report.schema.json): the renderers read every part of it. */
function checkReports(reports: readonly unknown[], label: string): Report[] {
  const validate = new Ajv2020({ strict: false, validateFormats: false }).compile(reportSchema);
  return reports.map((r, i) => {
    if (validate(r)) return r as unknown as Report;
    const e = validate.errors?.[0];
    const where = `${reports.length > 1 ? `/reports/${i}` : ''}${e?.instancePath ?? ''}` || '/';
    throw new UsageError(`${label}: at ${where}: ${e?.message ?? 'not a report'} (a report of another splitcheck version? render it with that version)`);
  });
}

function subtitleOf(report: Report): string | undefined {
  const resolvers = report.input?.['resolvers'];
  if (!Array.isArray(resolvers) || !resolvers.every((r) => typeof r === 'string')) return undefined;
  return runSubtitle(report, { replayed: report.replayed === true, resolvers, checks: report.results.length });
}

export async function renderCommand(argv: RenderArgs, io: Io): Promise<number> {
  const format = chosenFormat(argv);
  const file = await readReport(argv.report, io, 'the report');
  const reports = checkReports(file.reports, `the report ${argv.report}`);
  const renderer = await loadFormat(format);
  const color = wantsColor(io.stdout.isTTY, io.env, argv.color);
  const width = io.stdout.isTTY ? Math.min(io.stdout.columns ?? 100, 120) : 100;
  if (reports.length === 1) {
    const report = reports[0]!;
    const subtitle = subtitleOf(report);
    io.stdout.write(
      renderer.render(report, {
        color,
        width,
        verbose: argv.verbose ?? false,
        ...(subtitle ? { subtitle } : {}),
        ...(argv.strict === undefined ? {} : { strict: argv.strict }),
      }),
    );
    return 0;
  }
  const stream = renderer.open((text) => void io.stdout.write(text), {
    color,
    width,
    strict: argv.strict ?? reports.some((r) => r.input?.['strict'] === true),
    startedAt: new Date(file.startedAt ?? reports[0]!.startedAt),
    domains: reports.length,
  });
  for (const report of reports) stream.add(report);
  const rows = reports.map(domainRow);
  stream.finish({ rows, exitCode: worstExitCode(rows.map((r) => r.exitCode)), durationMs: Math.max(...reports.map((r) => r.durationMs)) });
  return 0;
}
