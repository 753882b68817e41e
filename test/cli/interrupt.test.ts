// Ctrl-C (SIGINT) or SIGTERM during a run with --output: the previous report stays as it was, no temporary file or spool is left, and the process ends by the signal.
import { spawn } from 'node:child_process';
import { existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDnsServer, type DnsTestServer } from '../../src/testbed/dns-server.js';
import { BIN } from '../helpers/cli.js';

let server: DnsTestServer;
const root = mkdtempSync(join(tmpdir(), 'splitcheck-interrupt-'));

// fast.test answers at once; slow.test's MX host never answers, so the run stays busy until it is interrupted.
const zone = {
  'fast.test': [{ MX: [0, 'fast-test.mail.protection.outlook.com'] as [number, string] }],
  'fast-test.mail.protection.outlook.com': [{ A: '192.0.2.1' }],
  'slow.test': [{ MX: [0, 'mx.slow.test'] as [number, string] }],
  'mx.slow.test': ['TIMEOUT' as const],
};

beforeAll(async () => {
  server = await startDnsServer({ zone });
});
afterAll(() => server.close());

interface Run {
  dir: string;
  temp: string;
  done: Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>;
  kill(signal: NodeJS.Signals): void;
}

/** Runs the bin in a fresh directory (holding the previous report) with its own TMPDIR. */
function start(name: string, domains: string[], output: string, extra: string[] = []): Run {
  const dir = join(root, name);
  const temp = join(dir, 'tmp');
  mkdirSync(temp, { recursive: true });
  writeFileSync(join(dir, output), 'the previous report\n');
  const args = [...domains, '--resolver', `127.0.0.1:${server.address.port}`, '--no-smtp', '--only', 'mx', '--retries', '0', '--timeout', '20000', '-o', output, ...extra];
  const child = spawn(process.execPath, [BIN, ...args], { cwd: dir, env: { ...process.env, TMPDIR: temp }, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  const done = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>((resolve) =>
    child.on('close', (code, signal) => resolve({ code, signal, stderr })),
  );
  return { dir, temp, done, kill: (signal) => child.kill(signal) };
}

/** Waits until the run is writing: its temporary report file exists beside the target. */
async function writing(run: Run, output: string): Promise<void> {
  const started = Date.now();
  while (!readdirSync(run.dir).some((f) => f.startsWith(`.${output}.`) && f.endsWith('.tmp'))) {
    if (Date.now() - started > 20_000) throw new Error('the run never started writing');
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe('an interrupted run with --output', () => {
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    it(`${signal}, several domains as JUnit: the previous report kept, no temporary file or spool left, ended by ${signal}`, async () => {
      const run = start(signal, ['fast.test', 'slow.test'], 'report.xml', ['--format', 'junit']);
      await writing(run, 'report.xml');
      run.kill(signal);
      const { signal: ended, stderr } = await run.done;
      expect(ended).toBe(signal);
      expect(stderr).not.toMatch(/\n\s+at /);
      expect(readFileSync(join(run.dir, 'report.xml'), 'utf8')).toBe('the previous report\n');
      expect(readdirSync(run.dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
      // The JUnit spool (splitcheck-*/spool under TMPDIR) is gone too.
      expect(readdirSync(run.temp)).toEqual([]);
    });
  }

  it('one domain: the previous report kept', async () => {
    const run = start('single', ['slow.test'], 'report.json', ['--json']);
    // One domain's report is written at the end: wait until the run is under way (its DNS questions asked).
    await new Promise((r) => setTimeout(r, 1500));
    run.kill('SIGINT');
    expect((await run.done).signal).toBe('SIGINT');
    expect(readFileSync(join(run.dir, 'report.json'), 'utf8')).toBe('the previous report\n');
    expect(readdirSync(run.dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('a run that finishes replaces the report whole, leaving nothing beside it', async () => {
    const run = start('finished', ['fast.test', 'fast.test'], 'report.xml', ['--format', 'junit']);
    const { code } = await run.done;
    expect(code).toBe(0);
    expect(readFileSync(join(run.dir, 'report.xml'), 'utf8')).toMatch(/^<\?xml[\s\S]*<\/testsuites>\n$/);
    expect(readdirSync(run.dir).filter((f) => f !== 'report.xml' && f !== 'tmp')).toEqual([]);
    expect(readdirSync(run.temp)).toEqual([]);
  });

  it.skipIf(!existsSync('/dev/stdout'))('--output naming /dev/stdout (a symbolic link) writes through it, never renames over it', async () => {
    const dir = join(root, 'device');
    mkdirSync(dir);
    const command = `"${process.execPath}" "${BIN}" fast.test --resolver 127.0.0.1:${server.address.port} --no-smtp --only mx --json -o /dev/stdout > out.json`;
    const code = await new Promise((resolve) => spawn('/bin/sh', ['-c', command], { cwd: dir, stdio: 'ignore' }).on('close', resolve));
    expect(code).toBe(0);
    expect(JSON.parse(readFileSync(join(dir, 'out.json'), 'utf8'))).toMatchObject({ domain: 'fast.test' });
    expect(lstatSync('/dev/stdout').isSymbolicLink()).toBe(true);
    expect(readdirSync('/dev').filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });
});
