// Property tests over untrusted input: the DNS decoder and record conversion, the SMTP reply parser and line guard, the domain
// argument, escapeControl, safeJson, the template filler and the terminal renderer never throw, always end, and never let a raw
// control character through. (The SPF parser and macro expander: test/fuzz/spf.test.ts, beside test/spf/properties.test.ts.)
import dnsPacket from 'dns-packet';
import type { Packet } from 'dns-packet';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseDomain } from '../../src/cli/domain.js';
import { UsageError } from '../../src/cli/usage-error.js';
import { formatRecord } from '../../src/dns/format.js';
import { decodeMessage, encodeQuery, matchResponse, toDnsRecords } from '../../src/dns/packet.js';
import { fillTemplate } from '../../src/engine/template.js';
import { ALL_CHECKS } from '../../src/checks/index.js';
import { flowMapOf } from '../../src/checks/flows.js';
import { buildReport } from '../../src/engine/report.js';
import type { Finding, Status } from '../../src/engine/types.js';
import { safeJson } from '../../src/report/json.js';
import { renderTerminal } from '../../src/report/terminal.js';
import { LineGuard, type LineGuardViolation } from '../../src/smtp/line-guard.js';
import { parseReply, replySummary } from '../../src/smtp/reply.js';
import { escapeControl } from '../../src/util/text.js';
import { validRecord } from './oracle.js';
import { characterStrings, header, pointer, question, rawName, rr, textName, u16 } from './wire.js';

/** What escapeControl promises to remove (src/util/text.ts), as a test of its own. */
// eslint-disable-next-line no-control-regex
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069\u{d800}-\u{dfff}\u{fffe}\u{ffff}]/u;
/** What no report may carry raw: the same but the line feed. */
// eslint-disable-next-line no-control-regex
const RAW_BUT_LF = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069\u{d800}-\u{dfff}]/u;

/** Characters that break things: controls, ESC sequences, C1, bidi, lone surrogates, noncharacters, braces, markup. */
const nasty = fc.oneof(
  { weight: 3, arbitrary: fc.integer({ min: 0, max: 0x10ffff }).map((cp) => String.fromCodePoint(cp)) },
  { weight: 3, arbitrary: fc.integer({ min: 0, max: 0x9f }).map((cp) => String.fromCharCode(cp)) },
  {
    weight: 4,
    arbitrary: fc.constantFrom(
      '\u001b[31m',
      '\u001b]0;t\u0007',
      '\u009b2J',
      '\r',
      '\n',
      '\r\n',
      '\u202e',
      '\u2066',
      '\u200f',
      '\ud800',
      '\udfff',
      '\ufffe',
      '{',
      '}',
      '{name}',
      '%{d}',
      '<',
      '&',
      '"',
      '\\',
      ' ',
      'a',
      '.',
    ),
  },
);
const nastyText = fc.string({ unit: nasty, maxLength: 40 });
/** One octet as a latin1 char: what a socket read as "binary" holds. */
const octet = fc.integer({ min: 0, max: 255 }).map((c) => String.fromCharCode(c));

