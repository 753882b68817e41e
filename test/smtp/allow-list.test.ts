// The allow-list: DATA, AUTH and anything not needed are refused before any write, including nodemailer's own writes.

import { describe, expect, it } from 'vitest';
import { checkCommand } from '../../src/smtp/allow-list.js';
import { dial } from '../../src/smtp/connect.js';
import { probeSmtp } from '../../src/smtp/index.js';
import { createConnection } from '../../src/smtp/nodemailer-bridge.js';
import { startEximServer } from '../../src/testbed/smtp-exim.js';
import { routeTo, track } from './helpers.js';

describe('checkCommand', () => {
  it.each([
    ['EHLO [192.0.2.1]', 'EHLO'],
    ['EHLO probe.example.test', 'EHLO'],
    ['HELO probe.example.test', 'HELO'],
    ['STARTTLS', 'STARTTLS'],
    ['MAIL FROM:<>', 'MAIL'],
    // The reverse-flow probe asks as a hosting user: a plain sender address, no parameters.
    ['MAIL FROM:<probe@example.test>', 'MAIL'],
    ['RCPT TO:<anna@example.test>', 'RCPT'],
    ['RSET', 'RSET'],
    ['QUIT', 'QUIT'],
  ])('allows %s', (line, verb) => {
    expect(checkCommand(line)).toEqual({ allowed: true, verb });
  });

  it.each([
    'DATA',
    'data',
    'DATA ',
    'BDAT 100 LAST',
    'AUTH PLAIN AGFubmEAc2VjcmV0',
    'AUTH LOGIN',
    'RCPT TO:<anna@example.test>\r\nDATA',
    'RCPT TO:<anna@example.test> NOTIFY=NEVER',
    'MAIL FROM:<probe@example.test> SIZE=100',
    'MAIL FROM:<probe@example.test>\r\nDATA',
    'MAIL FROM:<a b@example.test>',
    'MAIL FROM:probe@example.test',
    'EHLO two words',
    'EHLO ',
    'NOOP',
    'VRFY anna',
    'QUIT\r\n',
    '',
  ])('refuses %j', (line) => {
    expect(checkCommand(line).allowed).toBe(false);
  });

  it('says why DATA is refused', () => {
    expect(checkCommand('DATA')).toEqual({ allowed: false, reason: 'DATA is never sent by the probe' });
  });
});

describe('the write guard around nodemailer', () => {
  it("stops nodemailer's own send() before DATA leaves: the server never sees it", async () => {
    const server = track(await startEximServer({ domains: ['example.test'], mailboxes: ['anna@example.test'], tls: false }));
    const { socket, connected } = dial({ host: server.host, port: server.port });
    expect(await connected).toBeUndefined();
    const refused: string[] = [];
    const connection = createConnection(
      { socket, host: 'mail.example.test', port: 25, heloName: '[127.0.0.1]', starttls: false, tls: {}, backstopMs: 2000, maxResponseSize: 65536 },
      {
        beforeCommand: (command) => {
          const check = checkCommand(command);
          if (!check.allowed) refused.push(command);
          return check.allowed;
        },
        onReply: () => undefined,
        onPlaintextDiscarded: () => undefined,
      },
    );
    connection.on('error', () => undefined);
    await new Promise<void>((resolve, reject) => connection.connect((err) => (err ? reject(err) : resolve())));
    // The probe never calls send(); this test does, to prove the guard holds even then.
    const sendError = await new Promise<unknown>((resolve) => {
      connection.send({ from: '', to: ['anna@example.test'] }, 'Subject: must not arrive\r\n\r\nbody\r\n', (err) => resolve(err));
    });
    connection.close();
    expect(sendError).toBeTruthy();
    expect(refused).toEqual(['DATA']);
    // Give the server a moment: anything written would have arrived by now on loopback.
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(server.sawData).toBe(false);
    expect(server.commands.some((command) => /^DATA/i.test(command))).toBe(false);
  });

  it('refuses options that would put anything but a plain mailbox in RCPT, before connecting', async () => {
    const server = track(await startEximServer({ domains: ['example.test'], mailboxes: [], tls: false }));
    for (const recipient of ['anna@example.test>\r\nDATA', 'anna@example.test> NOTIFY=NEVER', 'no-at-sign']) {
      const result = await probeSmtp({ host: 'mail.example.test', recipients: [recipient], connect: routeTo(server), timeoutMs: 500 });
      expect(result).toMatchObject({ ok: false, phase: 'setup', error: { code: 'EINVAL', phase: 'setup' } });
      expect(result.transcript.filter((entry) => entry.kind !== 'event')).toEqual([]);
    }
    expect(server.connections).toBe(0);
  });
});
