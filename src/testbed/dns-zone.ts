// The testbed's zone data: validation, and answering one question as a recursive resolver or an authoritative server would.
import { isIP } from 'node:net';
import type { Answer } from 'dns-packet';

/** One record at an owner name, in the fixtures' short form, or 'TIMEOUT' (openspf test-suite convention). */
export type ZoneEntry =
  | (ZoneRecord & { ttl?: number })
  | 'TIMEOUT';

export type ZoneRecord =
  | { A: string }
  | { AAAA: string }
  /** `'.'` or `''` is a null MX (RFC 7505). */
  | { MX: [preference: number, exchange: string] }
  /** One record; an array is one record of several character-strings (each at most 255 octets). */
  | { TXT: string | Buffer | ReadonlyArray<string | Buffer> }
  | { CNAME: string }
  | { NS: string }
  | { PTR: string }
  | { SRV: [priority: number, weight: number, port: number, target: string] }
  | { SOA: [mname: string, rname: string, serial: number, refresh: number, retry: number, expire: number, minimum: number] };

/** Owner name (case-insensitive, trailing dot optional) to its entries. */
export type Zone = Record<string, readonly ZoneEntry[]>;

export const DEFAULT_TTL = 3600;
/** How many CNAMEs the recursive mode follows before giving up; loops stop earlier, at the first repeat. */
export const MAX_CHAIN = 16;

type RecordType = 'A' | 'AAAA' | 'MX' | 'TXT' | 'CNAME' | 'NS' | 'PTR' | 'SRV' | 'SOA';
const TYPES: readonly RecordType[] = ['A', 'AAAA', 'MX', 'TXT', 'CNAME', 'NS', 'PTR', 'SRV', 'SOA'];

interface Node {
  records: Map<string, Answer[]>;
  /** A question for a type without records at this name gets no answer at all. */
  timeout: boolean;
}

export type ZoneAnswer =
  | { kind: 'drop' }
  | { kind: 'answer'; rcode: 'NOERROR' | 'NXDOMAIN'; answers: Answer[]; authorities: Answer[] };

/** Lower-case, no trailing dot: the server's own normalisation, independent of the client's under test. */
export function zoneName(name: string): string {
  const lower = name.toLowerCase();
  return lower.endsWith('.') ? lower.slice(0, -1) : lower;
}

export class CompiledZone {
  readonly #nodes = new Map<string, Node>();
  /** Owner names and all their ancestors: an ancestor without records is an empty non-terminal (RFC 8020). */
  readonly #existing = new Set<string>();

  /** Throws TypeError naming the owner and entry when the zone data is not valid. */
  constructor(zone: Zone) {
    for (const [owner, entries] of Object.entries(zone)) {
      const name = zoneName(owner);
      if (!Array.isArray(entries)) throw new TypeError(`zone: the entries of "${owner}" must be an array`);
      const node: Node = { records: new Map(), timeout: false };
      for (const entry of entries) {
        if (entry === 'TIMEOUT') {
          node.timeout = true;
          continue;
        }
        const answer = toAnswer(name, entry, owner);
        const list = node.records.get(answer.type) ?? [];
        list.push(answer);
        node.records.set(answer.type, list);
      }
      this.#nodes.set(name, node);
      const labels = name === '' ? [] : name.split('.');
      for (let i = 0; i <= labels.length; i++) this.#existing.add(labels.slice(i).join('.'));
    }
  }

