// --authoritative: one client per name-server address of the domain's zone (RD=0), and the authoritative-first client the checks ask.
import { createReplayClient } from './replay.js';
import { createResolver, DEFAULTS, type Resolver } from './resolver.js';
import { normaliseName, validateName } from './names.js';
import { compareSerials } from './serial.js';
import { DNS_PORT, formatServer } from './servers.js';
import { RR_TYPES, type DnsClient, type DnsExchange, type DnsQuestion, type DnsRecord, type DnsResult, type QueryOptions, type RRType } from './types.js';
import { discoverZone, type NameServerAddress } from './zone-discovery.js';

/** One authoritative server address, and a client that asks it alone. */
export interface AuthoritativeServer {
  /** The name server's name, from the zone's NS records. */
  name: string;
  /** The address asked (A or AAAA of the name). */
  host: string;
  port: number;
  /** `ns1.example.com (192.0.2.53)`, the port shown only when it is not 53: how messages name the server. */
  label: string;
  /**
   * Questions to this server alone, RD=0. Names in the zone get the server's own answer (CNAMEs inside
   * the zone followed on the same server); a chain that leaves the zone, and a name delegated away (a
   * referral), is finished by the recursive client. An answer without the AA bit is not a fact about the
   * zone: it comes back as `error` with code ENOTAUTH (a lame server).
   */
  client: DnsClient;
}

/** What `--authoritative` found, for the checks (`ctx.authoritative`). */
export interface AuthoritativeView {
  /** The zone apex the domain is in, when it was found. */
  zone?: string;
  /** Its name-server addresses (at most MAX_AUTHORITATIVE_SERVERS), NS names in alphabetical order. */
  servers: AuthoritativeServer[];
  /** NS names without a usable address (dangling or unresolvable): lame delegations. */
  unresolved: { name: string; reason: string }[];
  /** Addresses left out by the bound. */
  omitted: number;
  /** Set when the checks did not get authoritative answers and judged the recursive resolver's instead: why. */
  fallback?: string;
}

/** The `authoritative` section of the evidence file: enough to rebuild the view and replay every server's answers. */
export interface AuthoritativeEvidence {
  zone?: string;
  fallback?: string;
  unresolved: { name: string; reason: string }[];
  omitted: number;
  /** The recursive lookups that found the zone: the SOA walk, the NS records, the servers' addresses. */
  discovery: DnsResult[];
  /** Each server's answers (what `client` returned, by question) and the packets behind them. */
  servers: { name: string; host: string; port: number; lookups: DnsResult[]; exchanges: DnsExchange[] }[];
}

export interface AuthoritativeSetup {
  view: AuthoritativeView;
  /** The client for the checks: authoritative-first, or the recursive client itself when `view.fallback` is set. */
  dns: DnsClient;
  /** What the checks asked `dns` and got (one result per question), or undefined when `dns` is the recursive client. */
  lookups(): DnsResult[] | undefined;
  evidence(): AuthoritativeEvidence;
}

export interface AuthoritativeOptions {
  /** Per attempt and attempts after a timeout, as for the recursive resolver. */
  timeoutMs: number;
  retries: number;
  /** The port to ask an address on; default 53 (tests give loopback servers another one). */
  port?: (host: string) => number;
  maxServers?: number;
  signal?: AbortSignal;
}

interface Member extends AuthoritativeServer {
  resolver: Resolver;
  recorded: Recorder;
}

type HopOutcome = { kind: 'result'; result: DnsResult } | { kind: 'delegated' };

const isFact = (r: DnsResult): boolean => r.status === 'answer' || r.status === 'nodata' || r.status === 'nxdomain';

export function inZone(name: string, zone: string): boolean {
  return name === zone || name.endsWith(`.${zone}`);
}

export function serverLabel(name: string, host: string, port: number): string {
  return `${name} (${port === DNS_PORT ? host : formatServer({ host, port })})`;
}

/**
 * Finds the zone and its servers through `recursive`, asks every server for the zone's SOA, and returns
 * the clients. Never throws for network reasons: a zone or servers that cannot be found, or servers that
 * all stay silent, give a view with `fallback` set and the recursive client for the checks.
 */
