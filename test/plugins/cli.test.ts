// Plugins through the built CLI: by flag, by config file and by package name; every format and the exit code; isolation; evidence and replay; and the broken plugins that are exit 2 naming the plugin.
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Report } from '../../src/engine/types.js';
import { startDnsServer, type DnsTestServer, type Zone } from '../../src/testbed/dns-server.js';
import { runCli } from '../helpers/cli.js';
import { schemaErrors } from '../helpers/schema.js';

const DOMAIN = 'plugged.example';
const ZONE: Zone = {
  [DOMAIN]: [{ SOA: ['ns1.plugged.example', 'hostmaster.plugged.example', 1, 3600, 900, 1209600, 300] }, { MX: [0, 'plugged-example.mail.protection.outlook.com'] }, { TXT: 'acme-owner=42' }],
  'plugged-example.mail.protection.outlook.com': [{ A: '198.51.100.10' }],
  'bare.example': [{ SOA: ['ns1.bare.example', 'hostmaster.bare.example', 1, 3600, 900, 1209600, 300] }, { MX: [0, 'plugged-example.mail.protection.outlook.com'] }],
};

/** A plugin with a passing/failing check, one that throws, one naming an unknown key, one needing SMTP. */
const GOOD = `
export default {
  checks: [
    {
      meta: {
        id: 'acme.owner',
        title: 'Owner record',
        verifies: 'the domain publishes acme-owner=',
        messages: { found: 'Owner {owner}.', missing: '{domain} names no owner.', unanswered: 'No answer ({status}).' },
        remedies: { publish: 'Publish "acme-owner=<id>" at {domain}.', retry: 'Run again.' },
      },
      async run(ctx) {
        const r = await ctx.dns.query(ctx.domain, 'TXT');
        if (!['answer', 'nodata', 'nxdomain'].includes(r.status)) return { status: 'error', message: 'unanswered', remedy: 'retry', data: { status: r.status } };
        const owner = r.records.map((x) => x.data.join('')).find((t) => t.startsWith('acme-owner='));
        if (owner) return { status: 'pass', message: 'found', data: { owner: owner.slice(11) } };
        return { status: 'fail', message: 'missing', remedy: 'publish', data: { domain: ctx.domain } };
      },
    },
    { meta: { id: 'acme.boom', title: 'Boom', verifies: 'throws', messages: { ok: 'ok' } }, async run() { throw new Error('kaboom'); } },
    { meta: { id: 'acme.typo', title: 'Typo', verifies: 'names a key it lacks', messages: { ok: 'ok' } }, async run() { return { status: 'pass', message: 'okay' }; } },
    { meta: { id: 'acme.probe', title: 'Probe', verifies: 'needs SMTP', needs: ['smtp'], messages: { ok: 'ok' } }, async run() { return { status: 'pass', message: 'ok' }; } },
  ],
};
`;

const dir = mkdtempSync(join(tmpdir(), 'splitcheck-plugins-'));
const file = (name: string, text: string) => writeFileSync(join(dir, name), text);
let server: DnsTestServer;
beforeAll(async () => {
  server = await startDnsServer({ zone: ZONE });
  file('good.mjs', GOOD);
  mkdirSync(join(dir, 'conf'), { recursive: true });
  writeFileSync(join(dir, 'conf', 'good.mjs'), GOOD);
  writeFileSync(join(dir, 'conf', 'splitcheck.json'), JSON.stringify({ plugins: ['./good.mjs'], only: ['acme.owner'] }));
  // An ESM-only package ("exports" with an "import" condition only), found by name from the working directory.
  const pkg = join(dir, 'node_modules', 'splitcheck-plugin-acme');
  mkdirSync(pkg, { recursive: true });
  writeFileSync(join(pkg, 'package.json'), JSON.stringify({ name: 'splitcheck-plugin-acme', type: 'module', exports: { '.': { import: './main.js' } } }));
  writeFileSync(join(pkg, 'main.js'), GOOD.replace(/acme\./g, 'pkg.'));
});
afterAll(() => server.close());

const NET = () => ['--resolver', `127.0.0.1:${server.port}`, '--timeout', '1000', '--retries', '0'];
const run = (args: string[]) => runCli([...args, ...NET()], { cwd: dir });
const parse = (stdout: string) => JSON.parse(stdout) as Report;
const byId = (report: Report) => Object.fromEntries(report.results.map((f) => [f.id, f]));

