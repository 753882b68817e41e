// Bounces written fresh (not the fixtures/ ones): each split-domain code in the shapes support staff paste them
// (Outlook NDR text, RFC 3464 .eml with quoted-printable/base64, Exim, Postfix/Hostinger, Gmail, forwarded, quoted, CRLF,
// Windows-1252, terminal escapes), each explained with the right diagnosis.
import { describe, expect, it } from 'vitest';
import { explainBounce } from '../../src/explain/index.js';
import { checkPlan } from '../../src/explain/plan.js';
import type { Explanation } from '../../src/explain/types.js';
import { eximBounce, outlookNdr } from '../helpers/bounces.js';

const EOP = '[DM6NAM11FT061.eop-nam11.prod.protection.outlook.com 2024-03-05T10:12:01.123Z 08DC3C5A]';

async function explain(input: string | Uint8Array): Promise<Explanation> {
  const result = await explainBounce(typeof input === 'string' ? new TextEncoder().encode(input) : input);
  if (!result.ok) throw new Error(`refused: ${result.reason}`);
  return result.explanation;
}

const ids = (e: Explanation) => e.diagnoses.map((d) => d.id);
/** The recipient's own tenant (contoso.com) wrote the NDR: it relayed contoso.com's mail to the hosting server. */
const TENANT = 'MicrosoftExchange329e71ec88ae4615bbc36ab6ce41109e@contoso.com';
const DELAYED = 'Delivery is delayed to these recipients or groups:';
const FAILED = 'Delivery has failed to these recipients or groups:';

