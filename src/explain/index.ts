// `splitcheck explain`'s core: bytes of a bounce (pasted NDR text or an .eml) in, facts and diagnoses out. No I/O.
import { parseDeliveryStatus, type DeliveryStatus } from './dsn.js';
import { markersIn, originalSender, pastedHeaders, recipients, remoteServers, reporter } from './facts.js';
import { inspectInput } from './input.js';
import { MAX_FORWARD_DEPTH } from './limits.js';
import { scanLines } from './lines.js';
import { diagnose } from './match.js';
import { looksLikeMessage, parseMessage, type ParsedMessage } from './message.js';
import { deliveryStatusStatements, textStatements } from './statements.js';
import type { BounceFacts, Explanation } from './types.js';

export type { BounceFacts, Diagnosis, Explanation, Recipient, Statement, Unrecognised } from './types.js';

async function readFacts(bytes: Uint8Array, text: string, notes: string[], depth: number): Promise<BounceFacts> {
  const format = looksLikeMessage(text) ? 'message' : 'text';
  let message: ParsedMessage | undefined;
  if (format === 'message') {
    const parsed = await parseMessage(bytes, text);
    if (parsed.ok) message = parsed.message;
    else notes.push(`the MIME structure was not parsed (${parsed.reason}): read as plain text`);
  }
  const reports: DeliveryStatus[] = (message?.deliveryStatus ?? []).map(parseDeliveryStatus);
  const scan = scanLines(message ? message.text : text);
  notes.push(...(message?.notes ?? []), ...scan.notes);
  const statements = [...textStatements(scan.lines, scan.shown), ...deliveryStatusStatements(reports)];
  if (message && statements.length === 0 && depth < MAX_FORWARD_DEPTH) {
    // A bounce forwarded as an attachment: explain the attached message instead.
    for (const attached of message.attachedMessages) {
      const inner = new TextDecoder('utf-8').decode(attached);
      const facts = await readFacts(attached, inner, [], depth + 1);
      if (facts.statements.length > 0) {
        facts.notes.unshift('read the bounce attached to this message (it was forwarded)', ...notes);
        return facts;
      }
    }
  }
  const who = reporter(scan.lines, message, reports);
  const pasted = message ? {} : pastedHeaders(scan.lines);
  const facts: BounceFacts = {
    format,
    deliveryStatus: reports.length > 0,
    reportedBy: who.side,
    remoteServers: remoteServers(scan.lines, statements),
    recipients: recipients(scan.lines, message, reports, statements),
    markers: markersIn([...scan.lines, ...reports.flatMap((r) => r.recipients.map((x) => x.diagnostic ?? ''))]),
    statements,
    notes,
    lines: scan.lines.length,
  };
  const from = message?.from ?? pasted.from;
  const to = message?.to ?? pasted.to;
  const subject = message?.subject ?? pasted.subject;
  const date = message?.date ?? pasted.date;
  if (from) facts.from = from;
  if (to) facts.to = to;
  if (subject) facts.subject = subject;
  if (date) facts.date = date;
  if (who.host) facts.reportingServer = who.host;
  const sender = originalSender(scan.lines, scan.original, message);
  if (sender) facts.sender = sender;
  return facts;
}

export type ExplainResult = { ok: true; explanation: Explanation } | { ok: false; reason: string };

/** Read a bounce and explain it; `ok: false` when the bytes are not a readable text (empty, binary). */
export async function explainBounce(bytes: Uint8Array): Promise<ExplainResult> {
  const input = inspectInput(bytes);
  if (!input.ok) return input;
  // A UTF-16 file was decoded already; the MIME parser reads bytes, so give it the text as UTF-8.
  const raw = input.notes.some((n) => n.includes('UTF-16')) ? new TextEncoder().encode(input.text) : bytes;
  const facts = await readFacts(raw, input.text, [...input.notes], 0);
  return { ok: true, explanation: diagnose(facts) };
}
