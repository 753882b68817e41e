// --helo and --m365-mailbox (config helo, m365Mailboxes) through the real bin: validated with exit 2, passed to the probe, refused beside --replay.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Report } from '../../../src/engine/types.js';
import { startDnsServer, type DnsTestServer } from '../../../src/testbed/dns-server.js';
import { startMicrosoftEdgeServer } from '../../../src/testbed/smtp-microsoft.js';
import { startScriptedServer, type ScriptedServer } from '../../../src/testbed/smtp-scripted.js';
import type { RunningSmtpServer } from '../../../src/testbed/smtp-common.js';
import { runCli } from '../../helpers/cli.js';
import { DEFAULT_ZONE, DOMAIN, MAILBOX, MS_MX, SMART_HOST } from '../../helpers/smtp-servers.js';

const dir = mkdtempSync(join(tmpdir(), 'splitcheck-flags-'));
let dns: DnsTestServer;
let hosting: ScriptedServer;
let edge: RunningSmtpServer;

beforeAll(async () => {
  dns = await startDnsServer({ zone: DEFAULT_ZONE });
  // cPanel with Local routing and no forwarder: the Microsoft 365 colleague is "No Such User Here".
  hosting = await startScriptedServer({ rcpt: (to) => (to === MAILBOX ? '250 Accepted' : `550 5.1.1 <${to}>: No Such User Here`) });
  edge = await startMicrosoftEdgeServer({ mode: 'internal-relay', acceptedDomains: [DOMAIN], mailboxes: [] });
});
afterAll(async () => {
  expect(hosting.sawData).toBe(false);
  await Promise.all([dns.close(), hosting.close(), edge.close()]);
});

const env = () => ({ SPLITCHECK_TEST_SMTP_ROUTES: JSON.stringify({ [`${SMART_HOST}:25`]: `127.0.0.1:${hosting.port}`, [`${MS_MX}:25`]: `127.0.0.1:${edge.port}` }) });
const args = (...extra: string[]) => [DOMAIN, '--resolver', `127.0.0.1:${dns.address.port}`, '--only', 'smarthost', '--json', '--timeout', '1500', ...extra];

describe('--m365-mailbox and --helo', () => {
  it('--m365-mailbox asks the colleague in the same session as the hosting mailbox, with the --helo name; No Such User Here fails, exit 1', async () => {
    const before = hosting.connections;
    const r = await runCli(args('--mailbox', MAILBOX, '--m365-mailbox', 'ben@example.test', '--helo', 'Probe.Example.NET'), { env: env() });
    const report = JSON.parse(r.stdout) as Report;
    const routes = report.results.find((f) => f.id === 'smarthost.routes-to-m365');
    expect(routes?.status).toBe('fail');
    expect(routes?.remedy).toContain('ben@<tenant>.onmicrosoft.com');
    expect(r.code).toBe(1);
    expect(hosting.connections - before).toBe(1);
    expect(hosting.commands).toContain('EHLO probe.example.net');
    expect(hosting.commands).toContain(`MAIL FROM:<${MAILBOX}>`);
    expect(hosting.commands).toContain('RCPT TO:<ben@example.test>');
  });

  it('from the config file: m365Mailboxes and helo', async () => {
    const config = join(dir, 'splitcheck.json');
    writeFileSync(config, JSON.stringify({ mailboxes: [MAILBOX], m365Mailboxes: ['carl@example.test'], helo: '[192.0.2.7]' }));
    const r = await runCli(args('--config', config), { env: env() });
    expect(r.code).toBe(1);
    expect(hosting.commands).toContain('EHLO [192.0.2.7]');
    expect(hosting.commands).toContain('RCPT TO:<carl@example.test>');
  });

  it.each([
    [['--helo', 'not a name'], /invalid --helo "not a name": give this machine's fully qualified host name/],
    [['--helo', 'localhost'], /invalid --helo "localhost"/],
    [['--helo', '192.0.2.1'], /invalid --helo "192\.0\.2\.1".*address literal such as \[192\.0\.2\.1\]/],
    [['--m365-mailbox', 'ben@other.example'], /--m365-mailbox ben@other\.example is not at example\.test: give mailboxes of the checked domain that live in Microsoft 365/],
    [['--m365-mailbox', 'no-at-sign'], /invalid --m365-mailbox "no-at-sign"/],
    [['--mailbox', MAILBOX, '--m365-mailbox', MAILBOX], /anna@example\.test is given both as --mailbox .* and as --m365-mailbox/],
  ])('%j: a one-line usage error, exit 2, nothing checked', async (extra, message) => {
    const r = await runCli(args(...extra), { env: env() });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stdout).toBe('');
  });

  it('config errors name the key', async () => {
    const config = join(dir, 'bad.json');
    writeFileSync(config, JSON.stringify({ helo: 'bad name', m365Mailboxes: ['x@example.test'] }));
    const r = await runCli(args('--config', config), { env: env() });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/bad\.json: \/helo: invalid --helo/);
  });

  it('--m365-mailbox and --helo cannot change a replay', async () => {
    const file = join(dir, 'run.json');
    const live = await runCli(args('--mailbox', MAILBOX, '--save-evidence', file), { env: env() });
    expect(live.code).not.toBe(2);
    const r = await runCli(['--replay', file, '--m365-mailbox', 'ben@example.test', '--helo', 'a.example.net']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--m365-mailbox, --helo cannot change a replay/);
  });

  it('a run with --m365-mailbox replays identically from its evidence (the sender envelope is part of the recorded probe)', async () => {
    const file = join(dir, 'reverse.json');
    const live = await runCli(args('--mailbox', MAILBOX, '--m365-mailbox', 'ben@example.test', '--save-evidence', file), { env: env() });
    const replay = await runCli(['--replay', file, '--json', '--resolver', '127.0.0.1:9', '--only', 'smarthost']);
    expect(replay.code).toBe(live.code);
    const a = JSON.parse(live.stdout) as Report;
    const b = JSON.parse(replay.stdout) as Report;
    expect(b.results).toEqual(a.results);
    expect(a.results.find((f) => f.id === 'smarthost.routes-to-m365')?.status).toBe('fail');
  });

  it('--help documents both', async () => {
    const r = await runCli(['--help']);
    expect(r.stdout).toContain('--m365-mailbox');
    expect(r.stdout).toContain('--helo');
  });
});
