// Decodes the octets of a DKIM `p=` tag into a real public key with Node's crypto, and reports its type and size.
import { createPublicKey, type KeyObject } from 'node:crypto';
import type { KeyType } from './key-record.js';

/** RFC 8463 §4.2: an ed25519 `p=` is the raw 32-octet key, not a SubjectPublicKeyInfo. */
const ED25519_KEY_OCTETS = 32;

export type DkimPublicKey =
  | { ok: true; type: 'rsa'; bits: number; encoding: 'spki' | 'pkcs1' }
  | { ok: true; type: 'ed25519'; bits: 256; encoding: 'raw' }
  | {
      ok: false;
      /**
       * `not-a-key`: the octets are no public key; `wrong-type`: a valid key of another type than `k=`;
       * `ed25519-spki`: an ed25519 key wrapped in SubjectPublicKeyInfo, which RFC 8463 does not allow;
       * `bad-length`: an ed25519 key that is not 32 octets.
       */
      reason: 'not-a-key' | 'wrong-type' | 'ed25519-spki' | 'bad-length';
      found?: string;
      octets: number;
    };

function tryKey(make: () => KeyObject): KeyObject | undefined {
  try {
    return make();
  } catch {
    return undefined;
  }
}

function spki(bytes: Buffer): KeyObject | undefined {
  return tryKey(() => createPublicKey({ key: bytes, format: 'der', type: 'spki' }));
}

/** Decode `bytes` as a key of `keyType`. Never throws. */
export function decodeDkimPublicKey(keyType: KeyType, bytes: Buffer): DkimPublicKey {
  const octets = bytes.length;
  if (keyType === 'ed25519') {
    if (octets !== ED25519_KEY_OCTETS) {
      const wrapped = spki(bytes);
      if (wrapped?.asymmetricKeyType === 'ed25519') return { ok: false, reason: 'ed25519-spki', octets };
      return { ok: false, reason: 'bad-length', octets };
    }
    const key = tryKey(() => createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: bytes.toString('base64url') }, format: 'jwk' }));
    return key ? { ok: true, type: 'ed25519', bits: 256, encoding: 'raw' } : { ok: false, reason: 'not-a-key', octets };
  }
  // RFC 6376 §3.6.1 names RSAPublicKey; erratum 3017 allows it inside a SubjectPublicKeyInfo, which is
  // what signers (cPanel, Microsoft, openssl) publish. Accept both.
  let encoding: 'spki' | 'pkcs1' = 'spki';
  let key = spki(bytes);
  if (!key) {
    encoding = 'pkcs1';
    key = tryKey(() => createPublicKey({ key: bytes, format: 'der', type: 'pkcs1' }));
  }
  if (!key) return { ok: false, reason: 'not-a-key', octets };
  if (key.asymmetricKeyType !== 'rsa') return { ok: false, reason: 'wrong-type', found: key.asymmetricKeyType ?? 'unknown', octets };
  const bits = key.asymmetricKeyDetails?.modulusLength ?? 0;
  return { ok: true, type: 'rsa', bits, encoding };
}
