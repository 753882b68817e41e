// Rewrites an SPF record for a remedy: add or remove terms, so the fix is a whole record to publish.
import { isIP } from 'node:net';

function terms(record: string): string[] {
  return record.trim().split(/ +/).filter((t) => t !== '');
}

const isAll = (t: string) => /^[+\-~?]?all$/i.test(t);
const isRedirect = (t: string) => /^redirect=/i.test(t);

/** Add `term` before the record's `all` (or `redirect=`), where it is evaluated; unchanged if already present. */
export function withTerm(record: string, term: string): string {
  const list = terms(record);
  if (list.some((t) => t.toLowerCase() === term.toLowerCase())) return list.join(' ');
  const at = list.findIndex((t, i) => i > 0 && (isAll(t) || isRedirect(t)));
  list.splice(at === -1 ? list.length : at, 0, term);
  return list.join(' ');
}

/** Remove the terms matching `drop`. */
export function withoutTerms(record: string, drop: (term: string) => boolean): string {
  return terms(record)
    .filter((t, i) => i === 0 || !drop(t))
    .join(' ');
}

/** Replace the terms matching `from` by `to(term)`. */
export function replaceTerms(record: string, from: (term: string) => boolean, to: (term: string) => string): string {
  return terms(record)
    .map((t, i) => (i > 0 && from(t) ? to(t) : t))
    .join(' ');
}

/** `ip4:203.0.113.25` or `ip6:2001:db8::25`. */
export function ipTerm(address: string): string {
  return isIP(address) === 6 ? `ip6:${address}` : `ip4:${address}`;
}

/** Make the record end in `-all` (replacing `+all`, `?all`, `~all` or adding it when there is no all/redirect). */
export function withHardFail(record: string): string {
  const list = terms(record);
  const at = list.findIndex((t, i) => i > 0 && isAll(t));
  if (at >= 0) list[at] = '-all';
  else if (!list.some(isRedirect)) list.push('-all');
  return list.join(' ');
}

/** A record for a domain that has none: Microsoft 365's include, the hosting addresses, `-all`. */
export function newRecord(include: string, hostingIps: readonly string[]): string {
  const ips = hostingIps.length > 0 ? hostingIps.map(ipTerm) : ['ip4:<hosting server outbound IP>'];
  return ['v=spf1', `include:${include}`, ...ips, '-all'].join(' ');
}

/** The TXT record line to publish at the domain. */
export function txtLine(domain: string, record: string): string {
  return `${domain}. 3600 IN TXT "${record}"`;
}
