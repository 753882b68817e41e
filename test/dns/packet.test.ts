// Query encoding, defensive decoding, response matching and record conversion.
import dnsPacket from 'dns-packet';
import type { Answer, Packet } from 'dns-packet';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  decodeMessage,
  EDNS_UDP_PAYLOAD,
  encodeQuery,
  matchResponse,
  peekId,
  rcodeToCode,
  toDnsRecord,
  toDnsRecords,
  type DecodedMessage,
} from '../../src/dns/packet.js';

function decoded(packet: Packet): DecodedMessage {
  const result = decodeMessage(dnsPacket.encode(packet));
  if (!result.ok) throw new Error(result.error);
  return result.message;
}

describe('encodeQuery', () => {
  it('sends one IN question with RD and an EDNS0 OPT advertising 1232 octets', () => {
    const query = encodeQuery({ name: 'example.com', type: 'MX' });
    const packet = dnsPacket.decode(query.buffer);
    expect(packet.id).toBe(query.id);
    expect(packet.flag_qr).toBe(false);
    expect(packet.flag_rd).toBe(true);
    expect(packet.questions).toEqual([{ name: 'example.com', type: 'MX', class: 'IN' }]);
    const opt = packet.additionals?.find((a) => a.type === 'OPT');
    expect(opt).toMatchObject({ type: 'OPT', name: '.', udpPayloadSize: 1232, ednsVersion: 0 });
    expect(EDNS_UDP_PAYLOAD).toBe(1232);
  });

  it('can clear RD for authoritative servers', () => {
    const query = encodeQuery({ name: 'example.com', type: 'A' }, { recursionDesired: false });
    expect(dnsPacket.decode(query.buffer).flag_rd).toBe(false);
  });

  it('draws random 16-bit ids', () => {
    const ids = new Set(Array.from({ length: 200 }, () => encodeQuery({ name: 'a.example', type: 'A' }).id));
    expect(ids.size).toBeGreaterThan(190);
    for (const id of ids) expect(id >= 0 && id <= 0xffff).toBe(true);
  });
});

describe('decodeMessage', () => {
  it.each([
    ['empty', Buffer.alloc(0)],
    ['short header', Buffer.from([1, 2, 3])],
    ['counts beyond the data', Buffer.from([0, 1, 0x81, 0x80, 0, 5, 0, 9, 0, 0, 0, 0, 3, 0x61])],
    ['bad compression pointer', Buffer.from([0, 1, 0x81, 0x80, 0, 1, 0, 0, 0, 0, 0, 0, 0xc0, 0x20, 0, 1, 0, 1])],
    ['random garbage', Buffer.from('this is not a DNS message at all, just text')],
  ])('returns an error value for %s', (_label, buffer) => {
    const result = decodeMessage(buffer);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toMatch(/cannot decode/);
  });

  it('never throws, whatever the octets (property)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 600 }), (octets) => {
        const result = decodeMessage(Buffer.from(octets));
        return result.ok ? typeof result.message.rcode === 'string' : result.error.length > 0;
      }),
      { numRuns: 2000 },
    );
  });

  it('never throws on a real answer with random corruption, and converting what decodes never throws (property)', () => {
    const base = dnsPacket.encode({
      type: 'response',
      id: 9,
      questions: [{ name: 'example.com', type: 'MX' }],
      answers: [
        { type: 'MX', name: 'example.com', ttl: 60, data: { preference: 10, exchange: 'mail.example.com' } },
        { type: 'TXT', name: 'example.com', ttl: 60, data: ['v=spf1 -all'] },
        { type: 'SOA', name: 'example.com', ttl: 60, data: { mname: 'ns.example.com', rname: 'h.example.com', serial: 1, refresh: 2, retry: 3, expire: 4, minimum: 5 } },
      ],
    });
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(base.length - 1), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 6 }), (edits) => {
        const corrupted = Buffer.from(base);
        for (const [at, value] of edits) corrupted[at] = value;
        const result = decodeMessage(corrupted);
        if (result.ok) toDnsRecords([...(result.message.answers ?? []), ...(result.message.authorities ?? [])]);
        return true;
      }),
      { numRuns: 2000 },
    );
  });

  it('exposes the RCODE name', () => {
    const message = decoded({ type: 'response', id: 7, flags: 3, questions: [{ name: 'x.example', type: 'A' }] });
    expect(message.rcode).toBe('NXDOMAIN');
    expect(peekId(dnsPacket.encode({ id: 0xbeef, questions: [] }))).toBe(0xbeef);
    expect(peekId(Buffer.from([1]))).toBeUndefined();
  });
});

