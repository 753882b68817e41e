// Regression tests for the bugs the DNS fuzzer and the property tests found (npm run fuzz; test/fuzz/), one describe per fix.
import { getEventListeners } from 'node:events';
import net from 'node:net';
import dnsPacket from 'dns-packet';
import { afterEach, describe, expect, it } from 'vitest';
import { createResolver } from '../../src/dns/resolver.js';
import { decodeMessage, toDnsRecord } from '../../src/dns/packet.js';
import type { DnsClient, DnsResult } from '../../src/dns/types.js';
import { engineMessages } from '../../src/engine/messages.js';
import { ALL_CHECKS } from '../../src/checks/index.js';
import { flowMapOf } from '../../src/checks/flows.js';
import { buildReport } from '../../src/engine/report.js';
import { renderTerminal } from '../../src/report/terminal.js';
import { LineGuard, MAX_REPLY_BYTES, type LineGuardViolation } from '../../src/smtp/line-guard.js';
import { probeSmtp } from '../../src/smtp/index.js';
import { checkHost } from '../../src/spf/index.js';
import { startDnsServer, type DnsTestServer } from '../../src/testbed/dns-server.js';
import { runZone } from '../helpers/world.js';

let server: DnsTestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('a DNS message cut inside an A or AAAA record is malformed, not 1.2.3.undefined', () => {
  const full = dnsPacket.encode({
    type: 'response',
    id: 1,
    flags: 0x8180,
    questions: [{ name: 'a.example', type: 'A' }],
    answers: [{ name: 'a.example', type: 'A', ttl: 60, data: '192.0.2.1' }],
  });

  it('decodeMessage refuses a message dns-packet read past the end of', () => {
    for (let cut = 1; cut <= 4; cut++) {
      const result = decodeMessage(full.subarray(0, full.length - cut));
      expect(result.ok, `${cut} octets short`).toBe(false);
      if (!result.ok) expect(result.error).toMatch(/ends inside a record/);
    }
  });

  it('toDnsRecord drops A and AAAA data that is not an address', () => {
    expect(toDnsRecord({ name: 'a.example', type: 'A', ttl: 1, data: '1.2.3.undefined' })).toBeUndefined();
    expect(toDnsRecord({ name: 'a.example', type: 'AAAA', ttl: 1, data: 'nope' })).toBeUndefined();
    expect(toDnsRecord({ name: 'a.example', type: 'A', ttl: 1, data: '192.0.2.1' })).toMatchObject({ data: '192.0.2.1' });
  });

  it('through the resolver: the cut answer is a malformed response, never an address', async () => {
    server = await startDnsServer({ handler: (query) => Buffer.concat([full.subarray(0, 2).fill(0), full.subarray(2, full.length - 2)]).fill(query.id >> 8, 0, 1).fill(query.id & 0xff, 1, 2) });
    const resolver = createResolver({ servers: [server.address], timeoutMs: 500, retries: 0 });
    const result = await resolver.query('a.example', 'A');
    expect(result).toMatchObject({ status: 'error', code: 'EBADRESP', records: [] });
    expect(result.reason).toMatch(/malformed.*ends inside a record/);
  });
});

describe('a header announcing more records than the message can hold is refused by arithmetic', () => {
  it('12 octets announcing 65535 of everything: an error value at once, not milliseconds of allocation', () => {
    const liar = Buffer.from([0, 1, 0x81, 0x80, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 1, 0x61, 0]);
    const started = performance.now();
    for (let i = 0; i < 200; i++) expect(decodeMessage(liar).ok).toBe(false);
    // dns-packet alone takes ~10 ms per such message (four 65535-slot arrays); 200 of them now take far less.
    expect(performance.now() - started).toBeLessThan(200);
    const result = decodeMessage(liar);
    if (!result.ok) expect(result.error).toMatch(/announces 65535 questions and 196605 records/);
  });
});

describe('engine messages escape the DNS data they quote: a line break never forges a report line', () => {
  it('lookupFailed escapes the name and the reason', () => {
    const result: DnsResult = {
      question: { name: 'x.example', type: 'TXT' },
      status: 'error',
      records: [],
      cnames: [],
      canonicalName: 'x.example',
      code: 'EREFERRAL',
      reason: '127.0.0.1:53 answered with a referral to ns\u001b[31m\n  ✔ pass   mx.present  forged',
    };
    const message = engineMessages.lookupFailed(result);
    expect(message).not.toMatch(/[\u0000-\u001f]/);
    expect(message).toContain('ns\\x1b[31m\\x0a');
    expect(engineMessages.crashed('bad\nline')).toBe('The check stopped on an internal error: bad\\x0aline.');
  });

  it('end to end: a referral naming a hostile NS makes `error` findings whose terminal lines are all the report\'s own', async () => {
    const run = await runZone(
      'contoso.com',
      {
        zone: { 'contoso.com': [{ MX: [0, 'contoso-com.mail.protection.outlook.com'] }] },
        handler: (query) => {
          if (query.questions[0]?.type !== 'TXT') return undefined;
          return { type: 'response', id: query.id, flags: dnsPacket.RECURSION_DESIRED, questions: query.questions, answers: [], authorities: [{ type: 'NS', name: 'contoso.com', ttl: 60, data: 'ns.\nFORGED.example' }] };
        },
      },
      { timeoutMs: 500 },
    );
    const errors = run.findings.filter((f) => f.status === 'error' && /referral/.test(f.message));
    expect(errors.length).toBeGreaterThan(0);
    const text = renderTerminal(buildReport(run.findings, { version: '0', domain: 'contoso.com', startedAt: new Date(0), durationMs: 1, strict: false, flowMap: flowMapOf(ALL_CHECKS) }), { color: false });
    expect(text).not.toMatch(/^\s*forged/im);
    // (dns-packet's encoder drops the dot before a line break: the name on the wire is ns<LF>forged.example.)
    expect(text).toContain('ns\\x0aforged.example');
  });
});

