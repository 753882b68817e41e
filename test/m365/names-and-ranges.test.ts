// Exchange Online's name and address matching: TlsDomain / TlsSenderCertificateName against certificate names, SenderIPAddresses against addresses.
import { describe, expect, it } from 'vitest';
import { senderRanges } from '../../src/m365/ip-ranges.js';
import { patternCovers } from '../../src/m365/domains.js';
import { certificateNameCovers, configuredNameMatches, tlsCertificateDomain } from '../../src/m365/tls-names.js';

describe('certificate names (RFC 6125 §6.4.3)', () => {
  it.each([
    ['mail.contoso.com', 'mail.contoso.com', true],
    ['MAIL.contoso.com.', 'mail.CONTOSO.com', true],
    ['*.contoso.com', 'mail.contoso.com', true],
    ['*.contoso.com', 'contoso.com', false],
    ['*.contoso.com', 'a.b.contoso.com', false],
    ['m*.contoso.com', 'mail.contoso.com', false],
    ['*.contoso.com', 'mail.notcontoso.com', false],
  ])('%s covers %s: %s', (cert, host, expected) => {
    expect(certificateNameCovers(cert, host)).toBe(expected);
  });
});

describe('a configured name (TlsDomain) against a certificate name', () => {
  it.each([
    ['mail.contoso.com', 'mail.contoso.com', true],
    ['mail.contoso.com', '*.contoso.com', true],
    ['mail.contoso.com', '*.mail.contoso.com', false],
    ['mail.contoso.com', 'smtp.contoso.com', false],
    ['*.contoso.com', 'contoso.com', true],
    ['*.contoso.com', 'mail.contoso.com', true],
    ['*.contoso.com', 'a.b.contoso.com', true],
    ['*.contoso.com', '*.contoso.com', true],
    ['*.contoso.com', '*.mail.contoso.com', true],
    ['*.contoso.com', 'contoso.com.evil.test', false],
    ['*.contoso.com', 'notcontoso.com', false],
  ])('%s with a certificate for %s: %s', (configured, cert, expected) => {
    expect(configuredNameMatches(configured, cert)).toBe(expected);
  });

  it('reads the <I>issuer<S>subject form by its CN', () => {
    expect(tlsCertificateDomain('<I>CN=R11, O=Let\'s Encrypt, C=US<S>CN=mail.contoso.com')).toBe('mail.contoso.com');
    expect(tlsCertificateDomain('*.Contoso.com')).toBe('*.contoso.com');
  });
});

describe('SenderIPAddresses', () => {
  const ranges = senderRanges(['192.0.2.7', '198.51.100.0/24', '203.0.113.10-203.0.113.20', 'garbage', '10.0.0.0/99']);
  it.each([
    ['192.0.2.7', true],
    ['192.0.2.8', false],
    ['198.51.100.255', true],
    ['203.0.113.15', true],
    ['203.0.113.21', false],
    ['2001:db8::1', false],
    ['not an address', false],
  ])('%s: %s', (address, expected) => {
    expect(ranges.covers(address)).toBe(expected);
  });
  it('keeps what it cannot read', () => {
    expect(ranges.unreadable).toEqual(['garbage', '10.0.0.0/99']);
  });
});

describe('domain patterns (SmtpDomainWithSubdomains)', () => {
  it.each([
    ['contoso.com', 'contoso.com', true],
    ['*.contoso.com', 'contoso.com', true],
    ['*.contoso.com', 'sub.contoso.com', true],
    ['*.contoso.com', 'notcontoso.com', false],
    ['*', 'anything.test', true],
    ['contoso.com', 'sub.contoso.com', false],
  ])('%s covers %s: %s', (pattern, domain, expected) => {
    expect(patternCovers(pattern, domain)).toBe(expected);
  });
});
