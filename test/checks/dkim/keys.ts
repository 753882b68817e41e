// DKIM keys made fresh for the run, and the TXT record that publishes one.
import { generateKeyPairSync } from 'node:crypto';
import type { ZoneEntry } from '../../../src/testbed/dns-server.js';
import { txt } from '../../helpers/txt.js';

/** Keys made fresh for the run: splitcheck must decode real keys, not fixtures it was tuned on. */
function rsaSpki(bits: number): string {
  return generateKeyPairSync('rsa', { modulusLength: bits }).publicKey.export({ format: 'der', type: 'spki' }).toString('base64');
}
export const KEYS = {
  rsa512: rsaSpki(512),
  rsa1024: rsaSpki(1024),
  rsa2048: rsaSpki(2048),
  rsa2048pkcs1: generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey.export({ format: 'der', type: 'pkcs1' }).toString('base64'),
  ed25519raw: Buffer.from(generateKeyPairSync('ed25519').publicKey.export({ format: 'jwk' }).x ?? '', 'base64url').toString('base64'),
  ed25519spki: generateKeyPairSync('ed25519').publicKey.export({ format: 'der', type: 'spki' }).toString('base64'),
};

export const dkim = (key: string, extra = ''): ZoneEntry => txt(`v=DKIM1; k=rsa;${extra} p=${key}`);
