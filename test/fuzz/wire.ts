// DNS wire-format pieces written by hand, so the fuzzer can say what an encoder never would: lying counts, bad pointers, raw labels.
import dnsPacket from 'dns-packet';
import type { Answer, Packet } from 'dns-packet';

export const TYPE: Record<string, number> = { A: 1, NS: 2, CNAME: 5, SOA: 6, PTR: 12, MX: 15, TXT: 16, AAAA: 28, SRV: 33, OPT: 41, RRSIG: 46, SPF: 99 };

/** RFC 1035 §4.1.1 header bits. */
export const FLAG = { QR: 0x8000, AA: 0x0400, TC: 0x0200, RD: 0x0100, RA: 0x0080 } as const;

export interface Header {
  id: number;
  flags: number;
  qd: number;
  an: number;
  ns: number;
  ar: number;
}

export function header(h: Header): Buffer {
  const b = Buffer.alloc(12);
  b.writeUInt16BE(h.id & 0xffff, 0);
  b.writeUInt16BE(h.flags & 0xffff, 2);
  b.writeUInt16BE(h.qd & 0xffff, 4);
  b.writeUInt16BE(h.an & 0xffff, 6);
  b.writeUInt16BE(h.ns & 0xffff, 8);
  b.writeUInt16BE(h.ar & 0xffff, 10);
  return b;
}

/** Labels as given, each behind its length octet (no check: a label over 63 octets makes a bad length octet on purpose). */
export function rawName(labels: readonly Buffer[], end: Buffer = Buffer.from([0])): Buffer {
  const parts: Buffer[] = [];
  for (const label of labels) parts.push(Buffer.from([label.length & 0xff]), label);
  parts.push(end);
  return Buffer.concat(parts);
}

/** A dotted name as UTF-8 labels (what dns-packet would write, without its quirks). */
export function textName(name: string): Buffer {
  const trimmed = name.replace(/\.$/, '');
  if (trimmed === '') return Buffer.from([0]);
  return rawName(trimmed.split('.').map((l) => Buffer.from(l, 'utf8')));
}

/** A compression pointer (RFC 1035 §4.1.4) to `offset`. */
export function pointer(offset: number): Buffer {
  const b = Buffer.alloc(2);
  b.writeUInt16BE(0xc000 | (offset & 0x3fff));
  return b;
}

export function question(name: Buffer, type: number, klass = 1): Buffer {
  const tail = Buffer.alloc(4);
  tail.writeUInt16BE(type & 0xffff, 0);
  tail.writeUInt16BE(klass & 0xffff, 2);
  return Buffer.concat([name, tail]);
}

/** A resource record; `rdlength` defaults to the real length of `rdata`. */
export function rr(name: Buffer, type: number, rdata: Buffer, options: { klass?: number; ttl?: number; rdlength?: number } = {}): Buffer {
  const fixed = Buffer.alloc(10);
  fixed.writeUInt16BE(type & 0xffff, 0);
  fixed.writeUInt16BE((options.klass ?? 1) & 0xffff, 2);
  fixed.writeUInt32BE((options.ttl ?? 300) >>> 0, 4);
  fixed.writeUInt16BE((options.rdlength ?? rdata.length) & 0xffff, 8);
  return Buffer.concat([name, fixed, rdata]);
}

/** Character-strings (RFC 1035 §3.3): each behind its length octet, cut to 255 octets. */
export function characterStrings(strings: readonly Buffer[]): Buffer {
  const parts: Buffer[] = [];
  for (const s of strings) {
    const cut = s.subarray(0, 255);
    parts.push(Buffer.from([cut.length]), cut);
  }
  return Buffer.concat(parts);
}

export function u16(value: number): Buffer {
  const b = Buffer.alloc(2);
  b.writeUInt16BE(value & 0xffff);
  return b;
}

/** Appends pieces and knows the offset of each: what pointer games need. */
export class Builder {
  readonly #parts: Buffer[] = [];
  #length = 0;

  get length(): number {
    return this.#length;
  }

  /** Appends and returns the offset the piece starts at. */
  push(piece: Buffer): number {
    const at = this.#length;
    this.#parts.push(piece);
    this.#length += piece.length;
    return at;
  }

  toBuffer(): Buffer {
    return Buffer.concat(this.#parts);
  }
}

/** One record encoded by dns-packet (which never compresses), or undefined when dns-packet refuses it. */
export function encodeAnswer(answer: Answer): Buffer | undefined {
  return encodePacket({ type: 'response', id: 0, answers: [answer] })?.subarray(12);
}

export function encodePacket(packet: Packet): Buffer | undefined {
  try {
    return Buffer.from(dnsPacket.encode(packet));
  } catch {
    return undefined;
  }
}

export interface RecordSpan {
  start: number;
  /** Offset of the 16-bit RDLENGTH field. */
  rdlengthAt: number;
  rdataStart: number;
  rdataEnd: number;
}

/** Walks a message's sections (names may hold pointers: a pointer ends a name). Undefined when it does not walk cleanly. */
export function walk(buf: Buffer): { questionsEnd: number; records: RecordSpan[] } | undefined {
  if (buf.length < 12) return undefined;
  const counts = [buf.readUInt16BE(4), buf.readUInt16BE(6), buf.readUInt16BE(8), buf.readUInt16BE(10)] as const;
  let offset = 12;
  const skipName = (): boolean => {
    for (let guard = 0; guard < 128; guard++) {
      if (offset >= buf.length) return false;
      const len = buf[offset] ?? 0;
      if (len === 0) {
        offset += 1;
        return true;
      }
      if ((len & 0xc0) === 0xc0) {
        offset += 2;
        return offset <= buf.length;
      }
      if ((len & 0xc0) !== 0) return false;
      offset += 1 + len;
    }
    return false;
  };
  for (let i = 0; i < counts[0]; i++) {
    if (!skipName()) return undefined;
    offset += 4;
  }
  const questionsEnd = offset;
  const records: RecordSpan[] = [];
  const total = counts[1] + counts[2] + counts[3];
  for (let i = 0; i < total; i++) {
    const start = offset;
    if (!skipName()) return undefined;
    if (offset + 10 > buf.length) return undefined;
    const rdlengthAt = offset + 8;
    const rdlength = buf.readUInt16BE(rdlengthAt);
    const rdataStart = offset + 10;
    const rdataEnd = rdataStart + rdlength;
    if (rdataEnd > buf.length) return undefined;
    records.push({ start, rdlengthAt, rdataStart, rdataEnd });
    offset = rdataEnd;
  }
  return { questionsEnd, records };
}
