// SMTP against real servers: the built bin against Debian's Postfix (its restrictions refusing the prober, its 454 relay refusal, its rate limit) and Exim (smtp_accept_max_per_host = 1, Backup MX, forwarders, a certificate without SNI) on loopback.
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Finding, Report, Status } from '../../src/engine/types.js';
import { startDnsServer, type DnsTestServer, type Zone } from '../../src/testbed/dns-server.js';
import { startMicrosoftEdgeServer } from '../../src/testbed/smtp-microsoft.js';
import type { RunningSmtpServer } from '../../src/testbed/smtp-common.js';
import { runCli, type CliResult } from '../helpers/cli.js';
import { schemaErrors } from '../helpers/schema.js';
import { eximLog, messageArrivals, startExim } from './harness/exim.js';
import { freePort } from './harness/net.js';
import { makePki } from './harness/pki.js';
import { postfixDataSessions, postfixLog, postfixVersion, startPostfix } from './harness/postfix.js';
import { runAs, startWatchdog, type Daemon } from './harness/process.js';
import { FIXTURES } from './world.js';

/**
 * The name server of this file: splitcheck's --resolver, and Postfix's from its chroot (RBL, reverse DNS and HELO
 * lookups). On port 53, since resolv.conf names no port; on an address of its own, beside anything else on 53.
 */
const NAMESERVER = '127.0.54.1';
const PF = 'postfix.example';
const EX = 'exim.example';
/** A domain this Postfix is not told about (neither mydestination nor relay_domains): cPanel's "Remote" seen on Postfix. */
const ELSEWHERE = 'elsewhere.example';
const RBL = 'rbl.splitcheck.test';
/** A name with an A record: an EHLO name Postfix's reject_unknown_helo_hostname accepts. */
const GOOD_HELO = 'prober.splitcheck.test';

const ZONE: Zone = {
  [PF]: [{ MX: [0, 'postfix-example.mail.protection.outlook.com'] }],
  [EX]: [{ MX: [0, 'exim-example.mail.protection.outlook.com'] }],
  [ELSEWHERE]: [{ MX: [0, 'postfix-example.mail.protection.outlook.com'] }],
  'postfix-example.mail.protection.outlook.com': [{ A: '127.0.0.1' }],
  'exim-example.mail.protection.outlook.com': [{ A: '127.0.0.1' }],
  ...Object.fromEntries(['plain', 'helo', 'ptr', 'rbl', 'access', 'relay', 'rate'].map((n, i) => [`mail-${n}.${PF}`, [{ A: `127.0.25.${31 + i}` }]])),
  // Two addresses of one server, as an A record pair (or A + AAAA) of one smart host name usually are.
  [`mail-limits.${EX}`]: [{ A: '127.0.25.41' }, { A: '127.0.25.42' }],
  [`mail-backup.${EX}`]: [{ A: '127.0.25.43' }],
  [`mail-forward.${EX}`]: [{ A: '127.0.25.44' }],
  [`mail-sni.${EX}`]: [{ A: '127.0.25.45' }],
  // The local block list, as zen.spamhaus.org answers for a listed address (127.0.0.1 reversed).
  [`1.0.0.127.${RBL}`]: [{ A: '127.0.0.2' }, { TXT: 'Listed by the splitcheck e2e block list, see https://rbl.splitcheck.test/127.0.0.1' }],
  [GOOD_HELO]: [{ A: '127.0.0.1' }],
  // No PTR for 1.0.0.127.in-addr.arpa: the prober's address has no reverse DNS here (NXDOMAIN).
};

