// The DNS source: the one resolver (live, recording), the replay client, and --authoritative's zone servers in front of the resolver.
import { connectAuthoritative, type AuthoritativeEvidence, type AuthoritativeView } from '../../dns/authoritative.js';
import { createResolver } from '../../dns/resolver.js';
import type { DnsClient, DnsExchange, DnsResult, ServerAddress } from '../../dns/types.js';

export interface NetworkSettings {
  servers: ServerAddress[];
  timeoutMs: number;
  retries: number;
}

/** What the DNS side of a live run heard, for --save-evidence. */
export interface DnsRecording {
  lookups(): DnsResult[];
  readonly exchanges: readonly DnsExchange[];
}

/** The live resolver of one run, recording every lookup and exchange. */
export function liveDns(network: NetworkSettings): DnsClient & DnsRecording {
  return createResolver({ servers: network.servers, timeoutMs: network.timeoutMs, retries: network.retries });
}

export interface AuthoritativeDns {
  dns: DnsClient;
  view: AuthoritativeView;
  /** What the checks asked, from the authoritative-first client or the recursive resolver that served them. */
  record?: DnsRecording;
  evidence(): AuthoritativeEvidence;
}

/**
 * `--authoritative`: finds the domain's zone and name servers with the recursive resolver, then gives the
 * checks the authoritative-first client (or, when no server can be used, the recursive one, and the view
 * says why). Never fails for network reasons.
 */
export async function authoritativeDns(
  domain: string,
  recursive: DnsClient,
  recording: DnsRecording | undefined,
  network: { timeoutMs: number; retries: number },
  /** The port to ask a name-server address on (default 53); tests give loopback servers another one. */
  port?: (host: string) => number,
): Promise<AuthoritativeDns> {
  const setup = await connectAuthoritative(domain, recursive, { timeoutMs: network.timeoutMs, retries: network.retries, ...(port ? { port } : {}) });
  const out: AuthoritativeDns = { dns: setup.dns, view: setup.view, evidence: () => setup.evidence() };
  if (recording) {
    out.record = {
      lookups: () => setup.lookups() ?? recording.lookups(),
      get exchanges() {
        return recording.exchanges;
      },
    };
  }
  return out;
}

/** One phrase for the subtitle and the report's input: where the answers came from under --authoritative. */
export function authoritativeSummary(view: AuthoritativeView): { zone?: string; servers: string[]; fallback?: string } {
  return {
    ...(view.zone === undefined ? {} : { zone: view.zone }),
    servers: view.servers.map((s) => s.label),
    ...(view.fallback === undefined ? {} : { fallback: view.fallback }),
  };
}
