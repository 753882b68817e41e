// A report written to a file replaces the old one only once complete: written beside it under a temporary name, then renamed over it.
import { closeSync, fchmodSync, openSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import { lstat } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { onCleanup } from '../util/cleanup.js';

export interface ReplacingFile {
  write(text: string): void;
  /** The file is complete: it takes the place of the old one. */
  commit(): void;
}

/**
 * Opens `path` for a report. An interrupted run (Ctrl-C, a crash) leaves the previous report as it was,
 * never an empty or half-written one, and no temporary file (removed at exit and on signals). A path that
 * is not a plain regular file (/dev/stdout, a FIFO, a symbolic link) is written directly, as before.
 * Throws the file system's error (the caller words it).
 */
export async function replaceFile(path: string): Promise<ReplacingFile> {
  const target = await regularTarget(resolve(path));
  if (target === undefined) return direct(path);
  const temp = join(dirname(target), `.${basename(target)}.${process.pid}.tmp`);
  let fd: number;
  try {
    fd = openSync(temp, 'wx', 0o666);
  } catch {
    // A directory we may not create files in (the file itself writable): write it in place, as before.
    return direct(target);
  }
  // The report keeps the permissions the old one had (a report kept private, 0600, stays so).
  try {
    fchmodSync(fd, statSync(target).mode & 0o7777);
  } catch {
    // No old report (ENOENT), or one whose mode we may not copy: the new file's own mode, as a new file gets.
  }
  let open = true;
  const cancel = onCleanup(() => {
    if (open) closeSync(fd);
    open = false;
    rmSync(temp, { force: true });
  });
  return {
    write(text) {
      writeSync(fd, text);
    },
    commit() {
      closeSync(fd);
      open = false;
      renameSync(temp, target);
      cancel();
    },
  };
}

/**
 * The path when it names a regular file or nothing yet; undefined for anything else, written in place: a
 * device or FIFO, and any symbolic link (/dev/stdout is one, to /proc/self/fd/1, whose target may be a pipe
 * that does not resolve at all): a rename would replace the link itself.
 */
async function regularTarget(path: string): Promise<string | undefined> {
  try {
    return (await lstat(path)).isFile() ? path : undefined;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return path;
    throw err;
  }
}

function direct(path: string): ReplacingFile {
  const fd = openSync(path, 'w');
  return {
    write: (text) => void writeSync(fd, text),
    commit: () => closeSync(fd),
  };
}