let dir: string;
let dns: DnsTestServer;
let postfix: Daemon | undefined;
const exims: Daemon[] = [];
const edges: RunningSmtpServer[] = [];
let routes: Record<string, string> = {};
let caFile: string;
let ports: Record<string, number> = {};
let stopWatchdog: (() => void) | undefined;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'splitcheck-e2e-smtp-'));
  // Postfix's and Exim's unprivileged daemons read their files below it.
  chmodSync(dir, 0o755);
  const watchdog = startWatchdog(dir);
  stopWatchdog = () => watchdog.kill('SIGKILL');
  dns = await startDnsServer({ host: NAMESERVER, port: 53, zone: ZONE });
  const names = ['plain', 'helo', 'ptr', 'rbl', 'access', 'relay', 'rate', 'limits', 'backup', 'forward', 'sni'];
  for (const name of names) ports[name] = await freePort(['127.0.0.1'], false);

  const pfNames = ['plain', 'helo', 'ptr', 'rbl', 'access', 'relay', 'rate'];
  const pki = await makePki(dir, [
    ...pfNames.map((n) => `mail-${n}.${PF}`),
    `mail-sni.${EX}`,
    'server.hosting.example',
    `mail-limits.${EX}`,
    `mail-backup.${EX}`,
    `mail-forward.${EX}`,
  ]);
  caFile = pki.caFile;
  // Every listener offers STARTTLS with a certificate for its own smart host name, as a real one would.
  const tls = (name: string): Record<string, string> => ({
    smtpd_tls_security_level: 'may',
    smtpd_tls_chain_files: `${pki.leaves[`mail-${name}.${PF}`]!.key},${pki.leaves[`mail-${name}.${PF}`]!.chain}`,
  });
  postfix = await startPostfix({
    dir,
    hostname: `mail.${PF}`,
    domain: PF,
    mailboxes: ['anna', 'bob'],
    nameserver: NAMESERVER,
    tables: {
      // What many anti-spam setups add: no address literal as the HELO name.
      'helo_literals.regexp': '/^\\[/ REJECT address literals are not accepted as HELO name\n',
    },
    params: {
      restrict_helo: `check_helo_access regexp:${join(dir, 'postfix/conf/helo_literals.regexp')}, reject_invalid_helo_hostname, reject_non_fqdn_helo_hostname, reject_unknown_helo_hostname`,
      restrict_ptr: 'reject_unknown_client_hostname',
      restrict_rbl: `reject_rbl_client ${RBL}`,
      restrict_access: 'check_client_access inline:{ 127.0.0.1=REJECT }',
    },
    listeners: [
      { name: 'plain', port: ports['plain']!, overrides: tls('plain') },
      { name: 'helo', port: ports['helo']!, overrides: { ...tls('helo'), smtpd_helo_required: 'yes', smtpd_helo_restrictions: '$restrict_helo' } },
      // unknown_client_reject_code 550: the reply of the issue, "550 5.7.25 Client host rejected: cannot find your hostname".
      { name: 'ptr', port: ports['ptr']!, overrides: { ...tls('ptr'), smtpd_client_restrictions: '$restrict_ptr', unknown_client_reject_code: '550' } },
      { name: 'rbl', port: ports['rbl']!, overrides: { ...tls('rbl'), smtpd_client_restrictions: '$restrict_rbl' } },
      { name: 'access', port: ports['access']!, overrides: { ...tls('access'), smtpd_client_restrictions: '$restrict_access' } },
      // Postfix's default when the domain is neither local nor relayed (elsewhere.example): defer_unauth_destination, 454 4.7.1.
      { name: 'relay', port: ports['relay']!, overrides: tls('relay') },
      // anvil's per-client recipient rate: the second RCPT in a minute is "450 4.7.1 Error: too many recipients".
      { name: 'rate', port: ports['rate']!, overrides: { ...tls('rate'), smtpd_client_recipient_rate_limit: '1' } },
    ],
  });

  const as = runAs();
  const leaf = (name: string) => ({ key: pki.leaves[name]!.key, cert: pki.leaves[name]!.chain });
  const template = join(FIXTURES, 'exim-cpanel.conf');
  const exim = (name: string, routing: 'local' | 'remote', extra: Partial<Parameters<typeof startExim>[0]> = {}) =>
    startExim({ name: `exim-${name}`, dir, template, port: ports[name]!, hostname: `mail-${name}.${EX}`, routing, domain: EX, mailboxes: ['anna', 'bob'], tls: leaf(`mail-${name}.${EX}`), as, ...extra });
  exims.push(
    await exim('limits', 'local', { macros: { E2E_MAX_PER_HOST: '1' } }),
    // cPanel "Backup Mail Exchanger": the domain is a relay domain, every address taken.
    await exim('backup', 'remote', { macros: { E2E_BACKUP: 'yes' } }),
    // cPanel "Local" with a forwarder for the Microsoft 365 user ben (carl has none).
    await exim('forward', 'local', { forwarders: { ben: 'ben@exim0example.onmicrosoft.com' } }),
    // Without SNI the server shows its own host name's certificate.
    await exim('sni', 'local', { macros: { E2E_NOSNI: 'yes' }, noSniTls: leaf('server.hosting.example') }),
  );
  edges.push(await startMicrosoftEdgeServer({ mode: 'internal-relay', acceptedDomains: [PF, EX, ELSEWHERE], mailboxes: [] }));
  const edge = edges[0]!;
  routes = {
    [`postfix-example.mail.protection.outlook.com:25`]: `127.0.0.1:${edge.port}`,
    [`exim-example.mail.protection.outlook.com:25`]: `127.0.0.1:${edge.port}`,
    ...Object.fromEntries(['plain', 'helo', 'ptr', 'rbl', 'access', 'relay', 'rate'].map((n) => [`mail-${n}.${PF}:25`, `127.0.0.1:${ports[n]}`])),
    ...Object.fromEntries(['limits', 'backup', 'forward', 'sni'].map((n) => [`mail-${n}.${EX}:25`, `127.0.0.1:${ports[n]}`])),
  };
  console.error(`e2e smtp: ${postfixVersion()} and ${exims.length} Exims up in ${dir}`);
}, 120_000);

