// The flows of every check table and of the demo world, against the contract's rule computed from the statuses the table expects.
// (Each table's real run is asserted too, in runWorld: test/helpers/flows.ts expectFlows.)
/// <reference types="vite/client" />
import { describe, expect, it } from 'vitest';
import { flowMapOf } from '../../src/checks/flows.js';
import { ALL_CHECKS } from '../../src/checks/index.js';
import { FLOW_IDS, judgeFlows, type FlowId } from '../../src/engine/flows.js';
import type { Finding, Report } from '../../src/engine/types.js';
import { expectedFlowStatus } from '../helpers/flows.js';
import { runMain } from '../helpers/in-process.js';
import { schemaErrors } from '../helpers/schema.js';
import { DEMO_DOMAIN, DEMO_ZONE } from '../../src/demo/world.js';
import { startDnsServer } from '../../src/testbed/dns-server.js';
import type { World } from '../helpers/world.js';

const MAP = flowMapOf(ALL_CHECKS);

/** Every table of worlds under test/checks (a new table is picked up without a line here). */
const modules = import.meta.glob<Record<string, unknown>>('../checks/**/*worlds.ts', { eager: true });
const tables = Object.entries(modules).flatMap(([file, exports]) =>
  Object.entries(exports)
    .filter(([, value]) => Array.isArray(value) && value.length > 0 && value.every((w) => typeof w === 'object' && w !== null && 'expect' in w && 'name' in w))
    .map(([name, worlds]) => [`${file.replace('../checks/', '')} ${name}`, worlds as World[]] as const),
);

describe('flows of every check table, from the statuses the table expects', () => {
  it('finds the tables', () => {
    expect(tables.length).toBeGreaterThanOrEqual(10);
    expect(tables.map(([name]) => name)).toEqual(expect.arrayContaining([expect.stringMatching(/MX_WORLDS$/), expect.stringMatching(/SMARTHOST_WORLDS$/)]));
  });

  for (const [label, worlds] of tables) {
    it(label, () => {
      for (const world of worlds) {
        // A run holding exactly the table's checks with the table's statuses: every flow is the rule over them.
        const findings = Object.entries(world.expect).map(([id, status]) => ({ id, status: status! }));
        const flows = judgeFlows(findings, MAP);
        expect(flows.map((f) => f.id)).toEqual([...FLOW_IDS]);
        for (const flow of flows) {
          const own = findings.filter((f) => MAP.get(f.id)?.includes(flow.id));
          expect(flow.checks, `${world.name}: ${flow.id}`).toEqual(own.map((f) => f.id));
          expect(flow.status, `${world.name}: ${flow.id}`).toBe(expectedFlowStatus(own.map((f) => f.status)));
        }
      }
    });
  }
});

describe('flows of the demo world', () => {
  it('the report the demo prints: each flow is the rule over its listed checks, and the broken ones are the ones built in', async () => {
    const r = await runMain(['demo', '--json']);
    const report = JSON.parse(r.stdout) as Report;
    const byId = new Map<string, Finding>(report.results.map((f) => [f.id, f]));
    for (const flow of report.flows) {
      for (const id of flow.checks) expect(byId.has(id), `${flow.id} lists ${id}`).toBe(true);
      expect(flow.status, flow.id).toBe(expectedFlowStatus(flow.checks.map((id) => byId.get(id)!.status)));
      expect(flow.checks, flow.id).toEqual(report.results.filter((f) => MAP.get(f.id)?.includes(flow.id)).map((f) => f.id));
    }
    const status = Object.fromEntries(report.flows.map((f) => [f.id, f.status]));
    const failing = (id: FlowId) => report.flows.find((f) => f.id === id)!.checks.filter((c) => byId.get(c)!.status === 'fail');
    // The demo's mistakes (src/demo/world.ts and its inside view): Authoritative (in the export and at the edge) and a
    // leaf-only certificate break the way into the hosting server; no forwarder and a duplicate account the way
    // from hosting users to their Microsoft 365 colleagues; the leftover hosting MX the way into Microsoft 365;
    // the missing DKIM keys each sender.
    expect(status['internet-to-hosting']).toBe('fail');
    expect(failing('internet-to-hosting').sort()).toEqual(['m365.accepted-domain', 'm365.connector-tls', 'm365.internal-relay', 'smarthost.certificate']);
    expect(failing('m365-to-hosting').sort()).toEqual(['m365.accepted-domain', 'm365.connector-tls', 'smarthost.certificate']);
    expect(failing('hosting-to-m365').sort()).toEqual(['mailboxes.duplicates', 'mailboxes.hosting-to-m365', 'smarthost.routes-to-m365']);
    expect(failing('internet-to-m365')).toEqual(['mx.no-bypass']);
    expect(failing('m365-to-internet').sort()).toEqual(['dkim.m365', 'm365.dkim-signing']);
    expect(failing('hosting-to-internet')).toEqual(['dkim.hosting']);
  });
});

describe('flows in the JSON formats', () => {
  it('json and ndjson carry the same six flows; the shipped schema requires all six, in order', async () => {
    const dns = await startDnsServer({ zone: DEMO_ZONE });
    try {
      const args = [DEMO_DOMAIN, '--resolver', `127.0.0.1:${dns.address.port}`, '--no-smtp', '--timeout', '500'];
      const json = JSON.parse((await runMain([...args, '--json'])).stdout) as Report;
      const ndjson = (await runMain([...args, '--format', 'ndjson'])).stdout.trimEnd().split('\n');
      expect(ndjson).toHaveLength(1);
      const line = JSON.parse(ndjson[0]!) as Report;
      expect(line.flows.map((f) => [f.id, f.status, f.checks])).toEqual(json.flows.map((f) => [f.id, f.status, f.checks]));
      // --no-smtp: of the connector leg only the smart host's DNS is checked; the flow is pass (the contract's
      // rule) and lists the SMTP checks it could not count as skipped.
      const leg = json.flows.find((f) => f.id === 'm365-to-hosting')!;
      expect(leg).toMatchObject({ status: 'pass', checks: expect.arrayContaining(['smarthost.resolves', 'smarthost.smtp']) });
      expect(leg.skipped).toEqual(expect.arrayContaining(['smarthost.smtp', 'smarthost.tls', 'smarthost.certificate', 'smarthost.accepts-mailbox']));
      expect(leg.skipped).not.toContain('smarthost.resolves');
      expect(schemaErrors('report.schema.json', json)).toEqual([]);
      const { flows, ...without } = json;
      expect(schemaErrors('report.schema.json', without).join()).toMatch(/flows/);
      expect(schemaErrors('report.schema.json', { ...json, flows: flows.slice(1) }).length).toBeGreaterThan(0);
      expect(schemaErrors('report.schema.json', { ...json, flows: [flows[1], flows[0], ...flows.slice(2)] }).length).toBeGreaterThan(0);
      expect(schemaErrors('report.schema.json', { ...json, flows: flows.map((f, i) => (i === 0 ? { ...f, status: 'broken' } : f)) }).length).toBeGreaterThan(0);
    } finally {
      await dns.close();
    }
  });
});
