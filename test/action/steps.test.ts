// The Action's steps run as the runner runs them (bash, GITHUB_OUTPUT, GITHUB_STEP_SUMMARY, RUNNER_TEMP, GITHUB_ACTION_PATH) against a
// loopback DNS server: the job summary, the outputs, the annotations, and fail-on.
import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Report } from '../../src/engine/types.js';
import { startDnsServer, type DnsTestServer, type Zone } from '../../src/testbed/dns-server.js';
import { ACTION_ROOT, runAction } from '../helpers/action-runner.js';
import { contosoZone, DOMAIN, MS_MX, WORLD } from '../helpers/authoritative-servers.js';
import { schemaErrors } from '../helpers/schema.js';

const NS = { 'ns1.contoso.com': '192.0.2.1' };
const SRV: [number, number, number, string][] = [[0, 0, 443, 'cpanelemaildiscovery.cpanel.net']];
const zone: Zone = {
  ...WORLD,
  // contoso.com: the cPanel autodiscover SRV record left in (autodiscover.srv fails).
  ...contosoZone(NS, { srv: SRV }),
  // fabrikam.com: in order; warnme.com: SPF ends in ?all (spf.all warns); slow.com: its SRV lookup never answers (autodiscover.srv: error).
  ...inOrder('fabrikam.com', '198.51.100.12'),
  ...inOrder('warnme.com', '198.51.100.13', 'v=spf1 include:spf.protection.outlook.com ?all'),
  ...inOrder('slow.com', '198.51.100.14'),
  '_autodiscover._tcp.slow.com': ['TIMEOUT'],
};

/** A domain whose MX, autodiscover and SPF checks pass (given another SPF record, that one). */
function inOrder(domain: string, address: string, spf = 'v=spf1 include:spf.protection.outlook.com -all'): Zone {
  const mx = `${domain.replace('.', '-')}.mail.protection.outlook.com`;
  return {
    [domain]: [{ MX: [0, mx] }, { TXT: spf }],
    [mx]: [{ A: address }],
    [`autodiscover.${domain}`]: [{ CNAME: 'autodiscover.outlook.com' }],
  };
}

let server: DnsTestServer;
let resolver: string;
const work = mkdtempSync(join(tmpdir(), 'splitcheck-action-'));
/** The job's working directory: the repository holding the DNS config (GITHUB_WORKSPACE). */
const workspace = join(work, 'repo');

const CONFIG = ['{', '  "domains": ["contoso.com"],', '  "expect": {', '    "mxHost": "contoso-com-old.mail.protection.outlook.com"', '  },', '  "smtp": false', '}', ''].join('\n');

beforeAll(async () => {
  server = await startDnsServer({ zone });
  resolver = `127.0.0.1:${server.address.port}`;
  mkdirSync(workspace, { recursive: true });
  writeFileSync(join(workspace, 'splitcheck.json'), CONFIG);
});
afterAll(async () => {
  await server.close();
});

const net = () => `--resolver ${resolver} --timeout 500 --retries 0`;

