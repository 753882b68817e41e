// Splits an input holding several messages (an mbox file, bounces saved one after another) into one byte range per message.
import { MAX_MESSAGES } from './limits.js';

const LF = 0x0a;

/** `From ` at a line start: the mbox separator line (RFC 4155 §2) when a header block follows. */
function isFromLine(bytes: Uint8Array, at: number): boolean {
  return bytes[at] === 0x46 && bytes[at + 1] === 0x72 && bytes[at + 2] === 0x6f && bytes[at + 3] === 0x6d && bytes[at + 4] === 0x20;
}

function lineAt(bytes: Uint8Array, at: number): { text: string; next: number } {
  let end = bytes.indexOf(LF, at);
  if (end === -1) end = bytes.length;
  const text = new TextDecoder('latin1').decode(bytes.subarray(at, Math.min(end, at + 300)));
  return { text, next: end + 1 };
}

/**
 * RFC 4155 §2: "From " sender, then a date (`From MAILER-DAEMON Thu Apr 29 16:51:04 2007`); a
 * message's own "From " body lines are escaped (">From ") in an mbox. The line after must be a
 * header field, so a stray "From here on ..." in a pasted text never splits it.
 */
function separatorAt(bytes: Uint8Array, at: number): boolean {
  if (!isFromLine(bytes, at)) return false;
  const line = lineAt(bytes, at);
  if (!/^From \S+\s+.*\d{1,2}:\d{2}(:\d{2})?.*\d{4}\s*$/.test(line.text) && !/^From \S+\s+\d{4}-\d{2}-\d{2}/.test(line.text)) return false;
  const header = lineAt(bytes, line.next).text;
  return /^[\x21-\x39\x3b-\x7e]{1,76}:/.test(header);
}

/**
 * Byte ranges of the messages in the input, the separator lines left out. One range (the whole
 * input) unless it holds at least two mbox separators (or one separator after other text).
 * Bounded: the first MAX_MESSAGES messages.
 */
export function splitMessages(bytes: Uint8Array): { parts: Uint8Array[]; more: number } {
  const starts: number[] = [];
  let at = 0;
  while (at < bytes.length) {
    if (separatorAt(bytes, at)) starts.push(at);
    const next = bytes.indexOf(LF, at);
    if (next === -1) break;
    at = next + 1;
  }
  if (starts.length === 0 || (starts.length === 1 && starts[0] === 0)) {
    // One message: a leading separator line is dropped by the MIME reader's caller.
    return { parts: [starts.length === 1 ? bytes.subarray(lineAt(bytes, 0).next) : bytes], more: 0 };
  }
  const parts: Uint8Array[] = [];
  if (starts[0]! > 0) {
    const before = bytes.subarray(0, starts[0]);
    if (new TextDecoder('latin1').decode(before.subarray(0, 4096)).trim() !== '') parts.push(before);
  }
  for (let i = 0; i < starts.length; i++) {
    const body = lineAt(bytes, starts[i]!).next;
    const end = i + 1 < starts.length ? starts[i + 1]! : bytes.length;
    parts.push(bytes.subarray(body, end));
  }
  const more = Math.max(0, parts.length - MAX_MESSAGES);
  return { parts: parts.slice(0, MAX_MESSAGES), more };
}
