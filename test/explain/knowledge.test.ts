// Table tests of the bounce knowledge: which reply each diagnosis claims (order and specificity), the table's own integrity, RFC 3463 meanings.
import { describe, expect, it } from 'vitest';
import { describeReply, describeStatus } from '../../src/explain/codes.js';
import { classify, diagnose } from '../../src/explain/match.js';
import { textStatements } from '../../src/explain/statements.js';
import type { BounceFacts } from '../../src/explain/types.js';
import { BOUNCE_KNOWLEDGE, HOP_TEXT } from '../../src/knowledge/bounces.js';

/** The check ids of CHECKS.md's catalogue (the contract): a diagnosis may only name these. */
const CATALOGUE = [
  'mx.present', 'mx.m365-primary', 'mx.no-bypass', 'mx.targets-resolve',
  'spf.present', 'spf.syntax', 'spf.m365-include', 'spf.hosting-covered', 'spf.lookup-limit', 'spf.void-limit', 'spf.all',
  'autodiscover.cname', 'autodiscover.srv', 'dkim.m365', 'dkim.hosting', 'dmarc.record',
  'smarthost.resolves', 'smarthost.loop', 'smarthost.smtp', 'smarthost.tls', 'smarthost.certificate', 'smarthost.accepts-mailbox',
  'm365.internal-relay',
];

type Reporter = BounceFacts['reportedBy'];
type Evidence = Partial<Pick<BounceFacts, 'sender' | 'recipients' | 'from' | 'hostingEvidence'>>;

/**
 * What shows Microsoft 365 relaying to the hosting server (the connector): the bounce is about a
 * domain's own mail, sender and recipient in contoso.com. Split-domain diagnoses that name the
 * hosting server need it (src/explain/match.ts relayStrength); without it the generic entry claims.
 */
const RELAYED: Evidence = { sender: 'dan@contoso.com', recipients: [{ address: 'carol@contoso.com', domain: 'contoso.com' }], hostingEvidence: [] };

