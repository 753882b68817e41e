// Decides whether bytes are a readable bounce (text, not binary, not empty), repairs what mail software mangles (NUL bytes, CR-only line ends) and decodes them.

/**
 * `bytes` are the input with LF line ends and stray NULs removed, for the MIME parser (which reads
 * octets: the charsets are the message's); `text` is the same decoded for pasted text.
 */
export type InputVerdict = { ok: true; text: string; bytes: Uint8Array; notes: string[] } | { ok: false; reason: string };

/**
 * NUL bytes tolerated, removed: a bounce saved by some mail stores ends in one (Sisimai's corpus has
 * a message with a NUL line before its end). More than this, or more than one byte in a hundred,
 * is binary data.
 */
const MAX_STRAY_NULS = 16;

/** OLE2 compound file: Outlook's .msg format (and old Office files). */
const OLE_MAGIC = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];

function startsWith(bytes: Uint8Array, magic: readonly number[]): boolean {
  return magic.every((b, i) => bytes[i] === b);
}

/** Control bytes that never occur in mail text (tab, LF, FF, CR and ESC aside). */
function isBinaryByte(b: number): boolean {
  return b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0c && b !== 0x0d && b !== 0x1b;
}

function binaryKind(bytes: Uint8Array): string | undefined {
  if (startsWith(bytes, OLE_MAGIC)) {
    return 'an Outlook .msg file, a binary format: open the bounce in Outlook and copy its text into a file (or save it as .eml from a web mail client)';
  }
  if (startsWith(bytes, [0x25, 0x50, 0x44, 0x46])) return 'a PDF file: copy the bounce text into a file instead';
  if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04])) return 'a ZIP archive (or an Office document): unpack it, or copy the bounce text into a file';
  const sample = bytes.subarray(0, 64 * 1024);
  let odd = 0;
  let nuls = 0;
  for (const b of sample) {
    if (b === 0) nuls += 1;
    else if (isBinaryByte(b)) odd += 1;
  }
  if (nuls > MAX_STRAY_NULS || nuls * 100 > sample.length) return 'binary data (it holds NUL bytes), not the text of a bounce';
  if (odd > sample.length / 20) return 'binary data (many control bytes), not the text of a bounce';
  return undefined;
}

/**
 * Text from bytes: UTF-16 when a byte-order mark says so (Windows Notepad's "Unicode"), UTF-8
 * otherwise, falling back to Windows-1252 when the bytes are not valid UTF-8 (an old client's
 * "Save as text"). A MIME message declares its own charsets; this decoding is for pasted text.
 */
export function decode(bytes: Uint8Array): { text: string; note?: string } {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { text: new TextDecoder('utf-16le').decode(bytes.subarray(2)), note: 'read as UTF-16 (byte-order mark)' };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { text: new TextDecoder('utf-16be').decode(bytes.subarray(2)), note: 'read as UTF-16 (byte-order mark)' };
  const body = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? bytes.subarray(3) : bytes;
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(body) };
  } catch {
    return { text: new TextDecoder('windows-1252').decode(body), note: 'not valid UTF-8: read as Windows-1252' };
  }
}

/**
 * One line end, LF, and no NUL: CRLF (RFC 5322 §2.1, Windows), CR alone (classic Mac OS, and
 * Sisimai's `maildir/mac`) and mixtures all become LF, byte by byte, so every charset keeps its
 * octets. A message whose lines end in CR alone would otherwise be one long line to a parser.
 */
export function normaliseBytes(bytes: Uint8Array): { bytes: Uint8Array; crOnly: number; nuls: number } {
  const out = new Uint8Array(bytes.length);
  let n = 0;
  let crOnly = 0;
  let nuls = 0;
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i]!;
    if (b === 0) {
      nuls += 1;
      continue;
    }
    if (b === 0x0d) {
      if (bytes[i + 1] !== 0x0a) crOnly += 1;
      out[n++] = 0x0a;
      if (bytes[i + 1] === 0x0a) i += 1;
      continue;
    }
    out[n++] = b;
  }
  return { bytes: out.subarray(0, n), crOnly, nuls };
}

/** Check and decode an input; a refusal's reason reads after the input's name ("bounce.msg is ..."). */
export function inspectInput(input: Uint8Array): InputVerdict {
  if (input.length === 0) return { ok: false, reason: 'is empty' };
  const utf16 = (input[0] === 0xff && input[1] === 0xfe) || (input[0] === 0xfe && input[1] === 0xff);
  const notes: string[] = [];
  let bytes = input;
  if (!utf16) {
    const kind = binaryKind(input);
    if (kind) return { ok: false, reason: `is ${kind}` };
    const normal = normaliseBytes(input);
    bytes = normal.bytes;
    if (normal.nuls > 0) notes.push(`${normal.nuls} NUL byte(s) were ignored`);
    if (normal.crOnly > 0) notes.push(`${normal.crOnly} line(s) ending in CR alone were read as lines`);
  }
  const { text: decoded, note } = decode(bytes);
  if (note) notes.push(note);
  // A UTF-16 file is decoded first; its text goes on as UTF-8 with LF line ends like any other.
  const text = utf16 ? decoded.replace(/\r\n?/g, '\n').replace(/\0/g, '') : decoded;
  if (text.trim() === '') return { ok: false, reason: 'holds only white space' };
  if (utf16) bytes = new TextEncoder().encode(text);
  return { ok: true, text, bytes, notes };
}
