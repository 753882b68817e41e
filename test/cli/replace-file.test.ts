// A report written with --output replaces the old one only once complete, and keeps the old one's permissions.
import { chmodSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { replaceFile } from '../../src/cli/replace-file.js';

// Windows has no Unix permission bits (a file is read-only or not): the modes below do not exist there.
describe.skipIf(process.platform === 'win32')('replaceFile (Unix permissions)', () => {
  it('leaves the old report until commit, then replaces it whole with its permissions (0600 stays private)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'splitcheck-replace-'));
    const path = join(dir, 'report.json');
    writeFileSync(path, 'old\n');
    chmodSync(path, 0o600);
    const file = await replaceFile(path);
    file.write('new ');
    expect(readFileSync(path, 'utf8')).toBe('old\n');
    file.write('report\n');
    file.commit();
    expect(readFileSync(path, 'utf8')).toBe('new report\n');
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(readdirSync(dir)).toEqual(['report.json']);
  });

  it('a new report gets a new file\'s mode', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'splitcheck-replace-'));
    const path = join(dir, 'report.json');
    const file = await replaceFile(path);
    file.write('x');
    file.commit();
    const umask = process.umask();
    expect(statSync(path).mode & 0o777).toBe(0o666 & ~umask);
  });
});
