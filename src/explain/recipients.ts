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
  // GroupWise "was undeliverable to the following:", Exchange 2003 "cannot be reached:", and the
  // many "could not be delivered to the following recipients:" of other MTAs: a sentence about the
  // addresses that follow, ending the line.
  /\b(?:undeliverable|(?:could|can)(?:not|n't| not) be (?:delivered|reached)|was not delivered|unable to deliver[^.]{0,40}|delivery (?:has )?failed|did not reach) (?:to |for )?(?:the )?following(?: recipients?| addresses| address\(es\)| recipient\(s\)| users?)?\s*:?\s*$/i,
];
/** A recipient named in a sentence of the report. */
const INLINE = [
  /Your message to (\S+@\S+?) couldn't be delivered/i,
  /Your message wasn't delivered to (\S+@\S+?) because/i,
  // Gmail ends the sentence with a full stop right after the address: keep the address's own dots.
  /problem delivering your message to (\S+@\S+?)\.?(?:\s|$)/i,
  /^\s*Recipient Address:\s*(\S+@\S+)/i,
  /^\s*<(\S+@\S+?)>:\s*(host|connect|delivery|Recipient|unknown)/i,
  // qmail: "<rcpt>:" alone on its line, the reason on the next.
  /^<(\S+@\S+?)>:\s*$/,
  /Could not be delivered to:\s*<?(\S+@[^\s>]+)/i,
  // Amazon SES's JSON notification (through SNS): "emailAddress":"x", quotes escaped or not.
  /\\?"emailAddress\\?"\s*:\s*\\?"([^"\\\s]+@[^"\\\s]+)/,
];
/** Header fields and sentences whose address is never a failed recipient: the sender, the bounce's own addresses. */
const NOT_A_RECIPIENT_LINE =
  /^\s*(?:From|Sender|Reply-To|Return-Path|Message-ID|In-Reply-To|References|Received|X-[A-Za-z-]+|Sender Address|Errors-To|Disposition-Notification-To)\s*:|\b(?:from|sender|MAIL FROM:?|envelope-from|by|contact|send mail to|write to|email)\s*<?[^\s<>@]+@[^\s<>]+>?\s*(?:\(|$)/i;
/** A reply about the sender, not a recipient: RFC 3463 5.1.7/5.1.8, `after MAIL FROM`. */
const SENDER_WORDS = /MAIL FROM|sender|from address|envelope from/i;

/** RFC 5321 §4.1.2: a quoted local part ("neko....nyaan...."@example.org) is a valid address too. */
const QUOTED_ADDRESS = /"[^"\r\n]{1,64}"@(?:[A-Za-z0-9-]{1,63}\.)+[A-Za-z][A-Za-z0-9-]{0,62}/;
/** What a delivery-status field may name: any local part, any domain (a host without dots, `kijitora@mailhub0`). */
const FIELD_ADDRESS = /^(?:"[^"\r\n]{1,64}"|[^\s@<>"(),;]{1,64})@[A-Za-z0-9][A-Za-z0-9.-]{0,252}$/;

function cleanAddress(raw: string): string | undefined {
  const text = raw.replace(/^mailto:/i, '');
  const m = QUOTED_ADDRESS.exec(text) ?? ADDRESS.exec(text);
  return m ? m[0].replace(/\.+$/, '') : undefined;
}

/** An address as a delivery-status field or a header gives it: taken as it is when it is one address. */
function fieldAddress(raw: string): string | undefined {
  const text = raw.trim().replace(/^<|>$/g, '').replace(/\.+$/, '');
  return FIELD_ADDRESS.test(text) ? text : cleanAddress(text);
}

/** The address in a header value (`Name <a@b>` or `a@b`). */
export function addressIn(value: string | undefined): string | undefined {
  return value === undefined ? undefined : cleanAddress(value);
}

const RANK: Record<EvidenceKind, number> = { reply: 3, 'diagnostic-code': 2, status: 1, summary: 0 };

/** x.0.0 (RFC 3463 "other undefined status") says nothing specific: any other code outranks it. */
export const isGeneric = (status: string) => /^[245]\.0\.0$/.test(status);

const isCoded = (s: Statement) => s.reply !== undefined || s.statuses.length > 0;
const classOf = (s: Statement) => s.statuses[0]?.[0] ?? (s.reply !== undefined ? String(s.reply)[0] : undefined);

