// Table tests of the bounce reader: input checks, message detection, RFC 3464 fields, reply lines, MIME decoding and the limits.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseDeliveryStatus } from '../../src/explain/dsn.js';
import { explainBounce } from '../../src/explain/index.js';
import { inspectInput } from '../../src/explain/input.js';
import { MAX_LINE_CHARS, MAX_SCAN_LINES } from '../../src/explain/limits.js';
import { htmlToText, looksLikeMessage, parseMessage } from '../../src/explain/message.js';
import { textStatements } from '../../src/explain/statements.js';
import type { Explanation } from '../../src/explain/types.js';

const enc = (text: string) => new TextEncoder().encode(text);
const fixture = (name: string) => readFileSync(new URL(`../../fixtures/bounces/${name}`, import.meta.url));

async function explain(bytes: Uint8Array | string): Promise<Explanation> {
  const result = await explainBounce(typeof bytes === 'string' ? enc(bytes) : bytes);
  if (!result.ok) throw new Error(result.reason);
  return result.explanation;
}

describe('inspectInput: what is not a readable bounce', () => {
  const cases: [string, Uint8Array, RegExp][] = [
    ['empty', new Uint8Array(), /^is empty$/],
    ['white space only', enc(' \r\n\t\n'), /only white space/],
    ['NUL bytes', Uint8Array.from([0x35, 0x35, 0x30, 0x00, 0x20]), /binary data \(it holds NUL bytes\)/],
    ['an Outlook .msg file', Uint8Array.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0]), /Outlook \.msg file/],
    ['a PDF', enc('%PDF-1.7\n550 5.4.1'), /PDF/],
    ['a ZIP', Uint8Array.from([0x50, 0x4b, 0x03, 0x04, 0x14]), /ZIP/],
    ['many control bytes', Uint8Array.from({ length: 400 }, (_, i) => (i % 3 === 0 ? 0x01 : 0x41)), /many control bytes/],
  ];
  for (const [name, bytes, reason] of cases) {
    it(name, () => {
      const verdict = inspectInput(bytes);
      expect(verdict.ok).toBe(false);
      if (!verdict.ok) expect(verdict.reason).toMatch(reason);
    });
  }

  it('decodes UTF-16 with a byte-order mark, strips a UTF-8 BOM, falls back to Windows-1252', () => {
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('550 5.4.1 Réunion', 'utf16le')]);
    const a = inspectInput(utf16);
    expect(a).toMatchObject({ ok: true, text: '550 5.4.1 Réunion' });
    const b = inspectInput(Buffer.from([0xef, 0xbb, 0xbf, 0x41]));
    expect(b).toMatchObject({ ok: true, text: 'A', notes: [] });
    const c = inspectInput(Buffer.from([0x52, 0xe9, 0x75]));
    expect(c).toMatchObject({ ok: true, text: 'Réu' });
    if (c.ok) expect(c.notes[0]).toMatch(/Windows-1252/);
  });
});

describe('looksLikeMessage: an .eml versus pasted text', () => {
  const cases: [string, string, boolean][] = [
    ['an RFC 5322 header block', 'From: a@b.example\r\nSubject: x\r\nContent-Type: text/plain\r\n\r\nbody', true],
    ['folded headers', 'Subject: a\r\n b\r\nFrom: x@y.example\r\n\r\n', true],
    ['an mbox separator first', 'From MAILER-DAEMON Thu Mar  6 11:20:04 2025\nReturn-path: <>\nDate: Thu\n\nx', true],
    ['pasted Outlook NDR', 'Delivery has failed to these recipients or groups:\n\ncarol@contoso.com\n', false],
    ['a lone header line', 'Subject: hello\n\nbody', false],
    ['a header block of unknown fields only', 'Foo: 1\nBar: 2\n\nbody', false],
    ['prose with a colon', 'Diagnostic information for administrators:\nGenerating server: x\n', false],
  ];
  for (const [name, text, expected] of cases) it(name, () => expect(looksLikeMessage(text)).toBe(expected));
});