afterAll(async () => {
  await Promise.all(edges.map((e) => e.close()));
  await Promise.all([...exims.map((d) => d.stop()), postfix?.stop()]);
  await dns?.close();
  stopWatchdog?.();
  // The probe never sent DATA: no Exim logged a message, no Postfix session counted one, no edge saw one.
  const log = postfixLog(dir);
  const arrivals = ['limits', 'backup', 'forward', 'sni'].flatMap((n) => messageArrivals(eximLog(dir, `exim-${n}`)));
  const sawData = edges.some((e) => e.sawData);
  if (process.env['SPLITCHECK_E2E_KEEP'] !== '1') rmSync(dir, { recursive: true, force: true });
  expect(postfixDataSessions(log)).toEqual([]);
  expect(arrivals).toEqual([]);
  expect(sawData).toBe(false);
}, 60_000);

function check(domain: string, smartHost: string, ...args: string[]): Promise<CliResult> {
  return runCli([domain, '--resolver', `${NAMESERVER}:53`, '--json', '--timeout', '3000', '--only', 'smarthost', '--smart-host', smartHost, '--ca-file', caFile, ...args], {
    env: { SPLITCHECK_TEST_SMTP_ROUTES: JSON.stringify(routes) },
    timeoutMs: 60_000,
  });
}

function report(r: CliResult): Report & { byId: Record<string, Finding> } {
  let parsed: Report;
  try {
    parsed = JSON.parse(r.stdout) as Report;
  } catch {
    throw new Error(`splitcheck printed no JSON (exit ${r.code}).\nstderr: ${r.stderr}\nstdout: ${r.stdout.slice(0, 2000)}\n--- postfix ---\n${postfixLog(dir).split('\n').slice(-30).join('\n')}`);
  }
  expect(schemaErrors('report.schema.json', parsed)).toEqual([]);
  return { ...parsed, byId: Object.fromEntries(parsed.results.map((f) => [f.id, f])) };
}

function statuses(rep: Report, ids: string[]): Record<string, Status | undefined> {
  return Object.fromEntries(ids.map((id) => [id, rep.results.find((f) => f.id === id)?.status]));
}

const MAILBOX_CHECKS = ['smarthost.accepts-mailbox', 'smarthost.rejects-unknown', 'smarthost.routes-to-m365'];

