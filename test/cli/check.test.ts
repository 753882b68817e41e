// CLI tests: spawn the bin against a loopback DNS server and assert the JSON report and the exit code together.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Report } from '../../src/engine/types.js';
import { startDnsServer, type DnsTestServer } from '../../src/testbed/dns-server.js';
import { AUTODISCOVER_WORLDS } from '../checks/autodiscover/worlds.js';
import { MX_WORLDS } from '../checks/mx/worlds.js';
import { runCli } from '../helpers/cli.js';
import { schemaErrors } from '../helpers/schema.js';

const healthy = MX_WORLDS.find((w) => w.name === 'healthy split domain')!;
const broken = MX_WORLDS.find((w) => w.name === 'hosting MX left as a backup')!;
const warned = AUTODISCOVER_WORLDS.find((w) => w.name === 'autodiscover through an intermediate alias')!;
const zone = { ...healthy.zone, ...broken.zone, ...warned.zone };
/** These worlds describe MX and autodiscover only; SMTP would leave loopback, so it is off. */
const SCOPE = ['--only', 'mx', '--only', 'autodiscover', '--no-smtp'];

let server: DnsTestServer;
let resolver: string;
const dir = mkdtempSync(join(tmpdir(), 'splitcheck-cli-'));

beforeAll(async () => {
  server = await startDnsServer({ zone });
  resolver = `127.0.0.1:${server.address.port}`;
});
afterAll(async () => {
  await server.close();
});

function parseReport(stdout: string): Report {
  const report = JSON.parse(stdout) as Report;
  expect(schemaErrors('report.schema.json', report)).toEqual([]);
  return report;
}

describe('splitcheck <domain> --json', () => {
  it('a healthy domain: all pass, exit 0', async () => {
    const r = await runCli([healthy.domain, '--resolver', resolver, '--json', ...SCOPE]);
    const report = parseReport(r.stdout);
    expect(r.code).toBe(0);
    expect(report.domain).toBe('contoso.com');
    expect(report.summary).toEqual({ pass: 6, warn: 0, fail: 0, error: 0, skip: 0 });
    expect(report.exitCode).toBe(0);
    expect(r.stderr).toBe('');
  });

  it('a broken domain: the failing check, its remedy, exit 1', async () => {
    const r = await runCli([broken.domain, '--resolver', resolver, '--json', ...SCOPE]);
    const report = parseReport(r.stdout);
    expect(r.code).toBe(1);
    const bypass = report.results.find((x) => x.id === 'mx.no-bypass')!;
    expect(bypass.status).toBe('fail');
    expect(bypass.remedy).toContain('mail.backup.com');
    expect(bypass.observed?.join('\n')).toContain('MX 10 mail.backup.com.');
  });

  it('--strict turns a warning into exit 1; without it the same run exits 0', async () => {
    const lax = await runCli([warned.domain, '--resolver', resolver, '--json', ...SCOPE]);
    const strict = await runCli([warned.domain, '--resolver', resolver, '--json', '--strict', ...SCOPE]);
    expect(parseReport(lax.stdout).summary.warn).toBeGreaterThan(0);
    expect(lax.code).toBe(0);
    expect(strict.code).toBe(1);
  });

  it('--only and --skip select by id and by area prefix', async () => {
    const only = parseReport((await runCli([healthy.domain, '--resolver', resolver, '--json', '--only', 'mx', '--no-smtp'])).stdout);
    expect(only.results.map((x) => x.id)).toEqual(['mx.present', 'mx.m365-primary', 'mx.no-bypass', 'mx.targets-resolve']);
    const skip = parseReport(
      (await runCli([healthy.domain, '--resolver', resolver, '--json', '--only', 'autodiscover', '--skip', 'autodiscover.srv', '--no-smtp'])).stdout,
    );
    expect(skip.results.map((x) => x.id)).toEqual(['autodiscover.cname']);
  });

  it('accepts an IDN (as punycode) and a trailing dot', async () => {
    const idn = await runCli(['bücher.example', '--resolver', resolver, '--json', '--only', 'mx.present', '--no-smtp']);
    expect(parseReport(idn.stdout).domain).toBe('xn--bcher-kva.example');
    expect(idn.code).toBe(1); // not in the zone: NXDOMAIN is a fail, not a usage error
    const dot = await runCli(['contoso.com.', '--resolver', resolver, '--json', ...SCOPE]);
    expect(parseReport(dot.stdout).domain).toBe('contoso.com');
    expect(dot.code).toBe(0);
  });

  it('--save-evidence then --replay judges again offline with identical results', async () => {
    const file = join(dir, 'evidence.json');
    const live = await runCli([broken.domain, '--resolver', resolver, '--json', '--no-smtp', '--save-evidence', file]);
    const evidence = JSON.parse(readFileSync(file, 'utf8')) as { kind: string; dns: { lookups: unknown[]; exchanges: unknown[] } };
    expect(evidence.kind).toBe('splitcheck-evidence');
    expect(evidence.dns.lookups.length).toBeGreaterThan(3);
    expect(evidence.dns.exchanges.length).toBeGreaterThanOrEqual(evidence.dns.lookups.length);
    // No resolver is reachable at this address: replay must not need one.
    const replay = await runCli(['--replay', file, '--json', '--resolver', '127.0.0.1:9']);
    expect(replay.code).toBe(live.code);
    const a = parseReport(live.stdout);
    const b = parseReport(replay.stdout);
    expect(b.results).toEqual(a.results);
    expect(b.replayed).toBe(true);
    expect(b.startedAt).toBe(a.startedAt);
  });
});

