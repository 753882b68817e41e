// The probe's second transaction (MAIL FROM a hosting address, RCPT of Microsoft 365 mailboxes, after RSET) and its handshake without SNI.
import type tls from 'node:tls';
import { beforeAll, describe, expect, it } from 'vitest';
import { probeSmtp } from '../../src/smtp/index.js';
import { createTestPki, type TestPki } from '../../src/testbed/certs.js';
import { startEximServer } from '../../src/testbed/smtp-exim.js';
import { startScriptedServer } from '../../src/testbed/smtp-scripted.js';
import { noData, routeTo, sentCommands, track } from './helpers.js';

let pki: TestPki;
beforeAll(async () => {
  pki = await createTestPki({ hostname: 'mail.example.test', wrongName: 'server.hosting.test' });
});

describe('senderEnvelope: a second mail transaction in the same session, never DATA', () => {
  it('MAIL FROM:<> and its recipients, RSET, MAIL FROM:<sender> and its recipients, RSET, QUIT; answers kept apart', async () => {
    const server = track(
      await startScriptedServer({
        rcpt: (to, from) => (from === '' ? `250 2.1.5 <${to}> ok for bounces` : to.startsWith('ben') ? '550 5.1.1 <ben@example.test>: No Such User Here' : '250 Accepted'),
      }),
    );
    const result = await probeSmtp({
      host: 'mail.example.test',
      heloName: 'probe.splitcheck.test',
      recipients: ['anna@example.test'],
      senderEnvelope: { from: 'anna@example.test', recipients: ['ben@example.test', 'carl@example.test'] },
      connect: routeTo(server),
      timeoutMs: 1000,
    });
    expect(result.ok).toBe(true);
    expect(sentCommands(result)).toEqual([
      'EHLO probe.splitcheck.test',
      'MAIL FROM:<>',
      'RCPT TO:<anna@example.test>',
      'RSET',
      'MAIL FROM:<anna@example.test>',
      'RCPT TO:<ben@example.test>',
      'RCPT TO:<carl@example.test>',
      'RSET',
      'QUIT',
    ]);
    expect(result.rcpt.map((r) => [r.address, r.reply.code])).toEqual([['anna@example.test', 250]]);
    expect(result.senderEnvelope?.from).toBe('anna@example.test');
    expect(result.senderEnvelope?.mailFrom?.code).toBe(250);
    expect(result.senderEnvelope?.rcpt.map((r) => [r.address, r.reply.code, r.reply.enhanced])).toEqual([
      ['ben@example.test', 550, '5.1.1'],
      ['carl@example.test', 250, undefined],
    ]);
    expect(noData(result, server)).toBe(true);
    expect(server.connections).toBe(1);
  });

  it('a refused sender is a fact: no RCPT after it, the session still ends politely', async () => {
    const server = track(await startScriptedServer({ mail: (from) => (from ? '553 5.7.1 <anna@example.test>: Sender address rejected: not owned by user' : '250 Ok') }));
    const result = await probeSmtp({
      host: 'mail.example.test',
      senderEnvelope: { from: 'anna@example.test', recipients: ['ben@example.test'] },
      connect: routeTo(server),
      timeoutMs: 1000,
    });
    expect(result.ok).toBe(true);
    expect(result.senderEnvelope?.mailFrom?.code).toBe(553);
    expect(result.senderEnvelope?.rcpt).toEqual([]);
    expect(sentCommands(result).filter((c) => c.startsWith('RCPT'))).toEqual([]);
    expect(sentCommands(result).at(-1)).toBe('QUIT');
  });

  it.each([
    [{ from: 'not an address', recipients: ['ben@example.test'] }, /not a plain sender address/],
    [{ from: 'anna@example.test> SIZE=1', recipients: [] }, /not a plain sender address/],
    [{ from: 'anna@example.test', recipients: ['ben@example.test>\r\nDATA'] }, /not a plain mailbox address/],
    [{ from: 'anna@example.test', recipients: Array.from({ length: 21 }, (_, i) => `u${i}@example.test`) }, /at most 20 recipients/],
  ])('bad envelope %#: refused before connecting (EINVAL)', async (senderEnvelope, message) => {
    const result = await probeSmtp({ host: 'mail.example.test', senderEnvelope, connect: () => ({ host: '127.0.0.1', port: 9 }), timeoutMs: 500 });
    expect(result.error?.code).toBe('EINVAL');
    expect(result.error?.message).toMatch(message);
    expect(result.transcript.some((e) => e.kind === 'event' && e.event === 'connected')).toBe(false);
  });
});

describe('sni: false asks for the certificate a client that names no host gets', () => {
  async function probe(sni: boolean) {
    // The good certificate by name; a self-signed default for clients that send no SNI (shared hosts do this).
    const server = track(
      await startEximServer({
        domains: ['example.test'],
        mailboxes: [],
        tls: pki.leaves.selfSigned,
        tlsOptions: { sniOptions: { 'mail.example.test': pki.leaves.good } } as unknown as tls.TlsOptions,
      }),
    );
    return probeSmtp({ host: 'mail.example.test', sni, extraCa: [pki.ca.cert], connect: routeTo(server), timeoutMs: 1000 });
  }

  it('with SNI: the named certificate, servername recorded', async () => {
    const result = await probe(true);
    expect(result.tls?.servername).toBe('mail.example.test');
    expect(result.tls?.verification?.trusted).toBe(true);
    expect(result.tls?.peerChain[0]?.selfSigned).toBe(false);
  });

  it('without SNI: the default certificate, no servername, the name still checked against mail.example.test', async () => {
    const result = await probe(false);
    expect(result.tls?.servername).toBeUndefined();
    expect(result.tls?.established).toBe(true);
    expect(result.tls?.peerChain[0]?.selfSigned).toBe(true);
    expect(result.tls?.nameCheck?.name).toBe('mail.example.test');
  });
});
