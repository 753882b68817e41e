// splitcheck.json: mistakes are exit 2 naming the key; a good file gives the same report as the equivalent flags.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Report } from '../../src/engine/types.js';
import { startDnsServer, type DnsTestServer } from '../../src/testbed/dns-server.js';
import { WORLDS } from '../checks/worlds.js';
import { runCli } from '../helpers/cli.js';

const broken = WORLDS.find((w) => w.name === 'hosting MX left as a backup')!;
let server: DnsTestServer;
let resolver: string;
const root = mkdtempSync(join(tmpdir(), 'splitcheck-config-cli-'));

/** A directory holding a splitcheck.json with `config`. */
function project(name: string, config: unknown): string {
  const dir = join(root, name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'splitcheck.json'), typeof config === 'string' ? config : JSON.stringify(config, null, 2));
  return dir;
}

/** The parts of a report that must not depend on how the run was configured. */
const judged = (r: Report) => ({ domain: r.domain, summary: r.summary, exitCode: r.exitCode, results: r.results, input: r.input });

beforeAll(async () => {
  server = await startDnsServer({ zone: broken.zone });
  resolver = `127.0.0.1:${server.address.port}`;
});
afterAll(async () => {
  await server.close();
});

describe('splitcheck.json', () => {
  it('gives the same report as the equivalent flags', async () => {
    const cwd = project('good', {
      $schema: '../../schema/config.schema.json',
      domain: broken.domain,
      resolvers: [resolver],
      timeout: 400,
      retries: 0,
      hostingIps: ['203.0.113.5'],
      expect: { mxHost: 'contoso-com.mail.protection.outlook.com', cloud: 'commercial' },
      only: ['mx', 'spf'],
      skip: ['spf.all'],
      smtp: false,
      strict: true,
    });
    const fromFile = await runCli(['--json'], { cwd });
    const fromFlags = await runCli([
      broken.domain, '--json', '--resolver', resolver, '--timeout', '400', '--retries', '0', '--hosting-ip', '203.0.113.5',
      '--expect-mx', 'contoso-com.mail.protection.outlook.com', '--cloud', 'commercial',
      '--only', 'mx', '--only', 'spf', '--skip', 'spf.all', '--no-smtp', '--strict',
    ], { cwd: root });
    expect(fromFile.code).toBe(1);
    expect(fromFile.code).toBe(fromFlags.code);
    const a = JSON.parse(fromFile.stdout) as Report;
    const b = JSON.parse(fromFlags.stdout) as Report;
    expect(a.results.map((r) => r.id)).toEqual(['mx.present', 'mx.m365-primary', 'mx.no-bypass', 'mx.targets-resolve', 'spf.present', 'spf.syntax', 'spf.m365-include', 'spf.hosting-covered', 'spf.lookup-limit', 'spf.void-limit']);
    expect({ ...judged(a), input: { ...a.input, probeLocalPart: 'x' } }).toEqual({ ...judged(b), input: { ...b.input, probeLocalPart: 'x' } });
  });

  it('flags override the file, key by key', async () => {
    const cwd = project('override', { domain: broken.domain, resolvers: [resolver], only: ['spf'], smtp: false, strict: true });
    const r = await runCli(['--json', '--only', 'mx.no-bypass', '--no-strict'], { cwd });
    const report = JSON.parse(r.stdout) as Report;
    expect(report.results.map((x) => x.id)).toEqual(['mx.no-bypass']);
    expect(report.input?.strict).toBe(false);
    const other = await runCli(['contoso.com', '--json', '--only', 'mx.present'], { cwd });
    expect((JSON.parse(other.stdout) as Report).domain).toBe('contoso.com');
  });

  it('--config names another file', async () => {
    const dir = project('named', '{}');
    writeFileSync(join(dir, 'ci.json'), JSON.stringify({ domain: broken.domain, resolvers: [resolver], only: ['mx.present'], smtp: false }));
    const r = await runCli(['--config', 'ci.json', '--json'], { cwd: dir });
    expect(r.code).toBe(0);
    expect((JSON.parse(r.stdout) as Report).results.map((x) => x.id)).toEqual(['mx.present']);
  });

  const mistakes: [string, unknown, RegExp][] = [
    ['an unknown key', { domain: 'a.com', smartHots: 'mail.a.com' }, /splitcheck\.json: unknown key "smartHots" at \/smartHots \(did you mean "smartHost"\?\)/],
    ['a wrong type', { domain: 'a.com', timeout: '5s' }, /splitcheck\.json: \/timeout: expected integer, got "5s"/],
    ['an invalid address', { domain: 'a.com', hostingIps: ['203.0.113.300'] }, /splitcheck\.json: \/hostingIps\/0: invalid --hosting-ip "203\.0\.113\.300"/],
    ['an invalid resolver', { domain: 'a.com', resolvers: ['dns.google'] }, /\/resolvers\/0: invalid resolver "dns\.google"/],
    ['a bad cloud', { domain: 'a.com', expect: { cloud: 'azure' } }, /\/expect\/cloud: expected one of/],
    ['text that is not JSON', '{ "domain": "a.com", }', /splitcheck\.json is not valid JSON/],
  ];
  for (const [name, config, message] of mistakes) {
    it(`refuses ${name}: exit 2, the key named, nothing checked`, async () => {
      const before = server.queries.length;
      const r = await runCli(['--json'], { cwd: project(name.replace(/\W+/g, '-'), config) });
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(message);
      expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
      expect(server.queries.length).toBe(before);
    });
  }

  it('a --config file that does not exist is exit 2', async () => {
    const r = await runCli(['contoso.com', '--config', 'nope.json'], { cwd: root });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/cannot read the configuration nope\.json: no such file/);
  });
});
