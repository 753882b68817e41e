// Plausible mistakes on the command line: a "did you mean" for a mistyped option, check id or command; durations with units; the same refusals with one domain as with two; the help of the command used; the report format from the file name; --help at the terminal's width.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { missingPositionals } from '../../src/cli/typos.js';
import { timingSettings } from '../../src/core/settings.js';
import { startDnsServer, type DnsTestServer } from '../../src/testbed/dns-server.js';
import { healthy } from '../checks/mx/zones.js';
import { runCli } from '../helpers/cli.js';
import { runMain } from '../helpers/in-process.js';

let server: DnsTestServer;
let net: string[];
const dir = mkdtempSync(join(tmpdir(), 'splitcheck-mistyped-'));

beforeAll(async () => {
  server = await startDnsServer({ zone: { ...healthy('contoso.com'), 'slow.test': [{ MX: [0, 'mx.slow.test'] }], 'mx.slow.test': ['TIMEOUT'] } });
  net = ['--resolver', `127.0.0.1:${server.address.port}`, '--no-smtp', '--retries', '0'];
});
afterAll(() => server.close());

/** Exit 2 with exactly this one line on stderr. */
async function refused(args: string[], line: string): Promise<void> {
  const r = await runMain(args);
  expect(r.stderr).toBe(`${line}\n`);
  expect(r.code).toBe(2);
}

describe('did you mean', () => {
  it('a mistyped option: --josn', () => refused(['contoso.com', '--josn'], 'splitcheck: unknown option --josn (did you mean --json?) (see splitcheck --help)'));

  it("a mistyped option of a command names that command's help", () =>
    refused(['trace', 'a@contoso.com', '--smart-hots', 'mail.contoso.com'], 'splitcheck: unknown option --smart-hots (did you mean --smart-host?) (see splitcheck trace --help)'));

  it('a mistyped check id: --only mx.presnt', () =>
    refused(['contoso.com', '--only', 'mx.presnt'], 'splitcheck: no check matches "mx.presnt" (did you mean "mx.present"?) (see the check ids in --help)'));

  it('a mistyped command: expalin bounce.eml', () =>
    refused(['expalin', 'bounce.eml'], 'splitcheck: "expalin" is neither a command nor a domain: did you mean "splitcheck explain"? (see splitcheck --help)'));

  it('a word like no command is still read as a domain', () =>
    refused(['contoso'], 'splitcheck: "contoso" is not a full domain name; include its suffix, e.g. contoso.com (see splitcheck --help)'));
});

describe('--timeout', () => {
  it('takes units (500ms, 5s), and bare milliseconds as before', () => {
    for (const [given, ms] of [['500ms', 500], ['5s', 5000], ['2.5s', 2500], ['5000', 5000], [3000, 3000]] as const) {
      const timing = timingSettings({ timeout: given });
      expect(timing.ok && timing.value.timeoutMs, String(given)).toBe(ms);
    }
  });

  it('a duration with its unit governs each attempt (the unanswered lookup says 300 ms)', async () => {
    const r = await runCli(['slow.test', '--only', 'mx', ...net, '--timeout', '0.3s']);
    expect(r.stdout).toContain('attempt of 300 ms');
    expect(r.code).toBe(1);
  });

  it('says what it expects, not NaN', async () => {
    await refused(['contoso.com', '--timeout', 'soon'], 'splitcheck: invalid --timeout "soon": give a duration such as 5000 (milliseconds), 500ms, 5s, 15m or 1h30m (see splitcheck --help)');
    await refused(['contoso.com', '--timeout', '1h'], 'splitcheck: --timeout "1h" is out of range: give 50ms to 10m (see splitcheck --help)');
    await refused(['spf', 'contoso.com', '--ip', '192.0.2.1', '--timeout', '5 s'], 'splitcheck: invalid --timeout "5 s": give a duration such as 5000 (milliseconds), 500ms, 5s, 15m or 1h30m (see splitcheck spf --help)');
    // A bare number under the minimum was meant as seconds, most likely: the refusal says how to write that.
    await refused(['contoso.com', '--timeout', '5'], 'splitcheck: --timeout "5" is out of range: give 50ms to 10m (a number alone is milliseconds: --timeout 5s for 5 seconds) (see splitcheck --help)');
  });
});

describe('--concurrency', () => {
  for (const value of ['0', '-1', 'abc']) {
    it(`${value} is refused with one domain as with two`, async () => {
      const line = `splitcheck: --concurrency must be a whole number from 1 to 256 (got "${value}") (see splitcheck --help)`;
      await refused(['contoso.com', '--concurrency', value, ...net], line);
      await refused(['contoso.com', 'example.com', '--concurrency', value, ...net], line);
    });
  }
});

