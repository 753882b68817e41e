// The probe against the Exim/cPanel imitation: full STARTTLS dialogue, Local vs Remote routing, unknown user, AUTH-only service.

import { describe, expect, it } from 'vitest';
import { probeSmtp, type SmtpProbeResult } from '../../src/smtp/index.js';
import { sharedTestPki } from '../../src/testbed/certs.js';
import { startEximServer } from '../../src/testbed/smtp-exim.js';
import { noData, routeTo, sentCommands, track } from './helpers.js';

const DOMAIN = 'example.test';
const MAILBOXES = ['anna@example.test', 'ben@example.test'];

async function hosting(options: { routing?: 'local' | 'remote'; requireAuth?: boolean; tls?: boolean } = {}) {
  const pki = await sharedTestPki();
  const server = track(
    await startEximServer({
      domains: [DOMAIN],
      mailboxes: MAILBOXES,
      routing: options.routing ?? 'local',
      requireAuth: options.requireAuth ?? false,
      tls: options.tls === false ? false : pki.leaves.good,
    }),
  );
  return { pki, server };
}

function rcptCodes(result: SmtpProbeResult): Array<[string, number, string | undefined]> {
  return result.rcpt.map((r) => [r.address, r.reply.code, r.reply.enhanced]);
}

describe('probe against a cPanel/Exim smart host', () => {
  it('runs the whole dialogue with STARTTLS and two RCPTs, and never sends DATA', async () => {
    const { pki, server } = await hosting();
    const result = await probeSmtp({
      host: 'mail.example.test',
      recipients: MAILBOXES,
      extraCa: [pki.ca.cert],
      connect: routeTo(server),
      timeoutMs: 1000,
    });

    expect(result).toMatchObject({ ok: true, phase: 'done', target: { host: 'mail.example.test', port: 25, remoteAddress: '127.0.0.1', remotePort: server.port } });
    expect(result.error).toBeUndefined();
    expect(result.closeError).toBeUndefined();
    expect(result.anomalies).toEqual([]);
    expect(sentCommands(result)).toEqual([
      'EHLO [127.0.0.1]',
      'STARTTLS',
      'EHLO [127.0.0.1]',
      'MAIL FROM:<>',
      'RCPT TO:<anna@example.test>',
      'RCPT TO:<ben@example.test>',
      'RSET',
      'QUIT',
    ]);
    expect(server.commands).toEqual(sentCommands(result));
    expect(noData(result, server)).toBe(true);

    expect(result.greeting).toMatchObject({ code: 220 });
    expect(result.greeting?.text).toContain('Exim');
    expect(result.ehlo?.extensions).toMatchObject({ startTls: true, size: 52428800 });
    expect(result.ehloTls?.extensions?.startTls).toBe(false); // RFC 3207 §4.2: not offered again inside TLS
    expect(result.tls).toMatchObject({
      established: true,
      servername: 'mail.example.test',
      protocol: 'TLSv1.3',
      verification: { trusted: true, extraCaCount: 1 },
      nameCheck: { name: 'mail.example.test', matches: true },
    });
    expect(result.mailFrom?.code).toBe(250);
    expect(rcptCodes(result)).toEqual([
      ['anna@example.test', 250, undefined],
      ['ben@example.test', 250, undefined],
    ]);
    expect(result.rset?.code).toBe(250);
    expect(result.quit?.code).toBe(221);

    // Transcript: every command and reply, timestamps from the probe start, in order.
    const times = result.transcript.map((entry) => entry.at);
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect(result.transcript.filter((entry) => entry.kind === 'received')).toHaveLength(9);
    expect(result.timings.totalMs).toBeGreaterThan(0);
    expect(result.timings.tlsHandshakeMs).toBeGreaterThan(0);
    // Evidence survives JSON as it is.
    expect(JSON.parse(JSON.stringify(result))).toEqual(result);
  });

  it('Local Mail Exchanger: a hosting mailbox gets 250, an unknown user 550 5.1.1', async () => {
    const { pki, server } = await hosting({ routing: 'local' });
    const result = await probeSmtp({
      host: 'mail.example.test',
      recipients: ['anna@example.test', 'nobody@example.test'],
      extraCa: [pki.ca.cert],
      connect: routeTo(server),
      timeoutMs: 1000,
    });
    expect(result.ok).toBe(true);
    expect(rcptCodes(result)).toEqual([
      ['anna@example.test', 250, undefined],
      ['nobody@example.test', 550, '5.1.1'],
    ]);
    expect(result.rcpt[1]?.reply.text).toBe('<nobody@example.test>: No Such User Here');
    expect(server.sawData).toBe(false);
  });

  it('Remote Mail Exchanger: Exim refuses even a real mailbox as relaying', async () => {
    const { pki, server } = await hosting({ routing: 'remote' });
    const result = await probeSmtp({
      host: 'mail.example.test',
      recipients: ['anna@example.test'],
      extraCa: [pki.ca.cert],
      connect: routeTo(server),
      timeoutMs: 1000,
    });
    expect(result.ok).toBe(true);
    expect(result.rcpt[0]?.reply.code).toBe(550);
    expect(result.rcpt[0]?.reply.text).toMatch(/^Please turn on SMTP Authentication in your mail client\. .* is not permitted to relay through this server without authentication\.$/);
    expect(server.sawData).toBe(false);
  });

  it('a submission-like service (AUTH required) refuses MAIL with 530; the probe never authenticates', async () => {
    const { pki, server } = await hosting({ requireAuth: true });
    const result = await probeSmtp({
      host: 'mail.example.test',
      recipients: ['anna@example.test'],
      extraCa: [pki.ca.cert],
      connect: routeTo(server),
      timeoutMs: 1000,
    });
    expect(result.ok).toBe(true);
    expect(result.ehloTls?.extensions?.auth).toEqual(['PLAIN', 'LOGIN']);
    expect(result.mailFrom).toMatchObject({ code: 530, enhanced: '5.7.0', text: 'Authentication required' });
    expect(result.rcpt).toEqual([]); // RCPT after a refused MAIL would only get 503
    expect(sentCommands(result)).toEqual(['EHLO [127.0.0.1]', 'STARTTLS', 'EHLO [127.0.0.1]', 'MAIL FROM:<>', 'RSET', 'QUIT']);
    expect(server.commands.some((command) => /^AUTH/i.test(command))).toBe(false);
    expect(server.sawData).toBe(false);
  });

  it('without STARTTLS on offer the dialogue stays in plaintext and records no TLS', async () => {
    const { server } = await hosting({ tls: false });
    const result = await probeSmtp({ host: 'mail.example.test', recipients: ['anna@example.test'], connect: routeTo(server), timeoutMs: 1000 });
    expect(result).toMatchObject({ ok: true, phase: 'done', ehlo: { extensions: { startTls: false } } });
    expect(result.tls).toBeUndefined();
    expect(result.ehloTls).toBeUndefined();
    expect(sentCommands(result)).not.toContain('STARTTLS');
  });

  it('an IP target: no SNI, and the name check is against the IP', async () => {
    const { pki, server } = await hosting();
    const result = await probeSmtp({ host: '127.0.0.1', port: server.port, extraCa: [pki.ca.cert], timeoutMs: 1000 });
    expect(result).toMatchObject({ ok: true, target: { host: '127.0.0.1', port: server.port, remoteAddress: '127.0.0.1' } });
    expect(result.tls?.servername).toBeUndefined();
    expect(result.tls?.verification?.trusted).toBe(true);
    expect(result.tls?.nameCheck).toMatchObject({ name: '127.0.0.1', matches: false });
  });

  it('starttls: false does not upgrade even when offered; no recipients means no mail transaction', async () => {
    const { server } = await hosting();
    const result = await probeSmtp({ host: 'mail.example.test', starttls: false, heloName: 'probe.splitcheck.test', connect: routeTo(server), timeoutMs: 1000 });
    expect(result.ok).toBe(true);
    expect(result.ehlo?.extensions?.startTls).toBe(true);
    expect(result.tls).toBeUndefined();
    expect(sentCommands(result)).toEqual(['EHLO probe.splitcheck.test', 'QUIT']);
  });
});
