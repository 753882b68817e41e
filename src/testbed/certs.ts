// Test certificates made in code (@peculiar/x509 + WebCrypto, no openssl, no network): a CA, an intermediate and the leaf cases splitcheck must tell apart.

import { webcrypto } from 'node:crypto';
import type * as X509 from '@peculiar/x509';

type CryptoKey = webcrypto.CryptoKey;
type CryptoKeyPair = webcrypto.CryptoKeyPair;

/** A certificate as a TLS server would be configured with it. */
export interface ServedCertificate {
  /** PKCS#8 private key of the leaf, PEM. */
  key: string;
  /** What the server sends: the leaf first, then whatever chain the case calls for, PEM. */
  cert: string;
  /** The leaf alone, PEM. */
  leaf: string;
  /** DNS names in the leaf's subjectAltName. */
  names: string[];
  notBefore: Date;
  notAfter: Date;
}

/**
 * One test PKI: trust `ca.cert` (the probe's extra CA) and every leaf but `selfSigned`
 * and `untrustedChain` chains up to it.
 */
export interface TestPki {
  /** The name the good leaves are issued for. */
  hostname: string;
  ca: { cert: string; key: string };
  intermediate: { cert: string; key: string };
  leaves: {
    /** Leaf + intermediate, valid, right name: what a correct smart host sends. */
    good: ServedCertificate;
    /** Same leaf + intermediate + the root: harmless when trusted, SELF_SIGNED_CERT_IN_CHAIN when not. */
    withRoot: ServedCertificate;
    /** The good leaf without its intermediate: Microsoft's 4.4.317 UntrustedRoot, OpenSSL's UNABLE_TO_VERIFY_LEAF_SIGNATURE. */
    leafOnly: ServedCertificate;
    /** Expired yesterday (CERT_HAS_EXPIRED). */
    expired: ServedCertificate;
    /** Valid, expires in 5 days: trusted today, worth a warning. */
    expiringSoon: ServedCertificate;
    /** Valid chain issued for another name: Microsoft's 4.7.320 SubjectMismatch. */
    wrongName: ServedCertificate;
    /** Self-signed leaf (DEPTH_ZERO_SELF_SIGNED_CERT), as cPanel installs before AutoSSL runs. */
    selfSigned: ServedCertificate;
  };
}

export interface TestPkiOptions {
  /** Name the good leaves are issued for (default `mail.example.test`). */
  hostname?: string;
  /** Name the wrong-name leaf is issued for (default `server.hosting.test`). */
  wrongName?: string;
  /** The wrong-name leaf's subject CN, when it should differ from its subjectAltName (a name only in the subject). */
  wrongNameCommonName?: string;
  /** Clock for validity periods (default now). */
  now?: Date;
}

const DAY = 86_400_000;
// ECDSA P-256: key generation takes microseconds, so every test file can afford its own PKI.
const ALG = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' } as const;

let x509Module: Promise<typeof X509> | undefined;
function loadX509(): Promise<typeof X509> {
  x509Module ??= (async () => {
    // @peculiar/x509 resolves its providers through tsyringe, which needs the Reflect metadata polyfill.
    await import('reflect-metadata');
    // The package is CommonJS: bundled into a chunk (the CLI's `demo`), its namespace holds only `default`.
    const loaded = (await import('@peculiar/x509')) as typeof X509 & { default?: typeof X509 };
    const x509 = 'cryptoProvider' in loaded && loaded.cryptoProvider ? loaded : (loaded.default ?? loaded);
    x509.cryptoProvider.set(webcrypto);
    return x509;
  })();
  return x509Module;
}

/** PEM text with a trailing newline, so that PEMs can be concatenated into a chain OpenSSL accepts. */
function pem(cert: X509.X509Certificate): string {
  return `${cert.toString('pem').trim()}\n`;
}

async function keyPem(x509: typeof X509, key: CryptoKey): Promise<string> {
  return `${x509.PemConverter.encode(await webcrypto.subtle.exportKey('pkcs8', key), 'PRIVATE KEY').trim()}\n`;
}

function generateKeys(): Promise<CryptoKeyPair> {
  return webcrypto.subtle.generateKey(ALG, true, ['sign', 'verify']) as Promise<CryptoKeyPair>;
}

let serialCounter = 0;
function nextSerial(): string {
  // Distinct positive serials within a process (RFC 5280 §4.1.2.2: unique per issuer).
  serialCounter += 1;
  return `5c${Date.now().toString(16)}${serialCounter.toString(16).padStart(4, '0')}`;
}

interface Issuer {
  cert: X509.X509Certificate;
  keys: CryptoKeyPair;
}

