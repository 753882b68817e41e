// CLI tests of `splitcheck explain`: spawn the bin, assert output and exit code together; --check against a loopback DNS server.
import { spawn } from 'node:child_process';
import { closeSync, ftruncateSync, mkdirSync, mkdtempSync, openSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import type { Report } from '../../src/engine/types.js';
import { startDnsServer, type DnsTestServer } from '../../src/testbed/dns-server.js';
import { outlookNdr } from '../helpers/bounces.js';
import { BIN, runCli, type CliResult } from '../helpers/cli.js';
import { schemaErrors } from '../helpers/schema.js';

const FIXTURES = fileURLToPath(new URL('../../fixtures/bounces/', import.meta.url));
const fixture = (name: string) => join(FIXTURES, name);
const dir = mkdtempSync(join(tmpdir(), 'splitcheck-explain-'));

interface ExplainJson {
  kind: string;
  input: { name: string; format: string; deliveryStatus: boolean; notes: string[] };
  bounce: { sender: string | null; recipients: { address: string }[]; replies: unknown[] };
  diagnoses: { id: string; codes: string[]; checks: string[]; evidence: { line: number | null; text: string }[]; fix: string }[];
  unrecognised: { code: string; meaning: string }[];
  check: null | { domain: string; domainOf: string; checks: string[]; missing: string[]; mailbox: string | null; report: Report };
  checkError?: string;
  exitCode: number;
}

function parse(r: CliResult): ExplainJson {
  const doc = JSON.parse(r.stdout) as ExplainJson;
  expect(schemaErrors('explain.schema.json', doc)).toEqual([]);
  return doc;
}

/** The bin with bytes on standard input (the helper's runCli gives it none). */
function runWithStdin(args: string[], input: Buffer | string): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const env: NodeJS.ProcessEnv = { ...process.env };
    delete env.NO_COLOR;
    delete env.FORCE_COLOR;
    const child = spawn(process.execPath, [BIN, ...args], { env, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.stdin.on('error', () => {}); // the CLI may stop reading early (over the size cap)
    child.stdin.end(input);
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr, elapsedMs: performance.now() - started });
    });
  });
}

