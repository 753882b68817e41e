// Finds the zone a domain is in and its name servers' addresses, through the recursive client (for --authoritative).
import { normaliseName } from './names.js';
import type { DnsClient, DnsResult } from './types.js';

/** Most name-server addresses asked (a zone may list many; a handful shows whether they agree). */
export const MAX_AUTHORITATIVE_SERVERS = 8;

export interface NameServerAddress {
  /** The name server's name, from the zone's NS records. */
  name: string;
  /** One of its addresses (A or AAAA). */
  host: string;
}

export type ZoneDiscovery =
  | {
      ok: true;
      /** The zone's apex: the closest name at or above the domain that holds an SOA record. */
      zone: string;
      /** Up to MAX_AUTHORITATIVE_SERVERS addresses, spread over the names: every name's first address before any second one. */
      servers: NameServerAddress[];
      /** NS names without a usable address (dangling NS, lookups that failed): lame delegations. */
      unresolved: { name: string; reason: string }[];
      /** Addresses left out by the bound. */
      omitted: number;
      /** Every lookup made to find them, for the evidence. */
      lookups: DnsResult[];
    }
  | { ok: false; problem: string; lookups: DnsResult[] };

const isFact = (r: DnsResult): boolean => r.status === 'answer' || r.status === 'nodata' || r.status === 'nxdomain';

/**
 * Walks up from `domain` asking for SOA records: the first name that owns one itself (not through a
 * CNAME: an alias is never a zone apex, RFC 1034 §3.6.2) is the zone, so a subdomain that is its own
 * zone is found as such. A lookup that fails stops the walk: a zone is never guessed past missing data.
 * A name that does not exist is walked past (a new subdomain is answered by its parent zone's servers).
 * The walk stops below the top-level domain: a TLD's servers are not "the domain's" servers.
 */
export async function discoverZone(domain: string, recursive: DnsClient, options: { signal?: AbortSignal; maxServers?: number } = {}): Promise<ZoneDiscovery> {
  const lookups: DnsResult[] = [];
  const ask = async (name: string, type: 'SOA' | 'NS' | 'A' | 'AAAA'): Promise<DnsResult> => {
    const result = await recursive.query(name, type, options.signal ? { signal: options.signal } : {});
    lookups.push(result);
    return result;
  };
  const start = normaliseName(domain);
  let zone: string | undefined;
  for (let name = start; name.includes('.'); name = name.slice(name.indexOf('.') + 1)) {
    const soa = await ask(name, 'SOA');
    if (!isFact(soa)) return { ok: false, problem: `the SOA lookup of ${name} failed: ${soa.reason ?? soa.status}`, lookups };
    if (soa.cnames.length === 0 && soa.records.some((r) => r.type === 'SOA' && r.name === name)) {
      zone = name;
      break;
    }
  }
  if (zone === undefined) {
    const gone = lookups[0]?.status === 'nxdomain' ? `${start} does not exist (NXDOMAIN) and ` : '';
    return { ok: false, problem: `${gone}no zone apex (SOA record) was found at ${start} or above it, below the top-level domain`, lookups };
  }

  const ns = await ask(zone, 'NS');
  if (!isFact(ns)) return { ok: false, problem: `the NS lookup of the zone ${zone} failed: ${ns.reason ?? ns.status}`, lookups };
  const names = [...new Set(ns.records.flatMap((r) => (r.type === 'NS' && r.name === zone && r.data !== '' ? [r.data] : [])))].sort();
  if (names.length === 0) return { ok: false, problem: `the zone ${zone} has no NS records`, lookups };

  const resolved = await Promise.all(
    names.map(async (name) => {
      const [a, aaaa] = await Promise.all([ask(name, 'A'), ask(name, 'AAAA')]);
      const hosts = [...a.records, ...aaaa.records].flatMap((r) => (r.type === 'A' || r.type === 'AAAA' ? [r.data] : []));
      const failed = [a, aaaa].filter((r) => !isFact(r));
      const reason =
        failed.length > 0
          ? `its address lookups failed: ${failed.map((r) => `${r.question.type}: ${r.reason ?? r.status}`).join('; ')}`
          : `it has no A or AAAA records (${a.status === 'nxdomain' ? 'the name does not exist' : 'no addresses'})`;
      return { name, hosts: [...new Set(hosts)], reason };
    }),
  );
  const unresolved = resolved.filter((r) => r.hosts.length === 0).map(({ name, reason }) => ({ name, reason }));
  const usable = resolved.filter((r) => r.hosts.length > 0);
  if (usable.length === 0) {
    return { ok: false, problem: `none of the name servers of ${zone} has an address: ${unresolved.map((u) => `${u.name}: ${u.reason}`).join('; ')}`, lookups };
  }
  const max = options.maxServers ?? MAX_AUTHORITATIVE_SERVERS;
  const all: NameServerAddress[] = [];
  const seen = new Set<string>();
  const longest = Math.max(...usable.map((u) => u.hosts.length));
  // Round-robin over the names, so the bound drops second addresses before whole servers. Two NS
  // names on one address are one server: it is asked once, under the first name.
  for (let round = 0; round < longest; round++) {
    for (const u of usable) {
      const host = u.hosts[round];
      if (host === undefined || seen.has(host)) continue;
      seen.add(host);
      all.push({ name: u.name, host });
    }
  }
  return { ok: true, zone, servers: all.slice(0, max), unresolved, omitted: Math.max(0, all.length - max), lookups };
}
