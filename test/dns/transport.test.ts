// udp.ts and tcp.ts on their own: one attempt, never throwing, spoofed and malformed packets, framing, deadlines.
import net from 'node:net';
import type { Packet } from 'dns-packet';
import { describe, expect, it } from 'vitest';
import { encodeQuery } from '../../src/dns/packet.js';
import { tcpQuery } from '../../src/dns/tcp.js';
import type { TransportOutcome } from '../../src/dns/transport.js';
import { udpQuery } from '../../src/dns/udp.js';
import type { HandlerHelpers } from '../../src/testbed/dns-server.js';
import { closedPort, elapsedSince, useDnsServers } from './helpers.js';

const ZONE = { 'example.com': [{ MX: [10, 'mail.example.com'] as [number, string] }] };
const startServer = useDnsServers();

function packetOf(helpers: HandlerHelpers): Packet {
  const p = helpers.defaultResponse();
  if (p === 'drop') throw new Error('unexpected drop');
  return p;
}

function expectResponse(outcome: TransportOutcome): asserts outcome is Extract<TransportOutcome, { kind: 'response' }> {
  expect(outcome.kind).toBe('response');
}

describe('udpQuery', () => {
  it('ignores and counts a wrong-id packet, then accepts the right one', async () => {
    const server = await startServer({
      zone: ZONE,
      handler: (_q, _t, _r, helpers) => {
        const right = packetOf(helpers);
        return [{ ...right, id: ((right.id ?? 0) + 1) & 0xffff }, right];
      },
    });
    const outcome = await udpQuery({ server: server.address, query: encodeQuery({ name: 'example.com', type: 'MX' }), timeoutMs: 300 });
    expectResponse(outcome);
    expect(outcome.ignored).toBe(1);
    expect(outcome.message.answers).toHaveLength(1);
  });

  it('ignores a packet echoing another question, a query (QR=0) and a runt, then accepts the answer', async () => {
    const server = await startServer({
      zone: ZONE,
      handler: (_q, _t, _r, helpers) => {
        const right = packetOf(helpers);
        return [
          { ...right, questions: [{ name: 'other.example.com', type: 'MX', class: 'IN' }] },
          { ...right, questions: [{ name: 'example.com', type: 'TXT', class: 'IN' }] },
          { ...right, type: 'query' },
          Buffer.from([0x01]),
          right,
        ];
      },
    });
    const outcome = await udpQuery({ server: server.address, query: encodeQuery({ name: 'example.com', type: 'MX' }), timeoutMs: 300 });
    expectResponse(outcome);
    expect(outcome.ignored).toBe(4);
  });

  it('keeps waiting after an ignored packet and times out if the right one never comes', async () => {
    const server = await startServer({
      zone: ZONE,
      handler: (_q, _t, _r, helpers) => {
        const right = packetOf(helpers);
        return { ...right, id: ((right.id ?? 0) + 7) & 0xffff };
      },
    });
    const start = performance.now();
    const outcome = await udpQuery({ server: server.address, query: encodeQuery({ name: 'example.com', type: 'MX' }), timeoutMs: 150 });
    expect(outcome).toMatchObject({ kind: 'timeout', ignored: 1 });
    expect(elapsedSince(start)).toBeGreaterThanOrEqual(140);
  });

  it('reports a matching id that does not decode as malformed, without throwing', async () => {
    const server = await startServer({
      handler: (query) => {
        const garbage = Buffer.from([0, 0, 0x81, 0x80, 0, 1, 0, 1, 0, 0, 0, 0, 0xc0, 0xff]);
        garbage.writeUInt16BE(query.id, 0);
        return garbage;
      },
    });
    const outcome = await udpQuery({ server: server.address, query: encodeQuery({ name: 'example.com', type: 'MX' }), timeoutMs: 300 });
    expect(outcome.kind).toBe('malformed');
    if (outcome.kind === 'malformed') expect(outcome.error).toMatch(/cannot decode/);
  });

  it('fails fast with ECONNREFUSED when nothing listens', async () => {
    const start = performance.now();
    const outcome = await udpQuery({ server: await closedPort(), query: encodeQuery({ name: 'example.com', type: 'A' }), timeoutMs: 1000 });
    expect(outcome).toMatchObject({ kind: 'socket-error', code: 'ECONNREFUSED' });
    expect(elapsedSince(start)).toBeLessThan(500);
  });

  it('stops at once when aborted', async () => {
    const server = await startServer({ dropAll: true });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 30);
    const start = performance.now();
    const outcome = await udpQuery({ server: server.address, query: encodeQuery({ name: 'example.com', type: 'A' }), timeoutMs: 2000, signal: controller.signal });
    expect(outcome.kind).toBe('aborted');
    expect(elapsedSince(start)).toBeLessThan(500);
    expect(server.queries).toHaveLength(1);
  });

  it('does not even send when the signal is already aborted', async () => {
    const server = await startServer({ zone: ZONE });
    const outcome = await udpQuery({ server: server.address, query: encodeQuery({ name: 'example.com', type: 'MX' }), timeoutMs: 300, signal: AbortSignal.abort() });
    expect(outcome.kind).toBe('aborted');
    await new Promise((r) => setTimeout(r, 30));
    expect(server.queries).toHaveLength(0);
  });
});

