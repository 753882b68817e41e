// Finds the failed recipients of a bounce and gives each its own status and reply code, from its strongest evidence.
import type { DeliveryStatus } from './dsn.js';
import { MAX_RECIPIENTS } from './limits.js';
import type { ParsedMessage } from './message.js';
import { ADDRESS, ADDRESS_LINE } from './statements.js';
import type { EvidenceKind, Recipient, Statement } from './types.js';

/** Lines listing failed recipients after these headings (Exchange, Exim, Gmail, Postfix, Sendmail, Domino, OpenSMTPD wording). */
const LIST_HEADINGS = [
  /^\s*Delivery (has failed|is delayed) to these recipients or groups:?\s*$/i,
  /following address\(es\) failed:?\s*$/i,
  /Delivery to the following recipients? (failed|has been delayed)/i,
  /^\s*Your message (couldn't|could not|can't) be delivered to these recipients/i,
  /did not reach the following recipient\(s\):?\s*$/i,
  /following recipient\(s\) could not be reached:?\s*$/i,
  /following addresses had (permanent fatal|transient non-fatal)? ?errors/i,
  /^\s*was not delivered to:?\s*$/i,
  /following list of recipients:?\s*$/i,
];
/** A recipient named in a sentence of the report. */
const INLINE = [
  /Your message to (\S+@\S+?) couldn't be delivered/i,
  /Your message wasn't delivered to (\S+@\S+?) because/i,
  // Gmail ends the sentence with a full stop right after the address: keep the address's own dots.
  /problem delivering your message to (\S+@\S+?)\.?(?:\s|$)/i,
  /^\s*Recipient Address:\s*(\S+@\S+)/i,
  /^\s*<(\S+@\S+?)>:\s*(host|connect|delivery|Recipient|unknown)/i,
];
/** Header fields and sentences whose address is never a failed recipient: the sender, the bounce's own addresses. */
const NOT_A_RECIPIENT_LINE =
  /^\s*(?:From|Sender|Reply-To|Return-Path|Message-ID|In-Reply-To|References|Received|X-[A-Za-z-]+|Sender Address|Errors-To|Disposition-Notification-To)\s*:|\b(?:from|sender|MAIL FROM:?|envelope-from|by|contact|send mail to|write to|email)\s*<?[^\s<>@]+@[^\s<>]+>?\s*(?:\(|$)/i;
/** A reply about the sender, not a recipient: RFC 3463 5.1.7/5.1.8, `after MAIL FROM`. */
const SENDER_WORDS = /MAIL FROM|sender|from address|envelope from/i;

function cleanAddress(raw: string): string | undefined {
  const m = ADDRESS.exec(raw.replace(/^mailto:/i, ''));
  return m ? m[0].replace(/\.+$/, '') : undefined;
}

/** The address in a header value (`Name <a@b>` or `a@b`). */
export function addressIn(value: string | undefined): string | undefined {
  return value === undefined ? undefined : cleanAddress(value);
}

const RANK: Record<EvidenceKind, number> = { reply: 3, 'diagnostic-code': 2, status: 1, summary: 0 };

/** x.0.0 (RFC 3463 "other undefined status") says nothing specific: any other code outranks it. */
export const isGeneric = (status: string) => /^[245]\.0\.0$/.test(status);

/** Statements ranked as evidence, strongest first; ties keep the order of the bounce. */
export function ranked(statements: readonly Statement[]): Statement[] {
  return statements.map((s, i) => [s, i] as const).sort((a, b) => RANK[b[0].kind] - RANK[a[0].kind] || a[1] - b[1]).map(([s]) => s);
}

interface Found {
  address: string;
  foundIn: NonNullable<Recipient['foundIn']>;
  action?: string;
  remoteMta?: string;
  dsnDiagnostic?: string;
}

/**
 * The failed recipients, strongest source first: the delivery-status Final-Recipient (else
 * Original-Recipient, RFC 3464 §2.3.1-2), Exim's X-Failed-Recipients, the report's own wording and
 * lists, the recipients the replies name, then any other address in the report text; only when the
 * report names none, the returned message's To. Never the original sender, the bounce's own
 * addresses, or an address a MAIL FROM refusal quotes.
 */
function findRecipients(
  lines: readonly string[],
  message: ParsedMessage | undefined,
  reports: readonly DeliveryStatus[],
  statements: readonly Statement[],
  excluded: ReadonlySet<string>,
): Found[] {
  const out = new Map<string, Found>();
  const add = (raw: string | undefined, foundIn: Found['foundIn'], extra: Partial<Found> = {}, trusted = false) => {
    const address = raw === undefined ? undefined : cleanAddress(raw);
    if (!address || out.size >= MAX_RECIPIENTS) return;
    const key = address.toLowerCase();
    if (!trusted && excluded.has(key)) return;
    const existing = out.get(key);
    if (existing) {
      existing.action ??= extra.action;
      existing.remoteMta ??= extra.remoteMta;
      existing.dsnDiagnostic ??= extra.dsnDiagnostic;
      return;
    }
    const found: Found = { address, foundIn };
    if (extra.action) found.action = extra.action;
    if (extra.remoteMta) found.remoteMta = extra.remoteMta;
    if (extra.dsnDiagnostic) found.dsnDiagnostic = extra.dsnDiagnostic;
    out.set(key, found);
  };
  for (const report of reports) {
    for (const r of report.recipients) {
      const extra: Partial<Found> = {};
      if (r.action) extra.action = r.action;
      if (r.remoteMta) extra.remoteMta = r.remoteMta;
      if (r.diagnostic) extra.dsnDiagnostic = r.diagnostic;
      add(r.finalRecipient ?? r.originalRecipient, 'delivery-status', extra, true);
    }
  }
  for (const failed of message?.failedRecipients ?? []) add(failed, 'text', {}, true);
  lines.forEach((line, i) => {
    for (const p of INLINE) add(p.exec(line)?.[1], 'text');
    if (LIST_HEADINGS.some((p) => p.test(line))) {
      // The addresses follow, one per line (Exchange 2003 adds " on <date>"), possibly after a blank line.
      let seen = 0;
      for (let j = i + 1; j < Math.min(lines.length, i + 12); j++) {
        const next = lines[j]!;
        const m = ADDRESS_LINE.exec(next) ?? (next.length < 200 ? ADDRESS.exec(next) : null);
        if (m && !NOT_A_RECIPIENT_LINE.test(next)) {
          add(m[1] ?? m[0], 'text');
          seen += 1;
        } else if (next.trim() !== '' && seen > 0 && !/^\s/.test(next)) break;
        else if (next.trim() !== '' && !/@/.test(next) && seen === 0 && !/^\s/.test(next)) break;
      }
    }
  });
  for (const s of statements) {
    if (!s.recipient || s.command === 'MAIL' || s.statuses.some((x) => /^[45]\.1\.[78]$/.test(x))) continue;
    add(s.recipient, s.source === 'delivery-status' ? 'delivery-status' : 'text');
  }
  if (out.size === 0) {
    // No wording we know: any address in the report text, but not in a header field or a sentence about the sender.
    for (const line of lines) {
      if (NOT_A_RECIPIENT_LINE.test(line) || (SENDER_WORDS.test(line) && !/RCPT/i.test(line))) continue;
      for (const m of line.matchAll(new RegExp(ADDRESS.source, 'g'))) add(m[0], 'text');
      if (out.size >= 20) break;
    }
  }
  if (out.size === 0 && message?.returnedTo) {
    // The report names no address: the returned message's To is where it was going (one address only).
    const to = message.returnedTo.split(',').map((a) => cleanAddress(a)).filter((a): a is string => a !== undefined);
    if (to.length === 1) add(to[0], 'returned-message');
  }
  return [...out.values()];
}

/** Whose evidence a recipient's codes come from: its own statements, or the unattributed ones when it has none. */
function statementsFor(address: string, statements: readonly Statement[], single: boolean, others: ReadonlySet<string>): Statement[] {
  const key = address.toLowerCase();
  const own = statements.filter((s) => s.recipient?.toLowerCase() === key);
  const loose = statements.filter((s) => !s.recipient || !others.has(s.recipient.toLowerCase()));
  if (single) return [...own, ...loose.filter((s) => !own.includes(s))];
  return own.length > 0 ? own : loose;
}

/** The status and reply of a recipient: from its strongest evidence that has one; a generic x.0.0 yields to a specific code. */
export function codesFor(list: readonly Statement[]): { status?: string; statusFrom?: EvidenceKind; reply?: number; diagnostic?: string; server?: string } {
  const order = ranked(list.filter((s) => !/^[2]/.test(String(s.reply ?? '')) || s.statuses.length > 0));
  const out: { status?: string; statusFrom?: EvidenceKind; reply?: number; diagnostic?: string; server?: string } = {};
  const withStatus = order.flatMap((s) => s.statuses.filter((x) => !x.startsWith('2.')).map((x) => [x, s] as const));
  const specific = withStatus.find(([x]) => !isGeneric(x)) ?? withStatus[0];
  if (specific) {
    out.status = specific[0];
    out.statusFrom = specific[1].kind;
  }
  const reply = order.find((s) => s.reply !== undefined && s.reply >= 400);
  if (reply) out.reply = reply.reply!;
  const best = order.find((s) => s.kind === 'reply' || s.kind === 'diagnostic-code');
  if (best) out.diagnostic = best.text.replace(/^Diagnostic-Code:\s*/i, '');
  const server = order.find((s) => s.server)?.server;
  if (server) out.server = server;
  return out;
}

/** The failed recipients, each with its own codes (item: several recipients, several codes). */
export function recipients(
  lines: readonly string[],
  message: ParsedMessage | undefined,
  reports: readonly DeliveryStatus[],
  statements: readonly Statement[],
  excluded: ReadonlySet<string>,
): Recipient[] {
  const found = findRecipients(lines, message, reports, statements, excluded);
  const keys = new Set(found.map((f) => f.address.toLowerCase()));
  return found.map((f) => {
    const r: Recipient = { address: f.address, domain: f.address.slice(f.address.lastIndexOf('@') + 1).toLowerCase(), foundIn: f.foundIn };
    if (f.action) r.action = f.action;
    const codes = codesFor(statementsFor(f.address, statements, found.length === 1, keys));
    if (codes.status) r.status = codes.status;
    if (codes.reply !== undefined) r.reply = codes.reply;
    if (codes.statusFrom) r.statusFrom = codes.statusFrom;
    const remote = f.remoteMta ?? codes.server;
    if (remote) r.remoteMta = remote;
    const diagnostic = codes.diagnostic ?? f.dsnDiagnostic;
    if (diagnostic) r.diagnostic = diagnostic;
    return r;
  });
}

export { statementsFor };
