// A self-signed certificate whose subject, issuer and names carry terminal escapes and line breaks, for output-safety tests.
import { webcrypto } from 'node:crypto';
import type { ServedCertificate } from '../../../src/testbed/certs.js';

const ALG = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' } as const;

/** The hostile text planted in the subject's organisation (the CN stays the host name, so the name check still runs). */
export const HOSTILE_SUBJECT_TEXT = '\u001b[31mEvil\u001b[0m \u001b]0;owned\u0007 Corp\u009b2J\u202e\nINJECTED';

export async function hostileCertificate(hostname: string): Promise<ServedCertificate> {
  await import('reflect-metadata');
  const loaded = (await import('@peculiar/x509')) as typeof import('@peculiar/x509') & { default?: typeof import('@peculiar/x509') };
  const x509 = 'cryptoProvider' in loaded && loaded.cryptoProvider ? loaded : (loaded.default ?? loaded);
  x509.cryptoProvider.set(webcrypto);
  const keys = (await webcrypto.subtle.generateKey(ALG, true, ['sign', 'verify'])) as webcrypto.CryptoKeyPair;
  const now = Date.now();
  const notBefore = new Date(now - 86_400_000);
  const notAfter = new Date(now + 30 * 86_400_000);
  const names = [hostname, `\u001b[31m.${hostname}`];
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: '01',
    name: [{ CN: [hostname] }, { O: [HOSTILE_SUBJECT_TEXT] }, { OU: ['\r\nFORGED \u0000\u0007'] }],
    keys,
    notBefore,
    notAfter,
    signingAlgorithm: ALG,
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.SubjectAlternativeNameExtension(names.map((value) => ({ type: 'dns' as const, value }))),
    ],
  });
  const pem = `${cert.toString('pem').trim()}\n`;
  const key = `${x509.PemConverter.encode(await webcrypto.subtle.exportKey('pkcs8', keys.privateKey), 'PRIVATE KEY').trim()}\n`;
  return { key, cert: pem, leaf: pem, names, notBefore, notAfter };
}
