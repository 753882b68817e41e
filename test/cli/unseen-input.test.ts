// Adversarial input to the command line, the config file and the report formats: every mistake is exit 2
// with one clear line on stderr (no stack trace, nothing checked), and every machine format stays whole.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import MarkdownIt from 'markdown-it';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseDomain } from '../../src/cli/domain.js';
import { main } from '../../src/cli/main.js';
import type { Report } from '../../src/engine/types.js';
import { startDnsServer, type DnsTestServer, type Zone } from '../../src/testbed/dns-server.js';
import { BIN, runCli, type CliResult } from '../helpers/cli.js';
import { runMain } from '../helpers/in-process.js';
import { schemaErrors } from '../helpers/schema.js';
import { findAll, JUNIT_XSD, parseXml, xsdErrors } from '../helpers/xml.js';

const MX = (host: string): { MX: [number, string] } => ({ MX: [0, host] });

/** healthy.example: MX and autodiscover pass. hostile.example: DNS text full of Markdown, HTML and table syntax. */
const zone: Zone = {
  'healthy.example': [MX('healthy-example.mail.protection.outlook.com')],
  'healthy-example.mail.protection.outlook.com': [{ A: '192.0.2.10' }],
  'autodiscover.healthy.example': [{ CNAME: 'autodiscover.outlook.com' }],
  'autodiscover.outlook.com': [{ A: '192.0.2.11' }],
  'hostile.example': [
    MX('hostile-example.mail.protection.outlook.com'),
    { MX: [10, 'mail.hostile.example'] },
    { TXT: 'v=spf1 include:spf.protection.outlook.com ip4:1.2.3.4|x `code` <script>alert(1)</script> -all' },
  ],
  'hostile-example.mail.protection.outlook.com': [{ A: '192.0.2.12' }],
  'mail.hostile.example': [{ A: '192.0.2.13' }],
  // slow.example: its MX host never answers, so mx.targets-resolve is an error.
  'slow.example': [MX('slow-example.mail.protection.outlook.com')],
  'slow-example.mail.protection.outlook.com': ['TIMEOUT'],
  '_dmarc.hostile.example': [{ TXT: 'v=DMARC1; p=none; rua=mailto:a|b@<img src=x onerror=alert(1)>' }],
  'default._domainkey.hostile.example': [{ TXT: ['v=DKIM1; p=|a|b|\n| --- |\n<script>x</script>\n# heading'] }],
};

let server: DnsTestServer;
let resolver: string;
const root = mkdtempSync(join(tmpdir(), 'splitcheck-unseen-'));
const NET = () => ['--resolver', resolver, '--timeout', '300', '--retries', '0', '--no-smtp'];

beforeAll(async () => {
  server = await startDnsServer({ zone });
  resolver = `127.0.0.1:${server.address.port}`;
});
afterAll(async () => {
  await server.close();
});

/** A usage mistake: exit 2, stdout untouched, one line on stderr matching `message`, no stack, nothing asked. */
function expectRefusal(r: { code: number | null; stdout: string; stderr: string }, message: RegExp, queriesBefore?: number): void {
  expect(r.stderr).toMatch(message);
  expect(r.code).toBe(2);
  expect(r.stdout).toBe('');
  expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
  expect(r.stderr).toMatch(/^splitcheck: /);
  expect(r.stderr).not.toMatch(/unexpected problem|\n\s+at |node:internal|Error:/);
  // eslint-disable-next-line no-control-regex
  expect(r.stderr).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f]/);
  if (queriesBefore !== undefined) expect(server.queries.length).toBe(queriesBefore);
}

/** main() in this process, from `cwd`. */
async function inDir(cwd: string, args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await main(args, {
    stdout: { write: (s: string) => ((stdout += s), true), isTTY: false },
    stderr: { write: (s: string) => ((stderr += s), true), isTTY: false },
    env,
    cwd,
  });
  return { code, stdout, stderr };
}

/** The bin with `input` on its standard input. */
function runWithStdin(args: string[], input: string): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, [BIN, ...args], { stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, NO_COLOR: '1' } });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr, elapsedMs: performance.now() - started });
    });
    child.stdin.end(input);
  });
}

function dir(name: string): string {
  const path = join(root, name);
  mkdirSync(path, { recursive: true });
  return path;
}

