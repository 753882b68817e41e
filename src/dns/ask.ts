// One question to the configured servers: attempts with failover, UDP then TCP on truncation, the outcome classified.
import { encodeQuery, rcodeToCode, rejectsEdns, toDnsRecords, type DecodedMessage, type EncodedQuery } from './packet.js';
import { formatServer } from './servers.js';
import { tcpQuery } from './tcp.js';
import type { TransportOutcome } from './transport.js';
import type { DnsExchange, DnsQuestion, DnsRecord, DnsStatus, ServerAddress } from './types.js';
import { udpQuery } from './udp.js';

export interface AskConfig {
  servers: readonly ServerAddress[];
  /** Per attempt. */
  timeoutMs: number;
  /** Attempts = retries + 1; a timeout uses one up. */
  retries: number;
  recursionDesired: boolean;
  /** Milliseconds since the client was created. */
  clock: () => number;
  record: (exchange: DnsExchange) => void;
}

/** A response that settles the question for this name: NOERROR (records or none) or NXDOMAIN. */
export interface HopResponse {
  kind: 'response';
  rcode: string;
  answers: DnsRecord[];
  authorities: DnsRecord[];
  server: string;
  transport: 'udp' | 'tcp';
  authoritative: boolean;
}

export interface HopFailure {
  kind: 'failure';
  status: Exclude<DnsStatus, 'answer' | 'nodata' | 'nxdomain'>;
  code: string;
  reason: string;
  rcode?: string;
  server?: string;
  transport?: 'udp' | 'tcp';
}

export type HopResult = HopResponse | HopFailure | { kind: 'aborted' };

/** Why one attempt did not settle the question. */
interface AttemptFailure {
  server: string;
  kind: 'timeout' | 'rcode' | 'malformed' | 'socket' | 'referral';
  code: string;
  detail: string;
  rcode?: string;
  transport?: 'udp' | 'tcp';
}

/**
 * Asks until a server settles the question or the budget is spent. Servers are tried in turn (failover).
 * A timeout uses up one of the `retries + 1` attempts; a fast failure (SERVFAIL, REFUSED, malformed,
 * socket error, referral) moves on to the next server without using one, but at most
 * `attempts × servers` tries are made and all of them share one deadline of `attempts × timeoutMs`,
 * so a run with dead and failing servers still ends in about the time the user configured.
 */
export async function askServers(question: DnsQuestion, config: AskConfig, signal?: AbortSignal): Promise<HopResult> {
  const { servers, timeoutMs } = config;
  const attempts = config.retries + 1;
  const deadline = config.clock() + attempts * timeoutMs;
  const maxTries = attempts * servers.length;
  const failures: AttemptFailure[] = [];
  let timeoutsUsed = 0;

  for (let tries = 0; tries < maxTries && timeoutsUsed < attempts; tries++) {
    const remaining = deadline - config.clock();
    if (remaining <= 0) break;
    const server = servers[tries % servers.length];
    if (server === undefined) break;
    const query = encodeQuery(question, { recursionDesired: config.recursionDesired });
    const result = await attempt(server, query, Math.min(timeoutMs, remaining), deadline, config, signal);
    if (result.kind === 'aborted') return result;
    if (result.kind === 'response') return result;
    if (result.kind === 'timeout') timeoutsUsed++;
    failures.push(result);
  }
  return summarise(failures, config);
}

/**
 * UDP first; a server without EDNS is asked again without it (RFC 6891 §7); a TC=1 answer is asked again
 * over TCP to the same server (RFC 7766 §5).
 */
async function attempt(
  server: ServerAddress,
  firstQuery: EncodedQuery,
  udpTimeoutMs: number,
  deadline: number,
  config: AskConfig,
  signal: AbortSignal | undefined,
): Promise<HopResponse | AttemptFailure | { kind: 'aborted' }> {
  const name = formatServer(server);
  let query = firstQuery;
  let startMs = config.clock();
  let udp = await udpQuery({ server, query, timeoutMs: udpTimeoutMs, signal });
  if (query.edns && udp.kind === 'response' && rejectsEdns(udp.message) && deadline - config.clock() > 0) {
    config.record(toExchange(query, name, 'udp', startMs, udp, false));
    // Without EDNS the answer is limited to 512 octets; a larger one comes truncated and goes over TCP below.
    query = encodeQuery(query.question, { recursionDesired: query.recursionDesired, edns: false });
    startMs = config.clock();
    udp = await udpQuery({ server, query, timeoutMs: Math.max(1, Math.min(udpTimeoutMs, deadline - startMs)), signal });
  }
  const truncated = udp.kind === 'response' && udp.message.flag_tc;
  config.record(toExchange(query, name, 'udp', startMs, udp, truncated));
  if (!truncated) return classify(udp, name, 'udp');

  startMs = config.clock();
  const tcpTimeoutMs = Math.max(1, Math.min(config.timeoutMs, deadline - startMs));
  const tcp = await tcpQuery({ server, query, timeoutMs: tcpTimeoutMs, signal });
  config.record(toExchange(query, name, 'tcp', startMs, tcp, false));
  return classify(tcp, name, 'tcp');
}

