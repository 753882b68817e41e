// The command's own output closing or failing (`| head`, a full disk): a quiet end with exit 141, or one line and exit 2; never a stack trace or exit 1.
import { spawn } from 'node:child_process';
import { closeSync, existsSync, openSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDnsServer, type DnsTestServer } from '../../src/testbed/dns-server.js';
import { BIN } from '../helpers/cli.js';

/** 141 = 128 + SIGPIPE: what a shell reports for cat or grep when their reader has gone. */
const CLOSED_PIPE = 141;

let server: DnsTestServer;
const DOMAINS = Array.from({ length: 500 }, (_, i) => `d${i}.test`);

beforeAll(async () => {
  const zone = Object.fromEntries(DOMAINS.map((d) => [d, [{ MX: [0, 'd-test.mail.protection.outlook.com'] as [number, string] }]]));
  server = await startDnsServer({ zone: { ...zone, 'd-test.mail.protection.outlook.com': [{ A: '192.0.2.1' }] } });
});
afterAll(() => server.close());

/** Spawns the bin; `onStdout` sees each chunk and the child, to close the pipe when it likes. */
function spawnBin(args: string[], stdout: 'pipe' | number, onStdout?: (chunk: Buffer, close: () => void) => void) {
  const child = spawn(process.execPath, [BIN, ...args], { stdio: ['ignore', stdout, 'pipe'] });
  let stderr = '';
  child.stderr!.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  child.stdout?.on('data', (chunk: Buffer) => onStdout?.(chunk, () => child.stdout!.destroy()));
  return new Promise<{ code: number | null; stderr: string }>((resolve, reject) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stderr });
    });
  });
}

describe('a closed standard output', () => {
  it('`splitcheck demo | head -1`: the reader gone before the report is written ends the run quietly, exit 141', async () => {
    // The pipe is closed at once, so the report's write always finds it closed (head exiting first, the racy half of the runs).
    const child = spawn(process.execPath, [BIN, 'demo'], { stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.destroy();
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(stderr).toBe('');
    expect(code).toBe(CLOSED_PIPE);
  });

  it('500 domains as ndjson, read one line and closed: the run stops there, quietly, exit 141', async () => {
    let lines = 0;
    const args = [...DOMAINS, '--resolver', `127.0.0.1:${server.address.port}`, '--no-smtp', '--only', 'mx', '--retries', '0', '--format', 'ndjson'];
    const { code, stderr } = await spawnBin(args, 'pipe', (chunk, close) => {
      lines += chunk.toString('utf8').split('\n').length - 1;
      if (lines >= 1) close();
    });
    expect(lines).toBeGreaterThanOrEqual(1);
    expect(stderr).toBe('');
    expect(code).toBe(CLOSED_PIPE);
  });
});

describe.skipIf(!existsSync('/dev/full'))('a standard output that cannot be written (/dev/full: Linux only)', () => {
  it('says so in one line, exit 2', async () => {
    const full = openSync('/dev/full', 'w');
    try {
      const { code, stderr } = await spawnBin(['demo'], full);
      expect(stderr).toBe('splitcheck: cannot write to standard output: ENOSPC: no space left on device, write\n');
      expect(code).toBe(2);
    } finally {
      closeSync(full);
    }
  });
});
