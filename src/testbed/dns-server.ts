// A loopback DNS server (UDP and TCP on one port) serving a fixture zone, with fault injection for tests, benchmarks and `demo`.
import dgram from 'node:dgram';
import net from 'node:net';
import dnsPacket from 'dns-packet';
import type { Answer, DecodedPacket, Packet, Question } from 'dns-packet';
import type { ServerAddress } from '../dns/types.js';
import { CompiledZone, zoneName, type Zone } from './dns-zone.js';

export type { Zone, ZoneEntry, ZoneRecord } from './dns-zone.js';

/** The EDNS0 payload size the server advertises back (DNS flag day 2020). */
const SERVER_EDNS_PAYLOAD = 1232;
/** RFC 1035 §4.2.1: the UDP limit for a client without EDNS0. */
const CLASSIC_UDP_LIMIT = 512;

/** RFC 1035 §4.2.2: a DNS message over TCP is at most what a two-octet length can announce. */
const MAX_TCP_MESSAGE = 0xffff;

/** Idle TCP connections are closed after this long. */
const TCP_IDLE_MS = 10_000;

const RCODES: Record<string, number> = { NOERROR: 0, FORMERR: 1, SERVFAIL: 2, NXDOMAIN: 3, NOTIMP: 4, REFUSED: 5 };

/** A decoded query as the handler sees it (dns-packet's typings omit these header fields). */
export interface DecodedQuery extends DecodedPacket {
  id: number;
  opcode: string;
  rcode: string;
  questions: Question[];
  additionals: Answer[];
}

/** Raw octets to write to a TCP client without the length prefix the server otherwise adds. */
export interface RawTcp {
  rawTcp: Buffer;
}

/** A packet object (encoded by the server, truncated to fit over UDP), a raw Buffer (sent as is; framed over TCP), or raw TCP octets. */
export type HandlerReply = Packet | Buffer | RawTcp;
export type HandlerResult = HandlerReply | HandlerReply[] | 'drop' | undefined;

export interface HandlerHelpers {
  /** The response the server would send by itself (zone, `rcode` and `recursive` applied), or 'drop'. */
  defaultResponse(): Packet | 'drop';
}

export interface RemoteInfo {
  address: string;
  port: number;
  family: string;
}

/** Decides a reply itself, or returns undefined to let the server answer from the zone. */
export type DnsHandler = (
  query: DecodedQuery,
  transport: 'udp' | 'tcp',
  rinfo: RemoteInfo,
  helpers: HandlerHelpers,
) => HandlerResult | Promise<HandlerResult>;

export interface DnsServerOptions {
  zone?: Zone;
  /** Default 127.0.0.1; any local address (127.0.0.2, ::1) works. */
  host?: string;
  /** Default 0: a free port, the same for UDP and TCP. */
  port?: number;
  /** Default true: follow CNAMEs inside the zone like a recursive resolver (RA=1). False: only the CNAME, AA=1. */
  recursive?: boolean;
  /** Added before each answer. */
  latencyMs?: number;
  /** Every UDP answer is TC=1 with empty sections, so clients must come back over TCP. */
  truncateUdp?: boolean;
  /** Every zone answer gets this RCODE and no records (a handler's replies are left alone). */
  rcode?: keyof typeof RCODES | number;
  /** Log queries, answer none. */
  dropAll?: boolean;
  /** Default true. False: no TCP listener (TC=1 then leads to a refused connection). */
  tcp?: boolean;
  /** Write TCP replies in pieces of this many octets, `tcpChunkDelayMs` apart (tests partial reads). */
  tcpChunkSize?: number;
  tcpChunkDelayMs?: number;
  handler?: DnsHandler;
}

export interface ReceivedQuery {
  /** Lower-case, no trailing dot. */
  name: string;
  type: string;
  class: string;
  id: number;
  transport: 'udp' | 'tcp';
  recursionDesired: boolean;
  /** The EDNS0 UDP payload size the client advertised, absent when the query had no OPT record. */
  udpPayloadSize?: number;
  /** Milliseconds since the server started. */
  atMs: number;
}

export interface DnsTestServer {
  address: ServerAddress;
  host: string;
  port: number;
  /** Every well-formed query received, in arrival order (malformed ones are ignored, not logged). */
  queries: ReceivedQuery[];
  /** Internal problems (a reply that would not encode...), for tests to assert empty. */
  errors: string[];
  close(): Promise<void>;
}

