// Reads a user-named file with a size cap: a device or FIFO (/dev/zero, a pipe that never ends) ends in a clear refusal, not a read that never returns.
import { open } from 'node:fs/promises';
import { failure, ok, type Result } from './result.js';

/** Why a file could not be read, in words (the errno code alone, "EISDIR", tells a user little). */
export function readFailure(err: unknown): string {
  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return 'no such file';
  if (code === 'EISDIR') return 'it is a directory';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  return String(code ?? (err instanceof Error ? err.message : err));
}

/**
 * The file's bytes, never more than `maxBytes`; `what` names it in refusals ("--domains-file x",
 * "the configuration x"), `tooLarge` words the refusal of a file over the cap.
 */
export async function readCapped(
  path: string,
  what: string,
  maxBytes: number,
  tooLarge: () => string = () => `${what} is larger than ${maxBytes / (1024 * 1024)} MB`,
): Promise<Result<Buffer>> {
  let handle;
  try {
    handle = await open(path, 'r');
    const stat = await handle.stat();
    if (stat.isDirectory()) return failure(`cannot read ${what}: it is a directory`);
    if (stat.size > maxBytes) return failure(tooLarge());
    const chunks: Buffer[] = [];
    let length = 0;
    for (;;) {
      const chunk = Buffer.alloc(64 * 1024);
      const { bytesRead } = await handle.read(chunk, 0, chunk.length, null);
      if (bytesRead === 0) break;
      length += bytesRead;
      if (length > maxBytes) return failure(tooLarge());
      chunks.push(chunk.subarray(0, bytesRead));
    }
    return ok(Buffer.concat(chunks, length));
  } catch (err) {
    return failure(`cannot read ${what}: ${readFailure(err)}`);
  } finally {
    await handle?.close();
  }
}