/** Self-signed without an issuer; otherwise signed by it, with its key identifier added to `extensions`. */
async function issue(
  x509: typeof X509,
  subject: string,
  keys: CryptoKeyPair,
  notBefore: Date,
  notAfter: Date,
  extensions: X509.Extension[],
  issuer?: Issuer,
): Promise<X509.X509Certificate> {
  if (!issuer) {
    return x509.X509CertificateGenerator.createSelfSigned({ serialNumber: nextSerial(), name: subject, keys, notBefore, notAfter, signingAlgorithm: ALG, extensions });
  }
  extensions.push(await x509.AuthorityKeyIdentifierExtension.create(issuer.keys.publicKey));
  return x509.X509CertificateGenerator.create({
    serialNumber: nextSerial(),
    subject,
    issuer: issuer.cert.subject,
    publicKey: keys.publicKey,
    signingKey: issuer.keys.privateKey,
    notBefore,
    notAfter,
    signingAlgorithm: ALG,
    extensions,
  });
}

async function makeCa(x509: typeof X509, name: string, from: Date, to: Date, parent?: Issuer): Promise<Issuer> {
  const keys = await generateKeys();
  const extensions: X509.Extension[] = [
    new x509.BasicConstraintsExtension(true, parent ? 0 : undefined, true),
    new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
    await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
  ];
  return { cert: await issue(x509, name, keys, from, to, extensions, parent), keys };
}

async function makeLeaf(
  x509: typeof X509,
  names: string[],
  from: Date,
  to: Date,
  issuer: Issuer | 'self',
  commonName = names[0] ?? 'localhost',
): Promise<{ cert: X509.X509Certificate; keys: CryptoKeyPair }> {
  const keys = await generateKeys();
  const subject = `CN=${commonName}`;
  const extensions: X509.Extension[] = [
    new x509.BasicConstraintsExtension(false, undefined, true),
    new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
    new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth]),
    new x509.SubjectAlternativeNameExtension(names.map((value) => ({ type: 'dns' as const, value }))),
    await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
  ];
  return { cert: await issue(x509, subject, keys, from, to, extensions, issuer === 'self' ? undefined : issuer), keys };
}

/** Creates a fresh CA, intermediate and every leaf case. Takes a few milliseconds. */
export async function createTestPki(options: TestPkiOptions = {}): Promise<TestPki> {
  const x509 = await loadX509();
  const hostname = options.hostname ?? 'mail.example.test';
  const otherName = options.wrongName ?? 'server.hosting.test';
  const now = (options.now ?? new Date()).getTime();
  const at = (days: number): Date => new Date(now + days * DAY);

  const root = await makeCa(x509, 'CN=splitcheck Test Root CA, O=splitcheck testbed', at(-30), at(3650));
  const intermediate = await makeCa(x509, 'CN=splitcheck Test Intermediate CA, O=splitcheck testbed', at(-30), at(1825), root);
  const rootPem = pem(root.cert);
  const intermediatePem = pem(intermediate.cert);

  const served = async (
    names: string[],
    from: Date,
    to: Date,
    issuer: Issuer | 'self',
    chain: (leafPem: string) => string,
    commonName?: string,
  ): Promise<ServedCertificate> => {
    const leaf = await makeLeaf(x509, names, from, to, issuer, commonName);
    const leafPem = pem(leaf.cert);
    return { key: await keyPem(x509, leaf.keys.privateKey), cert: chain(leafPem), leaf: leafPem, names, notBefore: from, notAfter: to };
  };
  const withIntermediate = (leafPem: string): string => leafPem + intermediatePem;

  const good = await served([hostname], at(-1), at(90), intermediate, withIntermediate);
  const leaves: TestPki['leaves'] = {
    good,
    withRoot: { ...good, cert: good.leaf + intermediatePem + rootPem },
    leafOnly: { ...good, cert: good.leaf },
    expired: await served([hostname], at(-90), at(-1), intermediate, withIntermediate),
    expiringSoon: await served([hostname], at(-85), at(5), intermediate, withIntermediate),
    wrongName: await served([otherName], at(-1), at(90), intermediate, withIntermediate, options.wrongNameCommonName),
    selfSigned: await served([hostname], at(-1), at(365), 'self', (leafPem) => leafPem),
  };

  return {
    hostname,
    ca: { cert: rootPem, key: await keyPem(x509, root.keys.privateKey) },
    intermediate: { cert: intermediatePem, key: await keyPem(x509, intermediate.keys.privateKey) },
    leaves,
  };
}

let shared: Promise<TestPki> | undefined;
/** One PKI per process for the default names: tests and the demo share it instead of regenerating. */
export function sharedTestPki(): Promise<TestPki> {
  shared ??= createTestPki();
  return shared;
}
