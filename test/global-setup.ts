// Builds the bundled CLI once before the suite, and gives the run one temporary directory, removed after it.
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export default function setup(): () => void {
  execFileSync(process.execPath, ['scripts/build.mjs'], { stdio: 'inherit' });
  // Test files (and the CLIs they spawn) make their temporary files under os.tmpdir(): point it at one
  // directory for the whole run, so nothing is left behind in the machine's /tmp.
  const dir = mkdtempSync(join(tmpdir(), 'splitcheck-tests-'));
  // Traversable like /tmp: the e2e daemons drop to their own users and read configs below it (each test's
  // own directory keeps the mode it is created with).
  chmodSync(dir, 0o755);
  process.env['TMPDIR'] = dir;
  return () => rmSync(dir, { recursive: true, force: true });
}
