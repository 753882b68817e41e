// Record selection of RFC 7208 §4.5: join each TXT record's strings, keep the "v=spf1" ones, exactly one may remain.

import { isSpfRecord } from './record-parse.js';

export type Selection = { kind: 'none' } | { kind: 'one'; text: string } | { kind: 'multiple'; texts: string[] };

/** `records` holds each TXT record's character-strings; they are joined with nothing between (RFC 7208 §3.3). */
export function selectSpfRecord(records: readonly (readonly string[])[]): Selection {
  const texts = records.map((strings) => strings.join('')).filter(isSpfRecord);
  if (texts.length === 0) return { kind: 'none' };
  if (texts.length > 1) return { kind: 'multiple', texts };
  return { kind: 'one', text: texts[0]! };
}
