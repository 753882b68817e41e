// Finds the replies in a bounce: lines with SMTP reply codes or enhanced status codes (continuations joined), and RFC 3464 recipient groups.
import { CODELESS_PATTERNS } from '../knowledge/bounces.js';
import type { DeliveryStatus } from './dsn.js';
import { MAX_LINE_CHARS, MAX_STATEMENTS } from './limits.js';
import { cleanHost, hasMicrosoftMarkers, looksLikeHost, sideOf } from './servers.js';
import type { Side, Statement } from './types.js';

/**
 * RFC 3463 §2: class.subject.detail (subjects 0-7 are the defined ones); not part of a longer dotted
 * number such as an IP address or a version.
 */
const STATUS = /(?<![\w.])([245]\.[0-7]\.\d{1,3})(?!\w|\.\d)/g;
/** A reply code followed by an enhanced status code: `550 5.4.1`, `550-5.7.26`, `554 #5.4.14`. */
const REPLY_AND_STATUS = /(?<![\d.])([245]\d\d)[ -]{1,3}#?[245]\.[0-7]\.\d{1,3}(?!\d|\.\d)/;
/** A reply code alone, only where bounces put one: line start, after `returned '`, `said:`, `host [ip]:`, `smtp;`, `was:`. */
const REPLY_ALONE = /(?:^|returned ['"]|said:\s*|\]:\s*|error:\s*|smtp;\s*|was:\s*)([245]\d\d)(?=[ -]|$)/i;
/** `Field: value` lines of an NDR (Exchange's "Remote server:", pasted DSN fields): not continuations. */
const FIELD_LINE = /^\s*[A-Za-z][A-Za-z0-9 -]{0,40}:\s/;
// The local part may be UTF-8 (RFC 6531), and must start at a boundary: otherwise "jöhn@x" was read as "hn@x".
const ADDRESS = /(?<![A-Za-z0-9.!#$%&'*+/=?^_`{|}~\u00c0-\u1fff\u2c00-\ud7ff-])[A-Za-z0-9.!#$%&'*+/=?^_`{|}~\u00c0-\u1fff\u2c00-\ud7ff-]{1,64}@(?:[A-Za-z0-9-]{1,63}\.)+[A-Za-z][A-Za-z0-9-]{0,62}/;
const ADDRESS_LINE = new RegExp(`^\\s*<?(${ADDRESS.source})>?\\s*(\\(.*\\))?\\s*$`);
const MAX_CONTINUATIONS = 3;

function codesOf(text: string): { reply?: number; statuses: string[] } {
  const statuses = [...new Set([...text.matchAll(STATUS)].map((m) => m[1]!))];
  const withStatus = REPLY_AND_STATUS.exec(text);
  const reply = withStatus?.[1] ?? REPLY_ALONE.exec(text.trimStart())?.[1];
  return reply === undefined ? { statuses } : { reply: Number(reply), statuses };
}

function hasCode(text: string): boolean {
  const codes = codesOf(text);
  return codes.reply !== undefined || codes.statuses.length > 0;
}

/** Whether a line could be (the start of) a reply: it holds a code, or a text only a known refusal has. */
export function mayBeReply(line: string): boolean {
  return hasCode(line) || CODELESS_PATTERNS.some((p) => p.test(line));
}

const indentOf = (line: string) => /^[ \t]*/.exec(line)![0].length;

/** Wrapped lines that continue a reply: indented at least as deep, no code of their own, not a new field. */
function continuations(lines: readonly string[], at: number): number {
  const base = indentOf(lines[at]!);
  let count = 0;
  for (let j = at + 1; j < lines.length && count < MAX_CONTINUATIONS; j++) {
    const line = lines[j]!;
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
    if (/MAIL FROM:\s*$|(verification failed|verify failed|sender)( for)?\s*$/i.test(before)) continue;
    return m[1];
  }
  return undefined;
}

interface Where {
  server?: string;
  target?: string;
  recipient?: string;
}

/** Who answered and about whom, from the reply itself and the lines around it (same block). */
function whereOf(lines: readonly string[], at: number, end: number, text: string): Where {
  const where: Where = {};
  const serverAt = /Server at (\S+?)(?: \([^)]*\))? returned/i.exec(text);
  const hostSaid = /\bhost\s+([A-Za-z0-9.-]+\.[A-Za-z]{2,})\.?\s*\[[0-9A-Fa-f.:]+\](?:\s*said)?:/i.exec(text);
  const attempted = /\[LastAttemptedServerName=([^\]\s]+)\]/i.exec(text);
  if (serverAt) where.server = cleanHost(serverAt[1]!);
  else if (hostSaid) where.server = cleanHost(hostSaid[1]!);
  if (attempted) where.target = cleanHost(attempted[1]!);
  else if (serverAt) where.target = where.server;
  const named = namedRecipientIn(text);
  let listed: string | undefined;
  // Lines before, in the same block: Exim's "host X [ip]", Postfix's "<rcpt>: host X[ip]" wrapped
  // before its "said:", Exchange's bare server line, the address line.
  for (let j = at - 1; j >= Math.max(0, at - 4); j--) {
    const line = lines[j]!.trim();
    if (line === '') break;
    const eximHost = /^(?:<[^<>\s]{3,254}>:\s*)?host\s+(\S+?)\.?\s*\[[0-9A-Fa-f.:]+\]:?$/i.exec(line);
    if (eximHost && !where.server) where.server = cleanHost(eximHost[1]!);
    else if (looksLikeHost(line) && !where.server && j === at - 1) where.server = cleanHost(line);
    listed ??= namedRecipientIn(line) ?? /^<([^<>\s@]{1,64}@[^<>\s]{1,253})>:/.exec(line)?.[1] ?? ADDRESS_LINE.exec(line)?.[1];
  }
  // The address the reply names for sure, else the address the block lists above the reply (Exchange
  // writes the failed recipient alone on the line above), else any <address> in the reply.
  const recipient = named ?? listed ?? anyRecipientIn(text);
  if (recipient) where.recipient = recipient;
  // Lines after: the Exchange NDR's "Remote server: X" under "Reported error:".
  for (let j = end + 1; j < Math.min(lines.length, end + 4); j++) {
    const remote = /^\s*Remote server:\s*(\S+)/i.exec(lines[j]!);
    if (remote && !where.server) where.server = cleanHost(remote[1]!);
  }
  return where;
}

function saidBy(server: string | undefined, text: string): Side {
  if (server) return sideOf(server);
  return hasMicrosoftMarkers(text) ? 'microsoft' : 'unknown';
}

/** Wrapped lines as one reply text, bounded. */
const join = (part: readonly string[]) =>
  part
    .map((l) => l.trim())
    .join(' ')
    .replace(/\s+/g, ' ')
    .slice(0, MAX_LINE_CHARS);

/** Replies in the human-readable text: lines with a code, or with a text only a known refusal has. */
export function textStatements(lines: readonly string[], shown: readonly string[] = lines): Statement[] {
  const out: Statement[] = [];
  for (let i = 0; i < lines.length && out.length < MAX_STATEMENTS; i++) {
    const line = lines[i]!;
    if (!mayBeReply(line)) continue;
    const more = continuations(lines, i);
    const text = join(lines.slice(i, i + 1 + more));
    const where = whereOf(lines, i, i + more, text);
    const statement: Statement = { text, ...codesOf(text), line: i + 1, source: 'text', saidBy: saidBy(where.server, text) };
    const asWritten = join(shown.slice(i, i + 1 + more));
    if (asWritten !== text) statement.shown = asWritten;
    if (where.server) statement.server = where.server;
    if (where.target) statement.target = where.target;
    if (where.recipient) statement.recipient = where.recipient;
    out.push(statement);
    i += more;
  }
  return out;
}

/** One statement per RFC 3464 recipient group: its Status, Diagnostic-Code and Remote-MTA together. */
export function deliveryStatusStatements(reports: readonly DeliveryStatus[]): Statement[] {
  const out: Statement[] = [];
  for (const report of reports) {
    for (const r of report.recipients) {
      if (out.length >= MAX_STATEMENTS) return out;
      if (!r.status && !r.diagnostic) continue;
      const text = (r.diagnostic ? `Diagnostic-Code: ${r.diagnostic}` : `Status: ${r.status}`).slice(0, MAX_LINE_CHARS);
      const codes = codesOf(r.diagnostic ?? '');
      const statuses = [...new Set([...(r.status && /^[245]\.\d{1,3}\.\d{1,3}$/.test(r.status) ? [r.status] : []), ...codes.statuses])];
      const server = r.remoteMta ? cleanHost(r.remoteMta) : undefined;
      const statement: Statement = { text, statuses, line: null, source: 'delivery-status', saidBy: saidBy(server, r.diagnostic ?? '') };
      if (codes.reply !== undefined) statement.reply = codes.reply;
      if (server) statement.server = server;
      const target = /\[LastAttemptedServerName=([^\]\s]+)\]/i.exec(r.diagnostic ?? '')?.[1];
      if (target) statement.target = cleanHost(target);
      else if (server && statement.saidBy === 'other') statement.target = server;
      const recipient = r.finalRecipient ?? r.originalRecipient;
      if (recipient) statement.recipient = recipient;
      out.push(statement);
    }
  }
  return out;
}

export { ADDRESS, ADDRESS_LINE };
