// Many domains: positional lists and --domains-file, one shared resolver, streamed ndjson/JSON/JUnit/Markdown, worst exit code.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import MarkdownIt from 'markdown-it';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Report } from '../../src/engine/types.js';
import { startDnsServer, type DnsTestServer } from '../../src/testbed/dns-server.js';
import { MX_WORLDS } from '../checks/mx/worlds.js';
import { INPUT_ZONE, refusalChecker, runWithStdin, scratchDir } from '../helpers/cli-input.js';
import { runCli } from '../helpers/cli.js';
import { runMain } from '../helpers/in-process.js';
import { schemaErrors } from '../helpers/schema.js';
import { findAll, JUNIT_XSD, parseXml, xsdErrors } from '../helpers/xml.js';

const world = (name: string) => MX_WORLDS.find((w) => w.name === name)!;
// contoso.com: MX and autodiscover pass; backup.com: mx.no-bypass fails, autodiscover.cname warns (none).
const healthy = world('healthy split domain'); // contoso.com: MX and autodiscover pass
const broken = world('hosting MX left as a backup'); // backup.com: mx.no-bypass fails
// slowtarget.com: its own MX host never answers, so mx.targets-resolve errors (the other domains share nothing with it).
const slow = { domain: 'slowtarget.com', zone: { 'slowtarget.com': [{ MX: [0, 'slowtarget-com.mail.protection.outlook.com'] as [number, string] }], 'slowtarget-com.mail.protection.outlook.com': ['TIMEOUT' as const] } };
const zone = { ...healthy.zone, ...broken.zone, ...slow.zone };
const SCOPE = ['--only', 'mx', '--only', 'autodiscover', '--no-smtp', '--timeout', '300', '--retries', '0'];

let server: DnsTestServer;
let resolver: string;
const dir = mkdtempSync(join(tmpdir(), 'splitcheck-many-'));

beforeAll(async () => {
  server = await startDnsServer({ zone });
  resolver = `127.0.0.1:${server.address.port}`;
});
afterAll(async () => {
  await server.close();
});

