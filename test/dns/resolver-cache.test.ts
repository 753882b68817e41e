// The resolver's cache, in-flight de-duplication, concurrency bound, AbortSignal handling and recorded evidence.
import { describe, expect, it } from 'vitest';
import { createResolver } from '../../src/dns/resolver.js';
import type { DnsExchange } from '../../src/dns/types.js';
import type { Zone } from '../../src/testbed/dns-server.js';
import { elapsedSince, SOA_EXAMPLE, useDnsServers } from './helpers.js';

const startServer = useDnsServers();

const ZONE: Zone = {
  'example.com': [SOA_EXAMPLE, { MX: [10, 'mail.example.com'] }, { A: '192.0.2.1' }],
  'mail.example.com': [{ A: '192.0.2.2' }],
  ...Object.fromEntries(Array.from({ length: 8 }, (_, i) => [`n${i}.example.com`, [{ A: `192.0.2.${20 + i}` }]])),
};

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

describe('cache and in-flight de-duplication', () => {
  it('five concurrent identical questions cost one network query, later ones none', async () => {
    const server = await startServer({ zone: ZONE, latencyMs: 30 });
    const resolver = createResolver({ servers: [server.address], timeoutMs: 500 });
    const results = await Promise.all(Array.from({ length: 5 }, () => resolver.query('example.com', 'MX')));
    expect(server.queries).toHaveLength(1);
    for (const r of results) expect(r).toEqual(results[0]);
    await resolver.query('EXAMPLE.com.', 'MX');
    await resolver.query('example.com', 'MX');
    expect(server.queries).toHaveLength(1);
    expect(resolver.stats().networkQueries).toBe(1);
  });

  it('different types and names are different questions', async () => {
    const server = await startServer({ zone: ZONE });
    const resolver = createResolver({ servers: [server.address], timeoutMs: 300 });
    await Promise.all([resolver.query('example.com', 'MX'), resolver.query('example.com', 'A'), resolver.query('mail.example.com', 'A')]);
    expect(server.queries.map((q) => `${q.name} ${q.type}`).sort()).toEqual(['example.com A', 'example.com MX', 'mail.example.com A']);
  });

  it('each resolver has its own cache', async () => {
    const server = await startServer({ zone: ZONE });
    await createResolver({ servers: [server.address], timeoutMs: 300 }).query('example.com', 'MX');
    await createResolver({ servers: [server.address], timeoutMs: 300 }).query('example.com', 'MX');
    expect(server.queries).toHaveLength(2);
  });

  it('failures are cached too, so one run sees one view', async () => {
    const server = await startServer({ zone: ZONE, rcode: 'SERVFAIL' });
    const resolver = createResolver({ servers: [server.address], timeoutMs: 300, retries: 0 });
    await resolver.query('example.com', 'MX');
    await resolver.query('example.com', 'MX');
    expect(server.queries).toHaveLength(1);
  });

  it('results are frozen: a caller cannot change the cache or the evidence', async () => {
    const server = await startServer({ zone: ZONE });
    const resolver = createResolver({ servers: [server.address], timeoutMs: 300 });
    const first = await resolver.query('example.com', 'MX');
    expect(() => {
      first.records.length = 0;
    }).toThrow(TypeError);
    expect(() => {
      first.status = 'nxdomain';
    }).toThrow(TypeError);
    expect(() => {
      (first.records[0]!.data as { preference: number }).preference = 99;
    }).toThrow(TypeError);
    expect((await resolver.query('example.com', 'MX')).records).toHaveLength(1);
    expect(resolver.lookups()[0]?.status).toBe('answer');
  });
});

