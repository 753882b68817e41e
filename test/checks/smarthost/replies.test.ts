// How the SMTP checks read replies and connection failures: relay vs AUTH (Exim words its relay refusal with "authentication"), unknown users, Microsoft's refusals.
import { describe, expect, it } from 'vitest';
import { reachOf } from '../../../src/checks/smarthost/reach.js';
import { isAuthRequired, isEdgeBlocked, isRelayRefusal, isUnknownUser, microsoftRefusesClient } from '../../../src/checks/smarthost/replies.js';
import { parseReply } from '../../../src/smtp/reply.js';
import type { SmtpProbeResult } from '../../../src/smtp/types.js';

const cases: Array<[reply: string, kind: 'relay' | 'auth' | 'unknown' | 'edge' | 'none']> = [
  // Exim/cPanel (Remote Mail Exchanger): a relay refusal, although it mentions authentication.
  ['550 Please turn on SMTP Authentication in your mail client. host [192.0.2.1]:4123 is not permitted to relay through this server without authentication.', 'relay'],
  ['554 5.7.1 <anna@example.test>: Relay access denied', 'relay'],
  ['550 5.7.1 Unable to relay', 'relay'],
  ['530 5.7.0 Authentication required', 'auth'],
  ['530 5.7.0 Must issue a STARTTLS command first', 'none'],
  ['550 5.7.1 Authentication is required to send mail', 'auth'],
  ['550 5.1.1 <bob@example.test>: No Such User Here', 'unknown'],
  ['550 5.1.1 <bob@example.test>: Recipient address rejected: User unknown in local recipient table', 'unknown'],
  ['550 5.1.10 RESOLVER.ADR.RecipientNotFound; Recipient not found by SMTP address lookup', 'unknown'],
  ['550 5.4.1 Recipient address rejected: Access denied. AS(201806281) [AM0PR00MB0000.eurprd00.prod.outlook.com]', 'edge'],
  ['451 4.7.1 Greylisted, please try again later', 'none'],
  ['250 2.1.5 OK', 'none'],
];

describe('reply classification', () => {
  it.each(cases)('%s → %s', (raw, kind) => {
    const reply = parseReply(raw);
    const got = isRelayRefusal(reply) ? 'relay' : isAuthRequired(reply) ? 'auth' : isUnknownUser(reply) ? 'unknown' : isEdgeBlocked(reply) ? 'edge' : 'none';
    expect(got).toBe(kind);
  });

  it.each([
    ['550 5.7.606 Access denied, banned sending IP [192.0.2.1]', 'blocklist'],
    ['550 5.7.649 Access denied, banned sending IP [192.0.2.1]', 'blocklist'],
    ['550 5.7.25 The sending IPv6 address must have a reverse DNS record', 'ipv6-ptr'],
    ['550 5.7.1 Service unavailable, Client host [192.0.2.1] blocked using Spamhaus', 'policy'],
    ['554 Client host 192.0.2.1 blocked using bl.example', 'blocklist'],
    ['550 5.4.1 Recipient address rejected: Access denied', undefined],
    ['451 4.7.500 Server busy', undefined],
  ])('Microsoft refusing the prober: %s → %s', (raw, kind) => {
    expect(microsoftRefusesClient(parseReply(raw))).toBe(kind);
  });
});

function failedAt(phase: 'connect' | 'greeting', code: string, connected = false): SmtpProbeResult {
  return {
    target: { host: 'mail.example.test', port: 25 },
    ok: false,
    phase,
    error: { phase, code, message: code },
    rcpt: [],
    anomalies: [],
    transcript: connected ? [{ at: 1, kind: 'event', event: 'connected', detail: '127.0.0.1:25' }] : [],
    timings: { startedAt: new Date(0).toISOString(), totalMs: 1 },
  };
}

describe('reach: port 25 closed, filtered, unroutable, or a probe that did not run', () => {
  it.each([
    [failedAt('connect', 'ECONNREFUSED'), 'refused'],
    [failedAt('connect', 'ETIMEDOUT'), 'timeout'],
    [failedAt('connect', 'ENETUNREACH'), 'no-route'],
    [failedAt('connect', 'EHOSTUNREACH'), 'no-route'],
    [failedAt('greeting', 'ETIMEDOUT', true), 'connected'],
    [failedAt('connect', 'ABORT_ERR'), 'failed'],
    [{ ...failedAt('connect', 'ENOTINEVIDENCE'), phase: 'setup' as const, error: { phase: 'setup' as const, code: 'ENOTINEVIDENCE', message: '' } }, 'failed'],
  ])('%#: %s', (result, reach) => {
    expect(reachOf(result)).toBe(reach);
  });
});