describe('parseDeliveryStatus (RFC 3464)', () => {
  it('reads per-message fields and every recipient group, undoing folding and types', () => {
    const dsn = parseDeliveryStatus(
      [
        'Reporting-MTA: dns;SA1PR12MB8421.namprd12.prod.outlook.com',
        'Received-From-MTA: dns;DM6PR04MB6571.namprd04.prod.outlook.com',
        '',
        'Final-Recipient: rfc822;carol@contoso.com',
        'Action: failed',
        'Status: 5.4.316',
        'Diagnostic-Code: smtp;550 5.4.316 Message expired,',
        ' connection refused(Socket error code 10061)',
        'Remote-MTA: dns; mail.contoso.com. (203.0.113.25, the server for the domain)',
        '',
        'Original-Recipient: rfc822;dave+2Bsales@contoso.com',
        'Final-Recipient: rfc822; dave+2Bsales@contoso.com',
        'Action: delayed',
        'Status: 4.4.7 (queue expired)',
        // A writer that forgets the blank line between recipients.
        'Final-Recipient: rfc822;erin@contoso.com',
        'Action: failed',
        'Status: 5.1.1',
      ].join('\r\n'),
    );
    expect(dsn.reportingMta).toBe('SA1PR12MB8421.namprd12.prod.outlook.com');
    expect(dsn.receivedFromMta).toBe('DM6PR04MB6571.namprd04.prod.outlook.com');
    expect(dsn.recipients.map((r) => [r.finalRecipient, r.action, r.status])).toEqual([
      ['carol@contoso.com', 'failed', '5.4.316'],
      ['dave+sales@contoso.com', 'delayed', '4.4.7'],
      ['erin@contoso.com', 'failed', '5.1.1'],
    ]);
    expect(dsn.recipients[0]!.diagnostic).toBe('550 5.4.316 Message expired, connection refused(Socket error code 10061)');
    expect(dsn.recipients[0]!.remoteMta).toBe('mail.contoso.com.');
    expect(dsn.recipients[1]!.originalRecipient).toBe('dave+sales@contoso.com');
  });

  it('ignores garbage lines and groups without a recipient', () => {
    expect(parseDeliveryStatus('no colon here\n\nAction: failed\nStatus: 5.0.0\n').recipients).toEqual([]);
  });
});

describe('textStatements: reply lines, their codes and who said them', () => {
  const cases: [string, string[], Partial<{ reply: number; statuses: string[]; server: string; saidBy: string; recipient: string; target: string }>][] = [
    [
      'Exchange: Remote Server returned, with the remote host on the line before',
      ['carol@contoso.com', 'contoso-com.mail.protection.outlook.com', "Remote Server returned '550 5.4.1 Recipient address rejected: Access denied. AS(201806281)'"],
      { reply: 550, statuses: ['5.4.1'], server: 'contoso-com.mail.protection.outlook.com', saidBy: 'microsoft', recipient: 'carol@contoso.com' },
    ],
    [
      'Exchange delay notice: Server at X returned',
      ["Server at mail.contoso.com (203.0.113.25) returned '450 4.4.316 Connection refused [Message=Socket error code 10061] [LastAttemptedServerName=mail.contoso.com]'"],
      { reply: 450, statuses: ['4.4.316'], server: 'mail.contoso.com', saidBy: 'other', target: 'mail.contoso.com' },
    ],
    [
      'Postfix: host X[ip] said, wrapped onto indented lines',
      ['<frank@example.org>: host mx.example.org[198.51.100.80] said: 550 5.7.606', '    Access denied, banned sending IP [192.0.2.9]. To request removal from', '    this list please visit https://sender.office.com/'],
      { reply: 550, statuses: ['5.7.606'], server: 'mx.example.org', saidBy: 'other', recipient: 'frank@example.org' },
    ],
    [
      'Exim: host line and RCPT TO context above the reply',
      ['  bob@contoso.com', '    host mail.contoso.com [203.0.113.25]', '    SMTP error from remote mail server after RCPT TO:<bob@contoso.com>:', '    550 5.1.1 <bob@contoso.com>: No Such User Here'],
      { reply: 550, statuses: ['5.1.1'], server: 'mail.contoso.com', saidBy: 'other', recipient: 'bob@contoso.com' },
    ],
    ['Gmail: the reply under "The response from the remote server was:"', ['The response from the remote server was:', '550-5.7.26 This mail is unauthenticated'], { reply: 550, statuses: ['5.7.26'], saidBy: 'unknown' }],
    // RESOLVER. is any Exchange Server's (2007 on-premises too): it shows Exchange, not Microsoft 365.
    ['old Exchange #-codes', ['#550 5.1.1 RESOLVER.ADR.RecipNotFound; not found ##'], { statuses: ['5.1.1'], reply: 550, saidBy: 'unknown' }],
    ['Microsoft markers make it Microsoft without a host', ['554 5.4.14 Hop count exceeded - possible mail loop ATTR34 [SN4PR0201CA0012.namprd02.prod.outlook.com]'], { saidBy: 'microsoft' }],
    ['a new-format NDR: Remote server: on the lines below', ['Reported error: 550 5.4.300 Message expired -> 450 4.4.317 Cannot connect', 'DSN generated by: X.prod.outlook.com', 'Remote server: mail.contoso.com'], { statuses: ['5.4.300', '4.4.317'], server: 'mail.contoso.com' }],
  ];
  for (const [name, lines, expected] of cases) {
    it(name, () => {
      const statements = textStatements(lines);
      expect(statements).toHaveLength(1);
      expect(statements[0]).toMatchObject(expected);
    });
  }

  it('joins wrapped continuation lines into the reply text', () => {
    const [s] = textStatements(['host x.example[192.0.2.1] said: 550 5.7.606', '    Access denied, banned sending IP [192.0.2.9].']);
    expect(s!.text).toBe('host x.example[192.0.2.1] said: 550 5.7.606 Access denied, banned sending IP [192.0.2.9].');
  });

  it('does not take IP addresses, versions, dates or times for codes', () => {
    const lines = [
      'Received: from x ([40.107.1.1]) by y (Exim 4.96.1) with esmtp',
      'Sent: 5.3.2025 10:12:03, error code 10061, port 465',
      'Version 2.0.0.1 and 15.20.8489.25; image 450x550 pixels',
      'Arrival at 12:55 550x',
    ];
    expect(textStatements(lines)).toEqual([]);
  });

  it('a code-less line is read only when it says something a known refusal says', () => {
    expect(textStatements(['  bob@contoso.com', '    No Such User Here'])).toHaveLength(1);
    expect(textStatements(['Hello, this is just a letter about user accounts.'])).toEqual([]);
  });
});