/**
 * The outcome the evidence reports, 5 (failed) or 4 (delayed): the delivery-status Status if there
 * is one, else 5 when any reply is permanent. A temporary reply met on the way ("450 busy, try
 * later" from a backup MX) does not lead when the outcome is a failure.
 */
function outcomeClass(statements: readonly Statement[]): string | undefined {
  const status = statements.find((s) => s.kind === 'status')?.statuses[0]?.[0];
  if (status === '4' || status === '5') return status;
  if (statements.some((s) => classOf(s) === '5')) return '5';
  return statements.some((s) => classOf(s) === '4') ? '4' : undefined;
}

/**
 * Statements ranked as evidence, strongest first: by kind (the remote reply, Diagnostic-Code,
 * Status, the summary line); within a kind, replies of the final outcome's class, then coded before
 * uncoded; ties keep the order of the bounce.
 */
export function ranked(statements: readonly Statement[]): Statement[] {
  const outcome = outcomeClass(statements);
  const key = (s: Statement) => RANK[s.kind] * 4 + (outcome !== undefined && classOf(s) === outcome ? 2 : 0) + (isCoded(s) ? 1 : 0);
  return statements.map((s, i) => [s, i] as const).sort((a, b) => key(b[0]) - key(a[0]) || a[1] - b[1]).map(([s]) => s);
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
  original: readonly string[],
  message: ParsedMessage | undefined,
  reports: readonly DeliveryStatus[],
  statements: readonly Statement[],
  excluded: ReadonlySet<string>,
): Found[] {
  const out = new Map<string, Found>();
  // A DSN may report several recipients, some delivered (RFC 3464 §2.3.3 Action: delivered, relayed,
  // expanded): those are no failed recipients, whatever else names them.
  const succeeded = new Set<string>();
  for (const report of reports) {
    for (const r of report.recipients) {
      const address = fieldAddress(r.finalRecipient ?? r.originalRecipient ?? '');
      if (address && /^(delivered|relayed|expanded)$/i.test(r.action ?? '')) succeeded.add(address.toLowerCase());
    }
  }
  const add = (raw: string | undefined, foundIn: Found['foundIn'], extra: Partial<Found> = {}, trusted = false) => {
    const address = raw === undefined ? undefined : foundIn === 'delivery-status' ? fieldAddress(raw) : cleanAddress(raw);
    if (!address || out.size >= MAX_RECIPIENTS) return;
    const key = address.toLowerCase();
    if (succeeded.has(key)) return;
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
  // Sources that name the failed recipient for sure are trusted even when it is the sender's own
  // address (a message to oneself); the weaker ones below skip the sender and the bounce's addresses.
  for (const failed of message?.failedRecipients ?? []) add(failed, 'text', {}, true);
  lines.forEach((line, i) => {
    for (const p of INLINE) add(p.exec(line)?.[1], 'text', {}, true);
    // A heading wrapped over two lines ("The following address(es)" / "failed:") is read joined.
    const heading = i > 0 && /^\s*\S+:?\s*$/.test(line) ? `${lines[i - 1]!.trim()} ${line.trim()}` : line;
    if (LIST_HEADINGS.some((p) => p.test(line) || p.test(heading))) {
      // The addresses follow, each at the start of its line (Exchange 2003 adds " on <date>", Postfix
      // "(expanded from ...)"), maybe with detail lines between; a blank line after them ends the list.
      let seen = 0;
      for (let j = i + 1; j < Math.min(lines.length, i + 16); j++) {
        const next = lines[j]!;
        if (next.trim() === '') {
          if (seen > 0) break;
          continue;
        }
        const m = /^\s*<?("[^"]{1,64}"@\S+?|[^\s<>@"]{1,64}@[^\s<>]+?)>?(?::|\s|$)/.exec(next);
        const address = m ? cleanAddress(m[1]!) : undefined;
        if (address && !NOT_A_RECIPIENT_LINE.test(next)) {
          add(address, 'text', {}, true);
          seen += 1;
        }
      }
    }
  });
  for (const s of statements) {
    const sendmailSummary = /^\s*[245]\d\d\s+<[^<>\s]+>\.\.\./.test(s.text);
    if (!s.recipient || (s.command === 'MAIL' && !sendmailSummary) || s.statuses.some((x) => /^[45]\.1\.[78]$/.test(x))) continue;
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
  const returnedTo = message?.returnedTo ?? original.slice(0, 60).map((l) => /^\s*To:\s*(.+)$/i.exec(l)?.[1]).find((v) => v !== undefined);
  if (out.size === 0 && returnedTo) {
    // The report names no address: the returned message's To is where it was going (one address only).
    const to = returnedTo.split(',').map((a) => cleanAddress(a)).filter((a): a is string => a !== undefined);
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

/** x.y.0 is RFC 3463's "other" status of a subject: it says less than any other detail of the same evidence. */
const isVague = (status: string) => /^[245]\.\d{1,3}\.0$/.test(status);

/**
 * The status and reply of a recipient, from its strongest evidence. The status: the one the
 * remote server's reply (or a Diagnostic-Code) carries, in rank order, even a generic x.0.0 (that
 * is what the failing hop said); only without one, the reporting MTA's Status or summary line,
 * where a generic x.0.0 yields to a specific code. Within one reply an "other" x.y.0 yields to a
 * specific code (Amazon SES's "5.1.0 - Unknown address error 550-'5.7.1 ..." quotes the remote's
 * 5.7.1), and codes of the outcome's class (5 for a failure) come before the others (a "421 4.7.0"
 * met on the way does not give a failed recipient its status).
 */
export function codesFor(list: readonly Statement[]): { status?: string; statusFrom?: EvidenceKind; reply?: number; diagnostic?: string; server?: string } {
  const order = ranked(list.filter((s) => !/^[2]/.test(String(s.reply ?? '')) || s.statuses.length > 0));
  const out: { status?: string; statusFrom?: EvidenceKind; reply?: number; diagnostic?: string; server?: string } = {};
  const outcome = outcomeClass(order);
  const candidates = (kinds: readonly EvidenceKind[]) =>
    order
      .filter((s) => kinds.includes(s.kind))
      .flatMap((s) => {
        const own = s.statuses.filter((x) => !x.startsWith('2.'));
        const sharp = own.filter((x) => !isVague(x));
        return [...sharp, ...own.filter(isVague)].map((x) => [x, s] as const);
      })
      .sort((a, b) => Number(b[0][0] === outcome) - Number(a[0][0] === outcome));
  const replied = candidates(['reply', 'diagnostic-code']);
  const reported = candidates(['status', 'summary']);
  const ofOutcome = ([x]: readonly [string, Statement]) => outcome === undefined || x[0] === outcome;
  const specific =
    replied.find(ofOutcome) ?? reported.find((c) => ofOutcome(c) && !isGeneric(c[0])) ?? reported.find(ofOutcome) ?? replied[0] ?? reported[0];
  if (specific) {
    out.status = specific[0];
    out.statusFrom = specific[1].kind;
  }
  // The failing hop's own reply: a reply quoted inside the reporting MTA's line wins over that line's,
  // unless it is of another class than the recipient's status: a temporary one met on the way to a
  // permanent outcome (Exchange's "550 5.4.300 Message expired -> 451 4.4.317 ...": 550).
  // RFC 2034 §3: a status's class matches its reply's, so the one of the recipient's status is taken
  // (Amazon SES's "554 4.4.7 ... <421 4.4.2 ...>" with Status 4.4.7: 421).
  const klass = out.status?.[0];
  const replyOf = (s: Statement) => {
    const inner = s.nestedReply;
    if (inner === undefined) return s.reply;
    if (klass !== undefined && s.reply !== undefined && String(s.reply)[0] !== String(inner)[0]) return String(inner)[0] === klass ? inner : s.reply;
    return inner;
  };
  const reply = order.find((s) => (replyOf(s) ?? 0) >= 400);
  if (reply) out.reply = replyOf(reply)!;
  const best = order.find((s) => s.kind === 'reply' || s.kind === 'diagnostic-code');
  if (best) out.diagnostic = best.text.replace(/^Diagnostic-Code:\s*/i, '');
  const server = order.find((s) => s.server)?.server;
  if (server) out.server = server;
  return out;
}

/** The failed recipients, each with its own codes (item: several recipients, several codes). */
export function recipients(
  lines: readonly string[],
  original: readonly string[],
  message: ParsedMessage | undefined,
  reports: readonly DeliveryStatus[],
  statements: readonly Statement[],
  excluded: ReadonlySet<string>,
): Recipient[] {
  const found = findRecipients(lines, original, message, reports, statements, excluded);
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