describe('the domain argument', () => {
  // node:url's domainToASCII parses a URL host: it cut these down to another, valid-looking domain.
  it.each([
    ['contoso.com/', /"\/" cannot be part of one/],
    ['contoso.com?x', /"\?" cannot be part of one/],
    ['contoso.com#x', /"#" cannot be part of one/],
    ['a%41.com', /"%" cannot be part of one/],
    ['con\ttoso.com', /"\\x09" cannot be part of one/],
    ['con\ntoso.com', /"\\x0a" cannot be part of one/],
    ['contoso.com\\x', /"\\" cannot be part of one/],
    ['contoso.com:25', /":" cannot be part of one/],
  ])('refuses %j instead of checking a domain the user did not type', (input, message) => {
    expect(() => parseDomain(input)).toThrow(message);
  });

  it('still accepts upper case, a trailing dot, IDN, punycode and surrounding spaces', () => {
    expect(parseDomain('CONTOSO.COM.')).toBe('contoso.com');
    expect(parseDomain('bücher.de')).toBe('xn--bcher-kva.de');
    expect(parseDomain('xn--bcher-kva.de')).toBe('xn--bcher-kva.de');
    expect(parseDomain('  contoso.com  ')).toBe('contoso.com');
  });

  it('cuts what it quotes of a huge argument', () => {
    let message = '';
    try {
      parseDomain(`${'a'.repeat(300)}.com/`);
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message).toMatch(/not a valid domain/);
    expect(message.length).toBeLessThan(300);
  });

  const refused: Array<[string, RegExp]> = [
    ['', /no domain given/],
    ['.', /not a valid domain/],
    ['..', /not a valid domain/],
    ['a..b', /not a valid domain/],
    [`${'a'.repeat(64)}.com`, /not a valid domain/],
    [`${'abcdefghi.'.repeat(26)}com`, /not a valid domain/],
    ['_underscore.com', /not a valid domain/],
    ['192.0.2.1', /IP address/],
    ['[2001:db8::1]', /IP address/],
    ['http://contoso.com/', /URL/],
    ['user@contoso.com', /e-mail address.*contoso\.com/],
    ['contoso.com/', /not a valid domain name: "\/"/],
    ['con\ttoso.com', /not a valid domain name/],
    ['evil\u001b[2J.com', /evil\\x1b\[2J\.com/],
  ];
  it.each(refused)('splitcheck %j: exit 2, one line, nothing asked', async (input, message) => {
    const before = server.queries.length;
    expectRefusal(await runMain([input, ...NET(), '--json']), message, before);
  });

  it('a domain starting with "-" is named as such, not as unknown flags "c, n, t, s"', async () => {
    const r = await runMain(['-contoso.com', ...NET(), '--json']);
    expectRefusal(r, /"-contoso\.com" is not a valid domain name/);
  });

  it('a lone "-" points at --domains-file -', async () => {
    expectRefusal(await runMain(['-', ...NET()]), /"-" is not a domain.*--domains-file -/);
  });
});

describe('flags', () => {
  it.each([
    [['--smart-host', 'a.example', '--smart-host', 'b.example'], /--smart-host was given 2 times/],
    [['--output', 'a.json', '--output', 'b.json'], /--output was given 2 times/],
    [['-o', 'a.json', '-o', 'b.json'], /-o was given 2 times/],
    [['--config', 'a.json', '--config', 'b.json'], /--config was given 2 times/],
    [['--dkim-selector', 'a', '--dkim-selector', 'b'], /--dkim-selector was given 2 times/],
    [['--timeout', '300', '--timeout', '400'], /--timeout was given 2 times/],
    [['--format', 'json', '--format', 'junit'], /--format was given 2 times/],
  ])('an option of one value given twice (%j) is exit 2 naming it, not an "unexpected problem"', async (flags, message) => {
    const before = server.queries.length;
    expectRefusal(await inDir(root, ['healthy.example', '--resolver', resolver, '--no-smtp', ...flags]), message, before);
  });

  it('repeatable options still repeat', async () => {
    const r = await runMain(['healthy.example', ...NET(), '--json', '--only', 'mx.present', '--only', 'autodiscover', '--hosting-ip', '192.0.2.1', '--hosting-ip', '192.0.2.2']);
    const report = JSON.parse(r.stdout) as Report;
    expect(report.results.map((f) => f.id)).toEqual(['mx.present', 'autodiscover.cname', 'autodiscover.srv']);
    expect(report.input?.hostingIps).toEqual(['192.0.2.1', '192.0.2.2']);
  });

  it.each([
    [['--bogus'], /Unknown argument: bogus/],
    [['--resolver'], /Not enough arguments following: resolver/],
    [['--timeout', '0'], /--timeout must be a whole number from 50/],
    [['--timeout', '-5'], /--timeout must be a whole number from 50/],
    [['--timeout', 'NaN'], /--timeout must be a whole number/],
    [['--timeout', '1e12'], /--timeout must be a whole number/],
    [['--resolver', '1.2.3.4:99999'], /invalid resolver "1\.2\.3\.4:99999"/],
    [['--resolver', '[::1'], /invalid resolver "\[::1"/],
    [['--resolver', 'dns.google'], /"dns\.google" is a name, not an IP address/],
    [['--smart-host', 'mail.example.com:0'], /invalid --smart-host .*not a port number/],
    [['--smart-host', 'mail.example.com/'], /invalid --smart-host .*"\/" cannot be part of one/],
    [['--smart-host', '[192.0.2.1]:25'], /brackets are for IPv6/],
    [['--hosting-ip', '203.0.113.300'], /invalid --hosting-ip "203\.0\.113\.300"/],
    [['--hosting-ip', '192.0.2.0/24'], /invalid --hosting-ip/],
    [['--mailbox', 'alice@elsewhere.example'], /--mailbox alice@elsewhere\.example is not at healthy\.example/],
    [['--mailbox', 'a\r\nRCPT TO:<x>@healthy.example'], /invalid --mailbox "a\\x0d\\x0aRCPT/],
    [['--only', 'mx.presnt'], /no check matches "mx\.presnt"/],
    [['--skip', 'spf.al'], /no check matches "spf\.al"/],
    [['--only', 'mx', '--skip', 'mx'], /leaves no check to run/],
    [['--format', 'xml'], /Invalid values: Argument: format/],
    [['--json', '--format', 'junit'], /contradict/],
    [['--output', ''], /--output needs a file name/],
    [['--save-evidence', ''], /--save-evidence needs a file name/],
  ])('%j: exit 2 with the problem named, nothing asked', async (flags, message) => {
    const before = server.queries.length;
    expectRefusal(await runMain(['healthy.example', '--resolver', resolver, '--no-smtp', ...flags]), message, before);
  });

  it('the help pointer is given once, not twice', async () => {
    const r = await runMain(['healthy.example', ...NET(), '--only', 'mx.presnt']);
    expect(r.stderr.match(/--help/g)).toHaveLength(1);
  });

  it('control characters typed into a flag or an unknown option are escaped on stderr', async () => {
    const only = await runMain(['healthy.example', ...NET(), '--only', '\u001b[31mred']);
    expectRefusal(only, /no check matches "\\x1b\[31mred"/);
    const unknown = await runMain(['healthy.example', ...NET(), '--\u001b]0;title\u0007']);
    expectRefusal(unknown, /Unknown argument: \\x1b\]0;title\\x07/);
  });
});

describe('several domains and their mailboxes', () => {
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

describe('--output and --save-evidence that cannot be written: refused before anything is checked', () => {
  const target = () => dir('out-target');
  it.each([
    ['a directory, one domain', ['healthy.example'], () => ['--output', target()], /cannot write --output .*: it is a directory/],
    ['a directory, several domains', ['healthy.example', 'hostile.example'], () => ['--output', target()], /cannot write --output .*: it is a directory/],
    ['a missing directory, one domain', ['healthy.example'], () => ['--output', join(root, 'nope', 'r.json')], /cannot write --output .*: no such directory/],
    ['a missing directory, several domains', ['healthy.example', 'hostile.example'], () => ['--output', join(root, 'nope', 'r.xml')], /no such directory/],
    ['evidence into a directory', ['healthy.example'], () => ['--save-evidence', target()], /cannot write --save-evidence .*: it is a directory/],
  ])('%s', async (_name, domains, flags, message) => {
    const before = server.queries.length;
    // Spawned: with several domains this was an unhandled stream error, a stack trace and exit 1.
    const r = await runCli([...domains, ...NET(), '--format', 'junit', ...flags()]);
    expectRefusal(r, message, before);
  });
});

describe('--domains-file', () => {
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

describe('the config file', () => {
  const config = (name: string, text: string | Buffer): string => {
    const d = dir(`cfg-${name}`);
    writeFileSync(join(d, 'splitcheck.json'), text);
    return d;
  };
  const good = { domain: 'healthy.example', only: ['mx', 'autodiscover'], smtp: false, timeout: 300, retries: 0 };

  it('a UTF-8 byte order mark (Notepad) is read, and gives the same report as the flags', async () => {
    const cwd = config('bom', `\uFEFF${JSON.stringify({ ...good, resolvers: [resolver] }, null, 2)}`);
    const fromFile = await inDir(cwd, ['--json']);
    const fromFlags = await inDir(root, ['healthy.example', '--json', ...NET(), '--only', 'mx', '--only', 'autodiscover']);
    expect(fromFile.stderr).toBe('');
    const a = JSON.parse(fromFile.stdout) as Report;
    const b = JSON.parse(fromFlags.stdout) as Report;
    expect(a.summary).toEqual({ pass: 6, warn: 0, fail: 0, error: 0, skip: 0 });
    // The probe's local part is random per run.
    const judged = (r: Report, code: number) => ({ results: r.results, input: { ...r.input, probeLocalPart: undefined }, code });
    expect(judged(a, fromFile.code)).toEqual(judged(b, fromFlags.code));
  });

  it.each([
    ['comments', '{\n  "domain": "healthy.example", // ours\n}', /is not valid JSON: .*at line 2, column 32 \(JSON allows no comments\)/],
    ['a trailing comma', '{\n  "domain": "healthy.example",\n}', /at line 3, column 1 \(JSON allows no trailing comma\)/],
    ['UTF-16', Buffer.from('\uFEFF{"domain":"healthy.example"}', 'utf16le'), /is not UTF-8 text/],
    ['a typo in "only"', JSON.stringify({ domain: 'healthy.example', only: ['mx', 'mx.presnt'] }), /splitcheck\.json: \/only\/1: no check matches "mx\.presnt"/],
    ['a typo in "skip"', JSON.stringify({ domain: 'healthy.example', skip: ['spf.al'] }), /splitcheck\.json: \/skip\/0: no check matches "spf\.al"/],
    ['a mailbox elsewhere', JSON.stringify({ domain: 'healthy.example', mailboxes: ['a@healthy.example', 'b@other.example'] }), /splitcheck\.json: \/mailboxes\/1: --mailbox b@other\.example is not at healthy\.example/],
    ['a bad expect.mxHost', JSON.stringify({ domain: 'healthy.example', expect: { mxHost: 'not a host' } }), /splitcheck\.json: \/expect\/mxHost: invalid "not a host"/],
    ['a nested unknown key', JSON.stringify({ domain: 'healthy.example', expect: { cloudd: 'dod' } }), /unknown key "cloudd" at \/expect\/cloudd \(did you mean "cloud"\?\)/],
    ['a wrong type', JSON.stringify({ domain: 'healthy.example', smtp: 'false' }), /\/smtp: expected boolean, got "false"/],
    ['a URL as domain', JSON.stringify({ domains: ['healthy.example', 'healthy.example/'] }), /\/domains\/1: .*"\/" cannot be part of one/],
  ])('%s: exit 2 naming where, nothing checked', async (_name, text, message) => {
    const before = server.queries.length;
    expectRefusal(await inDir(config(_name.replace(/\W+/g, '-'), text), ['--resolver', resolver, '--no-smtp']), message, before);
  });

  it('--config: empty, a directory, /dev/zero', async () => {
    expectRefusal(await inDir(root, ['healthy.example', '--config', '']), /--config needs a file name/);
    expectRefusal(await inDir(root, ['healthy.example', '--config', dir('a-dir')]), /cannot read the configuration .*: it is a directory/);
    expectRefusal(await inDir(root, ['healthy.example', '--config', '/dev/zero']), /the configuration \/dev\/zero is larger than 16 MB/);
  });

  it('a flag replaces the file\'s mailboxes: a mailbox of the file not at the domain does not matter then', async () => {
    const cwd = config('override', JSON.stringify({ ...good, resolvers: [resolver], mailboxes: ['a@other.example'], only: ['mx.present'] }));
    const r = await inDir(cwd, ['--json', '--mailbox', 'b@healthy.example']);
    expect(r.stderr).toBe('');
    expect((JSON.parse(r.stdout) as Report).input?.mailboxes).toEqual(['b@healthy.example']);
  });
});

describe('report formats', () => {
  const md = new MarkdownIt({ html: true });
  /** Rendered HTML must hold no tag from the data, and every table row its own number of cells. */
  function expectSafeMarkdown(text: string): void {
    const tokens = md.parse(text, {}).flatMap((t) => [t, ...(t.children ?? [])]);
    expect(tokens.filter((t) => t.type === 'html_inline' || t.type === 'html_block' || t.type === 'link_open' || t.type === 'image')).toEqual([]);
    const html = md.render(text);
    expect(html).not.toMatch(/<script|<img/);
    for (const table of text.split('\n\n').filter((b) => b.startsWith('| '))) {
      const rows = table.trimEnd().split('\n');
      const cells = (row: string) => row.replace(/\\\|/g, '').split('|').length;
      for (const row of rows) expect(cells(row)).toBe(cells(rows[0]!));
    }
  }

  it('markdown, one domain: pipes, backticks, <script> and line breaks from DNS break no table and inject no HTML', async () => {
    const r = await runMain(['hostile.example', ...NET(), '--format', 'markdown']);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('<script>alert(1)</script>'); // inside a code block, as the record it is
    expectSafeMarkdown(r.stdout);
  });

  it('markdown, several domains: the sections and the summary table', async () => {
    const r = await runMain(['hostile.example', 'healthy.example', ...NET(), '--format', 'markdown']);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^# splitcheck: 2 domains/);
    expect(r.stdout).toContain('## Summary');
    expectSafeMarkdown(r.stdout);
  });

  /** Counts of the JUnit document against the JSON report of the same run. */
  function expectJunitMatches(xml: string, reports: readonly Report[], strict = false): void {
    expect(xsdErrors(xml, JUNIT_XSD)).toEqual([]);
    const doc = parseXml(xml);
    const suites = findAll(doc, 'testsuite');
    const sum = (k: string) => suites.reduce((n, s) => n + Number(s.attrs[k]), 0);
    const total = (k: 'fail' | 'error' | 'warn' | 'skip') => reports.reduce((n, r) => n + r.summary[k], 0);
    expect(sum('failures')).toBe(total('fail') + (strict ? total('warn') : 0));
    expect(findAll(doc, 'failure')).toHaveLength(total('fail') + (strict ? total('warn') : 0));
    expect(sum('errors')).toBe(total('error'));
    expect(findAll(doc, 'error')).toHaveLength(total('error'));
    expect(findAll(doc, 'skipped')).toHaveLength(total('skip'));
    expect(findAll(doc, 'testcase')).toHaveLength(reports.reduce((n, r) => n + r.results.length, 0));
    if (doc.attrs.failures !== undefined) {
      expect(Number(doc.attrs.failures)).toBe(sum('failures'));
      expect(Number(doc.attrs.errors)).toBe(sum('errors'));
    }
  }

  it('junit, one domain: valid against junit-10.xsd, failures = fails, errors = errors (also --strict)', async () => {
    const json = JSON.parse((await runMain(['hostile.example', ...NET(), '--json'])).stdout) as Report;
    expect(json.summary.fail).toBeGreaterThan(0);
    const junit = await runMain(['hostile.example', ...NET(), '--format', 'junit']);
    expect(junit.code).toBe(1);
    expectJunitMatches(junit.stdout, [json]);
    const strict = await runMain(['hostile.example', ...NET(), '--format', 'junit', '--strict']);
    expectJunitMatches(strict.stdout, [json], true);
  });

  it('junit, several domains, one of them unverifiable: failures and errors per suite add up', async () => {
    const domains = ['hostile.example', 'healthy.example', 'slow.example'];
    const ndjson = await runMain([...domains, ...NET(), '--format', 'ndjson']);
    const reports = ndjson.stdout.trimEnd().split('\n').map((l) => JSON.parse(l) as Report);
    expect(reports.reduce((n, r) => n + r.summary.error, 0)).toBeGreaterThan(0);
    const junit = await runMain([...domains, ...NET(), '--format', 'junit']);
    expect(junit.code).toBe(ndjson.code);
    expectJunitMatches(junit.stdout, reports);
  });

  it('json: one complete document when all pass, also written to --output', async () => {
    const r = await runMain(['healthy.example', ...NET(), '--only', 'mx', '--json']);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout) as Report;
    expect(schemaErrors('report.schema.json', report)).toEqual([]);
    expect(report.summary.pass).toBe(4);
    const file = join(dir('json-out'), 'r.json');
    const toFile = await runMain(['healthy.example', 'hostile.example', ...NET(), '--json', '--output', file]);
    expect(toFile.stdout).toBe('');
    expect(toFile.stderr).toMatch(/report written to .*r\.json/);
  });

  it('NO_COLOR: no escape sequence even on a TTY; without it, colour', async () => {
    const run = async (env: NodeJS.ProcessEnv) => {
      let stdout = '';
      await main(['healthy.example', ...NET(), '--only', 'mx'], {
        stdout: { write: (s: string) => ((stdout += s), true), isTTY: true, columns: 100 },
        stderr: { write: () => true, isTTY: false },
        env,
        cwd: root,
      });
      return stdout;
    };
    expect(await run({ NO_COLOR: '1' })).not.toContain('\u001b');
    expect(await run({})).toContain('\u001b[');
  });

  it('the terminal subtitle says "1 check", not "1 checks"', async () => {
    const r = await runMain(['healthy.example', ...NET(), '--only', 'mx.present']);
    expect(r.stdout).toMatch(/ · 1 check · /);
  });
});
