// Tells Microsoft 365's own servers from others in a bounce, by host name (the one classifier) and by Exchange Online's markers.
import { classifyMicrosoftHost, isMicrosoftName } from '../knowledge/microsoft-hosts.js';
import type { Side } from './types.js';

/**
 * Text only Exchange Online writes: an anti-spam marker `AS(nnn)`, an attribution `ATTRnn`,
 * `[Hostname=...]`; a bracketed server name is judged apart. Not the resolver or store-driver
 * components (RESOLVER.ADR.RecipNotFound, STOREDRV., SMTPSEND.): every Exchange Server since 2007
 * writes them, on-premises too (Sisimai's corpus has Exchange 2007 bounces with them), so they show
 * Exchange, not Microsoft 365.
 */
const MICROSOFT_TEXT = /\bAS\(\d{3,12}\)|\bATTR\d{1,4}\b|\[Hostname=/i;
/** Exchange Server's own components, any version or deployment. */
const EXCHANGE_TEXT = /\bRESOLVER\.[A-Z]{2,}|\bSTOREDRV\.|\bSMTPSEND\.|\bMSEXCH:/i;

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

/** Exchange Server's wording (on-premises or online). */
export function hasExchangeMarkers(text: string): boolean {
  return EXCHANGE_TEXT.test(text);
}

/** Consumer Outlook.com / Hotmail: Microsoft's, but no tenant of anyone's (the one classifier says so). */
export function isConsumerHost(host: string): boolean {
  const c = classifyMicrosoftHost(cleanHost(host));
  return c?.kind === 'server' && c.role === 'consumer';
}

/**
 * Which side a named server is on; unknown when no name is given. Consumer Outlook.com / Hotmail
 * is Microsoft's but no tenant's, so it is "other" here: nothing a Microsoft 365 tenant sets explains it.
 */
export function sideOf(host: string | undefined): Side {
  if (host === undefined || host === '') return 'unknown';
  return isMicrosoftHost(host) && !isConsumerHost(host) ? 'microsoft' : 'other';
}

/** A plausible host name (a bare line "mail.contoso.com" or a token): letters, digits, hyphens, dots, a TLD. */
export function looksLikeHost(text: string): boolean {
  return text.length <= 253 && /^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]{0,62}$/i.test(text);
}
