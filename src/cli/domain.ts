// Turns what the user typed into the domain to check: IDN to punycode, trailing dot, helpful refusals.
import { isIP } from 'node:net';
import { domainToASCII } from 'node:url';
import { escapeControl } from '../util/text.js';
import { UsageError } from './usage-error.js';

const LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/;

/**
 * Validate and normalise a mail domain. Accepts IDNs (converted to punycode, IDNA/UTS #46 via
 * node:url) and a trailing dot; refuses e-mail addresses, URLs, IP addresses and single labels
 * with a hint saying what to type instead.
 */
export function parseDomain(raw: string): string {
  const input = raw.trim();
  const shown = escapeControl(input);
  if (input === '') throw new UsageError('no domain given: try "splitcheck yourcompany.com"');
  if (input.includes('@')) {
    const domain = input.slice(input.lastIndexOf('@') + 1);
    throw new UsageError(
      `"${shown}" is an e-mail address; give its domain instead: splitcheck ${escapeControl(domain)}` +
        ' (to follow one mailbox, use --mailbox with the domain)',
    );
  }
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(input)) {
    throw new UsageError(`"${shown}" is a URL; give just the domain, e.g. splitcheck yourcompany.com`);
  }
  const bare = input.replace(/\.$/, '');
  if (isIP(bare.replace(/^\[|\]$/g, '')) !== 0) {
    throw new UsageError(`"${shown}" is an IP address; splitcheck checks a mail domain, e.g. yourcompany.com`);
  }
  const ascii = domainToASCII(bare).toLowerCase();
  if (ascii === '') throw new UsageError(`"${shown}" is not a valid domain name`);
  const labels = ascii.split('.');
  if (labels.length < 2) throw new UsageError(`"${shown}" is not a full domain name; include its suffix, e.g. ${shown}.com`);
  if (ascii.length > 253 || !labels.every((l) => LABEL.test(l))) {
    throw new UsageError(`"${shown}" is not a valid domain name (letters, digits and hyphens, labels of at most 63 characters)`);
  }
  if (/^[0-9]+$/.test(labels[labels.length - 1]!)) throw new UsageError(`"${shown}" is not a valid domain name`);
  return ascii;
}
