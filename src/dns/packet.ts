// DNS messages on dns-packet: encoding queries, decoding defensively, matching responses to queries, converting records.
import { randomInt } from 'node:crypto';
import dnsPacket from 'dns-packet';
import type { Answer, DecodedPacket, Packet } from 'dns-packet';
import { isIPv4, isIPv6, normaliseName } from './names.js';
import type { DnsQuestion, DnsRecord, RRType } from './types.js';

/** DNS flag day 2020: advertise 1232 octets so UDP answers fit an IPv6 MTU without fragmentation. */
export const EDNS_UDP_PAYLOAD = 1232;
/** RFC 1035 §4.2.1: the UDP limit without EDNS0. */
export const CLASSIC_UDP_PAYLOAD = 512;

/** dns-packet's decoded message; its typings omit the header fields it does decode. */
export interface DecodedMessage extends DecodedPacket {
  id: number;
  rcode: string;
  opcode: string;
  questions: NonNullable<DecodedPacket['questions']>;
  answers: Answer[];
  authorities: Answer[];
  additionals: Answer[];
}

export interface EncodedQuery {
  id: number;
  question: DnsQuestion;
  recursionDesired: boolean;
  /** Whether the query carries an EDNS0 OPT record. */
  edns: boolean;
  buffer: Buffer;
}

export interface EncodeOptions {
  recursionDesired?: boolean;
  /** Fixed id for tests; a random one otherwise. */
  id?: number;
  udpPayloadSize?: number;
  /** Send the EDNS0 OPT record (default); false only to ask again a server that does not implement EDNS. */
  edns?: boolean;
}

/** A query with one question and an EDNS0 OPT record (RFC 6891 §6). The id is random (RFC 5452 §9.2). */
export function encodeQuery(question: DnsQuestion, options: EncodeOptions = {}): EncodedQuery {
  const id = options.id ?? randomInt(0, 0x10000);
  const recursionDesired = options.recursionDesired ?? true;
  const edns = options.edns ?? true;
  const packet: Packet = {
    type: 'query',
    id,
    flags: recursionDesired ? dnsPacket.RECURSION_DESIRED : 0,
    questions: [{ name: question.name, type: question.type, class: 'IN' }],
    additionals: edns
      ? [{ type: 'OPT', name: '.', udpPayloadSize: options.udpPayloadSize ?? EDNS_UDP_PAYLOAD, extendedRcode: 0, ednsVersion: 0, flags: 0, flag_do: false, options: [] }]
      : [],
  };
  return { id, question, recursionDesired, edns, buffer: dnsPacket.encode(packet) };
}

export type DecodeResult = { ok: true; message: DecodedMessage } | { ok: false; error: string };

/**
 * RFC 6891 §7: a responder that does not implement EDNS answers a query with an OPT record FORMERR or
 * NOTIMP, and its response carries no OPT record of its own (one that does implement EDNS includes one).
 * Such a server is asked again without EDNS instead of being reported as failing.
 */
export function rejectsEdns(message: DecodedMessage): boolean {
  return (message.rcode === 'FORMERR' || message.rcode === 'NOTIMP') && !message.additionals.some((r) => r.type === 'OPT');
}

/** dns-packet throws on garbage (and may hit RangeError reading past the end): every failure becomes a value. */
export function decodeMessage(buffer: Buffer): DecodeResult {
  const lie = impossibleCounts(buffer);
  if (lie !== undefined) return { ok: false, error: `cannot decode the DNS message (${buffer.length} octets): ${lie}` };
  try {
    const message = dnsPacket.decode(buffer) as DecodedMessage;
    // dns-packet reads A and AAAA data without checking the end of the buffer: a message cut inside one
    // decodes "successfully" as 1.2.3.undefined. Having read past the end means the message is cut short.
    if (dnsPacket.decode.bytes > buffer.length) {
      return { ok: false, error: `cannot decode the DNS message (${buffer.length} octets): it ends inside a record (${dnsPacket.decode.bytes} octets needed)` };
    }
    return { ok: true, message };
  } catch (error) {
    return { ok: false, error: `cannot decode the DNS message (${buffer.length} octets): ${errorText(error)}` };
  }
}

/** RFC 1035 §4.1.2-3: a question takes at least 5 octets (root name, type, class), a record at least 11. */
const MIN_QUESTION = 5;
const MIN_RECORD = 11;

/**
 * Why the header's section counts cannot describe this message, or `undefined`. dns-packet allocates
 * an array of each announced length before reading a record, so a 12-octet header announcing 65535
 * records of every kind costs milliseconds and megabytes to refuse: refused here by arithmetic first.
 */
function impossibleCounts(buffer: Buffer): string | undefined {
  if (buffer.length < 12) return undefined; // dns-packet's own error says it
  const questions = buffer.readUInt16BE(4);
  const records = buffer.readUInt16BE(6) + buffer.readUInt16BE(8) + buffer.readUInt16BE(10);
  const needed = 12 + questions * MIN_QUESTION + records * MIN_RECORD;
  return needed > buffer.length ? `its header announces ${questions} questions and ${records} records, which need at least ${needed} octets` : undefined;
}

/** The message id, from the first two octets, or `undefined` for a packet too short to carry one. */
export function peekId(buffer: Buffer): number | undefined {
  return buffer.length >= 2 ? buffer.readUInt16BE(0) : undefined;
}

