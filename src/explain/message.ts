// Reads an RFC 5322 message (an .eml) with postal-mime: the human-readable text, the RFC 3464 delivery-status parts, the returned headers.
import PostalMime, { type Address, type Email } from 'postal-mime';
import { MAX_DSN_BYTES, MAX_MIME_BOUNDARIES, MAX_MIME_DELIMITERS, MAX_MIME_HEADER_BYTES, MAX_PARSE_BYTES } from './limits.js';

export interface ParsedMessage {
  from?: string;
  to?: string;
  subject?: string;
  date?: string;
  /** X-Failed-Recipients (Exim), comma-separated addresses. */
  failedRecipients: string[];
  /** The human-readable text: text/plain parts, else HTML turned into text. */
  text: string;
  /** Bodies of message/delivery-status (RFC 3464) and message/global-delivery-status (RFC 6533) parts. */
  deliveryStatus: string[];
  /** The returned message's From (text/rfc822-headers or message/rfc822): the original sender. */
  returnedFrom?: string;
  /** The returned message's To (text/rfc822-headers or message/rfc822): where it was going. */
  returnedTo?: string;
  /** The returned message's Return-Path: its envelope sender (a VERP address, say), never a failed recipient. */
  returnedReturnPath?: string;
  /** Attached messages (message/rfc822), for a bounce forwarded as an attachment. */
  attachedMessages: Uint8Array[];
  /** The report-type of a multipart/report (RFC 6522 §3): delivery-status, feedback-report, ... */
  reportType?: string;
  /** Hosts in the bounce's own Received fields (`by` names), newest first: the path the bounce took. */
  receivedBy: string[];
  /** Header field names of the bounce itself, lower-cased (X-MS-Exchange-*, Auto-Submitted, ...). */
  headerNames: string[];
  /** The bounce's own Return-Path / envelope sender, when given. */
  returnPath?: string;
  notes: string[];
}

export type MessageResult = { ok: true; message: ParsedMessage } | { ok: false; reason: string };

/** RFC 5322 §2.2: a field name is printable US-ASCII except the colon. */
const HEADER_LINE = /^[\x21-\x39\x3b-\x7e]{1,76}:/;
const MESSAGE_FIELDS = /^(content-type|mime-version|received|return-path|message-id|from|date|subject|to|x-failed-recipients|auto-submitted|delivered-to):/i;

/**
 * Whether the text starts with an RFC 5322 header block: header lines (or folded continuations)
 * up to the first empty line, at least two of them, one a field every message has. Text pasted
 * from a mail client ("Delivery has failed to these recipients...") does not.
 */
export function looksLikeMessage(text: string): boolean {
  const lines = text.slice(0, 256 * 1024).split(/\r?\n/, 400);
  let i = /^From /.test(lines[0] ?? '') ? 1 : 0; // an mbox "From " separator line
  let fields = 0;
  let known = false;
  for (; i < lines.length; i++) {
    const line = lines[i]!;
    if (line === '') break;
    if (/^[ \t]/.test(line) && fields > 0) continue;
    // A parameter written on an unindented line after "Content-Type: ...;" (repairMime mends it).
    if (fields > 0 && /;\s*$/.test(lines[i - 1]!) && /^[A-Za-z-]{1,40}\s*=/.test(line)) continue;
    if (!HEADER_LINE.test(line)) return false;
    fields += 1;
    if (MESSAGE_FIELDS.test(line)) known = true;
  }
  return fields >= 2 && known;
}

/**
 * A cheap pass before the parser: counts lines that could be MIME delimiters (`--...`) and the
 * `boundary=` parameters (one per multipart, so an upper bound on nesting). A DSN has a handful;
 * a file with thousands is hostile or not a bounce, and is read as plain text instead.
 */