describe("a command's mistakes point to its own help", () => {
  it('splitcheck spf without --ip', () => refused(['spf', 'contoso.com'], 'splitcheck: Missing required argument: ip (see splitcheck spf --help)'));
  // What is missing, and the command's form, instead of yargs' "Not enough non-option arguments: got 0, need at least 1".
  it('splitcheck explain without a file', () => refused(['explain'], 'splitcheck: missing <file>: splitcheck explain <file> (see splitcheck explain --help)'));
  it('splitcheck spf without a domain', () => refused(['spf'], 'splitcheck: missing <domain>: splitcheck spf <domain> (see splitcheck spf --help)'));
  it('splitcheck trace without an address', () => refused(['trace'], 'splitcheck: missing <address>: splitcheck trace <address> (see splitcheck trace --help)'));
});

describe('-o without --format', () => {
  const cases: [file: string, starts: RegExp][] = [
    ['report.json', /^\{\n {2}"schemaVersion": 1/],
    ['report.xml', /^<\?xml /],
    ['report.md', /^# splitcheck/],
    ['report.ndjson', /^\{"schemaVersion":1/],
    ['report.txt', /^splitcheck \S+ · contoso\.com/],
  ];
  for (const [file, starts] of cases) {
    it(`${file}: the format its name says`, async () => {
      const r = await runCli(['contoso.com', '--only', 'mx', ...net, '-o', join(dir, file)]);
      expect(r.code).toBe(0);
      expect(r.stderr).toMatch(/^splitcheck: report written to /);
      expect(readFileSync(join(dir, file), 'utf8')).toMatch(starts);
    });
  }

  it('an extension that names no format: the terminal report, and a line saying so', async () => {
    const r = await runCli(['contoso.com', '--only', 'mx', ...net, '-o', join(dir, 'report.html')]);
    expect(r.stderr.split('\n')[0]).toBe(`splitcheck: writing the terminal report to ${join(dir, 'report.html')} (its name says no format): give --format json, junit, markdown or ndjson for another`);
    expect(readFileSync(join(dir, 'report.html'), 'utf8')).toMatch(/^splitcheck \S+ · contoso\.com/);
  });

  it('--format given wins over the name', async () => {
    await runCli(['contoso.com', '--only', 'mx', ...net, '-o', join(dir, 'as-json.xml'), '--format', 'json']);
    expect(JSON.parse(readFileSync(join(dir, 'as-json.xml'), 'utf8'))).toMatchObject({ domain: 'contoso.com' });
  });
});

describe('--help', () => {
  const widest = (text: string) => Math.max(...text.split('\n').map((l) => Array.from(l).length));

  it('follows COLUMNS when stdout is not a terminal (80 when nothing says), not a fixed 100', async () => {
    expect(widest((await runMain(['--help'], { COLUMNS: '60' })).stdout)).toBeLessThanOrEqual(60);
    expect(widest((await runMain(['--help'])).stdout)).toBeLessThanOrEqual(80);
    expect(widest((await runMain(['spf', '--help'], { COLUMNS: '72' })).stdout)).toBeLessThanOrEqual(72);
  });

  it("follows the terminal's own width", async () => {
    let out = '';
    const { main } = await import('../../src/cli/main.js');
    await main(['--help'], {
      stdout: { write: (s: string) => ((out += s), true), isTTY: true, columns: 70 },
      stderr: { write: () => true, isTTY: true, columns: 70 },
      env: { COLUMNS: '200' },
      cwd: process.cwd(),
    });
    expect(widest(out)).toBeLessThanOrEqual(70);
    expect(widest(out)).toBeGreaterThan(60);
  });
});

describe('what a command line lacks', () => {
  it("names the positionals yargs counted as missing, in the command's declared form", () => {
    expect(missingPositionals('Not enough non-option arguments: got 1, need at least 2', 'diff <old> <new>')).toBe('missing <new>: splitcheck diff <old> <new>');
    expect(missingPositionals('Not enough non-option arguments: got 0, need at least 2', 'diff <old> <new>')).toBe('missing <old> and <new>: splitcheck diff <old> <new>');
    // Another message, or a command whose form is unknown: yargs' own words stay.
    expect(missingPositionals('Missing required argument: ip', 'spf <domain>')).toBeUndefined();
    expect(missingPositionals('Not enough non-option arguments: got 0, need at least 1', undefined)).toBeUndefined();
  });
});
