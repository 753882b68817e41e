// The probe's use of nodemailer's SMTPConnection: session setup through its public API, a guarded tap on every write, and its command queue for the envelope.

import type net from 'node:net';
import type tls from 'node:tls';
import SMTPConnection from 'nodemailer/lib/smtp-connection';

export interface BridgeHooks {
  /**
   * Runs synchronously just before nodemailer writes a command line (its transaction log is written
   * right before `socket.write`). Returning false destroys the socket first, so the line never leaves.
   */
  beforeCommand(command: string): boolean;
  /** A complete reply as nodemailer parsed it: lines joined with `\n`. */
  onReply(raw: string): void;
  /** nodemailer dropped plaintext that came after the STARTTLS 220 (RFC 3207 §4.2). */
  onPlaintextDiscarded(bytes: number): void;
}

export interface BridgeOptions {
  /** Already connected socket: the probe dials itself, so Node's error codes and the connect hook stay its own. */
  socket: net.Socket;
  host: string;
  port: number;
  heloName: string;
  starttls: boolean;
  tls: tls.ConnectionOptions;
  /** Backstop for nodemailer's own timers; the probe's per-phase deadlines are shorter and fire first. */
  backstopMs: number;
  maxResponseSize: number;
}

type LogEntry = { tnx?: unknown; discarded?: unknown } | undefined;

/**
 * Creates the connection. nodemailer's `connect()` then runs greeting → EHLO (HELO if refused) →
 * STARTTLS when offered → EHLO again, and emits 'connect'. Nothing else of it is used: no login(),
 * no send() (which would write DATA).
 */
export function createConnection(options: BridgeOptions, hooks: BridgeHooks): SMTPConnection {
  let connection: SMTPConnection | undefined;
  const tap = (entry: LogEntry, message: unknown): void => {
    if (typeof message !== 'string' || !entry) return;
    if (entry.tnx === 'client') {
      if (!hooks.beforeCommand(message)) {
        const socket = connection?._socket;
        if (socket) socket.destroy();
      }
    } else if (entry.tnx === 'server') {
      hooks.onReply(message);
    }
  };
  const ignore = (): void => undefined;
  connection = new SMTPConnection({
    connection: options.socket,
    host: options.host,
    port: options.port,
    secure: false,
    name: options.heloName,
    ignoreTLS: !options.starttls,
    // A refused STARTTLS (454) leaves the session in plaintext, as Exchange Online's opportunistic mode does;
    // a failed handshake still ends the probe (the socket is unusable).
    opportunisticTLS: true,
    tls: options.tls,
    transactionLog: true,
    logger: {
      debug: tap,
      info: ignore,
      trace: ignore,
      error: ignore,
      fatal: ignore,
      warn: (entry: LogEntry) => {
        if (entry && typeof entry.discarded === 'number') hooks.onPlaintextDiscarded(entry.discarded);
      },
    },
    connectionTimeout: options.backstopMs,
    greetingTimeout: options.backstopMs,
    socketTimeout: options.backstopMs,
    socketCloseTimeout: 0,
    maxResponseSize: options.maxResponseSize,
  });
  return connection;
}

/**
 * nodemailer's command queue: what its own reset() and quit() use. It has no public call for
 * "MAIL FROM then RCPT TO without a message" (send() always ends in DATA), so the probe queues those
 * few commands itself, one at a time, exactly like reset() does. Feature-checked, never assumed.
 */
interface CommandQueue {
  _sendCommand(command: string): void;
  _responseActions: Array<(reply: string) => void>;
}

export function commandQueue(connection: SMTPConnection): CommandQueue | undefined {
  const candidate = connection as unknown as Partial<CommandQueue>;
  return typeof candidate._sendCommand === 'function' && Array.isArray(candidate._responseActions)
    ? (candidate as CommandQueue)
    : undefined;
}

/** What nodemailer's error objects carry besides the message. */
export interface NodemailerErrorShape {
  code?: unknown;
  originalCode?: unknown;
  timeoutType?: unknown;
  message?: unknown;
}

/**
 * nodemailer overwrites `code` with its own category (ESOCKET, ECONNECTION, EPROTOCOL, ETLS, ETIMEDOUT)
 * and keeps the socket's code as `originalCode`: give back the most specific one.
 */
export function nodemailerErrorCode(err: unknown): string {
  const e = (err ?? {}) as NodemailerErrorShape;
  const message = typeof e.message === 'string' ? e.message : '';
  if (typeof e.originalCode === 'string') return e.originalCode;
  if (typeof e.timeoutType === 'string' || e.code === 'ETIMEDOUT') return 'ETIMEDOUT';
  if (message.includes('exceeds maximum allowed size')) return 'ETOOLARGE';
  if (message.startsWith('Invalid greeting')) return 'EGREETING';
  if (message.startsWith('Invalid HELO')) return 'EHELO';
  if (message.startsWith('Connection closed') || message.startsWith('Server terminates connection')) return 'ECLOSED';
  if (message.startsWith('Unexpected Response')) return 'EPROTOCOL';
  return typeof e.code === 'string' ? e.code : 'EPROTOCOL';
}

/**
 * Whether server bytes are already waiting, unread, in nodemailer's buffers (a complete reply still queued, or
 * part of one). Checked as a command is written: without pipelining nothing may be waiting then, since every
 * reply asked for has been read. Feature-checked like `commandQueue`; unknown internals mean "cannot tell": false.
 */
export function pendingServerBytes(connection: SMTPConnection | undefined): boolean {
  const c = connection as unknown as { _responseQueue?: unknown; _remainder?: unknown } | undefined;
  if (!c) return false;
  const queued = Array.isArray(c._responseQueue) && c._responseQueue.some((r) => typeof r === 'string' && r.trim() !== '');
  const partial = typeof c._remainder === 'string' && c._remainder.trim() !== '';
  return queued || partial;
}