export function mimeShape(text: string): { delimiters: number; boundaries: number } {
  let delimiters = 0;
  let at = text.startsWith('--') ? 0 : text.indexOf('\n--');
  while (at !== -1) {
    delimiters += 1;
    if (delimiters > MAX_MIME_DELIMITERS) break;
    at = text.indexOf('\n--', at + 3);
  }
  const boundaries = (text.match(/boundary\s*=/gi) ?? []).length;
  return { delimiters, boundaries };
}

function formatAddress(address: Address | undefined): string | undefined {
  if (!address) return undefined;
  if (address.address) return address.name ? `${address.name} <${address.address}>` : address.address;
  return address.name || undefined;
}

/** HTML to text for an HTML-only report: block ends become line breaks, tags go, entities are decoded. */
export function htmlToText(html: string): string {
  return html
    .replace(/<(script|style|head)\b[^>]*>[\s\S]*?<\/\1\s*>/gi, ' ')
    .replace(/<br\s*\/?>|<\/(p|div|tr|li|h[1-6]|table|pre|blockquote)\s*>/gi, '\n')
    .replace(/<\/t[dh]\s*>/gi, ' ')
    .replace(/<[^>]{0,2000}>/g, '')
    .replace(/&(nbsp|amp|lt|gt|quot|apos|#\d{1,7}|#x[0-9a-f]{1,6});/gi, (whole, name: string) => {
      const lower = name.toLowerCase();
      if (lower === 'nbsp') return ' ';
      if (lower === 'amp') return '&';
      if (lower === 'lt') return '<';
      if (lower === 'gt') return '>';
      if (lower === 'quot') return '"';
      if (lower === 'apos') return "'";
      const code = lower.startsWith('#x') ? parseInt(lower.slice(2), 16) : parseInt(lower.slice(1), 10);
      return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    })
    .replace(/[ \t]+\n/g, '\n');
}

/** A field of a header block (a text/rfc822-headers part, or the top of a message/rfc822 part). */
function headerField(bytes: Uint8Array, name: string): string | undefined {
  const head = new TextDecoder('utf-8').decode(bytes.subarray(0, 64 * 1024));
  const block = head.split(/\r?\n\r?\n/, 1)[0] ?? '';
  const unfolded = block.replace(/\r?\n[ \t]+/g, ' ');
  return new RegExp(`^${name}:[ \\t]*(.+)$`, 'im').exec(unfolded)?.[1]?.trim().slice(0, 300);
}

function contentBytes(content: ArrayBuffer | Uint8Array | string): Uint8Array {
  if (typeof content === 'string') return new TextEncoder().encode(content);
  return content instanceof Uint8Array ? content : new Uint8Array(content);
}

/** The host after `by` in a Received field (RFC 5321 §4.4). */
function receivedBy(value: string): string | undefined {
  return /\bby\s+([A-Za-z0-9][A-Za-z0-9.-]{0,252})/i.exec(value)?.[1]?.replace(/\.$/, '').toLowerCase();
}

