// The flows of every check table and of the demo world, asserted against the contract's rule computed from the table's own expected statuses.
import { describe, expect, it } from 'vitest';
import { flowMapOf } from '../../src/checks/flows.js';
import { ALL_CHECKS } from '../../src/checks/index.js';
import { FLOW_IDS, judgeFlows, type Flow, type FlowId } from '../../src/engine/flows.js';
import type { CheckInput, Finding, Report, Status } from '../../src/engine/types.js';
import type { Zone } from '../../src/testbed/dns-server.js';
import { DKIM_DMARC_WORLDS } from '../checks/dkim-dmarc-worlds.js';
import { SMTP_WORLDS } from '../checks/smtp-worlds.js';
import { SPF_WORLDS } from '../checks/spf-worlds.js';
import { WORLDS } from '../checks/worlds.js';
import { runMain } from '../helpers/in-process.js';
import { runWorld } from '../helpers/run-world.js';
import { BADNESS, expectedFlowStatus } from './oracle.js';

const MAP = flowMapOf(ALL_CHECKS);

interface Table {
  name: string;
  expect: Partial<Record<string, Status>>;
}

const TABLES: [string, readonly Table[]][] = [
  ['worlds', WORLDS],
  ['spf worlds', SPF_WORLDS],
  ['dkim/dmarc worlds', DKIM_DMARC_WORLDS],
  ['smtp worlds', SMTP_WORLDS],
];

/** The checks of the registry that decide `flow`. */
const deciding = (flow: FlowId) => ALL_CHECKS.map((c) => c.meta.id).filter((id) => MAP.get(id)?.includes(flow));

/** What a table says of a flow: the rule over the statuses it expects for the flow's checks, and whether it names them all. */
function fromTable(table: Table, flow: FlowId): { status: Status; complete: boolean } {
  const ids = deciding(flow);
  const listed = ids.filter((id) => table.expect[id] !== undefined);
  return { status: expectedFlowStatus(listed.map((id) => table.expect[id]!)), complete: listed.length === ids.length };
}

/**
 * A run's flow against its table: exactly the rule over the table's statuses when the table names every check of
 * the flow; otherwise never better than they say (a failing check fails the flow whatever the others did).
 */
function expectFlow(flow: Flow, table: Table, what: string): void {
  const told = fromTable(table, flow.id);
  if (told.complete) expect(flow.status, what).toBe(told.status);
  else expect(BADNESS[flow.status], `${what}: ${flow.status} is better than the table's ${told.status}`).toBeGreaterThanOrEqual(BADNESS[told.status]);
}

describe('flows of every check table, from the statuses the table expects', () => {
  for (const [label, tables] of TABLES) {
    describe(label, () => {
      for (const table of tables) {
        it(table.name, () => {
          // A run holding exactly the table's checks with the table's statuses: every flow is the rule over them.
          const findings = Object.entries(table.expect).map(([id, status]) => ({ id, status: status! }));
          const flows = judgeFlows(findings, MAP);
          expect(flows.map((f) => f.id)).toEqual([...FLOW_IDS]);
          for (const flow of flows) {
            const own = findings.filter((f) => MAP.get(f.id)?.includes(flow.id));
            expect(flow.checks, flow.id).toEqual(own.map((f) => f.id));
            expect(flow.status, flow.id).toBe(expectedFlowStatus(own.map((f) => f.status)));
          }
        });
      }
    });
  }
});

describe('flows of the DNS tables, run for real on the loopback DNS server', () => {
  const dnsTables: [string, readonly (Table & { domain: string; zone: Zone; input?: CheckInput })[]][] = [
    ['worlds', WORLDS],
    ['spf worlds', SPF_WORLDS],
    ['dkim/dmarc worlds', DKIM_DMARC_WORLDS],
  ];
  for (const [label, tables] of dnsTables) {
    it(`${label}: each flow follows the rule over the run's findings and agrees with the table`, async () => {
      for (const table of tables) {
        const { findings } = await runWorld(table.domain, { zone: table.zone }, table.input ? { input: table.input } : {});
        const flows = judgeFlows(findings, MAP);
        for (const flow of flows) {
          const own = findings.filter((f) => MAP.get(f.id)?.includes(flow.id));
          expect(flow.status, `${table.name}: ${flow.id}`).toBe(expectedFlowStatus(own.map((f) => f.status)));
          expectFlow(flow, table, `${table.name}: ${flow.id}`);
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
    // The demo's mistakes (src/demo/world.ts): Authoritative and a leaf-only certificate break the way into the
    // hosting server, the leftover hosting MX the way into Microsoft 365, the missing DKIM keys each sender.
    expect(status['internet-to-hosting']).toBe('fail');
    expect(failing('internet-to-hosting')).toEqual(expect.arrayContaining(['m365.internal-relay', 'smarthost.certificate']));
    expect(failing('m365-to-hosting')).toEqual(['smarthost.certificate']);
    expect(failing('internet-to-m365')).toEqual(['mx.no-bypass']);
    expect(failing('m365-to-internet')).toEqual(['dkim.m365']);
    expect(failing('hosting-to-internet')).toEqual(['dkim.hosting']);
  });
});
