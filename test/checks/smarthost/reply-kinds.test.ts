// The smarthost.* checks against each kind of reply real servers give (Postfix's prober refusals at RCPT, its 454 relay refusal, greylisting, rate limits, local errors, cPanel's Local/forwarder/Backup MX answers), scripted on loopback.
import { afterEach, describe, expect, it } from 'vitest';
import type { CheckInput, Finding, Status } from '../../../src/engine/types.js';
import { createSmtpClient, type RecordingSmtpClient } from '../../../src/smtp/client.js';
import type { SmtpConnectHook } from '../../../src/smtp/types.js';
import type { Zone } from '../../../src/testbed/dns-server.js';
import { startMicrosoftEdgeServer } from '../../../src/testbed/smtp-microsoft.js';
import { startScriptedServer, type ScriptedServer, type ScriptedServerOptions } from '../../../src/testbed/smtp-scripted.js';
import type { RunningSmtpServer } from '../../../src/testbed/smtp-common.js';
import { runZone, type WorldRun } from '../../helpers/world.js';
import { closedPort, DEFAULT_ZONE, DOMAIN, MAILBOX, MS_MX, SMART_HOST } from '../../helpers/smtp-servers.js';

const M365 = 'ben@example.test';
const RANDOM = 'splitcheck-probe-0123456789@example.test';
const IDS = ['smarthost.smtp', 'smarthost.accepts-mailbox', 'smarthost.rejects-unknown', 'smarthost.routes-to-m365'] as const;

const open: RunningSmtpServer[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((s) => s.close()));
});

interface Run extends WorldRun {
  server: ScriptedServer;
  client: RecordingSmtpClient;
  byStatus: Record<string, Status | undefined>;
}

/** The scripted smart host at mail.example.test:25 (and at every address of it), the Internal Relay edge at the MX. */
async function run(script: ScriptedServerOptions, input: CheckInput = {}, zone: Zone = {}, timeoutMs = 1000): Promise<Run> {
  const server = await startScriptedServer(script);
  const edge = await startMicrosoftEdgeServer({ mode: 'internal-relay', acceptedDomains: [DOMAIN], mailboxes: [M365] });
  open.push(server, edge);
  const refused = await closedPort();
  const connect: SmtpConnectHook = (target) => {
    if (target.host === SMART_HOST) return { host: server.host, port: server.port };
    if (target.host === MS_MX) return { host: edge.host, port: edge.port };
    return { host: '127.0.0.1', port: refused };
  };
  const client = createSmtpClient({ timeoutMs, connect, heloName: 'probe.splitcheck.test' });
  const result = await runZone(DOMAIN, { zone: { ...DEFAULT_ZONE, ...zone } }, {
    input: { probeLocalPart: 'splitcheck-probe-0123456789', mailboxes: [MAILBOX], m365Mailboxes: [M365], ...input },
    smtp: client,
  });
  expect(server.sawData).toBe(false);
  expect(edge.sawData).toBe(false);
  const byStatus = Object.fromEntries(IDS.map((id) => [id, result.byId[id]?.status]));
  return { ...result, server, client, byStatus };
}

const finding = (r: Run, id: string): Finding => {
  const f = r.byId[id];
  expect(f, id).toBeDefined();
  return f!;
};

/** A reply for every RCPT (and nothing else refused). */
const everyRcpt = (reply: string): ScriptedServerOptions => ({ rcpt: () => reply });

