// The resolver's outcomes: answers, NXDOMAIN versus NODATA, SERVFAIL, REFUSED, timeouts, failover, garbage, bad names.
import { describe, expect, it } from 'vitest';
import { createResolver } from '../../src/dns/resolver.js';
import { formatServer } from '../../src/dns/servers.js';
import type { Zone } from '../../src/testbed/dns-server.js';
import { probeLoopback } from '../helpers/loopback.js';
import { closedPort, elapsedSince, SOA_EXAMPLE, useDnsServers } from './helpers.js';

const loopback = await probeLoopback(['127.0.0.2']);

const startServer = useDnsServers();

const ZONE: Zone = {
  'example.com': [SOA_EXAMPLE, { MX: [10, 'Mail.Example.com'], ttl: 600 }, { MX: [20, 'backup.example.com'], ttl: 900 }, { TXT: ['v=spf1 include:spf.protection.outlook.com', ' ip4:192.0.2.1 -all'] }],
  'mail.example.com': [{ A: '192.0.2.1', ttl: 120 }],
  'a.b.example.com': [{ A: '192.0.2.2' }],
  'nosoa.test': [{ A: '192.0.2.3' }],
};

/** Id-matching bytes that do not decode: the worst a server can send without being ignored as spoofing. */
function garbageFor(id: number): Buffer {
  const garbage = Buffer.from([0, 0, 0x81, 0x80, 0, 1, 0, 3, 0, 0, 0, 0, 0x3f, 0x41]);
  garbage.writeUInt16BE(id, 0);
  return garbage;
}

describe('answers', () => {
  it('returns the records with TTLs, the RCODE, server and transport', async () => {
    const server = await startServer({ zone: ZONE });
    const resolver = createResolver({ servers: [server.address], timeoutMs: 300 });
    const result = await resolver.query('Example.COM.', 'MX');
    expect(result).toMatchObject({
      question: { name: 'example.com', type: 'MX' },
      status: 'answer',
      rcode: 'NOERROR',
      canonicalName: 'example.com',
      cnames: [],
      ttl: 600,
      server: formatServer(server.address),
      transport: 'udp',
      authoritative: false,
    });
    expect(result.records).toEqual([
      { name: 'example.com', ttl: 600, type: 'MX', data: { preference: 10, exchange: 'mail.example.com' } },
      { name: 'example.com', ttl: 900, type: 'MX', data: { preference: 20, exchange: 'backup.example.com' } },
    ]);
    expect(result.code).toBeUndefined();
  });

  it('keeps the strings of a multi-string TXT record apart', async () => {
    const server = await startServer({ zone: ZONE });
    const resolver = createResolver({ servers: [server.address], timeoutMs: 300 });
    const result = await resolver.query('example.com', 'TXT');
    expect(result.records).toEqual([{ name: 'example.com', ttl: 3600, type: 'TXT', data: ['v=spf1 include:spf.protection.outlook.com', ' ip4:192.0.2.1 -all'] }]);
  });

  it('asks with EDNS0 advertising 1232 octets and with RD set, or clear when asked to', async () => {
    const server = await startServer({ zone: ZONE });
    await createResolver({ servers: [server.address], timeoutMs: 300 }).query('example.com', 'MX');
    await createResolver({ servers: [server.address], timeoutMs: 300, recursionDesired: false }).query('example.com', 'MX');
    expect(server.queries.map((q) => [q.udpPayloadSize, q.recursionDesired])).toEqual([
      [1232, true],
      [1232, false],
    ]);
  });

  it.skipIf(!loopback.ok)(`works against a server on another loopback address (127.0.0.2)${loopback.skipped}`, async () => {
    const server = await startServer({ zone: ZONE, host: '127.0.0.2' });
    const result = await createResolver({ servers: [server.address], timeoutMs: 300 }).query('mail.example.com', 'A');
    expect(result).toMatchObject({ status: 'answer', server: `127.0.0.2:${server.port}` });
  });
});

