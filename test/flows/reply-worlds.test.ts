// The six flows of full runs of the built bin against loopback split domains: the contract's rule over each flow's checks, the flow a mail admin would name failing, and the same flows in JSON, ndjson, JUnit, Markdown, the terminal at 80 columns and the many-domains table.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Report, Status } from '../../src/engine/types.js';
import { runCli } from '../helpers/cli.js';
import { startImitation, type Imitation } from '../helpers/reply-imitation.js';
import { ANNA, BEN, CARL, DOMAIN, expectNoForbiddenCommand, healthyZone, replyPki, startReplyWorld, type ReplyWorld, type StartedReplyWorld } from '../helpers/reply-world.js';
import { cpanelExim, microsoftEdge } from '../helpers/vendor-replies.js';

const FLOW_IDS = ['internet-to-m365', 'internet-to-hosting', 'm365-to-hosting', 'hosting-to-m365', 'm365-to-internet', 'hosting-to-internet'] as const;
type FlowId = (typeof FLOW_IDS)[number];

/** CHECKS.md: fail if any fails, else error, else warn, else pass; skip when all were skipped. Written apart from src/engine/flows.ts. */
function rule(statuses: Status[]): Status {
  if (statuses.every((s) => s === 'skip')) return 'skip';
  return (['fail', 'error', 'warn'] as const).find((s) => statuses.includes(s)) ?? 'pass';
}

/** The flows of a JSON report, checked against the rule over the results they list. */
function flowsOf(report: Report): Record<FlowId, Status> {
  expect(report.flows.map((f) => f.id)).toEqual([...FLOW_IDS]);
  const byId = new Map(report.results.map((f) => [f.id, f.status]));
  for (const flow of report.flows) {
    expect(new Set(flow.checks).size, `${flow.id} lists a check twice`).toBe(flow.checks.length);
    for (const id of flow.checks) expect(byId.has(id), `${flow.id} lists ${id}, absent from the results`).toBe(true);
    expect(flow.status, flow.id).toBe(rule(flow.checks.map((id) => byId.get(id)!)));
    expect(flow.skipped).toEqual(flow.checks.filter((id) => byId.get(id) === 'skip'));
  }
  return Object.fromEntries(report.flows.map((f) => [f.id, f.status])) as Record<FlowId, Status>;
}

const failing = (flows: Record<FlowId, Status>): FlowId[] => FLOW_IDS.filter((id) => flows[id] === 'fail');

interface Named {
  name: string;
  world: (tls: { key: string; cert: string }) => ReplyWorld;
  args: string[];
  /** The flows that must fail, and no other: what a mail admin would name. */
  fails: FlowId[];
  /** Statuses of other flows that matter. */
  also?: Partial<Record<FlowId, Status>>;
}

const cpanel = (tls: { key: string; cert: string }, routing: 'local' | 'remote' = 'local') => cpanelExim(DOMAIN, { routing, mailboxes: ['anna'], forwarders: ['ben'], tls });

const WORLDS: Named[] = [
  {
    name: 'everything right (a forwarder for the Microsoft 365 user)',
    world: (tls) => ({ hosting: cpanel(tls), edge: microsoftEdge('internal-relay'), zone: healthyZone() }),
    args: ['--mailbox', ANNA, '--m365-mailbox', BEN],
    fails: [],
    also: { 'internet-to-m365': 'pass', 'internet-to-hosting': 'pass', 'm365-to-hosting': 'pass', 'hosting-to-m365': 'warn', 'm365-to-internet': 'pass', 'hosting-to-internet': 'pass' },
  },
  {
    name: 'the accepted domain left Authoritative',
    world: (tls) => ({ hosting: cpanel(tls), edge: microsoftEdge('authoritative-as'), zone: healthyZone() }),
    args: ['--mailbox', ANNA, '--m365-mailbox', BEN],
    fails: ['internet-to-hosting'],
    also: { 'internet-to-m365': 'pass', 'm365-to-hosting': 'pass' },
  },
  {
    name: "the relay refused (cPanel's Remote Mail Exchanger)",
    world: (tls) => ({ hosting: cpanel(tls, 'remote'), edge: microsoftEdge('internal-relay'), zone: healthyZone() }),
    args: ['--mailbox', ANNA, '--m365-mailbox', BEN],
    // The connector leg is where both Microsoft 365 users' and outside senders' mail for hosting users stops.
    fails: ['internet-to-hosting', 'm365-to-hosting'],
    also: { 'hosting-to-m365': 'pass' },
  },
  {
    name: 'no route to a Microsoft 365 colleague (550 No Such User Here)',
    world: (tls) => ({ hosting: cpanel(tls), edge: microsoftEdge('internal-relay'), zone: healthyZone() }),
    args: ['--mailbox', ANNA, '--m365-mailbox', CARL],
    fails: ['hosting-to-m365'],
    also: { 'internet-to-hosting': 'pass', 'm365-to-hosting': 'pass' },
  },
  {
    name: 'greylisting at RCPT: could not verify, nothing fails',
    world: (tls) => ({
      hosting: cpanelExim(DOMAIN, { routing: 'local', mailboxes: ['anna'], forwarders: ['ben'], tls, rcpt: (to) => `450 4.2.0 <${to}>: Recipient address rejected: Greylisted, see http://postgrey.schweikert.ch/help/${DOMAIN}.html` }),
      edge: microsoftEdge('internal-relay'),
      zone: healthyZone(),
    }),
    args: ['--mailbox', ANNA, '--m365-mailbox', BEN],
    fails: [],
    also: { 'internet-to-hosting': 'error', 'm365-to-hosting': 'error', 'hosting-to-m365': 'error' },
  },
];