describe('the Action, its steps run as the runner runs them', () => {
  it('a failing setup: annotations, the Markdown report in the job summary, outputs, and a failed step (fail-on: fail)', async () => {
    const run = await runAction({ config: 'splitcheck.json', args: `${net()} --only mx --only autodiscover` }, { cwd: workspace });
    expect(run.steps.map((s) => [s.name, s.code])).toEqual([
      ['Set up Node.js', undefined],
      ['Install splitcheck', 0],
      ['Check the split-domain setup', 1],
    ]);
    expect(run.failed).toEqual({ step: 'Check the split-domain setup', code: 1 });
    // Outputs: the exit code and the JSON report, a contract document.
    expect(run.outputs['exit-code']).toBe('1');
    expect(run.outputs['report']).toBe(join(run.runnerTemp, 'splitcheck', 'report.json'));
    const report = JSON.parse(readFileSync(run.outputs['report']!, 'utf8')) as Report;
    expect(schemaErrors('report.schema.json', report)).toEqual([]);
    expect(report.domain).toBe(DOMAIN);
    // Annotations: one per finding that is not a pass; the MX expectation points at its line in the config file.
    const problems = report.results.filter((f) => f.status !== 'pass' && f.status !== 'skip');
    expect(run.commands.filter((c) => c.properties['title'] !== 'splitcheck')).toHaveLength(problems.length);
    expect(run.commands).toContainEqual(expect.objectContaining({ command: 'error', properties: { file: 'splitcheck.json', line: '4', title: 'mx.m365-primary' } }));
    expect(run.commands).toContainEqual(expect.objectContaining({ command: 'error', properties: { title: 'autodiscover.srv' } }));
    const srv = run.commands.find((c) => c.properties['title'] === 'autodiscover.srv')!;
    expect(srv.data).toMatch(/^contoso\.com: The SRV record at _autodiscover\._tcp\.contoso\.com sends Outlook to cpanelemaildiscovery\.cpanel\.net/);
    expect(srv.data).toContain('\nFix: ');
    // The job summary: the Markdown report of this run, the mail-flow table first.
    expect(run.summary).toMatch(/^# splitcheck report for contoso\.com\n/);
    const tables = run.summary.split('\n').filter((l) => /^\| .* \|$/.test(l) && !l.startsWith('| ---'));
    expect(tables[0]).toBe('| Status | Flow | Path | Decided by |');
    expect(run.summary.indexOf('## Mail flows')).toBeLessThan(run.summary.indexOf('## Checks'));
    expect(run.summary).toContain('| ❌ fail | `autodiscover.srv` |');
  });

  it('several domains (spaces, commas, new lines) in one run: one summary, annotations for each domain with a problem', async () => {
    const run = await runAction({ domains: 'contoso.com,\nfabrikam.com  warnme.com', args: `${net()} --only mx --only autodiscover --only spf.all --no-smtp` }, { cwd: work });
    expect(run.outputs['exit-code']).toBe('1');
    expect(run.summary).toMatch(/^# splitcheck: 3 domains\n/);
    expect(run.summary).toContain('## Summary');
    // fabrikam.com is in order: no annotation names it.
    const domains = new Set(run.commands.map((c) => c.data.split(':')[0]));
    expect([...domains].sort()).toEqual(['contoso.com', 'warnme.com']);
    expect(run.summary).toContain('# splitcheck report for fabrikam.com');
  });

  // Independent runs: concurrent, so the suite waits for the slowest, not their sum.
  it.concurrent.each([
    // [domain, fail-on, the check's exit code, whether the step fails]
    ['warnme.com', 'fail', '0', false],
    ['warnme.com', 'warn', '1', true],
    ['slow.com', 'fail', '3', false],
    ['slow.com', 'error', '3', true],
    ['fabrikam.com', 'error', '0', false],
  ])('%s with fail-on %s: exit code %s, step fails: %s', async (domain, failOn, code, fails) => {
    const run = await runAction({ domains: domain, 'fail-on': failOn, args: `${net()} --only mx --only autodiscover --only spf.all --no-smtp` }, { cwd: work });
    expect(run.outputs['exit-code']).toBe(code);
    expect(run.failed !== undefined).toBe(fails);
    if (fails) expect(run.failed!.code).toBe(Number(code));
    expect(run.summary).toContain(`# splitcheck report for ${domain}`);
  });

  it('--baseline through args: a known failure passes the gate, and the summary says it is known', async () => {
    const first = await runAction({ domains: DOMAIN, args: `${net()} --only autodiscover --no-smtp`, report: join(work, 'night-1', 'report.json') }, { cwd: work });
    expect(first.outputs['exit-code']).toBe('1');
    const second = await runAction({ domains: DOMAIN, args: `${net()} --only autodiscover --no-smtp --baseline "${join(work, 'night-1', 'report.json')}"` }, { cwd: work });
    expect(second.failed).toBeUndefined();
    expect(second.outputs['exit-code']).toBe('0');
    // What is new or known comes right after the mail flows, before the checks.
    const at = (heading: string) => second.summary.indexOf(heading);
    expect(at('## Mail flows')).toBeGreaterThan(0);
    expect(at('## Mail flows')).toBeLessThan(at('## Compared with the baseline'));
    expect(at('## Compared with the baseline')).toBeLessThan(at('## Checks'));
    expect(second.summary).toContain('**Known (1)**');
    expect(second.commands.find((c) => c.properties['title'] === 'autodiscover.srv')!.data).toContain('(known: in the baseline)');
  });

  it.concurrent.each([
    [{ domains: DOMAIN, args: '--format junit' }, 'The args input holds --format: the Action sets the format and the output itself'],
    [{ domains: DOMAIN, args: '--json' }, 'The args input holds --json'],
    [{ domains: DOMAIN, args: "--only 'mx" }, 'The args input cannot be split into arguments'],
    [{ domains: DOMAIN, 'fail-on': 'sometimes' }, 'The fail-on input is "sometimes": give fail, warn or error.'],
    [{ domains: 'alice@contoso.com' }, 'alice@contoso.com'],
    [{ domains: DOMAIN, args: '--baseline missing.json' }, 'cannot read --baseline missing.json: no such file'],
  ])('bad input %j: exit 2, an error annotation, the summary says nothing was checked', async (inputs, message) => {
    const run = await runAction(inputs, { cwd: work });
    expect(run.failed?.code).toBe(2);
    expect(run.outputs).toEqual({ 'exit-code': '2', report: '' });
    const error = run.commands.find((c) => c.command === 'error' && c.properties['title'] === 'splitcheck');
    expect(error?.data).toContain(message);
    expect(run.summary).toMatch(/^## splitcheck could not run\n\n {4}.+\n\nNothing was checked \(exit 2\)\.\n$/);
  });

  it('a run that ends without a report (killed) keeps its exit code, never a pass', async () => {
    const path = mkdtempSync(join(work, 'killed-'));
    cpSync(join(ACTION_ROOT, 'action'), join(path, 'action'), { recursive: true });
    mkdirSync(join(path, 'bin'));
    mkdirSync(join(path, 'dist'));
    writeFileSync(join(path, 'dist', 'cli.js'), '');
    writeFileSync(join(path, 'bin', 'splitcheck.js'), "if (process.argv[2] === '--version') console.log('0.0.0'); else process.exit(137);\n");
    const run = await runAction({ domains: DOMAIN }, { cwd: work, actionPath: path });
    expect(run.failed).toEqual({ step: 'Check the split-domain setup', code: 137 });
    expect(run.outputs).toEqual({ 'exit-code': '137', report: '' });
    expect(run.commands).toEqual([{ command: 'error', properties: { title: 'splitcheck' }, data: 'splitcheck ended with exit code 137 and wrote no report (see the log above).' }]);
  });

  it('a domain or an argument is data: quotes and shell syntax are never run', async () => {
    const marker = join(work, 'pwned');
    const run = await runAction({ domains: `$(touch ${marker})`, args: `"; touch ${marker}; echo" \`touch ${marker}\`` }, { cwd: work });
    expect(run.failed?.code).toBe(2);
    expect(existsSync(marker)).toBe(false);
  });
});

describe('the install step', () => {
  /** A copy of the Action without a built bin: install.sh must build it (npm is a stub recording its calls). */
  function unbuilt(): { path: string; log: string; bin: string } {
    const path = mkdtempSync(join(work, 'action-'));
    for (const entry of ['action.yml', 'action', 'bin', 'package.json']) cpSync(join(ACTION_ROOT, entry), join(path, entry), { recursive: true });
    const bin = join(path, 'fake-bin');
    mkdirSync(bin);
    const log = join(path, 'npm.log');
    // `npm run bundle` puts the real bundle where the build would.
    writeFileSync(join(bin, 'npm'), `#!/bin/sh\necho "npm $*" >> "${log}"\nif [ "$1" = run ]; then cp -r "${join(ACTION_ROOT, 'dist')}" "${join(path, 'dist')}"; fi\n`);
    chmodSync(join(bin, 'npm'), 0o755);
    return { path, log, bin };
  }

  it('builds from the Action\'s checkout when it holds no built bin, then runs it', async () => {
    const a = unbuilt();
    const run = await runAction({ domains: 'fabrikam.com', args: `${net()} --only mx --no-smtp` }, { cwd: work, actionPath: a.path, env: { PATH: `${a.bin}:${process.env['PATH']}` } });
    expect(readFileSync(a.log, 'utf8')).toBe('npm ci --no-audit --no-fund --loglevel=error\nnpm run bundle --silent\n');
    expect(run.steps[1]!.outputs['bin']).toBe(join(a.path, 'bin', 'splitcheck.js'));
    expect(run.steps[1]!.stdout).toContain('splitcheck: building from the Action\'s checkout');
    expect(run.outputs['exit-code']).toBe('0');
    // A second use in the same job finds the bin built and does not build again.
    const again = await runAction({ domains: 'fabrikam.com', args: `${net()} --only mx --no-smtp` }, { cwd: work, actionPath: a.path, env: { PATH: `${a.bin}:${process.env['PATH']}` } });
    expect(again.steps[1]!.stdout).toContain('splitcheck: using the built bin');
    expect(readFileSync(a.log, 'utf8').split('\n').filter(Boolean)).toHaveLength(2);
  });

  it('refuses a Node.js older than 20 with an annotation saying which input fixes it', async () => {
    const a = unbuilt();
    writeFileSync(join(a.bin, 'node'), '#!/bin/sh\nif [ "$1" = --version ]; then echo v18.19.0; else echo 18; fi\n');
    chmodSync(join(a.bin, 'node'), 0o755);
    const run = await runAction({ domains: DOMAIN }, { cwd: work, actionPath: a.path, env: { PATH: `${a.bin}:${process.env['PATH']}` } });
    expect(run.failed).toEqual({ step: 'Install splitcheck', code: 1 });
    expect(run.commands).toEqual([
      { command: 'error', properties: { title: 'splitcheck' }, data: "splitcheck needs Node.js 20 or newer; this runner has v18.19.0: set the Action's node-version input to 20." },
    ]);
    expect(existsSync(a.log)).toBe(false);
  });
});