describe('usage errors: one line on stderr, exit 2, nothing on stdout', () => {
  const cases: [string, string[], RegExp][] = [
    ['an e-mail address', ['alice@contoso.com'], /e-mail address.*splitcheck contoso\.com/],
    ['an invalid domain', ['not_a domain!'], /not a valid domain/],
    ['a single label', ['localhost'], /not a full domain name/],
    ['an IP address', ['192.0.2.1'], /IP address/],
    ['a URL', ['https://contoso.com/'], /URL/],
    ['an unknown flag', ['contoso.com', '--bogus'], /unknown option --bogus/],
    ['a flag without its value', ['contoso.com', '--timeout'], /Not enough arguments following: timeout/],
    ['a bad timeout', ['contoso.com', '--timeout', 'soon'], /invalid --timeout "soon": give a duration/],
    ['a bad resolver', ['contoso.com', '--resolver', 'dns.example'], /invalid resolver "dns\.example"/],
    ['an unknown check', ['contoso.com', '--only', 'mx.nope'], /no check matches "mx\.nope"/],
    ['a bad format', ['contoso.com', '--format', 'xml'], /Invalid values/],
    ['no domain', [], /no domain given/],
    ['a missing evidence file', ['--replay', '/nonexistent/run.json'], /cannot read .*no such file/],
  ];
  for (const [name, args, pattern] of cases) {
    it(name, async () => {
      const r = await runCli(args);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
      expect(r.stderr).toMatch(pattern);
      expect(r.stderr).not.toMatch(/\n\s+at /);
    });
  }
});

describe('help and version', () => {
  it('--help lists every check id, the exit codes and examples', async () => {
    const r = await runCli(['--help']);
    expect(r.code).toBe(0);
    for (const id of ['mx.present', 'mx.m365-primary', 'mx.no-bypass', 'mx.targets-resolve', 'autodiscover.cname', 'autodiscover.srv']) {
      expect(r.stdout).toContain(id);
    }
    expect(r.stdout).toMatch(/Exit codes/);
    expect(r.stdout).toMatch(/Examples:/);
    expect(r.stdout).toContain('--save-evidence');
  });

  it('--version prints the package version', async () => {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
    const r = await runCli(['--version']);
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toBe(pkg.version);
  });
});

describe('terminal report', () => {
  it('has no colour when stdout is not a TTY or NO_COLOR is set, and colour with --color', async () => {
    const plain = await runCli([broken.domain, '--resolver', resolver, ...SCOPE]);
    expect(plain.code).toBe(1);
    expect(plain.stdout).not.toMatch(/\u001b\[/);
    expect(plain.stdout).toMatch(/✖ fail {2}mx\.no-bypass/);
    expect(plain.stdout).toContain('fix:');
    const forced = await runCli([broken.domain, '--resolver', resolver, '--color', ...SCOPE]);
    expect(forced.stdout).toMatch(/\u001b\[31m/);
    const noColor = await runCli([broken.domain, '--resolver', resolver, '--color', ...SCOPE], { env: { NO_COLOR: '1' } });
    // An explicit --color wins over NO_COLOR (no-color.org: user-level flags may override it).
    expect(noColor.stdout).toMatch(/\u001b\[31m/);
    const envOnly = await runCli([broken.domain, '--resolver', resolver, ...SCOPE], { env: { NO_COLOR: '1' } });
    expect(envOnly.stdout).not.toMatch(/\u001b\[/);
  });
});
