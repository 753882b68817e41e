// check_host()'s mx mechanism gives one result for one set of answers, whatever the order of the MX RRset or of the replies (issue 16).

import { describe, expect, it } from 'vitest';
import type { DnsClient, DnsResult, RRType } from '../../src/dns/types.js';
import { checkHost, type SpfCheckResult } from '../../src/spf/index.js';
import { createMemoryDns } from './helpers/memory-dns.js';
import { zone } from './helpers/world.js';

const CLIENT = '192.0.2.79';
const HOSTS: Array<[number, string]> = [
  [10, 'nodata.example.com'], // no address: skipped
  [20, 'match.example.com'], // the client's address
  [30, 'broken.example.com'], // SERVFAIL
];

function permutations<T>(xs: T[]): T[][] {
  if (xs.length <= 1) return [xs];
  return xs.flatMap((x, i) => permutations([...xs.slice(0, i), ...xs.slice(i + 1)]).map((rest) => [x, ...rest]));
}

/** The world of seed 7208, world 171 in the differential test, with the MX RRset in `order` and replies delayed per name. */
function client(order: Array<[number, string]>, delays: Record<string, number>): DnsClient {
  const memory = createMemoryDns(
    zone({
      'example.com': ['v=spf1 ~mx:mx.example.com ?all'],
      'mx.example.com': order.map((mx) => ({ MX: mx })),
      'nodata.example.com': ['no addresses here'],
      'match.example.com': [{ A: CLIENT }],
    }),
  );
  return {
    async query(name: string, type: RRType): Promise<DnsResult> {
      await new Promise((resolve) => setTimeout(resolve, delays[name] ?? 0));
      if (name === 'broken.example.com') {
        return { question: { name, type }, status: 'servfail', rcode: 'SERVFAIL', records: [], cnames: [], canonicalName: name };
      }
      return memory.query(name, type);
    },
  };
}

function summary(r: SpfCheckResult): string {
  return `${r.result} ${JSON.stringify(r.reason ?? null)}`;
}

describe('an MX host that fails beside one that matches (RFC 7208 §5, §5.4)', () => {
  it('is temperror in every RRset order and every reply order, naming the failed host', async () => {
    const seen = new Set<string>();
    for (const order of permutations(HOSTS)) {
      for (const slow of [undefined, ...HOSTS.map(([, host]) => host)]) {
        const delays = slow ? { [slow]: 15 } : {};
        const r = await checkHost({ ip: CLIENT, domain: 'example.com', dns: client(order, delays) });
        seen.add(summary(r));
        expect(r).toMatchObject({ result: 'temperror', reason: { code: 'dns-error', name: 'broken.example.com', status: 'servfail' } });
      }
    }
    expect([...seen]).toHaveLength(1);
  });

  it('lists every host lookup in the tree in one order (preference, then name)', async () => {
    const traces = new Set<string>();
    for (const order of permutations(HOSTS)) {
      const r = await checkHost({ ip: CLIENT, domain: 'example.com', dns: client(order, {}) });
      traces.add(JSON.stringify(r.tree.terms[0]!.queries.map((q) => q.name)));
    }
    expect([...traces]).toEqual([JSON.stringify(['mx.example.com', 'nodata.example.com', 'match.example.com', 'broken.example.com'])]);
  });

  it('matches the same host whatever the order when none fails', async () => {
    const hosts: Array<[number, string]> = [
      [10, 'match.example.com'],
      [10, 'also.example.com'],
    ];
    const matched = new Set<string>();
    for (const order of permutations(hosts)) {
      const memory = createMemoryDns(
        zone({
          'example.com': ['v=spf1 mx:mx.example.com -all'],
          'mx.example.com': order.map((mx) => ({ MX: mx })),
          'match.example.com': [{ A: CLIENT }],
          'also.example.com': [{ A: CLIENT }],
        }),
      );
      const r = await checkHost({ ip: CLIENT, domain: 'example.com', dns: memory });
      expect(r.result).toBe('pass');
      matched.add(r.tree.terms[0]!.matched?.name ?? '');
    }
    expect([...matched]).toEqual(['also.example.com']);
  });
});

describe('voidPerMxHost: the count of pyspf and Mail::SPF, for judging what their receivers return', () => {
  const z = zone({
    'example.com': ['v=spf1 a:gone.example.com mx:mx.example.com include:other.example.net -all'],
    'mx.example.com': [{ MX: [10, 'a1.example.com'] }, { MX: [20, 'a2.example.com'] }],
    'a1.example.com': [{ A: '192.0.2.1' }],
    'a2.example.com': [{ A: '192.0.2.2' }],
    'other.example.net': ['v=spf1 ip6:2001:db8::/32 -all'],
  });

  it('RFC 7208 counts the mx term, whose MX query answered, as not void', async () => {
    const r = await checkHost({ ip: '2001:db8::1', domain: 'example.com', dns: createMemoryDns(z) });
    expect(r).toMatchObject({ result: 'pass', voidLookups: 1 });
  });

  it('counted per MX host without an address, the IPv6 sender meets three and gets permerror at the mx', async () => {
    const r = await checkHost({ ip: '2001:db8::1', domain: 'example.com', dns: createMemoryDns(z), voidPerMxHost: true });
    expect(r).toMatchObject({ result: 'permerror', voidLookups: 3, reason: { code: 'void-limit', at: { term: 'mx:mx.example.com' } } });
  });

  it('an IPv4 sender finds the addresses and is not affected', async () => {
    const r = await checkHost({ ip: '192.0.2.2', domain: 'example.com', dns: createMemoryDns(z), voidPerMxHost: true });
    expect(r).toMatchObject({ result: 'pass', voidLookups: 1 });
  });
});
