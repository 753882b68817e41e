// mx.* and autodiscover.* (and the DNS client under them) over resolvers that misbehave, huge MX sets and CNAME loops.
// Expected statuses are derived from CHECKS.md / DOMAIN.md, not from what the code happens to do.
import dnsPacket from 'dns-packet';
import type { Packet } from 'dns-packet';
import { describe, expect, it } from 'vitest';
import { ALL_CHECKS } from '../../../src/checks/index.js';
import { createResolver } from '../../../src/dns/resolver.js';
import { runChecks } from '../../../src/engine/run.js';
import type { Status } from '../../../src/engine/types.js';
import { startDnsServer, type DnsServerOptions, type Zone } from '../../../src/testbed/dns-server.js';
import { runZone } from '../../helpers/world.js';
import { healthy, MS } from './zones.js';

const IDS = ['mx.present', 'mx.m365-primary', 'mx.no-bypass', 'mx.targets-resolve', 'autodiscover.cname', 'autodiscover.srv'] as const;

function statuses(byId: Record<string, { status: string } | undefined>, ids: readonly string[]): Record<string, string | undefined> {
  return Object.fromEntries(ids.map((id) => [id, byId[id]?.status]));
}

// --- hostile or broken resolvers ---

const ALL_ERROR = Object.fromEntries(IDS.map((id) => [id, 'error'])) as Record<string, Status>;
const GOOD = healthy('contoso.com');

/** A reply to `q` built by hand, for handlers. */
function replyTo(q: { id: number; questions: Packet['questions'] }, patch: Partial<Packet> = {}): Packet {
  return { type: 'response', id: q.id, flags: dnsPacket.RECURSION_AVAILABLE, questions: q.questions, answers: [], ...patch };
}

