// The e2e suite's world: NSD, Unbound and two Exims from Debian, plus Microsoft 365 edge imitations, started once and always stopped.
import { accessSync, chmodSync, constants, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import type { RunningSmtpServer } from '../../src/testbed/smtp-common.js';
import { startMicrosoftEdgeServer } from '../../src/testbed/smtp-microsoft.js';
import { startNsd, startUnbound, zonesIn } from './harness/dns.js';
import { EXIM, eximLog, eximVersion, messageArrivals, startExim } from './harness/exim.js';
import { freePort } from './harness/net.js';
import { makePki } from './harness/pki.js';
import { DaemonStartError, live, runAs, startWatchdog } from './harness/process.js';
import { BROKEN, EXIM_MAILBOXES, FIXTURES, HEALTHY, NS_PRIMARY, NS_SECONDARY, type E2eWorld } from './world.js';

const REQUIRED = ['/usr/sbin/nsd', '/usr/sbin/unbound', EXIM, '/usr/bin/openssl', '/usr/bin/setpriv'];

/**
 * Starts a daemon on a fresh free port; if it dies at start (the port taken between choosing and binding
 * it), tries again on another. A daemon that runs but never gets ready fails at once: retrying won't help.
 */
async function withFreshPort<T>(pick: () => Promise<number>, start: (port: number) => Promise<T>): Promise<{ port: number; value: T }> {
  for (let attempt = 1; ; attempt++) {
    const port = await pick();
    try {
      return { port, value: await start(port) };
    } catch (error) {
      if (attempt >= 3 || !(error instanceof DaemonStartError && error.exited)) throw error;
    }
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const t0 = performance.now();
  const timings: string[] = [];
  const missing = REQUIRED.filter((bin) => {
    try {
      accessSync(bin, constants.X_OK);
      return false;
    } catch {
      return true;
    }
  });
  if (missing.length > 0) throw new Error(`e2e: ${missing.join(', ')} not installed: run scripts/e2e/install.sh (as root), or npm run test:e2e, which does`);

  const dir = mkdtempSync(join(tmpdir(), 'splitcheck-e2e-'));
  // The daemons run unprivileged and must reach their files; their writable folders are chowned to them.
  chmodSync(dir, 0o755);
  const as = runAs();
  const edges: RunningSmtpServer[] = [];
  const watchdog = startWatchdog(dir);
  const keep = process.env.SPLITCHECK_E2E_KEEP === '1';

  // Interrupted (Ctrl-C, SIGTERM) the runner exits without waiting for async teardowns: kill the groups synchronously.
  const onExit = (): void => {
    for (const d of live) d.killNow();
    if (!keep) rmSync(dir, { recursive: true, force: true });
  };
  process.once('exit', onExit);
  const onHangup = (): void => {
    onExit();
    process.exit(129);
  };
  process.once('SIGHUP', onHangup);

  let stopped = false;
  const teardown = async (): Promise<void> => {
    if (stopped) return;
    stopped = true;
    await Promise.all(edges.map((e) => e.close()));
    await Promise.all([...live].map((d) => d.stop()));
    process.off('exit', onExit);
    process.off('SIGHUP', onHangup);
    // No message ever reached an Exim: the probe never sends DATA, and Exim refuses it before it starts anyway.
    const arrivals = ['exim-local', 'exim-remote'].flatMap((name) => messageArrivals(eximLog(dir, name)).map((line) => `${name}: ${line}`));
    const sawData = edges.some((e) => e.sawData);
    watchdog.kill('SIGKILL');
    if (keep) console.error(`e2e: SPLITCHECK_E2E_KEEP=1: configs and logs kept in ${dir}`);
    else rmSync(dir, { recursive: true, force: true });
    if (arrivals.length > 0) throw new Error(`e2e: Exim received a message, which the probe must never cause:\n${arrivals.join('\n')}`);
    if (sawData) throw new Error('e2e: a Microsoft edge imitation received DATA');
  };

  try {
    const zonesDir = join(FIXTURES, 'zones');
    const timed = async <T>(what: string, work: Promise<T>): Promise<T> => {
      const started = performance.now();
      const value = await work;
      timings.push(`${what} ${Math.round(performance.now() - started)} ms`);
      return value;
    };

    // DNS: the primary and the secondary NSD on one port (SPLITCHECK_TEST_AUTH_PORT), then Unbound in front.
    const dns = async (): Promise<{ authPort: number; resolverPort: number }> => {
      const { port: authPort } = await timed(
        'nsd',
        withFreshPort(
          () => freePort([...NS_PRIMARY, ...NS_SECONDARY], true),
          async (port) => {
            const started = await Promise.allSettled([
              startNsd({ name: 'nsd', dir, zonesFrom: zonesDir, addresses: NS_PRIMARY, port, as }),
              startNsd({ name: 'nsd-secondary', dir, zonesFrom: join(zonesDir, 'secondary'), addresses: NS_SECONDARY, port, as }),
            ]);
            const failed = started.find((r) => r.status === 'rejected');
            if (failed) {
              await Promise.all(started.map((r) => (r.status === 'fulfilled' ? r.value.stop() : undefined)));
              throw failed.reason;
            }
          },
        ),
      );
      const { port: resolverPort } = await timed(
        'unbound',
        withFreshPort(
          () => freePort(['127.0.0.1'], true),
          (port) =>
            startUnbound({
              dir,
              port,
              stubs: zonesIn(zonesDir).map((zone) => ({ zone, address: NS_PRIMARY[0], port: authPort })),
              catchAll: { address: NS_PRIMARY[0], port: authPort },
              probe: HEALTHY.domain,
              as,
            }),
        ),
      );
      return { authPort, resolverPort };
    };

    // SMTP: the test CA, then the two Exims. Healthy: Local routing, the full chain. Broken: Remote routing,
    // and the leaf without its intermediate.
    const smtp = async (): Promise<{ caFile: string; local: number; remote: number }> => {
      const { caFile, leaves } = await timed('pki', makePki(dir, [HEALTHY.smartHost, BROKEN.smartHost]));
      const exim = async (name: string, routing: 'local' | 'remote', domain: string, hostname: string, chain: boolean) => {
        const leaf = leaves[hostname]!;
        const tls = { key: leaf.key, cert: chain ? leaf.chain : leaf.cert };
        const template = join(FIXTURES, 'exim.conf');
        const started = await withFreshPort(
          () => freePort(['127.0.0.1'], false),
          (port) => startExim({ name, dir, template, port, hostname, routing, domain, mailboxes: EXIM_MAILBOXES, tls, as }),
        );
        return started.port;
      };
      const [local, remote] = await timed(
        'exim',
        Promise.all([exim('exim-local', 'local', HEALTHY.domain, HEALTHY.smartHost, true), exim('exim-remote', 'remote', BROKEN.domain, BROKEN.smartHost, false)]),
      );
      return { caFile, local, remote };
    };

    // Both at once; settled, not raced, so that nothing is still starting when a failure tears down.
    const [dnsResult, smtpResult] = await Promise.allSettled([dns(), smtp()]);
    if (dnsResult.status === 'rejected') throw dnsResult.reason;
    if (smtpResult.status === 'rejected') throw smtpResult.reason;
    const { authPort, resolverPort } = dnsResult.value;
    const { caFile, local, remote } = smtpResult.value;

    // Microsoft 365's edge: there is no Debian Exchange, so the project's imitation stands in for it.
    const internalRelay = await startMicrosoftEdgeServer({ mode: 'internal-relay', acceptedDomains: [HEALTHY.domain], mailboxes: [], hostname: HEALTHY.msMx });
    edges.push(internalRelay);
    const authoritative = await startMicrosoftEdgeServer({ mode: 'authoritative', acceptedDomains: [BROKEN.domain], mailboxes: [], hostname: BROKEN.msMx });
    edges.push(authoritative);

    const world: E2eWorld = {
      dir,
      resolver: `127.0.0.1:${resolverPort}`,
      authPort,
      caFile,
      smtpRoutes: JSON.stringify({
        [`${HEALTHY.smartHost}:25`]: `127.0.0.1:${local}`,
        [`${BROKEN.smartHost}:25`]: `127.0.0.1:${remote}`,
        [`${HEALTHY.msMx}:25`]: `127.0.0.1:${internalRelay.port}`,
        [`${BROKEN.msMx}:25`]: `127.0.0.1:${authoritative.port}`,
      }),
      eximLocalPort: local,
      eximRemotePort: remote,
      logs: Object.fromEntries([...live].map((d) => [d.spec.name, d.spec.logFile])),
      eximVersion: eximVersion(),
    };
    project.provide('e2e', world);
    const ms = Math.round(performance.now() - t0);
    console.error(`e2e: NSD, Unbound (${world.resolver}), Exim local/remote (:${local}/:${remote}) up in ${ms} ms (${timings.join(', ')}); ${world.eximVersion}; logs in ${dir}`);
  } catch (error) {
    await teardown().catch(() => undefined);
    throw error;
  }
  return teardown;
}
