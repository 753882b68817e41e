// Collects what a finished TLS handshake showed (protocol, cipher, sent chain) and judges chain and name separately.

import tls from 'node:tls';
import { certificateFacts, sentChain } from './certificate.js';
import type { TlsFacts, TlsHandshakeFailure } from './types.js';

type SessionFacts = Pick<TlsFacts, 'protocol' | 'cipher' | 'peerChain' | 'verification' | 'nameCheck'>;

/**
 * Reads the facts off a socket whose handshake ran with `rejectUnauthorized: false` and a no-op
 * `checkServerIdentity`: `authorized`/`authorizationError` then hold the chain verdict alone
 * (OpenSSL's code, e.g. UNABLE_TO_VERIFY_LEAF_SIGNATURE), and the name is checked here, apart.
 */
export function sessionFacts(socket: tls.TLSSocket, name: string | undefined, extraCaCount: number): SessionFacts {
  // Order matters on Node 20: getPeerX509Certificate() walks the peer chain destructively, and a later
  // getPeerCertificate() returns {}. The legacy object (for checkServerIdentity) is taken first.
  const peer = socket.getPeerCertificate();
  const facts: SessionFacts = { peerChain: sentChain(socket.getPeerX509Certificate()).map(certificateFacts) };
  const protocol = socket.getProtocol();
  if (protocol) facts.protocol = protocol;
  const cipher = socket.getCipher() as tls.CipherNameAndProtocol | undefined;
  if (cipher) facts.cipher = { name: cipher.name, standardName: cipher.standardName, version: cipher.version };

  // Node types authorizationError as Error; at runtime it is OpenSSL's code as a string.
  const rawError = socket.authorizationError as unknown;
  const code =
    typeof rawError === 'string' ? rawError : rawError instanceof Error ? ((rawError as NodeJS.ErrnoException).code ?? rawError.message) : undefined;
  facts.verification = { trusted: socket.authorized, extraCaCount };
  if (!socket.authorized && code) facts.verification.code = code;

  if (name && peer && Object.keys(peer).length > 0) {
    const mismatch = tls.checkServerIdentity(name, peer);
    facts.nameCheck = mismatch
      ? { name, matches: false, code: (mismatch as NodeJS.ErrnoException).code ?? 'ERR_TLS_CERT_ALTNAME_INVALID', reason: (mismatch as Error & { reason?: string }).reason ?? mismatch.message }
      : { name, matches: true };
  }
  return facts;
}

/** A failed handshake as a fact: an alert from the server, a protocol too old, garbage instead of TLS, a reset. */
export function handshakeFailure(err: unknown): TlsHandshakeFailure {
  const e = (err ?? {}) as { code?: unknown; originalCode?: unknown; message?: unknown; reason?: unknown };
  // nodemailer replaces `code` with its own category and keeps the socket's code as `originalCode`.
  const code = typeof e.originalCode === 'string' ? e.originalCode : typeof e.code === 'string' ? e.code : 'ETLS';
  const message = (typeof e.message === 'string' ? e.message : String(err)).trim();
  const failure: TlsHandshakeFailure = { code, message };
  if (typeof e.reason === 'string') failure.reason = e.reason;
  const alert = /SSL alert number (\d+)/.exec(message)?.[1];
  if (alert) failure.alert = Number(alert);
  return failure;
}
