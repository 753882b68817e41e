// A hostile zone that multiplies work (thousands of MX targets, each with thousands of addresses) stays bounded.
import { describe, expect, it } from 'vitest';
import { MAX_RECORDS_PER_ANSWER } from '../../src/dns/resolver.js';
import { MAX_OBSERVED_LINES } from '../../src/engine/run.js';
import { renderTerminal } from '../../src/report/terminal.js';
import { ALL_CHECKS } from '../../src/checks/index.js';
import { flowMapOf } from '../../src/checks/flows.js';
import { buildReport } from '../../src/engine/report.js';
import type { Zone } from '../../src/testbed/dns-server.js';
import { runZone } from '../helpers/world.js';

/** 600 MX targets, each with 600 A records (served over TCP: the answers are large). */
function amplifyingZone(): Zone {
  const zone: Record<string, Zone[string]> = { 'amp.example': [] };
  const mx = zone['amp.example'] as { MX: [number, string] }[];
  for (let i = 0; i < 600; i++) {
    const host = `mx${i}.amp.example`;
    mx.push({ MX: [10, host] });
    zone[host] = Array.from({ length: 600 }, (_, j) => ({ A: `10.${i % 250}.${Math.floor(j / 250)}.${j % 250}` }));
  }
  return zone;
}

describe('amplification', () => {
  it('caps records per answer, MX targets judged and lines shown; the run stays small', async () => {
    const { byId } = await runZone('amp.example', { zone: amplifyingZone() }, { timeoutMs: 3000 });
    const present = byId['mx.present']!;
    expect(present.status).toBe('pass');
    expect((present.evidence.mx as unknown[]).length).toBe(MAX_RECORDS_PER_ANSWER);
    const targets = byId['mx.targets-resolve']!;
    expect(targets.status).toBe('pass');
    expect(targets.evidence.notChecked).toBe(MAX_RECORDS_PER_ANSWER - 32);
    expect((targets.evidence.targets as { addresses: string[] }[]).every((t) => t.addresses.length <= MAX_RECORDS_PER_ANSWER)).toBe(true);
    expect(targets.observed!.length).toBeLessThanOrEqual(MAX_OBSERVED_LINES + 1);
    expect(targets.message.length).toBeLessThan(5000);
    const text = renderTerminal(buildReport(Object.values(byId), { version: 't', domain: 'amp.example', startedAt: new Date(), durationMs: 0, strict: false, flowMap: flowMapOf(ALL_CHECKS) }), { color: false, verbose: true });
    expect(text.length).toBeLessThan(400_000);
  });
});
