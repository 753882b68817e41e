// `npm run fuzz`: bundles the fuzzer's TypeScript with esbuild (as the benchmarks do) and runs it with --expose-gc for the heap checks.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundle } from '../../scripts/lib/bundle.mjs';

const root = fileURLToPath(new URL('../..', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'splitcheck-fuzz-'));
try {
  await bundle({ fuzz: join(root, 'test/fuzz/cli.ts') }, dir, { outExtension: { '.js': '.mjs' } });
  const child = spawnSync(process.execPath, ['--expose-gc', join(dir, 'fuzz.mjs'), ...process.argv.slice(2)], { stdio: 'inherit' });
  process.exitCode = child.status ?? 1;
} finally {
  rmSync(dir, { recursive: true, force: true });
}
