// `splitcheck <domain>` end to end: the built bin asks Unbound (in front of NSD) and probes Debian's Exim and the Microsoft edge imitation.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { schemaErrors } from '../helpers/schema.js';
import { check, expectStatuses, finding, report, world } from './cli.js';
import { eximLog, messageArrivals } from './harness/exim.js';
import { BROKEN, HEALTHY, PROPAGATING } from './world.js';

/** The inside view: no --m365-export and no cPanel in these worlds (proven against loopback sources in test/cli/inside-view.test.ts). */
const INSIDE_SKIPPED = {
  'm365.accepted-domain': 'skip',
  'm365.connector': 'skip',
  'm365.connector-tls': 'skip',
  'm365.direct-send': 'skip',
  'm365.dkim-signing': 'skip',
  'hosting.routing': 'skip',
  'mailboxes.duplicates': 'skip',
  'mailboxes.hosting-to-m365': 'skip',
} as const;

const ALL_PASS = {
  'mx.present': 'pass',
  'mx.m365-primary': 'pass',
  'mx.no-bypass': 'pass',
  'mx.targets-resolve': 'pass',
  'spf.present': 'pass',
  'spf.syntax': 'pass',
  'spf.m365-include': 'pass',
  'spf.hosting-covered': 'pass',
  'spf.lookup-limit': 'pass',
  'spf.void-limit': 'pass',
  'spf.all': 'pass',
  'dkim.m365': 'pass',
  'dkim.hosting': 'pass',
  'dmarc.record': 'pass',
  'autodiscover.cname': 'pass',
  'autodiscover.srv': 'pass',
  // The fixture zones publish no _mta-sts record (the check is proven against loopback HTTPS in test/checks/mtasts-*).
  'mtasts.policy': 'skip',
  'smarthost.resolves': 'pass',
  'smarthost.loop': 'pass',
  'smarthost.smtp': 'pass',
  'smarthost.tls': 'pass',
  'smarthost.certificate': 'pass',
  'smarthost.accepts-mailbox': 'pass',
  // Exim (Local) refuses the made-up address 550 5.1.1: no catch-all, no Backup MX.
  'smarthost.rejects-unknown': 'pass',
  // No --m365-mailbox given (the reverse flow is asserted in smtp-real-servers.e2e.ts).
  'smarthost.routes-to-m365': 'skip',
  'm365.internal-relay': 'pass',
  ...INSIDE_SKIPPED,
  // Judged only with --authoritative (authoritative.e2e.ts).
  'dns.consistency': 'skip',
} as const;

const SMTP_SKIPPED = {
  'smarthost.smtp': 'skip',
  'smarthost.tls': 'skip',
  'smarthost.certificate': 'skip',
  'smarthost.accepts-mailbox': 'skip',
  'smarthost.rejects-unknown': 'skip',
  'smarthost.routes-to-m365': 'skip',
  'm365.internal-relay': 'skip',
} as const;

afterAll(() => {
  // The probes asked RCPT and quit: neither Exim logged a message arriving (<=) or leaving.
  for (const name of ['exim-local', 'exim-remote']) expect(messageArrivals(eximLog(world().dir, name)), name).toEqual([]);
});

