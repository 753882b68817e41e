// The SMTP checks through the real bin: port 25 routed to loopback servers by SPLITCHECK_TEST_SMTP_ROUTES; JSON and exit code asserted together.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Finding, Report } from '../../../src/engine/types.js';
import type { SmtpExchange } from '../../../src/smtp/client.js';
import type { TestPki } from '../../../src/testbed/certs.js';
import { startDnsServer, type DnsTestServer } from '../../../src/testbed/dns-server.js';
import type { RunningSmtpServer } from '../../../src/testbed/smtp-common.js';
import { startEximServer } from '../../../src/testbed/smtp-exim.js';
import { startMicrosoftEdgeServer } from '../../../src/testbed/smtp-microsoft.js';
import { runCli } from '../../helpers/cli.js';
import { schemaErrors } from '../../helpers/schema.js';
import { at, reply, startScripted, type Script } from '../../helpers/smtp-scripted.js';
import { closedPort, DEFAULT_ZONE, DOMAIN, MAILBOX, MS_MX, SMART_HOST } from '../../helpers/smtp-servers.js';
import { AUTHORITATIVE, exim as scriptedExim, INTERNAL_RELAY, MX, pki as scriptedPki, SH } from './scripted-worlds.js';

const dir = mkdtempSync(join(tmpdir(), 'splitcheck-smtp-cli-'));
const caFile = join(dir, 'ca.pem');
let dns: DnsTestServer;
let pki: TestPki;
let exim: RunningSmtpServer;
let edge: RunningSmtpServer;
let closed: number;

beforeAll(async () => {
  // The scripted worlds' PKI (for mail.example.test), made once when this file imports them below.
  pki = scriptedPki;
  writeFileSync(caFile, pki.ca.cert);
  dns = await startDnsServer({ zone: DEFAULT_ZONE });
  exim = await startEximServer({ domains: [DOMAIN], mailboxes: [MAILBOX], tls: pki.leaves.good });
  edge = await startMicrosoftEdgeServer({ mode: 'authoritative', acceptedDomains: [DOMAIN], mailboxes: ['boss@example.test'] });
  closed = await closedPort();
});
afterAll(async () => {
  // Whatever happened in the tests, no server ever received DATA.
  expect(exim.sawData).toBe(false);
  expect(edge.sawData).toBe(false);
  await Promise.all([dns.close(), exim.close(), edge.close()]);
});

const routes = (smartHost: number, microsoft: number) => ({
  SPLITCHECK_TEST_SMTP_ROUTES: JSON.stringify({ [`${SMART_HOST}:25`]: `127.0.0.1:${smartHost}`, [`${MS_MX}:25`]: `127.0.0.1:${microsoft}` }),
});
const args = (...extra: string[]) => [DOMAIN, '--resolver', `127.0.0.1:${dns.address.port}`, '--only', 'smarthost', '--only', 'm365.internal-relay', '--json', '--timeout', '1500', ...extra];

function parse(stdout: string): Report & { byId: Record<string, Finding> } {
  const report = JSON.parse(stdout) as Report;
  expect(schemaErrors('report.schema.json', report)).toEqual([]);
  return { ...report, byId: Object.fromEntries(report.results.map((r) => [r.id, r])) };
}

const statuses = (report: Report) => Object.fromEntries(report.results.map((r) => [r.id, r.status]));