describe('mx.* and autodiscover.* over resolvers that do not answer properly', () => {
  const budget = (timeoutMs: number, retries: number) => (retries + 1) * timeoutMs;

  const hostile: { name: string; server: DnsServerOptions; timeoutMs: number; retries: number; expect: Record<string, Status>; maxMs?: number }[] = [
    { name: 'never answers', server: { zone: GOOD, dropAll: true }, timeoutMs: 150, retries: 1, expect: ALL_ERROR },
    { name: 'SERVFAIL to everything', server: { zone: GOOD, rcode: 'SERVFAIL' }, timeoutMs: 150, retries: 1, expect: ALL_ERROR },
    { name: 'REFUSED to everything', server: { zone: GOOD, rcode: 'REFUSED' }, timeoutMs: 150, retries: 1, expect: ALL_ERROR },
    {
      name: 'garbage with the right id',
      server: {
        zone: GOOD,
        handler: (q) => {
          const b = Buffer.from([0, 0, 0x81, 0x80, 0xff, 0xff, 0xff, 0xff, 1, 2, 3]);
          b.writeUInt16BE(q.id, 0);
          return b;
        },
      },
      timeoutMs: 150,
      retries: 1,
      expect: ALL_ERROR,
    },
    {
      name: 'answers with the wrong id',
      server: { zone: GOOD, handler: (q, _t, _r, h) => {
        const d = h.defaultResponse();
        return d === 'drop' ? d : { ...d, id: (q.id + 1) & 0xffff };
      } },
      timeoutMs: 150,
      retries: 1,
      expect: ALL_ERROR,
    },
    {
      name: 'answers another question',
      server: { zone: GOOD, handler: (q) => replyTo(q, { questions: [{ name: 'other.example', type: 'A', class: 'IN' }] }) },
      timeoutMs: 150,
      retries: 1,
      expect: ALL_ERROR,
    },
    {
      name: 'a lame referral (NS, no SOA, not authoritative) to every question',
      server: {
        zone: GOOD,
        recursive: false,
        handler: (q) => ({
          type: 'response',
          id: q.id,
          flags: 0,
          questions: q.questions,
          answers: [],
          authorities: [{ type: 'NS', name: 'com', ttl: 300, data: 'a.gtld-servers.net' }],
        }),
      },
      timeoutMs: 150,
      retries: 1,
      expect: ALL_ERROR,
    },
    { name: 'truncates every UDP answer and has no TCP', server: { zone: GOOD, truncateUdp: true, tcp: false }, timeoutMs: 150, retries: 1, expect: ALL_ERROR },
    {
      name: 'truncates every UDP answer, TCP works',
      server: { zone: GOOD, truncateUdp: true },
      timeoutMs: 300,
      retries: 0,
      expect: Object.fromEntries(IDS.map((id) => [id, 'pass'])) as Record<string, Status>,
    },
    {
      name: 'SERVFAIL for the MX question only',
      server: { zone: GOOD, handler: (q) => (q.questions[0]?.type === 'MX' ? replyTo(q, { flags: dnsPacket.RECURSION_AVAILABLE | 2 }) : undefined) },
      timeoutMs: 150,
      retries: 1,
      expect: { 'mx.present': 'error', 'mx.m365-primary': 'error', 'mx.no-bypass': 'error', 'mx.targets-resolve': 'error', 'autodiscover.cname': 'pass', 'autodiscover.srv': 'pass' },
    },
    {
      name: 'SERVFAIL for the MX target addresses only',
      server: { zone: GOOD, handler: (q) => (q.questions[0]?.name.toLowerCase() === MS ? replyTo(q, { flags: dnsPacket.RECURSION_AVAILABLE | 2 }) : undefined) },
      timeoutMs: 150,
      retries: 1,
      expect: { 'mx.present': 'pass', 'mx.m365-primary': 'pass', 'mx.no-bypass': 'pass', 'mx.targets-resolve': 'error' },
    },
    {
      name: 'autodiscover name exists without A; its AAAA question is never answered',
      server: {
        zone: { ...GOOD, 'autodiscover.contoso.com': [{ TXT: 'x' }] },
        handler: (q) => (q.questions[0]?.type === 'AAAA' && q.questions[0].name.toLowerCase() === 'autodiscover.contoso.com' ? 'drop' : undefined),
      },
      timeoutMs: 150,
      retries: 1,
      // Neither "missing" (warn) nor "address" (fail) is known while the AAAA is unanswered.
      expect: { 'autodiscover.cname': 'error' },
    },
    {
      name: 'REFUSED for the autodiscover names only',
      server: { zone: GOOD, handler: (q) => (q.questions[0]?.name.toLowerCase().includes('autodiscover') ? replyTo(q, { flags: dnsPacket.RECURSION_AVAILABLE | 5 }) : undefined) },
      timeoutMs: 150,
      retries: 1,
      expect: { 'mx.present': 'pass', 'autodiscover.cname': 'error', 'autodiscover.srv': 'error' },
    },
  ];

  for (const h of hostile) {
    it(h.name, async () => {
      const { byId, elapsedMs } = await runZone('contoso.com', h.server, { timeoutMs: h.timeoutMs, retries: h.retries });
      expect(statuses(byId, Object.keys(h.expect))).toEqual(h.expect);
      for (const id of Object.keys(h.expect)) {
        const f = byId[id]!;
        if (f.status === 'error') {
          expect(f.message).not.toMatch(/internal error|\.ts:\d+|\n\s+at /);
          expect(f.remedy).toBeTruthy();
        }
      }
      // Lookups that depend on each other (MX, then its targets) may take two budgets; never the check deadline.
      expect(elapsedMs).toBeLessThan(2 * budget(h.timeoutMs, h.retries) + 700);
    });
  }

  it('a large MX set arrives over TCP and a hosting MX at its end is still seen', async () => {
    const many: Zone = {
      'big.com': [
        ...Array.from({ length: 40 }, (_, i) => ({ MX: [0, `big-com-${String(i).padStart(2, '0')}-abcdefghijklmnop.mail.protection.outlook.com`] as [number, string] })),
        { MX: [50, 'mail.big.com'] },
      ],
      'mail.big.com': [{ A: '203.0.113.60' }],
    };
    for (let i = 0; i < 40; i++) many[`big-com-${String(i).padStart(2, '0')}-abcdefghijklmnop.mail.protection.outlook.com`] = [{ A: `198.51.100.${100 + i}` }];
    const { byId } = await runZone('big.com', { zone: many }, { timeoutMs: 500 });
    expect(statuses(byId, ['mx.present', 'mx.m365-primary', 'mx.no-bypass', 'mx.targets-resolve'])).toEqual({
      'mx.present': 'pass',
      'mx.m365-primary': 'pass',
      'mx.no-bypass': 'fail',
      'mx.targets-resolve': 'pass',
    });
    expect(byId['mx.no-bypass']!.message).toContain('mail.big.com');
  });
});