export async function connectAuthoritative(domain: string, recursive: DnsClient, options: AuthoritativeOptions): Promise<AuthoritativeSetup> {
  const signal = options.signal;
  const found = await discoverZone(domain, recursive, { ...(signal ? { signal } : {}), ...(options.maxServers ? { maxServers: options.maxServers } : {}) });
  if (!found.ok) {
    const view: AuthoritativeView = { servers: [], unresolved: [], omitted: 0, fallback: `the zone of ${normaliseName(domain)} could not be found: ${found.problem}` };
    return recursiveOnly(view, recursive, found.lookups, []);
  }
  const { zone } = found;
  const members = found.servers.map((ns) => member(ns, zone, recursive, options));
  const view: AuthoritativeView = { zone, servers: members.map(publicPart), unresolved: found.unresolved, omitted: found.omitted };

  // Who answers for the zone, and the newest serial first: the checks judge the newest data.
  const soas = await Promise.all(members.map((m) => m.client.query(zone, 'SOA', signal ? { signal } : {})));
  const answering = members
    .map((m, i) => ({ m, serial: soaSerial(soas[i], zone) }))
    .filter((x): x is { m: Member; serial: number } => x.serial !== undefined)
    .sort((a, b) => compareSerials(b.serial, a.serial));
  if (answering.length === 0) {
    const why = members.map((m, i) => `${m.label}: ${soas[i]?.reason ?? soas[i]?.status ?? 'no answer'}`).join('; ');
    view.fallback = `none of the ${members.length} name-server address${members.length === 1 ? '' : 'es'} of ${zone} answered authoritatively for its SOA record (${why})`;
    return recursiveOnly(view, recursive, found.lookups, members);
  }

  const preferred = answering.map((a) => a.m);
  const recorded = recorder();
  const dns: DnsClient = {
    async query(name: string, type: RRType, queryOptions: QueryOptions = {}): Promise<DnsResult> {
      const result = await resolveAcross(name, type, zone, recursive, queryOptions.signal, (hopName) => firstAuthoritative(preferred, hopName, type, zone, queryOptions.signal));
      recorded.note(result);
      return result;
    },
  };
  return { view, dns, lookups: () => recorded.lookups(), evidence: () => evidenceOf(view, found.lookups, members) };
}

/** The view of a saved run: the same zone and servers, each answering from its saved lookups. */
export function viewFromEvidence(evidence: AuthoritativeEvidence): AuthoritativeView {
  const view: AuthoritativeView = {
    servers: evidence.servers.map((s) => ({
      name: s.name,
      host: s.host,
      port: s.port,
      label: serverLabel(s.name, s.host, s.port),
      client: createReplayClient(s.lookups),
    })),
    unresolved: evidence.unresolved ?? [],
    omitted: evidence.omitted ?? 0,
  };
  if (evidence.zone !== undefined) view.zone = evidence.zone;
  if (evidence.fallback !== undefined) view.fallback = evidence.fallback;
  return view;
}

function member(ns: NameServerAddress, zone: string, recursive: DnsClient, options: AuthoritativeOptions): Member {
  const port = options.port?.(ns.host) ?? DNS_PORT;
  // maxCnameHops 0: the resolver stops at the first CNAME and this module decides where the chain goes on.
  const resolver = createResolver({
    servers: [{ host: ns.host, port }],
    recursionDesired: false,
    maxCnameHops: 0,
    timeoutMs: options.timeoutMs,
    retries: options.retries,
    ...(options.signal ? { signal: options.signal } : {}),
  });
  const recorded = recorder();
  const label = serverLabel(ns.name, ns.host, port);
  const client: DnsClient = {
    async query(name: string, type: RRType, queryOptions: QueryOptions = {}): Promise<DnsResult> {
      const result = await resolveAcross(name, type, zone, recursive, queryOptions.signal, (hopName) => askServer(resolver, label, hopName, type, zone, queryOptions.signal));
      recorded.note(result);
      return result;
    },
  };
  return { name: ns.name, host: ns.host, port, label, client, resolver, recorded };
}