  /**
   * Answers `name`/`type`. A CNAME answers every other type; `recursive` follows it inside the zone,
   * appending the target's records (RFC 1034 §4.3.2) and stopping at a loop or after MAX_CHAIN hops;
   * otherwise only the CNAME is returned. A negative answer carries the SOA of the closest enclosing zone.
   */
  answer(qname: string, qtype: string, recursive: boolean): ZoneAnswer {
    const answers: Answer[] = [];
    const visited = new Set<string>();
    let name = zoneName(qname);
    for (let hops = 0; ; hops++) {
      const node = this.#nodes.get(name);
      if (node === undefined) {
        // RFC 6604 §3: after a chain, the RCODE describes the last name.
        const rcode = this.#existing.has(name) ? 'NOERROR' : 'NXDOMAIN';
        return { kind: 'answer', rcode, answers, authorities: this.#soaFor(name) };
      }
      const own = node.records.get(qtype);
      if (own !== undefined && own.length > 0) {
        answers.push(...own.map(copyAnswer));
        return { kind: 'answer', rcode: 'NOERROR', answers, authorities: [] };
      }
      const cname = qtype === 'CNAME' ? undefined : node.records.get('CNAME')?.[0];
      if (cname !== undefined) {
        answers.push(copyAnswer(cname));
        visited.add(name);
        const target = zoneName(String(cname.type === 'CNAME' ? cname.data : ''));
        // Loops and over-long chains end here, answered with the chain so far: the server never spins.
        if (!recursive || visited.has(target) || hops + 1 >= MAX_CHAIN) {
          return { kind: 'answer', rcode: 'NOERROR', answers, authorities: [] };
        }
        name = target;
        continue;
      }
      if (node.timeout) return { kind: 'drop' };
      return { kind: 'answer', rcode: 'NOERROR', answers, authorities: this.#soaFor(name) };
    }
  }

  /** RFC 2308 §3: the zone's SOA, its TTL lowered to MINIMUM (§5), or nothing when the zone has none. */
  #soaFor(name: string): Answer[] {
    const labels = name === '' ? [] : name.split('.');
    for (let i = 0; i <= labels.length; i++) {
      const soa = this.#nodes.get(labels.slice(i).join('.'))?.records.get('SOA')?.[0];
      if (soa !== undefined && soa.type === 'SOA') {
        const minimum = soa.data.minimum ?? 0;
        return [{ ...soa, ttl: Math.min(soa.ttl ?? DEFAULT_TTL, minimum) }];
      }
    }
    return [];
  }
}

function copyAnswer(answer: Answer): Answer {
  // dns-packet's TXT encoder rewrites its data array in place: hand out copies.
  if (answer.type === 'TXT' && Array.isArray(answer.data)) return { ...answer, data: [...answer.data] };
  return { ...answer };
}

function toAnswer(name: string, entry: ZoneRecord & { ttl?: number }, owner: string): Answer {
  if (typeof entry !== 'object' || entry === null) throw new TypeError(`zone: "${owner}" has an entry that is neither a record nor 'TIMEOUT'`);
  const keys = Object.keys(entry).filter((k) => k !== 'ttl');
  const type = keys[0];
  if (keys.length !== 1 || type === undefined || !(TYPES as readonly string[]).includes(type)) {
    throw new TypeError(`zone: "${owner}" has an entry with keys ${JSON.stringify(Object.keys(entry))}; expected one of ${TYPES.join(', ')} (and ttl)`);
  }
  const ttl = entry.ttl ?? DEFAULT_TTL;
  if (!Number.isInteger(ttl) || ttl < 0 || ttl > 0x7fffffff) throw new TypeError(`zone: "${owner}" has a bad ttl ${String(entry.ttl)}`);
  const bad = (what: string): never => {
    throw new TypeError(`zone: "${owner}" ${type}: ${what}`);
  };
  const base = { name, ttl, class: 'IN' as const };
  const e = entry as Record<string, unknown>;
  const value = e[type];
  switch (type as RecordType) {
    case 'A':
    case 'AAAA':
    case 'CNAME':
    case 'NS':
    case 'PTR':
      if (typeof value !== 'string') bad('expected a string');
      if (type === 'A' && isIP(value as string) !== 4) bad(`"${String(value)}" is not an IPv4 address`);
      if (type === 'AAAA' && isIP(value as string) !== 6) bad(`"${String(value)}" is not an IPv6 address`);
      return { ...base, type: type as 'A' | 'AAAA' | 'CNAME' | 'NS' | 'PTR', data: hostOrRoot(value as string) };
    case 'MX': {
      const [preference, exchange] = Array.isArray(value) ? (value as unknown[]) : [];
      if (typeof preference !== 'number' || typeof exchange !== 'string') bad('expected [preference, exchange]');
      return { ...base, type: 'MX', data: { preference: preference as number, exchange: hostOrRoot(exchange as string) } };
    }
    case 'TXT': {
      const parts = (Array.isArray(value) ? value : [value]) as unknown[];
      const strings = parts.map((p) => {
        if (Buffer.isBuffer(p)) return p;
        if (typeof p !== 'string') return bad('expected a string, a Buffer or an array of them');
        // Latin1 when every char fits one octet, so the client's one-char-per-octet strings round-trip.
        return Buffer.from(p, /^[\u0000-\u00ff]*$/.test(p) ? 'latin1' : 'utf8');
      });
      for (const s of strings) if (s.length > 255) bad(`a character-string is ${s.length} octets, more than 255 (RFC 1035 §3.3); split it`);
      return { ...base, type: 'TXT', data: strings };
    }
    case 'SRV': {
      const [priority, weight, port, target] = Array.isArray(value) ? (value as unknown[]) : [];
      if (typeof priority !== 'number' || typeof weight !== 'number' || typeof port !== 'number' || typeof target !== 'string') {
        bad('expected [priority, weight, port, target]');
      }
      return { ...base, type: 'SRV', data: { priority: priority as number, weight: weight as number, port: port as number, target: hostOrRoot(target as string) } };
    }
    case 'SOA': {
      const v = Array.isArray(value) ? (value as unknown[]) : [];
      const [mname, rname, ...numbers] = v;
      if (typeof mname !== 'string' || typeof rname !== 'string' || numbers.length !== 5 || !numbers.every((n) => typeof n === 'number')) {
        bad('expected [mname, rname, serial, refresh, retry, expire, minimum]');
      }
      const [serial, refresh, retry, expire, minimum] = numbers as number[];
      return { ...base, type: 'SOA', data: { mname: mname as string, rname: rname as string, serial, refresh, retry, expire, minimum } };
    }
  }
}

/** `''` and `'.'` both mean the root (null MX, SRV "not available"); dns-packet encodes the root as '.'. */
function hostOrRoot(value: string): string {
  return value === '' || value === '.' ? '.' : value;
}
