// Reply and EHLO parsing: codes, enhanced status codes, multiline replies, malformed input.

import { describe, expect, it } from 'vitest';
import { ehloResult, parseExtensions } from '../../src/smtp/ehlo.js';
import { isPositive, parseReply, replySummary } from '../../src/smtp/reply.js';

describe('parseReply', () => {
  it('reads a single-line reply with an enhanced status code', () => {
    const reply = parseReply('550 5.4.1 Recipient address rejected: Access denied. AS(201806281) [AM0PR00MB0000 2025-01-01T00:00:00Z]');
    expect(reply).toMatchObject({ code: 550, enhanced: '5.4.1' });
    expect(reply.text).toBe('Recipient address rejected: Access denied. AS(201806281) [AM0PR00MB0000 2025-01-01T00:00:00Z]');
    expect(reply.malformed).toBeUndefined();
    expect(isPositive(reply)).toBe(false);
  });

  it('keeps a multiline reply together and strips the repeated enhanced code (RFC 2034)', () => {
    const reply = parseReply('250-2.0.0 first\n250-2.0.0 second\n250 2.0.0 last');
    expect(reply).toMatchObject({ code: 250, enhanced: '2.0.0', lines: ['first', 'second', 'last'] });
    expect(reply.raw).toBe('250-2.0.0 first\n250-2.0.0 second\n250 2.0.0 last');
    expect(isPositive(reply)).toBe(true);
  });

  it('does not take digits that are not x.y.z of the same class for an enhanced code', () => {
    expect(parseReply('250 1.2.3.4 accepted').enhanced).toBeUndefined();
    expect(parseReply('550 2.1.5 mixed classes').enhanced).toBeUndefined();
    expect(parseReply('250 10.0.0.1 is your address').enhanced).toBeUndefined();
  });

  it('accepts a bare code and CRLF leftovers', () => {
    expect(parseReply('250')).toMatchObject({ code: 250, lines: [''], text: '' });
    expect(parseReply('221 bye\r')).toMatchObject({ code: 221, lines: ['bye'] });
  });

  it('marks replies that break RFC 5321 §4.2.1 as malformed without throwing', () => {
    expect(parseReply('HTTP/1.1 400 Bad Request')).toMatchObject({ code: 0, malformed: true });
    expect(parseReply('250-one\n251 two')).toMatchObject({ code: 250, malformed: true });
    expect(parseReply('')).toMatchObject({ code: 0, malformed: true });
  });

  it('summarizes on one line', () => {
    expect(replySummary(parseReply('550 5.1.1 <x@example.test>: No Such User Here'))).toBe('550 5.1.1 <x@example.test>: No Such User Here');
  });
});

describe('EHLO', () => {
  it('lists keywords, AUTH mechanisms (both forms) and SIZE', () => {
    const reply = parseReply(
      '250-mx.example.test Hello [192.0.2.1]\n250-SIZE 52428800\n250-8BITMIME\n250-PIPELINING\n250-AUTH PLAIN LOGIN\n250-AUTH=CRAM-MD5 plain\n250-STARTTLS\n250-ENHANCEDSTATUSCODES\n250 CHUNKING',
    );
    const ext = parseExtensions(reply);
    expect(ext).toMatchObject({
      startTls: true,
      auth: ['PLAIN', 'LOGIN', 'CRAM-MD5'],
      size: 52428800,
      pipelining: true,
      eightBitMime: true,
      enhancedStatusCodes: true,
      chunking: true,
      smtpUtf8: false,
    });
    expect(ext.keywords).toEqual(['SIZE', '8BITMIME', 'PIPELINING', 'AUTH', 'STARTTLS', 'ENHANCEDSTATUSCODES', 'CHUNKING']);
  });

  it('reports absent AUTH and SIZE as null, SIZE without value as 0 (RFC 1870)', () => {
    expect(parseExtensions(parseReply('250-mx Hello\n250 PIPELINING'))).toMatchObject({ auth: null, size: null, startTls: false });
    expect(parseExtensions(parseReply('250-mx Hello\n250 SIZE')).size).toBe(0);
  });

  it('names the server and has no extensions after HELO', () => {
    const refused = parseReply('502 5.5.1 EHLO not supported');
    const result = ehloResult('HELO', parseReply('250 old.example.test'), refused);
    expect(result).toEqual({ command: 'HELO', reply: parseReply('250 old.example.test'), refusedEhlo: refused, serverName: 'old.example.test' });
  });
});
