// The prefetch: a tree costs its depth in round trips, results and counts are unchanged, the work is bounded and never outlives the call.

import { describe, expect, it } from 'vitest';
import type { DnsClient, DnsResult } from '../../src/dns/types.js';
import { analyzeSpf, checkHost, MAX_PREFETCH_QUERIES } from '../../src/spf/index.js';
import { createMemoryDns } from './helpers/memory-dns.js';
import { check, nestedIncludes, zone } from './helpers/world.js';

/** Three levels, two branches, wide records: 9 lookups, about 20 questions. */
function wideTree(width: number) {
  const spec: Record<string, Parameters<typeof zone>[0][string]> = {
    'example.com': ['v=spf1 a include:i1.example include:i2.example -all', { A: '198.51.100.1' }],
  };
  for (const b of [1, 2]) {
    const extra = Array.from({ length: width }, (_, i) => `ip4:10.${b}.${i}.0/24`).join(' ');
    spec[`i${b}.example`] = [`v=spf1 ${extra} a:h${b}.example include:j${b}.example ?all`];
    spec[`h${b}.example`] = [{ A: `198.51.100.${10 + b}` }];
    spec[`j${b}.example`] = [`v=spf1 ${extra} mx:m${b}.example -all`];
    spec[`m${b}.example`] = [{ MX: [10, `mx1.m${b}.example`] }, { MX: [20, `mx2.m${b}.example`] }];
    spec[`mx1.m${b}.example`] = [{ A: `198.51.100.${20 + b}` }];
    spec[`mx2.m${b}.example`] = [{ A: `198.51.100.${30 + b}` }];
  }
  return zone(spec);
}

describe('prefetch', () => {
  it('costs the depth of the tree in round trips, not its size', async () => {
    const latencyMs = 15;
    const fast = await check(wideTree(20), '192.0.2.99', 'example.com', { memory: { latencyMs } });
    const slow = await check(wideTree(20), '192.0.2.99', 'example.com', { memory: { latencyMs }, prefetch: false });
    expect(fast.result).toBe('fail');
    expect(fast.lookups).toBe(9);
    // TXT of the top; its a + both includes' TXT; their a + nested TXT; the MX; the MX hosts.
    expect(fast.client.rounds).toBeLessThanOrEqual(5);
    expect(fast.client.peakInFlight).toBeGreaterThanOrEqual(3);
    expect(slow.client.rounds).toBeGreaterThanOrEqual(12);
    expect(slow.client.peakInFlight).toBeLessThanOrEqual(2);
    // Width adds no rounds.
    const wider = await check(wideTree(200), '192.0.2.99', 'example.com', { memory: { latencyMs } });
    expect(wider.client.rounds).toBe(fast.client.rounds);
  });

  it('changes neither the result nor the counts nor the tree', async () => {
    for (const ip of ['192.0.2.99', '198.51.100.1', '198.51.100.12', '198.51.100.32', '10.2.7.1']) {
      const on = await check(wideTree(3), ip);
      const off = await check(wideTree(3), ip, 'example.com', { prefetch: false });
      expect({ ...on, client: undefined, queries: undefined }).toEqual({ ...off, client: undefined, queries: undefined });
      expect(on.queries).toBeGreaterThanOrEqual(off.queries);
    }
  });

  it('warms nothing past what a walk within the limits can reach', async () => {
    const r = await check(nestedIncludes(40), '203.0.113.1');
    expect(r.client.log.filter((q) => q.type === 'TXT').map((q) => q.name)).toHaveLength(11);
  });

  it('is capped for a hostile fan-out tree', async () => {
    // 10 includes per record, 3 levels: 1,111 distinct records for a walk that permerrors at its 11th lookup.
    const spec: Record<string, string[]> = {};
    const record = (prefix: string) => `v=spf1 ${Array.from({ length: 10 }, (_, i) => `include:${prefix}${i}.example`).join(' ')} -all`;
    spec['example.com'] = [record('r')];
    for (let i = 0; i < 10; i++) {
      spec[`r${i}.example`] = [record(`r${i}x`)];
      for (let j = 0; j < 10; j++) spec[`r${i}x${j}.example`] = [record(`r${i}x${j}y`)];
    }
    const r = await check(zone(spec), '192.0.2.1');
    expect(r.result).toBe('permerror');
    expect(r.client.log.length).toBeLessThanOrEqual(MAX_PREFETCH_QUERIES + 1);
  });

  it('cancels questions still in flight when the result is known', async () => {
    const memory = createMemoryDns(zone({ 'example.com': ['v=spf1 a:fast.example include:hang.example -all'], 'fast.example': [{ A: '192.0.2.1' }] }));
    let cancelled = 0;
    const client: DnsClient = {
      query: (name, type, options) => {
        if (name !== 'hang.example') return memory.query(name, type, options);
        return new Promise<DnsResult>((resolve) => {
          options?.signal?.addEventListener('abort', () => {
            cancelled++;
            resolve({ question: { name, type }, status: 'error', code: 'ECANCELLED', records: [], cnames: [], canonicalName: name });
          });
        });
      },
    };
    const r = await checkHost({ ip: '192.0.2.1', domain: 'example.com', dns: client });
    expect(r.result).toBe('pass');
    expect(cancelled).toBe(1);
  });

  it('makes the whole-tree analysis cost its depth too', async () => {
    const client = createMemoryDns(wideTree(50), { latencyMs: 10 });
    const analysis = await analyzeSpf('example.com', client);
    expect(analysis.lookups).toBe(9);
    expect(client.rounds).toBeLessThanOrEqual(5);
  });
});
