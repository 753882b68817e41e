// Reads an HTTPS response body under a size cap (an MTA-STS policy, a cPanel answer): a server that never stops sending is refused, not buffered.
import type { IncomingMessage } from 'node:http';

/** Reads the body up to `maxBytes`; `done(undefined)` as soon as it grows past (resolved before the socket's teardown errors). */
export function readCappedBody(res: IncomingMessage, maxBytes: number, done: (body: string | undefined) => void, fail: (err: Error) => void): void {
  const chunks: Buffer[] = [];
  let size = 0;
  res.on('data', (chunk: Buffer) => {
    size += chunk.length;
    if (size > maxBytes) {
      done(undefined);
      res.destroy();
      return;
    }
    chunks.push(chunk);
  });
  res.on('end', () => done(Buffer.concat(chunks).toString('utf8')));
  res.on('error', fail);
  res.on('aborted', () => fail(new Error('response aborted')));
}