/** The `splitcheck.flows` suite of a JUnit report: each flow's outcome as JUnit says it. */
function junitFlows(xml: string): Record<string, string> {
  const suite = /<testsuite name="[^"]*splitcheck\.flows"[^>]*>([\s\S]*?)<\/testsuite>/.exec(xml)?.[1] ?? '';
  const out: Record<string, string> = {};
  for (const m of suite.matchAll(/<testcase [^>]*name="([^"]+)"[^>]*?(\/>|>([\s\S]*?)<\/testcase>)/g)) {
    const body = m[3] ?? '';
    out[m[1]!] = /<failure /.test(body) ? 'failure' : /<error /.test(body) ? 'error' : /<skipped /.test(body) ? 'skipped' : 'passed';
  }
  return out;
}

const JUNIT_OF: Record<Status, string> = { fail: 'failure', error: 'error', skip: 'skipped', pass: 'passed', warn: 'passed' };

/** The status words and flow ids of the Markdown report's "Mail flows" table, in its order. */
function markdownFlows(md: string): Array<[string, Status]> {
  const table = md.slice(md.indexOf('## Mail flows'));
  return [...table.matchAll(/^\| \S+ (pass|warn|fail|error|skip) \| `([a-z0-9-]+)` \|/gm)].slice(0, 6).map((m) => [m[2]!, m[1] as Status]);
}

const chars = (line: string): number => [...line].length;

