// The inside view through the command line: an export file, a loopback cPanel and loopback SMTP servers; statuses, exit codes, evidence, replay, and the token nowhere.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Finding, Report } from '../../src/engine/types.js';
import type { M365Export } from '../../src/m365/export-types.js';
import { createTestPki, type TestPki } from '../../src/testbed/certs.js';
import { startCpanelServer, type CpanelAccountWorld, type RunningCpanelServer } from '../../src/testbed/cpanel-server.js';
import { startDnsServer, type DnsTestServer } from '../../src/testbed/dns-server.js';
import type { RunningSmtpServer } from '../../src/testbed/smtp-common.js';
import { startEximServer } from '../../src/testbed/smtp-exim.js';
import { startMicrosoftEdgeServer } from '../../src/testbed/smtp-microsoft.js';
import { CONNECTOR, HEALTHY_CPANEL, TENANT, ZONE, mailbox, tenant } from '../checks/m365/inside-world.js';
import { runCli } from '../helpers/cli.js';
import { runMain } from '../helpers/in-process.js';
import { schemaErrors } from '../helpers/schema.js';

const DOMAIN = 'example.test';
const SMART_HOST = 'mail.example.test';
const MS_MX = 'example-test.mail.protection.outlook.com';
const CPANEL_HOST = 'cpanel.example.test';
const TOKEN = 'Q7W3E9R1T5Y2U8I4O6P0ASDFGHJKLZXC';
const INSIDE = ['m365.accepted-domain', 'm365.connector', 'm365.connector-tls', 'm365.direct-send', 'm365.dkim-signing', 'hosting.routing', 'mailboxes.duplicates', 'mailboxes.hosting-to-m365'];

const dir = mkdtempSync(join(tmpdir(), 'splitcheck-inside-'));
const caFile = join(dir, 'ca.pem');
let pki: TestPki;
let dns: DnsTestServer;
let exim: RunningSmtpServer;
let edge: RunningSmtpServer;
const cpanels: RunningCpanelServer[] = [];

const ACCOUNT: CpanelAccountWorld = {
  user: 'exampleuser',
  token: TOKEN,
  mailboxes: [`anna@${DOMAIN}`, `ben@${DOMAIN}`],
  routing: { [DOMAIN]: { mxcheck: 'local', mx: [{ exchanger: MS_MX, priority: 0 }] } },
  forwarders: [
    { dest: `carl@${DOMAIN}`, forward: `carl@${TENANT}` },
    { dest: `sales@${DOMAIN}`, forward: `sales@${TENANT}` },
  ],
};
void HEALTHY_CPANEL;

beforeAll(async () => {
  pki = await createTestPki({ hostname: SMART_HOST, wrongName: CPANEL_HOST });
  writeFileSync(caFile, pki.ca.cert);
  dns = await startDnsServer({ zone: ZONE });
  exim = await startEximServer({ domains: [DOMAIN], mailboxes: [`anna@${DOMAIN}`, `ben@${DOMAIN}`], tls: pki.leaves.good });
  edge = await startMicrosoftEdgeServer({ mode: 'internal-relay', acceptedDomains: [DOMAIN], mailboxes: [`carl@${DOMAIN}`], hostname: MS_MX });
});
afterAll(async () => {
  expect(exim.sawData).toBe(false);
  await Promise.all([dns.close(), exim.close(), edge.close(), ...cpanels.map((c) => c.close())]);
});

/** A cPanel imitation serving `account` with a certificate for cpanel.example.test (the wrong-name leaf is issued for it). */
async function cpanel(account: Partial<CpanelAccountWorld> = {}) {
  const server = await startCpanelServer({ tls: pki.leaves.wrongName, account: { ...ACCOUNT, ...account } });
  cpanels.push(server);
  return server;
}

function exportFile(name: string, data: unknown): string {
  const path = join(dir, name);
  writeFileSync(path, typeof data === 'string' ? data : JSON.stringify(data, null, 2));
  return path;
}

function env(cpanelPort?: number, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return {
    SPLITCHECK_TEST_SMTP_ROUTES: JSON.stringify({ [`${SMART_HOST}:25`]: `127.0.0.1:${exim.port}`, [`${MS_MX}:25`]: `127.0.0.1:${edge.port}` }),
    ...(cpanelPort ? { SPLITCHECK_TEST_HTTPS_ROUTES: JSON.stringify({ [`${CPANEL_HOST}:2083`]: `127.0.0.1:${cpanelPort}` }), SPLITCHECK_CPANEL_TOKEN: TOKEN } : {}),
    ...extra,
  };
}

function args(exportPath: string | undefined, withCpanel: boolean, ...extra: string[]): string[] {
  return [
    DOMAIN,
    '--resolver',
    `127.0.0.1:${dns.address.port}`,
    '--timeout',
    '1500',
    '--ca-file',
    caFile,
    '--json',
    ...(exportPath ? ['--m365-export', exportPath] : []),
    ...(withCpanel ? ['--cpanel-url', `https://${CPANEL_HOST}:2083`, '--cpanel-user', 'exampleuser'] : []),
    ...extra,
  ];
}

