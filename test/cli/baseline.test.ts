// --baseline and `splitcheck diff` from the built bin against loopback DNS: a known failure is named and does not count, a new one does.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Report } from '../../src/engine/types.js';
import { startDnsServer, type DnsTestServer } from '../../src/testbed/dns-server.js';
import { contosoZone, DOMAIN, MS_MX, WORLD } from '../helpers/authoritative-servers.js';
import { runCli } from '../helpers/cli.js';
import { schemaErrors } from '../helpers/schema.js';

const NS = { 'ns1.contoso.com': '192.0.2.1' };
const SRV: [number, number, number, string][] = [[0, 0, 443, 'cpanelemaildiscovery.cpanel.net']];
// Last week: the cPanel autodiscover SRV record was left in (autodiscover.srv fails), accepted as known.
const before = { ...WORLD, ...contosoZone(NS, { srv: SRV }) };
// Now: the SRV record is still there, and someone added the hosting server back as a backup MX (mx.no-bypass fails: new).
const now = { ...WORLD, ...contosoZone(NS, { srv: SRV, mx: [[0, MS_MX], [10, `mail.${DOMAIN}`]] }) };
const SCOPE = ['--only', 'mx', '--only', 'autodiscover', '--no-smtp', '--timeout', '1000', '--retries', '0'];

let old: DnsTestServer;
let current: DnsTestServer;
const dir = mkdtempSync(join(tmpdir(), 'splitcheck-baseline-'));
const file = (name: string) => join(dir, name);
const run = (server: DnsTestServer, args: string[]) => runCli([DOMAIN, '--resolver', `127.0.0.1:${server.address.port}`, ...SCOPE, ...args], { cwd: dir });

beforeAll(async () => {
  old = await startDnsServer({ zone: before });
  current = await startDnsServer({ zone: now });
  const r = await run(old, ['--json', '--output', 'last-week.json']);
  expect(r.code).toBe(1);
});
afterAll(async () => {
  await Promise.all([old.close(), current.close()]);
});

describe('--baseline', () => {
  it('one known and one new failure: exit 1 on the new one only, and the report names both', async () => {
    const r = await run(current, ['--baseline', 'last-week.json', '--json']);
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout) as Report;
    expect(schemaErrors('report.schema.json', report)).toEqual([]);
    const c = report.comparison!;
    expect(c.new.map((x) => [x.id, x.item, x.status])).toEqual([['mx.no-bypass', `mail.${DOMAIN}`, 'fail']]);
    expect(c.known.map((x) => [x.id, x.status, x.was])).toEqual([['autodiscover.srv', 'fail', 'fail']]);
    expect(c.exitCode).toBe(1);
    expect(c.baseline.startedAt).toBe((JSON.parse(readFileSync(file('last-week.json'), 'utf8')) as Report).startedAt);
    // The report's own verdict is unchanged: the setup is wrong in two places.
    expect(report.exitCode).toBe(1);

    const terminal = await run(current, ['--baseline', 'last-week.json']);
    expect(terminal.code).toBe(1);
    expect(terminal.stdout).toMatch(/Compared with the baseline \(.*\): 1 new · 1 known/);
    expect(terminal.stdout).toMatch(/new: +mx\.no-bypass mail\.contoso\.com {2}fail/);
    expect(terminal.stdout).toMatch(/known: +autodiscover\.srv \(fail\)/);
  });

  it('only known failures: exit 0 although the setup still fails, and annotations say the problem is known', async () => {
    const r = await run(old, ['--baseline', 'last-week.json', '--format', 'github']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('::error title=autodiscover.srv::contoso.com: ');
    expect(r.stdout).toContain('(known: in the baseline)');
    const newer = await run(current, ['--baseline', 'last-week.json', '--format', 'github']);
    expect(newer.stdout).toMatch(/::error title=mx\.no-bypass::.*\(new since the baseline\)/);
  });

  it('a fixed problem is reported fixed; the markdown report says what is new, fixed and known', async () => {
    await run(current, ['--json', '--output', 'now.json']);
    const r = await run(old, ['--baseline', 'now.json', '--format', 'markdown']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('## Compared with the baseline');
    expect(r.stdout).toMatch(/\*\*Fixed \(1\)\*\*\n\n\| Check \| Item \| Status \| Finding \|\n\| --- \| --- \| --- \| --- \|\n\| `mx\.no-bypass` \| mail\.contoso\.com \| was fail \|/);
    expect(r.stdout).toContain('**Known (1)**');
  });

  it.each([
    ['another tool', { tool: { name: 'checkdmarc', version: '5.0' } }, /is a report of checkdmarc, not of splitcheck/],
    ['another schema version', { schemaVersion: 2 }, /has report schema version 2, and this splitcheck compares version 1/],
  ])('a baseline from %s is exit 2, nothing checked', async (_name, change, message) => {
    const doc = { ...(JSON.parse(readFileSync(file('last-week.json'), 'utf8')) as object), ...change };
    writeFileSync(file('other.json'), JSON.stringify(doc));
    const r = await run(current, ['--baseline', 'other.json', '--json']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(message);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('a baseline of another domain, a missing file or a JUnit file is exit 2 in one line', async () => {
    const other = JSON.parse(readFileSync(file('last-week.json'), 'utf8')) as Report;
    writeFileSync(file('fabrikam.json'), JSON.stringify({ ...other, domain: 'fabrikam.com' }));
    writeFileSync(file('report.xml'), '<?xml version="1.0"?><testsuites/>');
    for (const [name, message] of [
      ['fabrikam.json', /holds the report of fabrikam\.com, not of contoso\.com/],
      ['missing.json', /cannot read --baseline missing\.json: no such file/],
      ['report.xml', /--baseline report\.xml is not JSON/],
    ] as const) {
      const r = await run(current, ['--baseline', name]);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(message);
    }
  });
});

describe('splitcheck diff', () => {
  it('prints the same comparison as --baseline and exits on what is new', async () => {
    await run(current, ['--json', '--output', 'now.json']);
    const r = await runCli(['diff', 'last-week.json', 'now.json'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/Compared with the baseline \(.*\) for contoso\.com: 1 new · 1 known/);
    const json = await runCli(['diff', 'last-week.json', 'now.json', '--json'], { cwd: dir });
    const doc = JSON.parse(json.stdout) as { domains: { domain: string; new: { id: string }[]; known: { id: string }[] }[]; exitCode: number };
    expect(doc.exitCode).toBe(1);
    expect(doc.domains.map((d) => [d.domain, d.new.map((x) => x.id), d.known.map((x) => x.id)])).toEqual([[DOMAIN, ['mx.no-bypass'], ['autodiscover.srv']]]);
    // The other way round: the bypass MX is fixed, nothing is new.
    const back = await runCli(['diff', 'now.json', 'last-week.json'], { cwd: dir });
    expect(back.code).toBe(0);
    expect(back.stdout).toMatch(/fixed: +mx\.no-bypass mail\.contoso\.com {2}was fail/);
  });

  it('refuses a file that is not a splitcheck JSON report (exit 2)', async () => {
    writeFileSync(file('junk.json'), '{"hello": 1}');
    const r = await runCli(['diff', 'junk.json', 'last-week.json'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^splitcheck: the old report junk\.json is not a splitcheck JSON report/);
  });
});
