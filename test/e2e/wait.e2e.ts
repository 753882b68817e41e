// `--wait` end to end against NSD doing real zone transfers: a secondary whose primary is unreachable never converges (the deadline's real verdict stands);
// once the primary comes up, NOTIFY and AXFR bring the secondary to the new serial and the wait ends in a pass.
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Report } from '../../src/engine/types.js';
import { startDnsServer, type DnsTestServer } from '../../src/testbed/dns-server.js';
import { runCli } from '../helpers/cli.js';
import { DOMAIN, MS_MX, recursiveView } from '../helpers/authoritative-servers.js';
import { startNsd } from './harness/dns.js';
import { dnsQuery, freePort } from './harness/net.js';
import { runAs, type Daemon } from './harness/process.js';

// This file's loopback addresses: ns1 and ns2 are the zone's name servers; the primary ns2 pulls from is not in the NS set (a hidden primary).
const NS1 = '127.0.56.1';
const NS2 = '127.0.56.2';
const PRIMARY = '127.0.56.9';
const NS = { 'ns1.contoso.com': NS1, 'ns2.contoso.com': NS2 };
const OLD = 2026010101;
const NEW = 2026010102;
/** SOA timers of the zone: refresh 2 s, retry 1 s, so a secondary that missed a NOTIFY still catches up within seconds. */
const REFRESH = 2;

/** contoso.com as a zone file: at OLD the hosting server is still a backup MX; at NEW only Microsoft's MX is left (the change being waited for). */
function zoneFile(serial: number): string {
  return [
    `; contoso.com at serial ${serial} (test/e2e/wait.e2e.ts)`,
    '$ORIGIN contoso.com.',
    '$TTL 300',
    `@ IN SOA ns1 hostmaster ${serial} ${REFRESH} 1 86400 300`,
    '@ IN NS ns1',
    '@ IN NS ns2',
    `ns1 IN A ${NS1}`,
    `ns2 IN A ${NS2}`,
    `@ IN MX 0 ${MS_MX}.`,
    ...(serial === OLD ? ['@ IN MX 10 mail'] : []),
    'mail IN A 203.0.113.25',
    '',
  ].join('\n');
}

const dir = mkdtempSync(join(tmpdir(), 'splitcheck-e2e-wait-'));
const as = runAs();
const daemons: Daemon[] = [];
let recursive: DnsTestServer;
let port: number;

/** A folder holding contoso.com at `serial`, readable by the unprivileged daemons. */
function zones(name: string, serial: number): string {
  const folder = join(dir, `zones-${name}`);
  mkdirSync(folder);
  writeFileSync(join(folder, 'contoso.com.zone'), zoneFile(serial));
  return folder;
}

const serialAt = async (address: string): Promise<unknown> => (await dnsQuery(address, port, DOMAIN, 'SOA', { rd: false, timeoutMs: 500 })).answers[0]?.data;

beforeAll(async () => {
  chmodSync(dir, 0o755);
  port = await freePort([NS1, NS2, PRIMARY], true);
  recursive = await startDnsServer({ zone: recursiveView(NS) });
  // ns1 already serves the change; ns2 is a secondary still at the old serial, pulling from a primary that is not up yet.
  daemons.push(await startNsd({ name: 'nsd-wait-ns1', dir, zonesFrom: zones('ns1', NEW), addresses: [NS1], port, as }));
  daemons.push(
    await startNsd({
      name: 'nsd-wait-ns2',
      dir,
      zonesFrom: zones('ns2', OLD),
      addresses: [NS2],
      port,
      as,
      zoneOptions: [`request-xfr: AXFR ${PRIMARY}@${port} NOKEY`, 'allow-notify: 127.0.0.0/8 NOKEY'],
      // The primary is down on purpose until the first 'not settled': NSD logs each refused transfer as an error.
      expectedErrors: new RegExp(`Could not tcp connect to ${PRIMARY.replace(/\./g, '\\.')}@${port}: Connection refused`),
    }),
  );
}, 60_000);

