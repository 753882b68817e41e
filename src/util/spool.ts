// A private temporary file that text is appended to and read back once, in pieces: for documents too large to hold in memory.
import { closeSync, mkdtempSync, openSync, readSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { onCleanup } from './cleanup.js';

/** Text appended to a private temporary file and read back once, in pieces; removed when drained or at exit. */
export function createSpool(): { path: string; append(text: string): void; drain(write: (text: string) => void): void } {
  const dir = mkdtempSync(join(tmpdir(), 'splitcheck-'));
  const file = join(dir, 'spool');
  const fd = openSync(file, 'w+', 0o600);
  let closed = false;
  const remove = () => {
    if (!closed) closeSync(fd);
    closed = true;
    rmSync(dir, { recursive: true, force: true });
  };
  // At exit, and on Ctrl-C or SIGTERM (through the command line's handlers), not only when drained.
  const cancel = onCleanup(remove);
  let length = 0;
  return {
    path: dir,
    append(text) {
      length += writeSync(fd, text);
    },
    drain(write) {
      const chunk = Buffer.alloc(64 * 1024);
      let carry = Buffer.alloc(0);
      for (let position = 0; position < length; ) {
        const n = readSync(fd, chunk, 0, chunk.length, position);
        if (n === 0) break;
        position += n;
        // Cut at the last newline so a multi-byte character is never split between two writes.
        const data = Buffer.concat([carry, chunk.subarray(0, n)]);
        const cut = position < length ? data.lastIndexOf(0x0a) + 1 : data.length;
        write(data.subarray(0, cut).toString('utf8'));
        carry = Buffer.from(data.subarray(cut));
      }
      if (carry.length > 0) write(carry.toString('utf8'));
      cancel();
      remove();
    },
  };
}
