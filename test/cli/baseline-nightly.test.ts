// The nightly recipe from the bin: --domains-file over several domains with last night's many-domain report as --baseline; only what changed fails the run.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Report } from '../../src/engine/types.js';
import { startDnsServer, type DnsTestServer, type Zone } from '../../src/testbed/dns-server.js';
import { contosoZone, WORLD } from '../helpers/authoritative-servers.js';
import { runCli } from '../helpers/cli.js';
import { schemaErrors } from '../helpers/schema.js';

const NS = { 'ns1.contoso.com': '192.0.2.1' };
const SRV: [number, number, number, string][] = [[0, 0, 443, 'cpanelemaildiscovery.cpanel.net']];

/** A client domain whose MX and autodiscover checks pass; `backupMx` adds the hosting server as a backup MX (mx.no-bypass fails). */
function client(domain: string, address: string, backupMx = false): Zone {
  const mx = `${domain.replace('.', '-')}.mail.protection.outlook.com`;
  return {
    [domain]: [{ MX: [0, mx] }, ...(backupMx ? [{ MX: [10, `mail.${domain}`] as [number, string] }] : [])],
    [mx]: [{ A: address }],
    [`mail.${domain}`]: [{ A: '203.0.113.25' }],
    [`autodiscover.${domain}`]: [{ CNAME: 'autodiscover.outlook.com' }],
  };
}

// Last night: contoso.com has cPanel's autodiscover SRV record (known, accepted); fabrikam.com and tailspin.com are in order.
const lastNight: Zone = { ...WORLD, ...contosoZone(NS, { srv: SRV }), ...client('fabrikam.com', '198.51.100.12'), ...client('tailspin.com', '198.51.100.13') };
// Tonight: the same, and fabrikam.com got the hosting server back as a backup MX (new).
const tonight: Zone = { ...lastNight, ...client('fabrikam.com', '198.51.100.12', true) };

const dir = mkdtempSync(join(tmpdir(), 'splitcheck-nightly-'));
let before: DnsTestServer;
let now: DnsTestServer;
const run = (server: DnsTestServer, args: string[]) =>
  runCli(['--domains-file', 'clients.txt', '--resolver', `127.0.0.1:${server.address.port}`, '--only', 'mx', '--only', 'autodiscover', '--no-smtp', '--timeout', '1000', '--retries', '0', ...args], { cwd: dir });

beforeAll(async () => {
  [before, now] = await Promise.all([startDnsServer({ zone: lastNight }), startDnsServer({ zone: tonight })]);
  writeFileSync(join(dir, 'clients.txt'), '# our clients\ncontoso.com\nfabrikam.com\ntailspin.com\n');
  const first = await run(before, ['--json', '--output', 'last-night.json']);
  expect(first.code).toBe(1);
});
afterAll(async () => {
  await Promise.all([before.close(), now.close()]);
});

describe('a nightly run over many domains with last night\'s report as the baseline', () => {
  it('nothing changed: exit 0 although contoso.com still fails, and every problem is known', async () => {
    const r = await run(before, ['--baseline', 'last-night.json', '--json']);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout) as { reports: Report[]; exitCode: number; comparison: Record<string, number> };
    expect(doc.comparison).toMatchObject({ new: 0, worsened: 0, fixed: 0, exitCode: 0 });
    expect(doc.comparison['known']).toBeGreaterThan(0);
    expect(doc.reports.find((x) => x.domain === 'contoso.com')!.exitCode).toBe(1);
  });

  it('one client changed: exit 1 on the new problem only; the report names it as new and the others as known, per domain', async () => {
    const r = await run(now, ['--baseline', 'last-night.json', '--json']);
    expect(r.code).toBe(1);
    const doc = JSON.parse(r.stdout) as { reports: Report[]; comparison: Record<string, number> };
    for (const report of doc.reports) expect(schemaErrors('report.schema.json', report)).toEqual([]);
    const byDomain = Object.fromEntries(doc.reports.map((x) => [x.domain, x.comparison!]));
    expect(byDomain['fabrikam.com']!.new.map((x) => [x.id, x.item])).toEqual([['mx.no-bypass', 'mail.fabrikam.com']]);
    expect(byDomain['fabrikam.com']!.exitCode).toBe(1);
    expect(byDomain['contoso.com']!.new).toEqual([]);
    expect(byDomain['contoso.com']!.known.map((x) => x.id)).toContain('autodiscover.srv');
    expect(byDomain['contoso.com']!.exitCode).toBe(0);
    expect(byDomain['tailspin.com']!.new).toEqual([]);
    expect(doc.comparison).toMatchObject({ new: 1, exitCode: 1 });

    // The Markdown summary an MSP reads: what is new, per domain, before the checks.
    const md = await run(now, ['--baseline', 'last-night.json', '--format', 'markdown']);
    expect(md.code).toBe(1);
    const fabrikam = md.stdout.slice(md.stdout.indexOf('# splitcheck report for fabrikam.com'));
    expect(fabrikam).toMatch(/## Compared with the baseline[\s\S]*\*\*New \(1\)\*\*[\s\S]*`mx\.no-bypass` \| mail\.fabrikam\.com \| fail/);
  });

  it('a client added to the list since last night: its problems are all new', async () => {
    writeFileSync(join(dir, 'more.txt'), `${readFileSync(join(dir, 'clients.txt'), 'utf8')}northwind.com\n`);
    const r = await runCli(
      ['--domains-file', 'more.txt', '--resolver', `127.0.0.1:${before.address.port}`, '--only', 'mx', '--no-smtp', '--timeout', '1000', '--retries', '0', '--baseline', 'last-night.json', '--json'],
      { cwd: dir },
    );
    const doc = JSON.parse(r.stdout) as { reports: Report[] };
    const northwind = doc.reports.find((x) => x.domain === 'northwind.com')!;
    expect(northwind.comparison!.inBaseline).toBe(false);
    expect(northwind.comparison!.new.length).toBeGreaterThan(0);
    // Its new problems set the exit code, as they would without a baseline.
    expect(northwind.comparison!.exitCode).toBe(northwind.exitCode);
    expect(r.code).toBe(northwind.exitCode);
    expect(r.code).not.toBe(0);
  });
});