describe('healthy.example: a split domain that works', () => {
  it('every check passes, exit 0; the report is valid against the shipped schema', async () => {
    const r = await check(HEALTHY.domain, '--mailbox', HEALTHY.mailbox, '--ca-file', world().caFile);
    const rep = report(r);
    expectStatuses(rep, ALL_PASS);
    expect(r.code).toBe(0);
    expect(rep.exitCode).toBe(0);
    expect(r.stderr).toBe('');
    expect(schemaErrors('report.schema.json', rep)).toEqual([]);
    // What the real daemons said, as the report quotes it.
    expect(finding(rep, 'smarthost.tls').message).toMatch(/TLSv1\.[23]/);
    expect(finding(rep, 'smarthost.certificate').message).toContain('2 certificate(s) sent, chain complete');
    expect(finding(rep, 'smarthost.accepts-mailbox').message).toContain('250 Accepted');
    expect(finding(rep, 'dkim.hosting').message).toContain('RSA 2048-bit');
  });

  it('a mailbox the hosting server does not have: Exim answers 550 5.1.1, smarthost.accepts-mailbox fails, exit 1', async () => {
    const r = await check(HEALTHY.domain, '--mailbox', HEALTHY.unknownMailbox, '--ca-file', world().caFile, '--only', 'smarthost', '--only', 'm365.internal-relay');
    const rep = report(r);
    expectStatuses(rep, {
      'smarthost.resolves': 'pass',
      'smarthost.loop': 'pass',
      'smarthost.smtp': 'pass',
      'smarthost.tls': 'pass',
      'smarthost.certificate': 'pass',
      'smarthost.accepts-mailbox': 'fail',
      'smarthost.rejects-unknown': 'pass',
      'smarthost.routes-to-m365': 'skip',
      'm365.internal-relay': 'pass',
    });
    expect(r.code).toBe(1);
    expect(finding(rep, 'smarthost.accepts-mailbox').message).toContain('550 5.1.1 No Such User Here');
    expect(eximLog(world().dir, 'exim-local')).toContain(`rejected RCPT <${HEALTHY.unknownMailbox}>`);
  });

  it('without --ca-file the test CA is not trusted: smarthost.certificate fails (Exchange Online would defer), exit 1', async () => {
    const r = await check(HEALTHY.domain, '--mailbox', HEALTHY.mailbox, '--only', 'smarthost.certificate');
    const rep = report(r);
    expectStatuses(rep, { 'smarthost.certificate': 'fail' });
    expect(finding(rep, 'smarthost.certificate').message).toMatch(/UNABLE_TO_GET_ISSUER_CERT_LOCALLY|not trusted|untrusted/i);
    expect(r.code).toBe(1);
  });

  it('--no-smtp: the SMTP checks skip and nothing else changes, exit 0', async () => {
    const r = await check(HEALTHY.domain, '--no-smtp');
    const rep = report(r);
    expectStatuses(rep, { ...ALL_PASS, ...SMTP_SKIPPED });
    expect(r.code).toBe(0);
  });
});

