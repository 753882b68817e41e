// --wait interrupted (Ctrl-C, a CI job's cancel): the wait ends as at the deadline, with the last run's real report and exit code.
import { spawn } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import type { Report } from '../../src/engine/types.js';
import { authoritative, contosoZone, DOMAIN, MS_MX, recursiveView, startAuthWorld, type AuthWorld } from '../helpers/authoritative-servers.js';
import { BIN } from '../helpers/cli.js';
import { probeLoopback } from '../helpers/loopback.js';

// This file's loopback addresses (other files use other 127.0.x.0/24 blocks).
const H = ['127.0.13.2', '127.0.13.3'];
const loopback = await probeLoopback(H);
const NS = { 'ns1.contoso.com': H[0]!, 'ns2.contoso.com': H[1]! };

// ns2 never transfers the change: without the signal the wait would last its whole minute.
const updated = () => authoritative(contosoZone(NS, { serial: 2026010102 }));
const stale = () => authoritative(contosoZone(NS, { serial: 2026010101, mx: [[0, MS_MX], [10, `mail.${DOMAIN}`]] }));

const open: AuthWorld[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((w) => w.close()));
});

describe.skipIf(!loopback.ok)(`--wait and a signal${loopback.skipped}`, () => {
  it.each(['SIGINT', 'SIGTERM'] as const)('%s during the pause: the wait ends, the last run\'s report is printed and its exit code (1) stands', async (signal) => {
    const w = await startAuthWorld(H, [updated(), stale()], recursiveView(NS));
    open.push(w);
    const args = [DOMAIN, '--resolver', w.resolver, '--timeout', '1000', '--retries', '0', '--no-smtp', '--only', 'mx', '--wait', '60s', '--json'];
    const r = await new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve, reject) => {
      const child = spawn(process.execPath, [BIN, ...args], { env: { ...process.env, NO_COLOR: '1', SPLITCHECK_TEST_AUTH_PORT: String(w.port) }, stdio: ['ignore', 'pipe', 'pipe'] });
      let stdout = '';
      let stderr = '';
      let sent = false;
      child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
      child.stderr.setEncoding('utf8').on('data', (d: string) => {
        stderr += d;
        if (!sent && stderr.includes('is not settled')) {
          sent = true;
          child.kill(signal);
        }
      });
      const timer = setTimeout(() => child.kill('SIGKILL'), 50_000);
      child.on('error', reject);
      child.on('close', (code) => {
        clearTimeout(timer);
        resolve({ code, stdout, stderr });
      });
    });
    expect(r.stderr).toMatch(/splitcheck: --wait: interrupted after 1 run in \S+, still waiting for the authoritative servers of contoso\.com to agree \(fail: ns2\.contoso\.com .* The last run's report and exit code \(1\) stand\.\n$/);
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout) as Report;
    expect(report.results.find((f) => f.id === 'dns.consistency')?.status).toBe('fail');
    expect(report.exitCode).toBe(1);
  });
});
