// Turns what the user typed into the domain to check: IDN to punycode, trailing dot, helpful refusals.
import { isIP } from 'node:net';
import { domainToASCII } from 'node:url';
import { escapeControl } from '../util/text.js';
import { failure, ok, type Result } from '../util/result.js';

const LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/;

/** What a refusal quotes of the input: escaped, and cut so a binary line cannot flood the terminal. */
function quoted(input: string): string {
  const shown = escapeControl(input);
  return shown.length > 120 ? `${shown.slice(0, 119)}…` : shown;
}

/**
 * Validate and normalise a mail domain. Accepts IDNs (converted to punycode, IDNA/UTS #46 via
 * node:url) and a trailing dot; refuses e-mail addresses, URLs, IP addresses and single labels
 * with a hint saying what to type instead (the refusal is the error value, said as is to the user).
 */
export function parseDomain(raw: string): Result<string> {
  const input = raw.trim();
  const shown = quoted(input);
  if (input === '') return failure('no domain given: try "splitcheck yourcompany.com"');
  if (input.includes('@')) {
    const domain = input.slice(input.lastIndexOf('@') + 1);
    return failure(
      `"${shown}" is an e-mail address; give its domain instead: splitcheck ${escapeControl(domain)}` +
        ' (to follow one mailbox, use --mailbox with the domain)',
    );
  }
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(input)) {
    return failure(`"${shown}" is a URL; give just the domain, e.g. splitcheck yourcompany.com`);
  }
  const bare = input.replace(/\.$/, '');
  if (isIP(bare.replace(/^\[|\]$/g, '')) !== 0) {
    return failure(`"${shown}" is an IP address; splitcheck checks a mail domain, e.g. yourcompany.com`);
  }
  // node:url's domainToASCII parses a URL host: it cuts at "/", "?", "#" and "\\", decodes "%41",
  // and drops tabs and line breaks, so "contoso.com/", "con<TAB>toso.com" or "a%41.com" silently
  // became another domain. In ASCII only letters, digits, hyphens and dots can be a domain name
  // (non-ASCII goes on to IDNA).
  const stray = /[^A-Za-z0-9.\-\u0080-\u{10ffff}]/u.exec(bare);
  if (stray) {
    return failure(`"${shown}" is not a valid domain name: "${escapeControl(stray[0])}" cannot be part of one (letters, digits, hyphens and dots)`);
  }
  const ascii = domainToASCII(bare).toLowerCase();
  if (ascii === '') return failure(`"${shown}" is not a valid domain name`);
  const labels = ascii.split('.');
  if (labels.length < 2) return failure(`"${shown}" is not a full domain name; include its suffix, e.g. ${shown}.com`);
  if (ascii.length > 253 || !labels.every((l) => LABEL.test(l))) {
    return failure(`"${shown}" is not a valid domain name (letters, digits and hyphens, labels of at most 63 characters)`);
  }
  if (/^[0-9]+$/.test(labels[labels.length - 1]!)) return failure(`"${shown}" is not a valid domain name`);
  return ok(ascii);
}
