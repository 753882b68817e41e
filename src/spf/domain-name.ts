// Domain-name rules of SPF: malformed <domain> (RFC 7208 §4.3), truncation of expansions (§7.3), suffix tests (§5.5).

import { MAX_DOMAIN_LENGTH, MAX_LABEL_LENGTH } from './constants.js';

/** Why a name cannot be used. */
export type DomainProblem =
  | 'empty'
  | 'empty-label' // "a..b" (RFC 1035 §3.1)
  | 'long-label' // a label over 63 octets (RFC 1035 §2.3.4)
  | 'too-long' // over 253 octets in text form (RFC 1035 §2.3.4)
  | 'single-label' // not a multi-label name (RFC 7208 §4.3)
  | 'address-literal'; // "[192.0.2.1]" (RFC 5321 §4.1.3) is no domain

/** Drops one trailing dot: "example.com." and "example.com" are the same name (RFC 7208 §7.3). */
export function withoutTrailingDot(name: string): string {
  return name.endsWith('.') ? name.slice(0, -1) : name;
}

/** RFC 7208 §4.3: a <domain> that is malformed or not multi-label gives `none` before any lookup. */
export function malformedDomain(domain: string): DomainProblem | undefined {
  if (domain.startsWith('[')) return 'address-literal';
  if (domain === '') return 'empty';
  if (domain.length > MAX_DOMAIN_LENGTH) return 'too-long';
  for (const label of domain.split('.')) {
    if (label === '') return 'empty-label';
    if (label.length > MAX_LABEL_LENGTH) return 'long-label';
  }
  return domain.includes('.') ? undefined : 'single-label';
}

/** RFC 7208 §7.3: an expanded name over 253 octets loses labels on the left until it fits. */
export function truncateDomain(name: string): string {
  let rest = name;
  while (rest.length > MAX_DOMAIN_LENGTH) {
    const dot = rest.indexOf('.');
    if (dot < 0) return rest;
    rest = rest.slice(dot + 1);
  }
  return rest;
}

/** True when `name` is `parent` or below it, case-insensitively (RFC 7208 §5.5, §7.3 for `%{p}`). */
export function isAtOrBelow(name: string, parent: string): boolean {
  const n = withoutTrailingDot(name).toLowerCase();
  const p = withoutTrailingDot(parent).toLowerCase();
  return n === p || n.endsWith(`.${p}`);
}