describe('splitcheck explain: terminal output', () => {
  it('5.4.1 Access denied: the diagnosis, the evidence line, the hop, the fix, the confirming check; exit 0', async () => {
    const r = await runCli(['explain', fixture('exchange-5.4.1-access-denied.txt')]);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).toContain('✖ Microsoft 365 refused the recipient: the domain is Authoritative (directory-based edge blocking)');
    // The quote wraps at the width like the rest (under itself): any run of spaces may be a line break.
    expect(r.stdout).toMatch(/line 13: Remote Server returned '550 5\.4\.1\s+Recipient\s+address\s+rejected:\s+Access\s+denied\.\s+AS\(201806281\)/);
    expect(r.stdout).toMatch(/hop\s+sending server → Microsoft 365's MX/);
    expect(r.stdout).toMatch(/fix\s+Exchange admin center → Mail flow → Accepted domains → contoso\.com/);
    expect(r.stdout).toMatch(/confirm m365\.internal-relay: splitcheck contoso\.com --only m365\.internal-relay --mailbox\s+carol@contoso\.com/);
    expect(r.stdout).toContain(`Run the confirming checks now: splitcheck explain ${fixture('exchange-5.4.1-access-denied.txt')} --check`);
    // The quoted original headers (spf=fail) are not read as a diagnosis.
    expect(r.stdout).not.toMatch(/SPF did not authorize/);
  });

  it('an .eml DSN: the delivery-status fields are evidence too; a delay is marked temporary', async () => {
    const eml = await runCli(['explain', fixture('exchange-4.4.317-untrusted-root.eml')]);
    expect(eml.code).toBe(0);
    expect(eml.stdout).toContain("The smart host's certificate chain is incomplete or untrusted");
    expect(eml.stdout).toContain('delivery-status: Diagnostic-Code: 550 5.4.300 Message expired -> 450 4.4.317');
    expect(eml.stdout).toContain('subject    Undeliverable: Réunion & agenda');
    const delayed = await runCli(['explain', fixture('exchange-4.4.316-delayed.txt')]);
    expect(delayed.stdout).toMatch(/! Microsoft 365 could not connect to the smart host on port 25/);
    expect(delayed.stdout).toContain('(temporary: still being retried)');
  });

  it('unknown codes: "Not recognised" with the generic meaning, exit 0', async () => {
    const file = join(dir, 'vendor-code.txt');
    writeFileSync(
      file,
      'This is the mail system at host relay.example.net.\n\n<frank@example.org>: host mx.example.org[198.51.100.80] said: 550 5.7.999\n    Vendor rule 12 (in reply to end of DATA command)\n',
    );
    const r = await runCli(['explain', file]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('? Not recognised: 550 5.7.999');
    expect(r.stdout).toMatch(/meaning 550: mailbox unavailable.*5\.7\.999: permanent\s+failure/s);
    expect(r.stdout).not.toContain('Run the confirming checks now');
  });

  it('text without any code: says it does not look like a bounce, exit 0', async () => {
    const file = join(dir, 'letter.txt');
    writeFileSync(file, 'Dear Carol,\nthe meeting moved to Friday at 5.30.\nRegards, Dan\n');
    const r = await runCli(['explain', file]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('No SMTP reply code or enhanced status code (such as 550 5.4.1) was found');
  });

  it('escapes control characters and ANSI sequences from the bounce', async () => {
    const file = join(dir, 'hostile.txt');
    writeFileSync(file, "Remote Server returned '554 5.4.14 Hop count exceeded \u001b[31mRED\u001b[0m \u202eevil'\n");
    const r = await runCli(['explain', file]);
    expect(r.code).toBe(0);
    expect(r.stdout).not.toContain('\u001b[31m');
    expect(r.stdout).not.toContain('\u202e');
    expect(r.stdout).toContain('\\x1b[31mRED');
  });
});

describe('splitcheck explain --json', () => {
  it('the documented object: diagnoses with id, codes, evidence, fix, checks; recipients; parse facts', async () => {
    const r = await runCli(['explain', fixture('exchange-relay-refused-exim.eml'), '--json']);
    expect(r.code).toBe(0);
    const doc = parse(r);
    expect(doc.kind).toBe('splitcheck-explain');
    expect(doc.input).toMatchObject({ format: 'message', deliveryStatus: true, notes: [] });
    expect(doc.bounce.recipients.map((x) => x.address)).toEqual(['carol@contoso.com']);
    expect(doc.diagnoses.map((d) => d.id)).toEqual(['host-relay-refused']);
    expect(doc.diagnoses[0]!.checks).toEqual(['smarthost.accepts-mailbox']);
    expect(doc.diagnoses[0]!.evidence[0]!.text).toContain('is not permitted to relay through this server without authentication');
    expect(doc.check).toBeNull();
    expect(doc.exitCode).toBe(0);
  });

  it('--format json is the same; --json with --format terminal is a usage error', async () => {
    const a = await runCli(['explain', fixture('exchange-5.4.14-hop-count.eml'), '--format', 'json']);
    expect(parse(a).diagnoses[0]!.id).toBe('mail-loop');
    const b = await runCli(['explain', fixture('exchange-5.4.14-hop-count.eml'), '--json', '--format', 'terminal']);
    expect(b.code).toBe(2);
    expect(b.stdout).toBe('');
  });
});

describe('splitcheck explain -: standard input', () => {
  it('reads a bounce piped in', async () => {
    const r = await runWithStdin(['explain', '-', '--json'], Buffer.from(await import('node:fs').then((fs) => fs.readFileSync(fixture('gmail-5.4.1-access-denied.eml')))));
    expect(r.code).toBe(0);
    const doc = parse(r);
    expect(doc.input.name).toBe('standard input');
    expect(doc.diagnoses.map((d) => d.id)).toEqual(['m365-authoritative']);
  });

  it('empty standard input is bad input (exit 2)', async () => {
    const r = await runWithStdin(['explain', '-'], '');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/standard input is empty/);
  });

  it('more than 10 MB on standard input is refused (exit 2)', async () => {
    const r = await runWithStdin(['explain', '-'], Buffer.alloc(11 * 1024 * 1024, 0x61));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/standard input is larger than 10 MB/);
  });

  it('in process: io.stdin is used', async () => {
    let stdout = '';
    const code = await main(['explain', '-'], {
      stdout: { write: (s: string) => ((stdout += s), true), isTTY: false },
      stderr: { write: () => true, isTTY: false },
      env: {},
      cwd: process.cwd(),
      stdin: Readable.from([Buffer.from("Remote Server returned '554 5.4.14 Hop count exceeded - possible mail loop'\n")]),
    });
    expect(code).toBe(0);
    expect(stdout).toContain('Mail loop between Microsoft 365 and the connector');
  });
});

describe('bad input: one line on stderr, exit 2, nothing on stdout', () => {
  const msg = join(dir, 'bounce.msg');
  const bin = join(dir, 'image.png');
  const empty = join(dir, 'empty.txt');
  const huge = join(dir, 'huge.txt');
  const folder = join(dir, 'folder');
  beforeAll(() => {
    writeFileSync(msg, Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0, 0, 0]));
    writeFileSync(bin, Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d]));
    writeFileSync(empty, '');
    // A sparse 11 MB file: refused from its size, before reading it.
    const fd = openSync(huge, 'w');
    ftruncateSync(fd, 11 * 1024 * 1024);
    closeSync(fd);
    mkdirSync(folder, { recursive: true });
  });
  const cases: [string, () => string[], RegExp][] = [
    ['a missing file', () => ['explain', join(dir, 'nope.eml')], /cannot read .*nope\.eml: no such file/],
    ['a directory', () => ['explain', folder], /is a directory/],
    ['an empty file', () => ['explain', empty], /empty\.txt is empty/],
    ['a binary file', () => ['explain', bin], /image\.png is binary data/],
    ['an Outlook .msg file', () => ['explain', msg], /bounce\.msg is an Outlook \.msg file/],
    ['a file over 10 MB', () => ['explain', huge], /huge\.txt is larger than 10 MB/],
    ['no file argument', () => ['explain'], /missing <file>: splitcheck explain <file>/],
    ['an unknown flag', () => ['explain', fixture('unknown-codes.txt'), '--bogus'], /unknown option --bogus/],
    ['a bad --timeout with --check', () => ['explain', fixture('unknown-codes.txt'), '--check', '--timeout', 'soon'], /invalid --timeout "soon": give a duration/],
  ];
  for (const [name, args, pattern] of cases) {
    it(name, async () => {
      const r = await runCli(args());
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toMatch(pattern);
    });
  }
});

