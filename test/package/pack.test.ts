// The package as users get it: npm pack, installed into an empty project offline; import { check } from 'splitcheck' against a DNS server on loopback, and a strict TypeScript consumer of the shipped types.
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_DOMAIN, DEMO_ZONE } from '../../src/demo/world.js';
import type { Report } from '../../src/engine/types.js';
import { startDnsServer, type DnsTestServer } from '../../src/testbed/dns-server.js';
import { schemaErrors } from '../helpers/schema.js';

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const NPM_ENV = { ...process.env, npm_config_update_notifier: 'false', npm_config_fund: 'false', npm_config_audit: 'false' };

let project: string;
let server: DnsTestServer;

/** Builds with the bundled types, packs, and installs the tarball into an empty project, offline (no runtime dependency to fetch). */
beforeAll(async () => {
  await run(process.execPath, ['scripts/build.mjs', '--types'], { cwd: ROOT });
  const work = mkdtempSync(join(tmpdir(), 'splitcheck-pack-'));
  const { stdout } = await run('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', work], { cwd: ROOT, env: NPM_ENV });
  const [{ filename }] = JSON.parse(stdout) as [{ filename: string }];
  project = join(work, 'consumer');
  mkdirSync(project);
  writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }));
  await run('npm', ['install', '--offline', '--ignore-scripts', '--no-package-lock', join(work, filename)], { cwd: project, env: NPM_ENV });
  server = await startDnsServer({ zone: DEMO_ZONE });
}, 240_000);
afterAll(() => server?.close());

describe('the packed package', () => {
  it('installs alone: no runtime dependency, types and both entries shipped, the bin starts', async () => {
    const installed = join(project, 'node_modules');
    expect(readdirSync(installed).filter((name) => !name.startsWith('.'))).toEqual(['splitcheck']);
    const pkg = JSON.parse(readFileSync(join(installed, 'splitcheck', 'package.json'), 'utf8')) as Record<string, unknown>;
    expect(pkg['dependencies']).toBeUndefined();
    for (const file of ['dist/index.js', 'dist/index.d.ts', 'dist/cli.js', 'schema/report.schema.json', 'schema/m365-export.schema.json', 'assets/m365-export.ps1']) {
      expect(readdirSync(join(installed, 'splitcheck', file, '..'))).toContain(file.split('/').pop());
    }
    const { stdout } = await run(process.execPath, [join(installed, 'splitcheck', 'bin', 'splitcheck.js'), '--version'], { cwd: project });
    expect(stdout.trim()).toBe(pkg['version']);
    // The export script ships with the package and the installed bin finds it (src/m365/script.ts).
    const script = await run(process.execPath, [join(installed, 'splitcheck', 'bin', 'splitcheck.js'), 'm365-export-script'], { cwd: project });
    expect(script.stdout).toBe(readFileSync(join(installed, 'splitcheck', 'assets', 'm365-export.ps1'), 'utf8'));
  });

  it("import { check } from 'splitcheck' resolves to the contract's report against a DNS server on loopback", async () => {
    writeFileSync(
      join(project, 'use.mjs'),
      [
        "import { check, InputError } from 'splitcheck';",
        'const report = await check(process.argv[2], { resolvers: [process.argv[3]], smtp: false, timeout: 2000 });',
        "const refused = await check('not a domain').catch((err) => err);",
        'process.stdout.write(JSON.stringify({ report, refused: refused instanceof InputError ? refused.exitCode : String(refused) }));',
      ].join('\n'),
    );
    const { stdout } = await run(process.execPath, ['use.mjs', DEMO_DOMAIN, `127.0.0.1:${server.port}`], { cwd: project });
    const { report, refused } = JSON.parse(stdout) as { report: Report; refused: number };
    expect(schemaErrors('report.schema.json', report)).toEqual([]);
    expect(report.domain).toBe(DEMO_DOMAIN);
    expect(report.results.find((f) => f.id === 'mx.no-bypass')).toMatchObject({ status: 'fail', messageId: 'bypassBackup' });
    expect(report.exitCode).toBe(1);
    expect(refused).toBe(2);
  });

  it('a strict TypeScript consumer type-checks against the shipped types (and a wrong message key does not)', async () => {
    // The consumer's @types/node: this repository's (the project is offline).
    mkdirSync(join(project, 'node_modules', '@types'), { recursive: true });
    symlinkSync(join(ROOT, 'node_modules', '@types', 'node'), join(project, 'node_modules', '@types', 'node'), 'dir');
    writeFileSync(
      join(project, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          target: 'ES2022',
          lib: ['ES2023'],
          module: 'NodeNext',
          moduleResolution: 'NodeNext',
          types: ['node'],
          strict: true,
          noUncheckedIndexedAccess: true,
          exactOptionalPropertyTypes: true,
          noImplicitOverride: true,
          verbatimModuleSyntax: true,
          skipLibCheck: false,
          noEmit: true,
        },
        files: ['consumer.ts'],
      }),
    );
    writeFileSync(
      join(project, 'consumer.ts'),
      `import { check, defineCheck, InputError, type CheckOptions, type Finding, type Plugin, type Report } from 'splitcheck';

const apex = defineCheck({
  meta: {
    id: 'acme.apex',
    title: 'Apex address',
    verifies: 'the domain has an A record',
    messages: { yes: '{domain} has an address.', no: '{domain} has none.' },
    remedies: { add: 'Add an A record at {domain}.' },
  },
  async run(ctx) {
    const answer = await ctx.dns.query(ctx.domain, 'A');
    if (answer.status === 'answer') return { status: 'pass', message: 'yes', data: { domain: ctx.domain } };
    return { status: 'warn', message: 'no', remedy: 'add', data: { domain: ctx.domain } };
  },
});

const typo = defineCheck({
  meta: { id: 'acme.typo', title: 'Typo', verifies: 'x', messages: { ok: 'Fine.' } },
  // @ts-expect-error: "okay" is not a key of meta.messages
  async run() {
    return { status: 'pass', message: 'okay' };
  },
});

export const plugin: Plugin = { checks: [apex, typo] };

export async function gate(domain: string): Promise<number> {
  const options: CheckOptions = { resolvers: ['192.0.2.53'], smtp: false, skip: ['autodiscover.srv'], plugins: [plugin, './more-checks.mjs'], onCheckDone: (f: Finding) => void f.messageId };
  try {
    const report: Report = await check(domain, options);
    const first = report.results[0];
    return first === undefined ? report.exitCode : first.status === 'pass' ? 0 : report.exitCode;
  } catch (err) {
    if (err instanceof InputError) return err.exitCode;
    throw err;
  }
}
`,
    );
    const tsc = join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
    const result = await run(process.execPath, [tsc, '-p', 'tsconfig.json'], { cwd: project }).then(
      (r) => ({ code: 0, out: r.stdout }),
      (err: { code: number; stdout: string }) => ({ code: err.code, out: err.stdout }),
    );
    expect(result.out).toBe('');
    expect(result.code).toBe(0);
  }, 120_000);
});
