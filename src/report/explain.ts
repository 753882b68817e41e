// Renders `splitcheck explain`: the terminal text (diagnoses, evidence, hop, fix, confirming checks) and the JSON document. Pure.
import type { Report } from '../engine/types.js';
import type { CheckPlan } from '../explain/plan.js';
import { isMicrosoftHost } from '../explain/servers.js';
import type { Diagnosis, EvidenceLine, Explanation, Unrecognised } from '../explain/types.js';
import { escapeControl, listing } from '../util/text.js';
import { createStyle, type Style } from './style.js';
import { wrapText } from './wrap.js';

export interface ExplainInput {
  /** How the user named the input: a path, or "standard input". */
  name: string;
  bytes: number;
}

/** The `--check` part: what was run and its report (absent when not asked). */
export interface ExplainCheck {
  plan: CheckPlan;
  /** Check ids actually run (those of the plan this build has), or empty for all. */
  ran: string[];
  /** Plan ids this build does not have. */
  missing: string[];
  mailbox?: string;
  smartHost?: string;
  smartHostFrom?: 'option' | 'bounce';
  notes: string[];
  report: Report;
}

/** Where an evidence line is: a line of pasted text, a line of a message's decoded report text, or its delivery-status part. */
function evidenceLabel(ev: EvidenceLine, e: Explanation): string {
  const message = ev.message !== undefined && e.facts.messages > 1 ? `message ${ev.message + 1}, ` : '';
  if (ev.line === null) return `${message}delivery-status`;
  return `${message}${e.facts.format === 'message' ? `text line ${ev.line}` : `line ${ev.line}`}`;
}

const CONFIDENCE_WORDS: Record<Diagnosis['confidence'], string> = {
  high: 'high: the bounce says so in so many words',
  medium: 'medium: one reading of clear evidence',
  low: 'low: a possibility, the bounce does not say enough to be sure',
};

/** A permanent code anywhere makes it a failure; only 4xx codes mean Microsoft (or the sender) is still retrying. */
function transient(d: Pick<Diagnosis, 'codes'>): boolean {
  return d.codes.length > 0 && d.codes.every((c) => /^4/.test(c));
}

/** The command a person runs to confirm a diagnosis by hand. */
export function confirmCommand(domain: string, checks: readonly string[], extra: { mailbox?: string; smartHost?: string } = {}): string {
  const only = checks.map((c) => ` --only ${c}`).join('');
  const host = extra.smartHost ? ` --smart-host ${extra.smartHost}` : '';
  return `splitcheck ${domain}${only}${host}${extra.mailbox ? ` --mailbox ${extra.mailbox}` : ''}`;
}

/** Probes that take a mailbox: RCPT TO at the smart host and at Microsoft's MX. */
const MAILBOX_CHECKS = new Set(['smarthost.accepts-mailbox', 'm365.internal-relay']);

function field(style: Style, label: string, text: string, width: number): string {
  const indent = ' '.repeat(12);
  const first = `    ${label.padEnd(8)}`;
  return wrapText(text, width, first, indent).replace(first, `    ${style.dim(label.padEnd(8))}`);
}

/**
 * The quoted lines of the bounce, each under its place in it ("text line 23:"), wrapped to the width with the
 * quote's rest under its start: a 300-character Exchange reply left whole wrapped to column 0 at 80 columns.
 */
function seenLines(evidence: readonly EvidenceLine[], e: Explanation, style: Style, width: number): string[] {
  return evidence.map((ev, i) => {
    const label = `${evidenceLabel(ev, e)}:`;
    const prefix = `${' '.repeat(12)}${label} `;
    const text = wrapText(escapeControl(ev.text), width, prefix, ' '.repeat(14));
    const lead = i === 0 ? `    ${style.dim('seen'.padEnd(8))}` : ' '.repeat(12);
    return text.replace(prefix, `${lead}${style.dim(label)} `);
  });
}

