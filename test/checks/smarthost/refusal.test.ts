// How a refused MAIL or RCPT is read: about the address, the route, the prober, or "not now" — and which "not now" — on the wordings real servers use.
import { describe, expect, it } from 'vitest';
import { classifyRefusal, proberRefusal, temporaryKind } from '../../../src/checks/smarthost/refusal.js';
import { isRelayRefusal } from '../../../src/checks/smarthost/replies.js';
import { parseReply } from '../../../src/smtp/reply.js';

const kind = (raw: string): string => {
  const r = classifyRefusal(parseReply(raw));
  return r.kind === 'prober' ? `prober:${r.why}` : r.kind === 'temporary' ? `temporary:${r.why}` : r.kind;
};

describe('classifyRefusal', () => {
  it.each([
    // Relay refusals, permanent and Postfix's temporary default (defer_unauth_destination).
    ['550 Please turn on SMTP Authentication in your mail client. host [192.0.2.1]:4123 is not permitted to relay through this server without authentication.', 'relay'],
    ['550 relay not permitted', 'relay'],
    ['554 5.7.1 <anna@example.test>: Relay access denied', 'relay'],
    ['454 4.7.1 <anna@example.test>: Relay access denied', 'relay'],
    ['550 5.7.1 Unable to relay', 'relay'],
    ['553 sorry, that domain isn\'t in my list of allowed rcpthosts; no valid cert for gatewaying (#5.7.1)', 'relay'],
    // Refusals of the prober (Postfix at RCPT, Exim, Sendmail, qmail).
    ['554 5.7.1 <[192.0.2.1]>: Helo command rejected: address literals are not accepted', 'prober:helo'],
    ['450 4.7.1 <probe.example>: Helo command rejected: Host not found', 'prober:helo'],
    ['504 5.5.2 <probe>: Helo command rejected: need fully-qualified hostname', 'prober:helo'],
    ['550 Access denied - Invalid HELO name (See RFC2821 4.1.1.1)', 'prober:helo'],
    ['550 5.7.25 Client host rejected: cannot find your hostname, [192.0.2.1]', 'prober:no-ptr'],
    ['450 4.7.25 Client host rejected: cannot find your hostname, [192.0.2.1]', 'prober:no-ptr'],
    ['450 4.7.1 Client host rejected: cannot find your reverse hostname, [192.0.2.1]', 'prober:no-ptr'],
    ['550 Reverse DNS lookup failed for host 192.0.2.1', 'prober:no-ptr'],
    ['554 5.7.1 Service unavailable; Client host [192.0.2.1] blocked using zen.spamhaus.org; https://www.spamhaus.org/query/ip/192.0.2.1', 'prober:blocklist'],
    ['554 5.7.1 Service unavailable; Client host [192.0.2.1] blocked using relays.ordb.org', 'prober:blocklist'],
    ['550 Rejected because 192.0.2.1 is in a black list at b.barracudacentral.org', 'prober:blocklist'],
    ['550 5.7.1 Your IP address is listed in the RBL', 'prober:blocklist'],
    ['554 5.7.1 <unknown[192.0.2.1]>: Client host rejected: Access denied', 'prober:client'],
    // The address itself.
    ['550 5.1.1 <bob@example.test>: No Such User Here', 'unknown-user'],
    ['550 5.1.1 <bob@example.test>: Recipient address rejected: User unknown in local recipient table', 'unknown-user'],
    ['550 Unrouteable address', 'unknown-user'],
    ['530 5.7.0 Authentication required', 'auth'],
    ['550 Administrative prohibition', 'refused'],
    // Not now, and why.
    ['450 4.2.0 <anna@example.test>: Recipient address rejected: Greylisted, see http://postgrey.schweikert.ch/help/example.test.html', 'temporary:greylisted'],
    ['451 4.7.1 Greylisting in action, please come back in 00:05:00', 'temporary:greylisted'],
    ['451 4.7.1 Please try again later', 'temporary:greylisted'],
    ['451 Temporarily rejected. Try again later.', 'temporary:greylisted'],
    ['450 4.7.1 Error: too many recipients from 192.0.2.1', 'temporary:rate-limited'],
    ['452 4.5.3 Error: too many recipients', 'temporary:rate-limited'],
    ['451 4.7.500 Server busy. Please try again later from [192.0.2.1]. (S77719)', 'temporary:rate-limited'],
    ['421 4.7.0 Too many connections from your host', 'temporary:rate-limited'],
    ['451 4.3.0 <anna@example.test>: Temporary lookup failure', 'temporary:local-error'],
    ['451 4.3.5 Server configuration problem', 'temporary:local-error'],
    ['452 4.3.1 Insufficient system storage', 'temporary:local-error'],
    ['451 Temporary local problem - please try later', 'temporary:local-error'],
    ['450 Not now', 'temporary:temporary'],
  ])('%s → %s', (raw, expected) => {
    expect(kind(raw)).toBe(expected);
  });

  it('2xx is no refusal of the prober and no temporary kind to speak of', () => {
    expect(proberRefusal(parseReply('250 2.1.5 Ok'))).toBeUndefined();
    expect(temporaryKind(parseReply('450 4.2.0 Greylisted'))).toBe('greylisted');
  });

  it('"relay" alone is not a relay refusal (block lists are called relays.*)', () => {
    expect(isRelayRefusal(parseReply('554 5.7.1 Client host [192.0.2.1] blocked using relays.ordb.org'))).toBe(false);
    expect(isRelayRefusal(parseReply('550 5.7.1 Relaying denied'))).toBe(true);
  });
});
