// The Internal Relay probe against the Microsoft 365 edge imitation: Authoritative answers 5.4.1 at RCPT, Internal Relay 250.

import { describe, expect, it } from 'vitest';
import { probeSmtp } from '../../src/smtp/index.js';
import { startMicrosoftEdgeServer } from '../../src/testbed/smtp-microsoft.js';
import { noData, routeTo, sentCommands, track } from './helpers.js';

const MX = 'example-test.mail.protection.outlook.com';

async function edge(mode: 'authoritative' | 'internal-relay') {
  return track(await startMicrosoftEdgeServer({ mode, acceptedDomains: ['example.test'], mailboxes: ['boss@example.test'] }));
}

describe('probe against the Microsoft 365 edge', () => {
  it('Authoritative: a hosting-only recipient is rejected at RCPT with 550 5.4.1 AS(201806281)', async () => {
    const server = await edge('authoritative');
    const result = await probeSmtp({ host: MX, recipients: ['boss@example.test', 'hosting-user@example.test'], connect: routeTo(server), timeoutMs: 1000 });
    expect(result.ok).toBe(true);
    expect(result.rcpt.map((r) => [r.address, r.reply.code, r.reply.enhanced])).toEqual([
      ['boss@example.test', 250, undefined],
      ['hosting-user@example.test', 550, '5.4.1'],
    ]);
    expect(result.rcpt[1]?.reply.text).toMatch(/^Recipient address rejected: Access denied\. AS\(201806281\) \[/);
    expect(noData(result, server)).toBe(true);
  });

  it('Internal Relay: the same recipient is accepted (and would be relayed to the smart host)', async () => {
    const server = await edge('internal-relay');
    const result = await probeSmtp({ host: MX, recipients: ['hosting-user@example.test'], connect: routeTo(server), timeoutMs: 1000 });
    expect(result.ok).toBe(true);
    expect(result.rcpt[0]?.reply.code).toBe(250);
    expect(sentCommands(result)).toEqual(['EHLO [127.0.0.1]', 'MAIL FROM:<>', 'RCPT TO:<hosting-user@example.test>', 'RSET', 'QUIT']);
    expect(noData(result, server)).toBe(true);
  });

  it('a domain the tenant does not accept is refused as relaying (5.7.64), in either mode', async () => {
    const server = await edge('internal-relay');
    const result = await probeSmtp({ host: MX, recipients: ['someone@elsewhere.test'], connect: routeTo(server), timeoutMs: 1000 });
    expect(result.rcpt[0]?.reply).toMatchObject({ code: 550, enhanced: '5.7.64' });
    expect(server.sawData).toBe(false);
  });
});