function fromEmail(email: Email, notes: string[]): ParsedMessage {
  const header = (key: string) => email.headers.find((h) => h.key === key)?.value;
  const failed = header('x-failed-recipients');
  const message: ParsedMessage = {
    failedRecipients: failed ? failed.split(',').map((a) => a.trim()).filter(Boolean).slice(0, 100) : [],
    text: email.text ?? (email.html ? htmlToText(email.html) : ''),
    deliveryStatus: [],
    attachedMessages: [],
    receivedBy: email.headers
      .filter((h) => h.key === 'received')
      .slice(0, 30)
      .map((h) => receivedBy(h.value))
      .filter((h): h is string => h !== undefined),
    headerNames: [...new Set(email.headers.map((h) => h.key))].slice(0, 200),
    notes,
  };
  const reportType = /report-type\s*=\s*"?([A-Za-z0-9-]{1,40})/i.exec(header('content-type') ?? '')?.[1];
  if (reportType) message.reportType = reportType.toLowerCase();
  const returnPath = email.returnPath ?? header('return-path');
  if (returnPath) message.returnPath = returnPath.replace(/[<>\s]/g, '').slice(0, 300);
  const from = formatAddress(email.from);
  if (from) message.from = from;
  const to = email.to?.map(formatAddress).filter((a): a is string => a !== undefined).join(', ');
  if (to) message.to = to;
  if (email.subject) message.subject = email.subject;
  // Outlook's "copy" of a message says Sent: where a message says Date:.
  const date = email.date ?? header('sent');
  if (date) message.date = date;
  for (const part of email.attachments) {
    const type = part.mimeType.toLowerCase();
    const bytes = contentBytes(part.content);
    if (type === 'message/delivery-status' || type === 'message/global-delivery-status') {
      if (bytes.length > MAX_DSN_BYTES) notes.push(`a delivery-status part of ${bytes.length} bytes was cut to ${MAX_DSN_BYTES}`);
      message.deliveryStatus.push(new TextDecoder('utf-8').decode(bytes.subarray(0, MAX_DSN_BYTES)));
    } else if (type === 'text/rfc822-headers' || type === 'message/rfc822' || type === 'message/global' || type === 'message/global-headers') {
      message.returnedFrom ??= headerField(bytes, 'from');
      message.returnedTo ??= headerField(bytes, 'to');
      message.returnedReturnPath ??= headerField(bytes, 'return-path');
      if ((type === 'message/rfc822' || type === 'message/global') && message.attachedMessages.length < 3) message.attachedMessages.push(bytes);
    } else if (type === 'text/plain' && !message.text) {
      // A report whose text part is marked as an attachment (some gateways do this).
      message.text = new TextDecoder('utf-8').decode(bytes.subarray(0, 1024 * 1024));
    }
  }
  return message;
}

const PARAMETER = 'boundary|charset|report-type|type|name|filename|format|delsp|micalg|protocol';
/** A parameter on its own line after a field ending in ";", written without the folding white space RFC 5322 §2.2.3 needs. */
const UNINDENTED_PARAMETER = new RegExp(`(;[ \\t]*\\n)((?:${PARAMETER})[ \\t]*=)`, 'gi');
/** `Content-Type: text/plain` then `   charset=...` on the next line without the ";" RFC 2045 §5.1 needs between them. */
const MISSING_SEMICOLON = /(Content-Type:[ \t]*[\w.+-]{1,60}\/[\w.+-]{1,60})(\n[ \t]+)(?=[\w-]{1,40}[ \t]*=)/gi;
const DECLARED_BOUNDARY = /(boundary[ \t]*=[ \t]*)(?:"([^"\n]{1,200})"|([^\s;"]{1,200}))/gi;
const DELIMITER_LINE = /^--([^\s]{1,200}?)(?:--)?[ \t]*$/gm;

/**
 * Mends the MIME mistakes real MTAs make, on the bytes as Latin-1 (one character per octet, so
 * every charset survives): a parameter such as `boundary=` on an unindented line after
 * `Content-Type: multipart/report;`, and a declared boundary that no delimiter line uses when the
 * parts are delimited by one other string. What was mended is said in a note.
 */
