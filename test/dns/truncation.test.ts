// Truncated UDP answers are asked again over TCP (RFC 7766 §5): large TXT, a server truncating everything, no TCP.
import { describe, expect, it } from 'vitest';
import { createResolver } from '../../src/dns/resolver.js';
import { formatServer } from '../../src/dns/servers.js';
import type { Zone } from '../../src/testbed/dns-server.js';
import { useDnsServers } from './helpers.js';

const startServer = useDnsServers();

/** 4,000 octets of TXT in 16 strings of 250: more than the 1232 advertised over UDP. */
const BIG = Array.from({ length: 16 }, (_, i) => `${String(i).padStart(2, '0')}:${String.fromCharCode(97 + i).repeat(247)}`);
const ZONE: Zone = {
  'big.example.com': [{ TXT: BIG }],
  'example.com': [{ MX: [0, 'example-com.mail.protection.outlook.com'] }],
};

describe('truncation', () => {
  it('a large TXT record comes back truncated over UDP, then whole over TCP', async () => {
    const server = await startServer({ zone: ZONE });
    const resolver = createResolver({ servers: [server.address], timeoutMs: 300 });
    const result = await resolver.query('big.example.com', 'TXT');
    expect(result).toMatchObject({ status: 'answer', transport: 'tcp' });
    const txt = result.records[0];
    expect(txt?.type).toBe('TXT');
    if (txt?.type === 'TXT') {
      expect(txt.data).toEqual(BIG);
      expect(txt.data.join('')).toHaveLength(4000);
    }
    expect(resolver.exchanges.map((e) => [e.transport, e.outcome, e.flags?.tc])).toEqual([
      ['udp', 'truncated', true],
      ['tcp', 'response', false],
    ]);
    expect(server.queries.map((q) => q.transport)).toEqual(['udp', 'tcp']);
  });

  it('a server that truncates every UDP answer is still answered over TCP', async () => {
    const servers = await Promise.all([startServer({ zone: ZONE, truncateUdp: true }), startServer({ zone: ZONE, truncateUdp: true })]);
    const resolver = createResolver({ servers: servers.map((s) => s.address), timeoutMs: 300 });
    const mx = await resolver.query('example.com', 'MX');
    const nx = await resolver.query('nope.example.com', 'A');
    expect(mx).toMatchObject({ status: 'answer', transport: 'tcp', server: formatServer(servers[0]!.address) });
    expect(nx).toMatchObject({ status: 'nxdomain', transport: 'tcp' });
    expect(servers[0]!.queries.map((q) => q.transport)).toEqual(['udp', 'tcp', 'udp', 'tcp']);
    expect(servers[1]!.queries).toHaveLength(0);
  });

  it('the TCP answer may arrive in small pieces', async () => {
    const server = await startServer({ zone: ZONE, tcpChunkSize: 100, tcpChunkDelayMs: 1 });
    const result = await createResolver({ servers: [server.address], timeoutMs: 1000 }).query('big.example.com', 'TXT');
    expect(result.status).toBe('answer');
    expect(result.records[0]?.type === 'TXT' && result.records[0].data).toEqual(BIG);
  });

  it('truncated with no TCP service: the next server is asked, and the failure is explained', async () => {
    const udpOnly = await startServer({ zone: ZONE, truncateUdp: true, tcp: false });
    const good = await startServer({ zone: ZONE });
    const both = await createResolver({ servers: [udpOnly.address, good.address], timeoutMs: 300 }).query('example.com', 'MX');
    expect(both).toMatchObject({ status: 'answer', server: formatServer(good.address), transport: 'udp' });

    const alone = await createResolver({ servers: [udpOnly.address], timeoutMs: 300, retries: 0 }).query('example.com', 'MX');
    expect(alone).toMatchObject({ status: 'error', code: 'ECONNREFUSED', transport: 'tcp' });
    expect(alone.reason).toContain(`ECONNREFUSED from ${formatServer(udpOnly.address)}`);
  });
});