describe('several domains', () => {
  it('ndjson: one report a line, each the contract document; the exit code is the worst', async () => {
    const r = await runCli([healthy.domain, broken.domain, '--resolver', resolver, '--format', 'ndjson', ...SCOPE]);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(2);
    const reports = lines.map((l) => JSON.parse(l) as Report);
    for (const report of reports) expect(schemaErrors('report.schema.json', report)).toEqual([]);
    expect(reports.map((x) => x.domain).sort()).toEqual(['backup.com', 'contoso.com']);
    expect(reports.find((x) => x.domain === 'backup.com')!.exitCode).toBe(1);
    expect(r.code).toBe(1);
  });

  it('ndjson lines arrive as domains finish, not at the end', async () => {
    // The slow domain's MX answer is held until the fast domain's line has been written.
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const held = await startDnsServer({
      zone,
      handler: async (query, _t, _r, helpers) => {
        if (query.questions[0]?.name.toLowerCase() === 'backup.com') await gate;
        return helpers.defaultResponse();
      },
    });
    try {
      const lines: string[] = [];
      const run = runMain([healthy.domain, broken.domain, '--resolver', `127.0.0.1:${held.address.port}`, '--format', 'ndjson', ...SCOPE.slice(0, -4), '--timeout', '5000'], {}, (chunk) => {
        lines.push(chunk);
        release();
      });
      const { code, stdout } = await run;
      expect(code).toBe(1);
      expect(lines.length).toBe(2);
      expect((JSON.parse(lines[0]!) as Report).domain).toBe('contoso.com');
      expect((JSON.parse(lines[1]!) as Report).domain).toBe('backup.com');
      expect(stdout).toBe(lines.join(''));
    } finally {
      release();
      await held.close();
    }
  });

  it('--domains-file with comments and blank lines; an unverified domain makes exit 3 when nothing fails', async () => {
    const file = join(dir, 'domains.txt');
    writeFileSync(file, `# clients\n${healthy.domain}\n\n${slow.domain}   # slow DNS\n${healthy.domain}\n`);
    const r = await runCli(['--domains-file', file, '--resolver', resolver, '--json', ...SCOPE]);
    const doc = JSON.parse(r.stdout) as { reports: Report[]; domains: { total: number; ok: number; unverified: number }; exitCode: number; summary: Record<string, number> };
    expect(doc.reports.map((x) => x.domain).sort()).toEqual(['contoso.com', 'slowtarget.com']);
    expect(doc.domains).toEqual({ total: 2, ok: 1, problems: 0, unverified: 1 });
    for (const report of doc.reports) expect(schemaErrors('report.schema.json', report)).toEqual([]);
    expect(doc.exitCode).toBe(3);
    expect(r.code).toBe(3);
  });

  it('an invalid line in the domains file is exit 2 naming the line, before anything is checked', async () => {
    const file = join(dir, 'bad-domains.txt');
    writeFileSync(file, `${healthy.domain}\nalice@contoso.com\n`);
    const before = server.queries.length;
    const r = await runCli(['--domains-file', file, '--resolver', resolver, ...SCOPE]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/bad-domains\.txt, line 2: "alice@contoso\.com" is an e-mail address/);
    expect(server.queries.length).toBe(before);
  });

  it('the terminal shows one summary table, a column per mail flow, with the failing checks named', async () => {
    const r = await runCli([healthy.domain, broken.domain, slow.domain, '--resolver', resolver, ...SCOPE]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^domain\s+I>M {2}I>H {2}M>H {2}H>M {2}M>I {2}H>I {3}problems$/m);
    // --only mx: the inbound flows are judged, the others have no check in the run (skip).
    expect(r.stdout).toMatch(/^contoso\.com\s+pass pass skip skip skip skip {2}–$/m);
    expect(r.stdout).toMatch(/^backup\.com\s+fail pass skip skip skip skip {2}mx\.no-bypass$/m);
    expect(r.stdout).toMatch(/^slowtarget\.com\s+err {2}err {2}skip skip skip skip {2}mx\.targets-resolve$/m);
    expect(r.stdout).toContain('I>M internet-to-m365');
    expect(r.stdout).toContain('3 domains: 1 ok · 1 with problems · 1 unverified');
  });

  it('JUnit over several domains is one valid document with suites per domain', async () => {
    const r = await runCli([healthy.domain, broken.domain, '--resolver', resolver, '--format', 'junit', ...SCOPE]);
    expect(xsdErrors(r.stdout, JUNIT_XSD)).toEqual([]);
    const root = parseXml(r.stdout);
    const suites = findAll(root, 'testsuite');
    expect(suites.map((s) => s.attrs.name).sort()).toEqual([
      'backup.com splitcheck.autodiscover',
      'backup.com splitcheck.flows',
      'backup.com splitcheck.mx',
      'contoso.com splitcheck.autodiscover',
      'contoso.com splitcheck.flows',
      'contoso.com splitcheck.mx',
    ]);
    // mx.no-bypass fails, and with it backup.com's internet-to-m365 flow.
    expect(findAll(root, 'failure').map((f) => f.attrs.message)).toHaveLength(2);
    // The root adds up its suites, so a CI view reading only the root sees the same counts.
    const sum = (key: string) => suites.reduce((n, s) => n + Number(s.attrs[key]), 0);
    expect(root.attrs.name).toBe('splitcheck 2 domains');
    expect([root.attrs.tests, root.attrs.failures, root.attrs.errors].map(Number)).toEqual([sum('tests'), sum('failures'), sum('errors')]);
    expect(Number(root.attrs.failures)).toBe(2);
  });

  it('Markdown over several domains renders a section per domain and the summary table', async () => {
    const r = await runCli([healthy.domain, broken.domain, '--resolver', resolver, '--format', 'markdown', ...SCOPE]);
    const tokens = new MarkdownIt().parse(r.stdout, {});
    const headings = tokens.filter((t, i) => t.type === 'inline' && tokens[i - 1]?.type === 'heading_open').map((t) => t.content);
    expect(headings).toEqual(expect.arrayContaining(['splitcheck report for contoso.com', 'splitcheck report for backup.com', 'Summary']));
    // Each domain: its flows and its checks; then the summary.
    expect(tokens.filter((t) => t.type === 'table_open').length).toBe(5);
  });

  it('--output writes the report to a file and says the outcome on stderr', async () => {
    const file = join(dir, 'report.xml');
    const r = await runCli([broken.domain, '--resolver', resolver, '--format', 'junit', '--output', file, ...SCOPE]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/report written to .*report\.xml — .*1 fail.*problems found \(exit 1\)/);
    expect(xsdErrors(readFileSync(file, 'utf8'), JUNIT_XSD)).toEqual([]);
  });

  it('--save-evidence takes one domain', async () => {
    const r = await runCli([healthy.domain, broken.domain, '--resolver', resolver, '--save-evidence', join(dir, 'e.json'), ...SCOPE]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--save-evidence keeps the evidence of one domain/);
  });
});

