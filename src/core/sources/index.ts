// A run's sources: DNS plus every gatherer, opened live (recording) or from a saved evidence file; the registry of gatherers.
import type { AuthoritativeEvidence, AuthoritativeView } from '../../dns/authoritative.js';
import { viewFromEvidence } from '../../dns/authoritative.js';
import { createReplayClient } from '../../dns/replay.js';
import { formatServer } from '../../dns/servers.js';
import type { DnsClient } from '../../dns/types.js';
import type { SourceClients, SourceName } from '../../engine/sources.js';
import type { CheckInput } from '../../engine/types.js';
import type { EvidenceFile, EvidenceSections } from '../../evidence/file.js';
import { ok, type Result } from '../../util/result.js';
import { authoritativeDns, liveDns, type DnsRecording, type NetworkSettings } from './dns.js';
import type { Gatherer, LiveSettings } from './gatherer.js';
import { cpanelGatherer } from './cpanel.js';
import { httpsGatherer } from './https.js';
import { m365Gatherer } from './m365.js';
import { smtpGatherer } from './smtp.js';

export type { LiveSettings } from './gatherer.js';
export type { NetworkSettings } from './dns.js';

/** Every source beside DNS: adding one is one file and one line here. */
export const GATHERERS: readonly Gatherer<SourceName>[] = [smtpGatherer, httpsGatherer, m365Gatherer, cpanelGatherer];

/** Where a run's answers come from: the clients the checks ask, and the recordings --save-evidence keeps. */
export interface Source {
  dns: DnsClient;
  /** The clients of the other sources this run has (a source not given is absent: the checks needing it skip). */
  clients: Partial<SourceClients>;
  /** Where answers come from, for the report's subtitle and the evidence. */
  resolvers: string[];
  now: Date;
  replayed: boolean;
  /** The live resolver's record of the run, for --save-evidence. */
  record?: DnsRecording;
  /** The live gatherers' recordings, each filling its own sections of the evidence file. */
  recordings: (() => Partial<EvidenceSections>)[];
  /** `--authoritative`: the zone's servers, for the checks (ctx.authoritative) and the report. */
  authoritative?: AuthoritativeView;
  /** The live authoritative clients' record of the run, for --save-evidence. */
  authoritativeRecord?: { evidence(): AuthoritativeEvidence };
}

/** Opens the live clients of every gatherer the run was given, once per domain. */
export type LiveGatherers = () => Pick<Source, 'clients' | 'recordings'>;

/** Prepare every gatherer once for the run; the first refusal (bad input named by a source's option) wins. */
export async function prepareGatherers(settings: LiveSettings): Promise<Result<LiveGatherers>> {
  const openers: [SourceName, () => { client: unknown; record: Source['recordings'][number] }][] = [];
  for (const gatherer of GATHERERS) {
    const prepared = await gatherer.prepare(settings);
    if (!prepared.ok) return prepared;
    if (prepared.value !== undefined) openers.push([gatherer.name, prepared.value]);
  }
  return ok(() => {
    const clients: Partial<Record<SourceName, unknown>> = {};
    const recordings: Source['recordings'] = [];
    for (const [name, open] of openers) {
      const live = open();
      clients[name] = live.client;
      recordings.push(live.record);
    }
    return { clients: clients as Partial<SourceClients>, recordings };
  });
}

/**
 * Answers from the network: `dns` (one domain's recording resolver when not given, or the resolver many
 * domains share) and the gatherers' live clients.
 */
export function liveSource(network: NetworkSettings, gatherers: LiveGatherers, dns?: DnsClient): Source {
  const resolvers = network.servers.map(formatServer);
  if (dns) return { dns, ...gatherers(), resolvers, now: new Date(), replayed: false };
  const resolver = liveDns(network);
  return { dns: resolver, ...gatherers(), resolvers, now: new Date(), replayed: false, record: resolver };
}

/** `--authoritative` in front of a live source: the zone's own servers answer the checks. */
export async function withAuthoritative(
  source: Source,
  domain: string,
  network: { timeoutMs: number; retries: number },
  port?: (host: string) => number,
): Promise<Source> {
  const auth = await authoritativeDns(domain, source.dns, source.record, network, port);
  const out: Source = { ...source, dns: auth.dns, authoritative: auth.view, authoritativeRecord: auth };
  if (auth.record) out.record = auth.record;
  return out;
}

/** Answers from a saved evidence file, judged as of the moment it was recorded. */
export function replaySource(evidence: EvidenceFile, input: CheckInput): Source {
  const clients: Partial<Record<SourceName, unknown>> = {};
  for (const gatherer of GATHERERS) {
    const client = gatherer.replay(evidence, input);
    if (client !== undefined) clients[gatherer.name] = client;
  }
  const source: Source = {
    dns: createReplayClient(evidence.dns.lookups),
    clients: clients as Partial<SourceClients>,
    resolvers: evidence.resolvers,
    now: new Date(evidence.startedAt),
    replayed: true,
    recordings: [],
  };
  if (evidence.authoritative) source.authoritative = viewFromEvidence(evidence.authoritative);
  return source;
}