describe('concurrency bound', () => {
  async function peakAtServer(concurrency: number): Promise<{ peak: number; stats: number }> {
    let inFlight = 0;
    let peak = 0;
    const server = await startServer({
      zone: ZONE,
      handler: async () => {
        inFlight++;
        peak = Math.max(peak, inFlight);
        await sleep(100);
        inFlight--;
        return undefined;
      },
    });
    const resolver = createResolver({ servers: [server.address], timeoutMs: 1000, concurrency });
    const results = await Promise.all(Array.from({ length: 8 }, (_, i) => resolver.query(`n${i}.example.com`, 'A')));
    expect(results.every((r) => r.status === 'answer')).toBe(true);
    return { peak, stats: resolver.stats().peakInFlight };
  }

  it('never has more than `concurrency` questions in flight', async () => {
    expect(await peakAtServer(2)).toEqual({ peak: 2, stats: 2 });
  });

  it('runs them all at once when the bound allows', async () => {
    expect(await peakAtServer(64)).toEqual({ peak: 8, stats: 8 });
  });
});

describe('AbortSignal', () => {
  it('an aborted lookup ends at once with ECANCELLED and is not recorded', async () => {
    const server = await startServer({ dropAll: true });
    const resolver = createResolver({ servers: [server.address], timeoutMs: 2000 });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 30);
    const start = performance.now();
    const result = await resolver.query('example.com', 'MX', { signal: controller.signal });
    expect(result).toMatchObject({ status: 'error', code: 'ECANCELLED' });
    expect(elapsedSince(start)).toBeLessThan(500);
    expect(resolver.lookups()).toEqual([]);
    expect(resolver.exchanges.map((e) => e.outcome)).toEqual(['aborted']);
  });

  it('an already aborted signal sends nothing', async () => {
    const server = await startServer({ zone: ZONE });
    const resolver = createResolver({ servers: [server.address], timeoutMs: 300 });
    const result = await resolver.query('example.com', 'MX', { signal: AbortSignal.abort() });
    expect(result.code).toBe('ECANCELLED');
    expect(server.queries).toHaveLength(0);
  });

  it('one asker giving up does not cancel the question for the others', async () => {
    const server = await startServer({ zone: ZONE, latencyMs: 80 });
    const resolver = createResolver({ servers: [server.address], timeoutMs: 1000 });
    const controller = new AbortController();
    const impatient = resolver.query('example.com', 'MX', { signal: controller.signal });
    const patient = resolver.query('example.com', 'MX');
    setTimeout(() => controller.abort(), 20);
    expect((await impatient).code).toBe('ECANCELLED');
    expect((await patient).status).toBe('answer');
    expect(server.queries).toHaveLength(1);
    expect(resolver.lookups().map((r) => r.status)).toEqual(['answer']);
  });

  it('when every asker gives up the question is dropped, and asked again next time', async () => {
    const server = await startServer({ zone: ZONE, latencyMs: 80 });
    const resolver = createResolver({ servers: [server.address], timeoutMs: 1000 });
    const result = await resolver.query('example.com', 'MX', { signal: AbortSignal.timeout(20) });
    expect(result.code).toBe('ECANCELLED');
    expect((await resolver.query('example.com', 'MX')).status).toBe('answer');
    expect(server.queries).toHaveLength(2);
  });

  it("the resolver's own signal stops everything in flight and everything after", async () => {
    const server = await startServer({ dropAll: true });
    const controller = new AbortController();
    const resolver = createResolver({ servers: [server.address], timeoutMs: 2000, signal: controller.signal });
    setTimeout(() => controller.abort(), 30);
    const start = performance.now();
    const results = await Promise.all([resolver.query('example.com', 'MX'), resolver.query('example.com', 'A')]);
    expect(results.map((r) => r.code)).toEqual(['ECANCELLED', 'ECANCELLED']);
    expect(elapsedSince(start)).toBeLessThan(500);
    expect((await resolver.query('mail.example.com', 'A')).code).toBe('ECANCELLED');
  });

  it('a semaphore wait is abortable too', async () => {
    const server = await startServer({ dropAll: true });
    const resolver = createResolver({ servers: [server.address], timeoutMs: 300, retries: 0, concurrency: 1 });
    const blocking = resolver.query('n0.example.com', 'A');
    const queued = resolver.query('n1.example.com', 'A', { signal: AbortSignal.timeout(30) });
    const start = performance.now();
    expect((await queued).code).toBe('ECANCELLED');
    expect(elapsedSince(start)).toBeLessThan(200);
    expect((await blocking).status).toBe('timeout');
    expect(server.queries.map((q) => q.name)).toEqual(['n0.example.com']);
  });
});

