// Reads user-named input (a file, or standard input for "-") with a size cap: a device or FIFO (/dev/zero, a pipe that never ends)
// must end in a clear refusal, not in a read that never returns or a process out of memory.
import { open } from 'node:fs/promises';
import type { Io } from './io.js';
import { UsageError } from './usage-error.js';

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
 * "the configuration x"). Every failure is a UsageError.
 */
export async function readCapped(
  path: string,
  what: string,
  maxBytes: number,
  tooLarge: () => UsageError = () => new UsageError(`${what} is larger than ${maxBytes / (1024 * 1024)} MB`),
): Promise<Buffer> {
  let handle;
  try {
    handle = await open(path, 'r');
    const stat = await handle.stat();
    if (stat.isDirectory()) throw new UsageError(`cannot read ${what}: it is a directory`);
    if (stat.size > maxBytes) throw tooLarge();
    const chunks: Buffer[] = [];
    let length = 0;
    for (;;) {
      const chunk = Buffer.alloc(64 * 1024);
      const { bytesRead } = await handle.read(chunk, 0, chunk.length, null);
      if (bytesRead === 0) break;
      length += bytesRead;
      if (length > maxBytes) throw tooLarge();
      chunks.push(chunk.subarray(0, bytesRead));
    }
    return Buffer.concat(chunks, length);
  } catch (err) {
    if (err instanceof UsageError) throw err;
    throw new UsageError(`cannot read ${what}: ${readFailure(err)}`);
  } finally {
    await handle?.close();
  }
}

/**
 * Standard input (`-`), never more than `maxBytes`; on a terminal `prompt` says what to type first. The
 * bin passes no io.stdin: process.stdin is read then.
 */
export async function readStdinCapped(io: Io, maxBytes: number, prompt: string, tooLarge: () => UsageError): Promise<Buffer> {
  const stdin = io.stdin ?? process.stdin;
  if (stdin.isTTY) io.stderr.write(`splitcheck: ${prompt} (end with Ctrl-D)\n`);
  const chunks: Buffer[] = [];
  let length = 0;
  for await (const chunk of stdin) {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : Buffer.from(chunk);
    length += bytes.length;
    if (length > maxBytes) throw tooLarge();
    chunks.push(bytes);
  }
  return Buffer.concat(chunks, length);
}
