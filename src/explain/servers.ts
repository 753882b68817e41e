// Tells Microsoft 365's own servers from others in a bounce, by host name and by Exchange Online's markers.
import type { Side } from './types.js';

/**
 * Exchange Online and EOP host names: `*.prod.outlook.com`, `*.mail.protection.outlook.com`,
 * `*.eop-*.prod.protection.outlook.com`, the newer `*.mx.microsoft`, GCC High `*.office365.us`,
 * 21Vianet `*.partner.outlook.cn`, submission `smtp.office365.com`; consumer Outlook.com uses `*.outlook.com` too.
 */
// office365.com: smtp.office365.com / outlook.office365.com, the submission endpoints a hosting server or an app uses;
// without it their refusals (5.7.57, "Unable to relay") read as the hosting server's own.
const MICROSOFT_HOST = /(^|\.)(outlook\.com|office365\.com|office365\.us|outlook\.cn|mx\.microsoft|exchangelabs\.com|hotmail\.com)$/i;

/**
 * Text only Exchange Online writes: an anti-spam marker `AS(nnn)`, an attribution `ATTRnn`, a
 * resolver or store-driver component, `[Hostname=...]` or a bracketed front-end name.
 */
const MICROSOFT_TEXT =
  /\bAS\(\d{3,12}\)|\bATTR\d{1,4}\b|\bRESOLVER\.[A-Z]{2,}|\bSTOREDRV\.|\bSMTPSEND\.|\[Hostname=|\[[A-Z0-9]{4,}\.(?:eop-[a-z0-9]+\.)?prod\.(?:protection\.)?outlook\.com/i;

/** A host name as a bounce writes it, cleaned: no brackets, no trailing dot, lower case. */
export function cleanHost(raw: string): string {
  return raw.trim().replace(/^\[|\]$/g, '').replace(/\.$/, '').toLowerCase();
}

export function isMicrosoftHost(host: string): boolean {
  return MICROSOFT_HOST.test(cleanHost(host));
}

export function hasMicrosoftMarkers(text: string): boolean {
  return MICROSOFT_TEXT.test(text);
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
