// Reading every message (issue 12, item 3): line ends, broken MIME, NUL bytes, mbox files and several bounces pasted together, each read to the same recipients and codes.
import { describe, expect, it } from 'vitest';
import { explainBounce } from '../../src/explain/index.js';
import { inspectInput, normaliseBytes } from '../../src/explain/input.js';
import { repairMime } from '../../src/explain/message.js';
import { splitMessages } from '../../src/explain/split.js';
import type { Explanation } from '../../src/explain/types.js';

const enc = (text: string) => new TextEncoder().encode(text);

async function explain(input: string | Uint8Array): Promise<Explanation> {
  const result = await explainBounce(typeof input === 'string' ? enc(input) : input);
  if (!result.ok) throw new Error(result.reason);
  return result.explanation;
}

const codes = (e: Explanation) => e.facts.recipients.map((r) => [r.address, r.status ?? null, r.reply ?? null]);

/** A Postfix DSN (RFC 3464 in a multipart/report, RFC 6522) with the returned headers. */
const DSN = [
  'From: MAILER-DAEMON@relay.example.net (Mail Delivery System)',
  'To: alice@example.org',
  'Subject: Undelivered Mail Returned to Sender',
  'MIME-Version: 1.0',
  'Content-Type: multipart/report; report-type=delivery-status;',
  '\tboundary="B1"',
  '',
  '--B1',
  'Content-Type: text/plain; charset=us-ascii',
  '',
  'This is the mail system at host relay.example.net.',
  '',
  '<bob@example.com>: host mx.example.com[198.51.100.5] said: 552 5.2.2 <bob@example.com>:',
  '    Mailbox full (in reply to RCPT TO command)',
  '',
  '--B1',
  'Content-Type: message/delivery-status',
  '',
  'Reporting-MTA: dns; relay.example.net',
  '',
  'Final-Recipient: rfc822; bob@example.com',
  'Action: failed',
  'Status: 5.2.2',
  'Remote-MTA: dns; mx.example.com',
  'Diagnostic-Code: smtp; 552 5.2.2 <bob@example.com>: Mailbox full',
  '',
  '--B1',
  'Content-Type: text/rfc822-headers',
  '',
  'From: Alice <alice@example.org>',
  'To: Bob <bob@example.com>',
  'Subject: hello',
  '',
  '--B1--',
  '',
].join('\n');
const WANT = [['bob@example.com', '5.2.2', 552]];

describe('line ends: LF, CRLF, CR alone and mixed read the same', () => {
  const variants: [string, string][] = [
    ['LF', DSN],
    ['CRLF', DSN.replace(/\n/g, '\r\n')],
    ['CR alone (classic Mac OS)', DSN.replace(/\n/g, '\r')],
    ['mixed', DSN.split('\n').map((l, i) => l + (i % 3 === 0 ? '\r\n' : i % 3 === 1 ? '\r' : '\n')).join('')],
  ];
  for (const [name, text] of variants) {
    it(name, async () => {
      const e = await explain(text);
      expect(e.facts.deliveryStatus).toBe(true);
      expect(codes(e)).toEqual(WANT);
      expect(e.diagnoses.map((d) => d.id)).toEqual(['mailbox-full']);
    });
  }

  it('normaliseBytes: every line end becomes LF, byte by byte (charsets keep their octets)', () => {
    const out = normaliseBytes(Uint8Array.from([0x61, 0x0d, 0x0a, 0x62, 0x0d, 0x63, 0x0a, 0xe9, 0x0d]));
    expect([...out.bytes]).toEqual([0x61, 0x0a, 0x62, 0x0a, 0x63, 0x0a, 0xe9, 0x0a]);
    expect(out.crOnly).toBe(2);
  });
});

describe('NUL bytes', () => {
  it('one trailing NUL (a mail store\'s) is ignored, with a note; the bounce is read', async () => {
    const e = await explain(Uint8Array.from([...enc(DSN), 0x00, 0x0a]));
    expect(codes(e)).toEqual(WANT);
    expect(e.facts.notes.join(' ')).toMatch(/1 NUL byte\(s\) were ignored/);
  });

  it('a NUL inside a header line is ignored too', async () => {
    const e = await explain(DSN.replace('Subject: Undelivered Mail Returned to Sender', 'Subject: Undelivered Mail Returned to Sender\0'));
    expect(codes(e)).toEqual(WANT);
  });

  it('many NULs are binary data: refused in one line', () => {
    const v = inspectInput(Uint8Array.from({ length: 400 }, (_, i) => (i % 5 === 0 ? 0 : 0x41)));
    expect(v).toEqual({ ok: false, reason: 'is binary data (it holds NUL bytes), not the text of a bounce' });
  });
});