afterAll(async () => {
  await Promise.all([recursive?.close(), ...daemons.map((d) => d.stop())]);
  rmSync(dir, { recursive: true, force: true });
});

const ARGS = () => [DOMAIN, '--resolver', `127.0.0.1:${recursive.port}`, '--only', 'mx', '--no-smtp', '--timeout', '1000', '--retries', '0', '--json'];
const ENV = () => ({ SPLITCHECK_TEST_AUTH_PORT: String(port) });

/** Spawns the bin, calling `onStderr` with the stderr so far as it arrives (the test reacts to the first "not settled"). */
function spawnCli(args: string[], env: NodeJS.ProcessEnv, onStderr: (text: string) => void) {
  return runCli(args, { env: { NO_COLOR: '1', ...env }, timeoutMs: 90_000, onStderr });
}

// In order: the first runs while the primary is down, the second brings it up.
describe('splitcheck <domain> --wait against NSD secondaries', () => {
  it('a secondary that cannot reach its primary never converges: the wait ends at the deadline with the real verdict (dns.consistency fails, exit 1)', async () => {
    const r = await runCli([...ARGS(), '--wait', '4s'], { env: ENV(), timeoutMs: 60_000 });
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout) as Report;
    expect(report.results.find((f) => f.id === 'dns.consistency')?.status).toBe('fail');
    expect(report.exitCode).toBe(1);
    expect(r.stderr).toContain(
      `splitcheck: --wait: run 1 is not settled; waiting for the authoritative servers of contoso.com to agree (fail: ns2.contoso.com (${NS2}) at serial ${OLD}, the others at ${NEW}); secondaries pull a change on NOTIFY or at the latest after the SOA refresh of ${REFRESH} s`,
    );
    expect(r.stderr).toMatch(/splitcheck: --wait: the 4s are over after [2-9]\d* runs in \S+, still waiting for the authoritative servers of contoso\.com to agree .* The last run's report and exit code \(1\) stand\.\n$/);
    // NSD itself still serves the old serial on ns2: the verdict is about the servers, not the prober.
    expect(await serialAt(NS2)).toMatchObject({ serial: OLD });
  }, 60_000);

  it('the primary comes up: NOTIFY and AXFR bring ns2 to the new serial, and the wait ends in a pass (exit 0)', async () => {
    let started: Promise<void> | undefined;
    const r = await spawnCli([...ARGS(), '--wait', '60s'], ENV(), (stderr) => {
      if (started || !stderr.includes('is not settled')) return;
      started = startNsd({
        name: 'nsd-wait-primary',
        dir,
        zonesFrom: zones('primary', NEW),
        addresses: [PRIMARY],
        port,
        as,
        zoneOptions: [`notify: ${NS2}@${port} NOKEY`, 'provide-xfr: 127.0.0.0/8 NOKEY'],
      }).then((d) => void daemons.push(d));
    });
    expect(started).toBeDefined();
    await started;
    expect(r.stderr).toContain(`splitcheck: --wait: run 1 is not settled; waiting for the authoritative servers of contoso.com to agree (fail: ns2.contoso.com (${NS2}) at serial ${OLD}, the others at ${NEW})`);
    expect(r.stderr).toMatch(/splitcheck: --wait: contoso\.com settled after [2-9]\d* runs in \S+: the authoritative servers agree and the checks pass\.\n$/);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout) as Report;
    expect(report.results.find((f) => f.id === 'dns.consistency')?.status).toBe('pass');
    expect(report.summary.fail + report.summary.error).toBe(0);
    // The secondary really transferred the zone: it serves the new serial and no longer the hosting server's MX.
    expect(await serialAt(NS2)).toMatchObject({ serial: NEW });
    const mx = await dnsQuery(NS2, port, DOMAIN, 'MX', { rd: false, timeoutMs: 500 });
    expect(mx.answers.map((a) => (a.data as { exchange: string }).exchange)).toEqual([MS_MX]);
  }, 90_000);
});
