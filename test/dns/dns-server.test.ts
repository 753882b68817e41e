// The loopback testbed server on its own, probed with dns-packet directly: zone semantics, EDNS0, truncation, robustness.
import { randomBytes } from 'node:crypto';
import dgram from 'node:dgram';
import net from 'node:net';
import dnsPacket from 'dns-packet';
import type { Answer } from 'dns-packet';
import { describe, expect, it } from 'vitest';
import { startDnsServer, type Zone } from '../../src/testbed/dns-server.js';
import { probeLoopback } from '../helpers/loopback.js';
import { elapsedSince, queryPacket, rawTcp, rawUdp, SOA_EXAMPLE, useDnsServers } from './helpers.js';

const loopback = await probeLoopback(['127.0.0.2']);

const startServer = useDnsServers();

const ZONE: Zone = {
  'Example.COM.': [SOA_EXAMPLE, { MX: [10, 'mail.example.com'] }, { MX: [20, '.'] }],
  'a.b.example.com': [{ A: '192.0.2.1' }],
  'www.example.com': [{ CNAME: 'a.b.example.com' }],
  'loop1.example.com': [{ CNAME: 'loop2.example.com' }],
  'loop2.example.com': [{ CNAME: 'loop1.example.com' }],
  'slow.example.com': [{ TXT: 'v=spf1 -all' }, 'TIMEOUT'],
  'dead.example.com': ['TIMEOUT'],
  'big.example.com': [{ TXT: Array.from({ length: 3 }, () => 'x'.repeat(250)) }],
  '_autodiscover._tcp.example.com': [{ SRV: [0, 0, 443, 'autodiscover.example.com'] }],
};

/** One query over UDP: the decoded reply, or `undefined` when nothing came back within `waitMs`. */
async function ask(server: { address: { host: string; port: number } }, name: string, type: string, edns?: number, waitMs = 1000) {
  const replies = await rawUdp(server.address, queryPacket(name, type, { edns }), waitMs);
  return replies[0] === undefined ? undefined : dnsPacket.decode(replies[0]) as ReturnType<typeof dnsPacket.decode> & { rcode: string };
}

/** How long to wait before concluding that no answer is coming. */
const DROP_WAIT_MS = 250;

const dataOf = (answers: Answer[] | undefined) => (answers ?? []).map((a) => ('data' in a ? a.data : undefined));

describe('zone semantics', () => {
  it('is case-insensitive and ignores trailing dots; echoes the question as asked', async () => {
    const server = await startServer({ zone: ZONE });
    const reply = await ask(server, 'eXample.com.', 'MX');
    expect(reply?.rcode).toBe('NOERROR');
    expect(reply?.questions?.[0]?.name).toBe('eXample.com');
    expect(dataOf(reply?.answers)).toEqual([{ preference: 10, exchange: 'mail.example.com' }, { preference: 20, exchange: '.' }]);
  });

  it('NXDOMAIN for a missing name, NODATA for a missing type or an empty non-terminal, SOA in the authority', async () => {
    const server = await startServer({ zone: ZONE });
    const nx = await ask(server, 'nope.example.com', 'A');
    expect(nx?.rcode).toBe('NXDOMAIN');
    expect(nx?.authorities?.[0]).toMatchObject({ type: 'SOA', name: 'example.com', ttl: 300 });
    const nodata = await ask(server, 'example.com', 'TXT');
    expect(nodata?.rcode).toBe('NOERROR');
    expect(nodata?.answers).toEqual([]);
    expect(nodata?.authorities?.[0]?.type).toBe('SOA');
    const ent = await ask(server, 'b.example.com', 'A');
    expect(ent?.rcode).toBe('NOERROR');
    expect(ent?.answers).toEqual([]);
  });

  it('recursive mode follows CNAMEs, sets RA, not AA', async () => {
    const server = await startServer({ zone: ZONE });
    const reply = await ask(server, 'www.example.com', 'A');
    expect(reply?.answers?.map((a) => a.type)).toEqual(['CNAME', 'A']);
    expect(reply?.flag_ra).toBe(true);
    expect(reply?.flag_aa).toBe(false);
    expect(reply?.flag_rd).toBe(true);
  });

  it('authoritative mode returns only the CNAME, with AA', async () => {
    const server = await startServer({ zone: ZONE, recursive: false });
    const reply = await ask(server, 'www.example.com', 'A');
    expect(reply?.answers?.map((a) => a.type)).toEqual(['CNAME']);
    expect(reply?.flag_aa).toBe(true);
    expect(reply?.flag_ra).toBe(false);
  });

  it('a CNAME loop is answered at once with a finite chain', async () => {
    const server = await startServer({ zone: ZONE });
    const start = performance.now();
    const reply = await ask(server, 'loop1.example.com', 'A');
    expect(reply?.answers?.map((a) => a.name)).toEqual(['loop1.example.com', 'loop2.example.com']);
    expect(elapsedSince(start)).toBeLessThan(500);
  });

  it("'TIMEOUT' drops queries for types without records; alone it drops everything at the name", async () => {
    const server = await startServer({ zone: ZONE });
    expect(dataOf((await ask(server, 'slow.example.com', 'TXT'))?.answers)).toEqual([[Buffer.from('v=spf1 -all')]]);
    expect(await ask(server, 'slow.example.com', 'A', undefined, DROP_WAIT_MS)).toBeUndefined();
    expect(await ask(server, 'dead.example.com', 'TXT', undefined, DROP_WAIT_MS)).toBeUndefined();
    expect(server.queries.map((q) => q.name)).toEqual(['slow.example.com', 'slow.example.com', 'dead.example.com']);
  });

  it('serves SRV', async () => {
    const server = await startServer({ zone: ZONE });
    expect(dataOf((await ask(server, '_autodiscover._tcp.example.com', 'SRV'))?.answers)).toEqual([
      { priority: 0, weight: 0, port: 443, target: 'autodiscover.example.com' },
    ]);
  });

  it('refuses invalid zone data at start', async () => {
    await expect(startDnsServer({ zone: { 'x.test': [{ TXT: 'y'.repeat(256) }] } })).rejects.toThrow(/more than 255/);
    await expect(startDnsServer({ zone: { 'x.test': [{ A: 'not-an-ip' }] } })).rejects.toThrow(/not an IPv4 address/);
    await expect(startDnsServer({ zone: { 'x.test': [{ B: 'x' } as never] } })).rejects.toThrow(/expected one of/);
  });
});