describe('DNS messages: decodeMessage and toDnsRecords', () => {
  // A label of ordinary or arbitrary octets, sometimes exactly 63 long; a name ends in the root or in a pointer anywhere.
  const label = fc.oneof(
    fc.constantFrom('example', 'com', 'mail', '_dmarc').map((l) => Buffer.from(l)),
    fc.uint8Array({ minLength: 1, maxLength: 63 }).map((a) => Buffer.from(a)),
    fc.constant(Buffer.alloc(63, 0x61)),
  );
  const nameBytes = fc.tuple(fc.array(label, { maxLength: 5 }), fc.option(fc.integer({ min: 0, max: 0x3fff }), { nil: undefined })).map(([labels, at]) =>
    rawName(labels, at === undefined ? Buffer.from([0]) : pointer(at)),
  );
  const type = fc.oneof(fc.constantFrom(1, 2, 5, 6, 12, 15, 16, 28, 33, 41, 46, 99), fc.integer({ min: 0, max: 0xffff }));
  const record = fc.record({
    name: nameBytes,
    type,
    klass: fc.oneof(fc.constant(1), fc.integer({ min: 0, max: 0xffff })),
    ttl: fc.oneof(fc.constant(300), fc.integer({ min: 0, max: 0xffffffff })),
    rdata: fc.oneof(
      fc.uint8Array({ maxLength: 80 }).map((a) => Buffer.from(a)),
      fc.array(fc.uint8Array({ maxLength: 60 }).map((a) => Buffer.from(a)), { maxLength: 5 }).map(characterStrings),
      nameBytes,
      fc.tuple(fc.integer({ min: 0, max: 0xffff }), nameBytes).map(([pref, n]) => Buffer.concat([u16(pref), n])),
    ),
    lie: fc.oneof({ weight: 4, arbitrary: fc.constant(0) }, { weight: 1, arbitrary: fc.integer({ min: -40, max: 40 }) }),
  });
  const message = fc
    .record({
      id: fc.integer({ min: 0, max: 0xffff }),
      flags: fc.oneof(fc.constant(0x8180), fc.integer({ min: 0, max: 0xffff })),
      question: fc.tuple(nameBytes, type),
      records: fc.array(record, { maxLength: 8 }),
      counts: fc.option(fc.tuple(fc.nat(0xffff), fc.nat(0xffff), fc.nat(0xffff), fc.nat(0xffff)), { nil: undefined }),
      cut: fc.option(fc.nat(), { nil: undefined }),
    })
    .map(({ id, flags, question: [qname, qtype], records, counts, cut }) => {
      const [qd, an, ns, ar] = counts ?? [1, records.length, 0, 0];
      const body = records.map((r) => rr(r.name, r.type, r.rdata, { klass: r.klass, ttl: r.ttl, rdlength: Math.max(0, r.rdata.length + r.lie) }));
      const bytes = Buffer.concat([header({ id, flags, qd, an, ns, ar }), question(qname, qtype), ...body]);
      return cut === undefined ? bytes : bytes.subarray(0, cut % (bytes.length + 1));
    });

  it('never throws and ends fast on hand-made messages (lying counts, pointers anywhere, lying RDLENGTH, cuts); what decodes converts to valid records', () => {
    fc.assert(
      fc.property(message, (bytes) => {
        const started = performance.now();
        const result = decodeMessage(bytes);
        if (result.ok) {
          const records = toDnsRecords([...result.message.answers, ...result.message.authorities, ...result.message.additionals]);
          for (const r of records) {
            expect(validRecord(r), JSON.stringify(r)).toBeUndefined();
            expect(formatRecord(r)).not.toMatch(UNSAFE);
          }
          matchResponse(encodeQuery({ name: 'example.com', type: 'A' }), result.message);
        } else {
          expect(result.error).toMatch(/^cannot decode the DNS message/);
        }
        expect(performance.now() - started).toBeLessThan(100);
      }),
      { numRuns: 3000 },
    );
  });

  it('a message cut anywhere never decodes to a made-up address (dns-packet reads A/AAAA past the end)', () => {
    const full = dnsPacket.encode({
      type: 'response',
      id: 7,
      flags: 0x8180,
      questions: [{ name: 'mail.example.com', type: 'A' }],
      answers: [
        { type: 'CNAME', name: 'mail.example.com', ttl: 60, data: 'host.example.com' },
        { type: 'A', name: 'host.example.com', ttl: 60, data: '192.0.2.1' },
        { type: 'AAAA', name: 'host.example.com', ttl: 60, data: '2001:db8::1' },
        { type: 'A', name: 'host.example.com', ttl: 60, data: '192.0.2.2' },
      ],
    } satisfies Packet);
    for (let cut = 0; cut < full.length; cut++) {
      const result = decodeMessage(full.subarray(0, cut));
      expect(result.ok, `cut at ${cut}`).toBe(false);
    }
    expect(decodeMessage(full).ok).toBe(true);
  });

  it('refuses counts the message cannot hold by arithmetic, before allocating for them', () => {
    fc.assert(
      fc.property(fc.tuple(fc.nat(0xffff), fc.nat(0xffff), fc.nat(0xffff), fc.nat(0xffff)), fc.uint8Array({ maxLength: 200 }), ([qd, an, ns, ar], tail) => {
        const bytes = Buffer.concat([header({ id: 1, flags: 0x8180, qd, an, ns, ar }), Buffer.from(tail)]);
        const started = performance.now();
        const result = decodeMessage(bytes);
        expect(performance.now() - started).toBeLessThan(20);
        if (12 + qd * 5 + (an + ns + ar) * 11 > bytes.length) expect(result.ok).toBe(false);
      }),
      { numRuns: 1000 },
    );
  });

  it('an owner name or data with control octets comes out of formatRecord escaped', () => {
    const bytes = Buffer.concat([
      header({ id: 1, flags: 0x8180, qd: 1, an: 2, ns: 0, ar: 0 }),
      question(textName('example.com'), 15),
      rr(pointer(12), 15, Buffer.concat([u16(10), rawName([Buffer.from('\u001b[31mred'), Buffer.from('a.b'), Buffer.from([0, 0x9b, 0xff])])])),
      rr(pointer(12), 16, characterStrings([Buffer.from('v=spf1 \u001b]0;t\u0007 \r\n-all', 'latin1')])),
    ]);
    const result = decodeMessage(bytes);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const lines = toDnsRecords(result.message.answers).map(formatRecord);
    expect(lines).toHaveLength(2);
    for (const line of lines) expect(line).toMatch(/^[\x20-\x7e]+$/);
  });
});