describe('check_host() adds one abort listener per signal, however many evaluations share it (no MaxListenersExceededWarning)', () => {
  it('twenty concurrent evaluations on one signal: one listener, no process warning', async () => {
    const warnings: Error[] = [];
    const onWarning = (w: Error): void => {
      warnings.push(w);
    };
    process.on('warning', onWarning);
    try {
      let release!: () => void;
      const gate = new Promise<void>((resolve) => (release = resolve));
      const dns: DnsClient = {
        async query(name, type) {
          await gate;
          return { question: { name, type }, status: 'nxdomain', records: [], cnames: [], canonicalName: name };
        },
      };
      const controller = new AbortController();
      const runs = Array.from({ length: 20 }, (_, i) => checkHost({ ip: `192.0.2.${i + 1}`, domain: 'example.com', dns, signal: controller.signal }));
      await new Promise((resolve) => setImmediate(resolve));
      expect(getEventListeners(controller.signal, 'abort').length).toBeLessThanOrEqual(1);
      release();
      await Promise.all(runs);
      await new Promise((resolve) => setImmediate(resolve));
      expect(warnings.map((w) => w.name)).not.toContain('MaxListenersExceededWarning');
    } finally {
      process.off('warning', onWarning);
    }
  });

  it('end to end: a smart host with 15 addresses (15 evaluations in smarthost.loop) prints no warning', async () => {
    const warnings: Error[] = [];
    const onWarning = (w: Error): void => {
      warnings.push(w);
    };
    process.on('warning', onWarning);
    try {
      const addresses = Array.from({ length: 15 }, (_, i) => ({ A: `203.0.113.${i + 1}` }));
      const run = await runZone('contoso.com', {
        zone: {
          'contoso.com': [{ MX: [0, 'contoso-com.mail.protection.outlook.com'] }],
          'contoso-com.mail.protection.outlook.com': [{ A: '198.51.100.10' }],
          'mail.contoso.com': addresses,
          'spf.protection.outlook.com': [{ TXT: 'v=spf1 ip4:40.92.0.0/15 -all' }],
        },
      });
      expect(run.byId['smarthost.loop']?.status).toBe('pass');
      await new Promise((resolve) => setImmediate(resolve));
      expect(warnings.map((w) => w.name)).not.toContain('MaxListenersExceededWarning');
    } finally {
      process.off('warning', onWarning);
    }
  });
});

describe('the SMTP line guard enforces its byte cap at line ends too, not only at the end of a chunk', () => {
  function feed(chunks: Buffer[]): LineGuardViolation | undefined {
    let violation: LineGuardViolation | undefined;
    const guard = new LineGuard({ onViolation: (v) => (violation ??= v), onBareLf: () => undefined });
    for (const chunk of chunks) guard.push(chunk);
    return violation;
  }

  it('a 70 KB reply line that ends in the chunk that carries it over the cap is too large', () => {
    const reply = Buffer.from(`220 ${'x'.repeat(70 * 1024)}\r\n`);
    expect(feed([reply])).toMatchObject({ kind: 'too-large' });
    expect(feed([reply.subarray(0, 60_000), reply.subarray(60_000)])).toMatchObject({ kind: 'too-large' });
    expect(feed([Buffer.from(`220 ${'x'.repeat(MAX_REPLY_BYTES - 10)}\r\n`)])).toBeUndefined();
  });

  it('through the probe: a 100 KB greeting written at once is ETOOLARGE, not accepted', async () => {
    const sockets = new Set<net.Socket>();
    const big = net.createServer((socket) => {
      sockets.add(socket);
      socket.on('error', () => undefined);
      socket.write(`220 ${'x'.repeat(100 * 1024)}\r\n`);
    });
    await new Promise<void>((resolve) => big.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = big.address() as net.AddressInfo;
      const result = await probeSmtp({ host: 'mail.example.test', connect: () => ({ host: '127.0.0.1', port }), timeoutMs: 2000 });
      expect(result).toMatchObject({ ok: false, phase: 'greeting', error: { code: 'ETOOLARGE' } });
      expect(result.greeting).toBeUndefined();
    } finally {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => big.close(() => resolve()));
    }
  });
});

describe('the loopback DNS server never fails a write into an unhandled rejection', () => {
  it('a TCP reply too large for a frame is recorded as a server error and not sent; the client times out', async () => {
    const answers = Array.from({ length: 2000 }, (_, i) => ({ type: 'TXT' as const, name: 'big.example', ttl: 60, data: [`v=spf1 ${'x'.repeat(40)} ${i}`] }));
    server = await startDnsServer({
      handler: (query, transport) =>
        transport === 'udp'
          ? { type: 'response', id: query.id, flags: dnsPacket.TRUNCATED_RESPONSE, questions: query.questions }
          : { type: 'response', id: query.id, questions: query.questions, answers },
    });
    const resolver = createResolver({ servers: [server.address], timeoutMs: 300, retries: 0 });
    const result = await resolver.query('big.example', 'TXT');
    expect(result.status).toBe('timeout');
    expect(server.errors.some((e) => /does not fit a TCP frame/.test(e))).toBe(true);
  });
});
