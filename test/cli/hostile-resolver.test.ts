// Resolvers that never answer, fail, send garbage or wrong ids: DNS checks are `error`, exit 3, no hang, no stack.
import dnsPacket from 'dns-packet';
import type { Packet } from 'dns-packet';
import { afterEach, describe, expect, it } from 'vitest';
import type { Report, Status } from '../../src/engine/types.js';
import { startDnsServer, type DnsServerOptions, type DnsTestServer } from '../../src/testbed/dns-server.js';
import { MX_WORLDS } from '../checks/mx/worlds.js';
import { healthy as healthyZone } from '../checks/mx/zones.js';
import { runCli } from '../helpers/cli.js';
import { runMain } from '../helpers/in-process.js';

const healthy = MX_WORLDS.find((w) => w.name === 'healthy split domain')!;
const TIMEOUT = 200;
const RETRIES = 1;

let server: DnsTestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function runAgainst(options: DnsServerOptions, extra: string[] = []) {
  server = await startDnsServer({ zone: healthy.zone, ...options });
  // The kill timer is a hang guard far above (retries + 1) × timeout, not a speed assertion.
  const r = await runCli(
    // SMTP would leave loopback (and needs DNS first): off; every DNS-based check must say error.
    [healthy.domain, '--resolver', `127.0.0.1:${server.address.port}`, '--timeout', String(TIMEOUT), '--retries', String(RETRIES), '--json', '--no-smtp', ...extra],
    { timeoutMs: 15_000 },
  );
  return { ...r, report: JSON.parse(r.stdout) as Report };
}

function expectAllErrors(report: Report, stderr: string, reason: RegExp): void {
  const judged = report.results.filter((r) => r.status !== 'skip');
  // Only what this run turned off or was not given may skip: the SMTP checks (--no-smtp), the inside view (no export, no cPanel) and dns.consistency (no --authoritative).
  expect(report.results.filter((r) => r.status === 'skip').every((r) => /^(smarthost|m365|hosting|mailboxes)\./.test(r.id) || r.id === 'dns.consistency')).toBe(true);
  expect(judged.length).toBeGreaterThan(10);
  expect(judged.map((r) => `${r.id}:${r.status}`)).toEqual(judged.map((r) => `${r.id}:error`));
  expect(report.summary.error).toBe(judged.length);
  for (const r of judged) {
    expect(r.message).toMatch(reason);
    expect(r.remedy).toBeTruthy();
  }
  expect(stderr).not.toMatch(/\n\s+at /);
}

describe('a hostile or broken resolver', () => {
  it('never answers: every check is error with the timeout named, exit 3', async () => {
    const r = await runAgainst({ dropAll: true });
    expect(r.code).toBe(3);
    expectAllErrors(r.report, r.stderr, /timeout|no answer/i);
  });

  it('answers SERVFAIL: error, not fail, exit 3', async () => {
    const r = await runAgainst({ rcode: 'SERVFAIL' });
    expect(r.code).toBe(3);
    expectAllErrors(r.report, r.stderr, /SERVFAIL/i);
  });

  it('answers REFUSED: error, exit 3', async () => {
    const r = await runAgainst({ rcode: 'REFUSED' });
    expect(r.code).toBe(3);
    expectAllErrors(r.report, r.stderr, /REFUSED/i);
  });

  it('sends garbage carrying the right id: error, exit 3', async () => {
    const r = await runAgainst({
      handler: (query) => {
        const junk = Buffer.alloc(40, 0xff);
        junk.writeUInt16BE(query.id, 0);
        return junk;
      },
    });
    expect(r.code).toBe(3);
    expectAllErrors(r.report, r.stderr, /malformed|garbage|could not be decoded|EBADRESP/i);
  });

  it('answers only with wrong ids: they are ignored, the lookups time out, exit 3', async () => {
    const r = await runAgainst({
      handler: (query, _t, _r, helpers) => {
        const answer = helpers.defaultResponse();
        if (answer === 'drop') return 'drop';
        return { ...answer, id: (query.id + 1) & 0xffff };
      },
    });
    expect(r.code).toBe(3);
    expectAllErrors(r.report, r.stderr, /timeout|no answer/i);
  });

  it('sends a wrong id first, then the right answer: the right one is used', async () => {
    const r = await runAgainst({
      handler: (query, _t, _r, helpers) => {
        const answer = helpers.defaultResponse();
        if (answer === 'drop') return 'drop';
        return [{ ...answer, id: (query.id + 7) & 0xffff }, answer];
      },
    });
    const judged = r.report.results.filter((x) => x.id.startsWith('mx.') || x.id.startsWith('autodiscover.'));
    expect(judged.every((x) => x.status === 'pass')).toBe(true);
    expect(r.report.summary.error).toBe(0);
  });

  it('truncates every UDP answer: everything still passes over TCP', async () => {
    const r = await runAgainst({ truncateUdp: true }, ['--only', 'mx', '--only', 'autodiscover']);
    expect(r.code).toBe(0);
    expect(r.report.summary).toEqual({ pass: 6, warn: 0, fail: 0, error: 0, skip: 0 });
    expect(server!.queries.some((q) => q.transport === 'tcp')).toBe(true);
  });
});