describe("Postfix's refusals of the prober at RCPT are error with the real reason, never fail (issue 13 item 6)", () => {
  const ask = (name: string, ...args: string[]) => check(PF, `mail-${name}.${PF}`, '--mailbox', `anna@${PF}`, '--m365-mailbox', `ben@${PF}`, ...args);

  it('an address literal as the EHLO name: "554 5.7.1 <[127.0.0.1]>: Helo command rejected" → error, advising --helo', async () => {
    const rep = report(await ask('helo', '--helo', '[127.0.0.1]'));
    expect(statuses(rep, MAILBOX_CHECKS)).toEqual({ 'smarthost.accepts-mailbox': 'error', 'smarthost.rejects-unknown': 'error', 'smarthost.routes-to-m365': 'error' });
    const f = rep.byId['smarthost.accepts-mailbox']!;
    expect(f.message).toContain('554 5.7.1 <[127.0.0.1]>: Helo command rejected: address literals are not accepted');
    expect(f.message).toContain('EHLO [127.0.0.1]');
    expect(f.remedy).toContain('--helo');
    expect(rep.byId['smarthost.smtp']?.status).toBe('pass');
    expect(postfixLog(dir)).toMatch(/postfix\/helo\/smtpd\[\d+\]: NOQUEUE: reject: RCPT from unknown\[127\.0\.0\.1\]: 554 5\.7\.1 <\[127\.0\.0\.1\]>: Helo command rejected/);
  });

  it('an EHLO name that does not resolve: "450 4.7.1 <name>: Helo command rejected: Host not found" → error, not greylisting', async () => {
    const rep = report(await ask('helo', '--helo', 'prober.nowhere.example'));
    expect(statuses(rep, MAILBOX_CHECKS)).toEqual({ 'smarthost.accepts-mailbox': 'error', 'smarthost.rejects-unknown': 'error', 'smarthost.routes-to-m365': 'error' });
    const f = rep.byId['smarthost.accepts-mailbox']!;
    expect(f.message).toContain('450 4.7.1 <prober.nowhere.example>: Helo command rejected: Host not found');
    expect(f.message).not.toMatch(/greylist/i);
  });

  it('with --helo naming a resolvable host, the same Postfix answers about the mailboxes', async () => {
    const r = await ask('helo', '--helo', GOOD_HELO);
    const rep = report(r);
    expect(statuses(rep, MAILBOX_CHECKS)).toEqual({
      'smarthost.accepts-mailbox': 'pass',
      'smarthost.rejects-unknown': 'pass',
      // ben has no account in Postfix's local recipient table: hosting users' mail to him bounces there.
      'smarthost.routes-to-m365': 'fail',
    });
    expect(rep.byId['smarthost.routes-to-m365']?.message).toContain('User unknown in local recipient table');
    expect(r.code).toBe(1);
  });

  it('no reverse DNS: "550 5.7.25 Client host rejected: cannot find your hostname" → error', async () => {
    const rep = report(await ask('ptr', '--helo', GOOD_HELO));
    expect(statuses(rep, MAILBOX_CHECKS)).toEqual({ 'smarthost.accepts-mailbox': 'error', 'smarthost.rejects-unknown': 'error', 'smarthost.routes-to-m365': 'error' });
    expect(rep.byId['smarthost.accepts-mailbox']?.message).toContain('550 5.7.25 Client host rejected: cannot find your hostname, [127.0.0.1]');
    expect(rep.byId['smarthost.accepts-mailbox']?.message).toContain('reverse DNS');
  });

  it('a block list: "554 5.7.1 Service unavailable; Client host [127.0.0.1] blocked using rbl.splitcheck.test" → error', async () => {
    const r = await ask('rbl', '--helo', GOOD_HELO);
    const rep = report(r);
    expect(statuses(rep, MAILBOX_CHECKS)).toEqual({ 'smarthost.accepts-mailbox': 'error', 'smarthost.rejects-unknown': 'error', 'smarthost.routes-to-m365': 'error' });
    expect(rep.byId['smarthost.accepts-mailbox']?.message).toContain(`blocked using ${RBL}`);
    expect(rep.byId['smarthost.accepts-mailbox']?.message).toContain('block list');
    // No fail anywhere: the run could not verify, exit 3.
    expect(r.code).toBe(3);
  });

  it('an access rule: "554 5.7.1 <unknown[127.0.0.1]>: Client host rejected: Access denied" → error', async () => {
    const rep = report(await ask('access', '--helo', GOOD_HELO));
    expect(statuses(rep, MAILBOX_CHECKS)).toEqual({ 'smarthost.accepts-mailbox': 'error', 'smarthost.rejects-unknown': 'error', 'smarthost.routes-to-m365': 'error' });
    expect(rep.byId['smarthost.accepts-mailbox']?.message).toContain('Client host rejected: Access denied');
  });
});

