// --save-evidence / --replay through the CLI (in process) against loopback name servers: identical replays offline,
// damaged or edited evidence files refused with one clear line, control characters escaped in every format.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Report } from '../../src/engine/types.js';
import type { EvidenceFile } from '../../src/evidence/file.js';
import type { DnsServerOptions, Zone } from '../../src/testbed/dns-server.js';
import { authoritative, contosoZone, DOMAIN, recursiveView, startAuthWorld, type AuthWorld, type ZoneSpec } from '../helpers/authoritative-servers.js';
import { runMain } from '../helpers/in-process.js';
import { probeLoopback } from '../helpers/loopback.js';
import { schemaErrors } from '../helpers/schema.js';

// This file's loopback block (other files use other 127.0.x.0/24 blocks).
const H = ['127.0.77.2', '127.0.77.3', '127.0.77.4'];
const NS2 = { 'ns1.contoso.com': H[0]!, 'ns2.contoso.com': H[1]! };
const NS3 = { ...NS2, 'ns3.contoso.com': H[2]! };
const FAST = ['--timeout', '800', '--retries', '0', '--no-smtp'];
const dir = mkdtempSync(join(tmpdir(), 'splitcheck-evidence-'));

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
const loopback = await probeLoopback(H);

describe.skipIf(!loopback.ok)(`--save-evidence / --replay on unseen inputs [adversarial]${loopback.skipped}`, () => {
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