const IDS = ['mx.present', 'mx.m365-primary', 'mx.no-bypass', 'mx.targets-resolve', 'autodiscover.cname', 'autodiscover.srv'] as const;
const GOOD = healthyZone('contoso.com');

/** A reply to `q` built by hand, for handlers. */
function replyTo(q: { id: number; questions: Packet['questions'] }, patch: Partial<Packet> = {}): Packet {
  return { type: 'response', id: q.id, flags: dnsPacket.RECURSION_AVAILABLE, questions: q.questions, answers: [], ...patch };
}

describe('the exit code when the mx and autodiscover lookups go unanswered [adversarial]', () => {
  async function cli(server: DnsServerOptions, extra: string[] = []): Promise<{ code: number; stdout: string; stderr: string; ms: number }> {
    const dns = await startDnsServer(server);
    try {
      const t0 = performance.now();
      const out = await runMain([
        'contoso.com', '--resolver', `127.0.0.1:${dns.port}`, '--timeout', '200', '--retries', '1',
        '--only', 'mx', '--only', 'autodiscover', '--no-smtp', '--json', ...extra,
      ]);
      return { ...out, ms: performance.now() - t0 };
    } finally {
      await dns.close();
    }
  }

  it('a resolver that never answers: every check error, exit 3, within about (retries+1)×timeout', async () => {
    const r = await cli({ zone: GOOD, dropAll: true });
    expect(r.code).toBe(3);
    const report = JSON.parse(r.stdout) as { results: { id: string; status: string }[] };
    expect(report.results.map((x) => x.id).sort()).toEqual([...IDS].sort());
    expect(new Set(report.results.map((x) => x.status))).toEqual(new Set(['error']));
    expect(r.stderr).not.toMatch(/\n\s+at .*:\d+:\d+/);
    expect(r.ms).toBeLessThan(2 * 400 + 1000);
  });

  it('MX SERVFAILs, the rest answers: exit 3, never 1', async () => {
    const r = await cli({ zone: GOOD, handler: (q) => (q.questions[0]?.type === 'MX' ? replyTo(q, { flags: dnsPacket.RECURSION_AVAILABLE | 2 }) : undefined) });
    expect(r.code).toBe(3);
    const report = JSON.parse(r.stdout) as { summary: Record<Status, number> };
    expect(report.summary).toMatchObject({ fail: 0, error: 4, pass: 2 });
  });

  it('a resolver that truncates every UDP answer: the healthy zone passes over TCP, exit 0', async () => {
    const r = await cli({ zone: GOOD, truncateUdp: true });
    const report = JSON.parse(r.stdout) as { summary: Record<Status, number> };
    expect(report.summary).toMatchObject({ fail: 0, error: 0, pass: 6 });
    expect(r.code).toBe(0);
  });
});