describe('several domains and their mailboxes [adversarial]', () => {
  // A loopback zone full of awkward DNS text, for this block's own runs.
  let server: DnsTestServer;
  let resolver: string;
  const root = mkdtempSync(join(tmpdir(), 'splitcheck-input-'));
  const NET = () => ['--resolver', resolver, '--timeout', '300', '--retries', '0', '--no-smtp'];
  const expectRefusal = refusalChecker(() => server);
  const dir = scratchDir(root);
  beforeAll(async () => {
    server = await startDnsServer({ zone: INPUT_ZONE });
    resolver = `127.0.0.1:${server.address.port}`;
  });
  afterAll(async () => {
    await server.close();
  });

  it('a --mailbox at none of the domains is refused, not silently dropped', async () => {
    const before = server.queries.length;
    const r = await runMain(['healthy.example', 'hostile.example', ...NET(), '--json', '--mailbox', 'x@other.example']);
    expectRefusal(r, /--mailbox x@other\.example is not at any of the 2 domains/, before);
  });

  it('a --mailbox that is no address is refused with several domains too', async () => {
    expectRefusal(await runMain(['healthy.example', 'hostile.example', ...NET(), '--mailbox', 'garbage']), /invalid --mailbox "garbage"/);
  });

  it('an IDN or upper-case mailbox goes to its own domain', async () => {
    const r = await runMain(['healthy.example', 'bücher.example', ...NET(), '--only', 'mx.present', '--format', 'ndjson', '--mailbox', 'Anna@Bücher.Example', '--mailbox', 'BOB@HEALTHY.EXAMPLE.']);
    const reports = r.stdout.trimEnd().split('\n').map((l) => JSON.parse(l) as Report);
    const mailboxes = Object.fromEntries(reports.map((x) => [x.domain, x.input?.mailboxes]));
    expect(mailboxes).toEqual({ 'healthy.example': ['BOB@healthy.example'], 'xn--bcher-kva.example': ['Anna@xn--bcher-kva.example'] });
  });
});

describe('--domains-file [adversarial]', () => {
  // A loopback zone full of awkward DNS text, for this block's own runs.
  let server: DnsTestServer;
  let resolver: string;
  const root = mkdtempSync(join(tmpdir(), 'splitcheck-input-'));
  const NET = () => ['--resolver', resolver, '--timeout', '300', '--retries', '0', '--no-smtp'];
  const expectRefusal = refusalChecker(() => server);
  const dir = scratchDir(root);
  beforeAll(async () => {
    server = await startDnsServer({ zone: INPUT_ZONE });
    resolver = `127.0.0.1:${server.address.port}`;
  });
  afterAll(async () => {
    await server.close();
  });

  it('"-" reads standard input through the bin', async () => {
    const r = await runWithStdin(['--domains-file', '-', ...NET(), '--only', 'mx.present', '--format', 'ndjson'], 'healthy.example\n# a comment\nhostile.example\n');
    expect(r.stderr).toBe('');
    expect(r.stdout.trimEnd().split('\n').map((l) => (JSON.parse(l) as Report).domain).sort()).toEqual(['healthy.example', 'hostile.example']);
    expect(r.code).toBe(0);
  });

  it('/dev/zero is refused as too large, at once (it was read until memory ran out)', async () => {
    const r = await runCli(['--domains-file', '/dev/zero', ...NET()], { timeoutMs: 15_000 });
    expectRefusal(r, /--domains-file \/dev\/zero is larger than 16 MB/);
  });

  it('a binary file is "not a text file", not a screenful of garbage', async () => {
    const file = join(dir('lists'), 'binary.txt');
    writeFileSync(file, Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x00, 0x00, 0x1b, 0x5b, 0x32, 0x4a, 0x0a]));
    expectRefusal(await runMain(['--domains-file', file, ...NET()]), /binary\.txt is not a text file/);
  });

  it('a line with a tab between two domains is refused, not joined into one', async () => {
    const file = join(dir('lists'), 'tab.txt');
    writeFileSync(file, 'healthy.example\thostile.example\n');
    expectRefusal(await runMain(['--domains-file', file, ...NET()]), /tab\.txt, line 1: .*"\\x09" cannot be part of one/);
  });

  it('a directory, an empty file and duplicates', async () => {
    expectRefusal(await runMain(['--domains-file', dir('lists'), ...NET()]), /cannot read --domains-file .*: it is a directory/);
    const empty = join(dir('lists'), 'empty.txt');
    writeFileSync(empty, '# nothing yet\n\n');
    expectRefusal(await runMain(['--domains-file', empty, ...NET()]), /lists no domain/);
    const dups = join(dir('lists'), 'dups.txt');
    writeFileSync(dups, '\uFEFFhealthy.example\r\nHEALTHY.example.\r\nhealthy.example # again\r\n');
    const r = await runMain(['--domains-file', dups, ...NET(), '--only', 'mx.present', '--format', 'ndjson']);
    expect(r.stdout.trimEnd().split('\n')).toHaveLength(1);
    expect(r.code).toBe(0);
  });
});
