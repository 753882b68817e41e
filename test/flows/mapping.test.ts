// The six flows: the contract's status rule over every combination, the mapping beside the registry, and the flow a mail admin would name.
import { describe, expect, it } from 'vitest';
import { CHECK_FLOWS, flowMapOf } from '../../src/checks/flows.js';
import { ALL_CHECKS } from '../../src/checks/index.js';
import { FLOW_IDS, FLOWS, flowStatus, isFlowId, judgeFlows, type FlowId, type FlowMap } from '../../src/engine/flows.js';
import { STATUSES, type Check, type Finding, type Status } from '../../src/engine/types.js';
import { expectedFlowStatus } from '../helpers/flows.js';
import { INSIDE_CHECKS } from '../helpers/inside-loopback.js';

/** The whole table, also the ids of checks that land later (a run holds only its own checks). */
const MAP: FlowMap = new Map(Object.entries(CHECK_FLOWS));

/** Findings with the given statuses (everything else absent from the run). */
const run = (statuses: Record<string, Status>): Pick<Finding, 'id' | 'status'>[] => Object.entries(statuses).map(([id, status]) => ({ id, status }));

/** The status of each flow, by id. */
function flowsOf(statuses: Record<string, Status>, map = MAP): Record<FlowId, Status> {
  return Object.fromEntries(judgeFlows(run(statuses), map).map((f) => [f.id, f.status])) as Record<FlowId, Status>;
}

/** Every mapped check passing, so that one failure shows exactly which flows it takes down. */
const ALL_PASS = Object.fromEntries(Object.keys(CHECK_FLOWS).map((id) => [id, 'pass' as Status]));

/** The flows that fail when `id` fails and everything else passes. */
function failingWith(id: string, map = MAP): FlowId[] {
  const flows = flowsOf({ ...ALL_PASS, [id]: 'fail' }, map);
  return FLOW_IDS.filter((f) => flows[f] === 'fail');
}

describe('the flow status rule', () => {
  it('agrees with the contract over every multiset of up to four statuses', () => {
    const lists: Status[][] = [[]];
    for (let n = 0; n < 4; n++) for (const list of [...lists]) if (list.length === n) for (const s of STATUSES) lists.push([...list, s]);
    expect(lists.length).toBe(1 + 5 + 25 + 125 + 625);
    for (const list of lists) expect(flowStatus(list), list.join(',')).toBe(expectedFlowStatus(list));
  });

  it('reads as the contract says: fail over error over warn over pass; skip only when all were skipped', () => {
    expect(flowStatus(['pass', 'warn', 'error', 'fail'])).toBe('fail');
    expect(flowStatus(['pass', 'warn', 'error', 'skip'])).toBe('error');
    expect(flowStatus(['pass', 'warn', 'skip'])).toBe('warn');
    expect(flowStatus(['pass', 'skip'])).toBe('pass');
    expect(flowStatus(['skip', 'skip'])).toBe('skip');
    expect(flowStatus([])).toBe('skip');
  });

  it('every report has the six flows in the contract order, each listing the checks of the run that decide it', () => {
    const flows = judgeFlows(run({ 'mx.present': 'pass', 'mx.no-bypass': 'fail', 'spf.all': 'skip', 'dns.consistency': 'fail' }), MAP);
    expect(flows.map((f) => f.id)).toEqual(['internet-to-m365', 'internet-to-hosting', 'm365-to-hosting', 'hosting-to-m365', 'm365-to-internet', 'hosting-to-internet']);
    expect(flows[0]).toMatchObject({ status: 'fail', checks: ['mx.present', 'mx.no-bypass'], skipped: [] });
    expect(flows[1]).toMatchObject({ status: 'pass', checks: ['mx.present'] });
    // A flow none of whose checks ran is skip, with nothing listed; a flow with only skipped checks is skip too.
    expect(flows[2]).toMatchObject({ status: 'skip', checks: [], skipped: [] });
    expect(flows[4]).toMatchObject({ status: 'skip', checks: ['spf.all'], skipped: ['spf.all'] });
    for (const f of flows) expect(f.title).toBe(FLOWS[f.id].title);
  });
});