describe('hostile files end fast with a clear result', () => {
  it('a MIME bomb (thousands of nested multiparts and parts): not parsed as MIME, scanning bounded, exit 0', async () => {
    let s = 'From: a@b.example\r\nSubject: bomb\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary="b0"\r\n\r\n';
    for (let i = 1; i < 3000; i++) s += `--b${i - 1}\r\nContent-Type: multipart/mixed; boundary="b${i}"\r\n\r\n`;
    s += '--b2999\r\nContent-Type: text/plain\r\n\r\n554 5.4.14 Hop count exceeded - possible mail loop\r\n';
    s += '--b2999\r\nContent-Type: text/plain\r\n\r\nx\r\n'.repeat(20_000);
    const file = join(dir, 'bomb.eml');
    writeFileSync(file, s);
    const r = await runCli(['explain', file, '--json']);
    expect(r.code).toBe(0);
    expect(r.elapsedMs).toBeLessThan(5000);
    const doc = parse(r);
    expect(doc.input.notes.join(' ')).toMatch(/MIME structure was not parsed.*only the first 5000 lines were read/);
    // The reply sits after 9000 lines of nesting: past the scan limit, so honestly nothing is claimed.
    expect(doc.diagnoses).toEqual([]);
  });

  it('9.9 MB of noise: read within the limits, exit 0', async () => {
    const file = join(dir, 'noise.txt');
    writeFileSync(file, `${'lorem ipsum dolor sit amet '.repeat(60)}\n`.repeat(6000).slice(0, 9.9 * 1024 * 1024));
    const r = await runCli(['explain', file]);
    expect(r.code).toBe(0);
    expect(r.elapsedMs).toBeLessThan(5000);
    expect(r.stdout).toContain('No SMTP reply code');
    expect(r.stdout).toMatch(/only the first 5000\s+lines\s+were\s+read/);
  });
});

