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
    const smtp = report.results.filter((x) => /^(smarthost|m365)\./.test(x.id));
    expect(Object.fromEntries(smtp.map((x) => [x.id, x.status]))).toEqual({
      'smarthost.resolves': 'pass',
      'smarthost.loop': 'pass',
      'smarthost.smtp': 'pass',
      'smarthost.tls': 'pass',
      'smarthost.certificate': 'fail',
      'smarthost.accepts-mailbox': 'pass',
      // The demo's hosting server refuses a made-up address; the demo names no Microsoft 365 mailbox.
      'smarthost.rejects-unknown': 'pass',
      'smarthost.routes-to-m365': 'skip',
      'm365.internal-relay': 'fail',
    });
    const byId = (id: string) => smtp.find((x) => x.id === id)!;
    expect(byId('smarthost.resolves').message).toContain('inferred: mail.northwind-traders.example');
    expect(byId('smarthost.certificate').message).toMatch(/without the intermediate.*450 4\.4\.317 \.\.\. UntrustedRoot/);
    expect(byId('smarthost.certificate').remedy).toMatch(/full chain/);
    expect(byId('smarthost.accepts-mailbox').message).toContain('RCPT TO:<sales@northwind-traders.example>');
    expect(byId('m365.internal-relay').message).toMatch(/550 5\.4\.1 .*Authoritative/);
    expect(byId('m365.internal-relay').remedy).toContain('This accepted domain is: Internal relay');
    expect(byId('m365.internal-relay').observed?.join('\n')).toContain('C: RCPT TO:<sales@northwind-traders.example>');
    // The checks themselves take well under a second; the demo must stay quick.
    expect(report.durationMs).toBeLessThan(2000);
  });
});
