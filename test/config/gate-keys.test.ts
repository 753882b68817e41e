// The config keys of the CI gate: "baseline" (a path relative to the file) and "wait" (a duration, refused with its key's path when it is not one).
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/load.js';
import type { Report } from '../../src/engine/types.js';
import { startDnsServer, type DnsTestServer } from '../../src/testbed/dns-server.js';
import { contosoZone, DOMAIN, WORLD } from '../helpers/authoritative-servers.js';
import { runCli } from '../helpers/cli.js';

describe('parseConfig: baseline and wait', () => {
  it('"baseline" is resolved against the file\'s directory; "wait" is kept as typed once it parses', () => {
    const r = parseConfig(JSON.stringify({ domain: DOMAIN, baseline: 'reports/last.json', wait: '1h30m' }), 'splitcheck.json', '/repo/dns');
    expect(r.ok && r.value.baseline).toBe('/repo/dns/reports/last.json');
    expect(r.ok && r.value.wait).toBe('1h30m');
  });

  it.each([
    ['15', 'splitcheck.json: /wait: --wait "15" has no unit'],
    ['7h', 'splitcheck.json: /wait: --wait "7h" is out of range: give 1s to 6h'],
    ['soon', 'splitcheck.json: /wait: invalid --wait "soon"'],
  ])('"wait": "%s" is refused with the key\'s path', (wait, message) => {
    const r = parseConfig(JSON.stringify({ domain: DOMAIN, wait }), 'splitcheck.json', '/repo');
    expect(r.ok).toBe(false);
    expect(!r.ok && r.error).toContain(message);
  });

  it('"baseline": "" is refused by the schema', () => {
    const r = parseConfig(JSON.stringify({ domain: DOMAIN, baseline: '' }), 'splitcheck.json', '/repo');
    expect(r.ok).toBe(false);
    expect(!r.ok && r.error).toContain('/baseline');
  });
});

describe('"baseline" in a config file, from the bin', () => {
  const NS = { 'ns1.contoso.com': '192.0.2.1' };
  const zone = { ...WORLD, ...contosoZone(NS, { srv: [[0, 0, 443, 'cpanelemaildiscovery.cpanel.net']] }) };
  const dir = mkdtempSync(join(tmpdir(), 'splitcheck-config-baseline-'));
  let server: DnsTestServer;

  beforeAll(async () => {
    server = await startDnsServer({ zone });
    mkdirSync(join(dir, 'dns', 'reports'), { recursive: true });
    const base = { domain: DOMAIN, resolvers: [`127.0.0.1:${server.address.port}`], timeout: 1000, retries: 0, only: ['autodiscover'], smtp: false };
    writeFileSync(join(dir, 'dns', 'first.json'), JSON.stringify(base));
    writeFileSync(join(dir, 'dns', 'splitcheck.json'), JSON.stringify({ ...base, baseline: 'reports/last.json' }));
  });
  afterAll(async () => {
    await server.close();
  });

  it('is read relative to the config file, not the working directory: the known failure does not count', async () => {
    const first = await runCli(['--config', 'dns/first.json', '--json', '--output', 'dns/reports/last.json'], { cwd: dir });
    expect(first.code).toBe(1);
    const r = await runCli(['--config', 'dns/splitcheck.json', '--json'], { cwd: dir });
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout) as Report;
    expect(report.exitCode).toBe(1);
    expect(report.comparison?.known.map((k) => k.id)).toEqual(['autodiscover.srv']);
    expect(report.comparison?.new).toEqual([]);
  });
});
