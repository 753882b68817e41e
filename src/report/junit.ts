// The JUnit XML report (--format junit): one <testsuite> per area and one <testcase> per check, for CI test views.
//
// Written for the intersection of what Jenkins (junit plugin), GitLab, dorny/test-reporter,
// mikepenz/action-junit-report and EnricoMi/publish-unit-test-result-action read, and valid against
// Jenkins' junit-10.xsd (fixtures/junit/):
// - the verdict text is the element *body* (GitLab and dorny show only that), the one-line message
//   the `message` attribute (Jenkins, mikepenz, EnricoMi show that); both always present, so the
//   body is never empty (GitLab's XML-to-hash turns an attribute-only element into a hash);
// - `<skipped>` carries its reason as attribute (Jenkins) and as body (GitLab);
// - no `<system-out>` next to a failure or error: GitLab reads `[[ATTACHMENT|path]]` tags from it,
//   and DNS data must not choose a link; a warn's details go to `<system-out>` of a passing case;
// - `<testsuites>` carries name, tests, failures, errors and time only: junit-10.xsd allows no more.
import { FLOWS, type Flow } from '../engine/flows.js';
import type { Finding, Report, Status } from '../engine/types.js';
import { escapeControl } from '../util/text.js';
import { groupByArea } from './areas.js';
import { evidenceLines } from './evidence.js';

export interface JunitOptions {
  /**
   * `--strict`: a warn fails the run, so it is rendered as `<failure type="warn">` and counted as a
   * failure. Default: what the report's input says (`input.strict`), so the counts match its exit code.
   */
  strict?: boolean;
}

/** Structured evidence (without observed lines) is cut here: a CI test view has room for more than a terminal line. */
const MAX_EVIDENCE = 2000;

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };

/** XML-escape text that is already free of control and illegal characters (see `safeLines`). */
function xml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => ENTITIES[ch] ?? ch);
}

/**
 * Line breaks kept, every other control character, bidi control, lone surrogate and U+FFFE/U+FFFF
 * shown as `\xNN` / `\u{NNNN}`: what remains is legal XML 1.0 character data.
 */
function safeLines(text: string): string {
  return text.split('\n').map(escapeControl).join('\n');
}

/** One line for an attribute: line breaks become spaces (an XML parser would normalise them anyway). */
function oneLine(text: string): string {
  return escapeControl(text.trim().replace(/[ \t]*\r?\n[ \t]*/g, ' '));
}

/** The body of a failure, error or warn: the message, what was observed and the remedy. */
function details(f: Finding): string {
  const parts = [safeLines(f.message)];
  const seen = evidenceLines(f, MAX_EVIDENCE);
  // One observed entry is one line: a line break inside it is data, shown escaped.
  if (seen.length > 0) parts.push(`Observed:\n${seen.map((line) => `  ${escapeControl(line)}`).join('\n')}`);
  if (f.remedy) parts.push(`Remedy:\n${safeLines(f.remedy)}`);
  return parts.join('\n\n');
}

/** Seconds with millisecond precision, the form every consumer parses (junit-10.xsd SUREFIRE_TIME). */
function seconds(ms: number): string {
  return (Number.isFinite(ms) && ms > 0 ? ms / 1000 : 0).toFixed(3);
}

/** `YYYY-MM-DDTHH:MM:SS` in UTC: the Ant/Surefire form (no zone, no fraction) that strict readers parse. */
function timestamp(iso: string): string | undefined {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString().slice(0, 19);
}

interface Counts {
  tests: number;
  failures: number;
  errors: number;
  skipped: number;
}

function countOf(findings: readonly { status: Status }[], strict: boolean): Counts {
  const counts: Counts = { tests: findings.length, failures: 0, errors: 0, skipped: 0 };
  for (const f of findings) {
    if (f.status === 'fail' || (strict && f.status === 'warn')) counts.failures += 1;
    else if (f.status === 'error') counts.errors += 1;
    else if (f.status === 'skip') counts.skipped += 1;
  }
  return counts;
}

function testcase(f: Finding, classname: string, strict: boolean): string[] {
  // Per-check durations are not measured (checks run concurrently); 0 is what JUnit writers use then.
  const open = `    <testcase classname="${xml(escapeControl(classname))}" name="${xml(escapeControl(f.id))}" time="${seconds(0)}"`;
  const message = xml(oneLine(f.message));
  switch (f.status) {
    case 'pass':
      return [`${open}/>`];
    case 'fail':
      return [`${open}>`, `      <failure message="${message}" type="fail">${xml(details(f))}</failure>`, '    </testcase>'];
    case 'error':
      // JUnit's error is "the test could not run": exactly splitcheck's "could not be verified".
      return [`${open}>`, `      <error message="${message}" type="error">${xml(details(f))}</error>`, '    </testcase>'];
    case 'skip': {
      const reason = f.remedy ? `${safeLines(f.message)}\n\n${safeLines(f.remedy)}` : safeLines(f.message);
      return [`${open}>`, `      <skipped message="${message}">${xml(reason)}</skipped>`, '    </testcase>'];
    }
    case 'warn':
      if (strict) {
        return [`${open}>`, `      <failure message="${message}" type="warn">${xml(details(f))}</failure>`, '    </testcase>'];
      }
      return [`${open}>`, `      <system-out>${xml(`warn: ${details(f)}`)}</system-out>`, '    </testcase>'];
  }
}