describe('more MX records than the client keeps per answer', () => {
  it('a hosting MX after 300 Microsoft ones is not judged as absent', async () => {
    const names = Array.from({ length: 300 }, (_, i) => `t${i}.mail.protection.outlook.com`);
    const zone: Zone = {
      'huge.com': [...names.map((n) => ({ MX: [10, n] as [number, string] })), { MX: [0, 'mail.huge.com'] }],
      'mail.huge.com': [{ A: '203.0.113.70' }],
    };
    for (const [i, n] of names.entries()) zone[n] = [{ A: `198.51.${100 + Math.floor(i / 250)}.${i % 250}` }];
    const { byId } = await runZone('huge.com', { zone }, { timeoutMs: 1000 });
    // Either the hosting MX is seen (fail) or the run says it could not judge everything (error); never pass.
    expect(byId['mx.no-bypass']!.status).not.toBe('pass');
    expect(byId['mx.m365-primary']!.status).not.toBe('pass');
  });
});

describe('failover and noise before the real answer', () => {
  it('first resolver never answers, the second does: every check judged, within one timeout per lookup', async () => {
    const dead = await startDnsServer({ zone: GOOD, dropAll: true });
    const live = await startDnsServer({ zone: GOOD });
    try {
      const resolver = createResolver({ servers: [dead.address, live.address], timeoutMs: 150, retries: 1 });
      const t0 = performance.now();
      const findings = await runChecks({
        domain: 'contoso.com',
        input: { noSmtp: true },
        dns: resolver,
        checks: ALL_CHECKS.filter((c) => (IDS as readonly string[]).includes(c.meta.id)),
        now: new Date(),
        checkTimeoutMs: 10_000,
      });
      const byId = Object.fromEntries(findings.map((f) => [f.id, f]));
      expect(statuses(byId, IDS)).toEqual(Object.fromEntries(IDS.map((id) => [id, 'pass'])));
      expect(live.queries.length).toBeGreaterThan(0);
      // MX, then its target: two sequential lookups, each losing one timeout to the dead server.
      expect(performance.now() - t0).toBeLessThan(2 * 150 + 600);
    } finally {
      await Promise.all([dead.close(), live.close()]);
    }
  });

  it('a forged reply with a wrong id and a garbage datagram arrive first, then the real answer', async () => {
    const { byId } = await runZone(
      'contoso.com',
      {
        zone: GOOD,
        handler: (q, transport, _r, h) => {
          const real = h.defaultResponse();
          if (real === 'drop' || transport === 'tcp') return undefined;
          const forged = dnsPacket.encode({ ...real, id: (q.id + 1) & 0xffff, answers: [{ type: 'MX', name: 'contoso.com', data: { preference: 0, exchange: 'mail.attacker.example' } }] });
          return [forged, Buffer.from([1]), real];
        },
      },
      { timeoutMs: 300 },
    );
    expect(statuses(byId, IDS)).toEqual(Object.fromEntries(IDS.map((id) => [id, 'pass'])));
  });
});

describe('an MX target in a CNAME loop', () => {
  it('is never judged resolvable', async () => {
    const zone: Zone = {
      'loop.com': [{ MX: [0, 'mx.loop.com'] }],
      'mx.loop.com': [{ CNAME: 'mx2.loop.com' }],
      'mx2.loop.com': [{ CNAME: 'mx.loop.com' }],
    };
    const { byId } = await runZone('loop.com', { zone }, { timeoutMs: 150 });
    expect(['fail', 'error']).toContain(byId['mx.targets-resolve']!.status);
  });
});
