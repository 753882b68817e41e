// Unseen-input audit of --authoritative / dns.consistency, --save-evidence / --replay and `splitcheck spf`,
// through the CLI (in process, as the user types it) against loopback name servers.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Report } from '../../src/engine/types.js';
import type { EvidenceFile } from '../../src/evidence/file.js';
import { startDnsServer, type DnsServerOptions, type DnsTestServer, type Zone } from '../../src/testbed/dns-server.js';
import { authoritative, contosoZone, DOMAIN, MS_MX, recursiveView, SPF, startAuthWorld, type AuthWorld, type ZoneSpec } from '../helpers/auth-world.js';
import { runMain } from '../helpers/in-process.js';
import { schemaErrors } from '../helpers/schema.js';

// This file's loopback block (other files use other 127.0.x.0/24 blocks).
const H = ['127.0.77.2', '127.0.77.3', '127.0.77.4'];
const NS2 = { 'ns1.contoso.com': H[0]!, 'ns2.contoso.com': H[1]! };
const NS3 = { ...NS2, 'ns3.contoso.com': H[2]! };
const FAST = ['--timeout', '800', '--retries', '0', '--no-smtp'];
const dir = mkdtempSync(join(tmpdir(), 'splitcheck-unseen-ars-'));

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

describe('--authoritative: dns.consistency on unseen zones', () => {
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

describe('--save-evidence / --replay on unseen inputs', () => {
  async function record(w: AuthWorld, name: string, domain = DOMAIN, extra: string[] = []) {
    const file = join(dir, name);
    const live = await check(w, ['--save-evidence', file, ...extra], domain);
    expect(live.stderr).toBe('');
    return { file, live };
  }

  async function replay(file: string, extra: string[] = []) {
    return runMain(['--replay', file, '--json', '--resolver', '127.0.0.1:9', ...extra]);
  }

  it('a silent server, a lame one and an NS without an address: replay gives the identical warn, offline', async () => {
    const rec = recursiveView(NS3, { [DOMAIN]: [...contosoZone(NS3)[DOMAIN]!, { NS: 'ns9.gone.example' }] });
    const w = await world([{}, { zone: contosoZone(NS3), dropAll: true }, { zone: contosoZone(NS3), rcode: 'REFUSED' }], NS3, rec);
    const { file, live } = await record(w, 'silent.json');
    await w.close();
    const again = await replay(file);
    expect(again.stderr).toBe('');
    expect(again.code).toBe(live.code);
    const a = parse(live.stdout);
    const b = parse(again.stdout);
    expect(b.results).toEqual(a.results);
    expect(byId(b, 'dns.consistency').status).toBe('warn');
    expect(byId(b, 'dns.consistency').message).toContain('ns9.gone.example');
    expect(byId(b, 'dns.consistency').message).toContain('did not answer (timed out)');
  });

  it('a zone that could not be found replays as the same error', async () => {
    const w = await world([{}, {}]);
    const { file, live } = await record(w, 'nozone.json', 'contoso.invalid-tld', ['--only', 'dns', '--only', 'mx.present']);
    await w.close();
    const again = await replay(file, ['--only', 'dns', '--only', 'mx.present']);
    expect(again.code).toBe(live.code);
    expect(parse(again.stdout).results).toEqual(parse(live.stdout).results);
    expect(byId(parse(again.stdout), 'dns.consistency').status).toBe('error');
  });

  describe('a damaged or edited evidence file is exit 2 with one clear line, never a crash', () => {
    let good: EvidenceFile;
    const edited = (name: string, edit: (e: EvidenceFile) => void): string => {
      const e = structuredClone(good);
      edit(e);
      const file = join(dir, name);
      writeFileSync(file, JSON.stringify(e));
      return file;
    };

    it('each kind of damage', async () => {
      const w = await world([{ serial: 3 }, { serial: 2, mx: [[10, 'mail.contoso.com']] }]);
      const { file } = await record(w, 'good.json');
      await w.close();
      good = JSON.parse(readFileSync(file, 'utf8')) as EvidenceFile;
      const text = readFileSync(file, 'utf8');
      const raw = (name: string, content: string | Buffer) => {
        const f = join(dir, name);
        writeFileSync(f, content);
        return f;
      };
      const cases: [string, string, RegExp][] = [
        ['truncated', raw('trunc.json', text.slice(0, Math.floor(text.length / 2))), /is not JSON/],
        ['empty', raw('empty.json', ''), /is not JSON/],
        ['binary', raw('bin.json', Buffer.from([0, 1, 2, 0xff])), /is not JSON/],
        ['a JSON array', raw('arr.json', '[]'), /is not a splitcheck evidence file/],
        ['version 2', edited('v2.json', (e) => ((e as { schemaVersion: number }).schemaVersion = 2)), /schema version 2; this splitcheck reads version 1/],
        ['version "1" as text', edited('v1s.json', (e) => ((e as unknown as { schemaVersion: string }).schemaVersion = '1')), /schema version "1"; this splitcheck reads version 1/],
        ['a null lookup', edited('null-lookup.json', (e) => ((e.dns.lookups as unknown[])[0] = null)), /damaged or was edited: at \/dns\/lookups\/0: must be object/],
        ['a lookup without its question', edited('no-question.json', (e) => ((e.dns.lookups as unknown[])[1] = { status: 'answer' })), /at \/dns\/lookups\/1: must have required property 'question'/],
        ['a record with the wrong data', edited('bad-record.json', (e) => {
          const mx = e.dns.lookups.find((l) => l.question.type === 'MX')!;
          (mx.records[0] as { data: unknown }).data = 'not an MX';
        }), /at \/dns\/lookups\/\d+\/records\/0: a record whose data does not match its type/],
        ['no resolvers', edited('no-resolvers.json', (e) => delete (e as Partial<EvidenceFile>).resolvers), /at \/: must have required property 'resolvers'/],
        ['mailboxes as text', edited('mailboxes.json', (e) => ((e.input as { mailboxes: unknown }).mailboxes = 'a@contoso.com')), /at \/input\/mailboxes: must be array/],
        ['SMTP probes not a list', edited('smtp.json', (e) => ((e as { smtp: unknown }).smtp = { probes: 'x' })), /at \/smtp\/probes: must be array/],
        ['authoritative unresolved not a list', edited('unresolved.json', (e) => ((e.authoritative as { unresolved: unknown }).unresolved = 'x')), /at \/authoritative\/unresolved: must be array/],
        ['a server lookup null', edited('server-lookup.json', (e) => ((e.authoritative!.servers[1]!.lookups as unknown[])[0] = null)), /at \/authoritative\/servers\/1\/lookups\/0: must be object/],
        ['a server port as text', edited('server-port.json', (e) => ((e.authoritative!.servers[0] as { port: unknown }).port = '53')), /at \/authoritative\/servers\/0\/port: must be integer/],
        ['a domain with an escape sequence', edited('domain.json', (e) => (e.domain = 'contoso.com\u001b[2J')), /has the domain "contoso\.com\\u001b\[2J", which is not a domain name/],
      ];
      for (const [what, f, message] of cases) {
        const r = await replay(f);
        expect(r.code, `${what}: ${r.stderr}`).toBe(2);
        expect(r.stdout, what).toBe('');
        expect(r.stderr, what).toMatch(message);
        expect(r.stderr.trimEnd().split('\n'), what).toHaveLength(1);
        expect(r.stderr, what).not.toMatch(/unexpected problem|    at /);
        // eslint-disable-next-line no-control-regex
        expect(r.stderr, what).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f]/);
      }
    });
  });

  it('a question the file does not hold is an error saying so, not a crash', async () => {
    const w = await world([{}, {}]);
    const { file } = await record(w, 'full.json');
    await w.close();
    const e = JSON.parse(readFileSync(file, 'utf8')) as EvidenceFile;
    e.dns.lookups = e.dns.lookups.filter((l) => !(l.question.type === 'MX' && l.question.name === DOMAIN));
    const cut = join(dir, 'cut.json');
    writeFileSync(cut, JSON.stringify(e));
    const r = await replay(cut, ['--only', 'mx.present']);
    expect(r.code).toBe(3);
    const f = byId(parse(r.stdout), 'mx.present');
    expect(f.status).toBe('error');
    expect(f.message).toContain('contoso.com MX is not in the saved evidence');
  });

  it('control characters in the file are escaped in every output format', async () => {
    const w = await world([{}, {}]);
    const { file } = await record(w, 'ctl-base.json');
    await w.close();
    const e = JSON.parse(readFileSync(file, 'utf8')) as EvidenceFile;
    const mx = e.dns.lookups.find((l) => l.question.type === 'MX' && l.question.name === DOMAIN)!;
    Object.assign(mx, { status: 'error', records: [], reason: 'EVIL\u001b[31mRED\u0007\u009b', code: 'X\u001b]0;t\u0007' });
    e.resolvers = ['192.0.2.53\u001b[2J'];
    e.authoritative!.servers[0]!.name = 'ns1\u001b[5m.contoso.com';
    const spf = e.dns.lookups.find((l) => l.question.type === 'TXT' && l.question.name === DOMAIN)!;
    (spf.records[0] as { data: string[] }).data = ['v=spf1 \u001b[31m include:spf.protection.outlook.com -all'];
    const f = join(dir, 'ctl.json');
    writeFileSync(f, JSON.stringify(e));
    for (const format of ['terminal', 'json', 'markdown', 'junit', 'ndjson']) {
      const r = await runMain(['--replay', f, '--format', format, '--verbose']);
      expect(r.code, format).toBe(1); // spf.syntax fails on the ESC in the record; the MX checks are errors
      expect(r.stdout.length, format).toBeGreaterThan(100);
      // eslint-disable-next-line no-control-regex
      expect(r.stdout, format).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/);
    }
    const terminal = await runMain(['--replay', f]);
    expect(terminal.stdout).toContain('EVIL\\x1b[31mRED');
    expect(terminal.stdout).toContain('ns1\\x1b[5m.contoso.com');
  });
});