describe('EDNS0 and size limits', () => {
  it('echoes EDNS0 when asked, not otherwise', async () => {
    const server = await startServer({ zone: ZONE });
    expect((await ask(server, 'example.com', 'MX', 1232))?.additionals?.map((a) => a.type)).toEqual(['OPT']);
    expect((await ask(server, 'example.com', 'MX'))?.additionals).toEqual([]);
    expect(server.queries.map((q) => q.udpPayloadSize)).toEqual([1232, undefined]);
  });

  it('without EDNS0 an answer over 512 octets is TC=1 with an empty answer; with EDNS0 1232 it fits', async () => {
    const server = await startServer({ zone: ZONE });
    const classic = await ask(server, 'big.example.com', 'TXT');
    expect(classic?.flag_tc).toBe(true);
    expect(classic?.answers).toEqual([]);
    const edns = await ask(server, 'big.example.com', 'TXT', 1232);
    expect(edns?.flag_tc).toBe(false);
    expect(edns?.answers).toHaveLength(1);
    const tcp = dnsPacket.decode(await rawTcp(server.address, queryPacket('big.example.com', 'TXT')));
    expect(tcp.flag_tc).toBe(false);
    expect(tcp.answers).toHaveLength(1);
  });

  it('truncateUdp truncates even small answers, but TCP answers whole', async () => {
    const server = await startServer({ zone: ZONE, truncateUdp: true });
    const udp = await ask(server, 'example.com', 'MX', 1232);
    expect(udp?.flag_tc).toBe(true);
    expect(udp?.answers).toEqual([]);
    expect(dnsPacket.decode(await rawTcp(server.address, queryPacket('example.com', 'MX'))).answers).toHaveLength(2);
  });
});