describe('a plugin given with --plugin', () => {
  it('joins the run after the built-in checks: a throw is error, an unknown key is error, the rest intact; JSON valid; exit 1 on its fail', async () => {
    const r = await run(['bare.example', '--plugin', './good.mjs', '--no-smtp', '--json']);
    const report = parse(r.stdout);
    expect(schemaErrors('report.schema.json', report)).toEqual([]);
    const ids = report.results.map((f) => f.id);
    expect(ids.slice(-4)).toEqual(['acme.owner', 'acme.boom', 'acme.typo', 'acme.probe']);
    expect(ids).toContain('mx.present');
    const f = byId(report);
    expect(f['mx.present']).toMatchObject({ status: 'pass' });
    expect(f['acme.owner']).toMatchObject({ status: 'fail', messageId: 'missing', message: 'bare.example names no owner.', remedy: 'Publish "acme-owner=<id>" at bare.example.' });
    expect(f['acme.boom']).toMatchObject({ status: 'error', messageId: 'engine.crashed', message: 'The check stopped on an internal error: kaboom.' });
    expect(f['acme.boom']!.remedy).toContain('a bug in the plugin ./good.mjs');
    expect(f['acme.typo']).toMatchObject({ status: 'error', messageId: 'engine.unknownMessage' });
    expect(f['acme.typo']!.message).toMatch(/named the message "okay", which its meta\.messages does not define/);
    expect(f['acme.probe']).toMatchObject({ status: 'skip', messageId: 'engine.needs.smtp', message: 'Skipped: SMTP probes are turned off (--no-smtp).' });
    expect(report.exitCode).toBe(1);
    expect(r.code).toBe(1);
  });

  it('is selected by --only/--skip with its area prefix, and grouped under its area in the terminal report', async () => {
    const only = await run([DOMAIN, '--plugin', './good.mjs', '--no-smtp', '--only', 'acme.owner', '--only', 'mx.present']);
    expect(only.stdout).toMatch(/MX records\n {2}✔ pass {2}mx\.present[\s\S]*\nacme\n {2}✔ pass {2}acme\.owner {2}Owner record\n {10}Owner 42\./);
    expect(only.stdout).toContain('2 checks: 2 pass');
    expect(only.code).toBe(0);
    const skipped = parse((await run([DOMAIN, '--plugin', './good.mjs', '--no-smtp', '--skip', 'acme', '--json'])).stdout);
    expect(skipped.results.some((f) => f.id.startsWith('acme.'))).toBe(false);
  });

  it('appears in JUnit under its own suite, counted; and in Markdown', async () => {
    const junit = await run(['bare.example', '--plugin', './good.mjs', '--no-smtp', '--only', 'acme', '--format', 'junit']);
    expect(junit.stdout).toContain('<testsuite name="splitcheck.acme" tests="4" failures="1" errors="2" skipped="1"');
    expect(junit.stdout).toMatch(/<testcase classname="splitcheck\.acme" name="acme\.owner" time="0\.000">\s*<failure message="bare\.example names no owner\."/);
    expect(junit.code).toBe(1);
    const md = await run(['bare.example', '--plugin', './good.mjs', '--no-smtp', '--only', 'acme.owner', '--format', 'markdown']);
    expect(md.stdout).toContain('acme.owner');
    expect(md.code).toBe(1);
  });

  it('is recorded with --save-evidence and judged again with --replay when given again (without it, its checks are not run)', async () => {
    const evidence = join(dir, 'run.json');
    const live = parse((await run([DOMAIN, '--plugin', './good.mjs', '--no-smtp', '--only', 'acme.owner', '--json', '--save-evidence', evidence])).stdout);
    expect((JSON.parse(readFileSync(evidence, 'utf8')) as { plugins?: string[] }).plugins).toEqual(['./good.mjs']);
    const again = await runCli(['--replay', evidence, '--plugin', './good.mjs', '--only', 'acme.owner', '--json'], { cwd: dir });
    expect(parse(again.stdout).results).toEqual(live.results);
    expect(again.code).toBe(0);
    const without = await runCli(['--replay', evidence, '--only', 'mx', '--json'], { cwd: dir });
    expect(parse(without.stdout).results.some((f) => f.id.startsWith('acme.'))).toBe(false);
    // The terminal report says which plugins the evidence was recorded with.
    const said = await runCli(['--replay', evidence, '--only', 'mx.present'], { cwd: dir });
    expect(said.stdout).toContain('recorded with ./good.mjs: give --plugin again to judge their checks');
  });

  it('runs over several domains, counted in the summary table', async () => {
    const r = await run([DOMAIN, 'bare.example', '--plugin', './good.mjs', '--no-smtp', '--only', 'acme.owner']);
    // The plugin check declares no flow: every flow column is skip, the failing check named.
    expect(r.stdout).toMatch(/^bare\.example +skip skip skip skip skip skip {2}acme\.owner$/m);
    expect(r.code).toBe(1);
  });
});