describe('splitcheck spf on unseen inputs', () => {
  const SPF_ZONE: Zone = {
    'spf.example': [{ TXT: 'v=spf1 ip4:192.0.2.1 ip6:2001:db8::/32 a:host.spf.example -all exp=why.spf.example' }],
    'host.spf.example': [{ A: '198.51.100.7' }, { AAAA: '2001:db8:ffff::7' }],
    'why.spf.example': [{ TXT: '%{i} is not allowed to send for %{d} (sender %{s})' }],
    'soft.spf.example': [{ TXT: 'v=spf1 ~all' }],
    'neutral.spf.example': [{ TXT: 'v=spf1 ?all' }],
    'ctl.spf.example': [{ TXT: 'v=spf1 ip4:192.0.2.1 -all exp=ctlwhy.spf.example' }],
    'ctlwhy.spf.example': [{ TXT: 'denied\u001b[31m red\u0007' }],
    'esc.spf.example': [{ TXT: 'v=spf1 a:\u001b[2J.spf.example -all' }],
    'slow.spf.example': [{ TXT: 'v=spf1 include:timeout.spf.example -all' }],
    'timeout.spf.example': ['TIMEOUT'],
  };

  let server: DnsTestServer;
  beforeAll(async () => {
    server = await startDnsServer({ zone: SPF_ZONE });
  });
  afterAll(async () => {
    await server.close();
  });
  function spf(args: string[]) {
    return runMain(['spf', ...args, '--resolver', `127.0.0.1:${server.port}`, '--timeout', '400', '--retries', '0']);
  }

  type SpfJson = { result: string; explanation: string | null; lookups: number; voidLookups: number; reason: { text: string } | null };
  async function json(args: string[]): Promise<SpfJson> {
    const r = await spf([...args, '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toBe('');
    const out = JSON.parse(r.stdout) as SpfJson;
    expect(out).toHaveProperty('explanation');
    expect(typeof out.lookups).toBe('number');
    expect(typeof out.voidLookups).toBe('number');
    return out;
  }

  it('exit 0 for every result; JSON has result, explanation and the counts', async () => {
    expect(await json(['spf.example', '--ip', '192.0.2.1'])).toMatchObject({ result: 'pass', explanation: null });
    const fail = await json(['spf.example', '--ip', '203.0.113.9', '--sender', 'alice@spf.example']);
    expect(fail).toMatchObject({ result: 'fail', explanation: '203.0.113.9 is not allowed to send for spf.example (sender alice@spf.example)', lookups: 1 });
    expect((await json(['soft.spf.example', '--ip', '203.0.113.9'])).result).toBe('softfail');
    expect((await json(['neutral.spf.example', '--ip', '203.0.113.9'])).result).toBe('neutral');
    expect(await json(['nothing.spf.example', '--ip', '203.0.113.9'])).toMatchObject({ result: 'none', explanation: null });
    expect((await json(['esc.spf.example', '--ip', '203.0.113.9'])).result).toBe('permerror');
  });

  it('a DNS timeout is temperror, exit 0', async () => {
    const out = await json(['slow.spf.example', '--ip', '203.0.113.9']);
    expect(out.result).toBe('temperror');
    expect(out.reason?.text).toMatch(/timeout\.spf\.example/);
  });

  it('IPv6 clients match ip6 and AAAA; an IPv4-mapped IPv6 client is IPv4 (RFC 7208 §5, as pyspf does)', async () => {
    expect((await json(['spf.example', '--ip', '2001:db8::25'])).result).toBe('pass');
    expect((await json(['spf.example', '--ip', '2001:db8:ffff::7'])).result).toBe('pass');
    expect((await json(['spf.example', '--ip', '2001:dbff::1'])).result).toBe('fail');
    expect((await json(['spf.example', '--ip', '::ffff:192.0.2.1'])).result).toBe('pass');
    expect((await json(['spf.example', '--ip', '::FFFF:198.51.100.7'])).result).toBe('pass'); // a:host, its A record
    expect((await json(['spf.example', '--ip', '::ffff:c000:201'])).result).toBe('pass'); // the same address in hex
    expect((await json(['spf.example', '--ip', '::ffff:192.0.2.2'])).result).toBe('fail');
  });

  it('control characters from DNS TXT data are escaped in the trace and the JSON', async () => {
    const r = await spf(['ctl.spf.example', '--ip', '203.0.113.9']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Result: fail');
    // RFC 7208 §6.2: an explain-string is printable ASCII (macro-literal %x21-7E, SP); anything else means no explanation.
    expect(r.stdout).not.toContain('Explanation:');
    const esc = await spf(['esc.spf.example', '--ip', '203.0.113.9']);
    expect(esc.stdout).toContain('\\x1b[2J');
    const j = await spf(['ctl.spf.example', '--ip', '203.0.113.9', '--json']);
    expect(JSON.parse(j.stdout) as SpfJson).toMatchObject({ result: 'fail', explanation: null });
    for (const out of [r.stdout, esc.stdout, j.stdout]) {
      // eslint-disable-next-line no-control-regex
      expect(out).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/);
    }
  });

  it('bad usage is exit 2 with one line: missing or bad --ip (a zone index too), a control character in --sender, an empty --helo', async () => {
    const cases: [string[], RegExp][] = [
      [['spf.example'], /Missing required argument: ip/],
      [['spf.example', '--ip', '192.0.2.300'], /--ip "192\.0\.2\.300" is not an IPv4 or IPv6 address/],
      [['spf.example', '--ip', '192.0.2.0/24'], /is not an IPv4 or IPv6 address/],
      [['spf.example', '--ip', 'fe80::1%eth0'], /--ip "fe80::1%eth0" is not an IPv4 or IPv6 address/],
      [['spf.example', '--ip', '192.0.2.1', '--sender', 'a\u001b[31m@spf.example'], /--sender "a\\x1b\[31m@spf\.example" contains a control character/],
      [['spf.example', '--ip', '192.0.2.1', '--sender', 'a\nb@spf.example'], /--sender .* contains a control character/],
      [['spf.example', '--ip', '192.0.2.1', '--helo', ''], /--helo "" is not a HELO name/],
      [['spf.example', '--ip', '192.0.2.1', '--helo', 'mail\u0007.example'], /--helo "mail\\x07\.example" is not a HELO name/],
      [['spf example', '--ip', '192.0.2.1'], /"spf example" is not a domain/],
    ];
    for (const [args, message] of cases) {
      const r = await spf(args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(message);
      expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
      // eslint-disable-next-line no-control-regex
      expect(r.stderr).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f]/);
    }
    // What stays an evaluation (README, RFC 7208 test suite): an invalid but printable HELO, a malformed domain.
    expect((await spf(['spf.example', '--ip', '192.0.2.1', '--helo', "JUMPIN' JUPITER"])).code).toBe(0);
    expect(await json(['spf..example', '--ip', '192.0.2.1'])).toMatchObject({ result: 'none' });
  });
});