function parse(stdout: string): Report & { byId: Record<string, Finding> } {
  const report = JSON.parse(stdout) as Report;
  expect(schemaErrors('report.schema.json', report)).toEqual([]);
  return { ...report, byId: Object.fromEntries(report.results.map((r) => [r.id, r])) };
}

const inside = (report: Report) => Object.fromEntries(report.results.filter((r) => INSIDE.includes(r.id)).map((r) => [r.id, r.status]));

describe('the inside view, end to end', () => {
  it('a healthy world: every inside check passes, and the run exits 0', async () => {
    const server = await cpanel();
    const r = await runMain(args(exportFile('healthy.json', tenant()), true), env(server.port));
    const report = parse(r.stdout);
    expect(inside(report)).toEqual(Object.fromEntries(INSIDE.map((id) => [id, 'pass'])));
    expect(r.stderr).toBe('');
    expect(report.exitCode).toBe(r.code);
    expect(server.requests.map((q) => q.path).sort()).toEqual([
      '/execute/Email/list_forwarders?domain=example.test',
      '/execute/Email/list_mxs?domain=example.test',
      '/execute/Email/list_pops',
    ]);
    expect(server.requests.every((q) => q.method === 'GET' && q.authorized)).toBe(true);
  });

  it('the tenant and the account wrong: each check fails as the contract says, exit 1', async () => {
    const server = await cpanel({ routing: { [DOMAIN]: { mxcheck: 'remote' } }, mailboxes: [`anna@${DOMAIN}`, `carl@${DOMAIN}`], forwarders: [] });
    const bad: M365Export = tenant({
      AcceptedDomains: [{ DomainName: DOMAIN, DomainType: 'Authoritative', Default: true }],
      OutboundConnectors: [{ ...CONNECTOR, TlsDomain: 'smtp.example.test' }],
      InboundConnectors: [],
      Recipients: [mailbox('carl'), mailbox('sales', 'SharedMailbox')],
    });
    const r = await runMain(args(exportFile('bad.json', bad), true), env(server.port));
    const report = parse(r.stdout);
    expect(inside(report)).toEqual({
      'm365.accepted-domain': 'fail',
      'm365.connector': 'pass',
      'm365.connector-tls': 'fail',
      'm365.direct-send': 'fail',
      'm365.dkim-signing': 'pass',
      'hosting.routing': 'fail',
      'mailboxes.duplicates': 'fail',
      'mailboxes.hosting-to-m365': 'fail',
    });
    expect(r.code).toBe(1);
    expect(report.byId['mailboxes.duplicates']?.message).toContain('carl@example.test (hosting mailbox)');
  });

  it('without the sources: each inside check skips and names the option that gives it', async () => {
    const r = await runMain(args(undefined, false), env());
    const report = parse(r.stdout);
    for (const id of INSIDE) expect(report.byId[id]?.status, id).toBe('skip');
    expect(report.byId['m365.accepted-domain']?.message).toMatch(/--m365-export/);
    expect(report.byId['hosting.routing']?.message).toMatch(/--cpanel-url/);
  });

  it('a broken export is exit 2 naming the path of the bad value, before anything is checked', async () => {
    const broken = exportFile('broken.json', { ...tenant(), OutboundConnectors: [{ ...CONNECTOR, ConnectorType: 1 }] });
    const r = await runMain(args(broken, false), env());
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/broken\.json at \/OutboundConnectors\/0\/ConnectorType: must be one of "Partner", "OnPremises"/);
  });

  it('a refused token is error "the token was refused", exit 3, and the token is in no output or evidence', async () => {
    const server = await cpanel({ token: 'ANOTHERTOKEN0123456789ABCDEFGHIJ' });
    const evidence = join(dir, 'refused.json');
    const r = await runCli(args(exportFile('ok.json', tenant()), true, '--save-evidence', evidence, '--only', 'm365', '--only', 'hosting', '--only', 'mailboxes'), { env: env(server.port) });
    const report = parse(r.stdout);
    for (const id of ['hosting.routing', 'mailboxes.duplicates', 'mailboxes.hosting-to-m365']) {
      expect(report.byId[id]).toMatchObject({ status: 'error', message: expect.stringMatching(/the token was refused \(cPanel at https:\/\/cpanel\.example\.test:2083 answered HTTP 401 for the user exampleuser\)/) });
    }
    expect(r.code).toBe(3);
    for (const text of [r.stdout, r.stderr, readFileSync(evidence, 'utf8')]) expect(text).not.toContain(TOKEN);
  });

  it('a server echoing the token back: scrubbed from the report and the evidence', async () => {
    const server = await cpanel({ misbehave: 'echo-token' });
    const evidence = join(dir, 'echo.json');
    const r = await runCli(args(exportFile('ok2.json', tenant()), true, '--save-evidence', evidence, '-v'), { env: env(server.port) });
    for (const text of [r.stdout, r.stderr, readFileSync(evidence, 'utf8')]) expect(text).not.toContain(TOKEN);
  });

  it('--save-evidence then --replay judges the inside view again, identically, with no export or cPanel', async () => {
    const server = await cpanel({ mailboxes: [`anna@${DOMAIN}`, `carl@${DOMAIN}`] });
    const evidence = join(dir, 'run.json');
    const live = await runMain(args(exportFile('replay.json', tenant()), true, '--save-evidence', evidence), env(server.port));
    const saved = JSON.parse(readFileSync(evidence, 'utf8')) as Record<string, unknown>;
    expect(schemaErrors('evidence.schema.json', saved)).toEqual([]);
    expect(saved['cpanel']).toMatchObject({ account: { url: `https://${CPANEL_HOST}:2083`, user: 'exampleuser' } });
    expect(saved['m365']).toMatchObject({ tenant: TENANT });
    expect(JSON.stringify(saved)).not.toContain(TOKEN);
    const before = server.requests.length;
    const replay = await runMain(['--replay', evidence, '--json'], {});
    expect(server.requests.length).toBe(before);
    const a = parse(live.stdout);
    const b = parse(replay.stdout);
    for (const id of INSIDE) expect({ id, status: b.byId[id]?.status, message: b.byId[id]?.message }).toEqual({ id, status: a.byId[id]?.status, message: a.byId[id]?.message });
    expect(replay.code).toBe(live.code);
  });

  it('--replay refuses the inside flags (the evidence holds what was read)', async () => {
    const r = await runMain(['--replay', join(dir, 'run.json'), '--m365-export', 'x.json'], {});
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--m365-export cannot change a replay/);
  });

  it('--cpanel-url without the token in the environment is exit 2, without one is too', async () => {
    const noToken = await runMain(args(undefined, true), env(undefined));
    expect(noToken.code).toBe(2);
    expect(noToken.stderr).toMatch(/SPLITCHECK_CPANEL_TOKEN/);
    const alone = await runMain([DOMAIN, '--cpanel-url', `https://${CPANEL_HOST}:2083`], env(undefined, { SPLITCHECK_CPANEL_TOKEN: TOKEN }));
    expect(alone.code).toBe(2);
    expect(alone.stderr).toMatch(/needs both --cpanel-url and --cpanel-user/);
    const http = await runMain([DOMAIN, '--cpanel-url', `http://${CPANEL_HOST}:2083`, '--cpanel-user', 'u'], env(undefined, { SPLITCHECK_CPANEL_TOKEN: TOKEN }));
    expect(http.stderr).toMatch(/must start with https:\/\//);
  });

  it('cPanel trusted through NODE_EXTRA_CA_CERTS alone (no --ca-file)', async () => {
    const server = await cpanel();
    const withoutCaFile = args(exportFile('nx.json', tenant()), true, '--only', 'hosting', '--no-smtp').filter((a, i, all) => a !== '--ca-file' && all[i - 1] !== '--ca-file');
    const untrusted = await runCli(withoutCaFile, { env: env(server.port) });
    expect(parse(untrusted.stdout).byId['hosting.routing']).toMatchObject({ status: 'error', message: expect.stringMatching(/does not verify/) });
    const trusted = await runCli(withoutCaFile, { env: env(server.port, { NODE_EXTRA_CA_CERTS: caFile }) });
    expect(parse(trusted.stdout).byId['hosting.routing']).toMatchObject({ status: 'pass' });
  });
});

