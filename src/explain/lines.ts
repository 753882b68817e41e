// Splits a bounce's text into bounded lines and stops where the returned original message begins.
import { MAX_LINE_CHARS, MAX_SCAN_LINES } from './limits.js';

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
];

export interface ScanLines {
  lines: string[];
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
  const lines = all.map((line) => {
    if (line.length <= MAX_LINE_CHARS) return line;
    long += 1;
    return line.slice(0, MAX_LINE_CHARS);
  });
  if (long > 0) notes.push(`${long} line(s) longer than ${MAX_LINE_CHARS} characters were cut`);
  const cut = lines.findIndex((line) => ORIGINAL_MESSAGE.some((p) => p.test(line)));
  if (cut === -1) return { lines, original: [], notes };
  return { lines: lines.slice(0, cut), original: lines.slice(cut, cut + 200), notes };
}