function domainOfAddress(address: string): string {
  return address.slice(address.lastIndexOf('@') + 1).toLowerCase();
}

function renderDiagnosis(d: Diagnosis, e: Explanation, style: Style, width: number): string[] {
  // A low-confidence reading is shown as a possibility, never as a verdict.
  const possible = d.confidence === 'low';
  const mark = possible ? style.status('error', '?') : transient(d) ? style.status('warn', '!') : style.status('fail', '✖');
  const title = possible ? `Possibly: ${d.title}` : d.title;
  // The title wraps under itself (column 4), past the mark.
  const out = ['', `  ${mark} ${style.bold(wrapText(escapeControl(title), width, '    ', '    ').slice(4))}`];
  out.push(field(style, 'sure', CONFIDENCE_WORDS[d.confidence], width));
  if (d.facts.length > 0) out.push(field(style, 'because', escapeControl(d.facts.join('; ')), width));
  if (d.recipients.length > 1) out.push(field(style, 'for', escapeControl(listing(d.recipients.slice(0, 8))) + (d.recipients.length > 8 ? ` and ${d.recipients.length - 8} more` : ''), width));
  if (d.codes.length > 0) out.push(field(style, 'codes', d.codes.map(escapeControl).join(', ') + (transient(d) ? '  (temporary: still being retried)' : ''), width));
  out.push(...seenLines(d.evidence, e, style, width));
  out.push(field(style, 'hop', d.hopText, width));
  out.push(field(style, 'why', d.explanation, width));
  out.push(field(style, 'fix', d.fix, width).replace(style.dim('fix'.padEnd(8)), style.bold('fix'.padEnd(8))));
  if (d.checks.length > 0) {
    const target = d.domainOf === 'sender' ? e.facts.sender : (d.recipient ?? e.facts.recipients[0]?.address);
    const domain = target ? domainOfAddress(target) : '<domain>';
    const extra: { mailbox?: string; smartHost?: string } = {};
    if (d.domainOf === 'recipient' && d.recipient && d.checks.some((c) => MAILBOX_CHECKS.has(c))) extra.mailbox = d.recipient;
    if (d.hop === 'm365-to-host' && d.server && !isMicrosoftHost(d.server) && d.checks.some((c) => c.startsWith('smarthost.'))) extra.smartHost = d.server;
    out.push(field(style, 'confirm', `${d.checks.join(', ')}: ${escapeControl(confirmCommand(domain, d.checks, extra))}`, width));
  } else {
    out.push(field(style, 'confirm', 'no splitcheck check can see this from outside; the fix says where to look', width));
  }
  return out;
}

function renderUnrecognised(u: Unrecognised, e: Explanation, style: Style, width: number): string[] {
  const out = ['', `  ${style.status('error', '?')} ${style.bold(`Not recognised: ${escapeControl(u.code)}`)}`];
  out.push(...seenLines(u.evidence, e, style, width));
  out.push(field(style, 'meaning', `${u.meaning} (the generic meaning of the code; splitcheck knows nothing more specific about it)`, width));
  return out;
}