describe('the inside view through the library', () => {
  it("check() takes the config file's m365Export and cpanel keys, the token from the environment, and gives the same verdicts", async () => {
    const { check } = await import('../../src/index.js');
    const server = await cpanel();
    const saved = process.env['SPLITCHECK_CPANEL_TOKEN'];
    process.env['SPLITCHECK_CPANEL_TOKEN'] = TOKEN;
    try {
      const report = await check(DOMAIN, {
        resolvers: [`127.0.0.1:${dns.address.port}`],
        timeout: 1500,
        smtp: false,
        m365Export: exportFile('library.json', tenant()),
        cpanel: { url: `https://${CPANEL_HOST}:2083`, user: 'exampleuser' },
        extraCa: [pki.ca.cert],
        connect: { cpanel: () => ({ host: '127.0.0.1', port: server.port }) },
        only: ['m365', 'hosting', 'mailboxes'],
      });
      expect(Object.fromEntries(report.results.map((r) => [r.id, r.status]))).toMatchObject({
        'm365.accepted-domain': 'pass',
        'm365.connector': 'pass',
        'm365.connector-tls': 'skip',
        'hosting.routing': 'pass',
        'mailboxes.duplicates': 'pass',
        'mailboxes.hosting-to-m365': 'pass',
      });
      expect(JSON.stringify(report)).not.toContain(TOKEN);
      await expect(check(DOMAIN, { cpanel: { url: `https://${CPANEL_HOST}:2083`, user: 'exampleuser', token: TOKEN } as never })).rejects.toThrow(/token/);
    } finally {
      if (saved === undefined) delete process.env['SPLITCHECK_CPANEL_TOKEN'];
      else process.env['SPLITCHECK_CPANEL_TOKEN'] = saved;
    }
  });
});
