// Exchange Online's domain patterns (SmtpDomainWithSubdomains) and the address helpers the inside-view checks share.

/** A name for comparison: lower case, no trailing dot (DNS names and SMTP domains are case-insensitive). */
export function canonicalName(name: string): string {
  return name.trim().toLowerCase().replace(/\.$/, '');
}

/**
 * Whether a domain pattern covers `domain`. Exchange's SmtpDomainWithSubdomains: `contoso.com` is that domain;
 * `*.contoso.com` is "a domain and all subdomains" (New-InboundConnector -SenderDomains; Set-OutboundConnector
 * -RecipientDomains); `*` is every domain. A wildcard cannot be embedded (`a.*.contoso.com` is invalid there).
 */
export function patternCovers(pattern: string, domain: string): boolean {
  const p = canonicalName(pattern);
  const d = canonicalName(domain);
  if (p === '*') return true;
  if (p.startsWith('*.')) {
    const base = p.slice(2);
    return d === base || d.endsWith(`.${base}`);
  }
  return p === d;
}

/** How closely a pattern names the domain: an exact name beats `*.parent`, which beats `*` (the most specific route wins). */
export function patternSpecificity(pattern: string, domain: string): number {
  const p = canonicalName(pattern);
  if (!patternCovers(p, domain)) return -1;
  if (p === '*') return 0;
  if (p.startsWith('*.')) return p.length;
  return 1000;
}

/** The domain part of an address, lower case ('' when there is none). */
export function addressDomain(address: string): string {
  const at = address.lastIndexOf('@');
  return at < 0 ? '' : canonicalName(address.slice(at + 1));
}

/** An address for comparison: lower case, trimmed (CHECKS.md: addresses compare case-insensitively). */
export function canonicalAddress(address: string): string {
  return address.trim().toLowerCase();
}