describe('splitcheck <domain> with SMTP, through the bin', () => {
  it('a good smart host and an Authoritative domain: m365.internal-relay fails with 5.4.1, exit 1', async () => {
    const r = await runCli(args('--mailbox', MAILBOX, '--ca-file', caFile), { env: routes(exim.port, edge.port) });
    const report = parse(r.stdout);
    expect(statuses(report)).toEqual({
      'smarthost.resolves': 'pass',
      'smarthost.loop': 'pass',
      'smarthost.smtp': 'pass',
      'smarthost.tls': 'pass',
      'smarthost.certificate': 'pass',
      'smarthost.accepts-mailbox': 'pass',
      // The made-up address is refused 550 5.1.1: no catch-all, no Backup Mail Exchanger.
      'smarthost.rejects-unknown': 'pass',
      // No --m365-mailbox: nothing to ask about the reverse flow.
      'smarthost.routes-to-m365': 'skip',
      'm365.internal-relay': 'fail',
    });
    expect(r.code).toBe(1);
    expect(report.exitCode).toBe(1);
    expect(report.byId['m365.internal-relay']?.remedy).toContain('This accepted domain is: Internal relay');
    expect(r.stderr).toBe('');
  });

  it('without --ca-file the test CA is not trusted: the certificate fails, and says why', async () => {
    const r = await runCli(args('--mailbox', MAILBOX), { env: routes(exim.port, edge.port) });
    const report = parse(r.stdout);
    expect(report.byId['smarthost.certificate']).toMatchObject({ status: 'fail' });
    expect(report.byId['smarthost.certificate']?.message).toContain('UNABLE_TO_GET_ISSUER_CERT_LOCALLY');
    expect(r.code).toBe(1);
  });

  it('port 25 unreachable everywhere: every SMTP check is error, nothing fails, exit 3', async () => {
    const r = await runCli(args('--mailbox', MAILBOX), { env: routes(closed, closed) });
    const report = parse(r.stdout);
    expect(statuses(report)).toEqual({
      'smarthost.resolves': 'pass',
      'smarthost.loop': 'pass',
      'smarthost.smtp': 'error',
      'smarthost.tls': 'error',
      'smarthost.certificate': 'error',
      'smarthost.accepts-mailbox': 'error',
      'smarthost.rejects-unknown': 'error',
      'smarthost.routes-to-m365': 'skip',
      'm365.internal-relay': 'error',
    });
    expect(r.code).toBe(3);
    expect(report.exitCode).toBe(3);
    expect(report.byId['smarthost.smtp']?.message).toMatch(/block outgoing port 25/);
    expect(report.byId['smarthost.smtp']?.remedy).toMatch(/--no-smtp/);
  });

  it('--no-smtp: the SMTP checks skip and the run exits 0', async () => {
    const r = await runCli(args('--no-smtp'), { env: routes(closed, closed) });
    const report = parse(r.stdout);
    expect(report.results.filter((x) => x.status === 'skip').map((x) => x.id)).toEqual([
      'smarthost.smtp',
      'smarthost.tls',
      'smarthost.certificate',
      'smarthost.accepts-mailbox',
      'smarthost.rejects-unknown',
      'smarthost.routes-to-m365',
      'm365.internal-relay',
    ]);
    expect(r.code).toBe(0);
  });

  it('--save-evidence keeps every SMTP probe; --replay judges them again offline with identical results', async () => {
    const file = join(dir, 'smtp-evidence.json');
    const live = await runCli(args('--mailbox', MAILBOX, '--ca-file', caFile, '--save-evidence', file), { env: routes(exim.port, edge.port) });
    const evidence = JSON.parse(readFileSync(file, 'utf8')) as { smtp?: { probes: SmtpExchange[] }; input: { probeLocalPart?: string } };
    // One connection per smart-host address (one here) and one to the Microsoft MX serve all nine checks; one more
    // session without SNI compares the certificate a client that names no host gets (smarthost.certificate).
    expect(evidence.smtp?.probes.map((p) => `${p.request.host}:${p.request.port}${p.request.sni === false ? ' no-sni' : ''}`).sort()).toEqual([
      `${MS_MX}:25`,
      `${SMART_HOST}:25`,
      `${SMART_HOST}:25 no-sni`,
    ]);
    expect(evidence.smtp?.probes.every((p) => !p.result.transcript.some((e) => e.kind === 'sent' && /^DATA/i.test(e.command)))).toBe(true);
    // No resolver, no routes: a replay asks nothing of the network.
    const replay = await runCli(['--replay', file, '--json', '--resolver', '127.0.0.1:9', '--only', 'smarthost', '--only', 'm365.internal-relay']);
    expect(replay.code).toBe(live.code);
    const a = parse(live.stdout);
    const b = parse(replay.stdout);
    expect(b.results).toEqual(a.results);
    expect(b.replayed).toBe(true);
    expect(a.byId['m365.internal-relay']?.status).toBe('fail');
    // Input flags would be silently replaced by the recording's: refused, naming them.
    const changed = await runCli(['--replay', file, '--mailbox', `other@${DOMAIN}`, '--hosting-ip', '192.0.2.9']);
    expect(changed.code).toBe(2);
    expect(changed.stderr).toMatch(/--hosting-ip, --mailbox cannot change a replay: it judges the input the evidence was recorded with/);
    expect(changed.stdout).toBe('');
  });

  it('a malformed SPLITCHECK_TEST_SMTP_ROUTES is a usage error, and only loopback targets are accepted', async () => {
    const bad = await runCli(args(), { env: { SPLITCHECK_TEST_SMTP_ROUTES: '{not json' } });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/SPLITCHECK_TEST_SMTP_ROUTES is not JSON/);
    const remote = await runCli(args(), { env: { SPLITCHECK_TEST_SMTP_ROUTES: JSON.stringify({ [`${SMART_HOST}:25`]: '192.0.2.1:25' }) } });
    expect(remote.code).toBe(2);
    expect(remote.stderr).toMatch(/loopback/);
  });
});