export function repairMime(latin: string): { text: string; notes: string[] } {
  const notes: string[] = [];
  let text = latin;
  const mended = text.replace(UNINDENTED_PARAMETER, '$1\t$2');
  if (mended !== text) {
    text = mended;
    notes.push('a MIME parameter written on an unindented line was read as part of its field');
  }
  const separated = text.replace(MISSING_SEMICOLON, '$1;$2');
  if (separated !== text) {
    text = separated;
    notes.push('a Content-Type parameter without its ";" was read as a parameter');
  }
  const declared = [...text.matchAll(DECLARED_BOUNDARY)].map((m) => m[2] ?? m[3]!).slice(0, 20);
  const missing = declared.filter((b) => !text.includes(`\n--${b}`));
  if (missing.length === 1) {
    const used = new Map<string, number>();
    for (const m of text.matchAll(DELIMITER_LINE)) {
      const candidate = m[1]!;
      if (declared.some((b) => candidate === b || candidate.startsWith(b))) continue;
      used.set(candidate, (used.get(candidate) ?? 0) + 1);
      if (used.size > 20) break;
    }
    const repeated = [...used.entries()].filter(([, n]) => n >= 2).map(([b]) => b);
    if (repeated.length === 1) {
      const wrong = missing[0]!;
      text = text.replace(DECLARED_BOUNDARY, (whole, lead: string, quoted?: string, bare?: string) =>
        (quoted ?? bare) === wrong ? `${lead}"${repeated[0]}"` : whole,
      );
      notes.push(`the declared MIME boundary "${wrong}" is never used: the parts were read at the delimiter the message does use`);
    }
  }
  return { text, notes };
}

/** The body after the header block, as text: what a parser that found no parts leaves to read. */
function bodyOf(bytes: Uint8Array): string {
  const text = new TextDecoder('utf-8').decode(bytes);
  const blank = text.indexOf('\n\n');
  return blank === -1 ? '' : text.slice(blank + 2);
}

/** The first `limit` bytes, cut after a line end when there is one in the last 64 KB. */
function headOf(bytes: Uint8Array, limit: number): Uint8Array {
  if (bytes.length <= limit) return bytes;
  const lineEnd = bytes.subarray(limit - 64 * 1024, limit).lastIndexOf(0x0a);
  return bytes.subarray(0, lineEnd === -1 ? limit : limit - 64 * 1024 + lineEnd + 1);
}

/** Parse a message within the MIME limits; a refusal says why, so the caller can read it as text instead. */
export async function parseMessage(whole: Uint8Array, wholeText: string): Promise<MessageResult> {
  const input = headOf(whole, MAX_PARSE_BYTES);
  const cut = input.length < whole.length;
  const text = cut ? wholeText.slice(0, input.length) : wholeText;
  const shape = mimeShape(text);
  if (shape.delimiters > MAX_MIME_DELIMITERS) {
    return { ok: false, reason: `more than ${MAX_MIME_DELIMITERS} MIME part delimiters (a real bounce has a handful)` };
  }
  if (shape.boundaries > MAX_MIME_BOUNDARIES) {
    return { ok: false, reason: `${shape.boundaries} nested multipart boundaries (more than ${MAX_MIME_BOUNDARIES})` };
  }
  const repaired = repairMime(Buffer.from(input.buffer, input.byteOffset, input.byteLength).toString('latin1'));
  const bytes = repaired.notes.length > 0 ? new Uint8Array(Buffer.from(repaired.text, 'latin1')) : input;
  try {
    const email = await new PostalMime({
      // A report's returned message is evidence, not content: never merged into the text.
      forceRfc822Attachments: true,
      attachmentEncoding: 'arraybuffer',
      maxNestingDepth: MAX_MIME_BOUNDARIES,
      maxHeadersSize: MAX_MIME_HEADER_BYTES,
      maxRfc822NestingDepth: 0,
    }).parse(bytes);
    const message = fromEmail(email, repaired.notes);
    if (cut) message.notes.push(`only the first ${MAX_PARSE_BYTES / (1024 * 1024)} MB of the message (${whole.length} bytes) was parsed: the report comes first, the rest is the returned message`);
    if (message.text.trim() === '' && message.deliveryStatus.length === 0) {
      // A multipart whose delimiters are missing altogether (the boundary is declared, never
      // written): the parser finds no part. The body is still the report: read it as text.
      const body = bodyOf(bytes);
      if (body.trim() !== '') {
        message.text = body.slice(0, 1024 * 1024);
        message.notes.push('no MIME part was found in the message: its body was read as text');
      }
    }
    return { ok: true, message };
  } catch (err) {
    return { ok: false, reason: err instanceof Error ? err.message : String(err) };
  }
}
