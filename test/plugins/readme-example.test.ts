// The README's plugin example, taken from the README itself and run through the built CLI: pass, warn and error, in terminal, JSON and JUnit.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Report } from '../../src/engine/types.js';
import { startDnsServer, type DnsTestServer, type Zone } from '../../src/testbed/dns-server.js';
import { runCli } from '../helpers/cli.js';
import { schemaErrors } from '../helpers/schema.js';

/** The js block after the README's "test: plugin-example" marker: the file a reader would save. */
function readmeExample(): string {
  const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
  const marker = readme.indexOf('<!-- test: plugin-example');
  expect(marker).toBeGreaterThan(0);
  const block = /```js\n([\s\S]*?)```/.exec(readme.slice(marker));
  expect(block).not.toBeNull();
  return block![1]!;
}

const ZONE: Zone = {
  'logo.example': [{ SOA: ['ns1.logo.example', 'hostmaster.logo.example', 1, 3600, 900, 1209600, 300] }, { MX: [0, 'logo-example.mail.protection.outlook.com'] }],
  'default._bimi.logo.example': [{ TXT: 'v=BIMI1; l=https://logo.example/logo.svg;' }],
  'plain.example': [{ SOA: ['ns1.plain.example', 'hostmaster.plain.example', 1, 3600, 900, 1209600, 300] }],
  'nologo.example': [{ SOA: ['ns1.nologo.example', 'hostmaster.nologo.example', 1, 3600, 900, 1209600, 300] }],
  'default._bimi.nologo.example': [{ TXT: 'v=BIMI1; a=https://nologo.example/vmc.pem' }],
};

let server: DnsTestServer;
const dir = mkdtempSync(join(tmpdir(), 'splitcheck-readme-plugin-'));
beforeAll(async () => {
  server = await startDnsServer({ zone: ZONE });
  writeFileSync(join(dir, 'acme-checks.mjs'), readmeExample());
});
afterAll(() => server.close());

const run = (domain: string, ...args: string[]) =>
  runCli([domain, '--plugin', './acme-checks.mjs', '--resolver', `127.0.0.1:${server.port}`, '--timeout', '1000', '--retries', '0', '--no-smtp', ...args], { cwd: dir });

describe("the README's plugin example", () => {
  it('a published logo passes, beside the built-in checks, in the terminal report', async () => {
    const r = await run('logo.example', '--only', 'acme', '--only', 'mx.present');
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/\nacme\n {2}✔ pass {2}acme\.bimi {2}BIMI logo published\n {10}default\._bimi\.logo\.example publishes a BIMI logo: https:\/\/logo\.example\/logo\.svg\./);
    expect(r.code).toBe(0);
  });

  it('no record, or none with a logo: warn with the remedy, in JSON (schema-valid) and JUnit; --strict makes it exit 1', async () => {
    const json = await run('plain.example', '--only', 'acme', '--json');
    const report = JSON.parse(json.stdout) as Report;
    expect(schemaErrors('report.schema.json', report)).toEqual([]);
    expect(report.results).toEqual([
      expect.objectContaining({
        id: 'acme.bimi',
        status: 'warn',
        messageId: 'missing',
        message: 'default._bimi.plain.example publishes no BIMI record: mail clients show no logo beside your mail.',
        remedy: 'At your DNS host, publish a TXT record at default._bimi.plain.example: "v=BIMI1; l=https://plain.example/logo.svg;" (an SVG Tiny PS logo).',
      }),
    ]);
    expect(json.code).toBe(0);
    const junit = await run('nologo.example', '--only', 'acme', '--format', 'junit', '--strict');
    expect(junit.stdout).toContain('<testsuite name="splitcheck.acme" tests="1" failures="1" errors="0" skipped="0"');
    expect(junit.stdout).toMatch(/<testcase classname="splitcheck\.acme" name="acme\.bimi" time="0\.000">\s*<failure message="default\._bimi\.nologo\.example publishes a BIMI record without a logo/);
    expect(junit.code).toBe(1);
  });

  it('an unanswered lookup is error, not a verdict (exit 3)', async () => {
    const r = runCli(['logo.example', '--plugin', './acme-checks.mjs', '--resolver', '127.0.0.1:9', '--timeout', '200', '--retries', '0', '--no-smtp', '--only', 'acme', '--json'], { cwd: dir });
    const report = JSON.parse((await r).stdout) as Report;
    expect(report.results[0]).toMatchObject({ status: 'error', messageId: 'unanswered' });
    expect((await r).code).toBe(3);
  });
});
