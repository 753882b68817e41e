// Splits a bounce's text into bounded lines and stops where the returned original message begins.
import { MAX_LINE_CHARS, MAX_SCAN_LINES } from './limits.js';
import { mayBeReply } from './statements.js';

/**
 * Where NDR writers start quoting the original message: its headers and body are the sender's
 * text, not diagnostics, and must not be read as replies (an SPF line in its
 * Authentication-Results would look like a refusal).
 */
const ORIGINAL_MESSAGE = [
  /^\s*Original message headers:?\s*$/i, // Exchange / Outlook
  /This is a copy of (the|your) message, including all the headers/i, // Exim
  /^\s*-{2,}\s*(Original message|Forwarded message|Below this line is a copy of the message\.?)\s*-*\s*$/i, // Gmail, Postfix text
  /^\s*-{3,}\s*The header of the original message is following/i,
  /This is a copy of the message's headers/i, // Exim, headers only
  /^\s*-+\s*(Unsent|Returned|Original) message (follows|headers? follows?)\s*-*\s*$/i, // Sendmail
  /^\s*-+\s*Returned Message\s*-+\s*$/i, // Lotus Notes
  /^\s*Original message follows\.?\s*$/i, // IMail
  /^\s*Below is a copy of the original message:?\s*$/i, // OpenSMTPD
];

/** Where a second bounce starts in a paste of several: reading resumes there after a quoted original message. */
const NEXT_BOUNCE = [
  /^\s*Delivery (has failed|is delayed) to these recipients or groups:?\s*$/i,
  /^\s*This message was created automatically by mail delivery software/i,
  /^\s*This is the mail system at host /i,
  /^\s*Diagnostic information for administrators:?\s*$/i,
  /^\s*Your message (couldn't|could not|can't) be delivered/i,
  /^\s*-+\s*The following addresses had (permanent fatal|transient non-fatal) errors/i,
];

/**
 * Lines that start a bounce's own text. When a marker above has no reply before it and one of these
 * after it, the marker is a mail client's forward separator ("---------- Forwarded message
 * ---------", Outlook's "-----Original Message-----"): the bounce is the forwarded text, not the
 * returned original message, and cutting there would lose all of it.
 */
const BOUNCE_START = [
  /Delivery (has failed|is delayed) to these recipients or groups/i,
  /Diagnostic information for administrators/i,
  /created automatically by mail delivery software/i,
  /The response (from the remote server )?was:?\s*$/i,
  /This is the mail system at host/i,
  /^\s*(Final|Original)-Recipient:/i,
  /Remote Server returned|Server at \S+ .*returned/i,
];

/** Terminal escape sequences (CSI colours, OSC titles, two-byte ESC codes) in text pasted from a terminal. */
const ANSI = /\x1b\[[0-?]{0,32}[ -/]{0,8}[@-~]|\x1b\][^\x07\x1b]{0,500}(?:\x07|\x1b\\)?|\x1b[@-Z\\-_]/g;
/** Quote marks of a reply or forward (`> `, `> > `, `>>`): a forwarded bounce is read without them. */
const QUOTE = /^(?:[ \t]{0,3}>)+[ \t]?/;
/** Sendmail's session transcript writes the commands it sent as ">>> RCPT To:<x>": not a quote. */
const TRANSCRIPT = /^\s*>>> ?(?:RCPT|MAIL|DATA|HELO|EHLO|QUIT|RSET|STARTTLS|AUTH|NOOP|\.|\(end of data\))/i;

export interface ScanLines {
  /** The lines to read: bounded, quote marks and terminal escape sequences removed. */
  lines: string[];
  /** The same lines as written (escape sequences kept), for evidence: shown escaped, never raw. */
  shown: string[];
  /** The quoted original message (for its From), bounded. */
  original: string[];
  notes: string[];
}

export function scanLines(text: string): ScanLines {
  const notes: string[] = [];
  const all = text.split(/\r\n|\r|\n/, MAX_SCAN_LINES + 1);
  if (all.length > MAX_SCAN_LINES) {
    all.length = MAX_SCAN_LINES;
    notes.push(`only the first ${MAX_SCAN_LINES} lines were read`);
  }
  let long = 0;
  let ansi = 0;
  let quoted = 0;
  const lines: string[] = [];
  const shown: string[] = [];
  for (const raw of all) {
    // Escapes hide codes and headings from the patterns (`returned '\x1b[31m550`); quote marks hide
    // the line starts they anchor on (`> Remote server:`, an address alone on its line).
    let line = raw.length > MAX_LINE_CHARS * 4 ? raw.slice(0, MAX_LINE_CHARS * 4) : raw;
    let display = line;
    if (line.includes('\x1b')) {
      line = line.replace(ANSI, '');
      ansi += 1;
    }
    if (QUOTE.test(line) && !TRANSCRIPT.test(line)) {
      line = line.replace(QUOTE, '');
      display = display.replace(QUOTE, '');
      quoted += 1;
    }
    if (line.length > MAX_LINE_CHARS || raw.length > MAX_LINE_CHARS * 4) long += 1;
    lines.push(line.slice(0, MAX_LINE_CHARS));
    shown.push(display.slice(0, MAX_LINE_CHARS));
  }
  if (long > 0) notes.push(`${long} line(s) longer than ${MAX_LINE_CHARS} characters were cut`);
  if (ansi > 0) notes.push(`terminal escape sequences were ignored in ${ansi} line(s)`);
  if (quoted > 0) notes.push(`${quoted} quoted line(s) ("> ") were read without their quote marks`);
  const markers = lines.flatMap((line, i) => (ORIGINAL_MESSAGE.some((p) => p.test(line)) ? [i] : []));
  const cut = markers.find((m, k) => {
    const next = markers[k + 1] ?? lines.length;
    const forwardSeparator = !lines.slice(0, m).some(mayBeReply) && lines.slice(m + 1, next).some((l) => BOUNCE_START.some((p) => p.test(l)));
    return !forwardSeparator;
  });
  if (cut === undefined) return { lines, shown, original: [], notes };
  const original = lines.slice(cut, cut + 200);
  // Several bounces pasted one after another: the quoted original message of one ends where the next
  // bounce begins. Those regions are blanked (line numbers stay those of the paste); the last is cut off.
  let from = cut;
  let bounces = 1;
  for (;;) {
    const resume = lines.findIndex((l, i) => i > from && NEXT_BOUNCE.some((p) => p.test(l)));
    if (resume === -1) break;
    for (let i = from; i < resume; i++) {
      lines[i] = '';
      shown[i] = '';
    }
    bounces += 1;
    const next = lines.findIndex((l, i) => i > resume && ORIGINAL_MESSAGE.some((p) => p.test(l)));
    if (next === -1) {
      from = lines.length;
      break;
    }
    from = next;
  }
  if (bounces > 1) notes.push(`${bounces} bounces were read from this text`);
  return { lines: lines.slice(0, from), shown: shown.slice(0, from), original, notes };
}
