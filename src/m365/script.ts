// The shipped PowerShell export script (assets/m365-export.ps1), found from wherever this module runs: src/, dist/ or an install.
import { readFile, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const EXPORT_SCRIPT_FILE = 'assets/m365-export.ps1';

/**
 * The package's root: the nearest directory above this module whose package.json is splitcheck's. The module sits
 * in src/m365/ under vitest, in dist/ or dist/chunks/ once bundled, under node_modules/splitcheck/ once installed.
 */
async function packageRoot(): Promise<string | undefined> {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    try {
      const pkg = JSON.parse(await readFile(join(dir, 'package.json'), 'utf8')) as { name?: unknown };
      if (pkg.name === 'splitcheck' && (await stat(join(dir, EXPORT_SCRIPT_FILE))).isFile()) return dir;
    } catch {
      // not here: go up
    }
    const up = dirname(dir);
    if (up === dir) break;
    dir = up;
  }
  return undefined;
}

/** The script's text, or an error value when the package was installed without it. */
export async function exportScript(): Promise<{ ok: true; text: string; path: string } | { ok: false; error: string }> {
  const root = await packageRoot();
  if (root === undefined) return { ok: false, error: `${EXPORT_SCRIPT_FILE} is missing from this installation of splitcheck; reinstall it` };
  const path = join(root, EXPORT_SCRIPT_FILE);
  return { ok: true, text: await readFile(path, 'utf8'), path };
}