describe('SMTP replies: parseReply and the line guard', () => {
  it('parseReply never throws: a code in 0-999, one text line per raw line, a bounded one-line summary', () => {
    fc.assert(
      fc.property(fc.oneof(nastyText, fc.string({ unit: octet, maxLength: 300 })), (raw) => {
        const reply = parseReply(raw);
        const rawLines = raw.split('\n');
        return (
          Number.isInteger(reply.code) &&
          reply.code >= 0 &&
          reply.code <= 999 &&
          reply.lines.length === rawLines.length &&
          replySummary(reply).length <= 300 &&
          (reply.malformed === true || rawLines.every((l) => l.startsWith(String(reply.code))))
        );
      }),
      { numRuns: 1000 },
    );
  });

  it('a well-formed reply parses back to its code, enhanced code and lines', () => {
    const code = fc.constantFrom(220, 250, 354, 421, 450, 550, 554);
    const text = fc.string({ unit: fc.constantFrom('a', 'b', ' ', '-', '.', '1', 'é', '\u001b'), maxLength: 20 });
    fc.assert(
      fc.property(code, fc.array(text, { minLength: 1, maxLength: 5 }), (c, lines) => {
        const raw = lines.map((l, i) => `${c}${i === lines.length - 1 ? ' ' : '-'}${l}`).join('\n');
        const reply = parseReply(raw);
        expect(reply.code).toBe(c);
        expect(reply.malformed).toBeUndefined();
        expect(reply.lines).toHaveLength(lines.length);
      }),
      { numRuns: 500 },
    );
  });

  /** Feeds the octets to a small guard in the given chunks; what it reported. */
  function guard(octets: Buffer, cuts: number[]): { violation?: LineGuardViolation['kind']; bareLf: boolean } {
    const out: { violation?: LineGuardViolation['kind']; bareLf: boolean } = { bareLf: false };
    const g = new LineGuard({ onViolation: (v) => (out.violation ??= v.kind), onBareLf: () => (out.bareLf = true) }, 40, 5);
    let from = 0;
    for (const cut of [...cuts.map((c) => c % (octets.length + 1))].sort((a, b) => a - b)) {
      g.push(octets.subarray(from, Math.max(from, cut)));
      from = Math.max(from, cut);
    }
    g.push(octets.subarray(from));
    return out;
  }

  it('the line guard sees the same thing however the octets are cut into chunks (too large, too many lines, bare LF)', () => {
    const piece = fc.constantFrom('250-', '250 ', '220 ', 'x', 'xxxxxxxxxx', '\r\n', '\n', '\r', '-', ' ');
    const octets = fc.array(piece, { maxLength: 40 }).map((p) => Buffer.from(p.join(''), 'latin1'));
    fc.assert(
      fc.property(octets, fc.array(fc.nat(), { maxLength: 8 }), (bytes, cuts) => {
        const whole = guard(bytes, []);
        const chunked = guard(bytes, cuts);
        expect(chunked.violation !== undefined).toBe(whole.violation !== undefined);
        // After a violation the guard stops listening: what it would have seen later is not comparable.
        if (whole.violation === undefined) expect(chunked.bareLf).toBe(whole.bareLf);
      }),
      { numRuns: 10000 },
    );
  });
});

