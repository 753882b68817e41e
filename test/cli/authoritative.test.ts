// CLI tests of --authoritative: spawn the bin against loopback name servers (SPLITCHECK_TEST_AUTH_PORT) and assert JSON and exit codes together.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Report } from '../../src/engine/types.js';
import type { EvidenceFile } from '../../src/evidence/file.js';
import { startDnsServer, type DnsServerOptions, type Zone } from '../../src/testbed/dns-server.js';
import { authoritative, contosoZone, DOMAIN, MS_MX, recursiveView, SPF, startAuthWorld, type AuthWorld, type ZoneSpec } from '../helpers/authoritative-servers.js';
import { runCli } from '../helpers/cli.js';
import { runMain } from '../helpers/in-process.js';
import { probeLoopback } from '../helpers/loopback.js';
import { schemaErrors } from '../helpers/schema.js';

// This file's loopback addresses (other files use other 127.0.x.0/24 blocks).
const H = ['127.0.4.2', '127.0.4.3'];
const loopback = await probeLoopback(H);
const NS = { 'ns1.contoso.com': H[0]!, 'ns2.contoso.com': H[1]! };
const FAST = ['--timeout', '1500', '--retries', '0', '--no-smtp'];
const dir = mkdtempSync(join(tmpdir(), 'splitcheck-auth-'));

const open: AuthWorld[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((w) => w.close()));
});

async function world(specs: Parameters<typeof startAuthWorld>[1], cache: Parameters<typeof recursiveView>[1] = {}): Promise<AuthWorld> {
  const w = await startAuthWorld(H, specs, recursiveView(NS, cache));
  open.push(w);
  return w;
}

const zone = (spec: Parameters<typeof contosoZone>[1] = {}) => authoritative(contosoZone(NS, spec));

function run(w: AuthWorld, args: string[]) {
  return runCli([DOMAIN, '--resolver', w.resolver, ...FAST, ...args], { env: { SPLITCHECK_TEST_AUTH_PORT: String(w.port) } });
}

function parse(stdout: string): Report {
  const report = JSON.parse(stdout) as Report;
  expect(schemaErrors('report.schema.json', report)).toEqual([]);
  return report;
}

const byId = (report: Report, id: string) => report.results.find((r) => r.id === id)!;

