// Hostile and broken servers, refused ports, deadlines and AbortSignal: the probe always ends in time with an error value.

import net from 'node:net';
import { describe, expect, it } from 'vitest';
import { probeSmtp, type SmtpProbeOptions, type SmtpProbeResult } from '../../src/smtp/index.js';
import { runProbe } from '../../src/smtp/probe.js';
import { startHostileServer, type HostileBehaviour } from '../../src/testbed/smtp-hostile.js';
import { at, startScripted } from '../helpers/smtp-scripted.js';
import { MAILBOX, SMART_HOST } from '../helpers/smtp-servers.js';
import { noData, routeTo, sentCommands, track } from './helpers.js';

const TIMEOUT = 300;
// Loopback plus timer slack on a loaded machine; a hang would take the test's 20 s.
const SLACK = 700;

async function timed(options: SmtpProbeOptions): Promise<{ result: SmtpProbeResult; elapsed: number }> {
  const started = performance.now();
  const result = await probeSmtp(options);
  return { result, elapsed: performance.now() - started };
}

async function against(behaviour: HostileBehaviour, extra: Partial<SmtpProbeOptions> = {}, serverOptions = {}) {
  const server = track(await startHostileServer(behaviour, serverOptions));
  const run = await timed({ host: 'mail.example.test', recipients: ['anna@example.test'], connect: routeTo(server), timeoutMs: TIMEOUT, ...extra });
  expect(noData(run.result, server)).toBe(true);
  return { ...run, server };
}

/** A port on loopback with nothing listening. */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('hostile servers', () => {
  it('a server that never greets: ETIMEDOUT in the greeting phase', async () => {
    const { result, elapsed } = await against('silent');
    expect(result).toMatchObject({ ok: false, phase: 'greeting', error: { phase: 'greeting', code: 'ETIMEDOUT' } });
    expect(result.greeting).toBeUndefined();
    expect(elapsed).toBeGreaterThanOrEqual(TIMEOUT - 5);
    expect(elapsed).toBeLessThan(TIMEOUT + SLACK);
  });

  it('a greeting dripped one byte at a time, forever: ETIMEDOUT in the greeting phase', async () => {
    const { result, elapsed } = await against('drip-greeting', {}, { intervalMs: 5 });
    expect(result).toMatchObject({ ok: false, error: { phase: 'greeting', code: 'ETIMEDOUT' } });
    expect(elapsed).toBeLessThan(TIMEOUT + SLACK);
  });

  it('1 MB without CRLF: stopped at the reply size cap, long before the deadline', async () => {
    const { result, elapsed } = await against('megabyte-no-crlf', { timeoutMs: 5000 });
    expect(result).toMatchObject({ ok: false, error: { phase: 'greeting', code: 'ETOOLARGE' } });
    expect(result.error?.message).toMatch(/^reply over 65536 bytes/);
    expect(elapsed).toBeLessThan(2000);
  });

  it('an EHLO reply that never ends: stopped at the line cap', async () => {
    const { result, elapsed } = await against('endless-multiline', { timeoutMs: 5000 }, { intervalMs: 1, linesPerBatch: 50 });
    expect(result).toMatchObject({ ok: false, phase: 'ehlo', error: { phase: 'ehlo', code: 'ETOOLARGE' } });
    expect(result.ehlo).toBeUndefined();
    expect(result.error?.message).toBe('reply over 100 lines');
    expect(elapsed).toBeLessThan(2000);
  });

  it('an EHLO reply that trickles on under the caps: ETIMEDOUT for that reply', async () => {
    const { result, elapsed } = await against('endless-multiline', {}, { intervalMs: 20, linesPerBatch: 1 });
    expect(result).toMatchObject({ ok: false, error: { phase: 'ehlo', code: 'ETIMEDOUT' } });
    expect(result.error?.message).toBe(`no complete reply to EHLO within ${TIMEOUT} ms`);
    expect(elapsed).toBeLessThan(TIMEOUT + SLACK);
  });

  it('bare LF line endings: tolerated, and recorded as an anomaly', async () => {
    const { result } = await against('bare-lf');
    expect(result).toMatchObject({ ok: true, phase: 'done', anomalies: ['bare-lf'] });
    expect(result.greeting).toMatchObject({ code: 220, lines: ['hostile.hosting.test ESMTP', 'bare LF everywhere'] });
    expect(result.rcpt[0]?.reply).toMatchObject({ code: 250, enhanced: '2.1.5' });
  });

  it('a server closing during STARTTLS: the handshake failure is a fact, the probe ends', async () => {
    const { result, elapsed } = await against('close-on-starttls');
    expect(result).toMatchObject({ ok: false, phase: 'tls', error: { phase: 'tls' }, tls: { established: false, starttlsReply: { code: 220 } } });
    expect(['ECONNRESET', 'ECLOSED']).toContain(result.error?.code);
    expect(result.tls?.failure?.code).toBe(result.error?.code);
    expect(elapsed).toBeLessThan(TIMEOUT + SLACK);
  });

  it('plaintext garbage instead of a TLS handshake: an OpenSSL error code', async () => {
    const { result, elapsed } = await against('tls-garbage');
    expect(result).toMatchObject({ ok: false, phase: 'tls', error: { phase: 'tls' }, tls: { established: false } });
    expect(result.error?.code).toMatch(/^ERR_SSL_/);
    expect(elapsed).toBeLessThan(TIMEOUT + SLACK);
  });

  it('a 554 greeting (no SMTP service here): EGREETING with the reply kept', async () => {
    const { result } = await against('no-service');
    expect(result).toMatchObject({ ok: false, phase: 'greeting', error: { code: 'EGREETING' }, greeting: { code: 554, enhanced: '5.7.1' } });
    expect(sentCommands(result)).toEqual([]);
  });
});