function classify(outcome: TransportOutcome, server: string, transport: 'udp' | 'tcp'): HopResponse | AttemptFailure | { kind: 'aborted' } {
  switch (outcome.kind) {
    case 'aborted':
      return { kind: 'aborted' };
    case 'timeout':
      return { server, kind: 'timeout', code: 'ETIMEOUT', detail: 'no answer', transport };
    case 'malformed':
      return { server, kind: 'malformed', code: 'EBADRESP', detail: outcome.error, transport };
    case 'socket-error':
      return { server, kind: 'socket', code: outcome.code, detail: outcome.error, transport };
    case 'response':
      return classifyResponse(outcome.message, server, transport);
  }
}

function classifyResponse(message: DecodedMessage, server: string, transport: 'udp' | 'tcp'): HopResponse | AttemptFailure {
  const { rcode } = message;
  if (rcode !== 'NOERROR' && rcode !== 'NXDOMAIN') {
    return { server, kind: 'rcode', code: rcodeToCode(rcode), detail: rcode, rcode, transport };
  }
  const answers = toDnsRecords(message.answers);
  const authorities = toDnsRecords(message.authorities);
  // RFC 2308 §2.2: no answer, NS but no SOA in the authority section and not authoritative is a referral,
  // not NODATA: this server is neither recursive nor authoritative for the name. Never judge it as absence.
  if (rcode === 'NOERROR' && answers.length === 0 && !message.flag_aa &&
      authorities.some((r) => r.type === 'NS') && !authorities.some((r) => r.type === 'SOA')) {
    const to = authorities.find((r) => r.type === 'NS');
    const target = to && to.type === 'NS' ? to.data : '?';
    return { server, kind: 'referral', code: 'EREFERRAL', detail: `a referral to ${target}`, rcode, transport };
  }
  return { kind: 'response', rcode, answers, authorities, server, transport, authoritative: message.flag_aa };
}

function toExchange(
  query: EncodedQuery,
  server: string,
  transport: 'udp' | 'tcp',
  startMs: number,
  outcome: TransportOutcome,
  truncated: boolean,
): DnsExchange {
  const exchange: DnsExchange = {
    question: { ...query.question },
    server,
    transport,
    startMs: round(startMs),
    elapsedMs: round(outcome.elapsedMs),
    outcome: outcome.kind === 'response' ? (truncated ? 'truncated' : 'response') : outcome.kind,
  };
  if (!query.edns) exchange.edns = false;
  if (outcome.ignored > 0) exchange.ignored = outcome.ignored;
  if (outcome.kind === 'response') {
    const m = outcome.message;
    exchange.rcode = m.rcode;
    exchange.flags = { aa: m.flag_aa, tc: m.flag_tc, ra: m.flag_ra };
    exchange.answers = toDnsRecords(m.answers);
    exchange.authorities = toDnsRecords(m.authorities);
  } else if (outcome.kind === 'malformed') {
    exchange.error = outcome.error;
  } else if (outcome.kind === 'socket-error') {
    exchange.error = `${outcome.code}: ${outcome.error}`;
  }
  return exchange;
}

function round(ms: number): number {
  return Math.round(ms * 10) / 10;
}

/** Turns the failed attempts into one status, code and plain-English reason saying what was tried. */
function summarise(failures: readonly AttemptFailure[], config: AskConfig): HopFailure {
  const last = failures[failures.length - 1];
  if (last === undefined) {
    return { kind: 'failure', status: 'timeout', code: 'ETIMEOUT', reason: 'no attempt could be made within the time budget' };
  }
  // A server's own words beat silence: SERVFAIL, then REFUSED, then other rcodes, then silence, then the rest.
  const pick =
    failures.find((f) => f.rcode === 'SERVFAIL') ??
    failures.find((f) => f.rcode === 'REFUSED') ??
    failures.find((f) => f.kind === 'rcode' || f.kind === 'referral') ??
    failures.find((f) => f.kind === 'timeout') ??
    failures.find((f) => f.kind === 'malformed') ??
    last;
  const status: HopFailure['status'] =
    pick.rcode === 'SERVFAIL' ? 'servfail' : pick.rcode === 'REFUSED' ? 'refused' : pick.kind === 'timeout' ? 'timeout' : 'error';
  const result: HopFailure = { kind: 'failure', status, code: pick.code, reason: describe(failures, config.timeoutMs), server: pick.server };
  if (pick.rcode !== undefined) result.rcode = pick.rcode;
  if (pick.transport !== undefined) result.transport = pick.transport;
  return result;
}

function describe(failures: readonly AttemptFailure[], timeoutMs: number): string {
  const groups = new Map<string, { failure: AttemptFailure; count: number }>();
  for (const f of failures) {
    const key = `${f.server}\u0000${f.kind}\u0000${f.code}\u0000${f.detail}`;
    const group = groups.get(key);
    if (group) group.count++;
    else groups.set(key, { failure: f, count: 1 });
  }
  const parts: string[] = [];
  for (const { failure: f, count } of groups.values()) {
    const times = `${count} attempt${count === 1 ? '' : 's'}`;
    switch (f.kind) {
      case 'timeout':
        parts.push(`no answer from ${f.server} after ${times} of ${timeoutMs} ms`);
        break;
      case 'rcode':
        parts.push(`${f.detail} from ${f.server} (${times})`);
        break;
      case 'referral':
        parts.push(`${f.server} answered with ${f.detail} instead of an answer (${times}); it is neither a recursive resolver nor authoritative for the name`);
        break;
      case 'malformed':
        parts.push(`malformed response from ${f.server} (${times}): ${f.detail}`);
        break;
      case 'socket':
        parts.push(`${f.code} from ${f.server} (${times}): ${f.detail}`);
        break;
    }
  }
  return parts.join('; ');
}