describe('broken MIME', () => {
  it('a parameter on an unindented line (boundary= below Content-Type) is read as a parameter', async () => {
    const e = await explain(DSN.replace('\tboundary="B1"', 'boundary="B1"'));
    expect(e.facts.deliveryStatus).toBe(true);
    expect(codes(e)).toEqual(WANT);
    expect(e.facts.notes.join(' ')).toMatch(/unindented line/);
  });

  it('a declared boundary no delimiter uses, when the parts use another: read at the one in use', async () => {
    const e = await explain(DSN.replace('boundary="B1"', 'boundary="NOT-USED"'));
    expect(e.facts.deliveryStatus).toBe(true);
    expect(codes(e)).toEqual(WANT);
    expect(e.facts.notes.join(' ')).toMatch(/is never used/);
  });

  it('delimiters missing altogether: the body is read as text, its delivery-status fields too', async () => {
    const e = await explain(DSN.split('\n').filter((l) => !l.startsWith('--B1')).join('\n'));
    expect(codes(e)).toEqual(WANT);
    expect(e.facts.notes.join(' ')).toMatch(/no MIME part was found/);
  });

  it('Content-Type: text/plain with its charset on the next line and no ";"', () => {
    const r = repairMime('Content-Type: text/plain\n   charset="iso-2022-jp"\n\nbody');
    expect(r.text).toBe('Content-Type: text/plain;\n   charset="iso-2022-jp"\n\nbody');
  });

  it('quoted-printable and base64 parts are decoded', async () => {
    const b64 = Buffer.from('<bob@example.com>: host mx.example.com[198.51.100.5] said: 552 5.2.2 Mailbox full\n').toString('base64');
    const text = DSN.replace(
      'Content-Type: text/plain; charset=us-ascii\n\nThis is the mail system at host relay.example.net.\n\n<bob@example.com>: host mx.example.com[198.51.100.5] said: 552 5.2.2 <bob@example.com>:\n    Mailbox full (in reply to RCPT TO command)',
      `Content-Type: text/plain; charset=us-ascii\nContent-Transfer-Encoding: base64\n\n${b64}`,
    );
    expect(codes(await explain(text))).toEqual(WANT);
    const qp = DSN.replace('Diagnostic-Code: smtp; 552 5.2.2 <bob@example.com>: Mailbox full', 'Diagnostic-Code: smtp; 552 5.2.2 <bob@example.com>: Mailbox=\n full');
    expect(codes(await explain(qp.replace('Content-Type: message/delivery-status', 'Content-Type: message/delivery-status\nContent-Transfer-Encoding: quoted-printable')))).toEqual(WANT);
  });
});

describe('several messages in one input', () => {
  const second = DSN.replace(/bob@example\.com/g, 'carol@example.com').replace(/552 5\.2\.2/g, '550 5.1.1').replace('Status: 5.2.2', 'Status: 5.1.1').replace(/Mailbox full/g, 'User unknown');

  it('an mbox file: each "From " separator starts a message; recipients, codes and diagnoses of all, evidence says which message', async () => {
    const mbox = `From MAILER-DAEMON Tue Oct 14 09:12:41 2025\n${DSN}\nFrom MAILER-DAEMON Tue Oct 14 09:13:02 2025\n${second}`;
    const e = await explain(mbox);
    expect(e.facts.messages).toBe(2);
    expect(codes(e)).toEqual([...WANT, ['carol@example.com', '5.1.1', 550]]);
    expect(e.diagnoses.map((d) => [d.id, d.recipients])).toEqual([
      ['mailbox-full', ['bob@example.com']],
      ['recipient-unknown', ['carol@example.com']],
    ]);
    expect(e.diagnoses[1]!.evidence[0]!.message).toBe(1);
  });

  it('splitMessages: a "From " line inside a body (no header after it) does not split', () => {
    const text = enc('From: a@b.example\nSubject: x\n\nFrom here on, nothing.\nbye\n');
    expect(splitMessages(text).parts).toHaveLength(1);
  });

  it('two Outlook NDRs pasted one after the other: both recipients, both replies', async () => {
    const ndr = (to: string, reply: string) =>
      [
        'Delivery has failed to these recipients or groups:',
        '',
        to,
        '',
        'Diagnostic information for administrators:',
        '',
        'Generating server: PH0PR11MB4965.namprd11.prod.outlook.com',
        '',
        to,
        'mx.example.com',
        `Remote Server returned '${reply}'`,
        '',
        'Original message headers:',
        '',
        'From: Dan <dan@fabrikam.com>',
        `To: ${to}`,
        'Authentication-Results: spf=fail; 550 5.7.23 in the original message is not a reply',
        '',
      ].join('\n');
    const e = await explain(ndr('bob@example.com', '552 5.2.2 Mailbox full') + ndr('carol@example.com', '550 5.1.1 User unknown'));
    expect(codes(e)).toEqual([...WANT, ['carol@example.com', '5.1.1', 550]]);
    expect(e.facts.notes.join(' ')).toMatch(/2 bounces were read/);
    expect(e.facts.statements.some((s) => s.statuses.includes('5.7.23'))).toBe(false);
  });
});

describe('input that cannot be read at all: one line saying why', () => {
  const cases: [string, Uint8Array, RegExp][] = [
    ['empty', new Uint8Array(), /^is empty$/],
    ['white space', enc(' \n\r\n\t'), /^holds only white space$/],
    ['an Outlook .msg', Uint8Array.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0]), /Outlook \.msg file/],
  ];
  for (const [name, bytes, reason] of cases) {
    it(name, async () => {
      const r = await explainBounce(bytes);
      expect(r.ok).toBe(false);
      if (!r.ok) {
        expect(r.reason).toMatch(reason);
        expect(r.reason).not.toContain('\n');
      }
    });
  }
});

describe('maskAddresses: linear, whatever the line', () => {
  it('replaces addresses, keeps the words around them', async () => {
    const { maskAddresses } = await import('../../src/explain/mask.js');
    expect(maskAddresses('550 <filtered@example.org>: user filtered@example.com unknown')).toBe('550 <address>: user <address> unknown');
    expect(maskAddresses('no address here')).toBe('no address here');
    expect(maskAddresses('a @ b and @@@ and x@')).toBe('a @ b and @@@ and x@');
  });
});
