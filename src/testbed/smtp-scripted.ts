// A plain-text SMTP server (raw `net`) whose every answer is scripted: greeting, EHLO, MAIL by sender, RCPT by sender and recipient, and Exim's per-client connection limit.

import net from 'node:net';
import { CommandLog, listenNetServer, type RunningSmtpServer } from './smtp-common.js';

/** A reply as the wire carries it, lines without CRLF: `['550 5.1.1 <x>: No Such User Here']`, or one string. */
export type ScriptedReply = string | string[];

export interface ScriptedServerOptions {
  hostname?: string;
  /** The greeting (default `220 <hostname> ESMTP`). A 4xx/5xx greeting closes the connection after QUIT. */
  greeting?: ScriptedReply;
  /** The EHLO reply (default: 250 with SIZE, PIPELINING, 8BITMIME; no STARTTLS, this server speaks no TLS). */
  ehlo?: (name: string) => ScriptedReply;
  /** The answer to `MAIL FROM:<from>` ('' for the null sender). Default 250 2.1.0 Ok. */
  mail?: (from: string) => ScriptedReply;
  /** The answer to `RCPT TO:<to>` in a transaction from `from`. Default 250 2.1.5 Ok. */
  rcpt?: (to: string, from: string) => ScriptedReply;
  /**
   * Exim's smtp_accept_max_per_host: with this many connections open, another one gets
   * `421 <hostname> Too many concurrent SMTP connections from this IP address; please try again later.` and is closed.
   */
  maxPerHost?: number;
}

export interface ScriptedServer extends RunningSmtpServer {
  /** Connections refused with 421 because of `maxPerHost`. */
  readonly refusedBusy: number;
  /** The most connections open at once. */
  readonly peakConcurrent: number;
}

const MAX_LINE = 4096;
const lines = (reply: ScriptedReply): string[] => (Array.isArray(reply) ? reply : [reply]);

/** One session's envelope: MAIL sets the sender that RCPT needs. */
interface Envelope {
  from?: string;
}

/** The answer to one command, by the options' scripts or as a plain MTA would. */
function answer(verb: string, line: string, envelope: Envelope, options: ScriptedServerOptions, hostname: string, send: (reply: ScriptedReply) => void, socket: net.Socket): void {
  switch (verb) {
    case 'EHLO':
      send(options.ehlo?.(line.slice(5)) ?? [`250-${hostname} Hello`, '250-SIZE 10240000', '250-PIPELINING', '250 8BITMIME']);
      break;
    case 'HELO':
      send(`250 ${hostname}`);
      break;
    case 'MAIL': {
      const sender = /^MAIL FROM:<(.*)>/i.exec(line)?.[1] ?? '';
      const reply = lines(options.mail?.(sender) ?? '250 2.1.0 Ok');
      if (reply[reply.length - 1]?.startsWith('2')) envelope.from = sender;
      send(reply);
      break;
    }
    case 'RCPT': {
      if (envelope.from === undefined) {
        send('503 5.5.1 Error: need MAIL command');
        break;
      }
      const to = /^RCPT TO:<(.*)>/i.exec(line)?.[1] ?? '';
      send(options.rcpt?.(to, envelope.from) ?? '250 2.1.5 Ok');
      break;
    }
    case 'RSET':
      delete envelope.from;
      send('250 2.0.0 Ok');
      break;
    case 'NOOP':
      send('250 2.0.0 Ok');
      break;
    case 'DATA':
      send('554 5.5.1 Error: this test server never takes a message');
      break;
    case 'QUIT':
      send('221 2.0.0 Bye');
      socket.end();
      break;
    default:
      send('502 5.5.2 Error: command not recognized');
  }
}

/** Greets (or refuses), then reads the client's command lines (bounded) and answers each. */
function converse(socket: net.Socket, options: ScriptedServerOptions, hostname: string, log: CommandLog, send: (reply: ScriptedReply) => void): void {
  const greeting = lines(options.greeting ?? `220 ${hostname} ESMTP`);
  send(greeting);
  const refusing = !greeting[greeting.length - 1]?.startsWith('220');
  const envelope: Envelope = {};
  let buffer = '';
  socket.on('data', (chunk: Buffer) => {
    buffer += chunk.toString('latin1');
    if (buffer.length > MAX_LINE && !buffer.includes('\n')) buffer = '';
    let index: number;
    while ((index = buffer.indexOf('\n')) !== -1) {
      const line = buffer.slice(0, index).replace(/\r$/, '');
      buffer = buffer.slice(index + 1);
      log.record(line);
      const verb = line.split(' ')[0]?.toUpperCase() ?? '';
      if (refusing && verb !== 'QUIT') send('503 5.5.1 Bad sequence of commands');
      else answer(verb, line, envelope, options, hostname, send, socket);
    }
  });
}

export async function startScriptedServer(options: ScriptedServerOptions = {}): Promise<ScriptedServer> {
  const hostname = options.hostname ?? 'server.hosting.test';
  const log = new CommandLog();
  const sockets = new Set<net.Socket>();
  let open = 0;
  let peak = 0;
  let refusedBusy = 0;

  const server = net.createServer((socket) => {
    log.connections += 1;
    sockets.add(socket);
    socket.on('error', () => undefined);
    const send = (reply: ScriptedReply): void => {
      if (!socket.destroyed) socket.write(lines(reply).map((l) => `${l}\r\n`).join(''));
    };
    if (options.maxPerHost !== undefined && open >= options.maxPerHost) {
      refusedBusy += 1;
      send(`421 ${hostname} Too many concurrent SMTP connections from this IP address; please try again later.`);
      socket.end();
      socket.on('close', () => sockets.delete(socket));
      return;
    }
    open += 1;
    peak = Math.max(peak, open);
    socket.on('close', () => {
      sockets.delete(socket);
      open -= 1;
    });
    converse(socket, options, hostname, log, send);
  });
  const running = await listenNetServer(server, log, () => {
    for (const socket of sockets) socket.destroy();
  });
  // Accessors, not values: Object.assign would copy the counts as they are now.
  return Object.defineProperties(running, {
    refusedBusy: { get: () => refusedBusy, enumerable: true },
    peakConcurrent: { get: () => peak, enumerable: true },
  }) as ScriptedServer;
}
