// The full check of several domains: bounded concurrency over one shared DNS cache, reports streamed as they finish.
import { createResolver } from '../dns/resolver.js';
import { formatServer } from '../dns/servers.js';
import { worstExitCode } from '../engine/summary.js';
import type { Check, CheckInput, Report } from '../engine/types.js';
import type { DomainRow } from '../report/many.js';
import { createSmtpClient } from '../smtp/client.js';
import type { Io } from './io.js';
import { startDomainProgress } from './progress.js';
import { checkReport, livePolicyFetcher, withAuthoritative, type LiveSmtpSettings, type Source } from './run-check.js';
import type { NetworkSettings } from './settings.js';
import { domainRow, type Sink } from './sinks.js';

/** Answers kept for names the domains share (Microsoft's hosts, SPF includes); older ones are asked again. */
const SHARED_CACHE_LIMIT = 5_000;

/** Most DNS questions in flight at once over all the domains. */
const MAX_IN_FLIGHT = 128;

export interface ManyRun {
  domains: readonly string[];
  /** The input of one domain (its own mailboxes, the shared smart host...). */
  inputFor(domain: string): CheckInput;
  checks: readonly Check[];
  network: NetworkSettings;
  smtp: LiveSmtpSettings;
  strict: boolean;
  concurrency: number;
  authoritative?: { port?: (host: string) => number };
  sink: Sink;
  /** Progress on stderr (a TTY, people reading). */
  progress: boolean;
}

/** Check every domain, at most `concurrency` at once; returns the worst exit code. */
export async function runMany(run: ManyRun, io: Io): Promise<number> {
  const started = performance.now();
  // One resolver for all: its cache serves the names the domains have in common. Nothing is recorded
  // for evidence and the cache is bounded, so memory does not grow with the number of domains.
  const resolver = createResolver({
    servers: run.network.servers,
    timeoutMs: run.network.timeoutMs,
    retries: run.network.retries,
    recordLookups: false,
    recordExchanges: false,
    cacheLimit: SHARED_CACHE_LIMIT,
    // A domain asks some 25 questions, most of them at once. More in flight than this and bursts overflow
    // the socket buffers of the resolver being asked (a loopback server drops beyond ~250 queued datagrams),
    // turning speed into timeouts: 128 keeps a resolver busy without flooding it.
    concurrency: Math.min(MAX_IN_FLIGHT, run.concurrency * 8),
  });
  const resolvers = run.network.servers.map(formatServer);
  const policyFetcher = livePolicyFetcher(run.network.timeoutMs, run.smtp);
  const progress = await startDomainProgress(io, run.progress, run.domains.length);
  const rows: DomainRow[] = new Array(run.domains.length);
  let next = 0;

  const checkOne = async (domain: string): Promise<Report> => {
    let source: Source = { dns: resolver, fetchPolicy: policyFetcher, resolvers, now: new Date(), replayed: false };
    if (run.smtp.smtp) {
      // One SMTP client per domain: probes are shared between that domain's checks only.
      source.smtp = createSmtpClient({
        timeoutMs: run.network.timeoutMs,
        ...(run.smtp.extraCa ? { extraCa: run.smtp.extraCa } : {}),
        ...(run.smtp.connect ? { connect: run.smtp.connect } : {}),
      });
    }
    if (run.authoritative) source = await withAuthoritative(source, domain, run.network, run.authoritative.port);
    return checkReport({ domain, input: run.inputFor(domain), checks: run.checks, source, strict: run.strict, network: run.network });
  };

  const worker = async (): Promise<void> => {
    while (next < run.domains.length) {
      const index = next++;
      const report = await checkOne(run.domains[index]!);
      run.sink.add(report);
      const row = domainRow(report);
      rows[index] = row;
      progress.onDomainDone(row);
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.min(run.concurrency, run.domains.length) }, worker));
  } finally {
    progress.stop();
  }
  const exitCode = worstExitCode(rows.map((r) => r.exitCode));
  run.sink.finish(rows, exitCode, performance.now() - started);
  return exitCode;
}
