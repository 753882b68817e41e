// Reads user-named input for the commands: standard input ("-") with a size cap, and files through the capped reader, refusals as usage errors.
import { readCapped as readCappedResult } from '../util/read-capped.js';
import type { Io } from './io.js';
import { endOfInputKeys } from './platform.js';
import { orUsage, UsageError } from './usage-error.js';

export { readFailure } from '../util/read-capped.js';

/** The file's bytes, never more than `maxBytes`; every failure is a UsageError. */
export async function readCapped(path: string, what: string, maxBytes: number, tooLarge?: () => UsageError): Promise<Buffer> {
  return orUsage(await readCappedResult(path, what, maxBytes, tooLarge && (() => tooLarge().message)));
}

/**
 * Standard input (`-`), never more than `maxBytes`; on a terminal `prompt` says what to type first. The
 * bin passes no io.stdin: process.stdin is read then.
 */
export async function readStdinCapped(io: Io, maxBytes: number, prompt: string, tooLarge: () => UsageError): Promise<Buffer> {
  const stdin = io.stdin ?? process.stdin;
  if (stdin.isTTY) io.stderr.write(`splitcheck: ${prompt} (end with ${endOfInputKeys(io.platform ?? process.platform)})\n`);
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