describe('the mapping beside the registry', () => {
  it('names every built-in check, and only flow ids', () => {
    for (const check of ALL_CHECKS) expect(Object.hasOwn(CHECK_FLOWS, check.meta.id), check.meta.id).toBe(true);
    for (const flows of Object.values(CHECK_FLOWS)) for (const f of flows) expect(isFlowId(f)).toBe(true);
  });

  it('already maps the checks that land later (the reverse-flow probe, the inside view), per CHECKS.md', () => {
    for (const id of ['smarthost.routes-to-m365', ...INSIDE_CHECKS]) {
      expect(CHECK_FLOWS[id]?.length, id).toBeGreaterThan(0);
    }
  });

  it('every flow is decided by some check', () => {
    for (const flow of FLOW_IDS) expect(Object.values(CHECK_FLOWS).some((flows) => flows.includes(flow)), flow).toBe(true);
  });

  it('a plugin check declares its flows in meta.flows; without them it decides none; it cannot move a built-in id', () => {
    const plugin = (id: string, flows?: FlowId[]): Check => ({
      meta: { id, title: id, verifies: id, messages: { ok: 'ok' }, ...(flows ? { flows } : {}) },
      run: () => Promise.resolve({ status: 'pass', message: 'ok' }),
    });
    const map = flowMapOf([...ALL_CHECKS, plugin('acme.relay-ok', ['m365-to-hosting']), plugin('acme.inventory'), plugin('mx.present', ['hosting-to-internet'])]);
    expect(map.get('acme.relay-ok')).toEqual(['m365-to-hosting']);
    expect(map.get('acme.inventory')).toEqual([]);
    expect(map.get('mx.present')).toEqual(CHECK_FLOWS['mx.present']);
    expect(failingWith('acme.relay-ok', map)).toEqual(['m365-to-hosting']);
  });
});

describe('the failing flow is the one a mail admin would name', () => {
  it('the domain left Authoritative: outside mail to hosting mailboxes', () => {
    expect(failingWith('m365.internal-relay')).toEqual(['internet-to-hosting']);
    // The setting itself also stops Microsoft 365 users' mail to hosting colleagues (5.1.10).
    expect(failingWith('m365.accepted-domain')).toEqual(['internet-to-hosting', 'm365-to-hosting']);
  });

  it('relay refused at the hosting server (cPanel Remote routing): Microsoft 365 to hosting, and outside mail through it', () => {
    expect(failingWith('smarthost.accepts-mailbox')).toEqual(['internet-to-hosting', 'm365-to-hosting']);
    expect(failingWith('hosting.routing')).toEqual(['internet-to-hosting', 'm365-to-hosting']);
  });

  it('no route to a Microsoft 365 colleague: hosting to Microsoft 365, and nothing else', () => {
    for (const id of ['smarthost.routes-to-m365', 'mailboxes.hosting-to-m365', 'm365.direct-send', 'mailboxes.duplicates']) {
      expect(failingWith(id), id).toEqual(['hosting-to-m365']);
    }
  });

  it('the connector leg (loop, port 25, TLS, certificate) breaks both ways into the hosting server', () => {
    for (const id of ['smarthost.loop', 'smarthost.smtp', 'smarthost.tls', 'smarthost.certificate', 'm365.connector', 'm365.connector-tls']) {
      expect(failingWith(id), id).toEqual(['internet-to-hosting', 'm365-to-hosting']);
    }
  });

  it('a hosting MX left in DNS loses mail for the Microsoft 365 mailboxes; no MX at all loses everything inbound', () => {
    expect(failingWith('mx.no-bypass')).toEqual(['internet-to-m365']);
    expect(failingWith('mx.present')).toEqual(['internet-to-m365', 'internet-to-hosting']);
  });

  it('SPF, DKIM and DMARC by sender', () => {
    expect(failingWith('spf.m365-include')).toEqual(['m365-to-internet']);
    expect(failingWith('dkim.m365')).toEqual(['m365-to-internet']);
    expect(failingWith('m365.dkim-signing')).toEqual(['m365-to-internet']);
    expect(failingWith('spf.hosting-covered')).toEqual(['hosting-to-internet']);
    expect(failingWith('dkim.hosting')).toEqual(['hosting-to-internet']);
    for (const id of ['spf.present', 'spf.syntax', 'spf.lookup-limit', 'spf.void-limit', 'spf.all', 'dmarc.record']) {
      expect(failingWith(id), id).toEqual(['m365-to-internet', 'hosting-to-internet']);
    }
  });

  it('what is no mail path takes no flow down', () => {
    for (const id of ['autodiscover.cname', 'autodiscover.srv', 'dns.consistency']) expect(failingWith(id), id).toEqual([]);
  });
});
