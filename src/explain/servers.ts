// Tells Microsoft 365's own servers from others in a bounce, by host name (the one classifier) and by Exchange Online's markers.
import { classifyMicrosoftHost, isMicrosoftName } from '../knowledge/microsoft-hosts.js';
import type { Side } from './types.js';

/**
 * Text only Exchange Online writes: an anti-spam marker `AS(nnn)`, an attribution `ATTRnn`, a
 * resolver or store-driver component, `[Hostname=...]`; a bracketed server name is judged apart.
 */
const MICROSOFT_TEXT = /\bAS\(\d{3,12}\)|\bATTR\d{1,4}\b|\bRESOLVER\.[A-Z]{2,}|\bSTOREDRV\.|\bSMTPSEND\.|\[Hostname=/i;

/** A bracketed name (`[DM6PR04MB6571.namprd04.prod.outlook.com]`): Exchange Online appends its server's name so. */
const BRACKETED_NAME = /\[([a-z0-9][a-z0-9.-]{2,252})/gi;

/** At most this many bracketed names are looked at in one text (bounces are untrusted input). */
const MAX_BRACKETED = 64;

/** A host name as a bounce writes it, cleaned: no brackets, no trailing dot, lower case. */
export function cleanHost(raw: string): string {
  return raw.trim().replace(/^\[|\]$/g, '').replace(/\.$/, '').toLowerCase();
}

export function isMicrosoftHost(host: string): boolean {
  return isMicrosoftName(cleanHost(host));
}

export function hasMicrosoftMarkers(text: string): boolean {
  if (MICROSOFT_TEXT.test(text)) return true;
  let seen = 0;
  for (const m of text.matchAll(BRACKETED_NAME)) {
    if (++seen > MAX_BRACKETED) break;
    if (classifyMicrosoftHost(m[1]!)?.kind === 'server') return true;
  }
  return false;
}

/** Which side a named server is on; unknown when no name is given. */
export function sideOf(host: string | undefined): Side {
  if (host === undefined || host === '') return 'unknown';
  return isMicrosoftHost(host) ? 'microsoft' : 'other';
}

/** A plausible host name (a bare line "mail.contoso.com" or a token): letters, digits, hyphens, dots, a TLD. */
export function looksLikeHost(text: string): boolean {
  return text.length <= 253 && /^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]{0,62}$/i.test(text);
}
