// --format github from the built bin against loopback DNS: every stdout line is a workflow command the runner parses back to the finding, pointing at the config key that set the value judged.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Report } from '../../src/engine/types.js';
import { startDnsServer, type DnsTestServer } from '../../src/testbed/dns-server.js';
import { contosoZone, DOMAIN, WORLD } from '../helpers/authoritative-servers.js';
import { runCli } from '../helpers/cli.js';
import { parseWorkflowCommands } from '../helpers/workflow-commands.js';

const NS = { 'ns1.contoso.com': '192.0.2.1' };
// The SRV target holds what a workflow command would read as syntax: %, an escape sequence, "::" and ",".
const HOSTILE = 'x%0a::error::forged,title=y.example'; // lower-case: DNS names are compared and shown lower-cased
const zone = { ...WORLD, ...contosoZone(NS, { srv: [[0, 0, 443, HOSTILE]] }) };
const dir = mkdtempSync(join(tmpdir(), 'splitcheck-github-'));
let server: DnsTestServer;

beforeAll(async () => {
  server = await startDnsServer({ zone });
  const config = {
    domain: DOMAIN,
    resolvers: [`127.0.0.1:${server.address.port}`],
    timeout: 1000,
    retries: 0,
    expect: { mxHost: 'contoso-com-old.mail.protection.outlook.com' },
    only: ['mx', 'autodiscover'],
    smtp: false,
  };
  writeFileSync(join(dir, 'splitcheck.json'), `${JSON.stringify(config, null, 2)}\n`);
});
afterAll(async () => {
  await server.close();
});

describe('--format github', () => {
  it('one workflow command per finding that is not a pass, each parsed back to the JSON report\'s finding', async () => {
    const [github, json] = await Promise.all([runCli(['--config', 'splitcheck.json', '--format', 'github'], { cwd: dir }), runCli(['--config', 'splitcheck.json', '--json'], { cwd: dir })]);
    expect(github.code).toBe(1);
    expect(github.stderr).toBe('');
    const report = JSON.parse(json.stdout) as Report;
    const commands = parseWorkflowCommands(github.stdout);
    const problems = report.results.filter((f) => f.status !== 'pass' && f.status !== 'skip');
    expect(commands).toHaveLength(problems.length);
    const level = { fail: 'error', warn: 'warning', error: 'notice' } as const;
    for (const f of problems) {
      const c = commands.find((x) => x.properties['title'] === f.id)!;
      expect(c.command).toBe(level[f.status as keyof typeof level]);
      expect(c.data).toBe(`${DOMAIN}: ${f.message}${f.remedy ? `\nFix: ${f.remedy}` : ''}`);
    }
    // The hostile SRV target stays text inside one annotation: no forged command, no cut message.
    expect(commands.filter((c) => c.data.includes(HOSTILE))).toHaveLength(1);
    expect(commands.some((c) => c.data === 'forged' || c.properties['title'] === 'y.example')).toBe(false);
  });

  it('a finding judged on a value the config file set points at that key\'s line; --expect-mx on the command line replaces the key, and the pointer goes', async () => {
    const fromFile = parseWorkflowCommands((await runCli(['--config', 'splitcheck.json', '--format', 'github'], { cwd: dir })).stdout);
    expect(fromFile.find((c) => c.properties['title'] === 'mx.m365-primary')!.properties).toEqual({ file: 'splitcheck.json', line: '9', title: 'mx.m365-primary' });
    expect(fromFile.find((c) => c.properties['title'] === 'autodiscover.srv')!.properties).toEqual({ title: 'autodiscover.srv' });
    const flag = parseWorkflowCommands((await runCli(['--config', 'splitcheck.json', '--format', 'github', '--expect-mx', 'contoso-com-other.mail.protection.outlook.com'], { cwd: dir })).stdout);
    expect(flag.find((c) => c.properties['title'] === 'mx.m365-primary')!.properties).toEqual({ title: 'mx.m365-primary' });
  });
});