/** One running server's state, shared by its UDP and TCP sides. */
interface Serving {
  options: DnsServerOptions;
  zone: CompiledZone;
  recursive: boolean;
  started: number;
  queries: ReceivedQuery[];
  errors: string[];
  timers: Set<NodeJS.Timeout>;
  connections: Set<net.Socket>;
  closed: boolean;
  sleep(ms: number): Promise<void>;
}

function serving(options: DnsServerOptions): Serving {
  const state: Serving = {
    options,
    zone: new CompiledZone(options.zone ?? {}),
    recursive: options.recursive ?? true,
    started: performance.now(),
    queries: [],
    errors: [],
    timers: new Set(),
    connections: new Set(),
    closed: false,
    sleep: (ms) =>
      new Promise((resolve) => {
        if (ms <= 0 || state.closed) return resolve();
        const t = setTimeout(() => {
          state.timers.delete(t);
          resolve();
        }, ms);
        state.timers.add(t);
      }),
  };
  return state;
}

/** Log one well-formed query; returns the EDNS0 payload size the client advertised. */
function logQuery(state: Serving, query: DecodedQuery, transport: 'udp' | 'tcp'): number | undefined {
  const question = query.questions[0];
  const opt = query.additionals.find((a) => a.type === 'OPT');
  const udpPayloadSize = opt !== undefined && opt.type === 'OPT' ? opt.udpPayloadSize : undefined;
  const entry: ReceivedQuery = {
    name: zoneName(question?.name ?? ''),
    type: question?.type ?? '',
    class: question?.class ?? '',
    id: query.id,
    transport,
    recursionDesired: query.flag_rd,
    atMs: Math.round(performance.now() - state.started),
  };
  if (udpPayloadSize !== undefined) entry.udpPayloadSize = udpPayloadSize;
  state.queries.push(entry);
  return udpPayloadSize;
}

/** The replies encoded for the transport (unframed); a reply that cannot be sent is an error of the server, not sent. */
function encodeReplies(state: Serving, result: HandlerReply | HandlerReply[], transport: 'udp' | 'tcp', udpPayloadSize: number | undefined): Array<Buffer | RawTcp> {
  // RFC 6891 §6.2.5: a client without EDNS0 gets at most 512 octets over UDP.
  const limit = udpPayloadSize === undefined ? CLASSIC_UDP_LIMIT : Math.max(CLASSIC_UDP_LIMIT, udpPayloadSize);
  const replies: Array<Buffer | RawTcp> = [];
  for (const reply of Array.isArray(result) ? result : [result]) {
    if (isRawTcp(reply)) {
      replies.push(reply);
      continue;
    }
    let bytes: Buffer;
    try {
      bytes = Buffer.isBuffer(reply) ? reply : transport === 'udp' ? encodeForUdp(reply, limit, state.options.truncateUdp ?? false) : dnsPacket.encode(reply);
    } catch (error) {
      state.errors.push(`cannot encode a reply: ${error instanceof Error ? error.message : String(error)}`);
      continue;
    }
    // RFC 1035 §4.2.2: the two-octet length prefix cannot announce more (framing it would throw).
    if (transport === 'tcp' && bytes.length > MAX_TCP_MESSAGE) {
      state.errors.push(`a reply of ${bytes.length} octets does not fit a TCP frame (${MAX_TCP_MESSAGE} at most): not sent`);
      continue;
    }
    replies.push(bytes);
  }
  return replies;
}

/** The replies (already encoded, unframed) for one query, or none. */
async function respond(state: Serving, query: DecodedQuery, transport: 'udp' | 'tcp', rinfo: RemoteInfo): Promise<Array<Buffer | RawTcp>> {
  const { options } = state;
  const udpPayloadSize = logQuery(state, query, transport);
  if (options.dropAll) return [];
  const defaultResponse = (): Packet | 'drop' => zoneResponse(query, state.zone, state.recursive, options.rcode);
  let result: HandlerResult = undefined;
  if (options.handler) {
    try {
      result = await options.handler(query, transport, rinfo, { defaultResponse });
    } catch (error) {
      state.errors.push(`handler threw: ${error instanceof Error ? error.message : String(error)}`);
      return [];
    }
  }
  if (result === undefined) result = defaultResponse();
  if (result === 'drop') return [];
  await state.sleep(options.latencyMs ?? 0);
  if (state.closed) return [];
  return encodeReplies(state, result, transport, udpPayloadSize);
}