describe('splitcheck explain --check (loopback DNS, --no-smtp)', () => {
  let server: DnsTestServer;
  let resolver: string;
  beforeAll(async () => {
    server = await startDnsServer({
      zone: {
        'contoso.com': [{ MX: [0, 'contoso-com.mail.protection.outlook.com'] }, { TXT: 'v=spf1 include:spf.protection.outlook.com -all' }],
        'contoso-com.mail.protection.outlook.com': [{ A: '198.51.100.10' }],
        'mail.contoso.com': [{ A: '203.0.113.25' }],
        'spf.protection.outlook.com': [{ TXT: 'v=spf1 ip4:40.92.0.0/15 ip4:40.107.0.0/16 ip4:52.100.0.0/15 ip4:104.47.0.0/17 -all' }],
      },
    });
    resolver = `127.0.0.1:${server.address.port}`;
  });
  afterAll(async () => {
    await server.close();
  });

  it("a DMARC rejection: runs the confirming checks for the sender's domain; exit 1 from the failing check", async () => {
    const r = await runCli(['explain', fixture('exim-5.7.26-dmarc.txt'), '--check', '--no-smtp', '--resolver', resolver, '--json']);
    const doc = parse(r);
    expect(r.code).toBe(1);
    expect(doc.exitCode).toBe(1);
    expect(doc.check).toMatchObject({ domain: 'contoso.com', domainOf: 'sender', mailbox: null, missing: [] });
    expect(doc.check!.checks).toEqual(['dmarc.record', 'spf.m365-include', 'spf.hosting-covered', 'dkim.m365', 'dkim.hosting']);
    expect(schemaErrors('report.schema.json', doc.check!.report)).toEqual([]);
    const results = Object.fromEntries(doc.check!.report.results.map((x) => [x.id, x.status]));
    expect(Object.keys(results).sort()).toEqual([...doc.check!.checks].sort());
    expect(results['dmarc.record']).toBe('fail');
    expect(results['spf.m365-include']).toBe('pass');
    expect(results['spf.hosting-covered']).toBe('fail');
  });

  it('terminal: the explanation, then the confirming run with its report', async () => {
    const r = await runCli(['explain', fixture('exim-5.7.26-dmarc.txt'), '--check', '--no-smtp', '--resolver', resolver]);
    expect(r.code).toBe(1);
    const explanation = r.stdout.indexOf('The recipient refused the message: it failed DMARC');
    const heading = r.stdout.indexOf('Confirming on contoso.com: dmarc.record, spf.m365-include');
    expect(explanation).toBeGreaterThan(-1);
    expect(heading).toBeGreaterThan(explanation);
    expect(r.stdout.slice(heading)).toMatch(/✖ fail\s+dmarc\.record/);
    expect(r.stdout).not.toContain('Run the confirming checks now');
  });

  it('a bounce that names no domain: the explanation, then exit 2 with the reason', async () => {
    const file = join(dir, 'nodomain.txt');
    writeFileSync(file, "Remote Server returned '550 5.4.1 Recipient address rejected: Access denied. AS(201806281)'\n");
    const r = await runCli(['explain', file, '--check', '--no-smtp', '--resolver', resolver, '--json']);
    expect(r.code).toBe(2);
    const doc = parse(r);
    expect(doc.diagnoses[0]!.id).toBe('m365-authoritative');
    expect(doc.check).toBeNull();
    expect(doc.checkError).toMatch(/names no recipient or sender domain/);
    expect(r.stderr).toMatch(/names no recipient or sender domain/);
  });
});

