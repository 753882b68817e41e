// The fuzzer's mutations: what a hostile or broken DNS server can send back to one query, each kind with its variants.
import type { Answer, Packet } from 'dns-packet';
import type { DecodedQuery, HandlerResult } from '../../src/testbed/dns-server.js';
import { hostileName, hostileText, rawLabel, word } from './hostile.js';
import type { Rng } from './prng.js';
import {
  Builder,
  characterStrings,
  encodeAnswer,
  encodePacket,
  FLAG,
  header,
  pointer,
  question,
  rawName,
  rr,
  textName,
  TYPE,
  u16,
  walk,
} from './wire.js';

export const MUTATIONS = [
  'random-bytes',
  'bit-flips',
  'truncate',
  'rdlength',
  'pointers',
  'counts',
  'huge',
  'wrong-id',
  'other-question',
  'cname',
  'nxdomain-answers',
  'tc',
  'rcode',
  'duplicates',
  'hostile-data',
  'raw-labels',
  'drop',
  'late',
  'burst',
  'referral',
  'tcp-frames',
  'odd-records',
  'case',
  'empty',
] as const;
export type MutationKind = (typeof MUTATIONS)[number];

export interface MutationContext {
  rng: Rng;
  query: DecodedQuery;
  transport: 'udp' | 'tcp';
  /** The zone's own answer to the query. */
  reply: Packet | 'drop';
  domain: string;
  timeoutMs: number;
}

export interface Mutated {
  result: HandlerResult | Promise<HandlerResult>;
  /** Which variant, for failure reports. */
  variant: string;
}

/** Names under `chain.<domain>` answer with CNAMEs to the next one: chains and loops across network hops. */
export const CHAIN_LABEL = 'chain';

type Q = { name: string; type: string };

function questionOf(query: DecodedQuery): Q {
  const q = query.questions[0];
  return { name: q?.name ?? '', type: q?.type ?? 'A' };
}

function typeCode(type: string): number {
  return TYPE[type] ?? 1;
}

/** The zone's answer, or an empty NOERROR when the zone would have dropped it (so there is something to mutate). */
function base(ctx: MutationContext): Packet {
  if (ctx.reply !== 'drop') return ctx.reply;
  const q = questionOf(ctx.query);
  return { type: 'response', id: ctx.query.id, flags: FLAG.QR | FLAG.RD | FLAG.RA, questions: [{ name: q.name, type: q.type as 'A', class: 'IN' }], answers: [], authorities: [] };
}

function withFlags(packet: Packet, set: number, clear = 0): Packet {
  return { ...packet, flags: ((packet.flags ?? 0) | set) & ~clear };
}

function withRcode(packet: Packet, rcode: number): Packet {
  return { ...packet, flags: ((packet.flags ?? 0) & ~0xf) | (rcode & 0xf) };
}

/** A record of the asked type with plausible data, owned by `name`. */
function recordOfType(rng: Rng, type: string, name: string, domain: string): Answer {
  switch (type) {
    case 'A':
      return { name, type: 'A', ttl: 300, data: `192.0.2.${rng.int(256)}` };
    case 'AAAA':
      return { name, type: 'AAAA', ttl: 300, data: `2001:db8::${rng.int(0xffff).toString(16)}` };
    case 'MX':
      return { name, type: 'MX', ttl: 300, data: { preference: rng.int(100), exchange: `${word(rng)}.${domain}` } };
    case 'TXT':
      return { name, type: 'TXT', ttl: 300, data: [rng.chance(0.6) ? 'v=spf1 include:spf.protection.outlook.com -all' : word(rng, 1, 40)] };
    case 'SRV':
      return { name, type: 'SRV', ttl: 300, data: { priority: 0, weight: 0, port: 443, target: `${word(rng)}.${domain}` } };
    case 'SOA':
      return { name, type: 'SOA', ttl: 300, data: { mname: `ns.${domain}`, rname: `h.${domain}`, serial: 1, refresh: 1, retry: 1, expire: 1, minimum: 1 } };
    case 'NS':
    case 'PTR':
    case 'CNAME':
      return { name, type, ttl: 300, data: `${word(rng)}.${domain}` };
    default:
      return { name, type: 'A', ttl: 300, data: '192.0.2.1' };
  }
}