describe('matchResponse', () => {
  const query = encodeQuery({ name: 'Example.com', type: 'MX' }, { id: 1234 });
  const response = (over: Partial<Packet> = {}): DecodedMessage =>
    decoded({ type: 'response', id: 1234, questions: [{ name: 'example.COM.', type: 'MX', class: 'IN' }], ...over });

  it('accepts the same id and question, name case-insensitively', () => {
    expect(matchResponse(query, response())).toBe('ok');
  });
  it('rejects another id', () => {
    expect(matchResponse(query, response({ id: 1235 }))).toBe('wrong-id');
  });
  it('rejects a query (QR=0)', () => {
    expect(matchResponse(query, response({ type: 'query' }))).toBe('not-a-response');
  });
  it.each([
    ['another name', [{ name: 'example.net', type: 'MX' as const }]],
    ['another type', [{ name: 'example.com', type: 'TXT' as const }]],
    ['another class', [{ name: 'example.com', type: 'MX' as const, class: 'CH' as const }]],
    ['two questions', [{ name: 'example.com', type: 'MX' as const }, { name: 'example.com', type: 'MX' as const }]],
  ])('rejects %s', (_label, questions) => {
    expect(matchResponse(query, response({ questions }))).toBe('wrong-question');
  });
  it('accepts an error response without a question, but not an answer without one', () => {
    expect(matchResponse(query, response({ questions: [], flags: 1 }))).toBe('ok');
    expect(matchResponse(query, response({ questions: [] }))).toBe('wrong-question');
  });
});

describe('toDnsRecord', () => {
  const roundTrip = (answer: Answer) => {
    const message = decoded({ type: 'response', id: 1, answers: [answer] });
    const first = message.answers[0];
    if (first === undefined) throw new Error('no answer decoded');
    return toDnsRecord(first);
  };

  it('lower-cases names and drops the trailing dot', () => {
    expect(roundTrip({ type: 'MX', name: 'Example.COM', ttl: 300, data: { preference: 10, exchange: 'Mail.Example.COM.' } })).toEqual({
      name: 'example.com',
      ttl: 300,
      type: 'MX',
      data: { preference: 10, exchange: 'mail.example.com' },
    });
    expect(roundTrip({ type: 'CNAME', name: 'WWW.example.com', ttl: 1, data: 'Host.Example.com' })).toMatchObject({ data: 'host.example.com' });
  });

  it('maps a null MX exchange and an SRV "." target to ""', () => {
    expect(roundTrip({ type: 'MX', name: 'example.com', ttl: 1, data: { preference: 0, exchange: '.' } })).toMatchObject({ data: { preference: 0, exchange: '' } });
    expect(roundTrip({ type: 'SRV', name: '_x._tcp.example.com', ttl: 1, data: { priority: 0, weight: 0, port: 0, target: '.' } })).toMatchObject({
      data: { priority: 0, weight: 0, port: 0, target: '' },
    });
  });

  it('keeps TXT strings apart as latin1 binary strings', () => {
    const record = roundTrip({ type: 'TXT', name: 'example.com', ttl: 60, data: [Buffer.from('v=spf1 '), Buffer.from([0x00, 0xe9, 0xff]), Buffer.from('-all')] });
    expect(record).toEqual({ name: 'example.com', ttl: 60, type: 'TXT', data: ['v=spf1 ', '\u0000\u00e9\u00ff', '-all'] });
  });

  it('converts SOA, A, AAAA, NS, PTR', () => {
    expect(roundTrip({ type: 'SOA', name: 'example.com', ttl: 60, data: { mname: 'NS1.example.com', rname: 'h.example.com', serial: 5, refresh: 6, retry: 7, expire: 8, minimum: 9 } })).toEqual({
      name: 'example.com',
      ttl: 60,
      type: 'SOA',
      data: { mname: 'ns1.example.com', rname: 'h.example.com', serial: 5, refresh: 6, retry: 7, expire: 8, minimum: 9 },
    });
    expect(roundTrip({ type: 'A', name: 'a.example', ttl: 1, data: '192.0.2.1' })).toMatchObject({ type: 'A', data: '192.0.2.1' });
    expect(roundTrip({ type: 'AAAA', name: 'a.example', ttl: 1, data: '2001:db8::1' })).toMatchObject({ type: 'AAAA', data: '2001:db8::1' });
    expect(roundTrip({ type: 'NS', name: 'example', ttl: 1, data: 'NS.example.' })).toMatchObject({ type: 'NS', data: 'ns.example' });
    expect(roundTrip({ type: 'PTR', name: '1.2.0.192.in-addr.arpa', ttl: 1, data: 'h.example' })).toMatchObject({ type: 'PTR', data: 'h.example' });
  });

  it('drops types and classes it does not handle', () => {
    expect(roundTrip({ type: 'CAA', name: 'example.com', ttl: 1, data: { flags: 0, tag: 'issue', value: 'ca.example' } })).toBeUndefined();
    expect(roundTrip({ type: 'A', name: 'example.com', ttl: 1, class: 'CH', data: '192.0.2.1' })).toBeUndefined();
    expect(toDnsRecords([{ type: 'OPT', name: '.', udpPayloadSize: 1232, extendedRcode: 0, ednsVersion: 0, flags: 0, flag_do: false, options: [] }])).toEqual([]);
  });
});

describe('rcodeToCode', () => {
  it.each([
    ['SERVFAIL', 'ESERVFAIL'],
    ['REFUSED', 'EREFUSED'],
    ['NXDOMAIN', 'ENOTFOUND'],
    ['FORMERR', 'EFORMERR'],
    ['NOTIMP', 'ENOTIMP'],
    ['RCODE_11', 'EBADRESP'],
  ])('%s -> %s', (rcode, code) => {
    expect(rcodeToCode(rcode)).toBe(code);
  });
});