describe('the domain argument: parseDomain', () => {
  it('returns a lower-case ASCII domain of valid labels, or throws a UsageError whose message shows no raw control', () => {
    fc.assert(
      fc.property(fc.oneof(nastyText, fc.domain(), fc.webUrl(), fc.emailAddress(), fc.ipV4(), fc.ipV6(), fc.string({ maxLength: 300 })), (raw) => {
        let domain: string;
        try {
          domain = parseDomain(raw);
        } catch (error) {
          expect(error).toBeInstanceOf(UsageError);
          expect((error as Error).message).not.toMatch(RAW_BUT_LF);
          expect((error as Error).message).not.toContain('\n');
          return;
        }
        expect(domain).toMatch(/^[a-z0-9-]{1,63}(\.[a-z0-9-]{1,63})+$/);
        expect(domain.length).toBeLessThanOrEqual(253);
        expect(parseDomain(domain)).toBe(domain);
      }),
      { numRuns: 3000 },
    );
  });
});

describe('escapeControl and safeJson', () => {
  it('escapeControl leaves no unsafe character, and leaves safe text alone', () => {
    fc.assert(
      fc.property(fc.oneof(nastyText, fc.string({ unit: 'binary', maxLength: 200 }), fc.string({ unit: 'grapheme', maxLength: 50 })), (text) => {
        const out = escapeControl(text);
        expect(out).not.toMatch(UNSAFE);
        if (!UNSAFE.test(text)) expect(out).toBe(text);
        expect(out.length).toBeGreaterThanOrEqual(text.length);
      }),
      { numRuns: 3000 },
    );
  });

  it('safeJson always parses back to the same value, and carries no raw control, C1 or bidi character', () => {
    const value = fc.letrec((tie) => ({
      value: fc.oneof(
        { depthSize: 'small' },
        nastyText,
        fc.string({ unit: 'binary', maxLength: 50 }),
        fc.double(),
        fc.integer(),
        fc.boolean(),
        fc.constant(null),
        fc.array(tie('value'), { maxLength: 4 }),
        fc.dictionary(nastyText, tie('value'), { maxKeys: 4 }),
      ),
    })).value;
    fc.assert(
      fc.property(value, fc.constantFrom(0, 2), (v, indent) => {
        const json = safeJson(v, indent);
        expect(JSON.parse(json)).toEqual(JSON.parse(JSON.stringify(v)));
        expect(json).not.toMatch(indent === 0 ? /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/ : RAW_BUT_LF);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('fillTemplate', () => {
  const key = fc.constantFrom('name', 'host', 'list', 'n', 'missing');
  const template = fc.array(fc.oneof(fc.constantFrom('Text ', ': ', '\n', '{', '}', '{{', 'é', ' '), key.map((k) => `{${k}}`)), { maxLength: 12 }).map((p) => p.join(''));
  const data = fc.record(
    { name: nastyText, host: nastyText, list: fc.array(nastyText, { maxLength: 4 }), n: fc.oneof(fc.integer(), fc.double()) },
    { requiredKeys: [] },
  );

  it('never throws; a line break or control character in the result is the template\'s, never the data\'s', () => {
    fc.assert(
      fc.property(template, data, (t, d) => {
        const out = fillTemplate(t, d);
        expect(out).not.toMatch(RAW_BUT_LF);
        expect(out.split('\n').length).toBe(t.split('\n').length);
      }),
      { numRuns: 3000 },
    );
  });

  it('fills every placeholder it has data for, leaves unknown ones visible, and never fills a value twice', () => {
    fc.assert(
      fc.property(template, data, (t, d) => {
        const out = fillTemplate(t, d);
        expect(fillTemplate(t, {})).toBe(t);
        // Values are braces-free here: a `{key}` left in the output is one the data has no value for.
        const clean = Object.fromEntries(Object.entries(d).map(([k, v]) => [k, typeof v === 'string' ? v.replace(/[{}]/g, '') : Array.isArray(v) ? v.map((x) => x.replace(/[{}]/g, '')) : v]));
        const filled = fillTemplate(t, clean);
        for (const k of Object.keys(clean)) expect(filled).not.toContain(`{${k}}`);
        if (t.includes('{missing}')) expect(out).toContain('{missing}');
      }),
      { numRuns: 2000 },
    );
  });
});

describe('the terminal renderer on random findings', () => {
  const INJECTED = 'INJECTED';
  // Data fields may hold anything, and a line break followed by the marker; wording (message, remedy) holds no raw control.
  const data = fc.oneof(nastyText, nastyText.map((t) => `${t}\n${INJECTED}`), nastyText.map((t) => `${t}\r${INJECTED}`));
  const wording = fc.string({ unit: fc.constantFrom('a', 'b', ' ', '.', ',', '\n', 'é', '{x}'), maxLength: 60 });
  const finding = fc.record(
    {
      id: fc.tuple(fc.constantFrom('mx', 'spf', 'dkim', 'dmarc', 'autodiscover', 'smarthost', 'm365', 'dns', 'other'), fc.constantFrom('present', 'all', data)).map(([a, b]) => `${a}.${b}`),
      status: fc.constantFrom<Status>('pass', 'warn', 'fail', 'error', 'skip'),
      title: data,
      message: wording,
      messageId: fc.constantFrom('ok', 'none', 'several'),
      remedy: wording,
      observed: fc.array(data, { maxLength: 4 }),
      evidence: fc.dictionary(data, data, { maxKeys: 3 }),
    },
    { requiredKeys: ['id', 'status', 'title', 'message', 'messageId', 'evidence'] },
  );

  it('with and without colour: no raw control character but line feeds, no line forged by data', () => {
    fc.assert(
      fc.property(fc.array(finding, { maxLength: 8 }), data, data, fc.boolean(), fc.boolean(), (findings: Finding[], domain, subtitle, color, verbose) => {
        const report = buildReport(findings, { version: '0.0.0', domain, startedAt: new Date(0), durationMs: 1, strict: false, flowMap: flowMapOf(ALL_CHECKS) });
        // eslint-disable-next-line no-control-regex
        const out = renderTerminal(report, { color, verbose, subtitle, width: 60 }).replace(/\u001b\[\d+m/g, '');
        expect(out).not.toMatch(RAW_BUT_LF);
        expect(out).not.toMatch(new RegExp(`^\\s*${INJECTED}`, 'm'));
      }),
      { numRuns: 1500 },
    );
  });
});
