// Small builders for SPF table tests: zones of TXT records, and check_host()/analyzeSpf over the in-memory client.

import type { Zone, ZoneEntry } from '../../../src/testbed/dns-zone.js';
import { analyzeSpf, checkHost, type CheckHostOptions, type SpfAnalysis, type SpfCheckResult } from '../../../src/spf/index.js';
import { createMemoryDns, type MemoryDns, type MemoryDnsOptions } from './memory-dns.js';

/** A zone where a bare string is a TXT record: `{ 'example.com': ['v=spf1 -all', { A: '192.0.2.1' }] }`. */
export function zone(spec: Record<string, Array<string | ZoneEntry>>): Zone {
  const out: Record<string, ZoneEntry[]> = {};
  for (const [owner, entries] of Object.entries(spec)) {
    out[owner] = entries.map((entry) => (typeof entry === 'string' && entry !== 'TIMEOUT' ? { TXT: entry } : entry));
  }
  return out;
}

/** A chain of `count` records, each including the next; the last ends in `-all`. */
export function nestedIncludes(count: number, top = 'example.com'): Zone {
  const spec: Record<string, string[]> = { [top]: [`v=spf1 include:n1.example.net -all`] };
  for (let i = 1; i < count; i++) spec[`n${i}.example.net`] = [`v=spf1 include:n${i + 1}.example.net -all`];
  spec[`n${count}.example.net`] = ['v=spf1 ip4:203.0.113.1 -all'];
  return zone(spec);
}

export async function check(
  z: Zone,
  ip: string,
  domain = 'example.com',
  extra: Omit<Partial<CheckHostOptions>, 'dns'> & { memory?: MemoryDnsOptions } = {},
): Promise<SpfCheckResult & { client: MemoryDns }> {
  const { memory, ...options } = extra;
  const client = createMemoryDns(z, memory);
  const result = await checkHost({ ip, domain, sender: `user@${domain}`, helo: 'mail.example.org', ...options, dns: client });
  return { ...result, client };
}

export async function analyze(z: Zone, domain = 'example.com', dnsOptions: MemoryDnsOptions = {}): Promise<SpfAnalysis & { client: MemoryDns }> {
  const client = createMemoryDns(z, dnsOptions);
  return { ...(await analyzeSpf(domain, client)), client };
}