describe("refusals of the prober (Postfix's client and HELO restrictions at RCPT) are error with the real reason, never fail", () => {
  it.each([
    ['554 5.7.1 <[127.0.0.1]>: Helo command rejected: Host not found', 'introduced itself with, EHLO', /--helo/],
    ['450 4.7.1 <probe.splitcheck.test>: Helo command rejected: Host not found', 'introduced itself with, EHLO', /--helo/],
    ['504 5.5.2 <probe>: Helo command rejected: need fully-qualified hostname', 'introduced itself with, EHLO', /--helo/],
    ['550 5.7.25 Client host rejected: cannot find your hostname, [127.0.0.1]', 'no matching reverse DNS', /reverse DNS/],
    ['450 4.7.25 Client host rejected: cannot find your hostname, [127.0.0.1]', 'no matching reverse DNS', /reverse DNS/],
    ['554 5.7.1 Service unavailable; Client host [127.0.0.1] blocked using zen.spamhaus.org; https://www.spamhaus.org/query/ip/127.0.0.1', 'block list', /another network/],
    ['554 5.7.1 <unknown[127.0.0.1]>: Client host rejected: Access denied', 'connecting client', /another network/],
  ])('%s', async (reply, words, remedy) => {
    const r = await run(everyRcpt(reply));
    expect(r.byStatus).toEqual({
      'smarthost.smtp': 'pass',
      'smarthost.accepts-mailbox': 'error',
      'smarthost.rejects-unknown': 'error',
      'smarthost.routes-to-m365': 'error',
    });
    for (const id of IDS.slice(1)) {
      const f = finding(r, id);
      expect(f.message, id).toContain(words);
      expect(f.message, id).toContain(reply.slice(0, 20));
      expect(f.message, id).toMatch(/about the prober|connecting client/);
      expect(f.remedy, id).toMatch(remedy);
    }
    // The EHLO name the servers saw is the one the message quotes.
    if (words.includes('EHLO')) expect(finding(r, 'smarthost.accepts-mailbox').message).toContain('EHLO probe.splitcheck.test');
  });

  it('refused already at MAIL FROM (smtpd_delay_reject = no): one error naming every address asked about', async () => {
    const r = await run({ mail: () => '554 5.7.1 <probe.splitcheck.test>: Helo command rejected: Host not found' }, { mailboxes: [MAILBOX, 'carl@example.test'] });
    expect(r.byStatus['smarthost.accepts-mailbox']).toBe('error');
    expect(r.byStatus['smarthost.routes-to-m365']).toBe('error');
    expect(finding(r, 'smarthost.accepts-mailbox').message).toMatch(/<anna@example\.test>, <carl@example\.test>: .*refused the name this machine introduced itself with/);
  });

  it('the same HELO refusal for several mailboxes is said once, naming them all', async () => {
    const r = await run(everyRcpt('554 5.7.1 <[127.0.0.1]>: Helo command rejected: go away'), { mailboxes: [MAILBOX, 'carl@example.test'] });
    const message = finding(r, 'smarthost.accepts-mailbox').message;
    expect(message).toContain('<anna@example.test>, <carl@example.test>');
    expect(message.match(/Could not verify/g)).toHaveLength(1);
  });
});

describe('relay refusals, and "not now" told apart by its words', () => {
  it("Postfix's default 454 4.7.1 Relay access denied is a relay refusal: fail with the routing fix, not greylisting", async () => {
    const r = await run({ rcpt: (to) => `454 4.7.1 <${to}>: Relay access denied` });
    expect(r.byStatus).toEqual({
      'smarthost.smtp': 'pass',
      'smarthost.accepts-mailbox': 'fail',
      // The domain is not the server's own: no catch-all, and hosting users' mail to Microsoft 365 leaves by the MX.
      'smarthost.rejects-unknown': 'pass',
      'smarthost.routes-to-m365': 'pass',
    });
    const accepts = finding(r, 'smarthost.accepts-mailbox');
    expect(accepts.message).toContain('refuses <anna@example.test> as relaying (454 4.7.1 <anna@example.test>: Relay access denied)');
    expect(accepts.message).not.toMatch(/greylist/i);
    expect(accepts.remedy).toContain('Email Routing');
    expect(accepts.remedy).toContain('Local Mail Exchanger');
    expect(finding(r, 'smarthost.routes-to-m365').message).toMatch(/does not take example\.test as its own.*Microsoft 365/);
  });

  it.each([
    ['450 4.2.0 <anna@example.test>: Recipient address rejected: Greylisted, see http://postgrey.schweikert.ch/help/example.test.html', /greylisting/, /5 to 15 minutes/],
    ['451 4.7.1 Please try again later', /greylisting/, /5 to 15 minutes/],
    ['450 4.7.1 Error: too many recipients from 127.0.0.1', /rate or connection limit/, /Wait/],
    ['452 4.5.3 Error: too many recipients', /rate or connection limit/, /Wait/],
    ['451 4.3.0 <anna@example.test>: Temporary lookup failure', /error of the server itself/, /log/],
    ['451 4.3.5 Server configuration problem', /error of the server itself/, /log/],
    ['451 Temporary local problem - please try later', /error of the server itself/, /log/],
    ['450 Not now', /gives no reason/, /Run again/],
  ])('%s', async (reply, words, remedy) => {
    const r = await run({ rcpt: (to) => (to === MAILBOX ? reply : '550 5.1.1 <x>: Recipient address rejected: User unknown in local recipient table') });
    const f = finding(r, 'smarthost.accepts-mailbox');
    expect(f.status).toBe('error');
    expect(f.message).toMatch(words);
    // Each quotes the reply it read.
    expect(f.message).toContain(`"${reply.slice(0, 40)}`);
    expect(f.remedy).toMatch(remedy);
  });
});

