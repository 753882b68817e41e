// What npm pack puts in the package: built first (prepack), exactly what runs (no source maps, no stale chunks, no test fixtures).
import { execFile } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, posix } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const NPM_ENV = { ...process.env, npm_config_update_notifier: 'false', npm_config_fund: 'false', npm_config_audit: 'false' };

interface PackEntry {
  path: string;
  size: number;
}

/** The relative module specifiers a bundled file imports (`from "./x.js"`, `import "./x.js"`, `import("./x.js")`): how an entry reaches its chunks. */
function importsOf(code: string): string[] {
  return [...code.matchAll(/(?:\bfrom|\bimport\s*\(?)\s*["'](\.{1,2}\/[^"']+)["']/g)].map((m) => m[1]!);
}

describe('npm pack', () => {
  it('builds first, from a clone without dist/, and packs only what the command runs', async () => {
    // A copy of the sources as a fresh clone has them (no dist/), sharing this checkout's node_modules.
    const clone = join(mkdtempSync(join(tmpdir(), 'splitcheck-pack-')), 'splitcheck');
    const configs = readdirSync(ROOT).filter((name) => /^tsconfig.*\.json$/.test(name));
    for (const entry of ['package.json', ...configs, 'README.md', 'LICENSE', 'bin', 'schema', 'scripts', 'src', 'fixtures']) {
      cpSync(join(ROOT, entry), join(clone, entry), { recursive: true });
    }
    symlinkSync(join(ROOT, 'node_modules'), join(clone, 'node_modules'), 'dir');
    expect(existsSync(join(clone, 'dist'))).toBe(false);

    const { stdout } = await run('npm', ['pack', '--dry-run', '--json'], { cwd: clone, env: NPM_ENV, maxBuffer: 16 * 1024 * 1024 });
    const [{ files }] = JSON.parse(stdout.slice(stdout.indexOf('['))) as [{ files: PackEntry[] }];
    const paths = files.map((f) => f.path).sort();

    // prepack built dist/ (a tarball can never be older than its sources).
    expect(paths).toContain('dist/cli.js');
    expect(paths.filter((p) => p.endsWith('.map'))).toEqual([]);
    expect(paths.filter((p) => p.startsWith('fixtures/') || p.startsWith('src/') || p.startsWith('test/'))).toEqual([]);
    // No sourceMappingURL left pointing at a map the package does not have.
    expect(readFileSync(join(clone, 'dist', 'cli.js'), 'utf8')).not.toContain('sourceMappingURL');

    // Every JavaScript file shipped is reached from an entry (the bin's dist/cli.js, the library's exports):
    // nothing left over from an earlier build.
    const reached = new Set<string>();
    const visit = (file: string) => {
      if (reached.has(file)) return;
      reached.add(file);
      for (const spec of importsOf(readFileSync(join(clone, file), 'utf8'))) visit(posix.normalize(posix.join(dirname(file), spec)));
    };
    const pkg = JSON.parse(readFileSync(join(clone, 'package.json'), 'utf8')) as { exports?: Record<string, { import?: string } | string> };
    const entries = Object.values(pkg.exports ?? {}).flatMap((e) => (typeof e === 'object' && e.import ? [posix.normalize(e.import)] : []));
    for (const entry of ['dist/cli.js', ...entries]) visit(entry);
    expect(paths.filter((p) => p.startsWith('dist/') && p.endsWith('.js') && !reached.has(p))).toEqual([]);
    // The licences of what is bundled travel with it.
    expect(paths.some((p) => p.endsWith('.LEGAL.txt'))).toBe(true);
  }, 240_000);
});
