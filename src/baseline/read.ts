// Reads a baseline: a previous splitcheck JSON report (one domain, the many-domain document, or ndjson), refusing another tool's or schema version's.
import { Ajv2020 } from 'ajv/dist/2020.js';
import { escapeControl } from '../util/text.js';
import { failure, ok, type Result } from '../util/result.js';
import { entriesOf, type ComparedReport, type Entry } from './compare.js';

/** The schema version of the reports this splitcheck writes and compares (CHECKS.md, "JSON report"). */
export const SCHEMA_VERSION = 1;

/** Most domains one baseline may hold (--domains-file runs of 10,000 domains are expected; a bound stops a hostile file). */
export const MAX_BASELINE_DOMAINS = 200_000;

export interface Baseline {
  /** Each domain's problems. */
  domains: Map<string, Entry[]>;
  /** When the baseline run started, and the splitcheck that wrote it (for the report's "compared with" line). */
  startedAt?: string;
  version?: string;
}

/**
 * What a comparison reads of a report, and nothing more: an older or newer splitcheck of the same
 * schema version adds fields freely (schema/report.schema.json says so), and they must not make it unreadable.
 */
const REPORT_SHAPE = {
  type: 'object',
  required: ['domain', 'results'],
  properties: {
    domain: { type: 'string', minLength: 1 },
    startedAt: { type: 'string' },
    results: {
      type: 'array',
      items: {
        type: 'object',
        required: ['id', 'status', 'message'],
        properties: {
          id: { type: 'string', minLength: 1 },
          status: { enum: ['pass', 'warn', 'fail', 'error', 'skip'] },
          message: { type: 'string' },
        },
      },
    },
  },
} as const;

let compiled: ReturnType<Ajv2020['compile']> | undefined;
/** The shape's validator, compiled on first use. */
function validateReport(report: unknown): boolean {
  compiled ??= new Ajv2020({ strict: false }).compile(REPORT_SHAPE);
  return compiled(report) as boolean;
}
const firstError = () => compiled?.errors?.[0];

/** Why `doc` is not a splitcheck document of this schema version, or undefined when it is. */
function identity(doc: unknown, what: string): string | undefined {
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) return `${what} is not a splitcheck JSON report`;
  const { tool, schemaVersion } = doc as { tool?: { name?: unknown }; schemaVersion?: unknown };
  const name = typeof tool === 'object' && tool !== null ? tool.name : undefined;
  if (name !== 'splitcheck') {
    return typeof name === 'string'
      ? `${what} is a report of ${escapeControl(name)}, not of splitcheck: give a JSON report of splitcheck (--format json)`
      : `${what} is not a splitcheck JSON report (it has no "tool": {"name": "splitcheck"}): give a report written with --format json`;
  }
  if (schemaVersion !== SCHEMA_VERSION) {
    return `${what} has report schema version ${escapeControl(JSON.stringify(schemaVersion) ?? 'none')}, and this splitcheck compares version ${SCHEMA_VERSION}: make a new baseline with this version`;
  }
  return undefined;
}

/** The reports of one document: itself, or the many-domain document's `reports`. */
function reportsOf(doc: Record<string, unknown>, what: string): Result<unknown[]> {
  if ('reports' in doc) return Array.isArray(doc['reports']) ? ok(doc['reports']) : failure(`${what}: /reports is not a list`);
  return ok([doc]);
}

/** The documents in the text: one JSON document, or one per line (ndjson). */
function documents(text: string, what: string): Result<unknown[]> {
  const body = text.replace(/^\uFEFF/, '');
  try {
    return ok([JSON.parse(body)]);
  } catch (whole) {
    const lines = body.split('\n').filter((l) => l.trim() !== '');
    if (lines.length > 1) {
      const out: unknown[] = [];
      for (const [i, line] of lines.entries()) {
        try {
          out.push(JSON.parse(line));
        } catch {
          return failure(`${what} is not JSON (line ${i + 1} of its ${lines.length} lines is neither a JSON document nor part of one)`);
        }
      }
      return ok(out);
    }
    return failure(`${what} is not JSON (${whole instanceof Error ? escapeControl(whole.message) : 'unreadable'})`);
  }
}

/** The reports of a file and what wrote them: each checked to be a splitcheck report of this schema version, with what a comparison reads. */
export interface ReportFile {
  reports: ComparedReport[];
  startedAt?: string;
  version?: string;
}

/** The reports in `text`; `what` names the file in refusals (`--baseline old.json`). Every refusal is one sentence (exit 2). */
export function readReportFile(text: string, what: string): Result<ReportFile> {
  const docs = documents(text, what);
  if (!docs.ok) return docs;
  const file: ReportFile = { reports: [] };
  for (const doc of docs.value) {
    const problem = identity(doc, what);
    if (problem) return failure(problem);
    const d = doc as Record<string, unknown>;
    const version = (d['tool'] as Record<string, unknown>)['version'];
    if (file.version === undefined && typeof version === 'string') file.version = version;
    if (file.startedAt === undefined && typeof d['startedAt'] === 'string') file.startedAt = d['startedAt'];
    const nested = 'reports' in d;
    const reports = reportsOf(d, what);
    if (!reports.ok) return reports;
    for (const [i, report] of reports.value.entries()) {
      if (!validateReport(report)) {
        const e = firstError();
        const at = `${nested ? `/reports/${i}` : ''}${e?.instancePath ?? ''}` || '/';
        return failure(`${what}: at ${at}: ${e?.message ?? 'not a report'}`);
      }
      // A many-domain document's reports carry no identity of their own; one that does is held to it.
      if (nested && ((report as { tool?: unknown }).tool !== undefined || (report as { schemaVersion?: unknown }).schemaVersion !== undefined)) {
        const p = identity(report, `${what} (/reports/${i})`);
        if (p) return failure(p);
      }
      if (file.reports.length >= MAX_BASELINE_DOMAINS) return failure(`${what} holds more than ${MAX_BASELINE_DOMAINS} reports`);
      file.reports.push(report as ComparedReport);
    }
  }
  if (file.reports.length === 0) return failure(`${what} holds no report`);
  return ok(file);
}

/** The baseline in `text`: each domain's problems (a domain reported twice: the last report). */
export function parseBaseline(text: string, what: string): Result<Baseline> {
  const file = readReportFile(text, what);
  if (!file.ok) return file;
  const baseline: Baseline = { domains: new Map() };
  if (file.value.startedAt !== undefined) baseline.startedAt = file.value.startedAt;
  if (file.value.version !== undefined) baseline.version = file.value.version;
  for (const report of file.value.reports) baseline.domains.set(report.domain.toLowerCase(), entriesOf(report));
  return ok(baseline);
}