describe('cPanel routing seen from outside: Local without forwarder, forwarder, Backup Mail Exchanger', () => {
  const cpanel = (known: string[]): ScriptedServerOptions => ({
    rcpt: (to) => (known.includes(to) ? '250 Accepted' : `550 5.1.1 <${to}>: No Such User Here`),
  });

  it('Local routing, no forwarder for the Microsoft 365 colleague: routes-to-m365 fails with the cPanel forwarder fix', async () => {
    const r = await run(cpanel([MAILBOX]));
    expect(r.byStatus).toEqual({
      'smarthost.smtp': 'pass',
      'smarthost.accepts-mailbox': 'pass',
      'smarthost.rejects-unknown': 'pass',
      'smarthost.routes-to-m365': 'fail',
    });
    const f = finding(r, 'smarthost.routes-to-m365');
    expect(f.message).toContain('550 5.1.1 <ben@example.test>: No Such User Here');
    expect(f.message).toContain('from the hosting address <anna@example.test>');
    expect(f.remedy).toContain('Email → Forwarders → Add Forwarder');
    expect(f.remedy).toContain('ben@<tenant>.onmicrosoft.com');
  });

  it('a forwarder (or a leftover mailbox) for the colleague: warn, saying how to tell them apart', async () => {
    const r = await run(cpanel([MAILBOX, M365]));
    expect(r.byStatus['smarthost.routes-to-m365']).toBe('warn');
    const f = finding(r, 'smarthost.routes-to-m365');
    expect(f.message).toMatch(/forwarder .* leftover hosting mailbox/);
    expect(f.remedy).toContain('--m365-export');
    expect(f.remedy).toContain('--cpanel-url');
    expect(f.remedy).toContain('Email → Forwarders');
  });

  // A catch-all keeps a hosting user's mail to the colleague on the hosting server; a Backup MX hands it on: the same
  // 250 over SMTP, so routes-to-m365 cannot pass on it (it passed before, a confident answer for the catch-all case).
  it('Backup Mail Exchanger (or a catch-all): a made-up address is accepted — rejects-unknown and routes-to-m365 warn with both causes', async () => {
    const r = await run({ rcpt: () => '250 OK' });
    expect(r.byStatus).toEqual({
      'smarthost.smtp': 'pass',
      'smarthost.accepts-mailbox': 'pass',
      'smarthost.rejects-unknown': 'warn',
      'smarthost.routes-to-m365': 'warn',
    });
    const routes = finding(r, 'smarthost.routes-to-m365');
    expect(routes.message).toMatch(/catch-all keeps it/);
    expect(routes.message).toMatch(/Backup Mail Exchanger/);
    expect(routes.remedy).toContain('Default Address');
    expect(routes.remedy).toContain('Local Mail Exchanger');
    const f = finding(r, 'smarthost.rejects-unknown');
    expect(f.message).toContain(`RCPT TO:<${RANDOM}>`);
    expect(f.message).toMatch(/catch-all/);
    expect(f.message).toMatch(/Backup Mail Exchanger/);
    expect(f.message).toContain('5.4.14');
    expect(f.remedy).toContain('Local Mail Exchanger');
    expect(f.remedy).toContain('Default Address');
  });

  it('a domain whose MX is not Microsoft 365: the made-up address is not asked, rejects-unknown skips', async () => {
    const r = await run({ rcpt: () => '250 OK' }, {}, { [DOMAIN]: [{ MX: [10, SMART_HOST] }] });
    expect(r.byStatus['smarthost.rejects-unknown']).toBe('skip');
    expect(r.server.commands.some((c) => c.includes(RANDOM))).toBe(false);
  });

  it('no --m365-mailbox: routes-to-m365 skips and names the flag; no second transaction', async () => {
    const r = await run(cpanel([MAILBOX]), { m365Mailboxes: [] });
    expect(r.byStatus['smarthost.routes-to-m365']).toBe('skip');
    expect(finding(r, 'smarthost.routes-to-m365').message).toContain('--m365-mailbox');
    expect(r.server.commands.filter((c) => c.startsWith('MAIL'))).toEqual(['MAIL FROM:<>']);
  });

  it('without --mailbox the hosting sender is postmaster@<domain>', async () => {
    const r = await run(cpanel([]), { mailboxes: [] });
    expect(r.server.commands).toContain('MAIL FROM:<postmaster@example.test>');
    expect(finding(r, 'smarthost.routes-to-m365').evidence).toMatchObject({ from: 'postmaster@example.test', fromSource: 'postmaster' });
  });

  it('the hosting sender refused at MAIL (not about the prober): error, not a verdict', async () => {
    const r = await run({ mail: (from) => (from === '' ? '250 OK' : '550 5.7.1 Sender address rejected: not logged in') });
    expect(r.byStatus['smarthost.routes-to-m365']).toBe('error');
    expect(finding(r, 'smarthost.routes-to-m365').message).toContain('refused the hosting sender MAIL FROM:<anna@example.test>');
  });
});