describe('Postfix: relay refusal and a rate limit, each read by its words (items 7)', () => {
  it('"454 4.7.1 <x>: Relay access denied" is a relay refusal: accepts-mailbox fails with the routing fix', async () => {
    const r = await check(ELSEWHERE, `mail-relay.${PF}`, '--mailbox', `anna@${ELSEWHERE}`, '--m365-mailbox', `ben@${ELSEWHERE}`, '--helo', GOOD_HELO);
    const rep = report(r);
    expect(statuses(rep, MAILBOX_CHECKS)).toEqual({
      'smarthost.accepts-mailbox': 'fail',
      'smarthost.rejects-unknown': 'pass',
      // Not the server's domain: hosting users' mail to Microsoft 365 goes out by the MX.
      'smarthost.routes-to-m365': 'pass',
    });
    const f = rep.byId['smarthost.accepts-mailbox']!;
    expect(f.message).toContain(`454 4.7.1 <anna@${ELSEWHERE}>: Relay access denied`);
    expect(f.message).not.toMatch(/greylist/i);
    expect(f.remedy).toContain('Local Mail Exchanger');
    expect(r.code).toBe(1);
  });

  it('anvil\'s recipient rate limit: "450 4.7.1 Error: too many recipients from 127.0.0.1" is a rate limit, quoted', async () => {
    const rep = report(await check(PF, `mail-rate.${PF}`, '--mailbox', `anna@${PF}`, '--mailbox', `bob@${PF}`, '--helo', GOOD_HELO));
    const f = rep.byId['smarthost.accepts-mailbox']!;
    expect(f.status).toBe('error');
    expect(f.message).toContain('450 4.7.1 Error: too many recipients from 127.0.0.1');
    expect(f.message).toContain('rate or connection limit');
  });
});

