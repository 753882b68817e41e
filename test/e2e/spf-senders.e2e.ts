// Differential test of the spf.* verdicts: on random split-domain worlds, a pass of spf.m365-include, spf.void-limit, spf.lookup-limit or spf.hosting-covered must mean pyspf and Mail::SPF pass the senders it speaks for.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALL_CHECKS } from '../../src/checks/index.js';
import { createResolver } from '../../src/dns/resolver.js';
import { runChecks } from '../../src/engine/run.js';
import type { Finding } from '../../src/engine/types.js';
import { checkHost, type SpfCheckResult } from '../../src/spf/index.js';
import type { DnsTestServer } from '../../src/testbed/dns-server.js';
import { serveSpfWorlds } from './harness/spf-server.js';
import { startMailSpf } from './harness/mailspf.js';
import { startPyspf, type Oracle, type OracleAnswer } from './harness/pyspf.js';
import { explainDeviation, type Counterfactual, type Reference } from './harness/spf-deviations.js';
import { makeSenderWorld, MICROSOFT_RANGES, senderZone, type SenderWorld } from './harness/spf-worlds-senders.js';

const SEED = Number(process.env.SPF_SENDERS_SEED ?? 7208);
const WORLDS = Number(process.env.SPF_SENDERS_WORLDS ?? 60);
/** Both references answer one question at a time; a loaded CI machine needs minutes, never a flaky 30 s. */
const TIMEOUT_MS = 600_000;
const worlds: SenderWorld[] = Array.from({ length: WORLDS }, (_, i) => makeSenderWorld(SEED, i));
const SPF_CHECKS = ALL_CHECKS.filter((c) => c.meta.id.startsWith('spf.'));

/** The first address of each of Microsoft's ranges (what spf.m365-include samples first). */
const FIRST_HOSTS = MICROSOFT_RANGES.map((r) => {
  const network = r.slice(4).split('/')[0]!;
  return r.startsWith('ip4:') ? network.replace(/\.0$/, '.1') : `${network.replace(/::$/, '')}::1`;
});

/** What each reference's permerror text says when it is one of the limits of RFC 7208 §4.6.4. */
const VOID_LIMIT = /void/i;
const LOOKUP_LIMIT = /too many dns lookups|more than \d+ dns lookups|dns-interactive terms/i;

let server: DnsTestServer;
const references = new Map<Reference, Oracle>();

beforeAll(async () => {
  server = await serveSpfWorlds(senderZone(worlds));
  references.set('pyspf', await startPyspf(server.port));
  references.set('mailspf', await startMailSpf(server.port));
});

afterAll(async () => {
  for (const oracle of references.values()) await oracle.close();
  await server?.close();
});

function resolver(on: DnsTestServer = server) {
  // Retries and a long timeout, like the references': load must not turn a slow loopback answer into temperror.
  return createResolver({ servers: [on.address], timeoutMs: 5000, retries: 3 });
}

function ours(world: SenderWorld, ip: string, on: DnsTestServer = server): Promise<SpfCheckResult> {
  return checkHost({ ip, domain: world.domain, sender: `postmaster@${world.domain}`, helo: world.domain, dns: resolver(on) });
}

function counterfactual(world: SenderWorld, ip: string): Counterfactual {
  return async (zone) => {
    const alone = await serveSpfWorlds({ ...senderZone([]), ...zone });
    try {
      return await ours(world, ip, alone);
    } finally {
      await alone.close();
    }
  };
}

interface Sender {
  ip: string;
  role: 'microsoft' | 'hosting';
  ours: SpfCheckResult;
  theirs: Map<Reference, OracleAnswer>;
}

function describeWorld(world: SenderWorld): string {
  return [`  world ${world.index} (${world.domain}), hosting ${world.hosting.join(', ')}`, ...Object.entries(world.records).map(([name, text]) => `    ${name}: "${text}"`)].join('\n');
}

