// The Organizational Domain of RFC 7489 §3.2: the registrable domain under the Public Suffix List, through tldts.
/*! @license
 * splitcheck bundles tldts (MIT, (c) 2017 Thomas Parisot, 2018 Rémi Berson), which carries a compiled copy of
 * the Public Suffix List (publicsuffix.org). The Public Suffix List is subject to the Mozilla Public License,
 * v. 2.0 (MPL-2.0, https://mozilla.org/MPL/2.0/); its source form is https://publicsuffix.org/list/public_suffix_list.dat.
 */
import { getDomain } from 'tldts';

/**
 * tldts rather than psl or a list of our own: it is updated with the list (weekly releases), typed, has no
 * dependencies of its own, and its packed trie costs ~130 KB in the bundle, loaded only with the DMARC
 * check. The whole list is used, private section included (blogspot.com, s3.amazonaws.com), as
 * Mail::DMARC and OpenDMARC read the list file whole (test/e2e/dmarc-differential.e2e.ts compares them).
 * Names are ASCII (A-labels) here, as DNS gives them; the list is matched in that form too.
 */
const OPTIONS = { allowPrivateDomains: true, extractHostname: false, validateHostname: false, detectIp: false } as const;

/** RFC 7489 §3.2 steps 3–4 for a domain name (any case, trailing dot allowed); a public suffix is its own. */
export function organizationalDomain(name: string): string {
  const domain = name.toLowerCase().replace(/\.$/, '');
  // tldts applies the list's implicit "*" rule to a TLD it does not know (publicsuffix.org's algorithm): the
  // organizational domain of a.b.example is b.example, not the TLD.
  return getDomain(domain, OPTIONS) ?? domain;
}

/** Whether two names belong to one organisation (RFC 7489 §7.1: reports there need no authorisation). */
export function sameOrganisation(a: string, b: string): boolean {
  return organizationalDomain(a) === organizationalDomain(b);
}