describe.skipIf(!loopback.ok)(`splitcheck <domain> --authoritative${loopback.skipped}`, () => {
  it('servers that agree: dns.consistency passes, exit 0, and the report says where the answers came from', async () => {
    const w = await world([zone(), zone()]);
    const r = await run(w, ['--authoritative', '--json', '--only', 'mx', '--only', 'dns']);
    const report = parse(r.stdout);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(report.summary).toEqual({ pass: 5, warn: 0, fail: 0, error: 0, skip: 0 });
    expect(byId(report, 'dns.consistency').message).toContain('All 2 authoritative server addresses of contoso.com');
    expect(report.input?.authoritative).toEqual({ zone: DOMAIN, servers: [`ns1.contoso.com (${H[0]}:${w.port})`, `ns2.contoso.com (${H[1]}:${w.port})`] });

    const terminal = await run(w, ['--authoritative', '--only', 'dns']);
    expect(terminal.code).toBe(0);
    expect(terminal.stdout).toContain('authoritative answers from the 2 name-server addresses of contoso.com');
    expect(terminal.stdout).toContain('DNS propagation');
  });

  it('without the flag dns.consistency is skipped; a stale cache is judged only without it', async () => {
    const stale = { [DOMAIN]: contosoZone(NS, { mx: [[0, 'mail.contoso.com']] })[DOMAIN]! };
    const w = await world([zone(), zone()], stale);
    const cached = await run(w, ['--json', '--only', 'mx', '--only', 'dns']);
    expect(cached.code).toBe(1);
    expect(byId(parse(cached.stdout), 'mx.m365-primary').status).toBe('fail');
    expect(byId(parse(cached.stdout), 'dns.consistency').status).toBe('skip');
    const fresh = await run(w, ['--authoritative', '--json', '--only', 'mx', '--only', 'dns']);
    expect(fresh.code).toBe(0);
    expect(byId(parse(fresh.stdout), 'mx.m365-primary').status).toBe('pass');
  });

  it('a lagging server: fail naming it and the MX it still serves, exit 1', async () => {
    const w = await world([zone({ serial: 20 }), zone({ serial: 19, mx: [[10, 'mail.contoso.com']] })]);
    const r = await run(w, ['--authoritative', '--json', '--only', 'dns']);
    expect(r.code).toBe(1);
    const f = byId(parse(r.stdout), 'dns.consistency');
    expect(f.status).toBe('fail');
    expect(f.message).toContain(`ns2.contoso.com (${H[1]}:${w.port}) at serial 19 still serves 10 mail.contoso.com.`);
    expect(f.message).toContain('Caches may still hold the old answer');
    expect(f.remedy).toBeTruthy();
  });

  it('one server down: warn, exit 0 (with --strict, exit 1)', async () => {
    const w = await world([zone(), 'down']);
    const r = await run(w, ['--authoritative', '--json', '--only', 'dns']);
    expect(r.code).toBe(0);
    expect(byId(parse(r.stdout), 'dns.consistency').status).toBe('warn');
    expect((await run(w, ['--authoritative', '--json', '--only', 'dns', '--strict'])).code).toBe(1);
  });

  it('all servers down: dns.consistency is an error, the other checks use the recursive answers and say so, exit 3', async () => {
    const w = await world(['down', 'down']);
    const r = await run(w, ['--authoritative', '--json', '--only', 'mx', '--only', 'dns']);
    expect(r.code).toBe(3);
    const report = parse(r.stdout);
    expect(report.summary).toEqual({ pass: 4, warn: 0, fail: 0, error: 1, skip: 0 });
    expect(byId(report, 'dns.consistency').message).toContain("The other checks judged the recursive resolver's answers instead.");
    expect((report.input?.authoritative as { fallback: string }).fallback).toMatch(/none of the 2 name-server addresses of contoso\.com answered/);
    const terminal = await run(w, ['--authoritative', '--only', 'dns']);
    expect(terminal.code).toBe(3);
    expect(terminal.stdout).toContain('the checks judged the recursive answers');
  });

  it('a domain whose zone cannot be found: dns.consistency error, nothing crashes', async () => {
    const w = await world([zone(), zone()]);
    const r = await runCli(['nowhere.example', '--resolver', w.resolver, ...FAST, '--authoritative', '--json', '--only', 'mx.present', '--only', 'dns'], {
      env: { SPLITCHECK_TEST_AUTH_PORT: String(w.port) },
    });
    expect(r.code).toBe(1); // mx.present fails on NXDOMAIN; that outranks the error
    const report = parse(r.stdout);
    expect(byId(report, 'mx.present').status).toBe('fail');
    expect(byId(report, 'dns.consistency')).toMatchObject({ status: 'error', message: expect.stringContaining('the zone of nowhere.example could not be found') });
  });

  it('--save-evidence then --replay gives identical results, offline, with the servers\' own answers in the file', async () => {
    const w = await world([zone({ serial: 20 }), zone({ serial: 19, mx: [[10, 'mail.contoso.com']], dmarc: null })]);
    const file = join(dir, 'auth-evidence.json');
    const live = await run(w, ['--authoritative', '--json', '--save-evidence', file]);
    expect(live.code).toBe(1);
    const evidence = JSON.parse(readFileSync(file, 'utf8')) as EvidenceFile;
    expect(evidence.authoritative).toMatchObject({ zone: DOMAIN, omitted: 0, unresolved: [] });
    expect(evidence.authoritative!.servers.map((s) => s.name)).toEqual(['ns1.contoso.com', 'ns2.contoso.com']);
    for (const s of evidence.authoritative!.servers) {
      expect(s.lookups.map((l) => `${l.question.type} ${l.question.name}`)).toEqual(expect.arrayContaining(['SOA contoso.com', 'MX contoso.com', 'TXT _dmarc.contoso.com']));
      expect(s.exchanges.length).toBeGreaterThanOrEqual(s.lookups.length - 2);
    }
    expect(evidence.authoritative!.discovery.map((l) => `${l.question.type} ${l.question.name}`)).toEqual(expect.arrayContaining(['SOA contoso.com', 'NS contoso.com', 'A ns1.contoso.com']));
    // The checks' lookups are the authoritative-first answers: the newest MX.
    const mx = evidence.dns.lookups.find((l) => l.question.type === 'MX' && l.question.name === DOMAIN)!;
    expect(mx.server).toBe(`${H[0]}:${w.port}`);

    await w.close();
    // Nothing listens any more: replay must not need the network.
    const replay = await runCli(['--replay', file, '--json', '--resolver', '127.0.0.1:9']);
    expect(replay.code).toBe(live.code);
    const a = parse(live.stdout);
    const b = parse(replay.stdout);
    expect(b.results).toEqual(a.results);
    expect(b.replayed).toBe(true);
    expect(b.input?.authoritative).toEqual(a.input?.authoritative);
    expect(byId(b, 'dns.consistency').status).toBe('fail');
    const again = await runCli(['--replay', file, '--authoritative']);
    expect(again.code).toBe(1);
    expect(again.stdout).toContain('authoritative answers from the 2 name-server addresses of contoso.com');
  });

  it('usage errors: a bad test port, and --authoritative on evidence recorded without it', async () => {
    const bad = await runCli([DOMAIN, '--authoritative', '--resolver', '127.0.0.1:9'], { env: { SPLITCHECK_TEST_AUTH_PORT: 'x53' } });
    expect(bad.code).toBe(2);
    expect(bad.stdout).toBe('');
    expect(bad.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(bad.stderr).toMatch(/SPLITCHECK_TEST_AUTH_PORT must be a port number/);

    const w = await world([zone(), zone()]);
    const file = join(dir, 'plain-evidence.json');
    expect((await run(w, ['--json', '--only', 'mx', '--save-evidence', file])).code).toBe(0);
    const replay = await runCli(['--replay', file, '--authoritative']);
    expect(replay.code).toBe(2);
    expect(replay.stderr).toMatch(/recorded without --authoritative/);
  });
});

describe('splitcheck --help and --authoritative', () => {
  it('--help describes --authoritative and lists dns.consistency', async () => {
    const r = await runCli(['--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('--authoritative');
    expect(r.stdout).toContain("ask the domain's own name servers");
    expect(r.stdout).toContain('dns.consistency');
    expect(r.stdout).not.toContain('SPLITCHECK_TEST_AUTH_PORT');
  });
});

const unseen = await probeLoopback(['127.0.77.2', '127.0.77.3', '127.0.77.4']);

describe.skipIf(!unseen.ok)(`--authoritative: dns.consistency on unseen zones [adversarial]${unseen.skipped}`, () => {
  // This block's loopback addresses (other files use other 127.0.x.0/24 blocks).
  const H = ['127.0.77.2', '127.0.77.3', '127.0.77.4'];
  const NS2 = { 'ns1.contoso.com': H[0]!, 'ns2.contoso.com': H[1]! };
  const NS3 = { ...NS2, 'ns3.contoso.com': H[2]! };
  const FAST = ['--timeout', '800', '--retries', '0', '--no-smtp'];
  const dir = mkdtempSync(join(tmpdir(), 'splitcheck-authoritative-'));

  const open: { close(): Promise<void> }[] = [];
  afterEach(async () => {
    await Promise.all(open.splice(0).map((w) => w.close()));
  });

  type Spec = ZoneSpec | 'down' | DnsServerOptions;

  async function world(specs: Spec[], ns: Record<string, string> = NS2, recursive: Zone = recursiveView(ns)): Promise<AuthWorld> {
    const options = specs.map((s) => (s === 'down' ? ('down' as const) : 'zone' in s || 'handler' in s || 'dropAll' in s ? (s as DnsServerOptions) : authoritative(contosoZone(ns, s as ZoneSpec))));
    const w = await startAuthWorld(H.slice(0, specs.length), options, recursive);
    open.push(w);
    return w;
  }

  async function check(w: AuthWorld, args: string[], domain = DOMAIN) {
    return runMain([domain, '--resolver', w.resolver, ...FAST, '--authoritative', '--json', ...args], { SPLITCHECK_TEST_AUTH_PORT: String(w.port) });
  }

  function parse(stdout: string): Report {
    const report = JSON.parse(stdout) as Report;
    expect(schemaErrors('report.schema.json', report)).toEqual([]);
    return report;
  }

  const byId = (report: Report, id: string) => report.results.find((r) => r.id === id)!;

  async function consistency(w: AuthWorld, domain = DOMAIN, extra: string[] = []) {
    const r = await check(w, ['--only', 'dns', ...extra], domain);
    expect(r.stderr).toBe('');
    return { code: r.code, finding: byId(parse(r.stdout), 'dns.consistency'), report: parse(r.stdout) };
  }

  const label = (w: AuthWorld, i: number) => `ns${i + 1}.contoso.com (${H[i]}:${w.port})`;

  it('three servers that agree: pass naming all three', async () => {
    const w = await world([{}, {}, {}], NS3);
    const { code, finding } = await consistency(w);
    expect(finding.status).toBe('pass');
    expect(code).toBe(0);
    expect(finding.message).toContain('All 3 authoritative server addresses of contoso.com');
    for (const i of [0, 1, 2]) expect(finding.message).toContain(label(w, i));
  });

  it('MX differs at the same serial, nothing else: fail naming the server and both MX sets', async () => {
    const w = await world([{}, { mx: [[0, MS_MX], [10, 'mail.contoso.com']] }]);
    const { code, finding } = await consistency(w);
    expect(code).toBe(1);
    expect(finding.status).toBe('fail');
    expect(finding.message).toContain('disagree on 1 answer:');
    expect(finding.message).toContain(`${label(w, 1)} at serial 2026010101 serves 0 ${MS_MX}., 10 mail.contoso.com.`);
    expect(finding.message).toContain(`${label(w, 0)} at serial 2026010101 serves 0 ${MS_MX}.`);
  });

  it('SPF TXT differs only: fail on the SPF record alone', async () => {
    const w = await world([{}, { txt: ['v=spf1 include:spf.protection.outlook.com -all', 'ms-verification=MS12345'] }]);
    const { finding } = await consistency(w);
    expect(finding.status).toBe('fail');
    expect(finding.message).toContain('disagree on 1 answer: the SPF record of contoso.com');
  });

  it('serial differs only: warn, not fail', async () => {
    const w = await world([{ serial: 11 }, { serial: 10 }, { serial: 11 }], NS3);
    const { code, finding } = await consistency(w);
    expect(finding.status).toBe('warn');
    expect(code).toBe(0);
    expect(finding.message).toContain(`${label(w, 1)} has not picked up serial 11 yet`);
  });

  it('serials across the RFC 1982 wrap: 1 is newer than 4294967295, so the server at 4294967295 is the lagging one', async () => {
    const w = await world([{ serial: 4294967295, mx: [[10, 'mail.contoso.com']] }, { serial: 1 }]);
    const r = await check(w, ['--only', 'dns', '--only', 'mx.m365-primary']);
    const report = parse(r.stdout);
    const finding = byId(report, 'dns.consistency');
    expect(finding.status).toBe('fail');
    expect(finding.message).toContain(`${label(w, 0)} at serial 4294967295 still serves 10 mail.contoso.com., while ${label(w, 1)} at serial 1 serves 0 ${MS_MX}.`);
    // The other checks judge the newest server's answers.
    expect(byId(report, 'mx.m365-primary').status).toBe('pass');
  });

  it('TXT strings served in another order, MX host names in other case, TTLs only: all agree', async () => {
    const w = await world([
      { txt: [SPF, 'ms-verification=MS12345', 'google-site-verification=x'], mx: [[0, MS_MX]] },
      { txt: ['google-site-verification=x', 'ms-verification=MS12345', SPF], mx: [[0, MS_MX.toUpperCase()]], mxTtl: 60 },
    ]);
    const { code, finding } = await consistency(w);
    expect(finding.status).toBe('pass');
    expect(code).toBe(0);
    expect(finding.message).toContain('TTLs differ, which is no disagreement');
  });

  it('two SPF records served in another order on each server: agree', async () => {
    const two = ['v=spf1 -all', SPF];
    const w = await world([{ txt: two }, { txt: [...two].reverse() }]);
    expect((await consistency(w)).finding.status).toBe('pass');
  });

  it('one server silent (drops every query): warn naming it, the others compared', async () => {
    const w = await world([{}, { zone: contosoZone(NS2), dropAll: true }]);
    const { finding } = await consistency(w);
    expect(finding.status).toBe('warn');
    expect(finding.message).toContain(`${label(w, 1)} did not answer (timed out)`);
  });

  it('one server REFUSED (lame): warn', async () => {
    const w = await world([{ zone: contosoZone(NS2), rcode: 'REFUSED' }, {}]);
    const { finding } = await consistency(w);
    expect(finding.status).toBe('warn');
    expect(finding.message).toContain(`${label(w, 0)} answered REFUSED`);
  });

  it('an NS name that does not resolve: warn naming it', async () => {
    const rec = recursiveView(NS2, { [DOMAIN]: [...contosoZone(NS2)[DOMAIN]!, { NS: 'ns9.gone.example' }] });
    const w = await world([{}, {}], NS2, rec);
    const { finding } = await consistency(w);
    expect(finding.status).toBe('warn');
    expect(finding.message).toContain('the name server ns9.gone.example has no usable address');
    expect(finding.message).toContain('the name does not exist');
  });

  it('an NS with only an AAAA address (::1) is asked and compared', async () => {
    const zone = contosoZone(NS2);
    const rec: Zone = {
      ...recursiveView(NS2),
      [DOMAIN]: [...zone[DOMAIN]!, { NS: 'ns6.contoso.com' }],
      'ns6.contoso.com': [{ AAAA: '::1' }],
    };
    const w = await world([{}, {}], NS2, rec);
    // The third server listens on ::1 at the same port.
    const v6 = await startDnsServer({ ...authoritative(contosoZone(NS2, { mx: [[5, 'mail.contoso.com']] })), host: '::1', port: w.port }).catch(() => undefined);
    if (v6 === undefined) return; // no IPv6 loopback on this machine: nothing to ask
    open.push(v6);
    const { finding } = await consistency(w);
    expect(finding.status).toBe('fail');
    expect(finding.message).toContain(`ns6.contoso.com ([::1]:${w.port}) at serial 2026010101 serves 5 mail.contoso.com.`);
  });

  it('a name inside the zone that is not its apex (shop.contoso.com): the zone is contoso.com, shop.contoso.com is compared', async () => {
    const shop = (mx: string): Zone => ({ 'shop.contoso.com': [{ MX: [0, mx] }] });
    const w = await world([{ extra: shop(MS_MX) }, { extra: shop('mail.contoso.com') }], NS2, recursiveView(NS2, shop(MS_MX)));
    const { finding, report } = await consistency(w, 'shop.contoso.com');
    expect(report.input?.authoritative).toMatchObject({ zone: 'contoso.com' });
    expect(finding.status).toBe('fail');
    expect(finding.message).toContain('the MX records of shop.contoso.com');
  });

  it('a subdomain delegated to its own servers: that zone and its servers are the ones asked', async () => {
    // sub.contoso.com is its own zone on ns1/ns2.sub.contoso.com (H[1], H[2]); H[0] holds the parent only.
    const SUB = 'sub.contoso.com';
    const subNs = { 'ns1.sub.contoso.com': H[1]!, 'ns2.sub.contoso.com': H[2]! };
    const subZone = (mx: string): Zone => ({
      [SUB]: [{ SOA: ['ns1.sub.contoso.com', 'h.contoso.com', 7, 3600, 600, 1209600, 300] }, { NS: 'ns1.sub.contoso.com' }, { NS: 'ns2.sub.contoso.com' }, { MX: [0, mx] }],
      'ns1.sub.contoso.com': [{ A: H[1]! }],
      'ns2.sub.contoso.com': [{ A: H[2]! }],
    });
    const rec: Zone = { ...recursiveView(NS2), ...subZone(MS_MX) };
    const w = await startAuthWorld(H, [authoritative(contosoZone(NS2)), authoritative(subZone(MS_MX), SUB), authoritative(subZone('mail.contoso.com'), SUB)], rec);
    open.push(w);
    const { finding, report } = await consistency(w, SUB);
    expect(report.input?.authoritative).toMatchObject({ zone: SUB, servers: [`ns1.sub.contoso.com (${H[1]}:${w.port})`, `ns2.sub.contoso.com (${H[2]}:${w.port})`] });
    expect(finding.status).toBe('fail');
    expect(finding.message).toContain(`ns2.sub.contoso.com (${H[2]}:${w.port}) at serial 7 serves 0 mail.contoso.com.`);
  });

  it('a domain that does not exist under an existing zone: no crash; mx.present fails, servers agree on NXDOMAIN', async () => {
    const w = await world([{}, {}]);
    const r = await check(w, ['--only', 'mx.present', '--only', 'dns'], 'nowhere.contoso.com');
    const report = parse(r.stdout);
    expect(r.code).toBe(1);
    expect(byId(report, 'mx.present').status).toBe('fail');
    expect(byId(report, 'dns.consistency').status).toBe('pass');
  });

  it('a domain whose TLD does not exist: error naming NXDOMAIN, exit 1 (mx.present fails)', async () => {
    const w = await world([{}, {}]);
    const r = await check(w, ['--only', 'mx.present', '--only', 'dns'], 'contoso.invalid-tld');
    const report = parse(r.stdout);
    expect(byId(report, 'dns.consistency').status).toBe('error');
    expect(byId(report, 'dns.consistency').message).toContain('does not exist (NXDOMAIN)');
  });
});
