// Finds the replies in a bounce: lines with SMTP reply codes or enhanced status codes in the layouts real MTAs write (continuations joined), and RFC 3464 recipient groups; each with its rank as evidence.
import { CODELESS_PATTERNS } from '../knowledge/bounces.js';
import type { DeliveryStatus } from './dsn.js';
import { MAX_LINE_CHARS, MAX_STATEMENTS } from './limits.js';
import { maskAddresses } from './mask.js';
import { cleanHost, hasMicrosoftMarkers, looksLikeHost, sideOf } from './servers.js';
import type { Command, EvidenceKind, Side, Statement } from './types.js';

/**
 * RFC 3463 §2: class.subject.detail (subjects 0-7 are the defined ones); not part of a longer dotted
 * number such as an IP address or a version.
 */
const STATUS = /(?<![\w.]|[A-Za-z]-)([245]\.[0-7]\.\d{1,3})(?!\w|\.\d|-\d)/g;
/**
 * A reply code followed by an enhanced status code, in the separators MTAs use: `550 5.4.1`,
 * `550-5.7.26` (RFC 5321 §4.2.1 multiline), `554 #5.4.14` (Exchange), `550: 5.1.1`, `550 (5.1.1)`.
 */
const REPLY_AND_STATUS = /(?<![\d.])([245]\d\d)(?:[ -]{1,3}['"]?|:[ ]{0,2}|[ ]?#|[ ]\()[245]\.[0-7]\.\d{1,3}(?!\d|\.\d)/;
/**
 * A reply quoted inside another: Sendmail V5's "554 <rcpt>... 550 Host unknown", Amazon SES's
 * "554 4.4.7 Message expired ... <421 4.4.2 Connection timed out>", Exchange's "550 5.4.300 Message
 * expired -> 450 4.4.317 ...": the inner one is the remote server's own reply.
 */
const NESTED_REPLY = /(?:\.\.\.\s*|<\s*|->\s*)([245]\d\d)(?=[ -])/;
/**
 * A reply code alone, only where bounces put one: line start (`550 ...`, Sendmail's `<<< 550`), after
 * `returned '`, `said:`, `host [ip]:`, `error:`, `smtp;`, `was:`, Exim's "refused to talk to me:", a
 * parenthesis ("(reason: 550 ..."), Zoho's "ERROR_CODE :550", "code 550", "reply: 550".
 */
const REPLY_ALONE =
  /(?:^(?:<<<\s*|#)?|returned ['"]|\b(?:said|error|was|me|with|reason|failure|reply|response|answer|replied|responded|status):\s*|\]:\s*|>:\s*|smtp;\s*|\(|ERROR_CODE\s*:\s*|code:?\s+|\s(?=[245]\d\d-['"]))([245]\d\d)(?=[ :,;-]|$)/i;
/** `Field: value` lines of an NDR (Exchange's "Remote server:", pasted DSN fields): not continuations. */
const FIELD_LINE = /^\s*[A-Za-z][A-Za-z0-9 -]{0,40}:\s/;
// The local part may be UTF-8 (RFC 6531), and must start at a boundary: otherwise "jöhn@x" was read as "hn@x".
const ADDRESS = /(?<![A-Za-z0-9.!#$%&'*+/=?^_`{|}~\u00c0-\u1fff\u2c00-\ud7ff-])[A-Za-z0-9.!#$%&'*+/=?^_`{|}~\u00c0-\u1fff\u2c00-\ud7ff-]{1,64}@(?:[A-Za-z0-9-]{1,63}\.)+[A-Za-z][A-Za-z0-9-]{0,62}/;
const ADDRESS_LINE = new RegExp(`^\\s*<?(${ADDRESS.source})>?:?\\s*(\\(.*\\))?\\s*$`);
const MAX_CONTINUATIONS = 3;

/**
 * Words that say a line is the remote server's own reply, quoted by the MTA that wrote the bounce:
 * Postfix "host X[ip] said:", Sendmail's transcript "<<<", Exim "SMTP error from remote mail server"
 * and "refused to talk to me", Exchange "Remote Server returned" / "Server at X returned", Gmail "The
 * response from the remote server was", qmail "Remote host said", "(in reply to RCPT TO command)".
 */
const REMOTE_WORDS =
  /\bsaid:|<<<|SMTP error from remote|refused to talk to me|Remote (?:Server|host) (?:returned|said)|Server at \S+ .{0,60}returned|other server returned|response from the remote server|The response was|remote (?:server|host|mta) (?:said|replied|responded|answered|returned|rejected)|in reply to (?:RCPT|MAIL|DATA|end of|the)|ERROR_CODE|Diagnostic-Code:/i;
/** The SMTP command a reply answered (RFC 5321 §4.1.1), as MTAs write it next to the reply. */
const COMMANDS: [RegExp, Command][] = [
  [/\b(?:after|in reply to|during|to)\s+RCPT\b|>>>\s*RCPT\b|RCPT TO:?\s*<[^>]*>\s*:?\s*$/i, 'RCPT'],
  [/\b(?:after|in reply to|during|to)\s+MAIL\b|>>>\s*MAIL\b|after MAIL FROM/i, 'MAIL'],
  [/\b(?:after|in reply to|during)\s+(?:DATA|end of (?:data|DATA)|the end of data)\b|>>>\s*DATA\b|after end of data/i, 'DATA'],
  [/\b(?:after|in reply to|during)\s+(?:HELO|EHLO)\b|>>>\s*(?:HELO|EHLO)\b/i, 'HELO'],
  [/after initial connection|refused to talk to me|on connect|(?:greeting|banner)\b|while connected to/i, 'CONNECT'],
];

function codesOf(text: string): { reply?: number; nestedReply?: number; statuses: string[] } {
  const statuses = [...new Set([...text.matchAll(STATUS)].map((m) => m[1]!))];
  const withStatus = REPLY_AND_STATUS.exec(text);
  const outer = withStatus?.[1] ?? REPLY_ALONE.exec(text.trimStart())?.[1];
  if (outer === undefined) return { statuses };
  const inner = NESTED_REPLY.exec(text)?.[1];
  return inner !== undefined && inner !== outer ? { reply: Number(outer), nestedReply: Number(inner), statuses } : { reply: Number(outer), statuses };
}

function hasCode(text: string): boolean {
  const codes = codesOf(text);
  return codes.reply !== undefined || codes.statuses.length > 0;
}

/** Whether a line could be (the start of) a reply: it holds a code, or a text only a known refusal has. */
export function mayBeReply(line: string): boolean {
  if (hasCode(line)) return true;
  const words = maskAddresses(line);
  return CODELESS_PATTERNS.some((p) => p.test(words));
}

const indentOf = (line: string) => /^[ \t]*/.exec(line)![0].length;
const multiline = (line: string) => /^\s*(?:<<<\s*|[A-Za-z -]{1,30}:\s*)?([245]\d\d)-/.exec(line)?.[1];

/**
 * Wrapped lines that continue a reply: indented at least as deep, no code of their own, not a new
 * field; or the further lines of an RFC 5321 §4.2.1 multiline reply (`550-5.1.1 ...` then
 * `550 5.1.1 ...`), which repeat the code on every line.
 */
function continuations(lines: readonly string[], at: number): number {
  const base = indentOf(lines[at]!);
  const code = multiline(lines[at]!);
  let count = 0;
  for (let j = at + 1; j < lines.length && count < MAX_CONTINUATIONS * 3; j++) {
    const line = lines[j]!;
    if (code !== undefined && new RegExp(`^\\s*(?:<<<\\s*)?${code}[ -]`).test(line)) {
      count += 1;
      if (!line.trimStart().replace(/^<<<\s*/, '').startsWith(`${code}-`)) break;
      continue;
    }
    if (count >= MAX_CONTINUATIONS) break;
    // Postfix wraps "said: 550" / "5.2.2 <rcpt>... Mailbox Full": a line ending in a bare reply code goes on below.
    if (count === 0 && /(?:said|reason|with):\s*[245]\d\d\s*$/i.test(lines[at]!) && /^\s+#?[245]\.\d{1,3}\.\d{1,3}\s/.test(line)) {
      count += 1;
      continue;
    }
    const indent = indentOf(line);
    if (line.trim() === '' || indent === 0 || indent < base || hasCode(line) || FIELD_LINE.test(line) || ADDRESS_LINE.test(line)) break;
    if (/^\s*host\s+\S+\s*\[/.test(line)) break;
    count += 1;
  }
  return count;
}

/** The recipient a reply names for sure: `RCPT TO:<x>`, Exchange's `[x]:`. */
function namedRecipientIn(text: string): string | undefined {
  return /RCPT TO:\s*<([^<>\s]{3,254})>/i.exec(text)?.[1] ?? /\[([^[\]\s@]{1,64}@[^[\]\s]{1,253})\]:/.exec(text)?.[1];
}

/**
 * Any `<address>` in a reply, but not the one after `MAIL FROM:` (Exim's "after MAIL FROM:<app@...>",
 * the sender) nor one a sender check names ("Verification failed for <alice@...>"): those are the
 * sender, not the failed recipient.
 */
function anyRecipientIn(text: string): string | undefined {
  for (const m of text.matchAll(/<([^<>\s@]{1,64}@[^<>\s]{1,253})>/g)) {
    const before = text.slice(Math.max(0, m.index - 40), m.index);
    if (/MAIL FROM:\s*$|(verification failed|verify failed|sender|from)( for| address)?:?\s*$/i.test(before)) continue;
    return m[1];
  }
  return undefined;
}

interface Where {
  server?: string;
  target?: string;
  recipient?: string;
  command?: Command;
  remote: boolean;
}

function commandIn(text: string): Command | undefined {
  return COMMANDS.find(([pattern]) => pattern.test(text))?.[1];
}

/** Who answered, to which command, and about whom, from the reply itself and the lines around it (same block). */
function whereOf(lines: readonly string[], at: number, end: number, text: string): Where {
  const where: Where = { remote: REMOTE_WORDS.test(text) };
  const serverAt = /Server at (\S+?)(?: \([^)]*\))? returned/i.exec(text);
  // Postfix "host X[ip] said:", and the same without "host" (some relays write "X[ip] said:").
  const hostSaid =
    /\bhost\s+([A-Za-z0-9.-]+\.[A-Za-z]{2,})\.?\s*\[[0-9A-Fa-f.:]+\](?:\s*said)?:/i.exec(text) ??
    /(?:^|[\s(])([A-Za-z0-9.-]+\.[A-Za-z]{2,})\.?\s*\[[0-9A-Fa-f.:]+\]\s*said:/i.exec(text);
  const attempted = /\[LastAttemptedServerName=([^\]\s]+)\]/i.exec(text);
  if (serverAt) where.server = cleanHost(serverAt[1]!);
  else if (hostSaid) where.server = cleanHost(hostSaid[1]!);
  if (attempted) where.target = cleanHost(attempted[1]!);
  else if (serverAt) where.target = where.server;
  const command = commandIn(text);
  if (command) where.command = command;
  const named = namedRecipientIn(text);
  let listed: string | undefined;
  // Lines before, in the same block: Exim's "host X [ip]", Postfix's "<rcpt>: host X[ip]" wrapped
  // before its "said:", Exchange's bare server line, the address line, Sendmail's ">>> RCPT To:<x>",
  // Gmail's "The response from the remote server was:".
  // Sendmail's transcript: only its "<<<" lines are the remote server's; a line between them is its own summary.
  const transcript = !/^\s*<<</.test(lines[at]!) && lines.slice(Math.max(0, at - 4), at).some((l) => /^\s*(>>>|<<<)/.test(l));
  for (let j = at - 1; j >= Math.max(0, at - 4); j--) {
    const line = lines[j]!.trim();
    if (line === '') {
      if (j === at - 1 && j > 0 && /response (from the remote server )?was:?\s*$|The error that the other server returned was:?\s*$/i.test(lines[j - 1]!)) {
        where.remote = true;
      }
      break;
    }
    if (REMOTE_WORDS.test(line) && hasCode(line) === false) where.remote = true;
    const eximHost = /^(?:<[^<>\s]{3,254}>:\s*)?host\s+(\S+?)\.?\s*\[[0-9A-Fa-f.:]+\]:?$/i.exec(line);
    if (eximHost && !where.server) {
      where.server = cleanHost(eximHost[1]!);
      where.remote = true;
    } else if (looksLikeHost(line) && !where.server && j === at - 1) where.server = cleanHost(line);
    const talking = /while talking to ([A-Za-z0-9.-]+?)\.?:\s*$/i.exec(line);
    if (talking && !where.server) {
      where.server = cleanHost(talking[1]!);
      where.remote = true;
    }
    where.command ??= commandIn(line);
    listed ??= namedRecipientIn(line) ?? /^<([^<>\s@]{1,64}@[^<>\s]{1,253})>:/.exec(line)?.[1] ?? ADDRESS_LINE.exec(line)?.[1];
  }
  // The address the reply names for sure, else the address the block lists above the reply (Exchange
  // writes the failed recipient alone on the line above), else any <address> in the reply. Never in
  // a refusal of MAIL FROM: the address there is the sender's.
  // Sendmail's own summary line names the recipient it is about: "554 <rcpt>... Remote protocol error".
  const summary = /^\s*[245]\d\d\s+<([^<>\s]{3,254})>\.\.\./.exec(text)?.[1];
  const recipient = named ?? summary ?? (where.command === 'MAIL' ? undefined : (listed ?? anyRecipientIn(text)));
  if (recipient) where.recipient = recipient;
  // Lines after: the Exchange NDR's "Remote server: X" under "Reported error:".
  for (let j = end + 1; j < Math.min(lines.length, end + 4); j++) {
    const remote = /^\s*Remote server:\s*(\S+)/i.exec(lines[j]!);
    if (remote && !where.server) where.server = cleanHost(remote[1]!);
  }
  if (where.server && (hostSaid || serverAt)) where.remote = true;
  if (transcript && !REMOTE_WORDS.test(text)) where.remote = false;
  return where;
}

function saidBy(server: string | undefined, text: string): Side {
  if (server) return sideOf(server);
  return hasMicrosoftMarkers(text) ? 'microsoft' : 'unknown';
}

/**
 * Wrapped lines as one reply text, bounded. The further lines of a multiline reply lose the code
 * they repeat (`550-5.7.1 text` / `550 5.7.1 more` reads "550-5.7.1 text more").
 */
const join = (part: readonly string[]) =>
  part
    .map((l, i) => (i === 0 ? l.trim() : l.trim().replace(/^(?:<<<\s*)?[245]\d\d[ -](?:#?[245]\.\d{1,3}\.\d{1,3}[ ])?/, '')))
    .join(' ')
    .replace(/\s+/g, ' ')
    .slice(0, MAX_LINE_CHARS);

/** The rank of a text line as evidence: the remote reply, a pasted DSN field, or the reporting MTA's own summary. */
function kindOf(text: string, remote: boolean): EvidenceKind {
  if (/^\s*Diagnostic-Code:/i.test(text)) return 'diagnostic-code';
  if (/^\s*Status:\s*[245]\.\d/i.test(text)) return 'status';
  // "503 Need RCPT" after a refused RCPT is the consequence of the refusal, not the failure.
  if (/\b503\b.{0,20}(need (rcpt|mail|recipient)|no valid recipients|bad sequence)/i.test(text)) return 'summary';
  return remote ? 'reply' : 'summary';
}

/**
 * Replies in the human-readable text: lines with a code, or with a text only a known refusal has.
 * `skip`: lines already read as delivery-status fields pasted into the text (read as their groups).
 */
export function textStatements(lines: readonly string[], shown: readonly string[] = lines, skip: ReadonlySet<number> = new Set()): Statement[] {
  const out: Statement[] = [];
  for (let i = 0; i < lines.length && out.length < MAX_STATEMENTS; i++) {
    const line = lines[i]!;
    if (skip.has(i) || !mayBeReply(line)) continue;
    const more = continuations(lines, i);
    const text = join(lines.slice(i, i + 1 + more));
    const where = whereOf(lines, i, i + more, text);
    const statement: Statement = {
      text,
      ...codesOf(text),
      line: i + 1,
      source: 'text',
      kind: kindOf(text, where.remote),
      saidBy: saidBy(where.server, text),
    };
    const asWritten = join(shown.slice(i, i + 1 + more));
    if (asWritten !== text) statement.shown = asWritten;
    if (where.server) statement.server = where.server;
    if (where.target) statement.target = where.target;
    if (where.recipient) statement.recipient = where.recipient;
    if (where.command) statement.command = where.command;
    out.push(statement);
    i += more;
  }
  // Sendmail's transcript: "<<< 550 ..." (the remote's words) then its own "554 <rcpt>... reason":
  // the reply is about the recipient the summary under it names.
  for (let k = 0; k + 1 < out.length; k++) {
    const s = out[k]!;
    if (s.kind !== 'reply' || s.recipient || !/^\s*<<</.test(s.text) || s.line === null) continue;
    for (let n = k + 1; n < Math.min(out.length, k + 3); n++) {
      const next = out[n]!;
      if (next.line === null || next.line - s.line > 3 || /^\s*<<</.test(next.text)) break;
      if (next.kind === 'summary' && next.recipient) {
        s.recipient = next.recipient;
        break;
      }
    }
  }
  return out;
}

/**
 * Per RFC 3464 recipient group: its Diagnostic-Code (usually the remote server's reply, RFC 3464
 * §2.3.6) and its Status (the reporting MTA's own classification, §2.3.4), as two statements of
 * different rank, with the group's Remote-MTA and recipient.
 */
export function deliveryStatusStatements(reports: readonly DeliveryStatus[]): Statement[] {
  const out: Statement[] = [];
  for (const report of reports) {
    for (const r of report.recipients) {
      if (out.length >= MAX_STATEMENTS) return out;
      if (!r.status && !r.diagnostic) continue;
      const server = r.remoteMta ? cleanHost(r.remoteMta) : undefined;
      const recipient = r.finalRecipient ?? r.originalRecipient;
      const base = (text: string, kind: EvidenceKind, codes: { reply?: number; nestedReply?: number; statuses: string[] }): Statement => {
        const statement: Statement = { text: text.slice(0, MAX_LINE_CHARS), statuses: codes.statuses, line: null, source: 'delivery-status', kind, saidBy: saidBy(server, r.diagnostic ?? '') };
        if (codes.reply !== undefined) statement.reply = codes.reply;
        if (codes.nestedReply !== undefined) statement.nestedReply = codes.nestedReply;
        if (server) statement.server = server;
        const target = /\[LastAttemptedServerName=([^\]\s]+)\]/i.exec(r.diagnostic ?? '')?.[1];
        if (target) statement.target = cleanHost(target);
        else if (server && statement.saidBy === 'other') statement.target = server;
        if (recipient) statement.recipient = recipient;
        const command = commandIn(r.diagnostic ?? '');
        if (command) statement.command = command;
        return statement;
      };
      if (r.diagnostic) {
        const codes = codesOf(r.diagnostic);
        out.push(base(`Diagnostic-Code: ${r.diagnostic}`, 'diagnostic-code', codes));
      }
      if (r.status && /^[245]\.\d{1,3}\.\d{1,3}$/.test(r.status)) out.push(base(`Status: ${r.status}`, 'status', { statuses: [r.status] }));
    }
  }
  return out;
}

export { ADDRESS, ADDRESS_LINE };