describe('evidence', () => {
  it('lookups() lists each top-level question once, in first-asked order', async () => {
    const server = await startServer({
      zone: ZONE,
      handler: async (query) => {
        if (query.questions[0]?.name === 'example.com') await sleep(60);
        return undefined;
      },
    });
    const resolver = createResolver({ servers: [server.address], timeoutMs: 500 });
    const slow = resolver.query('example.com', 'MX');
    const fast = resolver.query('mail.example.com', 'A');
    await Promise.all([slow, fast, resolver.query('Example.com.', 'MX')]);
    await resolver.query('a..b', 'A');
    expect(resolver.lookups().map((r) => `${r.question.name} ${r.question.type} ${r.status}`)).toEqual([
      'example.com MX answer',
      'mail.example.com A answer',
      'a..b A error',
    ]);
  });

  it('records every exchange with timing, flags and records, and calls onExchange', async () => {
    const server = await startServer({ zone: ZONE });
    const seen: DnsExchange[] = [];
    const resolver = createResolver({ servers: [server.address], timeoutMs: 300, onExchange: (e) => seen.push(e) });
    await resolver.query('example.com', 'MX');
    await resolver.query('nope.example.com', 'A');
    expect(resolver.exchanges).toHaveLength(2);
    expect(seen).toEqual(resolver.exchanges);
    const [mx, nx] = resolver.exchanges;
    expect(mx).toMatchObject({
      question: { name: 'example.com', type: 'MX' },
      transport: 'udp',
      outcome: 'response',
      rcode: 'NOERROR',
      flags: { aa: false, tc: false, ra: true },
      answers: [{ name: 'example.com', type: 'MX', data: { preference: 10, exchange: 'mail.example.com' } }],
      authorities: [],
    });
    expect(mx!.elapsedMs).toBeGreaterThanOrEqual(0);
    expect(nx!.startMs).toBeGreaterThanOrEqual(mx!.startMs);
    expect(nx).toMatchObject({ rcode: 'NXDOMAIN', authorities: [{ type: 'SOA', name: 'example.com', ttl: 300 }] });
    expect(JSON.parse(JSON.stringify(resolver.exchanges))).toEqual(resolver.exchanges);
  });

  it('recordExchanges: false keeps no exchanges but still reports them; a throwing observer is harmless', async () => {
    const server = await startServer({ zone: ZONE });
    let calls = 0;
    const resolver = createResolver({
      servers: [server.address],
      timeoutMs: 300,
      recordExchanges: false,
      onExchange: () => {
        calls++;
        throw new Error('observer bug');
      },
    });
    expect((await resolver.query('example.com', 'MX')).status).toBe('answer');
    expect(resolver.exchanges).toHaveLength(0);
    expect(calls).toBe(1);
    expect(resolver.lookups()).toHaveLength(1);
  });
});

describe('bounded memory for long runs (many domains)', () => {
  it('cacheLimit keeps the newest answers and asks again for evicted ones', async () => {
    const server = await startServer({ zone: ZONE });
    const resolver = createResolver({ servers: [server.address], timeoutMs: 300, cacheLimit: 3 });
    for (let i = 0; i < 8; i++) await resolver.query(`n${i}.example.com`, 'A');
    expect(server.queries).toHaveLength(8);
    await resolver.query('n7.example.com', 'A'); // among the newest three: cached
    expect(server.queries).toHaveLength(8);
    await resolver.query('n0.example.com', 'A'); // evicted: asked again
    expect(server.queries).toHaveLength(9);
  });

  it('recordLookups: false keeps no evidence of top-level results', async () => {
    const server = await startServer({ zone: ZONE });
    const resolver = createResolver({ servers: [server.address], timeoutMs: 300, recordLookups: false, recordExchanges: false });
    await resolver.query('example.com', 'MX');
    expect(resolver.lookups()).toEqual([]);
    expect(resolver.exchanges).toEqual([]);
    expect((await resolver.query('example.com', 'MX')).status).toBe('answer');
  });
});
