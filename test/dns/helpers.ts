// Test helpers for the DNS tests: loopback servers closed after each test, raw UDP/TCP exchanges with the testbed.
import dgram from 'node:dgram';
import net from 'node:net';
import dnsPacket from 'dns-packet';
import type { Packet } from 'dns-packet';
import { afterEach } from 'vitest';
import { startDnsServer, type DnsServerOptions, type DnsTestServer } from '../../src/testbed/dns-server.js';
import type { ServerAddress } from '../../src/dns/types.js';

/** Registers an afterEach that closes every server started through the returned function. */
export function useDnsServers(): (options?: DnsServerOptions) => Promise<DnsTestServer> {
  const open: DnsTestServer[] = [];
  afterEach(async () => {
    await Promise.all(open.splice(0).map((s) => s.close()));
  });
  return async (options) => {
    const server = await startDnsServer(options);
    open.push(server);
    return server;
  };
}

/** A loopback address with nothing listening on it (UDP gets ICMP port unreachable: ECONNREFUSED). */
export async function closedPort(): Promise<ServerAddress> {
  const socket = dgram.createSocket('udp4');
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  const { port } = socket.address();
  await new Promise<void>((resolve) => socket.close(resolve));
  return { host: '127.0.0.1', port };
}

export const SOA_EXAMPLE = { SOA: ['ns1.example.com', 'hostmaster.example.com', 2024010101, 7200, 900, 1209600, 300] as [string, string, number, number, number, number, number], ttl: 3600 };

/** Sends one raw UDP datagram and collects replies until `expected` have come or `waitMs` has passed. */
export async function rawUdp(server: ServerAddress, payload: Buffer, waitMs = 1000, expected = 1): Promise<Buffer[]> {
  const socket = dgram.createSocket('udp4');
  const got: Buffer[] = [];
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  await new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, waitMs);
    socket.on('message', (m) => {
      got.push(m);
      if (got.length >= expected) {
        clearTimeout(timer);
        resolve();
      }
    });
    socket.send(payload, server.port, server.host);
  });
  await new Promise<void>((resolve) => socket.close(resolve));
  return got;
}

/** A query packet encoded with dns-packet directly (independent of the client under test). */
export function queryPacket(name: string, type: string, opts: { id?: number; edns?: number } = {}): Buffer {
  const packet: Packet = {
    type: 'query',
    id: opts.id ?? 4242,
    flags: dnsPacket.RECURSION_DESIRED,
    questions: [{ name, type: type as 'A', class: 'IN' }],
    additionals: opts.edns === undefined ? [] : [{ type: 'OPT', name: '.', udpPayloadSize: opts.edns, extendedRcode: 0, ednsVersion: 0, flags: 0, flag_do: false, options: [] }],
  };
  return dnsPacket.encode(packet);
}

/** Sends one framed query over TCP and returns the first framed reply's message. */
export async function rawTcp(server: ServerAddress, payload: Buffer, waitMs = 1000): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(server.port, server.host);
    let data = Buffer.alloc(0);
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error('no TCP reply'));
    }, waitMs);
    socket.on('connect', () => {
      const prefix = Buffer.alloc(2);
      prefix.writeUInt16BE(payload.length);
      socket.write(Buffer.concat([prefix, payload]));
    });
    socket.on('data', (chunk) => {
      data = Buffer.concat([data, chunk]);
      if (data.length >= 2 && data.length >= 2 + data.readUInt16BE(0)) {
        clearTimeout(timer);
        socket.destroy();
        resolve(data.subarray(2, 2 + data.readUInt16BE(0)));
      }
    });
    socket.on('error', reject);
  });
}

export function elapsedSince(start: number): number {
  return performance.now() - start;
}
