// The config file an annotation names: under GitHub Actions relative to the repository's root (GITHUB_WORKSPACE), as the runner reads `file=`, also from a subdirectory.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { annotationFile } from '../../src/cli/gate.js';
import { startDnsServer, type DnsTestServer } from '../../src/testbed/dns-server.js';
import { contosoZone, DOMAIN, WORLD } from '../helpers/authoritative-servers.js';
import { runCli } from '../helpers/cli.js';
import { parseWorkflowCommands } from '../helpers/workflow-commands.js';

describe('annotationFile', () => {
  const workspace = '/home/runner/work/dns/dns';
  it.each([
    ['no GITHUB_WORKSPACE: the file as typed', {}, workspace, 'splitcheck.json', 'splitcheck.json'],
    ['the step runs at the root', { GITHUB_WORKSPACE: workspace }, workspace, 'splitcheck.json', 'splitcheck.json'],
    ['the step runs in a subdirectory', { GITHUB_WORKSPACE: workspace }, `${workspace}/zones`, 'splitcheck.json', 'zones/splitcheck.json'],
    ['--config ../ from a subdirectory', { GITHUB_WORKSPACE: workspace }, `${workspace}/zones/a`, '../b/check.json', 'zones/b/check.json'],
    ['an absolute path inside the workspace', { GITHUB_WORKSPACE: workspace }, '/tmp', `${workspace}/zones/splitcheck.json`, 'zones/splitcheck.json'],
    ['a file outside the workspace: as typed', { GITHUB_WORKSPACE: workspace }, workspace, '../other/splitcheck.json', '../other/splitcheck.json'],
    ['an absolute path outside: as typed', { GITHUB_WORKSPACE: workspace }, workspace, '/etc/splitcheck.json', '/etc/splitcheck.json'],
    ['a file whose name starts with two dots stays inside', { GITHUB_WORKSPACE: workspace }, workspace, '..splitcheck.json', '..splitcheck.json'],
  ])('%s', (_name, env, cwd, file, expected) => {
    expect(annotationFile(file, { env, cwd })).toBe(expected);
  });
});

describe('--format github from a subdirectory of the workspace', () => {
  const NS = { 'ns1.contoso.com': '192.0.2.1' };
  const workspace = mkdtempSync(join(tmpdir(), 'splitcheck-workspace-'));
  const zones = join(workspace, 'zones');
  let server: DnsTestServer;

  beforeAll(async () => {
    server = await startDnsServer({ zone: { ...WORLD, ...contosoZone(NS) } });
    mkdirSync(zones);
    const config = [
      '{',
      `  "domain": "${DOMAIN}",`,
      `  "resolvers": ["127.0.0.1:${server.address.port}"],`,
      '  "expect": { "mxHost": "contoso-com-old.mail.protection.outlook.com" },',
      '  "only": ["mx"],',
      '  "smtp": false',
      '}',
      '',
    ].join('\n');
    writeFileSync(join(zones, 'splitcheck.json'), config);
  });
  afterAll(async () => {
    await server.close();
  });

  it('points at the file relative to GITHUB_WORKSPACE, and as typed without it', async () => {
    const [actions, plain] = await Promise.all([
      runCli(['--format', 'github', '--timeout', '1000', '--retries', '0'], { cwd: zones, env: { GITHUB_WORKSPACE: workspace } }),
      runCli(['--format', 'github', '--timeout', '1000', '--retries', '0'], { cwd: zones, env: { GITHUB_WORKSPACE: undefined } }),
    ]);
    expect(actions.code).toBe(1);
    const primary = (stdout: string) => parseWorkflowCommands(stdout).find((c) => c.properties['title'] === 'mx.m365-primary')?.properties;
    expect(primary(actions.stdout)).toEqual({ file: 'zones/splitcheck.json', line: '4', title: 'mx.m365-primary' });
    expect(primary(plain.stdout)).toEqual({ file: 'splitcheck.json', line: '4', title: 'mx.m365-primary' });
  });
});
