// Flags and output paths typed wrong: each mistake is exit 2 with one clear line on stderr (no stack trace), nothing checked.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Report } from '../../src/engine/types.js';
import { startDnsServer, type DnsTestServer } from '../../src/testbed/dns-server.js';
import { inDir, INPUT_ZONE, refusalChecker, scratchDir } from '../helpers/cli-input.js';
import { runCli } from '../helpers/cli.js';
import { runMain } from '../helpers/in-process.js';

describe('flags [adversarial]', () => {
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
    [['--bogus'], /unknown option --bogus/],
    [['--resolver'], /Not enough arguments following: resolver/],
    [['--timeout', '0'], /--timeout "0" is out of range: give 50ms to 10m/],
    [['--timeout', '-5'], /invalid --timeout "-5": give a duration such as 5000 \(milliseconds\), 500ms, 5s/],
    [['--timeout', 'NaN'], /invalid --timeout "NaN"/],
    [['--timeout', '1e12'], /invalid --timeout "1e12"/],
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
    expectRefusal(unknown, /unknown option --\\x1b\]0;title\\x07/);
  });
});

describe('--output and --save-evidence that cannot be written: refused before anything is checked [adversarial]', () => {
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
