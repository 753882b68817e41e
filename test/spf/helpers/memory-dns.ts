// An in-memory DnsClient over a testbed Zone: NXDOMAIN vs NODATA, TIMEOUT, CNAME chains with loop detection, EBADNAME, latency.

import type { DnsClient, DnsRecord, DnsResult, DnsStatus, RRType } from '../../../src/dns/types.js';
import type { Zone, ZoneEntry } from '../../../src/testbed/dns-zone.js';

const MAX_CNAME_HOPS = 8;

export interface MemoryDnsOptions {
  /** Milliseconds before each answer (a slow network). */
  latencyMs?: number;
}

export interface QueryLog {
  name: string;
  type: RRType;
  /** Causal round: 1 + the highest round among queries already answered when this one was asked. */
  round: number;
}

export interface MemoryDns extends DnsClient {
  /** Every query asked, in order. */
  readonly log: QueryLog[];
  /** Most queries in flight at once. */
  readonly peakInFlight: number;
  /** Highest round: with latency, the number of sequential round trips the caller needed. */
  readonly rounds: number;
}

function normalise(name: string): string {
  const lower = name.toLowerCase();
  return lower.endsWith('.') ? lower.slice(0, -1) : lower;
}

/** What the real resolver refuses to ask (src/dns/names.ts validateName): it answers EBADNAME. */
function badName(name: string): boolean {
  if (name === '' || name.length > 253 || /[^\x20-\x7e]/.test(name)) return true;
  return name.split('.').some((label) => label === '' || label.length > 63);
}

function text(value: string | Buffer): string {
  return typeof value === 'string' ? value : value.toString('latin1');
}

function recordOf(owner: string, entry: Exclude<ZoneEntry, 'TIMEOUT'>): DnsRecord | undefined {
  const base = { name: owner, ttl: 3600 };
  if ('A' in entry) return { ...base, type: 'A', data: entry.A };
  if ('AAAA' in entry) return { ...base, type: 'AAAA', data: entry.AAAA.toLowerCase() };
  if ('CNAME' in entry) return { ...base, type: 'CNAME', data: normalise(entry.CNAME) };
  if ('PTR' in entry) return { ...base, type: 'PTR', data: normalise(entry.PTR) };
  if ('MX' in entry) {
    const [preference, exchange] = entry.MX;
    return { ...base, type: 'MX', data: { preference, exchange: exchange === '.' ? '' : normalise(exchange) } };
  }
  if ('TXT' in entry) {
    const value = entry.TXT;
    const strings = Array.isArray(value) ? value.map(text) : [text(value as string | Buffer)];
    return { ...base, type: 'TXT', data: strings };
  }
  return undefined;
}

interface Node {
  records: DnsRecord[];
  timeout: boolean;
}

function compile(zone: Zone): Map<string, Node> {
  const nodes = new Map<string, Node>();
  for (const [owner, entries] of Object.entries(zone)) {
    const name = normalise(owner);
    const node: Node = { records: [], timeout: false };
    for (const entry of entries) {
      if (entry === 'TIMEOUT') node.timeout = true;
      else {
        const record = recordOf(name, entry);
        if (record) node.records.push(record);
      }
    }
    nodes.set(name, node);
  }
  return nodes;
}

function result(question: { name: string; type: RRType }, status: DnsStatus, extra: Partial<DnsResult> = {}): DnsResult {
  return { question, status, records: [], cnames: [], canonicalName: question.name, ...extra };
}

/** Answers like a recursive resolver over `zone`; names not listed are NXDOMAIN (openspf convention). */
function answer(nodes: Map<string, Node>, qname: string, type: RRType): DnsResult {
  const question = { name: normalise(qname), type };
  if (badName(question.name)) return result(question, 'error', { code: 'EBADNAME' });
  const cnames: DnsRecord[] = [];
  const seen = new Set<string>();
  let name = question.name;
  for (;;) {
    const node = nodes.get(name);
    if (!node) return result(question, 'nxdomain', { cnames, canonicalName: name, rcode: 'NXDOMAIN' });
    const records = node.records.filter((r) => r.type === type);
    if (records.length > 0) return result(question, 'answer', { records, cnames, canonicalName: name, rcode: 'NOERROR' });
    const cname = type === 'CNAME' ? undefined : node.records.find((r) => r.type === 'CNAME');
    if (cname && cname.type === 'CNAME') {
      cnames.push(cname);
      seen.add(name);
      if (seen.has(cname.data) || cnames.length > MAX_CNAME_HOPS) return result(question, 'error', { cnames, code: 'ECNAMELOOP' });
      name = cname.data;
      continue;
    }
    if (node.timeout) return result(question, 'timeout', { cnames, canonicalName: name, code: 'ETIMEOUT' });
    return result(question, 'nodata', { cnames, canonicalName: name, rcode: 'NOERROR' });
  }
}

export function createMemoryDns(zone: Zone, options: MemoryDnsOptions = {}): MemoryDns {
  const nodes = compile(zone);
  const log: QueryLog[] = [];
  let inFlight = 0;
  let peakInFlight = 0;
  let answeredRound = 0;
  let rounds = 0;
  return {
    log,
    get peakInFlight() {
      return peakInFlight;
    },
    get rounds() {
      return rounds;
    },
    async query(name, type) {
      const round = answeredRound + 1;
      rounds = Math.max(rounds, round);
      log.push({ name, type, round });
      inFlight++;
      peakInFlight = Math.max(peakInFlight, inFlight);
      if (options.latencyMs) await new Promise((resolve) => setTimeout(resolve, options.latencyMs));
      else await Promise.resolve();
      inFlight--;
      answeredRound = Math.max(answeredRound, round);
      return answer(nodes, name, type);
    },
  };
}
