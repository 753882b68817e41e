// Builds the bundled CLI once before the suite, and gives the run one temporary directory, removed after it.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export default function setup(): () => void {
  execFileSync(process.execPath, ['scripts/build.mjs'], { stdio: 'inherit' });
  // Test files (and the CLIs they spawn) make their temporary files under os.tmpdir(): point it at one
  // directory for the whole run, so nothing is left behind in the machine's /tmp.
  const dir = mkdtempSync(join(tmpdir(), 'splitcheck-tests-'));
  process.env['TMPDIR'] = dir;
  return () => rmSync(dir, { recursive: true, force: true });
}