/** A flow's verdict as the body of its test case: the path, then each of its checks that is not pass, one line each. */
function flowDetails(flow: Flow, byId: ReadonlyMap<string, Finding>): string {
  const lines = [`${FLOWS[flow.id].path}: ${flow.title}.`];
  const notPass = flow.checks.map((id) => byId.get(id)).filter((f): f is Finding => f !== undefined && f.status !== 'pass' && f.status !== 'skip');
  if (notPass.length > 0) lines.push('', 'Decided by:', ...notPass.map((f) => `  ${escapeControl(f.id)} (${f.status}): ${oneLine(f.message)}`));
  if (flow.skipped.length > 0) lines.push('', `Skipped: ${flow.skipped.map(escapeControl).join(', ')}`);
  lines.push('', 'The fixes are in the test cases of these checks.');
  return lines.join('\n');
}

/** The one-line message of a flow: which checks decided a flow that is not pass. */
function flowMessage(flow: Flow, byId: ReadonlyMap<string, Finding>): string {
  if (flow.checks.length === 0) return `${flow.title}: no check of this run decides it`;
  if (flow.status === 'skip') return `${flow.title}: not checked, every check skipped`;
  const ids = flow.checks.filter((id) => byId.get(id)?.status === flow.status);
  return `${flow.title}: ${flow.status} (${ids.map(escapeControl).join(', ')})`;
}

/**
 * The flows suite, first: six test cases named by flow id, so a CI dashboard shows which mail paths work
 * beside the checks. A flow's status maps to JUnit as a check's does.
 */
function flowSuite(report: Report, strict: boolean, label: string | undefined, stamp: string | undefined): string[] {
  const byId = new Map(report.results.map((f) => [f.id, f]));
  const classname = 'splitcheck.flows';
  const out: string[] = [];
  for (const flow of report.flows) {
    const open = `    <testcase classname="${classname}" name="${flow.id}" time="${seconds(0)}"`;
    const message = xml(oneLine(flowMessage(flow, byId)));
    const body = xml(flowDetails(flow, byId));
    if (flow.status === 'pass') out.push(`${open}/>`);
    else if (flow.status === 'fail' || (strict && flow.status === 'warn')) out.push(`${open}>`, `      <failure message="${message}" type="${flow.status}">${body}</failure>`, '    </testcase>');
    else if (flow.status === 'error') out.push(`${open}>`, `      <error message="${message}" type="error">${body}</error>`, '    </testcase>');
    else if (flow.status === 'skip') out.push(`${open}>`, `      <skipped message="${message}">${body}</skipped>`, '    </testcase>');
    else out.push(`${open}>`, `      <system-out>${xml(`warn: ${flowMessage(flow, byId)}\n\n${flowDetails(flow, byId)}`)}</system-out>`, '    </testcase>');
  }
  const c = countOf(report.flows, strict);
  const name = xml(escapeControl(`${label ? `${label} ` : ''}${classname}`));
  const attrs = [`name="${name}"`, `tests="${c.tests}"`, `failures="${c.failures}"`, `errors="${c.errors}"`, `skipped="${c.skipped}"`, `time="${seconds(0)}"`, ...(stamp ? [`timestamp="${stamp}"`] : [])];
  return [`  <testsuite ${attrs.join(' ')}>`, ...out, '  </testsuite>'];
}

/**
 * The `<testsuite>` elements of one report: the flows first, then one per area. `label` prefixes the suite names when
 * several domains share one document (`contoso.com splitcheck.mx`).
 */
export function junitSuites(report: Report, options: JunitOptions & { label?: string } = {}): string[] {
  const strict = options.strict ?? report.input?.strict === true;
  const stamp = timestamp(report.startedAt);
  const suites: string[] = flowSuite(report, strict, options.label, stamp);
  for (const [area, findings] of groupByArea(report.results)) {
    const name = xml(escapeControl(`${options.label ? `${options.label} ` : ''}splitcheck.${area}`));
    const c = countOf(findings, strict);
    const attrs = [
      `name="${name}"`,
      `tests="${c.tests}"`,
      `failures="${c.failures}"`,
      `errors="${c.errors}"`,
      `skipped="${c.skipped}"`,
      `time="${seconds(0)}"`,
      ...(stamp ? [`timestamp="${stamp}"`] : []),
    ];
    suites.push(`  <testsuite ${attrs.join(' ')}>`);
    for (const f of findings) suites.push(...testcase(f, `splitcheck.${area}`, strict));
    suites.push('  </testsuite>');
  }
  return suites;
}

/** The XML declaration and the root element's opening, for a document written piece by piece. */
export function junitOpen(name: string, totals?: { tests: number; failures: number; errors: number; durationMs: number }): string {
  const attrs = [`name="${xml(escapeControl(name))}"`];
  if (totals) attrs.push(`tests="${totals.tests}"`, `failures="${totals.failures}"`, `errors="${totals.errors}"`, `time="${seconds(totals.durationMs)}"`);
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites ${attrs.join(' ')}>`;
}

export const JUNIT_CLOSE = '</testsuites>';

/** The JUnit counts of a report: its checks and its six flows (fail, error, and warn under strict). */
export function junitCounts(report: Report, strict = report.input?.strict === true): Counts {
  return countOf([...report.flows, ...report.results], strict);
}

export function renderJunit(report: Report, options: JunitOptions = {}): string {
  const strict = options.strict ?? report.input?.strict === true;
  const total = junitCounts(report, strict);
  return [
    junitOpen(`splitcheck ${report.domain}`, { ...total, durationMs: report.durationMs }),
    ...junitSuites(report, { strict }),
    JUNIT_CLOSE,
    '',
  ].join('\n');
}