function publicPart(m: Member): AuthoritativeServer {
  return { name: m.name, host: m.host, port: m.port, label: m.label, client: m.client };
}

function recursiveOnly(view: AuthoritativeView, recursive: DnsClient, discovery: DnsResult[], members: Member[]): AuthoritativeSetup {
  return { view, dns: recursive, lookups: () => undefined, evidence: () => evidenceOf(view, discovery, members) };
}

function evidenceOf(view: AuthoritativeView, discovery: DnsResult[], members: Member[]): AuthoritativeEvidence {
  const evidence: AuthoritativeEvidence = {
    unresolved: view.unresolved,
    omitted: view.omitted,
    discovery: structuredClone(discovery),
    servers: members.map((m) => ({ name: m.name, host: m.host, port: m.port, lookups: m.recorded.lookups(), exchanges: [...m.resolver.exchanges] })),
  };
  if (view.zone !== undefined) evidence.zone = view.zone;
  if (view.fallback !== undefined) evidence.fallback = view.fallback;
  return evidence;
}

/** The serial of an authoritative SOA answer at the apex, or undefined when the server did not give one. */
export function soaSerial(result: DnsResult | undefined, zone: string): number | undefined {
  if (result === undefined || result.status !== 'answer' || result.authoritative !== true) return undefined;
  const soa = result.records.find((r) => r.type === 'SOA' && r.name === zone);
  return soa?.type === 'SOA' ? soa.data.serial : undefined;
}

/** The resolver (maxCnameHops 0) stopped at one CNAME: the answer is that CNAME, its target not asked yet. */
function isCnameStep(r: DnsResult): boolean {
  return r.status === 'error' && r.code === 'ECNAMELOOP' && r.cnames.length === 1 && r.canonicalName !== r.question.name;
}

/**
 * One in-zone question to one server, CNAMEs not followed. A referral below the apex means the name is
 * delegated away (RFC 1034 §4.3.2: a zone cut); at the apex it means the server does not serve the zone.
 */
async function askServer(resolver: Resolver, label: string, name: string, type: RRType, zone: string, signal: AbortSignal | undefined): Promise<HopOutcome> {
  const r = await resolver.query(name, type, signal ? { signal } : {});
  if (isFact(r) || isCnameStep(r)) return { kind: 'result', result: r.authoritative === true ? r : notAuthoritative(r, label, zone) };
  if (r.code === 'EREFERRAL' && name !== zone) return { kind: 'delegated' };
  return { kind: 'result', result: r };
}

/** The first server, newest serial first, that answers authoritatively; a zone cut goes to the recursive path. */
async function firstAuthoritative(servers: readonly Member[], name: string, type: RRType, zone: string, signal: AbortSignal | undefined): Promise<HopOutcome> {
  const failures: { label: string; result: DnsResult }[] = [];
  for (const s of servers) {
    const outcome = await askServer(s.resolver, s.label, name, type, zone, signal);
    if (outcome.kind === 'delegated' || isFact(outcome.result) || isCnameStep(outcome.result) || outcome.result.code === 'ECANCELLED') return outcome;
    failures.push({ label: s.label, result: outcome.result });
  }
  const first = failures[0]?.result;
  const result: DnsResult = {
    question: { name, type },
    status: first?.status ?? 'error',
    records: [],
    cnames: [],
    canonicalName: name,
    code: first?.code ?? 'ENOTAUTH',
    reason: `none of the zone's authoritative servers answered: ${failures.map((f) => `${f.label}: ${f.result.reason ?? f.result.status}`).join('; ')}`,
  };
  return { kind: 'result', result };
}

