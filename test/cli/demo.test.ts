// `splitcheck demo`: the README's first command — a real run against the built-in world, offline.
import { describe, expect, it } from 'vitest';
import type { Report } from '../../src/engine/types.js';
import { runCli } from '../helpers/cli.js';
import { schemaErrors } from '../helpers/schema.js';

describe('splitcheck demo', () => {
  it('prints a report with the built-in mistakes and their fixes, and exits 0', async () => {
    const r = await runCli(['demo']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('northwind-traders.example');
    expect(r.stdout).toMatch(/✖ fail {2}mx\.no-bypass/);
    expect(r.stdout).toMatch(/✖ fail {2}autodiscover\.srv/);
    expect(r.stdout).toMatch(/✔ pass {2}mx\.m365-primary/);
    expect(r.stdout).toContain('fix:');
    expect(r.stdout).toContain('a real run would end with exit 1');
    expect(r.stderr).toBe('');
  });

  it('--json gives the contract document, whose exitCode is what a real run would exit with', async () => {
    const r = await runCli(['demo', '--json']);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout) as Report;
    expect(schemaErrors('report.schema.json', report)).toEqual([]);
    expect(report.domain).toBe('northwind-traders.example');
    expect(report.exitCode).toBe(1);
    expect(report.summary.error).toBe(0);
    expect(report.results.find((x) => x.id === 'mx.no-bypass')?.status).toBe('fail');
  });

  it('probes its loopback smart host and Microsoft edge: Authoritative (5.4.1) and a missing intermediate (4.4.317)', async () => {
    const r = await runCli(['demo', '--json']);
    const report = JSON.parse(r.stdout) as Report;
    // The SMTP probes (the inside view's checks have their own test below).
    const smtp = report.results.filter((x) => /^smarthost\./.test(x.id) || x.id === 'm365.internal-relay');
    expect(Object.fromEntries(smtp.map((x) => [x.id, x.status]))).toEqual({
      'smarthost.resolves': 'pass',
      'smarthost.loop': 'pass',
      'smarthost.smtp': 'pass',
      'smarthost.tls': 'pass',
      'smarthost.certificate': 'fail',
      'smarthost.accepts-mailbox': 'pass',
      // The demo's hosting server refuses a made-up address; the export's Microsoft 365 mailboxes are asked about:
      // the CEO's forwarder and Jane's leftover mailbox answer, accounts@ has neither and bounces.
      'smarthost.rejects-unknown': 'pass',
      'smarthost.routes-to-m365': 'fail',
      'm365.internal-relay': 'fail',
    });
    const byId = (id: string) => smtp.find((x) => x.id === id)!;
    expect(byId('smarthost.resolves').message).toContain('the smart host of the outbound connector "To cPanel (hosting mailboxes)" in the Microsoft 365 export');
    expect(byId('smarthost.certificate').message).toMatch(/without the intermediate.*450 4\.4\.317 \.\.\. UntrustedRoot/);
    expect(byId('smarthost.certificate').remedy).toMatch(/full chain/);
    expect(byId('smarthost.accepts-mailbox').message).toContain('RCPT TO:<sales@northwind-traders.example>');
    expect(byId('m365.internal-relay').message).toMatch(/550 5\.4\.1 .*Authoritative/);
    expect(byId('m365.internal-relay').remedy).toContain('This accepted domain is: Internal relay');
    expect(byId('m365.internal-relay').observed?.join('\n')).toContain('C: RCPT TO:<sales@northwind-traders.example>');
    expect(byId('smarthost.routes-to-m365').message).toMatch(/<accounts@northwind-traders\.example>.*taken from the Microsoft 365 export's mailboxes: 3 of 3/);
    // The checks themselves take well under a second; the demo must stay quick.
    expect(report.durationMs).toBeLessThan(2000);
  });

  it('shows the inside view: the demo tenant\'s export and a loopback cPanel, each finding in step with the probes', async () => {
    const r = await runCli(['demo', '--json']);
    const report = JSON.parse(r.stdout) as Report;
    const inside = report.results.filter((x) => /^(hosting|mailboxes)\./.test(x.id) || (/^m365\./.test(x.id) && x.id !== 'm365.internal-relay'));
    expect(Object.fromEntries(inside.map((x) => [x.id, x.status]))).toEqual({
      // Authoritative, as the edge's 5.4.1 shows.
      'm365.accepted-domain': 'fail',
      'm365.connector': 'pass',
      // DomainValidation against the leaf sent without its intermediate: 4.4.317, as smarthost.certificate says.
      'm365.connector-tls': 'fail',
      'm365.direct-send': 'pass',
      // Off, as dkim.m365 finds no keys behind the CNAMEs.
      'm365.dkim-signing': 'fail',
      'hosting.routing': 'pass',
      'mailboxes.duplicates': 'fail',
      'mailboxes.hosting-to-m365': 'fail',
    });
    const byId = (id: string) => inside.find((x) => x.id === id)!;
    expect(byId('mailboxes.duplicates').message).toContain('jane@northwind-traders.example (hosting mailbox)');
    expect(byId('mailboxes.hosting-to-m365').remedy).toContain('accounts@northwind-traders.example → accounts@northwindtraders.onmicrosoft.com');
    expect(r.stdout).not.toContain('DEMO0TOKEN0NOT0SECRET0123456789AB');
  });
});