describe('one session asks every question, never DATA', () => {
  it('MAIL FROM:<> with the hosting mailboxes and the made-up address, RSET, then MAIL FROM:<hosting address> with the Microsoft 365 mailboxes', async () => {
    const r = await run({ rcpt: (to) => (to === RANDOM ? `550 5.1.1 <${to}>: No Such User Here` : '250 Accepted') });
    expect(r.server.connections).toBe(1);
    expect(r.server.commands).toEqual([
      'EHLO probe.splitcheck.test',
      'MAIL FROM:<>',
      `RCPT TO:<${MAILBOX}>`,
      `RCPT TO:<${RANDOM}>`,
      'RSET',
      `MAIL FROM:<${MAILBOX}>`,
      `RCPT TO:<${M365}>`,
      'RSET',
      'QUIT',
    ]);
    expect(r.client.exchanges().filter((e) => e.request.host === SMART_HOST)).toHaveLength(1);
  });
});

describe("splitcheck does not cause what it reports: one connection at a time, 421 read as a load limit, timeouts retried", () => {
  const twoAddresses: Zone = { [SMART_HOST]: [{ A: '203.0.113.25' }, { A: '203.0.113.26' }] };

  it("two addresses of one host, Exim's smtp_accept_max_per_host = 1: probed one after the other, both pass", async () => {
    const r = await run({ maxPerHost: 1 }, {}, twoAddresses);
    expect(r.byStatus['smarthost.smtp']).toBe('pass');
    expect(r.byStatus['smarthost.accepts-mailbox']).toBe('pass');
    // The probes of the two addresses never overlap: each started after the one before had closed.
    const spans = r.client
      .exchanges()
      .filter((e) => e.request.host === SMART_HOST && e.request.sni !== false)
      .map((e) => ({ address: e.request.address, start: Date.parse(e.result.timings.startedAt), end: Date.parse(e.result.timings.startedAt) + e.result.timings.totalMs }))
      .sort((a, b) => a.start - b.start);
    expect(new Set(spans.map((s) => s.address))).toEqual(new Set(['203.0.113.25', '203.0.113.26']));
    for (let i = 1; i < spans.length; i++) expect(spans[i]!.start).toBeGreaterThanOrEqual(Math.floor(spans[i - 1]!.end));
  });

  it('a 421 greeting is the load limit, asked again once, then error — never "blocked"', async () => {
    const r = await run({ greeting: '421 server.hosting.test Too many concurrent SMTP connections from this IP address; please try again later.' });
    const f = finding(r, 'smarthost.smtp');
    expect(f.status).toBe('error');
    expect(f.message).toContain('load limit');
    expect(f.message).toContain('not a block list');
    expect(f.message).toContain('2 attempt(s)');
    expect(f.remedy).not.toMatch(/block list/i);
    expect(r.server.connections).toBe(2);
  });

  it('a 554 greeting is still read as a refusal of this client', async () => {
    const r = await run({ greeting: '554 5.7.1 server.hosting.test: your address is listed' });
    expect(finding(r, 'smarthost.smtp').message).toContain('no service for this client');
  });
});