function serveUdp(state: Serving, udp: dgram.Socket): void {
  udp.on('error', (error) => state.errors.push(`udp: ${error.message}`));
  udp.on('message', (packet, rinfo) => {
    const query = decodeQuery(packet);
    if (query === undefined) return; // malformed or not a query: ignored, never a crash
    void respond(state, query, 'udp', rinfo).then((replies) => {
      for (const reply of replies) {
        if (state.closed) return;
        const bytes = Buffer.isBuffer(reply) ? reply : reply.rawTcp;
        try {
          udp.send(bytes, rinfo.port, rinfo.address);
        } catch (error) {
          state.errors.push(`udp send: ${error instanceof Error ? error.message : String(error)}`);
        }
      }
    });
  });
}

function serveTcpConnection(state: Serving, socket: net.Socket): void {
  const { options } = state;
  state.connections.add(socket);
  socket.setNoDelay(true);
  // RFC 7766 §6.2.3: servers close idle connections; a silent client must not pin a socket for ever.
  socket.setTimeout(TCP_IDLE_MS, () => socket.destroy());
  socket.on('error', () => {}); // a client that goes away is not the server's problem
  socket.on('close', () => state.connections.delete(socket));
  const rinfo: RemoteInfo = { address: socket.remoteAddress ?? '', port: socket.remotePort ?? 0, family: socket.remoteFamily ?? '' };
  let pending = Buffer.alloc(0);
  let writing: Promise<void> = Promise.resolve();
  socket.on('data', (chunk: Buffer) => {
    pending = Buffer.concat([pending, chunk]);
    // RFC 7766 §6.2.1: several queries may arrive on one connection, in pieces.
    while (pending.length >= 2) {
      const length = pending.readUInt16BE(0);
      if (pending.length < 2 + length) break;
      const message = pending.subarray(2, 2 + length);
      pending = pending.subarray(2 + length);
      const query = decodeQuery(message);
      if (query === undefined) continue;
      const replies = respond(state, query, 'tcp', rinfo);
      // Replies are written in arrival order, one after the other.
      writing = writing
        .then(async () => {
          for (const reply of await replies) {
            const bytes = isRawTcp(reply) ? reply.rawTcp : frame(reply);
            await writeChunked(socket, bytes, options.tcpChunkSize, options.tcpChunkDelayMs ?? 5, state.sleep, () => state.closed);
          }
        })
        // A failed write ends this connection's replies, never the process (no unhandled rejection).
        .catch((error: unknown) => {
          state.errors.push(`tcp write: ${error instanceof Error ? error.message : String(error)}`);
          socket.destroy();
        });
    }
  });
}

async function stopServing(state: Serving, udp: dgram.Socket, tcp: net.Server | undefined): Promise<void> {
  if (state.closed) return;
  state.closed = true;
  for (const t of state.timers) clearTimeout(t);
  state.timers.clear();
  for (const socket of state.connections) socket.destroy();
  await Promise.all([
    new Promise<void>((resolve) => {
      try {
        udp.close(() => resolve());
      } catch {
        resolve();
      }
    }),
    new Promise<void>((resolve) => (tcp ? tcp.close(() => resolve()) : resolve())),
  ]);
}

/** Starts the server; rejects if the zone is invalid or the address cannot be bound. */
export async function startDnsServer(options: DnsServerOptions = {}): Promise<DnsTestServer> {
  const state = serving(options);
  const host = options.host ?? '127.0.0.1';
  const { udp, tcp, port } = await bind(host, options.port ?? 0, options.tcp ?? true);
  serveUdp(state, udp);
  tcp?.on('connection', (socket) => serveTcpConnection(state, socket));
  return { address: { host, port }, host, port, queries: state.queries, errors: state.errors, close: () => stopServing(state, udp, tcp) };
}

function isRawTcp(value: unknown): value is RawTcp {
  return typeof value === 'object' && value !== null && !Buffer.isBuffer(value) && Buffer.isBuffer((value as RawTcp).rawTcp);
}

function frame(message: Buffer): Buffer {
  const prefix = Buffer.alloc(2);
  prefix.writeUInt16BE(message.length);
  return Buffer.concat([prefix, message]);
}

async function writeChunked(
  socket: net.Socket,
  bytes: Buffer,
  chunkSize: number | undefined,
  delayMs: number,
  sleep: (ms: number) => Promise<void>,
  isClosed: () => boolean,
): Promise<void> {
  if (chunkSize === undefined || chunkSize <= 0) {
    if (!isClosed() && !socket.destroyed) socket.write(bytes);
    return;
  }
  for (let offset = 0; offset < bytes.length; offset += chunkSize) {
    if (isClosed() || socket.destroyed) return;
    socket.write(bytes.subarray(offset, offset + chunkSize));
    if (offset + chunkSize < bytes.length) await sleep(delayMs);
  }
}