describe('each split-domain code, in the shape Exchange Online writes it', () => {
  it('550 5.4.1 Access denied AS(201806281): Authoritative domain, refused at the edge, fix Internal relay', async () => {
    const e = await explain(outlookNdr('carol@contoso.com', `Remote Server returned '550 5.4.1 Recipient address rejected: Access denied. AS(201806281) ${EOP}'`));
    expect(ids(e)).toEqual(['m365-authoritative']);
    const d = e.diagnoses[0]!;
    expect(d.hop).toBe('sender-to-m365');
    expect(d.codes).toEqual(['550 5.4.1']);
    expect(d.recipient).toBe('carol@contoso.com');
    expect(d.fix).toMatch(/Accepted domains → contoso\.com → .*Internal relay/);
    expect(d.checks).toEqual(['m365.internal-relay']);
    // The returned headers' spf=fail and 5.7.23 are the original message, never a diagnosis.
    expect(e.unrecognised).toEqual([]);
  });

  it('550 5.4.1 Relay Access Denied ATTR35: the domain is in no tenant, not an Authoritative one', async () => {
    const e = await explain(outlookNdr('carol@contoso.com', `Remote Server returned '550 5.4.1 Relay Access Denied ATTR35 ${EOP}'`));
    expect(ids(e)).toEqual(['m365-domain-not-accepted']);
    const d = e.diagnoses[0]!;
    expect(d.hop).toBe('sender-to-m365');
    expect(d.fix).toMatch(/Settings → Domains → add contoso\.com/);
    expect(d.checks).toEqual(['mx.m365-primary', 'm365.internal-relay']);
  });

  it('a UTF-8 local part (RFC 6531) is kept whole, and typographic quotes around an address are not part of it', async () => {
    const e = await explain(outlookNdr('jöhn@contoso.com', `Remote Server returned '550 5.4.1 Recipient address rejected: Access denied. AS(201806281) ${EOP}'`));
    expect(e.diagnoses[0]?.recipient).toBe('jöhn@contoso.com');
    const q = await explain(outlookNdr('\u201ccarol@contoso.com\u201d', `Remote Server returned '550 5.4.1 Recipient address rejected: Access denied. AS(201806281) ${EOP}'`));
    expect(q.diagnoses[0]?.recipient).toBe('carol@contoso.com');
  });

  it('451 4.4.316 Connection refused (Socket error 10061): smart host unreachable on port 25, the host named', async () => {
    const e = await explain(
      outlookNdr(
        'bob@contoso.com',
        "Server at mail.contoso.com (203.0.113.10) returned '451 4.4.316 Connection refused [Message=Socket error code 10061] [LastAttemptedServerName=mail.contoso.com] [LastAttemptedIP=203.0.113.10:25] [SN1NAM02FT012.eop-nam02.prod.protection.outlook.com]'",
        DELAYED,
        TENANT,
      ),
    );
    expect(ids(e)).toEqual(['smarthost-refused']);
    expect(e.diagnoses[0]).toMatchObject({ confidence: 'high', actor: 'microsoft-365' });
    const d = e.diagnoses[0]!;
    expect(d.hop).toBe('m365-to-host');
    expect(d.codes).toEqual(['451 4.4.316']);
    expect(d.server).toBe('mail.contoso.com');
    expect(d.fix).toMatch(/port 25/);
    expect(checkPlan(e)).toMatchObject({ domain: 'contoso.com', smartHost: 'mail.contoso.com', checks: ['smarthost.resolves', 'smarthost.smtp'] });
  });

  it('450 4.4.317 UntrustedRoot: incomplete chain (not the generic TLS entry)', async () => {
    const e = await explain(
      outlookNdr(
        'bob@contoso.com',
        "Server at server123.hostprovider.net (198.51.100.7) returned '450 4.4.317 Cannot connect to remote server [Message=UntrustedRoot, The certificate chain was issued by an authority that is not trusted.] [LastAttemptedServerName=server123.hostprovider.net] [LastAttemptedIP=198.51.100.7:25]'",
        FAILED,
        TENANT,
      ),
    );
    expect(ids(e)).toEqual(['smarthost-untrusted-chain']);
    expect(e.diagnoses[0]).toMatchObject({ hop: 'm365-to-host', codes: ['450 4.4.317'], server: 'server123.hostprovider.net' });
    expect(e.diagnoses[0]!.fix).toMatch(/intermediate/);
  });

  it('451 4.7.320 SubjectMismatch: certificate name mismatch', async () => {
    const e = await explain(
      outlookNdr(
        'bob@contoso.com',
        "Server at mail.contoso.com (203.0.113.10) returned '451 4.7.320 Certificate validation failed [Message=SubjectMismatch; the certificate is not valid for mail.contoso.com] [LastAttemptedServerName=mail.contoso.com]'",
        FAILED,
        TENANT,
      ),
    );
    expect(ids(e)).toEqual(['smarthost-name-mismatch']);
    expect(e.diagnoses[0]).toMatchObject({ hop: 'm365-to-host', codes: ['451 4.7.320'], checks: ['smarthost.certificate'] });
  });

  it('554 5.4.14 Hop count exceeded ATTR34: loop, fix the connector smart host', async () => {
    const e = await explain(outlookNdr('bob@contoso.com', `Remote Server returned '554 5.4.14 Hop count exceeded - possible mail loop ATTR34 ${EOP}'`));
    expect(ids(e)).toEqual(['mail-loop']);
    expect(e.diagnoses[0]).toMatchObject({ hop: 'loop', codes: ['554 5.4.14'], checks: ['smarthost.loop', 'smarthost.resolves'] });
    expect(e.facts.markers).toContain('ATTR34');
  });

  it('554 5.4.6 Routing loop detected: the same loop', async () => {
    const e = await explain(outlookNdr('bob@contoso.com', "Remote Server returned '554 5.4.6 Routing loop detected -- too many hops'"));
    expect(ids(e)).toEqual(['mail-loop']);
  });

  it("cPanel Exim's relay refusal relayed back by Microsoft: cPanel routing not Local", async () => {
    const e = await explain(
      outlookNdr(
        'bob@contoso.com',
        "mail.contoso.com\nRemote Server returned '550 Please turn on SMTP Authentication in your mail client. mail-dm6nam11on2061.outbound.protection.outlook.com (DM6NAM11FT034.mail.protection.outlook.com) [40.107.223.61]:12345 is not permitted to relay through this server without authentication.'",
      ),
    );
    expect(ids(e)).toEqual(['host-relay-refused']);
    expect(e.diagnoses[0]).toMatchObject({ hop: 'm365-to-host', server: 'mail.contoso.com', recipient: 'bob@contoso.com' });
    expect(e.diagnoses[0]!.fix).toMatch(/Local Mail Exchanger/);
  });

  it('550 5.1.1 User unknown from the hosting server: exists on neither platform', async () => {
    const e = await explain(
      outlookNdr('x@contoso.com', "mail.contoso.com\nRemote Server returned '550 5.1.1 <x@contoso.com>: Recipient address rejected: User unknown'", FAILED, TENANT),
    );
    expect(ids(e)).toEqual(['host-no-mailbox']);
    expect(e.diagnoses[0]).toMatchObject({ hop: 'm365-to-host', codes: ['550 5.1.1'], server: 'mail.contoso.com', recipient: 'x@contoso.com' });
  });

  it('550 5.7.1 Unable to relay from Microsoft itself: relaying through Microsoft 365, not the host', async () => {
    const e = await explain(outlookNdr('partner@example.org', `Remote Server returned '550 5.7.1 Unable to relay ${EOP}'`));
    expect(ids(e)).toEqual(['m365-relay-denied']);
    expect(e.diagnoses[0]!.hop).toBe('submission');
  });

  it('550 5.7.708 traffic not accepted from this IP; 552 5.2.2 mailbox full; 4.4.7 expired', async () => {
    const blocked = await explain(outlookNdr('partner@example.org', "Remote Server returned '550 5.7.708 Service unavailable. Access denied, traffic not accepted from this IP.'"));
    expect(ids(blocked)).toEqual(['m365-outbound-blocked']);
    const full = await explain(outlookNdr('bob@contoso.com', "mail.contoso.com\nRemote Server returned '552 5.2.2 <bob@contoso.com>: mailbox full'"));
    expect(ids(full)).toEqual(['mailbox-full']);
    const expired = await explain(outlookNdr('bob@contoso.com', "Remote Server returned '550 4.4.7 QUEUE.Expired; message expired'"));
    expect(ids(expired)).toEqual(['expired']);
    expect(expired.diagnoses[0]!.hop).toBe('m365-to-host');
  });

  it('5.4.300 expired quoting 4.4.316: the root cause wins', async () => {
    const e = await explain(
      outlookNdr(
        'bob@contoso.com',
        "Remote Server returned '550 5.4.300 Message expired -> 451 4.4.316 Connection refused [Message=Socket error code 10061] [LastAttemptedServerName=mail.contoso.com]'",
        FAILED,
        TENANT,
      ),
    );
    expect(ids(e)).toEqual(['smarthost-refused']);
    expect(e.diagnoses[0]!.codes).toEqual(['550 5.4.300', '4.4.316']);
  });
});

