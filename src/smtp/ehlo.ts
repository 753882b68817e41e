// Reads the EHLO reply (RFC 5321 §4.1.1.1): the server's name and its extension keywords.

import type { EhloExtensions, EhloResult, SmtpReply } from './types.js';

/** Extensions from the lines after the first (RFC 5321 §4.1.1.1: "ehlo-line" = keyword *(SP param)). */
export function parseExtensions(reply: SmtpReply): EhloExtensions {
  const keywords: string[] = [];
  let auth: string[] | null = null;
  let size: number | null = null;
  for (const line of reply.lines.slice(1)) {
    // "AUTH=PLAIN LOGIN" is the pre-RFC 4954 form some Exim/Outlook setups still send.
    const [keywordRaw = '', ...params] = line.trim().split(/[\s=]+/);
    const keyword = keywordRaw.toUpperCase();
    if (!keyword) continue;
    if (!keywords.includes(keyword)) keywords.push(keyword);
    if (keyword === 'AUTH') {
      auth ??= [];
      for (const mechanism of params) {
        const upper = mechanism.toUpperCase();
        if (upper && !auth.includes(upper)) auth.push(upper);
      }
    } else if (keyword === 'SIZE') {
      // RFC 1870 §4: no value or 0 means no fixed maximum.
      const value = Number(params[0] ?? 0);
      size = Number.isFinite(value) && value >= 0 ? value : 0;
    }
  }
  const has = (keyword: string): boolean => keywords.includes(keyword);
  return {
    keywords,
    startTls: has('STARTTLS'),
    auth,
    size,
    pipelining: has('PIPELINING'),
    eightBitMime: has('8BITMIME'),
    enhancedStatusCodes: has('ENHANCEDSTATUSCODES'),
    smtpUtf8: has('SMTPUTF8'),
    chunking: has('CHUNKING'),
  };
}

/** The EHLO (or fallback HELO) answer as the result records it. */
export function ehloResult(command: 'EHLO' | 'HELO', reply: SmtpReply, refusedEhlo?: SmtpReply): EhloResult {
  const result: EhloResult = { command, reply };
  if (refusedEhlo) result.refusedEhlo = refusedEhlo;
  const serverName = reply.lines[0]?.trim().split(/\s+/)[0];
  if (serverName) result.serverName = serverName;
  // HELO has no extension lines (RFC 5321 §4.1.1.1); only a positive EHLO reply lists them.
  if (command === 'EHLO' && reply.code === 250) result.extensions = parseExtensions(reply);
  return result;
}
