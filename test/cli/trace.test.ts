// `splitcheck trace <address>` through the bin: DNS on loopback, the smart host and Microsoft's edge as loopback imitations.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Trace } from '../../src/trace/hops.js';
import { createTestPki, type TestPki } from '../../src/testbed/certs.js';
import { startDnsServer, type DnsTestServer } from '../../src/testbed/dns-server.js';
import type { RunningSmtpServer } from '../../src/testbed/smtp-common.js';
import { startEximServer } from '../../src/testbed/smtp-exim.js';
import { startMicrosoftEdgeServer } from '../../src/testbed/smtp-microsoft.js';
import { runCli } from '../helpers/cli.js';
import { DEFAULT_ZONE, DOMAIN, MAILBOX, MS_MX, SMART_HOST } from '../helpers/smtp-servers.js';

const dir = mkdtempSync(join(tmpdir(), 'splitcheck-trace-'));
const caFile = join(dir, 'ca.pem');
let dns: DnsTestServer;
let pki: TestPki;
const servers: RunningSmtpServer[] = [];
let local: RunningSmtpServer;
let remote: RunningSmtpServer;
let leafOnly: RunningSmtpServer;
let relay: RunningSmtpServer;
let authoritative: RunningSmtpServer;

beforeAll(async () => {
  pki = await createTestPki({ hostname: SMART_HOST });
  writeFileSync(caFile, pki.ca.cert);
  dns = await startDnsServer({ zone: DEFAULT_ZONE });
  local = await startEximServer({ domains: [DOMAIN], mailboxes: [MAILBOX], tls: pki.leaves.good });
  remote = await startEximServer({ domains: [DOMAIN], mailboxes: [MAILBOX], tls: pki.leaves.good, routing: 'remote' });
  leafOnly = await startEximServer({ domains: [DOMAIN], mailboxes: [MAILBOX], tls: pki.leaves.leafOnly });
  relay = await startMicrosoftEdgeServer({ mode: 'internal-relay', acceptedDomains: [DOMAIN], mailboxes: [] });
  authoritative = await startMicrosoftEdgeServer({ mode: 'authoritative', acceptedDomains: [DOMAIN], mailboxes: ['boss@example.test'] });
  servers.push(local, remote, leafOnly, relay, authoritative);
});
afterAll(async () => {
  for (const s of servers) expect(s.sawData).toBe(false);
  await Promise.all([dns.close(), ...servers.map((s) => s.close())]);
});

async function trace(smartHost: RunningSmtpServer, microsoft: RunningSmtpServer, ...extra: string[]) {
  const env = { SPLITCHECK_TEST_SMTP_ROUTES: JSON.stringify({ [`${SMART_HOST}:25`]: `127.0.0.1:${smartHost.port}`, [`${MS_MX}:25`]: `127.0.0.1:${microsoft.port}` }) };
  const r = await runCli(['trace', MAILBOX, '--resolver', `127.0.0.1:${dns.address.port}`, '--ca-file', caFile, '--timeout', '1500', ...extra], { env });
  return r;
}

const verdicts = (t: Trace) => t.hops.map((h) => `${h.id}:${h.verdict}`);

describe('splitcheck trace', () => {
  it('a working path: every hop ok, exit 0', async () => {
    const r = await trace(local, relay, '--json');
    const t = JSON.parse(r.stdout) as Trace;
    expect(verdicts(t)).toEqual(['mx:ok', 'microsoft:ok', 'connector:ok', 'hosting:ok']);
    expect(t.exitCode).toBe(0);
    expect(r.code).toBe(0);
  });

  it('an Authoritative domain stops at Microsoft 365 with the 5.4.1 bounce and the fix', async () => {
    const r = await trace(local, authoritative, '--json');
    const t = JSON.parse(r.stdout) as Trace;
    expect(verdicts(t)).toEqual(['mx:ok', 'microsoft:broken', 'connector:not-reached', 'hosting:not-reached']);
    expect(t.brokenAt).toBe('microsoft');
    expect(t.hops[1]!.bounce).toMatch(/^550 5\.4\.1 .*Access denied/);
    expect(t.hops[1]!.fix).toContain('Internal relay');
    expect(r.code).toBe(1);
  });

  it('a smart host that sends only its leaf certificate stops at the connector with 4.4.317', async () => {
    const r = await trace(leafOnly, relay);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/✖ 3\. The outbound connector/);
    expect(r.stdout).toContain('4.4.317');
    expect(r.stdout).toMatch(/- 4\. The hosting server accepts the mailbox {2}\(not reached\)/);
    expect(r.stdout).toContain('Result: the path breaks at hop 3 (exit 1).');
  });

  it("cPanel's Remote routing stops at the hosting server, quoting its refusal", async () => {
    const r = await trace(remote, relay, '--json');
    const t = JSON.parse(r.stdout) as Trace;
    expect(verdicts(t)).toEqual(['mx:ok', 'microsoft:ok', 'connector:ok', 'hosting:broken']);
    expect(t.hops[3]!.bounce).toMatch(/^550 .*relay.*as the server answered the probe/);
    expect(t.hops[3]!.fix).toContain('Local Mail Exchanger');
    expect(r.code).toBe(1);
  });

  it('with --no-smtp the SMTP hops are unverified: exit 3', async () => {
    const r = await trace(local, relay, '--json', '--no-smtp');
    const t = JSON.parse(r.stdout) as Trace;
    expect(verdicts(t)).toEqual(['mx:ok', 'microsoft:unknown', 'connector:unknown', 'hosting:unknown']);
    expect(r.code).toBe(3);
  });

  it('refuses what is not an address: exit 2', async () => {
    const r = await runCli(['trace', 'example.test']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/not an e-mail address/);
  });

  it('names the address, not a --mailbox option trace does not have, when the address is malformed', async () => {
    for (const [address, why] of [
      ['a@', /invalid address "a@": the part after @ is not a domain/],
      ['a\u0001b@example.test', /invalid address "a\\x01b@example\.test": give an address such as alice@/],
    ] as const) {
      const r = await runCli(['trace', address]);
      expect(r.code, address).toBe(2);
      expect(r.stderr, address).toMatch(why);
      expect(r.stderr, address).not.toMatch(/--mailbox|try "splitcheck yourcompany\.com"|\n\s+at /);
    }
  });
});
