// The TLS facts for each certificate case: exact OpenSSL verification code, name check apart, chain as sent, protocol, failed handshakes.

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import tls from 'node:tls';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { probeSmtp } from '../../src/smtp/index.js';
import { trustStore } from '../../src/smtp/trust.js';
import { createTestPki, type TestPki } from '../../src/testbed/certs.js';
import { startEximServer } from '../../src/testbed/smtp-exim.js';
import { noData, routeTo, track } from './helpers.js';

let pki: TestPki;
beforeAll(async () => {
  pki = await createTestPki({ hostname: 'mail.example.test', wrongName: 'server.hosting.test' });
});

type Leaf = keyof TestPki['leaves'];

async function probeWith(leaf: Leaf, options: { trustCa?: boolean; tlsOptions?: tls.TlsOptions; tlsName?: string } = {}) {
  const server = track(
    await startEximServer({ domains: ['example.test'], mailboxes: ['anna@example.test'], tls: pki.leaves[leaf], tlsOptions: options.tlsOptions ?? {} }),
  );
  const result = await probeSmtp({
    host: 'mail.example.test',
    recipients: ['anna@example.test'],
    extraCa: options.trustCa === false ? [] : [pki.ca.cert],
    connect: routeTo(server),
    timeoutMs: 1000,
    ...(options.tlsName ? { tlsName: options.tlsName } : {}),
  });
  expect(noData(result, server)).toBe(true);
  return result;
}

