// The full check of several domains: bounded concurrency over one shared DNS cache, each report handed over as it finishes.
import { createResolver } from '../dns/resolver.js';
import { domainRow, type DomainRow } from '../engine/report.js';
import { worstExitCode } from '../engine/summary.js';
import type { Check, CheckInput, Report } from '../engine/types.js';
import { checkReport } from './run-domain.js';
import { liveSource, withAuthoritative, type LiveGatherers, type NetworkSettings } from './sources/index.js';

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
  /** The run's gatherers, prepared once (prepareGatherers); each domain opens its own clients. */
  gatherers: LiveGatherers;
  strict: boolean;
  concurrency: number;
  authoritative?: { port?: (host: string) => number };
  /** Each report, in the order the domains finish; nothing of it is kept after (memory stays flat). */
  onReport(report: Report): void;
  onDomainDone?(row: DomainRow): void;
}

export interface ManyOutcome {
  /** One row per domain, in the order given. */
  rows: DomainRow[];
  /** The worst exit code over the domains: 1 beats 3 beats 0. */
  exitCode: number;
  durationMs: number;
}

/** Check every domain, at most `concurrency` at once. */
export async function runMany(run: ManyRun): Promise<ManyOutcome> {
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
  const rows: DomainRow[] = new Array(run.domains.length);
  let next = 0;

  const checkOne = async (domain: string): Promise<Report> => {
    // One set of clients per domain: SMTP probes are shared between that domain's checks only.
    let source = liveSource(run.network, run.gatherers, resolver);
    if (run.authoritative) source = await withAuthoritative(source, domain, run.network, run.authoritative.port);
    return checkReport({ domain, input: run.inputFor(domain), checks: run.checks, source, strict: run.strict, network: run.network });
  };

  const worker = async (): Promise<void> => {
    while (next < run.domains.length) {
      const index = next++;
      const report = await checkOne(run.domains[index]!);
      run.onReport(report);
      const row = domainRow(report);
      rows[index] = row;
      run.onDomainDone?.(row);
    }
  };
  await Promise.all(Array.from({ length: Math.min(run.concurrency, run.domains.length) }, worker));
  return { rows, exitCode: worstExitCode(rows.map((r) => r.exitCode)), durationMs: performance.now() - started };
}