describe('old servers', () => {
  it('EHLO refused: falls back to HELO (RFC 5321 §4.1.1.1) and goes on, with no extensions known', async () => {
    const { result } = await against('helo-only');
    expect(result).toMatchObject({ ok: true, phase: 'done' });
    expect(sentCommands(result)).toEqual(['EHLO [127.0.0.1]', 'HELO [127.0.0.1]', 'MAIL FROM:<>', 'RCPT TO:<anna@example.test>', 'RSET', 'QUIT']);
    expect(result.ehlo).toMatchObject({ command: 'HELO', reply: { code: 250 }, refusedEhlo: { code: 502, enhanced: '5.5.2' } });
    expect(result.ehlo?.extensions).toBeUndefined();
    expect(result.tls).toBeUndefined();
  });

  it('STARTTLS offered then refused (454): recorded, and the dialogue goes on in plaintext', async () => {
    const { result } = await against('refuses-starttls');
    expect(result).toMatchObject({ ok: true, phase: 'done', tls: { established: false, starttlsReply: { code: 454, enhanced: '4.7.0' }, peerChain: [] } });
    expect(result.tls?.failure).toBeUndefined();
    expect(result.ehloTls).toBeUndefined();
    expect(result.rcpt[0]?.reply.code).toBe(250);
  });

  it('EHLO and HELO both refused: EHELO, with both replies kept', async () => {
    const { result } = await against('refuses-helo');
    expect(result).toMatchObject({ ok: false, phase: 'helo', error: { phase: 'helo', code: 'EHELO' } });
    expect(result.ehlo).toMatchObject({ command: 'HELO', reply: { code: 550 }, refusedEhlo: { code: 502 } });
  });
});