function summaryLines(e: Explanation, input: ExplainInput, style: Style, width: number): string[] {
  // One fact a line, its value wrapped under the value (column 13).
  const fact = (label: string, value: string) => wrapText(value, width, `  ${label.padEnd(11)}`, ' '.repeat(13));
  const f = e.facts;
  const kind = f.format === 'message' ? (f.deliveryStatus ? 'a message with a delivery-status report (RFC 3464)' : 'a message') : 'pasted text';
  const reporter = f.reportingServer
    ? `${f.reportingServer}${f.reportedBy === 'microsoft' ? ' (Microsoft 365)' : ''}`
    : f.reportedBy === 'microsoft'
      ? 'Microsoft 365'
      : undefined;
  const lines = [style.bold(`splitcheck explain · ${escapeControl(input.name)}`)];
  const count = f.messages > 1 ? `${f.messages} messages, ` : '';
  lines.push(style.dim(wrapText(`Read ${kind}, ${count}${input.bytes} bytes, ${f.lines} lines${reporter ? `; written by ${escapeControl(reporter)}` : ''}`, width, '', '  ')));
  if (f.kind !== 'bounce') {
    const what = { 'feedback-report': 'a feedback report (a complaint about a message), not a bounce', 'auto-reply': 'an automatic reply, not a bounce', delivered: 'a delivery notice, not a bounce' }[f.kind];
    lines.push(style.bold(`  This is ${what}.`));
  }
  if (f.subject) lines.push(fact('subject', escapeControl(f.subject)));
  if (f.sender) lines.push(fact('sender', escapeControl(f.sender)));
  const shown = f.recipients.slice(0, 5).map((r) => {
    const extra = [r.action, r.reply, r.status].filter((x) => x !== undefined && x !== '').join(' ');
    return `${r.address}${extra ? ` (${extra})` : ''}`;
  });
  if (shown.length > 0) {
    const more = f.recipients.length > shown.length ? ` and ${f.recipients.length - shown.length} more` : '';
    lines.push(fact('recipient', `${escapeControl(listing(shown))}${more}`));
  }
  if (f.remoteServers.length > 0) lines.push(fact('servers', escapeControl(f.remoteServers.slice(0, 5).join(', '))));
  if (f.markers.length > 0) lines.push(fact('markers', escapeControl(f.markers.slice(0, 6).join(' '))));
  return lines;
}

export interface ExplainTerminalOptions {
  color: boolean;
  width?: number;
  /** The command line that would run the confirming checks (shown when --check was not given). */
  checkHint?: string;
}

export function renderExplainTerminal(e: Explanation, input: ExplainInput, options: ExplainTerminalOptions): string {
  const style = createStyle(options.color);
  const width = Math.max(60, options.width ?? 100);
  const lines = summaryLines(e, input, style, width);
  const sure = e.diagnoses.filter((d) => d.confidence !== 'low');
  const possible = e.diagnoses.filter((d) => d.confidence === 'low');
  if (sure.length === 0 && (possible.length > 0 || e.unrecognised.length > 0)) {
    lines.push(
      '',
      style.bold(
        wrapText(
          'Unsure: the bounce does not say enough to name the cause. What it says is quoted below; the readings that follow are possibilities to check, not verdicts.',
          width,
          '  ',
          '  ',
        ),
      ),
    );
  }
  for (const d of sure) lines.push(...renderDiagnosis(d, e, style, width));
  if (sure.length > 0 && possible.length > 0) lines.push('', style.dim('  Other possibilities (the bounce does not say enough to be sure):'));
  for (const d of possible) lines.push(...renderDiagnosis(d, e, style, width));
  for (const u of e.unrecognised) lines.push(...renderUnrecognised(u, e, style, width));
  if (e.diagnoses.length === 0 && e.unrecognised.length === 0) {
    lines.push(
      '',
      wrapText(
        'No SMTP reply code or enhanced status code (such as 550 5.4.1) was found: this does not look like a bounce, or its technical part is missing. Paste the whole report, including "Diagnostic information for administrators" (Outlook) or "The response from the remote server was" (Gmail), or save the bounce as an .eml file.',
        width,
        '  ',
        '  ',
      ),
    );
  }
  if (options.checkHint && e.diagnoses.some((d) => d.checks.length > 0)) {
    lines.push('', `Run the confirming checks now: ${escapeControl(options.checkHint)}`);
  }
  if (e.facts.notes.length > 0) {
    lines.push('', style.dim(wrapText(`Notes: ${e.facts.notes.map(escapeControl).join('; ')}.`, width, '', '  ')));
  }
  return `${lines.join('\n')}\n`;
}

