// Names against names as Exchange Online compares them: a connector's TlsDomain (or TlsSenderCertificateName) with a certificate's names.
import { canonicalName } from './domains.js';

/**
 * Whether a certificate name covers a host name (RFC 6125 §6.4.3): an exact match, or a wildcard `*.contoso.com` for
 * exactly one label in its place (`mail.contoso.com`, not `contoso.com` nor `a.b.contoso.com`). Partial-label
 * wildcards (`m*.contoso.com`) are not honoured.
 */
export function certificateNameCovers(certName: string, host: string): boolean {
  const c = canonicalName(certName);
  const h = canonicalName(host);
  if (c === h) return true;
  if (!c.startsWith('*.')) return false;
  const firstDot = h.indexOf('.');
  return firstDot > 0 && h.slice(firstDot + 1) === c.slice(2);
}

/**
 * Whether a connector's configured name is satisfied by one name of the certificate the server sent.
 *
 * - A plain configured name (`mail.contoso.com`) must be covered by the certificate name: the same name, or a
 *   certificate wildcard for it (`*.contoso.com`).
 * - A configured wildcard (`*.contoso.com`, "a domain and all subdomains" in Set-OutboundConnector -TlsDomain and
 *   New-InboundConnector -TlsSenderCertificateName) accepts a certificate whose name is contoso.com or lies under it,
 *   itself possibly a wildcard (`*.contoso.com`, `*.mail.contoso.com`).
 */
export function configuredNameMatches(configured: string, certName: string): boolean {
  const want = canonicalName(configured);
  const have = canonicalName(certName);
  if (want.startsWith('*.')) {
    const base = want.slice(2);
    const name = have.startsWith('*.') ? have.slice(2) : have;
    return name === base || name.endsWith(`.${base}`);
  }
  return certificateNameCovers(have, want);
}

/**
 * The names Exchange Online holds a connector's TlsDomain against: the subject's common name and the subjectAltName
 * DNS names alike (the EAC's "the subject name or subject alternative name (SAN) matches this domain name"). Unlike a
 * browser (RFC 6125 §6.4.4), it does not ignore the CN when the certificate has SANs.
 */
export function exchangeCertificateNames(cert: { dnsNames: readonly string[]; commonName?: string }): string[] {
  const names = [...cert.dnsNames];
  if (cert.commonName && !names.some((n) => canonicalName(n) === canonicalName(cert.commonName!))) names.push(cert.commonName);
  return names;
}

/**
 * A TlsCertificate value as text (New-InboundConnector -TlsSenderCertificateName): usually the domain itself
 * (`mail.contoso.com`, `*.contoso.com`); the older `<I>issuer<S>subject` form is read by its subject's CN.
 */
export function tlsCertificateDomain(value: string): string {
  const subject = value.includes('<S>') ? value.slice(value.indexOf('<S>') + 3) : value;
  const cn = /(?:^|,\s*)CN=([^,]+)/i.exec(subject);
  return canonicalName(cn ? cn[1]! : subject);
}
