// Shared by the CLI tests of hostile or mistaken input: a zone full of awkward DNS text, refusals checked the same way everywhere.
import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import { main } from '../../src/cli/main.js';
import type { DnsTestServer, Zone } from '../../src/testbed/dns-server.js';
import { BIN, type CliResult } from './cli.js';

const MX = (host: string): { MX: [number, string] } => ({ MX: [0, host] });

/** healthy.example: MX and autodiscover pass. hostile.example: DNS text full of Markdown, HTML and table syntax. */
export const INPUT_ZONE: Zone = {
  'healthy.example': [MX('healthy-example.mail.protection.outlook.com')],
  'healthy-example.mail.protection.outlook.com': [{ A: '192.0.2.10' }],
  'autodiscover.healthy.example': [{ CNAME: 'autodiscover.outlook.com' }],
  'autodiscover.outlook.com': [{ A: '192.0.2.11' }],
  'hostile.example': [
    MX('hostile-example.mail.protection.outlook.com'),
    { MX: [10, 'mail.hostile.example'] },
    { TXT: 'v=spf1 include:spf.protection.outlook.com ip4:1.2.3.4|x `code` <script>alert(1)</script> -all' },
  ],
  'hostile-example.mail.protection.outlook.com': [{ A: '192.0.2.12' }],
  'mail.hostile.example': [{ A: '192.0.2.13' }],
  // slow.example: its MX host never answers, so mx.targets-resolve is an error.
  'slow.example': [MX('slow-example.mail.protection.outlook.com')],
  'slow-example.mail.protection.outlook.com': ['TIMEOUT'],
  '_dmarc.hostile.example': [{ TXT: 'v=DMARC1; p=none; rua=mailto:a|b@<img src=x onerror=alert(1)>' }],
  'default._domainkey.hostile.example': [{ TXT: ['v=DKIM1; p=|a|b|\n| --- |\n<script>x</script>\n# heading'] }],
};

/**
 * A usage mistake: exit 2, stdout untouched, one line on stderr matching `message`, no stack, nothing asked
 * (of the server `server()` returns, when `queriesBefore` is given).
 */
export function refusalChecker(server: () => DnsTestServer) {
  return function expectRefusal(r: { code: number | null; stdout: string; stderr: string }, message: RegExp, queriesBefore?: number): void {
    expect(r.stderr).toMatch(message);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/^splitcheck: /);
    expect(r.stderr).not.toMatch(/unexpected problem|\n\s+at |node:internal|Error:/);
    // eslint-disable-next-line no-control-regex
    expect(r.stderr).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f]/);
    if (queriesBefore !== undefined) expect(server().queries.length).toBe(queriesBefore);
  };
}

/** main() in this process, from `cwd`. */
export async function inDir(cwd: string, args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await main(args, {
    stdout: { write: (s: string) => ((stdout += s), true), isTTY: false },
    stderr: { write: (s: string) => ((stderr += s), true), isTTY: false },
    env,
    cwd,
  });
  return { code, stdout, stderr };
}


/** The bin with `input` on its standard input. */
export function runWithStdin(args: string[], input: string): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, [BIN, ...args], { stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, NO_COLOR: '1' } });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr, elapsedMs: performance.now() - started });
    });
    child.stdin.end(input);
  });
}

/** A function making (and returning) a directory of that name under `root`. */
export function scratchDir(root: string): (name: string) => string {
  return (name) => {
    const path = join(root, name);
    mkdirSync(path, { recursive: true });
    return path;
  };
}