describe('MIME: transfer encodings, nesting, header folding, encoded words, line endings', () => {
  it('quoted-printable with soft line breaks inside a nested multipart (Gmail)', async () => {
    const bytes = fixture('gmail-5.4.1-access-denied.eml');
    const parsed = await parseMessage(bytes, bytes.toString('utf8'));
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.message.text).toContain('550 5.4.1 Recipient address rejected: Access denied. AS(201806281) [MW2NAM12FT011.eop-nam12.prod.protection.outlook.com');
    expect(parsed.message.text).not.toMatch(/=\r?\n/);
    expect(parsed.message.deliveryStatus).toHaveLength(1);
    // The returned message is evidence, never report text: its "550 5.7.23" must not be read.
    expect(parsed.message.text).not.toContain('5.7.23');
    expect(parsed.message.failedRecipients).toEqual(['carol@contoso.com']);
  });

  it('base64 text and HTML in a multipart/alternative inside the report (Exchange Online)', async () => {
    const e = await explain(fixture('exchange-5.4.316-expired.eml'));
    expect(e.facts.statements.filter((s) => s.source === 'text').map((s) => s.text)).toEqual([
      "Remote Server returned '550 5.4.316 Message expired, connection refused(Socket error code 10061)'",
    ]);
    expect(e.facts.deliveryStatus).toBe(true);
  });

  it('an HTML-only report (quoted-printable), folded headers and an RFC 2047 subject', async () => {
    const e = await explain(fixture('exchange-4.4.317-untrusted-root.eml'));
    expect(e.facts.subject).toBe('Undeliverable: Réunion & agenda');
    expect(e.facts.from).toBe('Microsoft Outlook <MicrosoftExchange329e71ec88ae4615bbc36ab6ce41109e@contoso.com>');
    expect(e.facts.statements.some((s) => s.text.includes('450 4.4.317 Cannot connect to remote server [Message=UntrustedRoot]'))).toBe(true);
    expect(e.facts.sender).toBe('dan@fabrikam.com');
  });

  it('htmlToText turns block ends into lines and decodes entities', () => {
    expect(htmlToText('<p>a&nbsp;&amp;&#233;&#x41;</p><style>p{}</style><br>b<td>c</td>d')).toBe('a &éA\n\nbc d');
  });

  it('CRLF, LF and bare CR line endings read the same', async () => {
    for (const name of ['exchange-5.4.14-hop-count.eml', 'gmail-5.4.1-access-denied.eml', 'exchange-4.4.316-delayed.txt']) {
      const text = fixture(name).toString('utf8');
      const lf = await explain(text.replace(/\r\n/g, '\n'));
      const crlf = await explain(text.replace(/\r?\n/g, '\r\n'));
      expect(crlf.diagnoses.map((d) => [d.id, d.codes])).toEqual(lf.diagnoses.map((d) => [d.id, d.codes]));
      expect(crlf.facts.recipients).toEqual(lf.facts.recipients);
      expect(lf.diagnoses.length).toBeGreaterThan(0);
    }
    const cr = await explain('Delivery has failed to these recipients or groups:\r\rcarol@contoso.com\r\rRemote Server returned \'554 5.4.14 Hop count exceeded - possible mail loop\'\r');
    expect(cr.diagnoses.map((d) => d.id)).toEqual(['mail-loop']);
  });

  it('a bounce forwarded as an attachment is explained from the attached message', async () => {
    const inner = fixture('exchange-5.4.14-hop-count.eml').toString('utf8');
    const outer = [
      'From: Dan <dan@fabrikam.com>',
      'To: helpdesk@fabrikam.com',
      'Subject: Fwd: Undeliverable: Site visit',
      'MIME-Version: 1.0',
      'Content-Type: multipart/mixed; boundary="fwd"',
      '',
      '--fwd',
      'Content-Type: text/plain',
      '',
      'Can you look at this? It keeps bouncing.',
      '--fwd',
      'Content-Type: message/rfc822',
      'Content-Disposition: attachment; filename="bounce.eml"',
      '',
      inner,
      '--fwd--',
      '',
    ].join('\n');
    const e = await explain(outer);
    expect(e.diagnoses.map((d) => d.id)).toEqual(['mail-loop']);
    expect(e.facts.notes[0]).toMatch(/forwarded/);
  });
});