function notAuthoritative(r: DnsResult, label: string, zone: string): DnsResult {
  const result: DnsResult = {
    question: { ...r.question },
    status: 'error',
    records: [],
    cnames: [],
    canonicalName: r.question.name,
    code: 'ENOTAUTH',
    reason: `${label} answered without the authoritative-answer (AA) bit: it does not serve the zone ${zone} itself (a lame delegation), so its answer says nothing about the zone`,
    authoritative: false,
  };
  if (r.rcode !== undefined) result.rcode = r.rcode;
  if (r.server !== undefined) result.server = r.server;
  if (r.transport !== undefined) result.transport = r.transport;
  return result;
}

/**
 * Resolves a question hop by hop: names inside the zone through `hop` (authoritative servers), names
 * outside it (and delegated ones) through the recursive client, which finishes the chain on its own.
 * The result reads like the recursive resolver's: the whole CNAME chain, the records at its end.
 */
async function resolveAcross(
  rawName: string,
  type: RRType,
  zone: string,
  recursive: DnsClient,
  signal: AbortSignal | undefined,
  hop: (name: string) => Promise<HopOutcome>,
): Promise<DnsResult> {
  const options = signal ? { signal } : {};
  // Names that cannot be asked are refused by the recursive client, with its wording.
  if (validateName(String(rawName)) !== undefined || !(RR_TYPES as readonly string[]).includes(type)) return recursive.query(rawName, type, options);
  const question: DnsQuestion = { name: normaliseName(rawName), type };
  const cnames: DnsRecord[] = [];
  const seen = new Set([question.name]);
  let current = question.name;
  for (;;) {
    let result: DnsResult;
    let step = false;
    if (inZone(current, zone)) {
      const outcome = await hop(current);
      if (outcome.kind === 'delegated') {
        result = await recursive.query(current, type, options);
      } else {
        result = outcome.result;
        step = isCnameStep(result);
      }
    } else {
      result = await recursive.query(current, type, options);
    }
    if (!step) return compose(question, cnames, result);
    const cname = result.cnames[0]!;
    cnames.push(cname);
    const target = result.canonicalName;
    if (seen.has(target)) return chainError(question, cnames, target, result, `CNAME loop: ${[...cnames.map((c) => c.name), target].join(' -> ')}`);
    if (cnames.length > DEFAULTS.maxCnameHops) {
      return chainError(question, cnames, target, result, `CNAME chain longer than ${DEFAULTS.maxCnameHops} hops, starting ${cnames.slice(0, 3).map((c) => c.name).join(' -> ')} -> ...`);
    }
    seen.add(target);
    current = target;
  }
}

/** The last hop's result with the CNAMEs that led to it in front (TTLs and reasons as chain.ts gives them). */
function compose(question: DnsQuestion, prefix: DnsRecord[], r: DnsResult): DnsResult {
  if (prefix.length === 0) return { ...r, question: { ...question } };
  const out: DnsResult = { ...r, question: { ...question }, cnames: [...prefix, ...r.cnames] };
  if (isFact(r)) {
    if (r.ttl !== undefined) out.ttl = Math.min(r.ttl, ...prefix.map((c) => c.ttl));
  } else {
    out.reason = `following the CNAME to ${r.question.name}: ${r.reason ?? r.status}`;
  }
  return out;
}

function chainError(question: DnsQuestion, cnames: DnsRecord[], target: string, last: DnsResult, reason: string): DnsResult {
  const result: DnsResult = { question: { ...question }, status: 'error', records: [], cnames: [...cnames], canonicalName: target, code: 'ECNAMELOOP', reason };
  if (last.server !== undefined) result.server = last.server;
  if (last.authoritative !== undefined) result.authoritative = last.authoritative;
  return result;
}

interface Recorder {
  note(result: DnsResult): void;
  lookups(): DnsResult[];
}

/** One result per question, the first one, as the live resolver keeps them: what `--save-evidence` writes and replay answers. */
function recorder(): Recorder {
  const results = new Map<string, DnsResult>();
  return {
    note(result) {
      const key = `${result.question.type} ${result.question.name}`;
      // An aborted lookup is no fact about anything: the next asker's result is the one to keep.
      if (!results.has(key) && result.code !== 'ECANCELLED') results.set(key, structuredClone(result));
    },
    lookups: () => [...results.values()].map((r) => structuredClone(r)),
  };
}
