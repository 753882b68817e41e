// Differential test: splitcheck's check_host() against Debian's pyspf and Mail::SPF on 300 seeded random SPF worlds served from one loopback DNS server.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createResolver } from '../../src/dns/resolver.js';
import { checkHost } from '../../src/spf/index.js';
import type { SpfCheckResult } from '../../src/spf/index.js';
import type { DnsTestServer } from '../../src/testbed/dns-server.js';
import { serveSpfWorlds } from './harness/spf-server.js';
import { startMailSpf } from './harness/mailspf.js';
import { startPyspf, type Oracle } from './harness/pyspf.js';
import { explainDeviation, type Counterfactual, type Reference } from './harness/spf-deviations.js';
import { makeWorld, mergeZones, type SpfWorld } from './harness/spf-worlds.js';

const SEED = Number(process.env.SPF_DIFF_SEED ?? 7208);
const WORLDS = Number(process.env.SPF_DIFF_WORLDS ?? 300);
const worlds: SpfWorld[] = Array.from({ length: WORLDS }, (_, i) => makeWorld(SEED, i));
/** Each reference answers one case at a time: a loaded CI machine needs minutes, and a timeout must never be what fails. */
const TIMEOUT_MS = 600_000;

let server: DnsTestServer;
const references = new Map<Reference, Oracle>();

beforeAll(async () => {
  server = await serveSpfWorlds(mergeZones(worlds));
  // No skip: scripts/e2e/install.sh installs python3-spf, python3-dnspython and libmail-spf-perl, so a missing
  // reference is a broken setup and fails here.
  references.set('pyspf', await startPyspf(server.port));
  references.set('mailspf', await startMailSpf(server.port));
});

afterAll(async () => {
  for (const oracle of references.values()) await oracle.close();
  await server?.close();
});

async function splitcheck(world: SpfWorld, on: DnsTestServer = server): Promise<SpfCheckResult> {
  // Retries and a long timeout, like the references': a loaded machine must not turn a slow loopback answer into temperror.
  const dns = createResolver({ servers: [on.address], timeoutMs: 5000, retries: 3 });
  return checkHost({ ip: world.ip, domain: world.domain, sender: `postmaster@${world.domain}`, helo: world.domain, dns });
}

/** splitcheck over the world with its zone changed, on a server of its own. */
function counterfactual(world: SpfWorld): Counterfactual {
  return async (zone) => {
    const alone = await serveSpfWorlds(zone);
    try {
      return await splitcheck(world, alone);
    } finally {
      await alone.close();
    }
  };
}

function describeWorld(world: SpfWorld): string {
  const lines = Object.entries(world.zone).map(([name, entries]) => `    ${name}: ${entries.map((e) => JSON.stringify(e)).join(' ')}`);
  return [`  world ${world.index}: ip ${world.ip}, domain ${world.domain}`, ...lines].join('\n');
}

describe(`splitcheck check_host() against pyspf and Mail::SPF, ${WORLDS} random worlds (seed ${SEED})`, () => {
  it('agrees on every result, or the difference is a known deviation of that reference from RFC 7208', async () => {
    const started = performance.now();
    const tally = new Map<string, number>();
    const deviations = new Map<string, number>();
    const unexplained: string[] = [];
    // Each reference answers one case at a time; splitcheck runs alongside, a few worlds at once.
    const answers = [...references].map(([name, oracle]) => [name, worlds.map((w) => oracle.check(w.ip, `postmaster@${w.domain}`, w.domain))] as const);
    for (let i = 0; i < worlds.length; i += 10) {
      await Promise.all(
        worlds.slice(i, i + 10).map(async (world, j) => {
          const ours = await splitcheck(world);
          tally.set(ours.result, (tally.get(ours.result) ?? 0) + 1);
          for (const [name, list] of answers) {
            const theirs = await list[i + j]!;
            if (ours.result === theirs.result) continue;
            const deviation = await explainDeviation(world, ours, theirs.result, name, counterfactual(world));
            if (deviation) {
              deviations.set(`${name}:${deviation}`, (deviations.get(`${name}:${deviation}`) ?? 0) + 1);
              continue;
            }
            unexplained.push(`splitcheck ${ours.result} (${JSON.stringify(ours.reason ?? null)}), ${name} ${theirs.result} (${theirs.detail})\n${describeWorld(world)}`);
          }
        }),
      );
    }
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    const versions = [...references].map(([name, o]) => `${name} ${o.version} (${o.driver})`).join(', ');
    console.log(`spf-differential: ${versions}; ${WORLDS} worlds in ${seconds} s; results ${JSON.stringify(Object.fromEntries(tally))}; known deviations ${JSON.stringify(Object.fromEntries(deviations))}`);
    expect(unexplained, `${unexplained.length} unexplained disagreement(s):\n${unexplained.join('\n')}`).toEqual([]);
    // The generator must keep reaching every result splitcheck can give here, or the comparison says little.
    for (const result of ['pass', 'fail', 'softfail', 'neutral', 'none', 'permerror', 'temperror']) expect(tally.get(result) ?? 0, result).toBeGreaterThan(0);
  }, TIMEOUT_MS);
});