describe('behaviour options', () => {
  it('rcode overrides the zone', async () => {
    const server = await startServer({ zone: ZONE, rcode: 'REFUSED' });
    const reply = await ask(server, 'example.com', 'MX');
    expect(reply?.rcode).toBe('REFUSED');
    expect(reply?.answers).toEqual([]);
  });

  it('latencyMs delays each answer', async () => {
    const server = await startServer({ zone: ZONE, latencyMs: 120 });
    expect(await rawUdp(server.address, queryPacket('example.com', 'MX'), 50)).toHaveLength(0);
    expect(await rawUdp(server.address, queryPacket('example.com', 'MX'), 1000)).toHaveLength(1);
  });

  it('dropAll logs but never answers; a handler can answer with several packets', async () => {
    const dropAll = await startServer({ zone: ZONE, dropAll: true });
    expect(await ask(dropAll, 'example.com', 'MX', undefined, DROP_WAIT_MS)).toBeUndefined();
    expect(dropAll.queries).toHaveLength(1);
    const several = await startServer({ zone: ZONE, handler: (_q, _t, _r, h) => [Buffer.from('junk'), h.defaultResponse() as never] });
    const replies = await rawUdp(several.address, queryPacket('example.com', 'MX'), 1000, 2);
    expect(replies.map((r) => r.length > 4)).toEqual([false, true]);
  });

  it('a throwing handler is logged in errors; the server keeps going', async () => {
    let calls = 0;
    const server = await startServer({
      zone: ZONE,
      handler: () => {
        calls++;
        if (calls === 1) throw new Error('handler bug');
        return undefined;
      },
    });
    expect(await ask(server, 'example.com', 'MX', undefined, DROP_WAIT_MS)).toBeUndefined();
    expect(server.errors).toEqual(['handler threw: handler bug']);
    expect((await ask(server, 'example.com', 'MX'))?.answers).toHaveLength(2);
  });
});

describe('robustness and lifecycle', () => {
  it('ignores malformed queries and responses without crashing, then answers normally', async () => {
    const server = await startServer({ zone: ZONE });
    const response = dnsPacket.encode({ type: 'response', id: 1, questions: [{ name: 'example.com', type: 'A' }] });
    for (const junk of [Buffer.alloc(0), Buffer.from([1, 2, 3]), Buffer.alloc(512, 0xff), Buffer.from('GET / HTTP/1.1\r\n\r\n'), response]) {
      expect(await rawUdp(server.address, junk, 20)).toEqual([]);
    }
    await expect(rawTcp(server.address, Buffer.alloc(30, 0xc0), 100)).rejects.toThrow(/no TCP reply/);
    expect(server.queries).toHaveLength(0);
    expect((await ask(server, 'example.com', 'MX'))?.answers).toHaveLength(2);
  });

  it('survives a burst of random datagrams and corrupted queries', async () => {
    const server = await startServer({ zone: ZONE });
    const valid = queryPacket('example.com', 'MX', { edns: 1232 });
    const socket = dgram.createSocket('udp4');
    await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
    for (let i = 0; i < 100; i++) {
      const junk = i % 2 === 0 ? randomBytes(i % 80) : Buffer.from(valid);
      if (i % 2 === 1) for (let k = 0; k < 3; k++) junk[(i * 7 + k * 13) % junk.length] = (i * 31 + k) & 0xff;
      socket.send(junk, server.port, server.host);
    }
    // The server may still be working through the burst: allow it time, it must answer in the end.
    // (The burst socket stays open meanwhile, so its late replies cannot land on the new socket's port.)
    const replies = await rawUdp(server.address, queryPacket('example.com', 'MX', { id: 777 }), 3000);
    await new Promise<void>((resolve) => socket.close(() => resolve()));
    expect(replies.map((r) => dnsPacket.decode(r).answers?.length)).toEqual([2]);
    expect(server.errors).toEqual([]);
  });

  it.skipIf(!loopback.ok)(`serves UDP and TCP on the same port, on 127.0.0.2 too${loopback.skipped}`, async () => {
    const server = await startServer({ zone: ZONE, host: '127.0.0.2' });
    expect(server.address).toEqual({ host: '127.0.0.2', port: server.port });
    expect((await ask(server, 'example.com', 'MX'))?.answers).toHaveLength(2);
    expect(dnsPacket.decode(await rawTcp(server.address, queryPacket('example.com', 'MX'))).answers).toHaveLength(2);
    expect(server.queries.map((q) => q.transport)).toEqual(['udp', 'tcp']);
  });

  it('a fixed port that is taken is a rejected promise, not a crash', async () => {
    const first = await startServer({ zone: ZONE });
    await expect(startDnsServer({ port: first.port })).rejects.toMatchObject({ code: 'EADDRINUSE' });
  });

  it('close() releases the port', async () => {
    const server = await startDnsServer({ zone: ZONE });
    await server.close();
    await expect(
      new Promise((resolve, reject) => {
        const socket = net.connect(server.port, server.host, () => resolve(socket.destroy()));
        socket.on('error', reject);
      }),
    ).rejects.toMatchObject({ code: 'ECONNREFUSED' });
  });
});