describe('connections and deadlines', () => {
  it('a closed port: ECONNREFUSED, as Node reports it', async () => {
    const port = await closedPort();
    const { result, elapsed } = await timed({ host: 'mail.example.test', connect: () => ({ host: '127.0.0.1', port }), timeoutMs: 1000 });
    expect(result).toMatchObject({ ok: false, phase: 'connect', error: { phase: 'connect', code: 'ECONNREFUSED' }, target: { host: 'mail.example.test', port: 25 } });
    expect(result.transcript.filter((entry) => entry.kind !== 'event')).toEqual([]);
    expect(elapsed).toBeLessThan(1000);
  });

  it('an address with nothing listening is tried on the port asked for (no hook)', async () => {
    const port = await closedPort();
    const { result } = await timed({ host: 'localhost', address: '127.0.0.1', port, timeoutMs: 1000 });
    expect(result).toMatchObject({ ok: false, error: { code: 'ECONNREFUSED' }, target: { host: 'localhost', address: '127.0.0.1', port } });
  });

  it('a connection that never completes: ETIMEDOUT in the connect phase', async () => {
    const { result, elapsed } = await timed({ host: 'mail.example.test', connect: () => new Promise(() => undefined), timeoutMs: TIMEOUT });
    expect(result).toMatchObject({ ok: false, error: { phase: 'connect', code: 'ETIMEDOUT' } });
    expect(elapsed).toBeLessThan(TIMEOUT + SLACK);
  });

  it('the overall deadline caps the whole probe', async () => {
    const server = track(await startHostileServer('silent'));
    const { result, elapsed } = await timed({ host: 'mail.example.test', connect: routeTo(server), timeoutMs: 5000, totalTimeoutMs: TIMEOUT });
    expect(result).toMatchObject({ ok: false, error: { phase: 'greeting', code: 'ETIMEDOUT' } });
    expect(result.error?.message).toContain('overall deadline');
    expect(elapsed).toBeLessThan(TIMEOUT + SLACK);
  });

  it('AbortSignal: aborting mid-probe ends it with ABORT_ERR', async () => {
    const server = track(await startHostileServer('silent'));
    const controller = new AbortController();
    setTimeout(() => controller.abort(new Error('user pressed Ctrl-C')), 50);
    const { result, elapsed } = await timed({ host: 'mail.example.test', connect: routeTo(server), timeoutMs: 5000, signal: controller.signal });
    expect(result).toMatchObject({ ok: false, error: { phase: 'greeting', code: 'ABORT_ERR', message: 'user pressed Ctrl-C' } });
    expect(elapsed).toBeLessThan(1000);
  });

  it('AbortSignal: an already aborted signal never connects', async () => {
    const server = track(await startHostileServer('silent'));
    const { result } = await timed({ host: 'mail.example.test', connect: routeTo(server), signal: AbortSignal.abort() });
    expect(result).toMatchObject({ ok: false, phase: 'setup', error: { code: 'ABORT_ERR' } });
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(server.connections).toBe(0);
  });

  it('a throwing connect hook is an error value, not an exception', async () => {
    const { result } = await timed({
      host: 'mail.example.test',
      connect: () => {
        throw new Error('no route in the demo world');
      },
      timeoutMs: TIMEOUT,
    });
    expect(result).toMatchObject({ ok: false, error: { phase: 'connect', code: 'EINTERNAL' } });
    expect(result.error?.message).toContain('no route in the demo world');
  });
});

describe('the probe keeps replies in step with its commands [adversarial]', () => {
  it('a stray reply already waiting when a command is due: EPROTOCOL before writing it, nothing judged out of step', async () => {
    const server = await startScripted({
      on: (verb, _l, io) => {
        if (verb === 'MAIL') io.send('250 2.1.0 OK', '250 2.0.0 stray');
        else if (verb === 'RCPT') io.send('550 5.1.1 No Such User Here');
        else return 'default';
        return 'handled';
      },
    });
    try {
      const result = await runProbe({ host: SMART_HOST, recipients: [MAILBOX], timeoutMs: 1000, connect: () => ({ host: '127.0.0.1', port: server.port }) });
      expect(result.error).toMatchObject({ code: 'EPROTOCOL' });
      expect(result.mailFrom?.code).toBe(250);
      expect(result.rcpt).toEqual([]);
      expect(server.log.commands.some((c) => /^RCPT/i.test(c))).toBe(false);
      expect(server.log.sawData).toBe(false);
    } finally {
      await server.close();
    }
  });

  it('a well-behaved multiline dialogue is not mistaken for out-of-turn bytes', async () => {
    const server = await startScripted({
      greet: (io) => io.send('220-mail.example.test ESMTP', '220-second line', '220 ready'),
      on: at('RCPT', (io) => io.send('250-2.1.5 first', '250 2.1.5 OK')),
    });
    try {
      const result = await runProbe({ host: SMART_HOST, recipients: [MAILBOX, 'b@example.test'], timeoutMs: 1000, connect: () => ({ host: '127.0.0.1', port: server.port }) });
      expect(result.error).toBeUndefined();
      expect(result.rcpt.map((r) => r.reply.code)).toEqual([250, 250]);
      expect(result.quit?.code).toBe(221);
    } finally {
      await server.close();
    }
  });
});