describe('limits: hostile input ends fast with a clear result', () => {
  const timed = async (text: string) => {
    const started = performance.now();
    const e = await explain(text);
    return { e, ms: performance.now() - started };
  };

  it('a thousand nested multiparts: not MIME-parsed, read as text, still explained', async () => {
    let s = 'From: a@b.example\r\nSubject: bomb\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary="b0"\r\n\r\n';
    for (let i = 1; i < 1000; i++) s += `--b${i - 1}\r\nContent-Type: multipart/mixed; boundary="b${i}"\r\n\r\n`;
    s += '--b999\r\nContent-Type: text/plain\r\n\r\n550 5.4.1 Recipient address rejected: Access denied. AS(201806281)\r\n';
    const { e, ms } = await timed(s);
    expect(ms).toBeLessThan(3000);
    expect(e.facts.notes.join(' ')).toMatch(/MIME structure was not parsed.*MIME part delimiters/);
    expect(e.diagnoses.map((d) => d.id)).toEqual(['m365-authoritative']);
  });

  it('a few nested multiparts over the depth limit: refused by the parser, read as text', async () => {
    let s = 'From: a@b.example\r\nSubject: deep\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary="b0"\r\n\r\n';
    for (let i = 1; i < 40; i++) s += `--b${i - 1}\r\nContent-Type: multipart/mixed; boundary="b${i}"\r\n\r\n`;
    s += '--b39\r\nContent-Type: text/plain\r\n\r\n554 5.4.14 Hop count exceeded - possible mail loop\r\n';
    const { e } = await timed(s);
    expect(e.facts.notes.join(' ')).toMatch(/nested multipart boundaries/);
    expect(e.diagnoses.map((d) => d.id)).toEqual(['mail-loop']);
  });

  it('100 000 sibling parts (8 MB): refused before parsing, fast', async () => {
    let s = 'From: a@b.example\r\nSubject: wide\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary="x"\r\n\r\n';
    s += '--x\r\nContent-Type: text/plain\r\n\r\nhello\r\n'.repeat(100_000);
    const { e, ms } = await timed(`${s}--x--\r\n`);
    expect(ms).toBeLessThan(3000);
    expect(e.facts.notes.join(' ')).toMatch(/MIME part delimiters/);
    expect(e.diagnoses).toEqual([]);
  });

  it('a 9 MB single line and 50 000 short lines are cut to the scan limits', async () => {
    const one = await timed(`550 5.4.1 Access denied AS(201806281) ${'x'.repeat(9 * 1024 * 1024)}`);
    expect(one.ms).toBeLessThan(3000);
    expect(one.e.facts.notes.join(' ')).toContain(`longer than ${MAX_LINE_CHARS} characters`);
    expect(one.e.diagnoses.map((d) => d.id)).toEqual(['m365-authoritative']);
    const many = await timed('450 4.4.316 Connection refused\n'.repeat(50_000));
    expect(many.ms).toBeLessThan(3000);
    expect(many.e.facts.lines).toBe(MAX_SCAN_LINES);
    expect(many.e.facts.notes.join(' ')).toContain(`first ${MAX_SCAN_LINES} lines`);
    expect(many.e.diagnoses[0]!.evidence.length).toBe(1);
  });

  it('pathological header and address text does not backtrack', async () => {
    const { ms } = await timed(`${'a@'.repeat(200_000)}\n${'<'.repeat(100_000)}@\n${'host '.repeat(100_000)}[`);
    expect(ms).toBeLessThan(3000);
  });
});