/** A decoded query, or undefined for anything that is not a well-formed query (never throws). */
function decodeQuery(packet: Buffer): DecodedQuery | undefined {
  try {
    const decoded = dnsPacket.decode(packet) as DecodedQuery;
    if (decoded.flag_qr) return undefined;
    return decoded;
  } catch {
    return undefined;
  }
}

/** The server's own answer to a query: from the zone, or the `rcode` override. */
function zoneResponse(query: DecodedQuery, zone: CompiledZone, recursive: boolean, rcodeOverride: DnsServerOptions['rcode']): Packet | 'drop' {
  const question = query.questions[0];
  const base = (rcode: number, aa: boolean): Packet => ({
    type: 'response',
    id: query.id,
    // RFC 1035 §4.1.1: RD is copied into the response; RA says whether recursion is offered.
    flags: (query.flag_rd ? dnsPacket.RECURSION_DESIRED : 0) | (recursive ? dnsPacket.RECURSION_AVAILABLE : 0) | (aa ? dnsPacket.AUTHORITATIVE_ANSWER : 0) | rcode,
    questions: query.questions,
    answers: [],
    authorities: [],
    // RFC 6891 §7: answer EDNS0 with EDNS0.
    additionals: query.additionals.some((a) => a.type === 'OPT')
      ? [{ type: 'OPT', name: '.', udpPayloadSize: SERVER_EDNS_PAYLOAD, extendedRcode: 0, ednsVersion: 0, flags: 0, flag_do: false, options: [] }]
      : [],
  });
  if (rcodeOverride !== undefined) {
    const code = typeof rcodeOverride === 'number' ? rcodeOverride : (RCODES[rcodeOverride] ?? 2);
    return base(code & 0xf, false);
  }
  if (query.opcode !== 'QUERY') return base(RCODES.NOTIMP ?? 4, false);
  if (query.questions.length !== 1 || question === undefined) return base(RCODES.FORMERR ?? 1, false);
  if ((question.class ?? 'IN') !== 'IN') return base(RCODES.REFUSED ?? 5, false);

  const answer = zone.answer(question.name, question.type, recursive);
  if (answer.kind === 'drop') return 'drop';
  const packet = base(answer.rcode === 'NXDOMAIN' ? 3 : 0, !recursive);
  packet.answers = answer.answers;
  packet.authorities = answer.authorities;
  return packet;
}

/** RFC 2181 §9: when the answer does not fit, send TC=1 and let the client retry over TCP. */
function encodeForUdp(packet: Packet, limit: number, alwaysTruncate: boolean): Buffer {
  const full = dnsPacket.encode(packet);
  if (!alwaysTruncate && full.length <= limit) return full;
  return dnsPacket.encode({
    ...packet,
    flags: (packet.flags ?? 0) | dnsPacket.TRUNCATED_RESPONSE,
    answers: [],
    authorities: [],
  });
}

/** Binds UDP and TCP to the same port; with port 0, retries when the port UDP got is taken for TCP. */
async function bind(host: string, port: number, withTcp: boolean): Promise<{ udp: dgram.Socket; tcp: net.Server | undefined; port: number }> {
  let lastError: unknown;
  for (let tries = 0; tries < 20; tries++) {
    const udp = dgram.createSocket(net.isIPv6(host) ? 'udp6' : 'udp4');
    try {
      await new Promise<void>((resolve, reject) => {
        udp.once('error', reject);
        udp.bind(port, host, () => {
          udp.off('error', reject);
          resolve();
        });
      });
    } catch (error) {
      try {
        udp.close();
      } catch {
        // never bound: nothing to close
      }
      throw error;
    }
    const actual = udp.address().port;
    if (!withTcp) return { udp, tcp: undefined, port: actual };
    const tcp = net.createServer();
    try {
      await new Promise<void>((resolve, reject) => {
        tcp.once('error', reject);
        tcp.listen({ port: actual, host, exclusive: true }, () => {
          tcp.off('error', reject);
          resolve();
        });
      });
      return { udp, tcp, port: actual };
    } catch (error) {
      lastError = error;
      udp.close();
      if (port !== 0) throw error;
    }
  }
  throw lastError instanceof Error ? lastError : new Error(`cannot bind UDP and TCP to one port on ${host}`);
}
