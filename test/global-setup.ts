// Builds the bundled CLI once before the suite, so CLI tests spawn exactly what users run.
import { execFileSync } from 'node:child_process';

export default function setup(): void {
  execFileSync(process.execPath, ['scripts/build.mjs'], { stdio: 'inherit' });
}