describe('Exim, Postfix/Hostinger and Gmail bounces', () => {
  it('Exim "relay not permitted" after RCPT TO: the host named, routing not Local', async () => {
    const e = await explain(
      eximBounce('bob@contoso.com', ['host mail.contoso.com [203.0.113.10]', 'SMTP error from remote mail server after RCPT TO:<bob@contoso.com>:', '550 relay not permitted']),
    );
    // Nothing shows Microsoft 365 relaying to mail.contoso.com: the refusal is about the hop that is there,
    // with cPanel's Email Routing named as one cause, not as the verdict.
    expect(ids(e)).toEqual(['relay-denied']);
    expect(e.diagnoses[0]).toMatchObject({ server: 'mail.contoso.com', recipient: 'bob@contoso.com', codes: ['550'], actor: 'receiving-server' });
    expect(e.diagnoses[0]!.explanation).toMatch(/Email Routing/);
    expect(e.facts.sender).toBe('alice@fabrikam.com');
  });

  it('Exim "No Such User Here" without a remote server: local delivery, no such mailbox', async () => {
    const e = await explain(eximBounce('bob@contoso.com', ['No Such User Here']));
    expect(ids(e)).toEqual(['host-local-no-mailbox']);
    expect(e.diagnoses[0]!.hop).toBe('host-local');
  });

  it('Exim "Unrouteable address": both causes said (no local mailbox, or the domain not resolvable), MX checks to confirm', async () => {
    const e = await explain(eximBounce('bob@contoso.com', ['Unrouteable address']));
    // Exim's wording alone does not show a cPanel hosting server: the server that wrote the bounce is named.
    expect(ids(e)).toEqual(['unrouteable']);
    const d = e.diagnoses[0]!;
    expect(d.hop).toBe('reporting');
    expect(d.explanation).toMatch(/no mailbox, alias or forwarder of that name/);
    expect(d.explanation).toMatch(/no MX or address record it could use/);
    expect(d.checks).toEqual(['mx.present', 'mx.targets-resolve']);
  });

  it('Exim "Unrouteable address" on a cPanel server (its X-AntiAbuse fields): the hosting server and both split-domain causes', async () => {
    const eml = [
      'From: Mail Delivery System <Mailer-Daemon@server123.hostprovider.net>',
      'To: alice@contoso.com',
      'Subject: Mail delivery failed: returning message to sender',
      'X-AntiAbuse: This header was added to track abuse, please include it with any abuse report',
      'X-AntiAbuse: Primary Hostname - server123.hostprovider.net',
      'Content-Type: text/plain; charset=us-ascii',
      '',
      eximBounce('bob@contoso.com', ['Unrouteable address']),
    ].join('\n');
    const e = await explain(eml);
    expect(ids(e)).toEqual(['host-unrouteable']);
    const d = e.diagnoses[0]!;
    expect(d).toMatchObject({ hop: 'host-local', actor: 'hosting-server' });
    expect(d.explanation).toMatch(/no mailbox, forwarder or alias bob@contoso\.com/);
    expect(d.explanation).toMatch(/could not look up where to send it/);
    expect(d.facts.join(' ')).toMatch(/X-AntiAbuse/);
  });

  it('Exim via smtp.office365.com: 5.7.57 is Microsoft speaking, and MAIL FROM:<sender> is not a failed recipient', async () => {
    const e = await explain(
      eximBounce('partner@example.org', [
        'host smtp.office365.com [52.96.1.1]',
        'SMTP error from remote mail server after MAIL FROM:<app@contoso.com> SIZE=1234:',
        '530 5.7.57 Client was not authenticated to send anonymous mail during MAIL FROM [AM0PR01CA0001.eurprd01.prod.exchangelabs.com]',
      ]),
    );
    expect(ids(e)).toEqual(['m365-auth-required']);
    expect(e.facts.statements[0]!.saidBy).toBe('microsoft');
    expect(e.facts.recipients.map((r) => r.address)).toEqual(['partner@example.org']);
  });

  it('"5.7.1 Unable to relay" from smtp.office365.com is Microsoft refusing, not the hosting server', async () => {
    const e = await explain(
      eximBounce('partner@example.org', ['host smtp.office365.com [52.96.1.1]', 'SMTP error from remote mail server after RCPT TO:<partner@example.org>:', '550 5.7.1 Unable to relay']),
    );
    expect(ids(e)).toEqual(['m365-relay-denied']);
  });

  it('a sender-verify failure names the sender in <...>: the failed recipient stays the listed one', async () => {
    const e = await explain(
      outlookNdr('bob@contoso.com', "server123.hostprovider.net\nRemote Server returned '550-Verification failed for <alice@fabrikam.com> 550 Sender verify failed'"),
    );
    expect(e.facts.recipients.map((r) => r.address)).toEqual(['bob@contoso.com']);
    expect(e.facts.statements[0]!.recipient).toBe('bob@contoso.com');
  });

  it("Postfix/Hostinger wraps \"host X[ip]\" before \"said:\": the answering server is still named", async () => {
    const text = [
      'This is the mail system at host smtp.hostinger.com.',
      '',
      "I'm sorry to have to inform you that your message could not",
      'be delivered to one or more recipients.',
      '',
      '<carol@contoso.com>: host contoso-com.mail.protection.outlook.com[52.101.10.5]',
      '    said: 550 5.4.1 Recipient address rejected: Access denied.',
      '    AS(201806281) [DM6NAM11FT061.eop-nam11.prod.protection.outlook.com',
      '    2024-03-05T10:12:01.123Z 08DC3C5A] (in reply to RCPT TO command)',
    ].join('\n');
    const e = await explain(text);
    expect(ids(e)).toEqual(['m365-authoritative']);
    expect(e.facts.statements[0]).toMatchObject({ server: 'contoso-com.mail.protection.outlook.com', saidBy: 'microsoft', recipient: 'carol@contoso.com' });
    expect(e.facts.reportingServer).toBe('smtp.hostinger.com');
  });

  it('Postfix on the same line: 5.1.1 from the hosting server', async () => {
    const e = await explain(
      'This is the mail system at host mx1.hostinger.com.\n\n<x@contoso.com>: host mail.contoso.com[203.0.113.10] said: 550 5.1.1\n    <x@contoso.com>: Recipient address rejected: User unknown in virtual mailbox\n    table (in reply to RCPT TO command)\n',
    );
    // A Hostinger sender reached mail.contoso.com directly: the receiving server, nothing split-domain shown.
    expect(ids(e)).toEqual(['recipient-unknown']);
    expect(e.diagnoses[0]).toMatchObject({ server: 'mail.contoso.com', recipient: 'x@contoso.com' });
  });

  it('Gmail\'s "There was a problem delivering your message to x." keeps the address (not cut at its first dot)', async () => {
    const text = [
      '** Message not delivered **',
      '',
      'There was a problem delivering your message to carol@contoso.com. See the technical details below.',
      '',
      'The response was:',
      '',
      '550 5.4.1 Recipient address rejected: Access denied. AS(201806281) [BN1NAM02FT043.eop-nam02.prod.protection.outlook.com]',
    ].join('\n');
    const e = await explain(text);
    expect(ids(e)).toEqual(['m365-authoritative']);
    expect(e.facts.recipients.map((r) => r.address)).toEqual(['carol@contoso.com']);
    expect(e.facts.reportedBy).toBe('other');
    expect(checkPlan(e)).toMatchObject({ domain: 'contoso.com', mailbox: 'carol@contoso.com' });
  });
});

