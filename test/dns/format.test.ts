// Zone-file presentation of records, with RFC 1035 §5.1 escaping.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatName, formatRecord, formatResult, quoteString } from '../../src/dns/format.js';
import type { DnsRecord, DnsResult } from '../../src/dns/types.js';

describe('formatRecord', () => {
  it.each<[DnsRecord, string]>([
    [{ name: 'example.com', ttl: 3600, type: 'MX', data: { preference: 10, exchange: 'host.example.com' } }, 'example.com. 3600 IN MX 10 host.example.com.'],
    [{ name: 'example.com', ttl: 300, type: 'MX', data: { preference: 0, exchange: '' } }, 'example.com. 300 IN MX 0 .'],
    [{ name: 'example.com', ttl: 60, type: 'A', data: '192.0.2.1' }, 'example.com. 60 IN A 192.0.2.1'],
    [{ name: 'example.com', ttl: 60, type: 'AAAA', data: '2001:db8::1' }, 'example.com. 60 IN AAAA 2001:db8::1'],
    [{ name: 'autodiscover.example.com', ttl: 3600, type: 'CNAME', data: 'autodiscover.outlook.com' }, 'autodiscover.example.com. 3600 IN CNAME autodiscover.outlook.com.'],
    [{ name: '_autodiscover._tcp.example.com', ttl: 3600, type: 'SRV', data: { priority: 0, weight: 5, port: 443, target: 'cpanelemaildiscovery.cpanel.net' } }, '_autodiscover._tcp.example.com. 3600 IN SRV 0 5 443 cpanelemaildiscovery.cpanel.net.'],
    [{ name: '_x._tcp.example.com', ttl: 1, type: 'SRV', data: { priority: 0, weight: 0, port: 0, target: '' } }, '_x._tcp.example.com. 1 IN SRV 0 0 0 .'],
    [{ name: 'example.com', ttl: 3600, type: 'SOA', data: { mname: 'ns1.example.com', rname: 'hostmaster.example.com', serial: 1, refresh: 7200, retry: 900, expire: 1209600, minimum: 300 } }, 'example.com. 3600 IN SOA ns1.example.com. hostmaster.example.com. 1 7200 900 1209600 300'],
    [{ name: 'example.com', ttl: 3600, type: 'TXT', data: ['v=spf1 include:spf.protection.outlook.com', ' -all'] }, 'example.com. 3600 IN TXT "v=spf1 include:spf.protection.outlook.com" " -all"'],
    [{ name: '1.2.0.192.in-addr.arpa', ttl: 5, type: 'PTR', data: 'mail.example.com' }, '1.2.0.192.in-addr.arpa. 5 IN PTR mail.example.com.'],
  ])('%#: %s', (record, line) => {
    expect(formatRecord(record)).toBe(line);
  });
});

describe('quoteString', () => {
  it('escapes quote and backslash with a backslash', () => {
    expect(quoteString('say "hi" \\ bye')).toBe('"say \\"hi\\" \\\\ bye"');
  });

  it('escapes control characters and high octets as \\DDD', () => {
    expect(quoteString('a\u0000b\tc\nd\u001b[31m\u007f\u00ff')).toBe('"a\\000b\\009c\\010d\\027[31m\\127\\255"');
  });

  it('writes chars above U+00FF as their UTF-8 octets', () => {
    expect(quoteString('€')).toBe('"\\226\\130\\172"');
  });

  it('always yields one printable-ASCII quoted string (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 300 }), (value) => /^"(?:[^"\\\u0000-\u001f\u007f-\uffff]|\\["\\]|\\\d{3})*"$/.test(quoteString(value))),
      { numRuns: 2000 },
    );
  });

  it('never lets a control character through', () => {
    const all = Array.from({ length: 256 }, (_, i) => String.fromCharCode(i)).join('');
    const quoted = quoteString(all);
    expect(quoted).not.toMatch(/[\u0000-\u001f\u007f-\uffff]/);
    expect(quoted.startsWith('"') && quoted.endsWith('"')).toBe(true);
  });
});

describe('formatName', () => {
  it('makes names absolute and escapes specials', () => {
    expect(formatName('')).toBe('.');
    expect(formatName('a b;c.example')).toBe('a\\ b\\;c.example.');
    expect(formatName('x\u0007y')).toBe('x\\007y.');
  });
});

describe('formatResult', () => {
  it('shows the chain, then the records or the status', () => {
    const result: DnsResult = {
      question: { name: 'www.example.com', type: 'AAAA' },
      status: 'nodata',
      records: [],
      cnames: [{ name: 'www.example.com', ttl: 60, type: 'CNAME', data: 'host.example.com' }],
      canonicalName: 'host.example.com',
      reason: 'host.example.com has no AAAA\u001b[2J',
    };
    expect(formatResult(result)).toBe('www.example.com. 60 IN CNAME host.example.com.\n;; www.example.com. AAAA: nodata (host.example.com has no AAAA\\027[2J)');
  });
});