/** [what, the bounce lines (the last holds the reply), who wrote the bounce, the expected diagnosis or undefined, the bounce's other facts]. */
const CASES: [string, string[], Reporter, string | undefined, Evidence?][] = [
  // 5.4.1: edge blocking, and the look-alikes that are not it.
  ['Exchange Online edge block', ["Remote Server returned '550 5.4.1 Recipient address rejected: Access denied. AS(201806281) [BN8NAM11FT045.eop-nam11.prod.protection.outlook.com]'"], 'microsoft', 'm365-authoritative'],
  ['edge block, older wording with the address', ['550 5.4.1 [bob@contoso.com]: Recipient address rejected: Access denied'], 'other', 'm365-authoritative'],
  ['the AS(201806281) marker alone', ['Recipient address rejected: Access denied. AS(201806281)'], 'other', 'm365-authoritative'],
  ['5.4.1 Relay Access Denied ATTR35: the domain is in no tenant', ["Remote Server returned '550 5.4.1 Relay Access Denied ATTR35 [DM3NAM03FT013.eop-NAM03.prod.protection.outlook.com]'"], 'microsoft', 'm365-domain-not-accepted'],
  ['the ATTR35 marker alone', ['550 Relay Access Denied ATTR35'], 'other', 'm365-domain-not-accepted'],
  ["Postfix's check_recipient_access is not edge blocking (a policy refusal, low)", ['554 5.7.1 <bob@contoso.com>: Recipient address rejected: Access denied'], 'other', 'policy-refused'],
  ['5.7.509 says "Access denied" too, but is DMARC', ['550 5.7.509: Access denied, sending domain contoso.com does not pass DMARC verification and has a DMARC policy of reject.'], 'other', 'dmarc-reject'],
  // Recipient not found: at Microsoft (5.1.10, RESOLVER) versus at the hosting server (5.1.1).
  ['5.1.10 at Microsoft', ['550 5.1.10 RESOLVER.ADR.RecipientNotFound; Recipient not found by SMTP address lookup'], 'microsoft', 'm365-recipient-not-found'],
  ['5.1.1 with a RESOLVER text', ['550 5.1.1 RESOLVER.ADR.RecipNotFound; not found'], 'microsoft', 'm365-recipient-not-found'],
  ['5.1.1 said by a Microsoft host', ['carol@contoso.com', 'contoso-com.mail.protection.outlook.com', "Remote Server returned '550 5.1.1 User unknown'"], 'other', 'm365-recipient-not-found'],
  ['5.1.1 said by the hosting server', ['erin@contoso.com', 'mail.contoso.com', "Remote Server returned '550 5.1.1 <erin@contoso.com>: No Such User Here'"], 'microsoft', 'host-no-mailbox', RELAYED],
  ['cPanel wording without an enhanced code', ["Server at mail.contoso.com (203.0.113.25) returned '550 No Such User Here'"], 'microsoft', 'host-no-mailbox', RELAYED],
  ["Exim's local failure, written by the hosting server", ['  bob@contoso.com', '    No Such User Here'], 'other', 'host-local-no-mailbox'],
  ['the same words in a Microsoft-written bounce are not a local failure (the generic reading)', ['No Such User Here'], 'microsoft', 'recipient-unknown'],
  ["cPanel's per-hour limit on a domain's failed or deferred mail", ['  bob@example.net', "    Domain contoso.com has exceeded the max defers and failures per hour (5/5 (100%)) allowed.  Message discarded."], 'other', 'host-defer-limit', { hostingEvidence: ['cPanel\'s wording "max defers and failures per hour"'] }],
  ['Gmail could not connect (no code): a connection failure', ['The recipient server did not accept our requests to connect. For more information, go to https://support.google.com/mail/answer/7720 [mx.example.net. 198.51.100.1: timed out]'], 'other', 'connection-failed'],
  ['"Message rejected due to local policy": a policy, not spam', ['554 5.7.1 [CS01] Message rejected due to local policy. Please visit https://support.apple.com/en-us/HT204137'], 'other', 'policy-refused'],
  ['"SPF" named in a rate limit is no SPF failure', ['421-4.7.28 Gmail has detected an unusual rate of unsolicited mail originating from your SPF domain [example.org 36]. To protect our users from spam, mail sent from your domain has been temporarily rate limited.'], 'other', 'rate-limited'],
  ["Microsoft 365's own 5.1.8: the sender's account is restricted (not the RFC's sender domain)", ["Remote Server returned '550 5.1.8 Access denied, bad outbound sender. AS(42004) [AM9PR01MB7523.eurprd01.prod.exchangelabs.com]'"], 'microsoft', 'm365-sender-restricted'],
  ["Exchange's RESOLVER.RST.AuthRequired: the group takes only internal senders (not SMTP AUTH)", ["Remote Server returned '550 5.7.1 RESOLVER.RST.AuthRequired; authentication required [Stage: CreateMessage]'"], 'microsoft', 'm365-recipient-restricted'],
  ["the same restriction from an Exchange Server nothing shows to be Microsoft 365's", ['#550 5.7.1 RESOLVER.RST.AuthRequired; authentication required ##'], 'other', 'recipient-restricted'],
  ["Exim's Unrouteable address, written by a cPanel server", ['  bob@contoso.com', '    Unrouteable address'], 'other', 'host-unrouteable', { hostingEvidence: ["cPanel's X-AntiAbuse header fields on the bounce"] }],
  ["Exim's Unrouteable address from a server nothing shows to be cPanel's", ['  bob@contoso.com', '    Unrouteable address'], 'other', 'unrouteable'],
  // Relay refusals: the hosting server's versus Microsoft's.
  ["Exim's relay refusal", ['550 Please turn on SMTP Authentication in your mail client. x.outbound.protection.outlook.com [40.107.236.72]:47108 is not permitted to relay through this server without authentication.'], 'microsoft', 'host-relay-refused'],
  ['Exim ACL "relay not permitted"', ['host mail.contoso.com [203.0.113.25]: 550 relay not permitted'], 'microsoft', 'host-relay-refused', RELAYED],
  ['Postfix "Relay access denied" at the host', ['host mail.contoso.com[203.0.113.25] said: 554 5.7.1 <carol@contoso.com>: Relay access denied'], 'microsoft', 'host-relay-refused', RELAYED],
  ['5.7.64 TenantAttribution is Microsoft refusing to relay', ['550 5.7.64 TenantAttribution; Relay Access Denied [SN1NAM02FT0123.eop-nam02.prod.protection.outlook.com]'], 'other', 'm365-relay-denied'],
  ['"Unable to relay" from a Microsoft host', ['contoso-com.mail.protection.outlook.com', "Remote Server returned '550 5.7.1 Unable to relay'"], 'other', 'm365-relay-denied'],
  // The connector to the smart host.
  ['4.4.316 connection refused', ['450 4.4.316 Connection refused [Message=Socket error code 10061] [LastAttemptedServerName=mail.contoso.com]'], 'microsoft', 'smarthost-refused', RELAYED],
  ['5.4.316 expired after refusals', ['550 5.4.316 Message expired, connection refused(Socket error code 10061)'], 'microsoft', 'smarthost-refused', RELAYED],
  ['4.4.317 UntrustedRoot', ['450 4.4.317 Cannot connect to remote server [Message=UntrustedRoot] [LastAttemptedServerName=mail.contoso.com]'], 'microsoft', 'smarthost-untrusted-chain', RELAYED],
  ['5.4.300 expired, last error UntrustedRoot: the root cause wins', ['550 5.4.300 Message expired -> 450 4.4.317 Cannot connect to remote server [Message=UntrustedRoot]'], 'microsoft', 'smarthost-untrusted-chain', RELAYED],
  ['4.7.320 SubjectMismatch', ['450 4.7.320 Certificate validation failed [Message=SubjectMismatch] [LastAttemptedServerName=mail.contoso.com]'], 'microsoft', 'smarthost-name-mismatch', RELAYED],
  ['4.4.317 SubjectMismatch', ['450 4.4.317 Cannot connect to remote server [Message=SubjectMismatch]'], 'microsoft', 'smarthost-name-mismatch', RELAYED],
  ['an expired certificate', ['450 4.7.320 Certificate validation failed [Message=CertificateExpired]'], 'microsoft', 'smarthost-certificate-expired', RELAYED],
  ['4.4.317 STARTTLS required', ['450 4.4.317 Cannot connect to remote server [Message=451 5.7.3 STARTTLS is required to send mail]'], 'microsoft', 'smarthost-tls-failed', RELAYED],
  ['4.7.320 with another message', ['450 4.7.320 Certificate validation failed [Message=RevocationOffline]'], 'microsoft', 'smarthost-tls-failed', RELAYED],
  ['DNS failure for the smart host', ['451 4.4.0 DNS query failed. The error was: DNS query failed with error: ErrorRetry'], 'microsoft', 'smarthost-dns', RELAYED],
  ['5.4.4 NonExistentDomain', ['550 5.4.4 SMTPSEND.DNS.NonExistentDomain; nonexistent domain'], 'microsoft', 'smarthost-dns', RELAYED],
  ['MTA-STS', ["451 4.4.8 MX hosts of 'contoso.com' failed MTA-STS validation."], 'microsoft', 'mta-sts', RELAYED],
  ['5.4.8 MTA-STS', ["550 5.4.8 MX hosts of 'contoso.com' failed MTA-STS validation."], 'microsoft', 'mta-sts', RELAYED],
  ['5.4.14 hop count', ['554 5.4.14 Hop count exceeded - possible mail loop ATTR34 [SN4PR0201CA0012.namprd02.prod.outlook.com]'], 'microsoft', 'mail-loop'],
  ['5.4.6 routing loop', ['554 5.4.6 Routing loop detected'], 'microsoft', 'mail-loop'],
  ['4.4.7 expired', ['4.4.7 Message delayed'], 'microsoft', 'expired'],
  ['5.4.300 expired alone', ['550 5.4.300 Message expired'], 'microsoft', 'expired'],
  // Outgoing mail refused by other receivers.
  ['Gmail 5.7.26 DMARC', ["550-5.7.26 Unauthenticated email from contoso.com is not accepted due to domain's DMARC policy."], 'other', 'dmarc-reject'],
  ['Gmail 5.7.26 unauthenticated', ['550-5.7.26 This mail has been blocked because the sender is unauthenticated.'], 'other', 'dmarc-reject'],
  ['5.7.23 SPF', ['550 5.7.23 The message was rejected because of Sender Policy Framework violation'], 'other', 'spf-reject'],
  ['550 5.7.1 with SPF in the text', ['550 5.7.1 Message rejected due to SPF fail for contoso.com'], 'other', 'spf-reject'],
  ['DKIM', ['550 5.7.20 No valid DKIM signature found'], 'other', 'dkim-reject'],
  // Microsoft refusing the sender.
  ['5.7.606 banned IP', ['550 5.7.606 Access denied, banned sending IP [203.0.113.25]. To request removal from this list please visit https://sender.office.com/'], 'other', 'm365-blocked-ip'],
  ['5.7.649, the range end', ['550 5.7.649 Access denied'], 'other', 'm365-blocked-ip'],
  ['5.7.650, past the range: a policy refusal, said as a possibility', ['550 5.7.650 Access denied'], 'other', 'policy-refused'],
  // 5.7.25 is RFC 7372's, Gmail's too: Microsoft 365 only when the bounce shows Microsoft.
  ['5.7.25 no PTR from Microsoft', ['contoso-com.mail.protection.outlook.com', "Remote Server returned '550 5.7.25 [203.0.113.25] The sending IP address doesn't have a PTR record'"], 'other', 'm365-no-ptr'],
  ['5.7.25 no PTR from anyone else', ["550 5.7.25 The sending IP address doesn't have a PTR record"], 'other', 'no-ptr'],
  ['5.7.708 high-risk IP', ['550 5.7.708 Service unavailable. Access denied, traffic not accepted from this IP.'], 'microsoft', 'm365-outbound-blocked'],
  ['5.7.750 unregistered domain', ['550 5.7.750 Service unavailable. Client blocked from sending from unregistered domains.'], 'microsoft', 'm365-outbound-blocked'],
  ['5.7.57 anonymous submission', ['530 5.7.57 Client was not authenticated to send anonymous mail during MAIL FROM'], 'microsoft', 'm365-auth-required'],
  ['a DNS block list', ['554 5.7.1 Service unavailable; Client host [203.0.113.25] blocked using zen.spamhaus.org'], 'other', 'ip-blocklisted'],
  ['mailbox full', ['552 5.2.2 Mailbox full'], 'other', 'mailbox-full'],
  // Not claimed: the generic meaning applies.
  ['content conversion: the message format (medium)', ['550 5.6.0 Content conversion failed'], 'other', 'protocol-error'],
  ['a vendor code nothing knows', ['550 5.9.99 Vendor rule 12'], 'other', undefined],
  ['a success code', ['250 2.0.0 OK'], 'other', undefined],
  // Item 5 of issue 12: what split domains add.
  ['5.7.68 TenantInboundAttribution: Direct Send rejected', ['550 5.7.68 TenantInboundAttribution; Direct Send not allowed for this organization from unauthorized sources'], 'other', 'm365-direct-send-rejected'],
  ['the hosting Exim refusing Microsoft-relayed mail on SPF', ['host mail.contoso.com [203.0.113.25]: 550 SPF: 40.95.4.1 is not allowed to send mail from fabrikam.com'], 'microsoft', 'host-spf-rejects-m365', RELAYED],
  ['an SPF refusal from a server Microsoft did not relay to is the sender\'s SPF', ['host mx.fabrikam.com [198.51.100.7]: 550 SPF: 203.0.113.25 is not allowed to send mail from contoso.com'], 'other', 'spf-reject'],
  ['5.7.515 Outlook.com authentication requirement', ["550 5.7.515 Access denied, sending domain contoso.com doesn't meet the required authentication level."], 'other', 'outlook-sender-authentication'],
  // The generic entries: the hop the bounce shows, no split-domain actor.
  ['553 5.1.8: the sender\'s domain does not exist (not "no such mailbox")', ['553 5.1.8 <app@shop.example>... Domain of sender address app@shop.example does not exist'], 'other', 'sender-rejected'],
  ['550 5.7.27: the sender\'s null MX (not SPF)', ['550 5.7.27 Sender address has null MX'], 'other', 'sender-null-mx'],
  ['"571 No PTR record" from anyone: reverse DNS, not Microsoft', ['571 No PTR record found for 203.0.113.25'], 'other', 'no-ptr'],
  ['421 4.7.0 too many connections', ['421 4.7.0 Too many concurrent SMTP connections from this IP address; please try again later.'], 'other', 'rate-limited'],
  ['554 at connection: no SMTP service', ['host mx.example.net [198.51.100.1] refused to talk to me: 554 mx.example.net ESMTP not accepting connections'], 'other', 'connection-refused'],
  ['451 greylisted', ['451 4.7.1 Greylisted, please try again in 300 seconds'], 'other', 'greylisted'],
  ['556 5.1.10 null MX of the recipient\'s domain', ['556 5.1.10 Recipient address has null MX'], 'other', 'null-mx'],
  ['Host or domain name not found', ['<bob@nowhere.example>: Host or domain name not found. Name service error for name=nowhere.example type=A: Host not found'], 'other', 'domain-not-found'],
  ['551 5.1.6 user not local', ['551 5.1.6 User not local; please try <bob@new.example>'], 'other', 'recipient-moved'],
  ['5.2.1 mailbox disabled', ['550 5.2.1 The email account that you tried to reach is disabled.'], 'other', 'mailbox-disabled'],
  ['5.1.1 from a server nothing shows to be Microsoft or a hosting server', ['host mx.example.net[198.51.100.1] said: 550 5.1.1 <bob@example.net>: Recipient address rejected: User unknown'], 'other', 'recipient-unknown'],
  ['552 5.3.4 too big', ['552 5.3.4 Message size exceeds fixed limit'], 'other', 'message-too-big'],
  ['a virus', ['554 5.7.1 Message rejected: virus found (Eicar-Test-Signature)'], 'other', 'virus-rejected'],
  ['spam', ['550 5.7.1 Message rejected as spam by Content Filtering.'], 'other', 'spam-rejected'],
  ['a relay refusal with no sign of Microsoft relaying', ['host mx.example.net[198.51.100.1] said: 554 5.7.1 <bob@example.net>: Relay access denied'], 'other', 'relay-denied'],
  ['530 authentication required', ['530 5.7.0 Authentication required'], 'other', 'auth-required'],
  ['TLS required', ['530 5.7.0 Must issue a STARTTLS command first'], 'other', 'tls-required'],
  ['5.4.6 routing loop from an unnamed server', ['554 5.4.6 Too many hops'], 'other', 'routing-loop'],
  ['connection timed out', ['<bob@example.net>: connect to mx.example.net[198.51.100.1]:25: Connection timed out'], 'other', 'connection-failed'],
  ['a TLS failure with no sign of a connector', ['450 4.7.320 Certificate validation failed [Message=SubjectMismatch]'], 'other', 'tls-failed'],
  ['retry time exceeded', ['retry timeout exceeded'], 'other', 'delivery-expired'],
  ['a local mailer error', ['554 5.3.0 unknown mailer error 255'], 'other', 'system-error'],
  ['bad sequence of commands', ['503 5.5.1 Bad sequence of commands'], 'other', 'protocol-error'],
  ['a refusal at MAIL FROM with nothing more', ['  bob@example.net', '    SMTP error from remote mail server after MAIL FROM:<app@shop.example> SIZE=1543:', '    host mx.example.net [198.51.100.1]: 550 Administrative prohibition'], 'other', 'sender-rejected'],
];