describe('broken.example: half migrated, Exim on Remote routing, the tenant Authoritative', () => {
  const EXPECTED = {
    'mx.present': 'pass',
    'mx.m365-primary': 'pass',
    'mx.no-bypass': 'fail',
    'mx.targets-resolve': 'pass',
    'spf.present': 'pass',
    'spf.syntax': 'pass',
    // +a +mx before Microsoft's include, names with A records only: Microsoft 365's IPv6 mail passes by RFC 7208,
    // and gets permerror where pyspf or Mail::SPF count each MX host without AAAA as a void lookup (issue 13).
    'spf.m365-include': 'warn',
    'spf.hosting-covered': 'fail',
    'spf.lookup-limit': 'fail',
    'spf.void-limit': 'warn',
    // Forged mail walks all 12 lookups: receivers return permerror, not the ~all the record ends in (issue 13).
    'spf.all': 'warn',
    'dkim.m365': 'fail',
    'dkim.hosting': 'warn',
    'dmarc.record': 'warn',
    'autodiscover.cname': 'fail',
    'autodiscover.srv': 'fail',
    'mtasts.policy': 'skip',
    'smarthost.resolves': 'pass',
    'smarthost.loop': 'pass',
    'smarthost.smtp': 'pass',
    'smarthost.tls': 'pass',
    'smarthost.certificate': 'fail',
    'smarthost.accepts-mailbox': 'fail',
    // Remote routing refuses the made-up address as relaying too: no catch-all, no Backup MX.
    'smarthost.rejects-unknown': 'pass',
    'smarthost.routes-to-m365': 'skip',
    'm365.internal-relay': 'fail',
    ...INSIDE_SKIPPED,
    'dns.consistency': 'skip',
  } as const;
  const args = () => ['--mailbox', BROKEN.mailbox, '--hosting-ip', BROKEN.hostingIp, '--ca-file', world().caFile];

  it('each mistake is caught by its check, with what the real servers answered; exit 1', async () => {
    const r = await check(BROKEN.domain, ...args());
    const rep = report(r);
    expectStatuses(rep, EXPECTED);
    expect(r.code).toBe(1);
    expect(rep.exitCode).toBe(1);
    expect(schemaErrors('report.schema.json', rep)).toEqual([]);
    expect(finding(rep, 'mx.no-bypass').message).toContain('mail.broken.example (preference 10)');
    expect(finding(rep, 'spf.lookup-limit').message).toContain('12 DNS-querying terms');
    expect(finding(rep, 'spf.hosting-covered').message).toContain('permerror');
    expect(finding(rep, 'autodiscover.srv').message).toContain('cpanelemaildiscovery.cpanel.net');
    expect(finding(rep, 'dmarc.record').message).toContain('p=none');
    expect(finding(rep, 'smarthost.certificate').message).toContain('UNABLE_TO_VERIFY_LEAF_SIGNATURE');
    expect(finding(rep, 'smarthost.accepts-mailbox').message).toContain('550 relay not permitted');
    expect(finding(rep, 'm365.internal-relay').message).toContain('5.4.1');
    // Every non-pass finding says what to change.
    for (const f of rep.results.filter((x) => x.status === 'fail' || x.status === 'warn')) expect(f.remedy, f.id).toBeTruthy();
    expect(eximLog(world().dir, 'exim-remote')).toContain(`rejected RCPT <${BROKEN.mailbox}>: relay not permitted`);
  });

  it('--save-evidence keeps the real DNS and SMTP exchanges; --replay judges them again offline, identically', async () => {
    // In the run's temporary directory, which the teardown removes.
    const file = join(world().dir, 'evidence-broken.json');
    const live = await check(BROKEN.domain, ...args(), '--save-evidence', file);
    const evidence = JSON.parse(readFileSync(file, 'utf8')) as { smtp?: { probes: { result: { transcript: { kind: string; command?: string }[] } }[] } };
    // The smart host's one session, the one without SNI (smarthost.certificate), the Microsoft MX's.
    expect(evidence.smtp?.probes.length).toBe(3);
    // The probe never sent DATA to anyone.
    for (const probe of evidence.smtp!.probes) expect(probe.result.transcript.some((e) => e.kind === 'sent' && /^DATA/i.test(e.command ?? ''))).toBe(false);
    // No resolver (port 9: discard), no SMTP routes: the replay asks nothing of the network.
    const replay = await runCli(['--replay', file, '--json', '--resolver', '127.0.0.1:9']);
    expect(replay.code).toBe(live.code);
    const a = report(live);
    const b = report(replay);
    expect(b.results).toEqual(a.results);
    expect(b.replayed).toBe(true);
  });

  it('the terminal report names the failures and exits 1', async () => {
    const w = world();
    const r = await runCli([BROKEN.domain, '--resolver', w.resolver, '--no-smtp', '--no-color'], { env: { SPLITCHECK_TEST_SMTP_ROUTES: w.smtpRoutes } });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/fail\s+mx\.no-bypass/);
    expect(r.stdout).toMatch(/fail\s+autodiscover\.srv/);
  });
});

describe('propagating.example: cut over on the primary name server', () => {
  it('through the resolver (which asks the primary) everything passes, exit 0', async () => {
    const r = await check(PROPAGATING.domain, '--no-smtp');
    const rep = report(r);
    expectStatuses(rep, { ...ALL_PASS, ...SMTP_SKIPPED });
    expect(finding(rep, 'mx.m365-primary').message).toContain(PROPAGATING.msMx);
    expect(r.code).toBe(0);
  });
});
