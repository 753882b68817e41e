// Decides whether bytes are a readable bounce (text, not binary, not empty) and decodes them to a string.

export type InputVerdict = { ok: true; text: string; notes: string[] } | { ok: false; reason: string };

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
  for (const b of sample) {
    if (b === 0) return 'binary data (it holds NUL bytes), not the text of a bounce';
    if (isBinaryByte(b)) odd += 1;
  }
  if (odd > sample.length / 20) return 'binary data (many control bytes), not the text of a bounce';
  return undefined;
}

/**
 * Text from bytes: UTF-16 when a byte-order mark says so (Windows Notepad's "Unicode"), UTF-8
 * otherwise, falling back to Windows-1252 when the bytes are not valid UTF-8 (an old client's
 * "Save as text"). A MIME message declares its own charsets; this decoding is for pasted text.
 */
function decode(bytes: Uint8Array): { text: string; note?: string } {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { text: new TextDecoder('utf-16le').decode(bytes.subarray(2)), note: 'read as UTF-16 (byte-order mark)' };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { text: new TextDecoder('utf-16be').decode(bytes.subarray(2)), note: 'read as UTF-16 (byte-order mark)' };
  const body = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? bytes.subarray(3) : bytes;
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(body) };
  } catch {
    return { text: new TextDecoder('windows-1252').decode(body), note: 'not valid UTF-8: read as Windows-1252' };
  }
}

/** Check and decode an input; a refusal's reason reads after the input's name ("bounce.msg is ..."). */
export function inspectInput(bytes: Uint8Array): InputVerdict {
  if (bytes.length === 0) return { ok: false, reason: 'is empty' };
  const utf16 = (bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff);
  if (!utf16) {
    const kind = binaryKind(bytes);
    if (kind) return { ok: false, reason: `is ${kind}` };
  }
  const { text, note } = decode(bytes);
  if (text.trim() === '') return { ok: false, reason: 'holds only white space' };
  return { ok: true, text, notes: note ? [note] : [] };
}
