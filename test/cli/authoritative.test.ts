// CLI tests of --authoritative: spawn the bin against loopback name servers (SPLITCHECK_TEST_AUTH_PORT) and assert JSON and exit codes together.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Report } from '../../src/engine/types.js';
import type { EvidenceFile } from '../../src/evidence/file.js';
import { authoritative, contosoZone, DOMAIN, recursiveView, startAuthWorld, type AuthWorld } from '../helpers/auth-world.js';
import { runCli } from '../helpers/cli.js';
import { schemaErrors } from '../helpers/schema.js';

// This file's loopback addresses (other files use other 127.0.x.0/24 blocks).
const H = ['127.0.4.2', '127.0.4.3'];
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

describe('splitcheck <domain> --authoritative', () => {
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

  it('--help describes --authoritative and lists dns.consistency', async () => {
    const r = await runCli(['--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('--authoritative');
    expect(r.stdout).toContain("ask the domain's own name servers");
    expect(r.stdout).toContain('dns.consistency');
    expect(r.stdout).not.toContain('SPLITCHECK_TEST_AUTH_PORT');
  });
});
