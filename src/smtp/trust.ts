// The trust store for verifying a server's chain: Node's roots + NODE_EXTRA_CA_CERTS + the caller's extra CAs.

import { readFileSync } from 'node:fs';
import tls from 'node:tls';

const PEM_BLOCK = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;

/** Splits PEM text into its certificates. */
export function pemCertificates(text: string): string[] {
  return (text.match(PEM_BLOCK) ?? []).map((block) => `${block}\n`);
}

const envCache = new Map<string, string[]>();
/** The certificates Node added from NODE_EXTRA_CA_CERTS at startup (Node read it once; so do we). */
function envExtraCertificates(): string[] {
  const file = process.env['NODE_EXTRA_CA_CERTS'];
  if (!file) return [];
  let certs = envCache.get(file);
  if (!certs) {
    try {
      certs = pemCertificates(readFileSync(file, 'utf8'));
    } catch {
      certs = []; // Node already warned about an unreadable file at startup
    }
    envCache.set(file, certs);
  }
  return certs;
}

/**
 * The `ca` option for tls.connect. `undefined` keeps Node's default store, which already holds
 * NODE_EXTRA_CA_CERTS. Passing `ca` replaces that store entirely (NODE_EXTRA_CA_CERTS included), so with
 * extra CAs the default roots and the environment's certificates are listed again before them.
 */
export function trustStore(extraCa: readonly string[] | undefined): string[] | undefined {
  const extra = (extraCa ?? []).flatMap(pemCertificates);
  if (extra.length === 0) return undefined;
  return [...tls.rootCertificates, ...envExtraCertificates(), ...extra];
}

const contexts = new Map<string, tls.SecureContext>();
const MAX_CONTEXTS = 16;

/**
 * A secure context holding `trustStore(extraCa)`, cached: parsing Node's ~140 roots again for every
 * connection costs ~40 ms. `undefined` without extra CAs (Node's default context is already shared).
 */
export function trustContext(extraCa: readonly string[] | undefined, minVersion: tls.SecureVersion): tls.SecureContext | undefined {
  const ca = trustStore(extraCa);
  if (!ca) return undefined;
  const key = `${minVersion}\n${ca.slice(tls.rootCertificates.length).join('')}`;
  let context = contexts.get(key);
  if (!context) {
    if (contexts.size >= MAX_CONTEXTS) contexts.clear();
    context = tls.createSecureContext({ ca, minVersion });
    contexts.set(key, context);
  }
  return context;
}

/** How many extra CA certificates the caller passed (evidence: "verified against the store plus N"). */
export function extraCaCount(extraCa: readonly string[] | undefined): number {
  return (extraCa ?? []).flatMap(pemCertificates).length;
}
