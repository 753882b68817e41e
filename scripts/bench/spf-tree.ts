// The benchmark's SPF world: a wide include tree three records deep, every include costing one lookup.
import type { Zone } from '../../src/testbed/dns-server.js';

export const BENCH_DOMAIN = 'bench.example';
/** Matched only by the last leaf: evaluating it walks the whole tree. */
export const BENCH_IP = '198.51.100.77';
/** Records on the longest path: the top record, a first-level include, a second-level include. */
export const TREE_DEPTH = 3;
const WIDTH = 5;

/** top → WIDTH includes → one include each (1 + WIDTH + WIDTH records, 2 × WIDTH lookups ≤ 10). */
export function benchZone(): Zone {
  const zone: Record<string, { TXT: string }[]> = {};
  const first = Array.from({ length: WIDTH }, (_, i) => `l1-${i}.${BENCH_DOMAIN}`);
  zone[BENCH_DOMAIN] = [{ TXT: `v=spf1 ${first.map((n) => `include:${n}`).join(' ')} -all` }];
  first.forEach((name, i) => {
    const leaf = `l2-${i}.${BENCH_DOMAIN}`;
    zone[name] = [{ TXT: `v=spf1 include:${leaf} -all` }];
    const last = i === WIDTH - 1;
    zone[leaf] = [{ TXT: `v=spf1 ip4:192.0.2.${i}/32 ip4:203.0.113.${i}/32${last ? ` ip4:${BENCH_IP}` : ''} -all` }];
  });
  return zone;
}