describe('forwarded, quoted and mangled pastes', () => {
  const gmailBounce = [
    'Address not found',
    '',
    "Your message wasn't delivered to carol@contoso.com because the address couldn't be found, or is unable to receive mail.",
    '',
    'The response from the remote server was:',
    `550 5.4.1 Recipient address rejected: Access denied. AS(201806281) ${EOP}`,
  ];

  it('a bounce forwarded by Gmail ("---------- Forwarded message ---------") is read, not cut away', async () => {
    const text = [
      'FYI, got this again',
      '',
      '---------- Forwarded message ---------',
      'From: Mail Delivery Subsystem <mailer-daemon@googlemail.com>',
      'Date: Tue, Mar 5, 2024 at 2:14 PM',
      'Subject: Delivery Status Notification (Failure)',
      'To: <alex@gmail.com>',
      '',
      ...gmailBounce,
      '',
      '----- Original message -----',
      '',
      'Authentication-Results: mx.google.com; spf=fail smtp.mailfrom=fabrikam.com',
      'X-Note: 550 5.7.23 SPF failed',
    ].join('\n');
    const e = await explain(text);
    expect(ids(e)).toEqual(['m365-authoritative']);
    expect(e.diagnoses[0]!.recipient).toBe('carol@contoso.com');
    // The returned message after Gmail's own "Original message" line is still not read.
    expect(e.unrecognised).toEqual([]);
    expect(e.facts.sender).toBe('alex@gmail.com');
  });

  it('an Outlook NDR forwarded below "-----Original Message-----" is read', async () => {
    const text = [
      'Can you check this? Thanks',
      '',
      '-----Original Message-----',
      'From: Microsoft Outlook <postmaster@fabrikam.onmicrosoft.com>',
      'Sent: Tuesday, March 5, 2024 10:12 AM',
      'To: Dan Jump <dan@fabrikam.com>',
      'Subject: Undeliverable: Quarterly figures',
      '',
      outlookNdr('carol@contoso.com', `Remote Server returned '550 5.4.1 Recipient address rejected: Access denied. AS(201806281) ${EOP}'`),
    ].join('\n');
    const e = await explain(text);
    expect(ids(e)).toEqual(['m365-authoritative']);
    expect(e.facts.reportedBy).toBe('microsoft');
    expect(e.facts.sender).toBe('dan@fabrikam.com');
    expect(e.unrecognised).toEqual([]);
  });

  it('a forward separator with no bounce below it still ends the text (a forwarded message is not a reply)', async () => {
    const e = await explain('hello\n\n---------- Forwarded message ---------\nFrom: a@b.example\n\nour smart host gives 550 5.7.23 SPF fail sometimes\n');
    expect(e.diagnoses).toEqual([]);
    expect(e.unrecognised).toEqual([]);
  });

  it('"> " and "> > " quoted bounces keep their recipient, host and reply code', async () => {
    const relay = outlookNdr('bob@contoso.com', "mail.contoso.com\nRemote Server returned '550 mail.contoso.com is not permitted to relay through this server without authentication.'");
    const twice = relay
      .split('\n')
      .map((l) => `> > ${l}`)
      .join('\n');
    const e = await explain(`Forwarding the bounce below.\n\n${twice}`);
    // Microsoft wrote it and the server is under the recipient's domain: the hosting-server reading is a possibility.
    expect(ids(e)).toEqual(['relay-denied', 'host-relay-refused']);
    expect(e.diagnoses.map((d) => d.confidence)).toEqual(['high', 'low']);
    expect(e.diagnoses[0]).toMatchObject({ recipient: 'bob@contoso.com', server: 'mail.contoso.com' });
    expect(e.facts.notes.join(' ')).toMatch(/quoted/);

    const exim = eximBounce('bob@contoso.com', ['host mail.contoso.com [203.0.113.10]', 'SMTP error from remote mail server after RCPT TO:<bob@contoso.com>:', '550 relay not permitted'])
      .split('\n')
      .map((l) => `>${l}`)
      .join('\n');
    const q = await explain(exim);
    expect(ids(q)).toEqual(['relay-denied']);
    // Without its quote mark the line starts with the reply code again.
    expect(q.diagnoses[0]).toMatchObject({ codes: ['550'], server: 'mail.contoso.com' });
  });

  it('terminal colour escapes in a paste do not hide the reply code or the heading', async () => {
    const text =
      '\x1b[1mDelivery has failed to these recipients or groups:\x1b[0m\n\nbob@contoso.com\n\nDiagnostic information for administrators:\n\nbob@contoso.com\nmail.contoso.com\nRemote Server returned \'\x1b[31m550 relay not permitted\x1b[0m\'\n';
    const e = await explain(text);
    expect(ids(e)).toEqual(['relay-denied']);
    expect(e.diagnoses[0]!.codes).toEqual(['550']);
    expect(e.facts.statements[0]!.text).not.toMatch(/\x1b/);
    // The evidence still quotes the line as written (the renderers escape it).
    expect(e.diagnoses[0]!.evidence[0]!.text).toContain('\x1b[31m550 relay not permitted');
    expect(e.facts.notes.join(' ')).toMatch(/escape/);
  });

  it('CRLF line endings and Windows-1252 bytes', async () => {
    // 'ä' as the single byte 0xe4: not valid UTF-8.
    const bytes = Buffer.from(outlookNdr('bob@contoso.com', "mail.contoso.com\nRemote Server returned '552 5.2.2 mailbox full ä'").replace(/\n/g, '\r\n'), 'latin1');
    expect(bytes.includes(0xe4)).toBe(true);
    const e = await explain(bytes);
    expect(ids(e)).toEqual(['mailbox-full']);
    expect(e.facts.notes.join(' ')).toMatch(/Windows-1252/);
    expect(e.facts.statements[0]!.text).toMatch(/full ä'$/);
  });
});

describe('.eml bounces (RFC 3464, quoted-printable, base64)', () => {
  const crlf = (s: string) => s.replace(/\r?\n/g, '\r\n');

  it('multipart/report with a quoted-printable text part and a folded Diagnostic-Code (4.4.317)', async () => {
    const qp =
      "Server at mail.contoso.com (203.0.113.10) returned '450 4.4.317 Cannot connect =\n" +
      'to remote server [Message=3DUntrustedRoot, The certificate chain was issued =\n' +
      "by an authority that is not trusted.] [LastAttemptedServerName=3Dmail.contoso.com]'";
    const eml = `From: Microsoft Outlook <MicrosoftExchange329e71ec88ae4615bbc36ab6ce41109e@contoso.com>
To: <alice@fabrikam.com>
Subject: Undeliverable: Invoice 42
MIME-Version: 1.0
Content-Type: multipart/report; report-type=delivery-status;
\tboundary="_000_B_"

--_000_B_
Content-Type: text/plain; charset="us-ascii"
Content-Transfer-Encoding: quoted-printable

Delivery has failed to these recipients or groups:

bob@contoso.com

Diagnostic information for administrators:

Generating server: DM6PR11MB4105.namprd11.prod.outlook.com

bob@contoso.com
${qp}

--_000_B_
Content-Type: message/delivery-status

Reporting-MTA: dns;DM6PR11MB4105.namprd11.prod.outlook.com

Final-Recipient: rfc822;bob@contoso.com
Action: failed
Status: 4.4.317
Remote-MTA: dns;mail.contoso.com
Diagnostic-Code: smtp;450 4.4.317 Cannot connect to remote server [Message=UntrustedRoot,
 The certificate chain was issued by an authority that is not trusted.]

--_000_B_
Content-Type: message/rfc822

From: alice@fabrikam.com
To: bob@contoso.com
Subject: Invoice 42

550 5.7.26 this body is the sender's text, not a reply
--_000_B_--
`;
    const e = await explain(crlf(eml));
    expect(e.facts).toMatchObject({ format: 'message', deliveryStatus: true, reportedBy: 'microsoft', sender: 'alice@fabrikam.com' });
    expect(ids(e)).toEqual(['smarthost-untrusted-chain']);
    expect(e.diagnoses[0]).toMatchObject({ server: 'mail.contoso.com', recipient: 'bob@contoso.com' });
    expect(e.unrecognised).toEqual([]);
  });

  it('base64 HTML-only report (5.4.14) with a DSN part', async () => {
    const html =
      "<html><body><p><b>Delivery has failed to these recipients or groups:</b></p><p><a href=\"mailto:bob@contoso.com\">bob@contoso.com</a></p><p><b>Diagnostic information for administrators:</b></p><p>bob@contoso.com<br>Remote Server returned &#39;554 5.4.14 Hop count exceeded - possible mail loop ATTR34 [DM6NAM11FT034.eop-nam11.prod.protection.outlook.com]&#39;<br></p></body></html>";
    const b64 = Buffer.from(html).toString('base64').replace(/.{76}/g, '$&\n');
    const eml = `From: Microsoft Outlook <postmaster@contoso.onmicrosoft.com>
To: alice@fabrikam.com
Subject: Undeliverable: loop
MIME-Version: 1.0
Content-Type: multipart/report; report-type=delivery-status; boundary="B1"

--B1
Content-Type: text/html; charset="utf-8"
Content-Transfer-Encoding: base64

${b64}
--B1
Content-Type: message/delivery-status

Reporting-MTA: dns;DM6PR11MB4105.namprd11.prod.outlook.com

Final-Recipient: rfc822;bob@contoso.com
Action: failed
Status: 5.4.14
Diagnostic-Code: smtp;554 5.4.14 Hop count exceeded - possible mail loop ATTR34

--B1--
`;
    const e = await explain(crlf(eml));
    expect(ids(e)).toEqual(['mail-loop']);
    expect(e.diagnoses[0]!.codes).toEqual(['554 5.4.14']);
    expect(e.facts.recipients.map((r) => r.address)).toEqual(['bob@contoso.com']);
  });
});