describe('scripted hostile servers through the bin (SPLITCHECK_TEST_SMTP_ROUTES) [adversarial]', () => {
  let dns: DnsTestServer;
  let caFile: string;
  beforeAll(async () => {
    dns = await startDnsServer({ zone: DEFAULT_ZONE });
    caFile = join(mkdtempSync(join(tmpdir(), 'splitcheck-smtp-cli-')), 'ca.pem');
    writeFileSync(caFile, scriptedPki.ca.cert);
  });
  afterAll(async () => {
    await dns.close();
  });

  async function cli(smartHost: Script, microsoft: Script, timeoutMs: number) {
    const sh = await startScripted(smartHost);
    const mx = await startScripted(microsoft);
    try {
      const env = { SPLITCHECK_TEST_SMTP_ROUTES: JSON.stringify({ [SH]: `127.0.0.1:${sh.port}`, [MX]: `127.0.0.1:${mx.port}` }) };
      const args = [DOMAIN, '--resolver', `127.0.0.1:${dns.address.port}`, '--only', 'smarthost', '--only', 'm365.internal-relay', '--json'];
      const r = await runCli([...args, '--timeout', String(timeoutMs), '--mailbox', MAILBOX, '--ca-file', caFile], { env });
      expect(sh.log.sawData).toBe(false);
      expect(mx.log.sawData).toBe(false);
      // Nothing but progress on stderr: never a stack trace.
      expect(r.stderr).not.toMatch(/\n\s+at |Error:|Unhandled|TypeError/);
      const report = JSON.parse(r.stdout) as { exitCode: number; results: Finding[] };
      const statuses = Object.fromEntries(report.results.map((f) => [f.id, f.status]));
      return { ...r, report, statuses };
    } finally {
      await Promise.all([sh.close(), mx.close()]);
    }
  }

  it('an Authoritative edge hidden behind a stray reply line: error (exit 3), never a pass', async () => {
    const stray: Script = {
      ...AUTHORITATIVE,
      on: (verb, line, io) => {
        if (verb !== 'MAIL') return AUTHORITATIVE.on?.(verb, line, io) ?? 'default';
        io.send('250 2.1.0 Sender OK', '250 2.0.0 stray');
        return 'handled';
      },
    };
    const r = await cli(scriptedExim(), stray, 1500);
    expect(r.statuses['m365.internal-relay']).toBe('error');
    expect(r.statuses['smarthost.accepts-mailbox']).toBe('pass');
    expect(r.code).toBe(3);
    expect(r.report.exitCode).toBe(3);
  });

  it('a TLS handshake that never completes and a silent RCPT: errors, exit 3, within the timeouts', async () => {
    let muted = false;
    const smartHost = scriptedExim((verb, _l, io) => {
      if (muted) return 'handled';
      if (verb !== 'STARTTLS') return 'default';
      io.send('220 2.0.0 go ahead');
      muted = true;
      return 'handled';
    });
    const r = await cli(smartHost, { ...INTERNAL_RELAY, on: at('RCPT', () => undefined) }, 600);
    expect(r.statuses).toMatchObject({
      'smarthost.smtp': 'pass',
      'smarthost.tls': 'error',
      'smarthost.certificate': 'skip',
      'smarthost.accepts-mailbox': 'skip',
      'm365.internal-relay': 'error',
    });
    expect(r.code).toBe(3);
    // Each probe is bounded by 4 × --timeout (2.4 s); the two run side by side. Node start-up and DNS on top.
    expect(r.elapsedMs).toBeLessThan(8000);
  });

  it('554 greeting at the smart host and 550 5.4.1 at the edge: error and fail, exit 1', async () => {
    const r = await cli(scriptedExim(undefined, { greet: reply('554 5.7.1 No SMTP service here') }), AUTHORITATIVE, 1500);
    expect(r.statuses).toMatchObject({ 'smarthost.smtp': 'error', 'smarthost.tls': 'skip', 'm365.internal-relay': 'fail' });
    expect(r.code).toBe(1);
  });
});