/** The same record with its names or text replaced by hostile ones. */
function hostileRecord(rng: Rng, record: Answer, domain: string): Answer {
  const name = (): string => hostileName(rng, domain);
  switch (record.type) {
    case 'CNAME':
    case 'NS':
    case 'PTR':
      return { ...record, data: name() };
    case 'MX':
      return { ...record, data: { preference: record.data.preference, exchange: name() } };
    case 'SRV':
      return { ...record, data: { ...record.data, target: name() } };
    case 'SOA':
      return { ...record, data: { ...record.data, mname: name(), rname: name() } };
    case 'TXT': {
      const text = (rng.chance(0.5) ? 'v=spf1 ' : rng.chance(0.5) ? 'v=DMARC1; p=none; rua=mailto:' : '') + hostileText(rng, rng.range(2, 12));
      const octets = Buffer.from(text, 'utf8');
      const parts: Buffer[] = [];
      for (let i = 0; i < octets.length; i += 255) parts.push(octets.subarray(i, i + 255));
      return { ...record, data: parts.length > 0 ? parts : [Buffer.alloc(0)] };
    }
    default:
      return record;
  }
}

function encode(packet: Packet): Buffer {
  return encodePacket(packet) ?? header({ id: 0, flags: FLAG.QR | 2, qd: 0, an: 0, ns: 0, ar: 0 });
}

/** A response header for the query with the given counts; the question copied. */
function start(ctx: MutationContext, flags: number, counts: { an: number; ns?: number; ar?: number; qd?: number }): { b: Builder; qnameAt: number } {
  const q = questionOf(ctx.query);
  const b = new Builder();
  b.push(header({ id: ctx.query.id, flags: FLAG.QR | FLAG.RD | FLAG.RA | flags, qd: counts.qd ?? 1, an: counts.an, ns: counts.ns ?? 0, ar: counts.ar ?? 0 }));
  const qnameAt = b.length;
  b.push(question(textName(q.name), typeCode(q.type)));
  return { b, qnameAt };
}

/** One Buffer per record of the packet's sections. */
function encodedRecords(records: readonly Answer[] | undefined): Buffer[] {
  return (records ?? []).flatMap((r) => {
    const encoded = encodeAnswer(r);
    return encoded ? [encoded] : [];
  });
}