const cases: Array<{
  name: string;
  leaf: Leaf;
  trustCa: boolean;
  trusted: boolean;
  code: string | undefined;
  nameMatches: boolean;
  chain: number;
}> = [
  { name: 'full chain, trusted CA', leaf: 'good', trustCa: true, trusted: true, code: undefined, nameMatches: true, chain: 2 },
  { name: 'full chain, CA not trusted', leaf: 'good', trustCa: false, trusted: false, code: 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY', nameMatches: true, chain: 2 },
  { name: 'chain with its root, trusted', leaf: 'withRoot', trustCa: true, trusted: true, code: undefined, nameMatches: true, chain: 3 },
  { name: 'chain with an untrusted root', leaf: 'withRoot', trustCa: false, trusted: false, code: 'SELF_SIGNED_CERT_IN_CHAIN', nameMatches: true, chain: 3 },
  // Microsoft: 450 4.4.317 ... UntrustedRoot. Exchange Online does not fetch missing intermediates; neither does OpenSSL.
  { name: 'leaf without its intermediate', leaf: 'leafOnly', trustCa: true, trusted: false, code: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE', nameMatches: true, chain: 1 },
  { name: 'expired leaf', leaf: 'expired', trustCa: true, trusted: false, code: 'CERT_HAS_EXPIRED', nameMatches: true, chain: 2 },
  { name: 'leaf expiring in 5 days', leaf: 'expiringSoon', trustCa: true, trusted: true, code: undefined, nameMatches: true, chain: 2 },
  // Microsoft: 4.7.320 ... SubjectMismatch, with a chain that verifies.
  { name: 'valid chain, wrong name', leaf: 'wrongName', trustCa: true, trusted: true, code: undefined, nameMatches: false, chain: 2 },
  { name: 'self-signed leaf', leaf: 'selfSigned', trustCa: true, trusted: false, code: 'DEPTH_ZERO_SELF_SIGNED_CERT', nameMatches: true, chain: 1 },
];

describe('certificate facts', () => {
  it.each(cases)('$name: trusted=$trusted code=$code name=$nameMatches', async (c) => {
    const result = await probeWith(c.leaf, { trustCa: c.trustCa });
    // Verification never stops the probe: the facts are collected, then judged by the checks.
    expect(result).toMatchObject({ ok: true, phase: 'done' });
    expect(result.rcpt[0]?.reply.code).toBe(250);
    const facts = result.tls;
    expect(facts?.established).toBe(true);
    expect(facts?.verification?.trusted).toBe(c.trusted);
    expect(facts?.verification?.code).toBe(c.code);
    expect(facts?.nameCheck?.matches).toBe(c.nameMatches);
    expect(facts?.peerChain).toHaveLength(c.chain);
    expect(facts?.peerChain[0]?.pem).toBe(pki.leaves[c.leaf].leaf);
  });

  it('describes each sent certificate', async () => {
    const result = await probeWith('withRoot');
    const [leaf, intermediate, root] = result.tls?.peerChain ?? [];
    expect(leaf).toMatchObject({
      subject: 'CN=mail.example.test',
      commonName: 'mail.example.test',
      issuer: 'CN=splitcheck Test Intermediate CA, O=splitcheck testbed',
      dnsNames: ['mail.example.test'],
      ipAddresses: [],
      selfSigned: false,
      isCa: false,
      keyType: 'ec',
      validFrom: pki.leaves.withRoot.notBefore.toISOString().replace(/\.\d{3}Z$/, '.000Z'),
      validTo: pki.leaves.withRoot.notAfter.toISOString().replace(/\.\d{3}Z$/, '.000Z'),
    });
    expect(leaf?.fingerprint256).toMatch(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
    expect(leaf?.serial).toMatch(/^[0-9A-F]+$/);
    expect(intermediate).toMatchObject({ isCa: true, selfSigned: false, commonName: 'splitcheck Test Intermediate CA' });
    expect(root).toMatchObject({ isCa: true, selfSigned: true, subject: root?.issuer });
  });

  it('the expiring leaf is dated 5 days after the probe start (judged later, from the evidence)', async () => {
    const result = await probeWith('expiringSoon');
    const validTo = Date.parse(result.tls?.peerChain[0]?.validTo ?? '');
    const days = (validTo - Date.parse(result.timings.startedAt)) / 86_400_000;
    expect(days).toBeGreaterThan(4.9);
    expect(days).toBeLessThanOrEqual(5);
  });

  it('checks the name the connector will use (tlsName), with the reason on a mismatch', async () => {
    const result = await probeWith('good', { tlsName: 'smarthost.example.test' });
    expect(result.tls?.servername).toBe('smarthost.example.test');
    expect(result.tls?.nameCheck).toMatchObject({ name: 'smarthost.example.test', matches: false, code: 'ERR_TLS_CERT_ALTNAME_INVALID' });
    expect(result.tls?.nameCheck?.reason).toContain('smarthost.example.test');
  });
});

describe('TLS protocol and failed handshakes', () => {
  it('records the negotiated protocol and cipher', async () => {
    const result = await probeWith('good', { tlsOptions: { maxVersion: 'TLSv1.2' } });
    expect(result.tls).toMatchObject({ protocol: 'TLSv1.2', cipher: { version: expect.any(String) as unknown } });
    expect(result.tls?.cipher?.standardName).toMatch(/^TLS_/);
  });

  it('records a server too old for Exchange Online (TLS 1.1 at most) as a failed handshake', async () => {
    const result = await probeWith('good', { tlsOptions: { minVersion: 'TLSv1', maxVersion: 'TLSv1.1', ciphers: 'DEFAULT@SECLEVEL=0' } });
    expect(result).toMatchObject({ ok: false, phase: 'tls', error: { phase: 'tls' } });
    expect(result.tls).toMatchObject({ established: false, starttlsReply: { code: 220 }, peerChain: [], minVersion: 'TLSv1.2' });
    // The server answers the TLS 1.2+ ClientHello with alert 70, protocol_version (RFC 8446 §6.2).
    expect(result.tls?.failure).toMatchObject({ code: 'ERR_SSL_TLSV1_ALERT_PROTOCOL_VERSION', alert: 70, reason: 'tlsv1 alert protocol version' });
    expect(result.error).toMatchObject({ code: 'ERR_SSL_TLSV1_ALERT_PROTOCOL_VERSION', message: 'TLS handshake failed: tlsv1 alert protocol version (alert 70)' });
    expect(result.transcript.some((entry) => entry.kind === 'event' && entry.event === 'tls-failed')).toBe(true);
  });
});

describe('trust store', () => {
  const saved = process.env['NODE_EXTRA_CA_CERTS'];
  let dir: string | undefined;
  afterEach(() => {
    if (saved === undefined) delete process.env['NODE_EXTRA_CA_CERTS'];
    else process.env['NODE_EXTRA_CA_CERTS'] = saved;
    if (dir) rmSync(dir, { recursive: true, force: true });
    dir = undefined;
  });

  it("keeps Node's default store (and NODE_EXTRA_CA_CERTS) when no extra CA is given", () => {
    expect(trustStore(undefined)).toBeUndefined();
    expect(trustStore([])).toBeUndefined();
  });

  it('lists the roots, the NODE_EXTRA_CA_CERTS certificates and the extra CAs when extra CAs replace the default', () => {
    dir = mkdtempSync(join(tmpdir(), 'splitcheck-ca-'));
    const file = join(dir, 'extra.pem');
    writeFileSync(file, pki.intermediate.cert);
    process.env['NODE_EXTRA_CA_CERTS'] = file;
    const store = trustStore([pki.ca.cert]) ?? [];
    expect(store.length).toBe(tls.rootCertificates.length + 2);
    expect(store.slice(-2)).toEqual([pki.intermediate.cert, pki.ca.cert]);
  });
});