describe('splitcheck explain on unseen input: exit codes, JSON, escaping [adversarial]', () => {
  const dir = mkdtempSync(join(tmpdir(), 'splitcheck-explain-'));

  async function run(args: string[], stdin?: string | Uint8Array) {
    let stdout = '';
    let stderr = '';
    const io = {
      stdout: { write: (c: string) => ((stdout += c), true), isTTY: false },
      stderr: { write: (c: string) => ((stderr += c), true) },
      env: {},
      cwd: dir,
      ...(stdin === undefined ? {} : { stdin: (async function* () { yield typeof stdin === 'string' ? new TextEncoder().encode(stdin) : stdin; })() }),
    };
    const code = await main(args, io);
    return { code, stdout, stderr };
  }

  it('control characters from the bounce never reach the terminal raw; the JSON parses and keeps them escaped', async () => {
    const evil =
      "Diagnostic information for administrators:\n\nbob@contoso.com\nServer at mail.contoso.com\x1b]0;PWNED\x07 (203.0.113.10) returned '550 5.1.1 <x\x1b[2Jy@contoso.com>: Recipient address rejected: User unknown\x9b31m'\n";
    writeFileSync(join(dir, 'evil.txt'), evil);
    const t = await run(['explain', 'evil.txt']);
    expect(t.code).toBe(0);
    expect(t.stdout).toMatch(/has no mailbox/);
    expect(t.stdout).not.toMatch(/[\x00-\x08\x0b-\x1f\x7f\x9b]/);
    expect(t.stderr).not.toMatch(/at .*\.ts:\d+/);
    const j = await run(['explain', 'evil.txt', '--json']);
    expect(j.code).toBe(0);
    const doc = JSON.parse(j.stdout) as { diagnoses: { id: string }[] };
    expect(schemaErrors('explain.schema.json', doc)).toEqual([]);
    // Nothing shows Microsoft 365 relaying to mail.contoso.com: the receiving server has no such mailbox.
    expect(doc.diagnoses.map((d) => d.id)).toEqual(['recipient-unknown']);
  });

  it('empty, white-space, binary and missing input: exit 2 with a one-line reason, no stack trace', async () => {
    writeFileSync(join(dir, 'empty.eml'), '');
    writeFileSync(join(dir, 'garbage.bin'), Buffer.from([0x00, 0x01, 0xff, 0x10, 0x00, 0x02, 0x7f, 0x03]));
    const cases: [string[], string | Uint8Array | undefined, RegExp][] = [
      [['explain', 'empty.eml'], undefined, /empty\.eml is empty/],
      [['explain', '-'], ' \r\n\t\r\n', /standard input holds only white space/],
      [['explain', 'garbage.bin', '--json'], undefined, /garbage\.bin is binary data/],
      [['explain', 'nope.eml'], undefined, /cannot read nope\.eml: no such file/],
      [['explain', '.'], undefined, /is a directory/],
    ];
    for (const [args, stdin, message] of cases) {
      const r = await run(args, stdin);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(message);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
    }
  });

  it('a pasted bounce on standard input with ANSI colours and CRLF: diagnosed, exit 0', async () => {
    const paste = outlookNdr('bob@contoso.com', `Remote Server returned '\x1b[1;31m554 5.4.14 Hop count exceeded - possible mail loop ATTR34\x1b[0m'`).replace(/\n/g, '\r\n');
    const r = await run(['explain', '-', '--json'], paste);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout) as { diagnoses: { id: string; codes: string[] }[]; input: { notes: string[] } };
    expect(doc.diagnoses).toMatchObject([{ id: 'mail-loop', codes: ['554 5.4.14'] }]);
  });
});
