// The configuration's name: the README's CI commands, run as written and run again, never read their own report as settings; the old name is read only when it holds settings.
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findConfig } from '../../src/config/find.js';
import type { Report } from '../../src/engine/types.js';
import { startDnsServer, type DnsTestServer } from '../../src/testbed/dns-server.js';
import { healthy } from '../checks/mx/zones.js';
import { BIN, runCli } from '../helpers/cli.js';
import { schemaErrors } from '../helpers/schema.js';

const sh = promisify(execFile);
const README = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');

/** The README's command lines that save the JSON report of yourcompany.com to a file (`> file` or `--output file`), as a user copies them, and that file. */
const SAVING = [...README.matchAll(/```sh\n([\s\S]*?)```/g)]
  .flatMap((m) => m[1]!.split('\n'))
  .map((line) => line.replace(/\s+#.*$/, '').trim())
  .flatMap((command) => {
    const file = /^splitcheck yourcompany\.com\b.*--json.*(?:> |--output |-o )(\S+\.json)$/.exec(command)?.[1];
    return file ? [{ command, file }] : [];
  });

let server: DnsTestServer;
let bin: string;
const root = mkdtempSync(join(tmpdir(), 'splitcheck-config-name-'));

beforeAll(async () => {
  server = await startDnsServer({ zone: healthy('yourcompany.com') });
  // `splitcheck` on the PATH, as after npm install -g.
  bin = join(root, 'bin');
  mkdirSync(bin);
  symlinkSync(BIN, join(bin, 'splitcheck'));
});
afterAll(() => server.close());

/** A project directory whose settings (the test's resolver, no SMTP) are in `name`. */
function project(dirName: string, name: string, settings: Record<string, unknown> = {}): string {
  const dir = join(root, dirName);
  mkdirSync(dir);
  const config = { resolvers: [`127.0.0.1:${server.address.port}`], smtp: false, timeout: 1000, retries: 0, ...settings };
  writeFileSync(join(dir, name), JSON.stringify(config, null, 2));
  return dir;
}

async function shell(command: string, cwd: string): Promise<{ code: number; stderr: string }> {
  const env = { ...process.env, PATH: `${bin}:${process.env['PATH'] ?? ''}`, NO_COLOR: '1' };
  return sh('/bin/sh', ['-c', command], { cwd, env }).then(
    (r) => ({ code: 0, stderr: r.stderr }),
    (err: { code: number; stderr: string }) => ({ code: err.code, stderr: err.stderr }),
  );
}

describe("the README's CI commands", () => {
  it('are found in the README, one of them saving the report under the old configuration name', () => {
    expect(SAVING.length).toBeGreaterThanOrEqual(2);
    expect(SAVING.map((s) => s.file)).toContain('splitcheck.json');
  });

  it('run as written, and run again over their own report: never exit 2, the report is the contract document', async () => {
    const dir = project('ci', 'splitcheck.config.json');
    // The commands name no resolver: the file's must be the one asked (never the system's, in a test).
    expect(await findConfig(dir)).toEqual({ file: 'splitcheck.config.json' });
    for (const { command, file } of SAVING) {
      for (const round of [1, 2]) {
        const { code, stderr } = await shell(command, dir);
        // --output's one-line outcome names the file; nothing else may be said about a JSON file or the configuration.
        expect(stderr.replace(/^splitcheck: report written to .*\n/m, ''), `${command} (run ${round})`).not.toMatch(/splitcheck: .*(json|configuration)/i);
        expect([0, 1, 3], `${command} (run ${round}): exit ${code}`).toContain(code);
        const report = JSON.parse(readFileSync(join(dir, file), 'utf8')) as Report;
        expect(schemaErrors('report.schema.json', report)).toEqual([]);
        expect(report.domain).toBe('yourcompany.com');
      }
    }
  });

  it('-o splitcheck.json, twice: the second run is not refused for the first one\'s report', async () => {
    const dir = project('output', 'splitcheck.config.json', { only: ['mx'] });
    for (const args of [['--json'], ['--format', 'junit'], []]) {
      for (const round of [1, 2]) {
        const r = await runCli(['yourcompany.com', ...args, '-o', 'splitcheck.json'], { cwd: dir });
        expect(r.stderr, `${args.join(' ')} run ${round}`).toMatch(/^splitcheck: report written to splitcheck\.json/);
        expect(r.code).toBe(0);
      }
    }
  });
});

describe('the old name, splitcheck.json', () => {
  it('holding settings, is read with a note to rename it', async () => {
    const dir = project('legacy', 'splitcheck.json', { only: ['mx'] });
    const r = await runCli(['yourcompany.com', '--json'], { cwd: dir });
    expect(r.stderr).toBe(
      'splitcheck: reading the configuration from splitcheck.json, its old name: rename it to splitcheck.config.json (reports are often saved as splitcheck.json; the old name will stop being read)\n',
    );
    expect((JSON.parse(r.stdout) as Report).results.every((f) => f.id.startsWith('mx.'))).toBe(true);
  });

  it('holding settings with a mistake, is still read: the mistake is named', async () => {
    const dir = join(root, 'legacy-typo');
    mkdirSync(dir);
    writeFileSync(join(dir, 'splitcheck.json'), '{ "smartHots": "mail.yourcompany.com" }');
    const r = await runCli(['yourcompany.com'], { cwd: dir });
    expect(r.stderr).toMatch(/splitcheck\.json: unknown key "smartHots" at \/smartHots \(did you mean "smartHost"\?\)/);
    expect(r.code).toBe(2);
  });

  it('beside splitcheck.config.json, is not read', async () => {
    const dir = project('both', 'splitcheck.config.json', { only: ['mx'] });
    writeFileSync(join(dir, 'splitcheck.json'), JSON.stringify({ only: ['spf'] }));
    const r = await runCli(['yourcompany.com', '--json'], { cwd: dir });
    expect(r.stderr).toBe('');
    expect((JSON.parse(r.stdout) as Report).results.every((f) => f.id.startsWith('mx.'))).toBe(true);
  });

  it('given with --config while it holds a report: one line saying so', async () => {
    const dir = project('explicit', 'splitcheck.config.json', { only: ['mx'] });
    expect((await runCli(['yourcompany.com', '--json', '-o', 'splitcheck.json'], { cwd: dir })).code).toBe(0);
    const r = await runCli(['yourcompany.com', '--config', 'splitcheck.json'], { cwd: dir });
    expect(r.stderr).toMatch(/^splitcheck: splitcheck\.json is not a configuration \(a report splitcheck wrote\?\): give --config the JSON file of settings/);
    expect(r.code).toBe(2);
  });

  it('a report written over the configuration being read is refused before anything is checked', async () => {
    const dir = project('overwrite', 'splitcheck.config.json');
    const r = await runCli(['yourcompany.com', '--json', '-o', 'splitcheck.config.json'], { cwd: dir });
    expect(r.stderr).toMatch(/^splitcheck: --output splitcheck\.config\.json is the configuration this run reads: write the report to another file/);
    expect(r.code).toBe(2);
    expect(JSON.parse(readFileSync(join(dir, 'splitcheck.config.json'), 'utf8'))).toHaveProperty('resolvers');
  });
});