describe('one timeout is not a closed port', () => {
  /** A client whose smart-host connections are dropped (never answered) for the first `drop` attempts. */
  async function world(drop: number, microsoft: 'up' | 'blackhole', smartHost: 'scripted' | 'refused' = 'scripted') {
    const server = await startScriptedServer();
    const edge = await startMicrosoftEdgeServer({ mode: 'internal-relay', acceptedDomains: [DOMAIN], mailboxes: [] });
    open.push(server, edge);
    const refused = await closedPort();
    let attempts = 0;
    const connect: SmtpConnectHook = (target) => {
      if (target.host === MS_MX) return microsoft === 'up' ? { host: edge.host, port: edge.port } : new Promise<never>(() => undefined);
      if (target.host !== SMART_HOST) return { host: '127.0.0.1', port: refused };
      attempts += 1;
      if (attempts <= drop) return new Promise<never>(() => undefined);
      return smartHost === 'scripted' ? { host: server.host, port: server.port } : { host: '127.0.0.1', port: refused };
    };
    const client = createSmtpClient({ timeoutMs: 300, connect });
    const result = await runZone(DOMAIN, { zone: DEFAULT_ZONE }, { input: { probeLocalPart: 'splitcheck-probe-0123456789' }, smtp: client });
    return { result, attempts: () => attempts, smtp: result.byId['smarthost.smtp']! };
  }

  it('a dropped first attempt is retried: the second connects and the smart host passes, the attempts reported', async () => {
    const { smtp, attempts } = await world(1, 'up');
    expect(smtp.status).toBe('pass');
    expect(attempts()).toBe(2);
    expect(smtp.evidence['probes']).toMatchObject([{ reach: 'connected', attempts: [{ reach: 'timeout' }, { reach: 'connected' }] }]);
  });

  it('silent on every attempt while Microsoft answers: fail, saying how many attempts went unanswered', async () => {
    const { smtp, attempts } = await world(99, 'up');
    expect(smtp.status).toBe('fail');
    expect(smtp.message).toContain('no answer to 2 connection attempts');
    expect(attempts()).toBe(2);
  });

  it('silent, and Microsoft silent too (port 25 blocked here): error after one attempt, no retry', async () => {
    const { smtp, attempts } = await world(99, 'blackhole');
    expect(smtp.status).toBe('error');
    expect(attempts()).toBe(1);
  });

  it('a refused connection (RST) is a fact: fail at once, no retry', async () => {
    const { smtp, attempts } = await world(0, 'up', 'refused');
    expect(smtp.status).toBe('fail');
    expect(attempts()).toBe(1);
  });
});
