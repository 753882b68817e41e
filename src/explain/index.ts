// `splitcheck explain`'s core: bytes of one or more bounces (pasted NDR text, an .eml, an mbox) in, facts and diagnoses out. No I/O.
import { deliveryStatusInText, parseDeliveryStatus, type DeliveryStatus } from './dsn.js';
import { hostingEvidence, markersIn, messageKind, microsoftEvidence, originalSender, pastedHeaders, remoteServers, reporter } from './facts.js';
import { decode, inspectInput } from './input.js';
import { MAX_FORWARD_DEPTH, MAX_MESSAGES } from './limits.js';
import { scanLines } from './lines.js';
import { diagnose } from './match.js';
import { looksLikeMessage, parseMessage, type ParsedMessage } from './message.js';
import { addressIn, recipients } from './recipients.js';
import { splitMessages } from './split.js';
import { deliveryStatusStatements, textStatements } from './statements.js';
import type { BounceFacts, Explanation } from './types.js';

export type { BounceFacts, Diagnosis, Explanation, Recipient, Statement, Unrecognised } from './types.js';

/** Addresses that are never a failed recipient: the original sender, the bounce's own From and To, the mailer-daemon. */
function notRecipients(message: ParsedMessage | undefined, pasted: { from?: string; to?: string }, sender: string | undefined): Set<string> {
  const out = new Set<string>();
  for (const value of [sender, message?.from, message?.returnedFrom, message?.returnPath, message?.returnedReturnPath, pasted.from, ...(message?.to ?? pasted.to ?? '').split(',')]) {
    const address = addressIn(value);
    if (address) out.add(address.toLowerCase());
  }
  return out;
}

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
  // Delivery-status fields written into the text (a DSN pasted, or its part's delimiters missing).
  const inText = reports.some((r) => r.recipients.length > 0) ? { reports: [], lines: new Set<number>() } : deliveryStatusInText(scan.lines);
  if (inText.reports.length > 0) notes.push('delivery-status fields were read from the text');
  reports.push(...inText.reports);
  const statements = [...textStatements(scan.lines, scan.shown, inText.lines), ...deliveryStatusStatements(reports)];
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
  const sender = originalSender(scan.lines, scan.original, message);
  const facts: BounceFacts = {
    format,
    deliveryStatus: reports.length > 0,
    reportedBy: who.side,
    remoteServers: remoteServers(scan.lines, statements),
    recipients: recipients(scan.lines, scan.original, message, reports, statements, notRecipients(message, pasted, sender)),
    markers: markersIn([...scan.lines, ...reports.flatMap((r) => r.recipients.map((x) => x.diagnostic ?? ''))]),
    statements,
    notes,
    lines: scan.lines.length,
    kind: messageKind(scan.lines, message, reports),
    messages: 1,
    microsoftEvidence: [],
    hostingEvidence: hostingEvidence(scan.lines, message),
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
  if (sender) facts.sender = sender;
  facts.microsoftEvidence = microsoftEvidence(facts, statements, message);
  if (facts.kind === 'feedback-report') notes.push('this is a feedback report (RFC 5965: a complaint about a message), not a bounce');
  else if (facts.kind === 'auto-reply') notes.push('this is an automatic reply (RFC 3834), not a bounce');
  else if (facts.kind === 'delivered') notes.push('this is a delivery notice (every recipient: delivered or relayed), not a bounce');
  return facts;
}

/**
 * Several bounces in one input: one explanation, the messages' recipients, replies and diagnoses
 * together; the first message's headers describe the whole; every reply and evidence line keeps
 * the number of the message it came from.
 */
function merge(list: Explanation[], notes: string[]): Explanation {
  if (list.length === 1) {
    list[0]!.facts.notes.unshift(...notes.filter((n) => !list[0]!.facts.notes.includes(n)));
    return list[0]!;
  }
  const first = list[0]!;
  const facts: BounceFacts = { ...first.facts, notes: [...notes], messages: list.length };
  facts.recipients = [];
  facts.statements = [];
  facts.remoteServers = [];
  facts.markers = [];
  facts.lines = 0;
  const seen = new Set<string>();
  list.forEach((e, i) => {
    for (const r of e.facts.recipients) {
      if (seen.has(r.address.toLowerCase())) continue;
      seen.add(r.address.toLowerCase());
      facts.recipients.push(r);
    }
    facts.statements.push(...e.facts.statements.map((s) => ({ ...s, message: i })));
    for (const h of e.facts.remoteServers) if (!facts.remoteServers.includes(h)) facts.remoteServers.push(h);
    for (const m of e.facts.markers) if (!facts.markers.includes(m)) facts.markers.push(m);
    for (const n of e.facts.notes) facts.notes.push(`message ${i + 1}: ${n}`);
    for (const x of e.facts.microsoftEvidence) if (!facts.microsoftEvidence.includes(x)) facts.microsoftEvidence.push(x);
    for (const x of e.facts.hostingEvidence) if (!facts.hostingEvidence.includes(x)) facts.hostingEvidence.push(x);
    facts.deliveryStatus ||= e.facts.deliveryStatus;
    facts.lines += e.facts.lines;
  });
  const diagnoses: Explanation['diagnoses'] = [];
  list.forEach((e, i) => {
    for (const d of e.diagnoses) {
      const evidence = d.evidence.map((ev) => ({ ...ev, message: i }));
      const same = diagnoses.find((x) => x.id === d.id && x.confidence === d.confidence);
      if (same) {
        for (const r of d.recipients) if (!same.recipients.includes(r)) same.recipients.push(r);
        for (const c of d.codes) if (!same.codes.includes(c)) same.codes.push(c);
        if (same.evidence.length < 6) same.evidence.push(...evidence.slice(0, 6 - same.evidence.length));
      } else diagnoses.push({ ...d, evidence, recipients: [...d.recipients] });
    }
  });
  const unrecognised = list.flatMap((e, i) => e.unrecognised.map((u) => ({ ...u, evidence: u.evidence.map((ev) => ({ ...ev, message: i })) })));
  return { facts, diagnoses, unrecognised };
}

export type ExplainResult = { ok: true; explanation: Explanation } | { ok: false; reason: string };

/** Read a bounce (or several: an mbox, bounces saved one after another) and explain it; `ok: false` when the bytes are not a readable text (empty, binary). */
export async function explainBounce(bytes: Uint8Array): Promise<ExplainResult> {
  const input = inspectInput(bytes);
  if (!input.ok) return input;
  const { parts, more } = splitMessages(input.bytes);
  const notes = [...input.notes];
  if (parts.length > 1) notes.push(`${parts.length} messages were read from this input`);
  if (more > 0) notes.push(`only the first ${MAX_MESSAGES} messages were read (${more} more not read)`);
  const explanations: Explanation[] = [];
  for (const part of parts) {
    const text = part === input.bytes ? input.text : decode(part).text;
    const facts = await readFacts(part, text, [], 0);
    explanations.push(diagnose(facts));
  }
  return { ok: true, explanation: merge(explanations, notes) };
}