export function mutate(kind: MutationKind, ctx: MutationContext): Mutated {
  const { rng, query, transport } = ctx;
  const q = questionOf(query);
  const reply = base(ctx);

  switch (kind) {
    case 'random-bytes': {
      const variant = rng.pick(['bytes', 'header+question+garbage']);
      if (variant === 'bytes') {
        const bytes = rng.bytes(rng.int(transport === 'tcp' ? 3000 : 700));
        if (bytes.length >= 2 && rng.chance(0.8)) bytes.writeUInt16BE(query.id, 0);
        if (bytes.length >= 3 && rng.chance(0.7)) bytes[2] = (bytes[2] ?? 0) | 0x80;
        return { result: bytes, variant: `${bytes.length} random octets` };
      }
      const { b } = start(ctx, 0, { an: rng.range(0, 5), ns: rng.range(0, 2), ar: rng.range(0, 2) });
      b.push(rng.bytes(rng.int(400)));
      return { result: b.toBuffer(), variant };
    }

    case 'bit-flips': {
      const bytes = encode(reply);
      const flips = rng.range(1, 8);
      const keepId = rng.chance(0.85);
      for (let i = 0; i < flips && bytes.length > 2; i++) {
        const at = keepId ? rng.range(2, bytes.length - 1) : rng.int(bytes.length);
        bytes[at] = (bytes[at] ?? 0) ^ (1 << rng.int(8));
      }
      return { result: bytes, variant: `${flips} flips in ${bytes.length} octets` };
    }

    case 'truncate': {
      if (rng.chance(0.4)) {
        // Cut inside the data of the last record (no OPT after it): the decoder must not read past the end.
        const answers = reply.answers && reply.answers.length > 0 ? reply.answers : [recordOfType(rng, q.type, q.name, ctx.domain)];
        const bytes = encode({ ...reply, answers, authorities: [], additionals: [] });
        const last = walk(bytes)?.records.at(-1);
        if (last && last.rdataEnd > last.rdataStart) {
          const cut = rng.range(last.rdataStart, last.rdataEnd - 1);
          return { result: bytes.subarray(0, cut), variant: `cut in the last record's data at ${cut}/${bytes.length}` };
        }
      }
      const bytes = encode(reply);
      const cut = rng.range(0, Math.max(0, bytes.length - 1));
      if (transport === 'tcp' && rng.chance(0.3)) {
        // The length prefix promises the whole message; only part of it comes.
        return { result: { rawTcp: Buffer.concat([u16(bytes.length), bytes.subarray(0, cut)]) }, variant: `frame cut at ${cut}/${bytes.length}` };
      }
      return { result: bytes.subarray(0, cut), variant: `cut at ${cut}/${bytes.length}` };
    }

    case 'rdlength': {
      const withData = reply.answers && reply.answers.length > 0 ? reply : { ...reply, answers: [recordOfType(rng, q.type, q.name, ctx.domain)] };
      const bytes = encode(withData);
      const spans = walk(bytes);
      const span = spans && spans.records.length > 0 ? rng.pick(spans.records) : undefined;
      if (!span) return { result: bytes, variant: 'no record to lie about' };
      const real = span.rdataEnd - span.rdataStart;
      const lie = rng.pick([0, Math.max(0, real - 1), real + 1, real + rng.range(2, 64), 0xffff, rng.int(0x10000)]);
      bytes.writeUInt16BE(lie & 0xffff, span.rdlengthAt);
      return { result: bytes, variant: `rdlength ${real} -> ${lie}` };
    }

    case 'pointers': {
      const variant = rng.pick(['self', 'forward', 'mutual', 'rdata-self', 'into-header', 'beyond', 'label-then-self', 'chain', 'rdata-loop']);
      switch (variant) {
        case 'self': {
          const { b } = start(ctx, 0, { an: 1 });
          b.push(Buffer.concat([pointer(b.length), u16(typeCode(q.type)), u16(1), Buffer.alloc(4), u16(4), Buffer.from([192, 0, 2, 1])]));
          return { result: b.toBuffer(), variant };
        }
        case 'forward': {
          const { b } = start(ctx, 0, { an: 2 });
          // The first record's name points into the second one, which comes after it.
          b.push(rr(pointer(b.length + 16 + 2), TYPE.A ?? 1, Buffer.from([192, 0, 2, 1])));
          b.push(rr(textName(q.name), TYPE.A ?? 1, Buffer.from([192, 0, 2, 2])));
          return { result: b.toBuffer(), variant };
        }
        case 'mutual': {
          const { b } = start(ctx, 0, { an: 2 });
          const a = b.length;
          const size = 2 + 10 + 4;
          b.push(rr(pointer(a + size), typeCode(q.type), Buffer.from([192, 0, 2, 1])));
          b.push(rr(pointer(a), typeCode(q.type), Buffer.from([192, 0, 2, 2])));
          return { result: b.toBuffer(), variant };
        }
        case 'rdata-self':
        case 'rdata-loop': {
          const { b, qnameAt } = start(ctx, 0, { an: 1 });
          const type = rng.pick(['CNAME', 'MX', 'NS', 'SRV']);
          const rrAt = b.length;
          const rdataAt = rrAt + 2 + 10 + (type === 'MX' ? 2 : type === 'SRV' ? 6 : 0);
          const target = variant === 'rdata-self' ? pointer(rdataAt) : Buffer.concat([Buffer.from([1, 0x78]), pointer(rdataAt)]);
          const prefix = type === 'MX' ? u16(10) : type === 'SRV' ? Buffer.concat([u16(0), u16(0), u16(443)]) : Buffer.alloc(0);
          b.push(rr(pointer(qnameAt), TYPE[type] ?? 5, Buffer.concat([prefix, target])));
          return { result: b.toBuffer(), variant: `${variant} ${type}` };
        }
        case 'into-header': {
          const { b } = start(ctx, 0, { an: 1 });
          b.push(rr(pointer(rng.int(12)), typeCode(q.type), Buffer.from([192, 0, 2, 1])));
          return { result: b.toBuffer(), variant };
        }
        case 'beyond': {
          const { b } = start(ctx, 0, { an: 1 });
          b.push(rr(pointer(rng.range(b.length + 20, 0x3fff)), typeCode(q.type), Buffer.from([192, 0, 2, 1])));
          return { result: b.toBuffer(), variant };
        }
        case 'label-then-self': {
          const { b } = start(ctx, 0, { an: 1 });
          const at = b.length;
          b.push(rr(Buffer.concat([Buffer.from([3]), Buffer.from('abc'), pointer(at)]), typeCode(q.type), Buffer.from([192, 0, 2, 1])));
          return { result: b.toBuffer(), variant };
        }
        default: {
          // Pointers to pointers, each one step back: legal, but decoding is quadratic in their number.
          const count = transport === 'tcp' ? rng.range(100, 4000) : rng.range(5, 60);
          const { b, qnameAt } = start(ctx, 0, { an: count });
          let previous = qnameAt;
          for (let i = 0; i < count; i++) {
            const at = b.length;
            b.push(rr(pointer(previous), TYPE.A ?? 1, Buffer.from([192, 0, 2, i & 0xff])));
            previous = at;
          }
          return { result: b.toBuffer(), variant: `chain of ${count}` };
        }
      }
    }

    case 'counts': {
      const variant = rng.pick(['an-65535-empty', 'an-more', 'an-fewer', 'qd-0', 'qd-2', 'ar-huge', 'all-max', 'ns-more']);
      const bytes = encode(variant === 'an-fewer' && (reply.answers ?? []).length === 0 ? { ...reply, answers: [recordOfType(rng, q.type, q.name, ctx.domain)] } : reply);
      if (bytes.length < 12) return { result: bytes, variant };
      const set = (at: number, value: number): void => {
        bytes.writeUInt16BE(value & 0xffff, at);
      };
      switch (variant) {
        case 'an-65535-empty': {
          const { b } = start(ctx, 0, { an: 0xffff });
          return { result: b.toBuffer(), variant };
        }
        case 'an-more':
          set(6, bytes.readUInt16BE(6) + rng.range(1, 5));
          break;
        case 'an-fewer':
          set(6, Math.max(0, bytes.readUInt16BE(6) - 1));
          break;
        case 'qd-0':
          set(4, 0);
          break;
        case 'qd-2':
          set(4, 2);
          break;
        case 'ar-huge':
          set(10, rng.range(100, 0xffff));
          break;
        case 'ns-more':
          set(8, bytes.readUInt16BE(8) + rng.range(1, 3));
          break;
        default:
          for (const at of [4, 6, 8, 10]) set(at, 0xffff);
      }
      return { result: bytes, variant };
    }

    case 'huge': {
      if (transport === 'udp' && rng.chance(0.6)) {
        // Send the client to TCP, where the big answer comes.
        return { result: withFlags({ ...reply, answers: [], authorities: [] }, FLAG.TC), variant: 'tc to get tcp' };
      }
      const variant = rng.pick(['txt-64k', 'many-txt', 'many-of-type', 'oversize-udp']);
      const { b, qnameAt } = start(ctx, 0, { an: 0 });
      const limit = transport === 'tcp' ? 65_535 : 8_000;
      let count = 0;
      const name = pointer(qnameAt);
      if (variant === 'txt-64k') {
        const strings: Buffer[] = [];
        let size = 0;
        const spfish = rng.chance(0.5);
        while (b.length + 12 + size + 256 < limit && strings.length < 255) {
          const s = spfish ? Buffer.from(`${strings.length === 0 ? 'v=spf1 ' : ' '}ip4:10.${rng.int(256)}.${rng.int(256)}.0/24 include:x${strings.length}.${ctx.domain} `.padEnd(255, 'a').slice(0, 255), 'latin1') : rng.bytes(255);
          strings.push(s);
          size += 256;
        }
        b.push(rr(name, TYPE.TXT ?? 16, characterStrings(strings)));
        count = 1;
      } else {
        for (;;) {
          let record: Buffer;
          if (variant === 'many-txt') record = rr(name, TYPE.TXT ?? 16, characterStrings([Buffer.from(rng.chance(0.5) ? 'v=spf1 -all' : word(rng, 1, 30))]));
          else {
            const encoded = encodeAnswer(recordOfType(rng, q.type, q.name, ctx.domain));
            if (!encoded) break;
            record = encoded;
          }
          if (b.length + record.length > limit - 2) break;
          b.push(record);
          count++;
        }
      }
      const bytes = b.toBuffer();
      bytes.writeUInt16BE(count, 6);
      return { result: bytes, variant: `${variant}: ${count} records, ${bytes.length} octets` };
    }

    case 'wrong-id': {
      const variant = rng.pick(['only-wrong', 'wrong-then-right', 'not-a-response']);
      const wrong = { ...reply, id: (query.id + rng.range(1, 0xfffe)) & 0xffff };
      if (variant === 'only-wrong') return { result: wrong, variant };
      if (variant === 'wrong-then-right') return { result: [wrong, wrong, reply], variant };
      return { result: { ...reply, type: 'query', flags: (reply.flags ?? 0) & ~FLAG.QR }, variant };
    }

    case 'other-question': {
      const variant = rng.pick(['other-name', 'other-type', 'other-class', 'no-question', 'foreign-owners', 'foreign-types']);
      switch (variant) {
        case 'other-name':
          return { result: { ...reply, questions: [{ name: `x${q.name}`, type: q.type as 'A', class: 'IN' }] }, variant };
        case 'other-type':
          return { result: { ...reply, questions: [{ name: q.name, type: q.type === 'A' ? 'AAAA' : 'A', class: 'IN' }] }, variant };
        case 'other-class':
          return { result: { ...reply, questions: [{ name: q.name, type: q.type as 'A', class: 'CH' }] }, variant };
        case 'no-question':
          return { result: { ...reply, questions: [] }, variant };
        case 'foreign-owners': {
          // Records for names nobody asked about: a poisoning attempt, never to be believed for them.
          const owners = ['spf.protection.outlook.com', `mail.${ctx.domain}`, ctx.domain, `_dmarc.${ctx.domain}`];
          const extra = Array.from({ length: rng.range(1, 6) }, () => recordOfType(rng, rng.pick(['A', 'TXT', 'MX', 'CNAME']), rng.pick(owners), ctx.domain));
          return { result: { ...reply, answers: [...(reply.answers ?? []), ...extra] }, variant };
        }
        default: {
          const extra = Array.from({ length: rng.range(1, 4) }, () => recordOfType(rng, rng.pick(['A', 'AAAA', 'TXT', 'MX', 'SRV', 'SOA', 'NS']), q.name, ctx.domain));
          return { result: { ...reply, answers: extra }, variant };
        }
      }
    }

    case 'cname': {
      const variant = rng.pick(['self', 'loop-in-response', 'long-in-response', 'across-hops', 'cname-and-data', 'two-cnames', 'cname-to-root']);
      const link = (from: string, to: string): Answer => ({ name: from, type: 'CNAME', ttl: 300, data: to });
      switch (variant) {
        case 'self':
          return { result: { ...reply, answers: [link(q.name, q.name)] }, variant };
        case 'loop-in-response': {
          const a = `a.${ctx.domain}`;
          const b2 = `b.${ctx.domain}`;
          return { result: { ...reply, answers: [link(q.name, a), link(a, b2), link(b2, a)] }, variant };
        }
        case 'long-in-response': {
          const length = rng.range(5, 40);
          const answers: Answer[] = [];
          let from = q.name;
          for (let i = 0; i < length; i++) {
            const to = `c${i}.long.${ctx.domain}`;
            answers.push(link(from, to));
            from = to;
          }
          if (rng.chance(0.5)) answers.push(recordOfType(rng, q.type, from, ctx.domain));
          if (rng.chance(0.3)) answers.reverse();
          return { result: { ...reply, answers }, variant: `${variant} of ${length}` };
        }
        case 'across-hops':
          return { result: { ...reply, answers: [link(q.name, `c0.${CHAIN_LABEL}.${ctx.domain}`)] }, variant };
        case 'cname-and-data':
          return { result: { ...reply, answers: [link(q.name, `t.${ctx.domain}`), recordOfType(rng, q.type, q.name, ctx.domain), ...(reply.answers ?? [])] }, variant };
        case 'two-cnames':
          return { result: { ...reply, answers: [link(q.name, `one.${ctx.domain}`), link(q.name, `two.${ctx.domain}`), recordOfType(rng, q.type, `two.${ctx.domain}`, ctx.domain)] }, variant };
        default:
          return { result: { ...reply, answers: [link(q.name, '.')] }, variant };
      }
    }

    case 'nxdomain-answers': {
      const answers = reply.answers && reply.answers.length > 0 ? reply.answers : [recordOfType(rng, q.type, q.name, ctx.domain)];
      return { result: withRcode({ ...reply, answers }, 3), variant: `${answers.length} answers` };
    }

    case 'tc': {
      if (transport === 'tcp') {
        const empty = rng.chance(0.5);
        return { result: withFlags(empty ? { ...reply, answers: [] } : reply, FLAG.TC), variant: empty ? 'tcp tc, empty' : 'tcp tc, with answers' };
      }
      const keep = rng.chance(0.3);
      return { result: withFlags(keep ? reply : { ...reply, answers: [], authorities: [] }, FLAG.TC), variant: keep ? 'udp tc, with answers' : 'udp tc' };
    }

    case 'rcode': {
      const rcode = rng.int(16);
      const opcode = rng.chance(0.2) ? rng.int(16) : 0;
      const keep = rng.chance(0.5);
      const packet = withRcode(keep ? reply : { ...reply, answers: [] }, rcode);
      return { result: { ...packet, flags: ((packet.flags ?? 0) & ~(0xf << 11)) | (opcode << 11) }, variant: `rcode ${rcode} opcode ${opcode}${keep ? ' with answers' : ''}` };
    }

    case 'duplicates': {
      const answers = reply.answers && reply.answers.length > 0 ? reply.answers : [recordOfType(rng, q.type, q.name, ctx.domain)];
      const variant = rng.pick(['repeat', 'contradict']);
      if (variant === 'repeat') {
        const times = rng.range(2, transport === 'tcp' ? 200 : 20);
        return { result: { ...reply, answers: Array.from({ length: times }, () => answers).flat() }, variant: `repeated ${times}x` };
      }
      const contra = answers.map((a): Answer => {
        switch (a.type) {
          case 'MX':
            return { ...a, data: { ...a.data, preference: ((a.data.preference ?? 0) + 1) & 0xffff } };
          case 'A':
            return { ...a, data: rng.pick(['0.0.0.0', '127.0.0.1', '255.255.255.255', '10.0.0.1']) };
          case 'TXT':
            return { ...a, data: [rng.pick(['v=spf1 +all', 'v=spf1 -all', 'v=DMARC1; p=none', 'v=DKIM1; p='])] };
          case 'CNAME':
            return { ...a, data: `other.${ctx.domain}` };
          case 'SOA':
            return { ...a, data: { ...a.data, minimum: rng.int(2 ** 31) } };
          default:
            return a;
        }
      });
      return { result: { ...reply, answers: [...answers, ...contra] }, variant };
    }

    case 'hostile-data': {
      const answers = reply.answers && reply.answers.length > 0 ? reply.answers : [recordOfType(rng, q.type, q.name, ctx.domain)];
      const authorities = (reply.authorities ?? []).map((r) => (rng.chance(0.5) ? hostileRecord(rng, r, ctx.domain) : r));
      return { result: { ...reply, answers: answers.map((r) => hostileRecord(rng, r, ctx.domain)), authorities }, variant: `${answers.length} records` };
    }

    case 'raw-labels': {
      // Names whose label octets no text encoder makes: dots, NULs, ESC, high octets, 63-octet labels, 255-octet names.
      const { b, qnameAt } = start(ctx, 0, { an: 1 });
      const labels = Array.from({ length: rng.range(1, 4) }, () => rawLabel(rng));
      if (rng.chance(0.3)) while (labels.reduce((n, l) => n + l.length + 1, 1) + 64 <= 255) labels.push(Buffer.alloc(63, 0x79));
      const target = rng.chance(0.5) ? rawName(labels, pointer(qnameAt)) : rawName(labels);
      const type = ['MX', 'SRV', 'CNAME', 'NS', 'PTR', 'TXT'].includes(q.type) ? q.type : rng.pick(['CNAME', 'A']);
      let rdata: Buffer;
      switch (type) {
        case 'MX':
          rdata = Buffer.concat([u16(10), target]);
          break;
        case 'SRV':
          rdata = Buffer.concat([u16(0), u16(0), u16(443), target]);
          break;
        case 'TXT':
          rdata = characterStrings(labels);
          break;
        case 'A':
          rdata = Buffer.from([192, 0, 2, 1]);
          break;
        default:
          rdata = target;
      }
      const owner = type === 'A' ? rawName(labels) : pointer(qnameAt);
      b.push(rr(owner, TYPE[type] ?? 5, rdata));
      return { result: b.toBuffer(), variant: `${type}: ${labels.map((l) => l.length).join('+')} octets` };
    }

    case 'drop':
      return { result: 'drop', variant: 'drop' };

    case 'late': {
      const delay = rng.int(ctx.timeoutMs * 2);
      return { result: new Promise<HandlerResult>((resolve) => setTimeout(() => resolve(reply), delay)), variant: `after ${delay} ms` };
    }

    case 'burst': {
      const garbage = rng.bytes(rng.range(2, 60));
      garbage.writeUInt16BE(query.id, 0);
      const pool: HandlerResult[] = [garbage, { ...reply, id: (query.id + 1) & 0xffff }, reply, reply, withRcode(reply, 2)];
      const picked = rng.sample(pool, rng.range(2, pool.length)) as Array<Packet | Buffer>;
      return { result: picked, variant: `${picked.length} replies` };
    }

    case 'referral':
      return {
        result: { ...withFlags(reply, 0, FLAG.AA | FLAG.RA), answers: [], authorities: [{ name: ctx.domain, type: 'NS', ttl: 300, data: rng.chance(0.5) ? `ns1.${ctx.domain}` : hostileName(rng, ctx.domain) }] },
        variant: 'ns without soa',
      };

    case 'tcp-frames': {
      if (transport === 'udp') return { result: withFlags({ ...reply, answers: [] }, FLAG.TC), variant: 'tc to get tcp' };
      const real = encode(reply);
      const framed = Buffer.concat([u16(real.length), real]);
      const variant = rng.pick(['zero-length', 'prefix-only', 'half-prefix', 'short', 'garbage-frames', 'two-answers', 'trailing-junk']);
      switch (variant) {
        case 'zero-length':
          return { result: { rawTcp: Buffer.concat([u16(0), framed]) }, variant };
        case 'prefix-only':
          return { result: { rawTcp: u16(rng.range(1, 0xffff)) }, variant };
        case 'half-prefix':
          return { result: { rawTcp: Buffer.from([rng.int(256)]) }, variant };
        case 'short':
          return { result: { rawTcp: Buffer.concat([u16(real.length + rng.range(1, 300)), real]) }, variant };
        case 'garbage-frames': {
          const frames: Buffer[] = [];
          for (let i = 0; i < rng.range(1, 5); i++) {
            const junk = rng.bytes(rng.range(2, 200));
            if (rng.chance(0.5)) junk.writeUInt16BE((query.id + 1 + i) & 0xffff, 0);
            frames.push(u16(junk.length), junk);
          }
          return { result: { rawTcp: Buffer.concat([...frames, framed]) }, variant };
        }
        case 'two-answers':
          return { result: { rawTcp: Buffer.concat([framed, framed]) }, variant };
        default:
          return { result: { rawTcp: Buffer.concat([framed, rng.bytes(rng.range(1, 100))]) }, variant };
      }
    }

    case 'odd-records': {
      const { b, qnameAt } = start(ctx, 0, { an: 0 });
      const name = pointer(qnameAt);
      const records: Buffer[] = encodedRecords(reply.answers);
      const extras = rng.range(1, 5);
      for (let i = 0; i < extras; i++) {
        switch (rng.int(8)) {
          case 0: // OPT in the answer section
            records.push(Buffer.concat([Buffer.from([0]), u16(TYPE.OPT ?? 41), u16(1232), Buffer.alloc(4), u16(0)]));
            break;
          case 1: // an unknown type
            records.push(rr(name, rng.range(256, 0xffff), rng.bytes(rng.int(40))));
            break;
          case 2: // the asked type in class CH or ANY
            records.push(rr(name, typeCode(q.type), Buffer.from([192, 0, 2, 9]), { klass: rng.pick([3, 255, 254]) }));
            break;
          case 3: // an A record with 16 octets of data
            records.push(rr(name, TYPE.A ?? 1, rng.bytes(16)));
            break;
          case 4: // an AAAA record with 4 octets of data
            records.push(rr(name, TYPE.AAAA ?? 28, rng.bytes(4)));
            break;
          case 5: // extreme TTLs
            records.push(rr(name, typeCode(q.type) === TYPE.TXT ? (TYPE.TXT ?? 16) : (TYPE.A ?? 1), typeCode(q.type) === TYPE.TXT ? characterStrings([Buffer.from('v=spf1 -all')]) : Buffer.from([192, 0, 2, 3]), { ttl: rng.pick([0, 0x7fffffff, 0x80000000, 0xffffffff]) }));
            break;
          case 6: // SPF type 99 (RFC 7208 §3.1: not used)
            records.push(rr(name, TYPE.SPF ?? 99, characterStrings([Buffer.from('v=spf1 +all')])));
            break;
          default: // an empty TXT (no character-string at all) or a zero-length one
            records.push(rr(name, TYPE.TXT ?? 16, rng.chance(0.5) ? Buffer.alloc(0) : Buffer.from([0])));
        }
      }
      const shuffled = rng.sample(records, records.length);
      for (const r of shuffled) b.push(r);
      const bytes = b.toBuffer();
      bytes.writeUInt16BE(shuffled.length, 6);
      return { result: bytes, variant: `${extras} odd records` };
    }

    case 'case': {
      const flip = (name: string): string => [...name].map((c) => (rng.chance(0.5) ? c.toUpperCase() : c.toLowerCase())).join('');
      const answers = (reply.answers ?? []).map((a) => ({ ...a, name: flip(a.name) }));
      return { result: { ...reply, questions: [{ name: flip(q.name), type: q.type as 'A', class: 'IN' }], answers }, variant: '0x20' };
    }

    case 'empty': {
      const variant = rng.pick(['nodata-no-soa', 'aa-empty', 'other-types-only']);
      if (variant === 'other-types-only') {
        return { result: { ...reply, answers: [recordOfType(rng, q.type === 'TXT' ? 'A' : 'TXT', q.name, ctx.domain)] }, variant };
      }
      return { result: { ...withFlags(reply, variant === 'aa-empty' ? FLAG.AA : 0), answers: [], authorities: [] }, variant };
    }
  }
}

/** The reply for a name under `chain.<domain>`: a CNAME to the next link, back to the start, or an end. */
export function chainReply(rng: Rng, query: DecodedQuery, domain: string): Packet {
  const q = questionOf(query);
  const link = /^c(\d+)\./i.exec(q.name);
  const n = Number(link?.[1] ?? 0);
  const next = rng.chance(0.15) ? `c0.${CHAIN_LABEL}.${domain}` : `c${n + 1}.${CHAIN_LABEL}.${domain}`;
  const answers: Answer[] = n > 30 && rng.chance(0.5) ? [recordOfType(rng, q.type, q.name, domain)] : [{ name: q.name, type: 'CNAME', ttl: 60, data: next }];
  return { type: 'response', id: query.id, flags: FLAG.QR | FLAG.RD | FLAG.RA, questions: query.questions, answers, authorities: [] };
}
