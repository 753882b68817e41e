// Differential test: splitcheck's check_host() against Debian's pyspf on 300 seeded random SPF worlds served from one loopback DNS server.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Packet } from 'dns-packet';
import { createResolver } from '../../src/dns/resolver.js';
import { checkHost } from '../../src/spf/index.js';
import type { SpfCheckResult } from '../../src/spf/index.js';
import { startDnsServer, type DnsTestServer } from '../../src/testbed/dns-server.js';
import { startPyspf, type Pyspf } from './harness/pyspf.js';
import { explainDeviation } from './harness/pyspf-deviations.js';
import { makeWorld, mergeZones, SERVFAIL_LABEL, type SpfWorld } from './harness/spf-worlds.js';

const SEED = Number(process.env.SPF_DIFF_SEED ?? 7208);
const WORLDS = Number(process.env.SPF_DIFF_WORLDS ?? 300);
const worlds: SpfWorld[] = Array.from({ length: WORLDS }, (_, i) => makeWorld(SEED, i));

let server: DnsTestServer;
let pyspf: Pyspf;

beforeAll(async () => {
  server = await startDnsServer({
    zone: mergeZones(worlds),
    handler: (query, _transport, _rinfo, { defaultResponse }) => {
      if (!SERVFAIL_LABEL.test(query.questions[0]?.name ?? '')) return undefined;
      const packet = defaultResponse();
      return packet === 'drop' ? packet : ({ ...packet, flags: ((packet.flags ?? 0) & ~0xf & ~0x400) | 2, answers: [], authorities: [] } satisfies Packet);
    },
  });
  // No skip: scripts/e2e/install.sh installs python3-spf, so a missing pyspf is a broken setup and fails here.
  pyspf = await startPyspf(server.port);
});

afterAll(async () => {
  await pyspf?.close();
  await server?.close();
});

async function splitcheck(world: SpfWorld): Promise<SpfCheckResult> {
  // Retries and a long timeout, like the oracle's: a loaded machine must not turn a slow loopback answer into temperror.
  const dns = createResolver({ servers: [server.address], timeoutMs: 5000, retries: 3 });
  return checkHost({ ip: world.ip, domain: world.domain, sender: `postmaster@${world.domain}`, helo: world.domain, dns });
}

function describeWorld(world: SpfWorld): string {
  const lines = Object.entries(world.zone).map(([name, entries]) => `    ${name}: ${entries.map((e) => JSON.stringify(e)).join(' ')}`);
  return [`  world ${world.index}: ip ${world.ip}, domain ${world.domain}`, ...lines].join('\n');
}

describe(`splitcheck check_host() against pyspf, ${WORLDS} random worlds (seed ${SEED})`, () => {
  it('agrees on every result, or the difference is a known pyspf deviation from RFC 7208', async () => {
    const started = performance.now();
    const tally = new Map<string, number>();
    const deviations = new Map<string, number>();
    const unexplained: string[] = [];
    // pyspf answers one case at a time; splitcheck runs alongside, a few worlds at once.
    const answers = worlds.map((w) => pyspf.check(w.ip, `postmaster@${w.domain}`, w.domain));
    for (let i = 0; i < worlds.length; i += 10) {
      await Promise.all(
        worlds.slice(i, i + 10).map(async (world, j) => {
          const ours = await splitcheck(world);
          const theirs = await answers[i + j]!;
          tally.set(ours.result, (tally.get(ours.result) ?? 0) + 1);
          if (ours.result === theirs.result) return;
          const deviation = explainDeviation(world, ours, theirs.result);
          if (deviation) {
            deviations.set(deviation, (deviations.get(deviation) ?? 0) + 1);
            return;
          }
          unexplained.push(`splitcheck ${ours.result} (${JSON.stringify(ours.reason ?? null)}), pyspf ${theirs.result} (${theirs.detail})\n${describeWorld(world)}`);
        }),
      );
    }
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    console.log(`spf-differential: pyspf ${pyspf.version} (${pyspf.driver}), ${WORLDS} worlds in ${seconds} s; results ${JSON.stringify(Object.fromEntries(tally))}; known pyspf deviations ${JSON.stringify(Object.fromEntries(deviations))}`);
    expect(unexplained, `${unexplained.length} unexplained disagreement(s):\n${unexplained.join('\n')}`).toEqual([]);
    // The generator must keep reaching every result splitcheck can give here, or the comparison says little.
    for (const result of ['pass', 'fail', 'softfail', 'neutral', 'none', 'permerror', 'temperror']) expect(tally.get(result) ?? 0, result).toBeGreaterThan(0);
  });
});