describe('Exim: cPanel routing as seen from outside (items 8 and issue 11)', () => {
  // From outside, a Backup MX (which hands ben's mail on) and a catch-all (which keeps it) give the same 250 for ben:
  // routes-to-m365 says both and warns, never passes.
  it('Backup Mail Exchanger: a made-up address is accepted → rejects-unknown warns (catch-all or 5.4.14 loop), routes-to-m365 warns (catch-all or passed on)', async () => {
    const r = await check(EX, `mail-backup.${EX}`, '--mailbox', `anna@${EX}`, '--m365-mailbox', `ben@${EX}`, '--helo', GOOD_HELO);
    const rep = report(r);
    expect(statuses(rep, MAILBOX_CHECKS)).toEqual({ 'smarthost.accepts-mailbox': 'pass', 'smarthost.rejects-unknown': 'warn', 'smarthost.routes-to-m365': 'warn' });
    expect(rep.byId['smarthost.routes-to-m365']?.message).toMatch(/catch-all keeps it/);
    const f = rep.byId['smarthost.rejects-unknown']!;
    expect(f.message).toMatch(/catch-all/);
    expect(f.message).toMatch(/Backup Mail Exchanger/);
    expect(f.message).toContain('5.4.14');
    expect(f.remedy).toContain('Local Mail Exchanger');
  });

  it('Local with a forwarder for ben and none for carl: carl fails with the forwarder fix, ben is a forwarder-or-mailbox warn', async () => {
    const both = report(await check(EX, `mail-forward.${EX}`, '--mailbox', `anna@${EX}`, '--m365-mailbox', `ben@${EX}`, '--m365-mailbox', `carl@${EX}`, '--helo', GOOD_HELO));
    const routesBoth = both.byId['smarthost.routes-to-m365']!;
    expect(routesBoth.status).toBe('fail');
    expect(routesBoth.message).toContain(`<carl@${EX}>`);
    expect(routesBoth.message).toContain('No Such User Here');
    expect(routesBoth.remedy).toContain('Email → Forwarders → Add Forwarder');
    // Exim logs each connection as it opens ("SMTP connection from [127.0.0.1]:port ..."), then again as it closes.
    const sessions = () => (eximLog(dir, 'exim-forward').match(/SMTP connection from \[/g) ?? []).length;
    const before = sessions();
    const ben = report(await check(EX, `mail-forward.${EX}`, '--mailbox', `anna@${EX}`, '--m365-mailbox', `ben@${EX}`, '--helo', GOOD_HELO));
    // One session asked about anna, the made-up address and ben; one more compared the certificate without SNI.
    expect(sessions() - before).toBe(2);
    expect(statuses(ben, MAILBOX_CHECKS)).toEqual({ 'smarthost.accepts-mailbox': 'pass', 'smarthost.rejects-unknown': 'pass', 'smarthost.routes-to-m365': 'warn' });
    expect(ben.byId['smarthost.routes-to-m365']?.remedy).toContain('Email → Forwarders');
    const log = eximLog(dir, 'exim-forward');
    // Exim logs its own reason (no router took carl); the client got the ACL's "No Such User Here".
    expect(log).toContain('F=<anna@exim.example> rejected RCPT <carl@exim.example>: Unrouteable address');
  });
});

describe('Exim: one connection at a time, and the certificate without SNI (items 9, 11)', () => {
  it("the limit is real: Exim with smtp_accept_max_per_host = 1 answers a second concurrent connection 421", async () => {
    const first = net.connect({ host: '127.0.0.1', port: ports['limits']! });
    await new Promise<void>((resolve) => first.once('data', () => resolve()));
    const second = await new Promise<string>((resolve) => {
      const s = net.connect({ host: '127.0.0.1', port: ports['limits']! });
      s.setEncoding('utf8');
      s.once('data', (d: string) => {
        resolve(d);
        s.destroy();
      });
    });
    first.destroy();
    expect(second).toMatch(/^421 .*Too many concurrent SMTP connections/);
  });

  it('two addresses of one smart host on that Exim: probed one after the other, smarthost.smtp passes, no 421 left', async () => {
    const r = await check(EX, `mail-limits.${EX}`, '--mailbox', `anna@${EX}`, '--helo', GOOD_HELO);
    const rep = report(r);
    expect(statuses(rep, ['smarthost.smtp', 'smarthost.tls', 'smarthost.accepts-mailbox'])).toEqual({
      'smarthost.smtp': 'pass',
      'smarthost.tls': 'pass',
      'smarthost.accepts-mailbox': 'pass',
    });
    const probes = rep.byId['smarthost.smtp']!.evidence['probes'] as Array<{ address: string; attempts: Array<{ reach: string; greeting?: string }> }>;
    expect(probes.map((p) => p.address)).toEqual(['127.0.25.41', '127.0.25.42']);
    // Each address got its answer; a 421 (Exim freeing the slot a moment late) was asked again and passed.
    for (const p of probes) expect(p.attempts.at(-1)?.greeting).toBeUndefined();
  });

  it('another certificate without SNI (the server\'s own name): smarthost.certificate warns', async () => {
    const rep = report(await check(EX, `mail-sni.${EX}`, '--mailbox', `anna@${EX}`, '--helo', GOOD_HELO));
    const f = rep.byId['smarthost.certificate']!;
    expect(f.status).toBe('warn');
    expect(f.message).toContain('server.hosting.example');
    expect(f.message).toContain('no SNI');
    expect(eximLog(dir, 'exim-sni')).toMatch(/SNI=/);
  });

  it('the same certificate with and without SNI: pass, and it says so', async () => {
    const rep = report(await check(EX, `mail-limits.${EX}`, '--helo', GOOD_HELO));
    expect(rep.byId['smarthost.certificate']?.status).toBe('pass');
    expect(rep.byId['smarthost.certificate']?.message).toContain('same certificate');
  });
});