/** The heading printed between the explanation and the confirming checks' report. */
export function renderCheckHeading(check: Omit<ExplainCheck, 'report'>, options: ExplainTerminalOptions): string {
  const style = createStyle(options.color);
  const width = Math.max(60, options.width ?? 100);
  const what = check.ran.length > 0 ? check.ran.join(', ') : 'all checks (no diagnosis names a specific one)';
  const lines = ['', style.bold(`Confirming on ${escapeControl(check.plan.domain)}: ${what}`)];
  const facts: string[] = [];
  if (check.mailbox) facts.push(`mailbox ${check.mailbox} from the bounce`);
  if (check.smartHost) facts.push(`smart host ${check.smartHost}${check.smartHostFrom === 'bounce' ? ' (the host Microsoft 365 tried, from the bounce)' : ''}`);
  if (check.missing.length > 0) facts.push(`not in this build: ${check.missing.join(', ')}`);
  facts.push(...check.notes);
  if (facts.length > 0) lines.push(style.dim(wrapText(escapeControl(facts.join('; ')), width, '', '')));
  lines.push('');
  return `${lines.join('\n')}\n`;
}

/** The JSON document of `splitcheck explain --json` (schema/explain.schema.json). */
export function explainDocument(
  e: Explanation,
  input: ExplainInput,
  meta: { version: string; exitCode: number; check?: ExplainCheck | null; checkError?: string },
): Record<string, unknown> {
  const f = e.facts;
  return {
    schemaVersion: 1,
    kind: 'splitcheck-explain',
    tool: { name: 'splitcheck', version: meta.version },
    input: { name: input.name, bytes: input.bytes, format: f.format, deliveryStatus: f.deliveryStatus, lines: f.lines, messages: f.messages, kind: f.kind, notes: f.notes },
    bounce: {
      from: f.from ?? null,
      to: f.to ?? null,
      subject: f.subject ?? null,
      date: f.date ?? null,
      reportingServer: f.reportingServer ?? null,
      reportedBy: f.reportedBy,
      sender: f.sender ?? null,
      recipients: f.recipients,
      remoteServers: f.remoteServers,
      markers: f.markers,
      microsoftEvidence: f.microsoftEvidence,
      hostingEvidence: f.hostingEvidence,
      replies: f.statements.map((s) => ({
        line: s.line,
        source: s.source,
        kind: s.kind,
        command: s.command ?? null,
        message: s.message ?? null,
        reply: s.reply ?? null,
        nestedReply: s.nestedReply ?? null,
        statuses: s.statuses,
        text: s.text,
        server: s.server ?? null,
        saidBy: s.saidBy,
        target: s.target ?? null,
        recipient: s.recipient ?? null,
      })),
    },
    diagnoses: e.diagnoses.map((d) => ({
      id: d.id,
      title: d.title,
      confidence: d.confidence,
      actor: d.actor,
      facts: d.facts,
      recipients: d.recipients,
      hop: d.hop,
      hopText: d.hopText,
      codes: d.codes,
      temporary: transient(d),
      evidence: d.evidence,
      explanation: d.explanation,
      fix: d.fix,
      checks: d.checks,
      domainOf: d.domainOf,
      recipient: d.recipient ?? null,
      server: d.server ?? null,
    })),
    unrecognised: e.unrecognised,
    check: meta.check
      ? {
          domain: meta.check.plan.domain,
          domainOf: meta.check.plan.domainOf,
          diagnoses: meta.check.plan.diagnoses,
          checks: meta.check.ran,
          missing: meta.check.missing,
          mailbox: meta.check.mailbox ?? null,
          smartHost: meta.check.smartHost ?? null,
          smartHostFrom: meta.check.smartHostFrom ?? null,
          notes: meta.check.notes,
          report: meta.check.report,
        }
      : null,
    ...(meta.checkError ? { checkError: meta.checkError } : {}),
    exitCode: meta.exitCode,
  };
}
