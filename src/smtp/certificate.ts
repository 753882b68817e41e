// Turns the certificates a server sent into plain facts (subject, names, dates, fingerprint, ...).

import type { X509Certificate } from 'node:crypto';
import type { CertificateFacts } from './types.js';

// A server may send any number of certificates; real chains have 2-4. Bounds the evidence.
export const MAX_CHAIN_LENGTH = 10;

/** Node prints distinguished names one RDN per line; evidence wants them on one line. */
function oneLine(name: string): string {
  return name.split('\n').filter(Boolean).join(', ');
}

function isoDate(text: string): string {
  const date = new Date(text);
  return Number.isNaN(date.getTime()) ? text : date.toISOString();
}

/** subjectAltName as Node prints it: `DNS:a.example, IP Address:192.0.2.1`; values with `,` come quoted. */
function altNames(text: string | undefined): { dnsNames: string[]; ipAddresses: string[] } {
  const dnsNames: string[] = [];
  const ipAddresses: string[] = [];
  for (const entry of (text ?? '').match(/(?:[^,"]|"(?:[^"\\]|\\.)*")+/g) ?? []) {
    const [kind, ...rest] = entry.trim().split(':');
    let value = rest.join(':').trim();
    if (value.startsWith('"')) {
      try {
        value = JSON.parse(value) as string;
      } catch {
        // keep it quoted: still evidence
      }
    }
    if (kind === 'DNS') dnsNames.push(value);
    else if (kind === 'IP Address') ipAddresses.push(value);
  }
  return { dnsNames, ipAddresses };
}

function selfSigned(cert: X509Certificate): boolean {
  try {
    // checkIssued() also demands keyCertSign in the key usage, which a self-signed *leaf* (cPanel's default
    // certificate) lacks: issuer = subject and a signature by its own key is what self-signed means.
    return (cert.checkIssued(cert) || cert.subject === cert.issuer) && cert.verify(cert.publicKey);
  } catch {
    return false;
  }
}

export function certificateFacts(cert: X509Certificate): CertificateFacts {
  const { dnsNames, ipAddresses } = altNames(cert.subjectAltName);
  const facts: CertificateFacts = {
    subject: oneLine(cert.subject),
    issuer: oneLine(cert.issuer),
    dnsNames,
    ipAddresses,
    validFrom: isoDate(cert.validFrom),
    validTo: isoDate(cert.validTo),
    serial: cert.serialNumber.toUpperCase(),
    fingerprint256: cert.fingerprint256,
    selfSigned: selfSigned(cert),
    isCa: cert.ca,
    pem: cert.toString(),
  };
  const commonName = /^CN=(.*)$/m.exec(cert.subject)?.[1];
  if (commonName) facts.commonName = commonName;
  const keyType = cert.publicKey.asymmetricKeyType;
  if (keyType) facts.keyType = keyType;
  return facts;
}

/**
 * The chain as the server sent it, leaf first. `getPeerX509Certificate().issuerCertificate` follows
 * OpenSSL's peer chain (SSL_get_peer_cert_chain) in sending order; the older `getPeerCertificate(true)`
 * completes the chain from the local trust store and would hide a missing intermediate.
 */
export function sentChain(leaf: X509Certificate | undefined): X509Certificate[] {
  const chain: X509Certificate[] = [];
  const seen = new Set<string>();
  for (let cert = leaf; cert && chain.length < MAX_CHAIN_LENGTH; cert = cert.issuerCertificate) {
    if (seen.has(cert.fingerprint256)) break;
    seen.add(cert.fingerprint256);
    chain.push(cert);
  }
  return chain;
}