describe('negative answers', () => {
  it('tells NXDOMAIN from NODATA and carries the SOA minimum as TTL (RFC 2308 §5)', async () => {
    const server = await startServer({ zone: ZONE });
    const resolver = createResolver({ servers: [server.address], timeoutMs: 300 });
    const nx = await resolver.query('nope.example.com', 'A');
    expect(nx).toMatchObject({ status: 'nxdomain', rcode: 'NXDOMAIN', records: [], ttl: 300 });
    expect(nx.code).toBeUndefined();
    expect(nx.reason).toMatch(/does not exist/);
    const nodata = await resolver.query('example.com', 'AAAA');
    expect(nodata).toMatchObject({ status: 'nodata', rcode: 'NOERROR', records: [], ttl: 300 });
    expect(nodata.reason).toMatch(/no AAAA records/);
  });

  it('treats an empty non-terminal as NODATA, not NXDOMAIN', async () => {
    const server = await startServer({ zone: ZONE });
    const result = await createResolver({ servers: [server.address], timeoutMs: 300 }).query('b.example.com', 'A');
    expect(result.status).toBe('nodata');
  });

  it('uses the SOA TTL when it is below the minimum, and no TTL without an SOA', async () => {
    const server = await startServer({
      zone: { 'short.test': [{ SOA: ['ns.short.test', 'h.short.test', 1, 2, 3, 4, 300], ttl: 45 }], 'nosoa.test': [{ A: '192.0.2.3' }] },
    });
    const resolver = createResolver({ servers: [server.address], timeoutMs: 300 });
    expect((await resolver.query('x.short.test', 'A')).ttl).toBe(45);
    const bare = await resolver.query('nosoa.test', 'MX');
    expect(bare.status).toBe('nodata');
    expect(bare.ttl).toBeUndefined();
  });

  it('does not take a referral for NODATA', async () => {
    const server = await startServer({
      handler: (query) => ({
        type: 'response',
        id: query.id,
        flags: 0,
        questions: query.questions,
        authorities: [{ type: 'NS', name: 'example.com', ttl: 172800, data: 'a.gtld-servers.net' }],
      }),
    });
    const result = await createResolver({ servers: [server.address], timeoutMs: 300, retries: 0 }).query('example.com', 'MX');
    expect(result).toMatchObject({ status: 'error', code: 'EREFERRAL' });
    expect(result.reason).toMatch(/referral to a\.gtld-servers\.net/);
  });
});

describe('server failures', () => {
  it('SERVFAIL from the only server: status servfail after every attempt', async () => {
    const server = await startServer({ zone: ZONE, rcode: 'SERVFAIL' });
    const result = await createResolver({ servers: [server.address], timeoutMs: 300, retries: 1 }).query('example.com', 'MX');
    expect(result).toMatchObject({ status: 'servfail', code: 'ESERVFAIL', rcode: 'SERVFAIL', records: [] });
    expect(result.reason).toBe(`SERVFAIL from ${formatServer(server.address)} (2 attempts)`);
    expect(server.queries).toHaveLength(2);
  });

  it('REFUSED: status refused', async () => {
    const server = await startServer({ zone: ZONE, rcode: 'REFUSED' });
    const result = await createResolver({ servers: [server.address], timeoutMs: 300, retries: 0 }).query('example.com', 'MX');
    expect(result).toMatchObject({ status: 'refused', code: 'EREFUSED', rcode: 'REFUSED' });
    expect(server.queries).toHaveLength(1);
  });

  it('another RCODE (FORMERR) is an error with its own code', async () => {
    const server = await startServer({ zone: ZONE, rcode: 'FORMERR' });
    const result = await createResolver({ servers: [server.address], timeoutMs: 300, retries: 0 }).query('example.com', 'MX');
    expect(result).toMatchObject({ status: 'error', code: 'EFORMERR', rcode: 'FORMERR' });
  });

  it('times out after (retries + 1) attempts of timeoutMs, saying what was tried', async () => {
    const server = await startServer({ zone: ZONE, dropAll: true });
    const resolver = createResolver({ servers: [server.address], timeoutMs: 150, retries: 1 });
    const start = performance.now();
    const result = await resolver.query('example.com', 'MX');
    const elapsed = elapsedSince(start);
    expect(result).toMatchObject({ status: 'timeout', code: 'ETIMEOUT', records: [] });
    expect(result.reason).toBe(`no answer from ${formatServer(server.address)} after 2 attempts of 150 ms`);
    expect(elapsed).toBeGreaterThanOrEqual(290);
    expect(elapsed).toBeLessThan(650);
    expect(server.queries).toHaveLength(2);
    expect(resolver.exchanges.map((e) => e.outcome)).toEqual(['timeout', 'timeout']);
  });

  it('keeps the time budget with several dead servers: attempts cycle through them', async () => {
    const dead = await Promise.all([startServer({ dropAll: true }), startServer({ dropAll: true }), startServer({ dropAll: true })]);
    const resolver = createResolver({ servers: dead.map((s) => s.address), timeoutMs: 150, retries: 1 });
    const start = performance.now();
    const result = await resolver.query('example.com', 'A');
    const elapsed = elapsedSince(start);
    expect(result.status).toBe('timeout');
    expect(elapsed).toBeLessThan(650);
    expect(dead.map((s) => s.queries.length)).toEqual([1, 1, 0]);
    expect(result.reason).toContain(`no answer from ${formatServer(dead[0]!.address)} after 1 attempt of 150 ms`);
    expect(result.reason).toContain(`no answer from ${formatServer(dead[1]!.address)} after 1 attempt of 150 ms`);
  });
});

