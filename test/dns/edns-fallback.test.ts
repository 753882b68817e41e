// A server that does not implement EDNS0 (FORMERR/NOTIMP without an OPT record) is asked again without it (RFC 6891 §7).
import type { Packet } from 'dns-packet';
import { describe, expect, it } from 'vitest';
import { createResolver } from '../../src/dns/resolver.js';
import type { DecodedQuery, Zone } from '../../src/testbed/dns-server.js';
import { useDnsServers } from './helpers.js';

const startServer = useDnsServers();

/** 16 MX records with long names: more than 512 octets, so without EDNS the UDP answer comes truncated. */
const MANY_MX = Array.from({ length: 16 }, (_, i) => ({ MX: [i, `mx${i}-${'x'.repeat(40)}.example.net`] as [number, string] }));
const ZONE: Zone = {
  'example.com': [{ MX: [0, 'example-com.mail.protection.outlook.com'] }],
  'big.example.com': MANY_MX,
};

const hasOpt = (q: DecodedQuery) => q.additionals.some((r) => r.type === 'OPT');
/** The reply of a pre-EDNS server to a query with an OPT record: the rcode, no OPT of its own. */
const noEdns = (rcode: number) => (q: DecodedQuery): Packet | undefined =>
  hasOpt(q) ? { type: 'response', id: q.id, flags: (1 << 15) | rcode, questions: q.questions } : undefined;

describe('EDNS0 fallback', () => {
  for (const [name, rcode] of [['FORMERR', 1], ['NOTIMP', 4]] as const) {
    it(`${name} without OPT: asked again without EDNS, and answered`, async () => {
      const server = await startServer({ zone: ZONE, handler: noEdns(rcode) });
      const resolver = createResolver({ servers: [server.address], timeoutMs: 300 });
      const result = await resolver.query('example.com', 'MX');
      expect(result.status).toBe('answer');
      expect(result.records.map((r) => r.type === 'MX' && r.data.exchange)).toEqual(['example-com.mail.protection.outlook.com']);
      expect(server.queries.map((q) => q.udpPayloadSize ?? 'none')).toEqual([1232, 'none']);
      expect(resolver.exchanges.map((e) => [e.rcode, e.edns ?? true])).toEqual([
        [name, true],
        ['NOERROR', false],
      ]);
    });
  }

  it('without EDNS a large answer comes truncated and is asked again over TCP, still without EDNS', async () => {
    const server = await startServer({ zone: ZONE, handler: noEdns(1) });
    const resolver = createResolver({ servers: [server.address], timeoutMs: 300 });
    const result = await resolver.query('big.example.com', 'MX');
    expect(result).toMatchObject({ status: 'answer', transport: 'tcp' });
    expect(result.records).toHaveLength(16);
    expect(server.queries.map((q) => [q.transport, q.udpPayloadSize ?? 'none'])).toEqual([
      ['udp', 1232],
      ['udp', 'none'],
      ['tcp', 'none'],
    ]);
  });

  it('FORMERR from a server that does implement EDNS (its reply has an OPT) is not retried: an error', async () => {
    const server = await startServer({
      zone: ZONE,
      handler: (q) => ({
        type: 'response',
        id: q.id,
        flags: (1 << 15) | 1,
        questions: q.questions,
        additionals: [{ type: 'OPT', name: '.', udpPayloadSize: 1232, extendedRcode: 0, ednsVersion: 0, flags: 0, flag_do: false, options: [] }],
      }) as Packet,
    });
    const resolver = createResolver({ servers: [server.address], timeoutMs: 300, retries: 0 });
    const result = await resolver.query('example.com', 'MX');
    expect(result.status).toBe('error');
    expect(server.queries.map((q) => q.udpPayloadSize ?? 'none')).toEqual([1232]);
  });

  it('a server that answers FORMERR with or without EDNS is an error after one retry, not a loop', async () => {
    const server = await startServer({ zone: ZONE, handler: (q) => ({ type: 'response', id: q.id, flags: (1 << 15) | 1, questions: q.questions }) });
    const resolver = createResolver({ servers: [server.address], timeoutMs: 300, retries: 0 });
    const result = await resolver.query('example.com', 'MX');
    expect(result.status).toBe('error');
    expect(server.queries.map((q) => q.udpPayloadSize ?? 'none')).toEqual([1232, 'none']);
  });
});
