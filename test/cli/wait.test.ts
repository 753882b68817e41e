// --wait from the built bin against loopback authoritative servers: servers that converge after a while pass once they do; servers that never do end at the deadline with the real verdict.
import { afterEach, describe, expect, it } from 'vitest';
import type { Report } from '../../src/engine/types.js';
import { startDnsServer } from '../../src/testbed/dns-server.js';
import { authoritative, contosoZone, DOMAIN, MS_MX, recursiveView, startAuthWorld, type AuthWorld } from '../helpers/authoritative-servers.js';
import { runCli } from '../helpers/cli.js';
import { probeLoopback } from '../helpers/loopback.js';
import { schemaErrors } from '../helpers/schema.js';

// This file's loopback addresses (other files use other 127.0.x.0/24 blocks).
const H = ['127.0.12.2', '127.0.12.3'];
const loopback = await probeLoopback(H);
const NS = { 'ns1.contoso.com': H[0]!, 'ns2.contoso.com': H[1]! };
const FAST = ['--timeout', '1000', '--retries', '0', '--no-smtp', '--only', 'mx'];

// The change: the hosting server's backup MX is removed (serial 2). ns2 still serves serial 1 with the old MX until it transfers the zone.
const updated = () => authoritative(contosoZone(NS, { serial: 2026010102 }));
const stale = () => authoritative(contosoZone(NS, { serial: 2026010101, mx: [[0, MS_MX], [10, `mail.${DOMAIN}`]] }));

const open: AuthWorld[] = [];
const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all([...open.splice(0).map((w) => w.close()), ...closers.splice(0).map((c) => c())]);
});

/** Spawns the bin and calls `onStderr` with the stderr seen so far, as it arrives (the test reacts to the first "not settled"). */
function spawnCli(args: string[], env: NodeJS.ProcessEnv, onStderr: (text: string) => void) {
  return runCli(args, { env: { NO_COLOR: '1', ...env }, timeoutMs: 60_000, onStderr });
}

describe.skipIf(!loopback.ok)(`splitcheck <domain> --wait${loopback.skipped}`, () => {
  it('servers that converge a few seconds later: not settled at first, then dns.consistency passes and the run exits 0', async () => {
    const w = await startAuthWorld(H, [updated(), stale()], recursiveView(NS));
    open.push(w);
    let switched = false;
    const r = await spawnCli([DOMAIN, '--resolver', w.resolver, ...FAST, '--wait', '30s', '--json'], { SPLITCHECK_TEST_AUTH_PORT: String(w.port) }, (stderr) => {
      if (switched || !stderr.includes('is not settled')) return;
      switched = true;
      // ns2 transfers serial 2: the same address and port now serve the updated zone.
      void w.servers[1]!.close().then(async () => {
        const fresh = await startDnsServer({ ...updated(), host: H[1]!, port: w.port });
        closers.push(() => fresh.close());
      });
    });
    expect(switched).toBe(true);
    // The first run said what it waited for: who lags, at which serial, and the TTLs that bound the wait.
    expect(r.stderr).toContain(
      `splitcheck: --wait: run 1 is not settled; waiting for the authoritative servers of contoso.com to agree (fail: ns2.contoso.com (${H[1]}) at serial 2026010101, the others at 2026010102); secondaries pull a change on NOTIFY or at the latest after the SOA refresh of 3600 s; resolvers may keep the old answer for up to 3600 s (its TTL) after that.`,
    );
    expect(r.stderr).toMatch(/splitcheck: --wait: contoso\.com settled after [2-9] runs in \S+: the authoritative servers agree and the checks pass\./);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout) as Report;
    expect(schemaErrors('report.schema.json', report)).toEqual([]);
    expect(report.results.find((f) => f.id === 'dns.consistency')?.status).toBe('pass');
    expect(report.summary.fail + report.summary.error).toBe(0);
  });

  it('servers that never converge: the wait ends at the deadline, and the last run\'s real verdict and exit code stand', async () => {
    const w = await startAuthWorld(H, [updated(), stale()], recursiveView(NS));
    open.push(w);
    const r = await runCli([DOMAIN, '--resolver', w.resolver, ...FAST, '--wait', '3s', '--json'], { env: { SPLITCHECK_TEST_AUTH_PORT: String(w.port) } });
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout) as Report;
    const consistency = report.results.find((f) => f.id === 'dns.consistency')!;
    expect(consistency.status).toBe('fail');
    expect(report.exitCode).toBe(1);
    expect(r.stderr).toMatch(/--wait: run 1 is not settled; waiting for the authoritative servers of contoso\.com to agree/);
    expect(r.stderr).toMatch(/splitcheck: --wait: the 3s are over after [2-9]\d* runs in \S+, still waiting for the authoritative servers of contoso\.com to agree \(fail: ns2\.contoso\.com .* The last run's report and exit code \(1\) stand\.\n$/);
  });

  it('servers that agree at once: one run, no waiting, and dns.consistency runs although --only left it out', async () => {
    const w = await startAuthWorld(H, [updated(), updated()], recursiveView(NS));
    open.push(w);
    const r = await runCli([DOMAIN, '--resolver', w.resolver, ...FAST, '--wait', '1m', '--json'], { env: { SPLITCHECK_TEST_AUTH_PORT: String(w.port) } });
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/^splitcheck: --wait: contoso\.com settled after 1 run in \S+: the authoritative servers agree and the checks pass\.\n$/);
    expect((JSON.parse(r.stdout) as Report).results.map((f) => f.id)).toContain('dns.consistency');
  });
});

describe('--wait refusals (exit 2, nothing checked)', () => {
  it.each([
    [['contoso.com', '--wait', '15'], /--wait "15" has no unit: give a duration such as 500ms, 5s, 15m or 1h30m/],
    [['contoso.com', '--wait', 'soon'], /invalid --wait "soon"/],
    [['contoso.com', '--wait', '7h'], /--wait "7h" is out of range: give 1s to 6h/],
    [['contoso.com', '--wait', '5m', '--skip', 'dns'], /--wait waits for dns\.consistency to pass, and --skip dns leaves it out/],
    [['contoso.com', 'fabrikam.com', '--wait', '5m', '--resolver', '127.0.0.1:9'], /--wait watches one domain/],
    [['--replay', 'run.json', '--wait', '5m'], /a replay judges a saved run once/],
  ])('%j', async (args, message) => {
    const r = await runCli(args);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(message);
  });
});