describe('the six flows of full runs, through the bin', () => {
  let tls: { key: string; cert: string };
  beforeAll(async () => {
    const { pki } = await replyPki();
    tls = { key: pki.leaves.good.key, cert: pki.leaves.good.cert };
  });

  it.each(WORLDS.map((w) => [w.name, w] as const))('%s: the rule, and the flow an admin would name', async (_name, w) => {
    const started = await startReplyWorld(w.world(tls));
    try {
      const r = await runCli([DOMAIN, ...started.baseArgs, '--json', ...w.args], { env: started.env, timeoutMs: 90_000 });
      const report = JSON.parse(r.stdout) as Report;
      const flows = flowsOf(report);
      expect(failing(flows), JSON.stringify(flows)).toEqual(w.fails);
      for (const [id, status] of Object.entries(w.also ?? {})) expect(flows[id as FlowId], id).toBe(status);
      expectNoForbiddenCommand(started);
    } finally {
      await started.close();
    }
  });

  describe('one world in every format at 80 columns: the same flows', () => {
    let started: StartedReplyWorld;
    let json: Report;
    const args = () => [DOMAIN, ...started.baseArgs, '--mailbox', ANNA, '--m365-mailbox', CARL];
    const run = (...extra: string[]) => runCli([...args(), ...extra], { env: { ...started.env, COLUMNS: '80' }, timeoutMs: 90_000 });
    beforeAll(async () => {
      started = await startReplyWorld({ hosting: cpanel(tls), edge: microsoftEdge('authoritative'), zone: healthyZone() });
      json = JSON.parse((await run('--json')).stdout) as Report;
    });
    afterAll(async () => {
      expectNoForbiddenCommand(started);
      await started.close();
    });

    it('JSON: the Authoritative edge and the missing forwarder fail their own flows', () => {
      expect(failing(flowsOf(json))).toEqual(['internet-to-hosting', 'hosting-to-m365']);
    });

    it('ndjson: the one line carries the same flows', async () => {
      const r = await run('--format', 'ndjson');
      const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as Report);
      const withFlows = lines.filter((l) => Array.isArray(l.flows));
      expect(withFlows).toHaveLength(1);
      expect(flowsOf(withFlows[0]!)).toEqual(flowsOf(json));
    });

    it('JUnit: a suite of six test cases, failure and error as the flows say', async () => {
      const r = await run('--format', 'junit');
      expect(junitFlows(r.stdout)).toEqual(Object.fromEntries(json.flows.map((f) => [f.id, JUNIT_OF[f.status]])));
      // Wrapped at 80 columns or not, XML attribute values stay one line each.
      expect(r.stdout).toMatch(/<testcase classname="splitcheck\.flows" name="hosting-to-m365"[^>]*>\s*<failure message="[^"\n]*smarthost\.routes-to-m365/);
    });

    it('Markdown: the flows table first, in the contract order, with the same statuses', async () => {
      const r = await run('--format', 'markdown');
      expect(r.stdout.indexOf('## Mail flows')).toBeLessThan(r.stdout.indexOf('## Checks'));
      expect(markdownFlows(r.stdout)).toEqual(json.flows.map((f) => [f.id, f.status]));
    });

    it('terminal at 80 columns: the flows open the report, no line of prose or headings overruns 80 characters', async () => {
      const r = await run();
      const lines = r.stdout.split('\n');
      const flowsAt = lines.findIndex((l) => l.startsWith('Mail flows'));
      expect(flowsAt).toBeGreaterThan(-1);
      expect(flowsAt).toBeLessThan(5);
      for (const flow of json.flows) expect(lines.slice(flowsAt, flowsAt + 20).some((l) => l.includes(flow.id) && l.includes(flow.status)), flow.id).toBe(true);
      // Records and the transcript are printed unwrapped on purpose (to copy); everything else wraps.
      const prose = lines.filter((l) => !/^\s+(seen:|S: |C: |[a-z0-9._-]+\.\s+\d+\s+IN\s)/.test(l) && !/^\s{16,}\S/.test(l));
      expect(prose.filter((l) => chars(l) > 80)).toEqual([]);
    });

    it('--summary: the flows and "Fix first" only, the edge first, the forwarder next, at 80 columns', async () => {
      const r = await run('--summary');
      const out = r.stdout;
      expect(out.split('\n').filter((l) => chars(l) > 80 && !/IN\s+(TXT|CNAME)/.test(l))).toEqual([]);
      const fix = out.slice(out.indexOf('Fix first'));
      expect(fix.indexOf('m365.internal-relay')).toBeGreaterThan(-1);
      expect(fix.indexOf('m365.internal-relay')).toBeLessThan(fix.indexOf('smarthost.routes-to-m365'));
      expect(out).not.toContain('smarthost.smtp ');
    });
  });

  it('the many-domains table: one column per flow, each row the flows of that domain, within 80 columns', async () => {
    const other = 'other.example';
    const hosting = await startImitation(cpanelExim(other, { routing: 'remote', mailboxes: ['anna'], tls }));
    const started = await startReplyWorld({ hosting: cpanel(tls), edge: microsoftEdge('internal-relay'), zone: { ...healthyZone(), ...healthyZone(other, 'other-example.mail.protection.outlook.com') } });
    const servers: Imitation[] = [hosting];
    try {
      const routes = JSON.parse(started.env['SPLITCHECK_TEST_SMTP_ROUTES']!) as Record<string, string>;
      routes[`mail.${other}:25`] = `127.0.0.1:${hosting.port}`;
      routes['other-example.mail.protection.outlook.com:25'] = routes['split-example.mail.protection.outlook.com:25']!;
      const env = { SPLITCHECK_TEST_SMTP_ROUTES: JSON.stringify(routes), COLUMNS: '80' };
      // No --smart-host: each domain's is inferred (mail.<domain>).
      const base = started.baseArgs.filter((a, i, all) => a !== '--smart-host' && all[i - 1] !== '--smart-host');
      const single = async (domain: string) => flowsOf(JSON.parse((await runCli([domain, ...base, '--json'], { env, timeoutMs: 90_000 })).stdout) as Report);
      const expected: Record<string, Record<FlowId, Status>> = { [DOMAIN]: await single(DOMAIN), [other]: await single(other) };
      expect(failing(expected[other]!)).toContain('m365-to-hosting');
      const table = await runCli([DOMAIN, other, ...base], { env, timeoutMs: 120_000 });
      const lines = table.stdout.split('\n');
      expect(lines.filter((l) => chars(l) > 80)).toEqual([]);
      const header = lines.find((l) => l.startsWith('domain'))!.trim().split(/\s+/);
      const columns = header.slice(1, 7);
      expect(columns).toHaveLength(6);
      for (const domain of [DOMAIN, other]) {
        const row = lines.find((l) => l.startsWith(`${domain} `))!.trim().split(/\s+/);
        const cells = Object.fromEntries(columns.map((c, i) => [c, row[i + 1]]));
        // The legend under the table names each column's flow.
        for (const [short, status] of Object.entries(cells)) {
          const id = new RegExp(`${short} ([a-z0-9-]+)`).exec(table.stdout)?.[1] as FlowId;
          expect(status, `${domain} ${id}`).toBe(expected[domain]![id]);
        }
      }
      expect(servers.every((s) => !s.sawForbidden)).toBe(true);
      expectNoForbiddenCommand(started);
    } finally {
      await Promise.all([hosting.close(), started.close()]);
    }
  });
});