describe('failover', () => {
  it('moves on to the second server when the first does not answer', async () => {
    const dead = await startServer({ dropAll: true });
    const good = await startServer({ zone: ZONE });
    const start = performance.now();
    const result = await createResolver({ servers: [dead.address, good.address], timeoutMs: 150, retries: 1 }).query('example.com', 'MX');
    expect(result).toMatchObject({ status: 'answer', server: formatServer(good.address) });
    expect(elapsedSince(start)).toBeGreaterThanOrEqual(140);
    expect(dead.queries).toHaveLength(1);
  });

  it('moves on at once when the first port is closed (ECONNREFUSED)', async () => {
    const good = await startServer({ zone: ZONE });
    const start = performance.now();
    const result = await createResolver({ servers: [await closedPort(), good.address], timeoutMs: 1000 }).query('example.com', 'MX');
    expect(result.status).toBe('answer');
    expect(elapsedSince(start)).toBeLessThan(500);
  });

  it.each(['SERVFAIL', 'REFUSED'] as const)('moves on at once after %s from the first server', async (rcode) => {
    const failing = await startServer({ zone: ZONE, rcode });
    const good = await startServer({ zone: ZONE });
    const resolver = createResolver({ servers: [failing.address, good.address], timeoutMs: 1000 });
    const start = performance.now();
    const result = await resolver.query('example.com', 'MX');
    expect(result).toMatchObject({ status: 'answer', server: formatServer(good.address) });
    expect(elapsedSince(start)).toBeLessThan(500);
    expect(resolver.exchanges.map((e) => [e.server, e.rcode])).toEqual([
      [formatServer(failing.address), rcode],
      [formatServer(good.address), 'NOERROR'],
    ]);
  });

  it('does not fail over on NXDOMAIN: it is an answer', async () => {
    const first = await startServer({ zone: ZONE });
    const second = await startServer({ zone: { 'nope.example.com': [{ A: '192.0.2.9' }] } });
    const result = await createResolver({ servers: [first.address, second.address], timeoutMs: 300 }).query('nope.example.com', 'A');
    expect(result.status).toBe('nxdomain');
    expect(second.queries).toHaveLength(0);
  });

  it('reports SERVFAIL over silence when servers fail differently', async () => {
    const failing = await startServer({ zone: ZONE, rcode: 'SERVFAIL' });
    const dead = await startServer({ dropAll: true });
    const result = await createResolver({ servers: [failing.address, dead.address], timeoutMs: 150, retries: 0 }).query('example.com', 'MX');
    expect(result.status).toBe('servfail');
    expect(result.reason).toContain(`SERVFAIL from ${formatServer(failing.address)}`);
    expect(result.reason).toContain(`no answer from ${formatServer(dead.address)}`);
  });
});

