// One DNS query over TCP to one server: 2-octet length framing, partial reads, one deadline for connect and read.
import net from 'node:net';
import { performance } from 'node:perf_hooks';
import { onAbort } from './abort.js';
import { decodeMessage, errorText, matchResponse, peekId } from './packet.js';
import { socketErrorCode, type TransportOutcome, type TransportRequest } from './transport.js';

/** RFC 1035 §4.2.2: each message is prefixed by a two-octet length, so no message exceeds 65535 octets. */
const LENGTH_PREFIX = 2;

/** Frames a DNS message for TCP (RFC 1035 §4.2.2, RFC 7766 §8). */
export function frameTcp(message: Buffer): Buffer {
  const prefix = Buffer.alloc(LENGTH_PREFIX);
  prefix.writeUInt16BE(message.length);
  return Buffer.concat([prefix, message]);
}

/**
 * Connects, sends the framed query and reads framed messages until the one answering this query arrives.
 * Messages for other ids or questions are counted and skipped (RFC 7766 §7 allows several per connection).
 * Resolves, never rejects; the socket is always destroyed.
 */
export function tcpQuery(request: TransportRequest): Promise<TransportOutcome> {
  const { server, query, timeoutMs, signal } = request;
  const started = performance.now();
  let ignored = 0;

  return new Promise<TransportOutcome>((resolve) => {
    let done = false;
    let socket: net.Socket | undefined;
    let timer: NodeJS.Timeout | undefined;
    let disposeAbort = (): void => {};
    // Unconsumed octets; never more than one frame (65537) plus one chunk, since whole frames are cut off as they complete.
    let pending: Buffer = Buffer.alloc(0);

    const elapsed = (): number => performance.now() - started;
    const finish = (outcome: TransportOutcome): void => {
      if (done) return;
      done = true;
      if (timer !== undefined) clearTimeout(timer);
      disposeAbort();
      socket?.removeAllListeners('data');
      socket?.destroy();
      resolve(outcome);
    };

    if (signal?.aborted) {
      finish({ kind: 'aborted', elapsedMs: 0, ignored });
      return;
    }
    disposeAbort = onAbort(signal, () => finish({ kind: 'aborted', elapsedMs: elapsed(), ignored }));
    timer = setTimeout(() => finish({ kind: 'timeout', elapsedMs: elapsed(), ignored }), Math.max(0, timeoutMs));

    const onData = (chunk: Buffer): void => {
      pending = pending.length === 0 ? chunk : Buffer.concat([pending, chunk]);
      while (!done && pending.length >= LENGTH_PREFIX) {
        const length = pending.readUInt16BE(0);
        if (pending.length < LENGTH_PREFIX + length) return; // partial read: wait for more
        const message = pending.subarray(LENGTH_PREFIX, LENGTH_PREFIX + length);
        pending = pending.subarray(LENGTH_PREFIX + length);
        if (peekId(message) !== query.id) {
          ignored++;
          continue;
        }
        const decoded = decodeMessage(message);
        if (!decoded.ok) {
          finish({ kind: 'malformed', error: decoded.error, elapsedMs: elapsed(), ignored });
          return;
        }
        if (matchResponse(query, decoded.message) !== 'ok') {
          ignored++;
          continue;
        }
        finish({ kind: 'response', message: decoded.message, size: length, elapsedMs: elapsed(), ignored });
      }
    };

    try {
      socket = net.connect({ host: server.host, port: server.port, noDelay: true });
    } catch (error) {
      finish({ kind: 'socket-error', code: socketErrorCode(error), error: errorText(error), elapsedMs: elapsed(), ignored });
      return;
    }
    const sock = socket;
    sock.on('error', (error) => {
      finish({ kind: 'socket-error', code: socketErrorCode(error), error: errorText(error), elapsedMs: elapsed(), ignored });
    });
    sock.on('connect', () => {
      sock.write(frameTcp(query.buffer));
    });
    sock.on('data', onData);
    sock.on('close', () => {
      const partial = pending.length > 0;
      const why = partial
        ? pending.length < LENGTH_PREFIX
          ? 'the server closed the TCP connection in the middle of a length prefix'
          : `the server closed the TCP connection in the middle of a message (${pending.length - LENGTH_PREFIX} of ${pending.readUInt16BE(0)} octets received)`
        : 'the server closed the TCP connection without answering';
      finish({ kind: 'socket-error', code: partial ? 'EOF' : 'ECONNRESET', error: why, elapsedMs: elapsed(), ignored });
    });
  });
}
