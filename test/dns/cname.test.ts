// CNAME chains: read from a recursive answer, followed by re-query against an authoritative server, loops and length bounds.
import { describe, expect, it } from 'vitest';
import { createResolver } from '../../src/dns/resolver.js';
import type { Zone, ZoneEntry } from '../../src/testbed/dns-server.js';
import { SOA_EXAMPLE, useDnsServers } from './helpers.js';

const startServer = useDnsServers();

const ZONE: Zone = {
  'example.com': [SOA_EXAMPLE],
  'autodiscover.example.com': [{ CNAME: 'Alias.Example.com.', ttl: 900 }],
  'alias.example.com': [{ CNAME: 'host.example.com', ttl: 60 }],
  'host.example.com': [{ A: '192.0.2.10', ttl: 300 }, { A: '192.0.2.11', ttl: 300 }],
  'dangling.example.com': [{ CNAME: 'gone.example.com' }],
  'loop1.example.com': [{ CNAME: 'loop2.example.com' }],
  'loop2.example.com': [{ CNAME: 'loop1.example.com' }],
  'self.example.com': [{ CNAME: 'self.example.com' }],
};

/** hop0 -> hop1 -> ... -> hop{n} which has an A record. */
function chainZone(n: number): Zone {
  const zone: Record<string, ZoneEntry[]> = { 'example.com': [SOA_EXAMPLE] };
  for (let i = 0; i < n; i++) zone[`hop${i}.example.com`] = [{ CNAME: `hop${i + 1}.example.com` }];
  zone[`hop${n}.example.com`] = [{ A: '192.0.2.99' }];
  return zone;
}