describe('tcpQuery', () => {
  it('reassembles a response written in 5-octet pieces', async () => {
    const server = await startServer({ zone: { 'example.com': [{ TXT: ['first string', 'second string'] }] }, tcpChunkSize: 5, tcpChunkDelayMs: 2 });
    const outcome = await tcpQuery({ server: server.address, query: encodeQuery({ name: 'example.com', type: 'TXT' }), timeoutMs: 1000 });
    expectResponse(outcome);
    const txt = outcome.message.answers[0];
    expect(txt?.type === 'TXT' && (txt.data as Buffer[]).map(String)).toEqual(['first string', 'second string']);
    expect(server.queries.map((q) => q.transport)).toEqual(['tcp']);
  });

  it('skips a framed message for another id and reads the next one', async () => {
    const server = await startServer({
      zone: ZONE,
      handler: (_q, _t, _r, helpers) => {
        const right = packetOf(helpers);
        return [{ ...right, id: ((right.id ?? 0) + 1) & 0xffff }, right];
      },
    });
    const outcome = await tcpQuery({ server: server.address, query: encodeQuery({ name: 'example.com', type: 'MX' }), timeoutMs: 1000 });
    expectResponse(outcome);
    expect(outcome.ignored).toBe(1);
  });

  it('reports a matching id that does not decode as malformed', async () => {
    const server = await startServer({
      handler: (query) => {
        const garbage = Buffer.alloc(20, 0xff);
        garbage.writeUInt16BE(query.id, 0);
        return garbage;
      },
    });
    const outcome = await tcpQuery({ server: server.address, query: encodeQuery({ name: 'example.com', type: 'MX' }), timeoutMs: 1000 });
    expect(outcome.kind).toBe('malformed');
  });

  it('reports a connection closed in the middle of a message', async () => {
    const sloppy = net.createServer((socket) => {
      socket.once('data', () => socket.end(Buffer.from([0, 200, 1, 2, 3, 4])));
    });
    await new Promise<void>((resolve) => sloppy.listen(0, '127.0.0.1', resolve));
    const address = sloppy.address();
    if (address === null || typeof address === 'string') throw new Error('no address');
    try {
      const outcome = await tcpQuery({ server: { host: '127.0.0.1', port: address.port }, query: encodeQuery({ name: 'example.com', type: 'A' }), timeoutMs: 1000 });
      expect(outcome).toMatchObject({ kind: 'socket-error', code: 'EOF' });
      if (outcome.kind === 'socket-error') expect(outcome.error).toMatch(/middle of a message \(4 of 200 octets received/);
    } finally {
      await new Promise<void>((resolve) => sloppy.close(() => resolve()));
    }
  });

  it('has one deadline for connect and read', async () => {
    const server = await startServer({ dropAll: true });
    const start = performance.now();
    const outcome = await tcpQuery({ server: server.address, query: encodeQuery({ name: 'example.com', type: 'A' }), timeoutMs: 150 });
    expect(outcome.kind).toBe('timeout');
    const elapsed = elapsedSince(start);
    expect(elapsed).toBeGreaterThanOrEqual(140);
    expect(elapsed).toBeLessThan(400);
  });

  it('returns ECONNREFUSED when nothing listens', async () => {
    const outcome = await tcpQuery({ server: await closedPort(), query: encodeQuery({ name: 'example.com', type: 'A' }), timeoutMs: 1000 });
    expect(outcome).toMatchObject({ kind: 'socket-error', code: 'ECONNREFUSED' });
  });

  it('stops when aborted', async () => {
    const server = await startServer({ dropAll: true });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 30);
    const outcome = await tcpQuery({ server: server.address, query: encodeQuery({ name: 'example.com', type: 'A' }), timeoutMs: 2000, signal: controller.signal });
    expect(outcome.kind).toBe('aborted');
  });
});
