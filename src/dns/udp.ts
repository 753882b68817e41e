// One DNS query over UDP to one server: a fresh socket, one deadline, spoofed and late packets ignored.
import dgram from 'node:dgram';
import { performance } from 'node:perf_hooks';
import { onAbort } from './abort.js';
import { decodeMessage, matchResponse, peekId } from './packet.js';
import { isIPv6 } from './names.js';
import { socketErrorCode, type TransportOutcome, type TransportRequest } from './transport.js';
import { unreachableText } from './unreachable.js';

/**
 * Sends the query once and waits for the matching response. The socket is connect()ed, so the kernel
 * drops datagrams from other addresses and reports ICMP port-unreachable as ECONNREFUSED (a dead server
 * fails fast instead of timing out). Resolves, never rejects.
 */
export function udpQuery(request: TransportRequest): Promise<TransportOutcome> {
  const { server, query, timeoutMs, signal } = request;
  const started = performance.now();
  let ignored = 0;

  return new Promise<TransportOutcome>((resolve) => {
    let done = false;
    let socket: dgram.Socket | undefined;
    let timer: NodeJS.Timeout | undefined;
    let disposeAbort = (): void => {};

    const finish = (outcome: TransportOutcome): void => {
      if (done) return;
      done = true;
      if (timer !== undefined) clearTimeout(timer);
      disposeAbort();
      if (socket !== undefined) {
        socket.removeAllListeners('message');
        try {
          socket.close();
        } catch {
          // already closed: nothing to release
        }
      }
      resolve(outcome);
    };
    const elapsed = (): number => performance.now() - started;
    const socketError = (error: unknown): void =>
      finish({ kind: 'socket-error', code: socketErrorCode(error), error: unreachableText(error), elapsedMs: elapsed(), ignored });

    if (signal?.aborted) {
      finish({ kind: 'aborted', elapsedMs: 0, ignored });
      return;
    }
    disposeAbort = onAbort(signal, () => finish({ kind: 'aborted', elapsedMs: elapsed(), ignored }));
    timer = setTimeout(() => finish({ kind: 'timeout', elapsedMs: elapsed(), ignored }), Math.max(0, timeoutMs));

    try {
      socket = dgram.createSocket(isIPv6(server.host) ? 'udp6' : 'udp4');
    } catch (error) {
      socketError(error);
      return;
    }
    const sock = socket;
    // Keep a no-op error listener after finish: a late ICMP error on a closing socket must not crash the process.
    sock.on('error', socketError);
    sock.on('message', (packet: Buffer) => {
      if (done) return;
      // RFC 5452 §9.1: only the id and question protect UDP from spoofing; anything else is ignored, not fatal.
      if (peekId(packet) !== query.id) {
        ignored++;
        return;
      }
      const decoded = decodeMessage(packet);
      if (!decoded.ok) {
        finish({ kind: 'malformed', error: decoded.error, elapsedMs: elapsed(), ignored });
        return;
      }
      if (matchResponse(query, decoded.message) !== 'ok') {
        ignored++;
        return;
      }
      finish({ kind: 'response', message: decoded.message, size: packet.length, elapsedMs: elapsed(), ignored });
    });
    try {
      // Node hands a failed connect() (ENETUNREACH with no route, EACCES for a broadcast address) to this
      // callback rather than to 'error'; sending anyway on the unconnected socket threw ERR_SOCKET_BAD_PORT.
      sock.connect(server.port, server.host, (error?: Error) => {
        if (done) return;
        if (error) {
          socketError(error);
          return;
        }
        try {
          sock.send(query.buffer, (sendError) => {
            if (sendError) socketError(sendError);
          });
        } catch (sendError) {
          socketError(sendError);
        }
      });
    } catch (error) {
      socketError(error);
    }
  });
}