describe('CNAME chains', () => {
  it('are read from the answer section of a recursive resolver: one query', async () => {
    const server = await startServer({ zone: ZONE });
    const result = await createResolver({ servers: [server.address], timeoutMs: 300 }).query('autodiscover.example.com', 'A');
    expect(result.status).toBe('answer');
    expect(result.cnames).toEqual([
      { name: 'autodiscover.example.com', ttl: 900, type: 'CNAME', data: 'alias.example.com' },
      { name: 'alias.example.com', ttl: 60, type: 'CNAME', data: 'host.example.com' },
    ]);
    expect(result.canonicalName).toBe('host.example.com');
    expect(result.records.map((r) => r.data)).toEqual(['192.0.2.10', '192.0.2.11']);
    expect(result.ttl).toBe(60);
    expect(server.queries).toHaveLength(1);
  });

  it('are followed by asking each target when the server gives only the CNAME (authoritative, RD=0)', async () => {
    const server = await startServer({ zone: ZONE, recursive: false });
    const resolver = createResolver({ servers: [server.address], timeoutMs: 300, recursionDesired: false });
    const result = await resolver.query('autodiscover.example.com', 'A');
    expect(result).toMatchObject({ status: 'answer', canonicalName: 'host.example.com', authoritative: true });
    expect(result.cnames.map((c) => c.data)).toEqual(['alias.example.com', 'host.example.com']);
    expect(server.queries.map((q) => q.name)).toEqual(['autodiscover.example.com', 'alias.example.com', 'host.example.com']);
    expect(resolver.lookups()).toHaveLength(1);
  });

  it('keep the chain when the target does not exist (NXDOMAIN refers to the last name, RFC 6604)', async () => {
    for (const recursive of [true, false]) {
      const server = await startServer({ zone: ZONE, recursive });
      const result = await createResolver({ servers: [server.address], timeoutMs: 300 }).query('dangling.example.com', 'A');
      expect(result).toMatchObject({ status: 'nxdomain', canonicalName: 'gone.example.com', ttl: 300 });
      expect(result.cnames.map((c) => c.data)).toEqual(['gone.example.com']);
    }
  });

  it('keep the chain when the target has no records of the type (NODATA)', async () => {
    const server = await startServer({ zone: ZONE });
    const result = await createResolver({ servers: [server.address], timeoutMs: 300 }).query('autodiscover.example.com', 'AAAA');
    expect(result).toMatchObject({ status: 'nodata', canonicalName: 'host.example.com' });
    expect(result.cnames).toHaveLength(2);
  });

  it('keep the chain when asking the target fails', async () => {
    const server = await startServer({
      zone: ZONE,
      recursive: false,
      handler: (query) => (query.questions[0]?.name === 'host.example.com' ? 'drop' : undefined),
    });
    const result = await createResolver({ servers: [server.address], timeoutMs: 100, retries: 0 }).query('autodiscover.example.com', 'A');
    expect(result).toMatchObject({ status: 'timeout', code: 'ETIMEOUT', canonicalName: 'host.example.com' });
    expect(result.cnames).toHaveLength(2);
    expect(result.reason).toMatch(/^following the CNAME to host\.example\.com: no answer/);
  });

  it('a CNAME question returns the CNAME itself, unfollowed', async () => {
    const server = await startServer({ zone: ZONE });
    const result = await createResolver({ servers: [server.address], timeoutMs: 300 }).query('autodiscover.example.com', 'CNAME');
    expect(result).toMatchObject({ status: 'answer', cnames: [], canonicalName: 'autodiscover.example.com' });
    expect(result.records).toEqual([{ name: 'autodiscover.example.com', ttl: 900, type: 'CNAME', data: 'alias.example.com' }]);
    expect(server.queries).toHaveLength(1);
    const none = await createResolver({ servers: [server.address], timeoutMs: 300 }).query('host.example.com', 'CNAME');
    expect(none.status).toBe('nodata');
  });

  it.each([true, false])('a loop is ECNAMELOOP, with the chain kept (recursive server: %s)', async (recursive) => {
    const server = await startServer({ zone: ZONE, recursive });
    const result = await createResolver({ servers: [server.address], timeoutMs: 300 }).query('loop1.example.com', 'A');
    expect(result).toMatchObject({ status: 'error', code: 'ECNAMELOOP' });
    expect(result.reason).toMatch(/CNAME loop: loop1\.example\.com -> loop2\.example\.com -> loop1\.example\.com/);
    expect(result.cnames.map((c) => c.name)).toEqual(['loop1.example.com', 'loop2.example.com']);
    expect(server.queries.length).toBe(recursive ? 1 : 2);
  });

  it('a CNAME to itself is a loop', async () => {
    const server = await startServer({ zone: ZONE });
    const result = await createResolver({ servers: [server.address], timeoutMs: 300 }).query('self.example.com', 'MX');
    expect(result).toMatchObject({ status: 'error', code: 'ECNAMELOOP' });
  });

  it.each([true, false])('a chain longer than maxCnameHops is ECNAMELOOP and bounded (recursive server: %s)', async (recursive) => {
    const server = await startServer({ zone: chainZone(12), recursive });
    const result = await createResolver({ servers: [server.address], timeoutMs: 300 }).query('hop0.example.com', 'A');
    expect(result).toMatchObject({ status: 'error', code: 'ECNAMELOOP' });
    expect(result.reason).toMatch(/longer than 8 hops/);
    expect(result.cnames).toHaveLength(9);
    expect(server.queries.length).toBeLessThanOrEqual(recursive ? 1 : 9);
  });

  it('a chain of exactly maxCnameHops is followed', async () => {
    const server = await startServer({ zone: chainZone(3), recursive: false });
    const allowed = await createResolver({ servers: [server.address], timeoutMs: 300, maxCnameHops: 3 }).query('hop0.example.com', 'A');
    expect(allowed).toMatchObject({ status: 'answer', canonicalName: 'hop3.example.com' });
    const refused = await createResolver({ servers: [server.address], timeoutMs: 300, maxCnameHops: 2 }).query('hop0.example.com', 'A');
    expect(refused).toMatchObject({ status: 'error', code: 'ECNAMELOOP' });
  });

  it('targets asked during a chain are cached for later questions', async () => {
    const server = await startServer({ zone: ZONE, recursive: false });
    const resolver = createResolver({ servers: [server.address], timeoutMs: 300 });
    await resolver.query('autodiscover.example.com', 'A');
    const direct = await resolver.query('host.example.com', 'A');
    expect(direct.status).toBe('answer');
    expect(server.queries).toHaveLength(3);
  });
});