describe(`spf.* verdicts against pyspf and Mail::SPF for Microsoft 365 and hosting senders, ${WORLDS} random split-domain worlds (seed ${SEED})`, () => {
  it('no false pass: each passing check means both references pass the senders it speaks for', async () => {
    const started = performance.now();
    const falsePasses: string[] = [];
    const disagreements: string[] = [];
    const deviations = new Map<string, number>();
    const statuses = new Map<string, number>();
    /** Checks that did not pass while both references passed every sender: the worst case, or a finding of their own. */
    const stricter = new Map<string, number>();
    const count = (map: Map<string, number>, key: string) => map.set(key, (map.get(key) ?? 0) + 1);

    /** splitcheck's verdicts and every sender's evaluation by splitcheck and the references, for one world. */
    async function evaluateWorld(world: SenderWorld): Promise<{ status: Record<string, string>; senders: Sender[]; findings: Finding[] }> {
      const findings: Finding[] = await runChecks({
        domain: world.domain,
        input: { hostingIps: world.hosting, noSmtp: true },
        dns: resolver(),
        checks: SPF_CHECKS,
        now: new Date(),
        checkTimeoutMs: 60_000,
      });
      const status = Object.fromEntries(findings.map((f) => [f.id, f.status]));
      const sampled = ((findings.find((f) => f.id === 'spf.m365-include')?.evidence as { microsoft?: { senders?: Array<{ ip: string }> } } | undefined)?.microsoft?.senders ?? []).map((s) => s.ip);
      // What splitcheck sampled (the first address of each range, and inside carved blocks), and addresses it did not.
      const microsoftIps = [...new Set([...(sampled.length > 0 ? sampled : FIRST_HOSTS), ...world.microsoft])];
      const wanted = [...microsoftIps.map((ip) => ({ ip, role: 'microsoft' as const })), ...world.hosting.map((ip) => ({ ip, role: 'hosting' as const }))];
      // Every question of the world is sent at once: each reference answers in turn, both references and splitcheck side by side.
      const senders = await Promise.all(
        wanted.map(async ({ ip, role }): Promise<Sender> => {
          const answers = await Promise.all([...references].map(async ([name, oracle]) => [name, await oracle.check(ip, `postmaster@${world.domain}`, world.domain)] as const));
          return { ip, role, ours: await ours(world, ip), theirs: new Map(answers) };
        }),
      );
      return { status, senders, findings };
    }

    /** Compares one world's verdicts and evaluations, recording false passes, disagreements and deviations. */
    async function judgeWorld(world: SenderWorld, status: Record<string, string>, senders: Sender[]): Promise<void> {
      for (const sender of senders) {
        for (const [name, answer] of sender.theirs) {
          // check_host() itself: the same result, or a known deviation of that reference.
          let deviation: string | undefined;
          if (answer.result !== sender.ours.result) {
            deviation = await explainDeviation({ ip: sender.ip, zone: world.zone }, sender.ours, answer.result, name, counterfactual(world, sender.ip));
            if (deviation) count(deviations, `${name}:${deviation}`);
            else disagreements.push(`${sender.ip} (${sender.role}): splitcheck ${sender.ours.result} (${JSON.stringify(sender.ours.reason ?? null)}), ${name} ${answer.result} (${answer.detail})\n${describeWorld(world)}`);
          }
          // The verdicts: a passing check speaks for these senders.
          const claims: string[] = [];
          if (answer.result !== 'pass') {
            if (sender.role === 'microsoft' && status['spf.m365-include'] === 'pass') claims.push('spf.m365-include');
            if (sender.role === 'hosting' && status['spf.hosting-covered'] === 'pass') claims.push('spf.hosting-covered');
          }
          if (answer.result === 'permerror' && VOID_LIMIT.test(answer.detail) && status['spf.void-limit'] === 'pass') claims.push('spf.void-limit');
          if (answer.result === 'permerror' && LOOKUP_LIMIT.test(answer.detail) && status['spf.lookup-limit'] === 'pass') claims.push('spf.lookup-limit');
          // A pass is a promise about what receivers do: a reference's known deviation from RFC 7208 does not excuse it
          // (splitcheck evaluates the pyspf/Mail::SPF void count too, and warns), so it counts as a false pass, named.
          for (const id of claims) {
            const why = deviation ? ` (a known deviation of ${name} from RFC 7208: ${deviation})` : '';
            falsePasses.push(`${id} pass, but ${name} gives ${answer.result} for ${sender.ip} (${sender.role}): ${answer.detail}${why}\n${describeWorld(world)}`);
          }
        }
      }
      const allPass = (role: Sender['role']) => senders.filter((s) => s.role === role).every((s) => [...s.theirs.values()].every((a) => a.result === 'pass'));
      if (allPass('microsoft') && status['spf.m365-include'] !== 'pass') count(stricter, `spf.m365-include:${status['spf.m365-include']}`);
      if (allPass('hosting') && status['spf.hosting-covered'] !== 'pass') count(stricter, `spf.hosting-covered:${status['spf.hosting-covered']}`);
    }

    const BATCH = 4;
    for (let i = 0; i < worlds.length; i += BATCH) {
      const batch = worlds.slice(i, i + BATCH);
      const results = await Promise.all(batch.map(evaluateWorld));
      for (const [j, { status, senders, findings }] of results.entries()) {
        for (const f of findings) count(statuses, `${f.id}:${f.status}`);
        await judgeWorld(batch[j]!, status, senders);
      }
    }

    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    const versions = [...references].map(([name, o]) => `${name} ${o.version}`).join(', ');
    console.log(
      `spf-senders: ${versions}; ${WORLDS} worlds in ${seconds} s; statuses ${JSON.stringify(Object.fromEntries([...statuses].sort()))}; ` +
        `known deviations ${JSON.stringify(Object.fromEntries(deviations))}; stricter than both references ${JSON.stringify(Object.fromEntries(stricter))}`,
    );
    expect(falsePasses, `${falsePasses.length} false pass(es):\n${falsePasses.join('\n')}`).toEqual([]);
    expect(disagreements, `${disagreements.length} unexplained check_host() disagreement(s):\n${disagreements.join('\n')}`).toEqual([]);
    // The worlds must keep reaching both verdicts of the checks compared, or the comparison says little.
    for (const id of ['spf.m365-include', 'spf.void-limit', 'spf.lookup-limit', 'spf.hosting-covered']) {
      expect(statuses.get(`${id}:pass`) ?? 0, `${id} pass`).toBeGreaterThan(0);
      expect(statuses.get(`${id}:fail`) ?? 0, `${id} fail`).toBeGreaterThan(0);
    }
  }, TIMEOUT_MS);
});
