// A TXT record as DNS hosts publish long ones: the text cut into character-strings (RFC 1035 §3.3).
import type { ZoneEntry } from '../../src/testbed/dns-server.js';

/** A TXT record of `text` cut into character-strings of at most `size` octets (255 by default). */
export function txt(text: string, size = 255): ZoneEntry {
  const parts: string[] = [];
  for (let i = 0; i < text.length; i += size) parts.push(text.slice(i, i + size));
  return { TXT: parts.length > 0 ? parts : [''] };
}
