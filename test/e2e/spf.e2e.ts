// `splitcheck spf` end to end through Unbound and NSD: openspf RFC 7208 cases served from real zone files, and the fixture domains' records.
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { loadSuite, type SuiteTest } from '../spf/helpers/suite.js';
import { dnsQuery } from './harness/net.js';
import { world } from './cli.js';
import { BROKEN, HEALTHY } from './world.js';

interface SpfJson {
  result: string;
  explanation: string | null;
  lookups: number;
  voidLookups: number;
}

async function spf(domain: string, ip: string, ...args: string[]): Promise<SpfJson> {
  const r = await runCli(['spf', domain, '--ip', ip, '--resolver', world().resolver, '--timeout', '3000', '--json', ...args]);
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as SpfJson;
}

// fixtures/e2e/zones/example.com.zone and 3.2.1.in-addr.arpa.zone hold this scenario's zone data.
const SCENARIO = 'Processing limits';
const scenario = loadSuite().find((s) => s.description === SCENARIO)!;

describe(`openspf RFC 7208 suite, "${SCENARIO}", through Unbound and NSD`, () => {
  it('the zone files serve exactly the scenario\'s zone data', async () => {
    const [host, port] = world().resolver.split(':');
    // Names compare without their trailing dot; TXT strings joined (each record here is one string).
    const text = (x: unknown) => (Array.isArray(x) ? x.map((b) => Buffer.from(b as Buffer).toString()).join('') : String(x).replace(/\.$/, ''));
    for (const [name, entries] of Object.entries(scenario.zone)) {
      const byType = new Map<string, string[]>();
      for (const entry of entries) {
        if (entry === 'TIMEOUT') continue;
        const [type, value] = Object.entries(entry).find(([k]) => k !== 'ttl')!;
        const shown = type === 'MX' ? `${(value as [number, string])[0]} ${text((value as [number, string])[1])}` : text(value);
        byType.set(type, [...(byType.get(type) ?? []), shown]);
      }
      for (const [type, expected] of byType) {
        const answer = await dnsQuery(host!, Number(port), name, type as 'A', { timeoutMs: 3000 });
        const got = answer.answers
          .filter((a) => a.type === type)
          .map((a) => (type === 'MX' ? `${(a.data as { preference: number }).preference} ${(a.data as { exchange: string }).exchange}` : text(a.data)));
        expect(got.sort(), `${name} ${type}`).toEqual([...expected].sort());
      }
    }
  });

  for (const test of scenario.tests) {
    it.concurrent(`${test.id}: ${test.results.join(' or ')}`, async () => {
      const t: SuiteTest = test;
      const domain = t.mailfrom === '' ? t.helo : t.mailfrom.slice(t.mailfrom.lastIndexOf('@') + 1);
      const out = await spf(domain, t.host, '--sender', t.mailfrom, '--helo', t.helo);
      expect(t.results, `${t.id}: got ${out.result}`).toContain(out.result);
    });
  }
});

describe('splitcheck spf for the fixture domains', () => {
  it('healthy.example: the hosting server and Microsoft 365 pass (a two-string include, a TXT answer only TCP carries), others fail', async () => {
    expect(await spf(HEALTHY.domain, HEALTHY.hostingIp)).toMatchObject({ result: 'pass', lookups: 1, voidLookups: 0 });
    expect(await spf(HEALTHY.domain, '127.0.100.10')).toMatchObject({ result: 'pass', lookups: 1 });
    expect(await spf(HEALTHY.domain, '52.101.68.10')).toMatchObject({ result: 'pass' });
    expect(await spf(HEALTHY.domain, '192.0.2.1')).toMatchObject({ result: 'fail', explanation: null });
  });

  it('broken.example: permerror past the tenth DNS-querying term', async () => {
    const out = await spf(BROKEN.domain, BROKEN.hostingIp);
    expect(out.result).toBe('permerror');
    expect(out.lookups).toBeGreaterThan(10);
  });
});