describe('classify: the most specific matching entry claims a reply', () => {
  for (const [name, lines, reportedBy, expected, evidence] of CASES) {
    it(`${name} → ${expected ?? 'not recognised'}`, () => {
      const statements = textStatements(lines);
      expect(statements.length).toBeGreaterThan(0);
      const last = statements[statements.length - 1]!;
      expect(classify(last, { reportedBy, ...evidence })?.id).toBe(expected);
    });
  }

  it('every entry is reached by at least one case (no entry is shadowed by an earlier one)', () => {
    const reached = new Set(CASES.map((c) => c[3]));
    expect(BOUNCE_KNOWLEDGE.map((k) => k.id).filter((id) => !reached.has(id))).toEqual([]);
  });
});

describe('the knowledge table', () => {
  it('ids are unique and kebab-case; every entry has patterns, wording, a hop and contract check ids', () => {
    const ids = BOUNCE_KNOWLEDGE.map((k) => k.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const k of BOUNCE_KNOWLEDGE) {
      expect(k.id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
      expect(k.patterns.length).toBeGreaterThan(0);
      expect(k.codes.length).toBeGreaterThan(0);
      expect(k.title.length).toBeGreaterThan(10);
      expect(k.explanation.length).toBeGreaterThan(80);
      expect(k.fix.length).toBeGreaterThan(40);
      if (k.hop === 'answering') expect(k.actor).toBe('answering');
      else expect(HOP_TEXT[k.hop]).toBeTruthy();
      for (const id of k.checks) expect(CATALOGUE).toContain(id);
      for (const p of k.patterns) expect(p.status ?? p.statusRange ?? p.text ?? p.command).toBeTruthy();
    }
  });

  it('templates use only the placeholders the matcher fills', () => {
    const known = new Set(['recipient', 'domain', 'server', 'target', 'sender', 'senderDomain', 'ip', 'reporter']);
    for (const k of BOUNCE_KNOWLEDGE) {
      for (const m of `${k.explanation} ${k.fix}`.matchAll(/\{([a-zA-Z]+)\}/g)) expect(known, `${k.id}: {${m[1]}}`).toContain(m[1]);
    }
  });

  it('the diagnoses of DOMAIN.md §5 name the checks that confirm them', () => {
    const checks = Object.fromEntries(BOUNCE_KNOWLEDGE.map((k) => [k.id, k.checks]));
    expect(checks['m365-authoritative']).toEqual(['m365.internal-relay']);
    expect(checks['host-relay-refused']).toEqual(['smarthost.accepts-mailbox']);
    expect(checks['smarthost-refused']).toContain('smarthost.smtp');
    expect(checks['smarthost-untrusted-chain']).toContain('smarthost.certificate');
    expect(checks['smarthost-name-mismatch']).toEqual(['smarthost.certificate']);
    expect(checks['mail-loop']).toContain('smarthost.loop');
    expect(checks['host-no-mailbox']).toContain('smarthost.accepts-mailbox');
    expect(checks['dmarc-reject']).toContain('dmarc.record');
    expect(checks['spf-reject']).toContain('spf.hosting-covered');
  });
});

describe('diagnose: grouping, evidence and the honest "not recognised"', () => {
  const facts = (lines: string[], reportedBy: Reporter = 'microsoft', evidence: Evidence = RELAYED): BounceFacts => ({
    format: 'text',
    deliveryStatus: false,
    reportedBy,
    remoteServers: [],
    markers: [],
    statements: textStatements(lines),
    notes: [],
    lines: lines.length,
    kind: 'bounce',
    messages: 1,
    microsoftEvidence: [],
    ...evidence,
    recipients: evidence.recipients ?? [],
    hostingEvidence: evidence.hostingEvidence ?? [],
  });

  it('repeated replies become one diagnosis with de-duplicated evidence, fills in the recipient', () => {
    const line = "Server at mail.contoso.com (203.0.113.25) returned '450 4.4.316 Connection refused [Message=Socket error code 10061]'";
    const e = diagnose(facts(['carol@contoso.com', line, `3/5/2025 6:01:44 PM - ${line}`, 'carol@contoso.com', line]));
    expect(e.diagnoses).toHaveLength(1);
    const d = e.diagnoses[0]!;
    expect(d.codes).toEqual(['450 4.4.316']);
    expect(d.evidence.map((x) => x.line)).toEqual([2, 3]);
    expect(d.recipient).toBe('carol@contoso.com');
    expect(d.explanation).toContain('(mail.contoso.com)');
    expect(d.fix).not.toMatch(/\{[a-z]+\}/i);
  });

  it('the root cause, not the expiry it caused: the certificate is said, the expiry is its evidence', () => {
    const e = diagnose(facts(['Status code: 550 5.4.300', 'Reported error: 550 5.4.300 Message expired -> 450 4.7.320 Certificate validation failed [Message=SubjectMismatch]']));
    expect(e.diagnoses.map((d) => d.id)).toEqual(['smarthost-name-mismatch']);
    expect(e.diagnoses[0]!.codes).toEqual(['550 5.4.300', '4.7.320']);
  });

  it('unknown codes get their RFC 3463 meaning; success codes and explained codes are not listed', () => {
    const e = diagnose(facts(['550 5.6.9 Content rule 7', '550 5.7.999 Vendor rule 12', '250 2.0.0 OK', '554 5.4.14 Hop count exceeded', 'Status: 5.4.14']));
    expect(e.diagnoses.map((d) => d.id)).toEqual(['mail-loop']);
    expect(e.unrecognised.map((u) => u.code)).toEqual(['550 5.6.9', '550 5.7.999']);
    expect(e.unrecognised[0]!.meaning).toContain("message content or media: detail 9 is not a standard code (a vendor's own)");
    expect(e.unrecognised[1]!.meaning).toContain("detail 999 is not a standard code (a vendor's own)");
  });

  it('placeholders the bounce does not fill read as plain words, never as {braces}', () => {
    const e = diagnose(facts(['554 5.4.14 Hop count exceeded - possible mail loop'], 'microsoft', {}));
    expect(e.diagnoses[0]!.explanation).toContain('The message for the recipient went round');
    expect(e.diagnoses[0]!.explanation).not.toMatch(/\{[a-z]+\}/i);
  });
});

describe('generic meanings (RFC 3463, RFC 5321)', () => {
  const cases: [string, string][] = [
    ['5.1.1', 'permanent failure: sending the same message again will not work; addressing (the sender or recipient address): bad destination mailbox address (no such mailbox)'],
    ['4.4.7', 'persistent transient failure: the sender keeps retrying for a while; network and routing (DNS, connections, loops, timeouts): delivery time expired'],
    ['5.7.26', 'permanent failure: sending the same message again will not work; security or policy (authentication, spam filtering, reputation): multiple authentication checks failed'],
    ['4.4.316', "persistent transient failure: the sender keeps retrying for a while; network and routing (DNS, connections, loops, timeouts): detail 316 is not a standard code (a vendor's own)"],
    ['5.9.1', 'permanent failure: sending the same message again will not work; subject 9 is not defined by RFC 3463'],
    ['x', 'not an enhanced status code'],
  ];
  for (const [code, meaning] of cases) it(code, () => expect(describeStatus(code)).toBe(meaning));
  it('reply codes', () => {
    expect(describeReply(550)).toBe('mailbox unavailable or refused by policy, action not taken');
    expect(describeReply(471)).toBe('transient negative reply: the sender retries');
    expect(describeReply(599)).toBe('permanent negative reply');
  });
});
