// Refusals that are about the prober's envelope or dialogue, not the address: SPF checked on this machine's own address, and protocol errors (RFC 5321 §4.2.4, RFC 3463 X.5.x) — and the neighbours they must not swallow.
import { describe, expect, it } from 'vitest';
import { classifyRefusal, isProtocolRefusal } from '../../../src/checks/smarthost/refusal.js';
import { isUnknownUser } from '../../../src/checks/smarthost/replies.js';
import { parseReply } from '../../../src/smtp/reply.js';

const kind = (raw: string): string => {
  const r = classifyRefusal(parseReply(raw));
  return r.kind === 'prober' || r.kind === 'temporary' ? `${r.kind}:${r.why}` : r.kind;
};

describe('SPF and protocol refusals are about the prober', () => {
  it.each([
    // postfix-policyd-spf (python), mfrom and helo identities, at RCPT.
    ['550 5.7.1 <ben@example.test>: Recipient address rejected: Message rejected due to: SPF fail - not authorized. Please see http://www.openspf.net/Why?s=mfrom;id=anna@example.test;ip=192.0.2.1;r=ben@example.test', 'prober:spf'],
    ['550 5.7.1 <ben@example.test>: Recipient address rejected: Message rejected due to: SPF fail - not authorized. Please see http://www.openspf.net/Why?s=helo;id=probe.example;ip=192.0.2.1;r=ben@example.test', 'prober:spf'],
    // Exim's SPF ACL (cPanel "Reject SPF failures"), no enhanced code.
    ['550 SPF: 192.0.2.1 is not allowed to send mail from example.test', 'prober:spf'],
    // RFC 7372 §3.3: X.7.23 SPF validation failed, X.7.24 SPF validation error (temporary).
    ['550 5.7.23 Message rejected', 'prober:spf'],
    ['451 4.7.24 Temporary error, try again', 'prober:spf'],
    // Protocol errors.
    ['503 5.5.1 Error: need MAIL command', 'prober:protocol'],
    ['503 sender not yet given', 'prober:protocol'],
    ['500 5.5.1 Command unrecognized: "XXXX XXXXXXXXXX"', 'prober:protocol'],
    ['502 5.5.2 Error: command not recognized', 'prober:protocol'],
    ['501 5.5.4 Syntax: RCPT TO:<address>', 'prober:protocol'],
  ])('%s → %s', (raw, expected) => {
    expect(kind(raw)).toBe(expected);
  });

  it.each([
    // Not protocol: the address's syntax (X.1.3), the HELO name, and too many recipients (a limit).
    ['501 5.1.3 Bad recipient address syntax', 'refused'],
    ['504 5.5.2 <probe>: Helo command rejected: need fully-qualified hostname', 'prober:helo'],
    ['452 4.5.3 Error: too many recipients', 'temporary:rate-limited'],
    ['550 5.1.1 <ben@example.test>: Recipient address rejected: User unknown in local recipient table', 'unknown-user'],
    // RFC 7505 §4.2: X.7.27 "sender address has null MX" is about the sender.
    ['550 5.7.27 Sender address has null MX', 'sender'],
    // A sender domain that does not resolve is about the sender, though its words ("does not exist") are an unknown user's.
    ['550 Sender domain does not exist', 'sender'],
    ['550 sender address domain example.test has no MX or A record', 'sender'],
  ])('%s → %s (not swallowed)', (raw, expected) => {
    expect(kind(raw)).toBe(expected);
  });

  it('SPFBL (a block list service) is not read as an SPF check', () => {
    expect(kind('554 5.7.1 [SPFBL] 192.0.2.1 blocked using SPFBL')).toBe('prober:blocklist');
    expect(kind('550 [SPFBL] banned')).not.toBe('prober:spf');
  });

  it('a 2xx is no protocol refusal', () => {
    expect(isProtocolRefusal(parseReply('250 2.1.5 Ok'))).toBe(false);
  });
});

describe('the enhanced code names the subject (RFC 3463 §3): words alone do not make an unknown user', () => {
  it.each([
    ['550 Requested action not taken: mailbox unavailable', true],
    ['550 5.1.1 Requested action not taken: mailbox unavailable', true],
    ['550 5.7.1 Requested action not taken: mailbox unavailable', false],
    ['550 5.2.1 Mailbox disabled: mailbox unavailable', false],
    ['550 No Such User Here', true],
  ])('%s → %s', (raw, expected) => {
    expect(isUnknownUser(parseReply(raw))).toBe(expected);
  });
});

describe('"not now" told by what it is about', () => {
  it.each([
    // postscreen(8): a new client's first session is deferred after its after-220 tests; a later session passes.
    ['450 4.3.2 Service currently unavailable', 'temporary:greylisted'],
    // The mailbox itself, for now (RFC 3463 X.2.1, X.2.2), not a limit on the client.
    ['452 4.2.2 <anna@example.test>: Mailbox quota exceeded', 'temporary:mailbox'],
    ['450 4.2.1 Mailbox temporarily disabled', 'temporary:mailbox'],
    // postgrey's 4.2.0 stays greylisting, by its words; Postfix's lookup failure stays the server's own error.
    ['450 4.2.0 <anna@example.test>: Recipient address rejected: Greylisted, see http://postgrey.schweikert.ch/help/example.test.html', 'temporary:greylisted'],
    ['451 4.3.0 <anna@example.test>: Temporary lookup failure', 'temporary:local-error'],
    ['452 4.5.3 Error: too many recipients', 'temporary:rate-limited'],
  ])('%s → %s', (raw, expected) => {
    expect(kind(raw)).toBe(expected);
  });
});