describe('malformed answers', () => {
  it('garbage from every server: status error, EBADRESP, no crash, no waiting', async () => {
    const servers = await Promise.all([0, 1].map(() => startServer({ handler: (query) => garbageFor(query.id) })));
    const start = performance.now();
    const result = await createResolver({ servers: servers.map((s) => s.address), timeoutMs: 1000, retries: 1 }).query('example.com', 'MX');
    expect(result).toMatchObject({ status: 'error', code: 'EBADRESP' });
    expect(result.reason).toMatch(/malformed response from/);
    expect(elapsedSince(start)).toBeLessThan(500);
    expect(servers.map((s) => s.queries.length)).toEqual([2, 2]);
  });

  it('one garbage server, then a good one: the answer wins', async () => {
    const bad = await startServer({ handler: (query) => garbageFor(query.id) });
    const good = await startServer({ zone: ZONE });
    const resolver = createResolver({ servers: [bad.address, good.address], timeoutMs: 300 });
    const result = await resolver.query('example.com', 'MX');
    expect(result.status).toBe('answer');
    expect(resolver.exchanges[0]).toMatchObject({ outcome: 'malformed', error: expect.stringMatching(/cannot decode/) });
  });

  it('garbage that does not even carry the id is ignored like spoofing, so the attempt times out', async () => {
    const server = await startServer({ handler: () => Buffer.from('garbage!garbage!') });
    const resolver = createResolver({ servers: [server.address], timeoutMs: 150, retries: 0 });
    const result = await resolver.query('example.com', 'MX');
    expect(result.status).toBe('timeout');
    expect(resolver.exchanges[0]).toMatchObject({ outcome: 'timeout', ignored: 1 });
  });

  it('a wrong-id packet is ignored and the right one that follows is used', async () => {
    const server = await startServer({
      zone: ZONE,
      handler: (_q, _t, _r, helpers) => {
        const right = helpers.defaultResponse();
        if (right === 'drop') return 'drop';
        return [{ ...right, id: ((right.id ?? 0) ^ 0x5555) & 0xffff, answers: [{ type: 'MX', name: 'example.com', data: { preference: 1, exchange: 'evil.example' } }] }, right];
      },
    });
    const resolver = createResolver({ servers: [server.address], timeoutMs: 300 });
    const result = await resolver.query('example.com', 'MX');
    expect(result.records.map((r) => r.type === 'MX' && r.data.exchange)).toEqual(['mail.example.com', 'backup.example.com']);
    expect(resolver.exchanges[0]?.ignored).toBe(1);
  });

  it('an answer for another question is ignored', async () => {
    const server = await startServer({
      zone: ZONE,
      handler: (query, _t, _r, helpers) => {
        const right = helpers.defaultResponse();
        if (right === 'drop') return 'drop';
        const other = { ...right, questions: [{ name: 'evil.example', type: 'MX' as const, class: 'IN' as const }] };
        return query.questions[0]?.type === 'MX' ? [other, right] : right;
      },
    });
    const resolver = createResolver({ servers: [server.address], timeoutMs: 300 });
    expect((await resolver.query('example.com', 'MX')).status).toBe('answer');
    expect(resolver.exchanges[0]?.ignored).toBe(1);
  });
});

describe('bad names', () => {
  it.each(['', 'a..example.com', `${'x'.repeat(64)}.example.com`, `${'abcdefghi.'.repeat(26)}com`])('refuses %j without sending anything', async (name) => {
    const server = await startServer({ zone: ZONE });
    const resolver = createResolver({ servers: [server.address], timeoutMs: 300 });
    const result = await resolver.query(name, 'A');
    expect(result).toMatchObject({ status: 'error', code: 'EBADNAME', records: [], cnames: [] });
    expect(result.reason).toMatch(/cannot ask for/);
    expect(server.queries).toHaveLength(0);
    expect(resolver.exchanges).toHaveLength(0);
  });

  it('refuses a type it does not ask for', async () => {
    const server = await startServer({ zone: ZONE });
    const resolver = createResolver({ servers: [server.address], timeoutMs: 300 });
    const result = await resolver.query('example.com', 'ANY' as 'A');
    expect(result).toMatchObject({ status: 'error', code: 'EBADQUERY' });
    expect(server.queries).toHaveLength(0);
  });
});

describe('options', () => {
  it('refuses no servers and nonsense numbers', () => {
    expect(() => createResolver({ servers: [] })).toThrow(RangeError);
    expect(() => createResolver({ servers: [{ host: '127.0.0.1', port: 53 }], timeoutMs: 0 })).toThrow(/timeoutMs/);
    expect(() => createResolver({ servers: [{ host: '127.0.0.1', port: 53 }], retries: -1 })).toThrow(/retries/);
    expect(() => createResolver({ servers: [{ host: '127.0.0.1', port: 53 }], concurrency: 0 })).toThrow(/concurrency/);
  });
});
