// splitcheck.config.json: mistakes are exit 2 naming the key; a good file gives the same report as the equivalent flags.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Report } from '../../src/engine/types.js';
import { startDnsServer, type DnsTestServer } from '../../src/testbed/dns-server.js';
import { MX_WORLDS } from '../checks/mx/worlds.js';
import { inDir, INPUT_ZONE, refusalChecker, scratchDir } from '../helpers/cli-input.js';
import { runCli } from '../helpers/cli.js';

const broken = MX_WORLDS.find((w) => w.name === 'hosting MX left as a backup')!;
let server: DnsTestServer;
let resolver: string;
const root = mkdtempSync(join(tmpdir(), 'splitcheck-config-cli-'));

/** A directory holding a splitcheck.config.json with `config`. */
function project(name: string, config: unknown): string {
  const dir = join(root, name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'splitcheck.config.json'), typeof config === 'string' ? config : JSON.stringify(config, null, 2));
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

describe('splitcheck.config.json', () => {
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
    ['an unknown key', { domain: 'a.com', smartHots: 'mail.a.com' }, /splitcheck\.config\.json: unknown key "smartHots" at \/smartHots \(did you mean "smartHost"\?\)/],
    ['a wrong type', { domain: 'a.com', timeout: '5s' }, /splitcheck\.config\.json: \/timeout: expected integer, got "5s"/],
    ['an invalid address', { domain: 'a.com', hostingIps: ['203.0.113.300'] }, /splitcheck\.config\.json: \/hostingIps\/0: invalid --hosting-ip "203\.0\.113\.300"/],
    ['an invalid resolver', { domain: 'a.com', resolvers: ['dns.google'] }, /\/resolvers\/0: invalid resolver "dns\.google"/],
    ['a bad cloud', { domain: 'a.com', expect: { cloud: 'azure' } }, /\/expect\/cloud: expected one of/],
    ['text that is not JSON', '{ "domain": "a.com", }', /splitcheck\.config\.json is not valid JSON/],
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

describe('the config file [adversarial]', () => {
  // A loopback zone full of awkward DNS text, for this block's own runs.
  let server: DnsTestServer;
  let resolver: string;
  const root = mkdtempSync(join(tmpdir(), 'splitcheck-input-'));
  const NET = () => ['--resolver', resolver, '--timeout', '300', '--retries', '0', '--no-smtp'];
  const expectRefusal = refusalChecker(() => server);
  const dir = scratchDir(root);
  beforeAll(async () => {
    server = await startDnsServer({ zone: INPUT_ZONE });
    resolver = `127.0.0.1:${server.address.port}`;
  });
  afterAll(async () => {
    await server.close();
  });

  const config = (name: string, text: string | Buffer): string => {
    const d = dir(`cfg-${name}`);
    writeFileSync(join(d, 'splitcheck.config.json'), text);
    return d;
  };
  const good = { domain: 'healthy.example', only: ['mx', 'autodiscover'], smtp: false, timeout: 300, retries: 0 };

  it('a UTF-8 byte order mark (Notepad) is read, and gives the same report as the flags', async () => {
    const cwd = config('bom', `\uFEFF${JSON.stringify({ ...good, resolvers: [resolver] }, null, 2)}`);
    const fromFile = await inDir(cwd, ['--json']);
    const fromFlags = await inDir(root, ['healthy.example', '--json', ...NET(), '--only', 'mx', '--only', 'autodiscover']);
    expect(fromFile.stderr).toBe('');
    const a = JSON.parse(fromFile.stdout) as Report;
    const b = JSON.parse(fromFlags.stdout) as Report;
    expect(a.summary).toEqual({ pass: 6, warn: 0, fail: 0, error: 0, skip: 0 });
    // The probe's local part is random per run.
    const judged = (r: Report, code: number) => ({ results: r.results, input: { ...r.input, probeLocalPart: undefined }, code });
    expect(judged(a, fromFile.code)).toEqual(judged(b, fromFlags.code));
  });

  it.each([
    ['comments', '{\n  "domain": "healthy.example", // ours\n}', /is not valid JSON: .*at line 2, column 32 \(JSON allows no comments\)/],
    ['a trailing comma', '{\n  "domain": "healthy.example",\n}', /at line 3, column 1 \(JSON allows no trailing comma\)/],
    ['UTF-16', Buffer.from('\uFEFF{"domain":"healthy.example"}', 'utf16le'), /is not UTF-8 text/],
    ['a typo in "only"', JSON.stringify({ domain: 'healthy.example', only: ['mx', 'mx.presnt'] }), /splitcheck\.config\.json: \/only\/1: no check matches "mx\.presnt"/],
    ['a typo in "skip"', JSON.stringify({ domain: 'healthy.example', skip: ['spf.al'] }), /splitcheck\.config\.json: \/skip\/0: no check matches "spf\.al"/],
    ['a mailbox elsewhere', JSON.stringify({ domain: 'healthy.example', mailboxes: ['a@healthy.example', 'b@other.example'] }), /splitcheck\.config\.json: \/mailboxes\/1: --mailbox b@other\.example is not at healthy\.example/],
    ['a bad expect.mxHost', JSON.stringify({ domain: 'healthy.example', expect: { mxHost: 'not a host' } }), /splitcheck\.config\.json: \/expect\/mxHost: invalid "not a host"/],
    ['a nested unknown key', JSON.stringify({ domain: 'healthy.example', expect: { cloudd: 'dod' } }), /unknown key "cloudd" at \/expect\/cloudd \(did you mean "cloud"\?\)/],
    ['a wrong type', JSON.stringify({ domain: 'healthy.example', smtp: 'false' }), /\/smtp: expected boolean, got "false"/],
    ['a URL as domain', JSON.stringify({ domains: ['healthy.example', 'healthy.example/'] }), /\/domains\/1: .*"\/" cannot be part of one/],
  ])('%s: exit 2 naming where, nothing checked', async (_name, text, message) => {
    const before = server.queries.length;
    expectRefusal(await inDir(config(_name.replace(/\W+/g, '-'), text), ['--resolver', resolver, '--no-smtp']), message, before);
  });

  it('--config: empty, a directory, /dev/zero', async () => {
    expectRefusal(await inDir(root, ['healthy.example', '--config', '']), /--config needs a file name/);
    expectRefusal(await inDir(root, ['healthy.example', '--config', dir('a-dir')]), /cannot read the configuration .*: it is a directory/);
    expectRefusal(await inDir(root, ['healthy.example', '--config', '/dev/zero']), /the configuration \/dev\/zero is larger than 16 MB/);
  });

  it('a flag replaces the file\'s mailboxes: a mailbox of the file not at the domain does not matter then', async () => {
    const cwd = config('override', JSON.stringify({ ...good, resolvers: [resolver], mailboxes: ['a@other.example'], only: ['mx.present'] }));
    const r = await inDir(cwd, ['--json', '--mailbox', 'b@healthy.example']);
    expect(r.stderr).toBe('');
    expect((JSON.parse(r.stdout) as Report).input?.mailboxes).toEqual(['b@healthy.example']);
  });
});