export type MatchResult = 'ok' | 'wrong-id' | 'not-a-response' | 'wrong-question';

/**
 * Does `message` answer `query`? RFC 5452 §4.3: accept only the same id and the same question
 * (name compared case-insensitively, RFC 4343). An error response without a question section is accepted:
 * RFC 6891 §7 lets a FORMERR/NOTIMP responder omit it.
 */
export function matchResponse(query: EncodedQuery, message: DecodedMessage): MatchResult {
  if (message.id !== query.id) return 'wrong-id';
  if (!message.flag_qr) return 'not-a-response';
  if (message.questions.length === 0) return message.rcode === 'NOERROR' || message.rcode === 'NXDOMAIN' ? 'wrong-question' : 'ok';
  if (message.questions.length !== 1) return 'wrong-question';
  const q = message.questions[0];
  if (q === undefined) return 'wrong-question';
  if (normaliseName(q.name) !== normaliseName(query.question.name)) return 'wrong-question';
  if (q.type !== query.question.type) return 'wrong-question';
  if ((q.class ?? 'IN') !== 'IN') return 'wrong-question';
  return 'ok';
}

const SUPPORTED = new Set<string>(['A', 'AAAA', 'MX', 'TXT', 'CNAME', 'SRV', 'NS', 'SOA', 'PTR']);

/** One decoded record as a `DnsRecord`, or `undefined` for types and classes we do not ask about (OPT, RRSIG, CH...). */
export function toDnsRecord(answer: Answer): DnsRecord | undefined {
  if (!SUPPORTED.has(answer.type)) return undefined;
  if ('class' in answer && answer.class !== undefined && answer.class !== 'IN') return undefined;
  const name = normaliseName(answer.name);
  const ttl = 'ttl' in answer && typeof answer.ttl === 'number' ? answer.ttl : 0;
  const type = answer.type as RRType;
  const data: unknown = 'data' in answer ? answer.data : undefined;
  switch (type) {
    case 'A':
      // dns-packet reads four octets whatever RDLENGTH says: anything but an address is dropped.
      return typeof data === 'string' && isIPv4(data) ? { name, ttl, type, data } : undefined;
    case 'AAAA':
      return typeof data === 'string' && isIPv6(data) ? { name, ttl, type, data } : undefined;
    case 'CNAME':
    case 'NS':
    case 'PTR':
      // The root target decodes as '.', normalised to ''.
      return typeof data === 'string' ? { name, ttl, type, data: normaliseName(data) } : undefined;
    case 'TXT': {
      // Keep the character-strings apart, one latin1 char per octet (RFC 7208 §3.3 joins them later).
      const parts = Array.isArray(data) ? data : [data];
      const strings = parts.map((p) => (Buffer.isBuffer(p) ? p.toString('latin1') : String(p)));
      return { name, ttl, type, data: strings };
    }
    case 'MX': {
      const mx = data as { preference?: number; exchange?: string } | undefined;
      if (typeof mx?.exchange !== 'string') return undefined;
      // RFC 7505: a null MX is `0 .`; the exchange becomes ''.
      return { name, ttl, type, data: { preference: mx.preference ?? 0, exchange: normaliseName(mx.exchange) } };
    }
    case 'SRV': {
      const srv = data as { priority?: number; weight?: number; port?: number; target?: string } | undefined;
      if (typeof srv?.target !== 'string') return undefined;
      // RFC 2782: target '.' means "service decidedly not available"; it becomes ''.
      return {
        name,
        ttl,
        type,
        data: { priority: srv.priority ?? 0, weight: srv.weight ?? 0, port: srv.port ?? 0, target: normaliseName(srv.target) },
      };
    }
    case 'SOA': {
      const soa = data as { mname?: string; rname?: string; serial?: number; refresh?: number; retry?: number; expire?: number; minimum?: number } | undefined;
      if (typeof soa?.mname !== 'string' || typeof soa.rname !== 'string') return undefined;
      return {
        name,
        ttl,
        type,
        data: {
          mname: normaliseName(soa.mname),
          rname: normaliseName(soa.rname),
          serial: soa.serial ?? 0,
          refresh: soa.refresh ?? 0,
          retry: soa.retry ?? 0,
          expire: soa.expire ?? 0,
          minimum: soa.minimum ?? 0,
        },
      };
    }
  }
}

/** Converts a section, dropping unsupported records. */
export function toDnsRecords(answers: readonly Answer[]): DnsRecord[] {
  const out: DnsRecord[] = [];
  for (const a of answers) {
    const r = toDnsRecord(a);
    if (r !== undefined) out.push(r);
  }
  return out;
}

/** RCODE name to a Node-style error code (the names `dns.promises` uses). */
export function rcodeToCode(rcode: string): string {
  switch (rcode) {
    case 'NOERROR':
      return 'ENODATA';
    case 'NXDOMAIN':
      return 'ENOTFOUND';
    case 'SERVFAIL':
      return 'ESERVFAIL';
    case 'REFUSED':
      return 'EREFUSED';
    case 'FORMERR':
      return 'EFORMERR';
    case 'NOTIMP':
      return 'ENOTIMP';
    default:
      return 'EBADRESP';
  }
}

export function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
