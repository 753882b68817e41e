// CLI test: the built bin judges dkim/dmarc worlds served on loopback; JSON statuses and exit codes asserted together.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Report } from '../../../src/engine/types.js';
import { startDnsServer, type DnsTestServer } from '../../../src/testbed/dns-server.js';
import { runCli } from '../../helpers/cli.js';
import { schemaErrors } from '../../helpers/schema.js';
import { DMARC_WORLDS } from '../dmarc/worlds.js';
import { DKIM_WORLDS } from './worlds.js';

const world = (name: string) => [...DKIM_WORLDS, ...DMARC_WORLDS].find((w) => w.name.startsWith(name))!;
const healthy = world('healthy');
const broken = world('no selector CNAMEs');
const monitoring = world('DMARC p=none');
const slow = world('DMARC lookup times out');
const custom = world('custom hosting selector');
const zone = Object.assign({}, ...[healthy, broken, monitoring, slow, custom].map((w) => w.zone));

let server: DnsTestServer;
let resolver: string;

beforeAll(async () => {
  server = await startDnsServer({ zone });
  resolver = `127.0.0.1:${server.address.port}`;
});
afterAll(async () => {
  await server.close();
});

const MINE = ['--only', 'dkim', '--only', 'dmarc'];

async function check(domain: string, ...args: string[]): Promise<{ code: number | null; report: Report; statuses: Record<string, string> }> {
  const r = await runCli([domain, '--resolver', resolver, '--json', ...(args.includes('--only') ? [] : MINE), ...args]);
  const report = JSON.parse(r.stdout) as Report;
  expect(schemaErrors('report.schema.json', report)).toEqual([]);
  return { code: r.code, report, statuses: Object.fromEntries(report.results.map((f) => [f.id, f.status])) };
}

describe('splitcheck <domain> --json, dkim and dmarc checks', () => {
  it('a domain with Microsoft DKIM, a cPanel key and DMARC reject: all pass, exit 0', async () => {
    const { code, statuses, report } = await check(healthy.domain);
    expect(statuses).toEqual({ 'dkim.m365': 'pass', 'dkim.hosting': 'pass', 'dmarc.record': 'pass' });
    expect(report.exitCode).toBe(0);
    expect(code).toBe(0);
  });

  it('a domain without DKIM or DMARC: three fails with their records to publish, exit 1', async () => {
    const { code, statuses, report } = await check(broken.domain);
    expect(statuses).toEqual({ 'dkim.m365': 'fail', 'dkim.hosting': 'fail', 'dmarc.record': 'fail' });
    const dmarc = report.results.find((f) => f.id === 'dmarc.record')!;
    expect(dmarc.remedy).toContain(`_dmarc.${broken.domain}. 3600 IN TXT "v=DMARC1; p=quarantine;`);
    expect(dmarc.observed?.join('\n')).toContain('nxdomain');
    expect(code).toBe(1);
  });

  it('p=none is a warning: exit 0, and 1 with --strict', async () => {
    const lax = await check(monitoring.domain, '--only', 'dmarc');
    expect(lax.statuses).toEqual({ 'dmarc.record': 'warn' });
    expect(lax.code).toBe(0);
    const strict = await check(monitoring.domain, '--only', 'dmarc', '--strict');
    expect(strict.code).toBe(1);
    const all = await check(monitoring.domain);
    expect(all.statuses).toEqual({ 'dkim.m365': 'fail', 'dkim.hosting': 'fail', 'dmarc.record': 'warn' });
    expect(all.code).toBe(1);
  });

  it('an unanswered DMARC lookup is an error, not a fail: exit 3', async () => {
    const { code, statuses } = await check(slow.domain, '--only', 'dmarc', '--timeout', '200');
    expect(statuses).toEqual({ 'dmarc.record': 'error' });
    expect(code).toBe(3);
  });

  it('--dkim-selector names the hosting selector', async () => {
    const { statuses, report } = await check(custom.domain, '--only', 'dkim.hosting', '--dkim-selector', 'X2024');
    expect(statuses['dkim.hosting']).toBe('pass');
    expect(report.results.find((f) => f.id === 'dkim.hosting')?.evidence).toMatchObject({ selector: 'x2024', key: { type: 'rsa', bits: 2048 } });
  });
});