describe('a plugin given in splitcheck.json or by package name', () => {
  it('config "plugins" are relative to the file', async () => {
    const r = await runCli([DOMAIN, '--config', 'conf/splitcheck.json', '--no-smtp', '--json', ...NET()], { cwd: dir });
    expect(parse(r.stdout).results.map((f) => [f.id, f.status])).toEqual([['acme.owner', 'pass']]);
    expect(r.code).toBe(0);
  });

  it('a package is found by name, its ESM entry read from "exports"', async () => {
    const r = await run(['bare.example', '--plugin', 'splitcheck-plugin-acme', '--no-smtp', '--only', 'pkg.owner', '--json']);
    expect(parse(r.stdout).results.map((f) => [f.id, f.status])).toEqual([['pkg.owner', 'fail']]);
    expect(r.code).toBe(1);
  });
});

describe('a plugin that cannot be used: exit 2, one line naming it, nothing checked', () => {
  const broken: [string, string, RegExp][] = [
    ['syntax.mjs', 'export default { checks: [ }', /^splitcheck: plugin \.\/syntax\.mjs: it cannot be loaded: SyntaxError: /],
    ['throws.mjs', 'throw new Error("no licence key");', /^splitcheck: plugin \.\/throws\.mjs: it cannot be loaded: no licence key/],
    ['nodefault.mjs', 'export const checks = [];', /^splitcheck: plugin \.\/nodefault\.mjs: its default export must be \{ checks: \[\.\.\.\] \}/],
    ['notarray.mjs', 'export default { checks: {} };', /^splitcheck: plugin \.\/notarray\.mjs: "checks" of its default export must be a non-empty array of checks/],
    ['norun.mjs', "export default { checks: [{ meta: { id: 'acme.x', title: 'X', verifies: 'x', messages: { ok: 'ok' } } }] };", /^splitcheck: plugin \.\/norun\.mjs: checks\[0\]: a check is \{ meta: .*, run\(ctx\) \}/],
    ['noprefix.mjs', "export default { checks: [{ meta: { id: 'bimi', title: 'X', verifies: 'x', messages: { ok: 'ok' } }, run() {} }] };", /^splitcheck: plugin \.\/noprefix\.mjs: checks\[0\]: meta\.id "bimi" has no area prefix: write it as <area>\.<name>, e\.g\. "acme\.bimi"/],
    ['builtin.mjs', "export default { checks: [{ meta: { id: 'mx.present', title: 'X', verifies: 'x', messages: { ok: 'ok' } }, run() {} }] };", /^splitcheck: plugin \.\/builtin\.mjs: "mx\.present" is the id of a built-in check: give yours its own/],
    ['nomessages.mjs', "export default { checks: [{ meta: { id: 'acme.y', title: 'Y', verifies: 'y', messages: {} }, run() {} }] };", /^splitcheck: plugin \.\/nomessages\.mjs: checks\[0\]: acme\.y: meta\.messages must be an object of templates/],
    ['badneeds.mjs', "export default { checks: [{ meta: { id: 'acme.z', title: 'Z', verifies: 'z', messages: { ok: 'ok' }, needs: ['ldap'] }, run() {} }] };", /^splitcheck: plugin \.\/badneeds\.mjs: checks\[0\]: acme\.z: meta\.needs must list sources among dns, smtp, https/],
  ];
  beforeAll(() => {
    for (const [name, text] of broken) file(name, text);
  });

  it.each(broken)('%s', async (name, _, message) => {
    const r = await run([DOMAIN, '--plugin', `./${name}`, '--json']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(message);
  });

  it.each([
    [['--plugin', './missing.mjs'], /^splitcheck: plugin \.\/missing\.mjs: no such file .*missing\.mjs/],
    [['--plugin', 'not-installed-plugin'], /^splitcheck: plugin not-installed-plugin: no package "not-installed-plugin" is installed/],
    [['--plugin', './good.mjs', '--plugin', './conf/good.mjs'], /^splitcheck: plugin \.\/conf\/good\.mjs: "acme\.owner" is also the id of a check of plugin \.\/good\.mjs/],
    [['--plugin', './good.mjs', '--only', 'acme.ownr'], /^splitcheck: no check matches "acme\.ownr"/],
  ])('%j', async (args, message) => {
    const r = await run([DOMAIN, ...args]);
    expect(r.code).toBe(2);
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(message);
  });
});
