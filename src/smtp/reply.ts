// Parses one SMTP reply (RFC 5321 §4.2) into code, enhanced status code (RFC 3463) and text.

import type { SmtpReply } from './types.js';

// RFC 5321 §4.2: "Reply-code [ SP textstring ] CRLF", continuation lines use "-" instead of SP.
const LINE = /^(\d{3})(?:([ -])(.*))?$/s;
// RFC 3463 §2: class "." subject "." detail; class is 2, 4 or 5, subject and detail 1-3 digits.
const ENHANCED = /^([245]\.\d{1,3}\.\d{1,3})(?:\s+|$)/;

/**
 * Parses a reply as nodemailer hands it over: its lines joined with `\n`, line endings gone.
 * Never throws: a line that is not SMTP keeps its text and marks the reply `malformed`.
 */
export function parseReply(raw: string): SmtpReply {
  const rawLines = raw.split('\n').map((line) => line.replace(/\r$/, ''));
  let code: number | undefined;
  let enhanced: string | undefined;
  let malformed = false;
  const lines: string[] = [];
  for (const line of rawLines) {
    const match = LINE.exec(line);
    if (!match) {
      malformed = true;
      lines.push(line);
      continue;
    }
    const lineCode = Number(match[1]);
    if (code === undefined) code = lineCode;
    else if (lineCode !== code) malformed = true; // RFC 5321 §4.2.1: every line carries the same code
    let text = match[3] ?? '';
    const status = ENHANCED.exec(text);
    // RFC 2034 §4: with ENHANCEDSTATUSCODES every line repeats the code; it is a fact once, text on each line.
    if (status?.[1] && status[1][0] === String(lineCode)[0]) {
      enhanced ??= status[1];
      text = text.slice(status[0].length);
    }
    lines.push(text);
  }
  const reply: SmtpReply = { code: code ?? 0, lines, text: lines.join('\n'), raw: rawLines.join('\n') };
  if (enhanced) reply.enhanced = enhanced;
  if (malformed || code === undefined) reply.malformed = true;
  return reply;
}

/** 2xx: positive completion (RFC 5321 §4.2.1). */
export function isPositive(reply: SmtpReply | undefined): boolean {
  return reply !== undefined && reply.code >= 200 && reply.code < 300;
}

/** A reply's lines as one line of text: real servers put the reason on a later line of a multi-line reply. */
export function flatText(reply: SmtpReply): string {
  return reply.lines
    .map((line) => line.trim())
    .filter(Boolean)
    .join(' ');
}

/**
 * One-line rendering for messages: `550 5.1.1 No Such User Here`. Every line is kept (joined with a space): cPanel
 * says why it refuses on the later lines ("550-Please turn on SMTP Authentication in your mail client." then
 * "550-... is not permitted to relay through" "550 this server without authentication."; "550-Verification failed
 * for <x>" then "550 Sender verify failed"), and a quote of the first line alone would hide the reason.
 */
export function replySummary(reply: SmtpReply): string {
  return [String(reply.code), reply.enhanced, flatText(reply)].filter(Boolean).join(' ').slice(0, 300);
}
