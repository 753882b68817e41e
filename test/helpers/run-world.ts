// Runs the full check registry against a zone served by the loopback DNS server, through the real resolver.
import { ALL_CHECKS } from '../../src/checks/index.js';
import { createResolver } from '../../src/dns/resolver.js';
import { runChecks } from '../../src/engine/run.js';
import type { CheckInput, Finding } from '../../src/engine/types.js';
import type { PolicyFetcher } from '../../src/mtasts/fetch.js';
import type { SmtpClient } from '../../src/smtp/client.js';
import { startDnsServer, type DnsServerOptions } from '../../src/testbed/dns-server.js';

export interface WorldRun {
  findings: Finding[];
  byId: Record<string, Finding>;
  elapsedMs: number;
}

export async function runWorld(
  domain: string,
  server: DnsServerOptions,
  options: {
    input?: CheckInput;
    timeoutMs?: number;
    retries?: number;
    /**
     * The SMTP client the checks probe through (e.g. createSmtpClient with a loopback connect hook).
     * Without one the run has no SMTP at all, as with --no-smtp: the SMTP checks skip, nothing leaves loopback.
     */
    smtp?: SmtpClient;
    /** The run's clock (certificate dates are judged against it). */
    now?: Date;
    /** The MTA-STS policy fetch (e.g. createPolicyFetcher routed to a loopback HTTPS server); absent: as under --replay. */
    fetchPolicy?: PolicyFetcher;
  } = {},
): Promise<WorldRun> {
  const dns = await startDnsServer(server);
  try {
    const resolver = createResolver({ servers: [dns.address], timeoutMs: options.timeoutMs ?? 250, retries: options.retries ?? 0 });
    const input: CheckInput = options.smtp ? (options.input ?? {}) : { noSmtp: true, ...(options.input ?? {}) };
    const started = performance.now();
    const findings = await runChecks({
      domain,
      input,
      dns: resolver,
      ...(options.smtp ? { smtp: options.smtp } : {}),
      ...(options.fetchPolicy ? { fetchPolicy: options.fetchPolicy } : {}),
      checks: ALL_CHECKS,
      now: options.now ?? new Date(),
      checkTimeoutMs: 10_000,
    });
    const elapsedMs = performance.now() - started;
    return { findings, byId: Object.fromEntries(findings.map((f) => [f.id, f])), elapsedMs };
  } finally {
    await dns.close();
  }
}
