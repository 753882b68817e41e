// Dials the TCP connection: the connect hook's endpoint or the target itself; Node's error codes kept as they come.

import net from 'node:net';
import type { SmtpConnectHook, SmtpEndpoint, SmtpTarget } from './types.js';

/** The endpoint to dial: the hook's answer, else the target's address, else its host (the OS resolves it). */
export async function resolveEndpoint(target: SmtpTarget, hook: SmtpConnectHook | undefined): Promise<SmtpEndpoint> {
  const mapped = hook ? await hook({ ...target }) : undefined;
  return mapped ?? { host: target.address ?? target.host, port: target.port };
}

export interface Dial {
  socket: net.Socket;
  /** Settles once: `undefined` when connected, the socket's error otherwise. Never rejects. */
  connected: Promise<NodeJS.ErrnoException | undefined>;
}

/** Starts the connection. The caller owns the deadline (it destroys the socket when it passes). */
export function dial(endpoint: SmtpEndpoint): Dial {
  const socket = net.connect({ host: endpoint.host, port: endpoint.port });
  const connected = new Promise<NodeJS.ErrnoException | undefined>((resolve) => {
    socket.once('connect', () => resolve(undefined));
    socket.once('error', (err: NodeJS.ErrnoException) => resolve(err));
    socket.once('close', () => resolve(Object.assign(new Error('socket closed while connecting'), { code: 'ECLOSED' })));
  });
  // Errors after connecting reach nodemailer's listeners; this one only keeps a late error from being unhandled.
  socket.on('error', () => undefined);
  return { socket, connected };
}

/** EHLO's default argument: the local address as an address literal (RFC 5321 §4.1.3), honest and always valid. */
export function addressLiteral(address: string | undefined): string {
  if (!address) return '[127.0.0.1]';
  const v4 = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address)?.[1];
  if (v4) return `[${v4}]`;
  return net.isIPv6(address) ? `[IPv6:${address}]` : `[${address}]`;
}
