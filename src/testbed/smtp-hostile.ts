// Raw `net` servers that misbehave on purpose (never greet, drip, flood, bare LF, binary, random codes, drop or garble STARTTLS) or are merely ancient (no EHLO).

import net from 'node:net';
import { CommandLog, listenNetServer, type RunningSmtpServer } from './smtp-common.js';
import { prng } from './prng.js';

export type HostileBehaviour =
  /** Accepts the connection and never says a word. */
  | 'silent'
  /** Sends its greeting one byte at a time and never finishes the line. */
  | 'drip-greeting'
  /** Greets, offers STARTTLS, answers it with 220 and closes before any handshake. */
  | 'close-on-starttls'
  /** Sends 1 MB without a single CRLF instead of a greeting. */
  | 'megabyte-no-crlf'
  /** A correct dialogue whose every reply line ends with LF alone (RFC 5321 §2.3.8 wants CRLF). */
  | 'bare-lf'
  /** Answers EHLO with `250-` continuation lines forever. */
  | 'endless-multiline'
  /** Answers STARTTLS with 220, then sends plaintext garbage instead of a TLS handshake. */
  | 'tls-garbage'
  /** Greets with 554 (RFC 5321 §3.1: "no SMTP service here") and waits for QUIT. */
  | 'no-service'
  /** An old MTA: EHLO is "502 command not implemented", HELO works (RFC 5321 §4.1.1.1 fallback). */
  | 'helo-only'
  /** Refuses both EHLO and HELO (e.g. a client blocklisted at HELO). */
  | 'refuses-helo'
  /** Offers STARTTLS, then answers it 454 (Postfix without a usable key); the session goes on in plaintext. */
  | 'refuses-starttls'
  /** Greets with 220, then closes the connection at once. */
  | 'greet-then-close'
  /** Greets, then answers every command with a random code (000-999, mixed multiline codes included). */
  | 'random-codes'
  /** Sends binary (NUL, ESC, DEL, C1 and high octets, few line ends) as its greeting and its replies. */
  | 'binary'
  /** A greeting of 1 MB in well-formed CRLF lines (`220-` continuation lines, then more). */
  | 'megabyte-reply'
  /** Greets, then answers EHLO with a reply line that never gets its line end. */
  | 'unterminated-reply'
  /** An agreeable dialogue whose every reply carries ANSI escapes, control characters and bidi overrides. */
  | 'hostile-text';

export interface HostileServerOptions {
  /** Delay between drips / batches of lines, ms (default 5). */
  intervalMs?: number;
  /** Lines per batch for `endless-multiline` (default 20). */
  linesPerBatch?: number;
  hostname?: string;
  /** Seed of `random-codes` and `binary` (default 1): the same seed, the same replies. */
  seed?: number;
}

const MAX_CLIENT_LINE = 4096;

/** What `hostile-text` puts in every reply: terminal commands, line tricks and bidi overrides. */
export const HOSTILE_REPLY_TEXT = '\u001b[31mred\u001b[0m \u001b]0;owned\u0007 \u001b[2J\u009b1m \u202eevil\u202c \u0000\u0008\u007f\rFORGED';

/** Octets no SMTP reply should hold: controls, DEL, C1, high octets; CR and LF only now and then. */
function binaryChunk(random: () => number, length: number): Buffer {
  const out = Buffer.alloc(length);
  for (let i = 0; i < length; i++) {
    const r = random();
    out[i] = r < 0.3 ? Math.floor(random() * 0x20) : r < 0.5 ? 0x1b : r < 0.6 ? 0x7f + Math.floor(random() * 0x21) : Math.floor(random() * 256);
  }
  return out;
}

interface Conversation {
  socket: net.Socket;
  eol: string;
  hostname: string;
  log: CommandLog;
  /**
   * Sees each command first: `default` lets the agreeable MTA answer, `handled` means the behaviour
   * answered it, `stop` means the behaviour took the connection over (no more answers).
   */
  onCommand?: (verb: string, line: string) => 'default' | 'handled' | 'stop';
}

/** Reads the client's command lines (bounded) and answers them like a plain, agreeable MTA. */
function converse(conversation: Conversation): void {
  const { socket, eol, hostname, log } = conversation;
  let buffer = '';
  let stopped = false;
  const send = (lines: string[]): void => {
    if (!socket.destroyed) socket.write(lines.map((line) => line + eol).join(''));
  };
  socket.on('data', (chunk: Buffer) => {
    if (stopped) return;
    buffer += chunk.toString('latin1');
    if (buffer.length > MAX_CLIENT_LINE && !buffer.includes('\n')) {
      buffer = '';
      return;
    }
    let index: number;
    while (!stopped && (index = buffer.indexOf('\n')) !== -1) {
      const line = buffer.slice(0, index).replace(/\r$/, '');
      buffer = buffer.slice(index + 1);
      log.record(line);
      const verb = line.split(' ')[0]?.toUpperCase() ?? '';
      const decision = conversation.onCommand?.(verb, line) ?? 'default';
      if (decision === 'stop') {
        stopped = true;
        return;
      }
      if (decision === 'handled') continue;
      switch (verb) {
        case 'EHLO':
          send([`250-${hostname} Hello`, '250-SIZE 10240000', '250-PIPELINING', '250-STARTTLS', '250 8BITMIME']);
          break;
        case 'HELO':
          send([`250 ${hostname}`]);
          break;
        case 'MAIL':
          send(['250 2.1.0 OK']);
          break;
        case 'RCPT':
          send(['250 2.1.5 OK']);
          break;
        case 'RSET':
        case 'NOOP':
          send(['250 2.0.0 OK']);
          break;
        case 'DATA':
          send(['354 Go ahead']);
          break;
        case 'QUIT':
          send(['221 2.0.0 Bye']);
          socket.end();
          break;
        default:
          send(['500 5.5.1 Unrecognized command']);
      }
    }
  });
}

/** One connection of a hostile server: the socket and what its behaviours do with it. */
interface Session {
  socket: net.Socket;
  hostname: string;
  options: HostileServerOptions;
  behaviour: HostileBehaviour;
  random: () => number;
  greet(): void;
  /** Answer the client's commands like an agreeable MTA, after `onCommand` had its say. */
  talk(onCommand?: Conversation['onCommand'], eol?: string): void;
  /** Write `piece` again and again until 1 MB went out, minding backpressure. */
  pumpMegabyte(piece: Buffer): void;
  /** Run `fn` every intervalMs until the connection closes. */
  every(fn: () => void): void;
}

function hostileText(s: Session): void {
  const { socket, hostname } = s;
  socket.write(`220-${hostname} ${HOSTILE_REPLY_TEXT}\r\n220 ESMTP ${HOSTILE_REPLY_TEXT}\r\n`);
  s.talk((verb) => {
    switch (verb) {
      case 'EHLO':
        socket.write(`250-${hostname} ${HOSTILE_REPLY_TEXT}\r\n250-SIZE 10240000\r\n250-X-${HOSTILE_REPLY_TEXT}\r\n250 8BITMIME\r\n`);
        return 'handled';
      case 'MAIL':
        socket.write(`250 2.1.0 ${HOSTILE_REPLY_TEXT}\r\n`);
        return 'handled';
      case 'RCPT':
        socket.write(`550 5.1.1 ${HOSTILE_REPLY_TEXT}\r\n`);
        return 'handled';
      default:
        return 'default';
    }
  });
}

function randomCodes(s: Session): void {
  const { socket, random } = s;
  s.greet();
  s.talk(() => {
    const code = String(Math.floor(random() * 1000)).padStart(3, '0');
    const lines = Math.floor(random() * 4);
    // Continuation lines sometimes carry another code than the last line (RFC 5321 §4.2.1 forbids it).
    const more = Array.from({ length: lines }, () => `${random() < 0.3 ? String(Math.floor(random() * 1000)).padStart(3, '0') : code}-random ${Math.floor(random() * 1e6)}`);
    socket.write([...more, `${code} random reply`].map((line) => `${line}\r\n`).join(''));
    return 'handled';
  });
}

function binary(s: Session): void {
  const { socket, random } = s;
  socket.write(Buffer.concat([Buffer.from('220 '), binaryChunk(random, 200), Buffer.from('\r\n')]));
  s.talk(() => {
    // Binary with a line end now and then: sometimes a reply, mostly garbage.
    const chunk = binaryChunk(random, 50 + Math.floor(random() * 500));
    socket.write(random() < 0.5 ? Buffer.concat([Buffer.from('250 '), chunk, Buffer.from('\r\n')]) : chunk);
    return 'handled';
  });
}

function dripGreeting(s: Session): void {
  const text = Buffer.from(`220 ${s.hostname} ESMTP please wait`);
  let position = 0;
  // The line never ends: after the text, dots, one at a time, forever.
  s.every(() => {
    if (!s.socket.destroyed) s.socket.write(position < text.length ? text.subarray(position, position + 1) : '.');
    position += 1;
  });
  s.talk(() => 'stop');
}

function endlessMultiline(s: Session): void {
  const { socket, hostname, options } = s;
  s.greet();
  s.talk((verb) => {
    if (verb !== 'EHLO') return 'default';
    socket.write(`250-${hostname} Hello\r\n`);
    let n = 0;
    s.every(() => {
      if (socket.destroyed) return;
      const lines: string[] = [];
      for (let i = 0; i < (options.linesPerBatch ?? 20); i += 1) lines.push(`250-X-FILLER-${(n += 1)}\r\n`);
      socket.write(lines.join(''));
    });
    return 'stop';
  });
}

/** STARTTLS answered 220, then the connection closed (`close-on-starttls`) or plaintext garbage (`tls-garbage`). */
function brokenStarttls(s: Session): void {
  s.greet();
  s.talk((verb) => {
    if (verb !== 'STARTTLS') return 'default';
    s.socket.write('220 2.0.0 Ready to start TLS\r\n');
    if (s.behaviour === 'close-on-starttls') {
      s.socket.end();
    } else {
      // Not a TLS record: what a broken proxy or a confused server sends.
      s.socket.write('HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n');
    }
    return 'stop';
  });
}

/** What each behaviour does with a connection. */
const BEHAVIOURS: Record<HostileBehaviour, (s: Session) => void> = {
  'greet-then-close': (s) => {
    s.greet();
    s.socket.end();
  },
  'random-codes': randomCodes,
  binary,
  'megabyte-reply': (s) => {
    s.pumpMegabyte(Buffer.from(`220-${'x'.repeat(1018)}\r\n`));
    s.talk(() => 'stop');
  },
  'unterminated-reply': (s) => {
    s.greet();
    s.talk((verb) => {
      if (verb !== 'EHLO') return 'default';
      s.socket.write(`250 ${s.hostname} and then no line end`);
      return 'stop';
    });
  },
  'hostile-text': hostileText,
  silent: (s) => s.talk(() => 'stop'),
  'drip-greeting': dripGreeting,
  'megabyte-no-crlf': (s) => {
    s.pumpMegabyte(Buffer.alloc(64 * 1024, 'A'));
    s.talk(() => 'stop');
  },
  'helo-only': refusingHelo,
  'refuses-helo': refusingHelo,
  'refuses-starttls': (s) => {
    s.greet();
    s.talk((verb) => {
      if (verb !== 'STARTTLS') return 'default';
      s.socket.write('454 4.7.0 TLS not available due to local problem\r\n');
      return 'handled';
    });
  },
  'no-service': (s) => {
    s.socket.write(`554 5.7.1 ${s.hostname} No SMTP service here\r\n`);
    s.talk();
  },
  'bare-lf': (s) => {
    s.socket.write(`220-${s.hostname} ESMTP\n220 bare LF everywhere\n`);
    s.talk(undefined, '\n');
  },
  'endless-multiline': endlessMultiline,
  'close-on-starttls': brokenStarttls,
  'tls-garbage': brokenStarttls,
};

/** EHLO refused as an old MTA would; HELO works (`helo-only`) or is refused too (`refuses-helo`). */
function refusingHelo(s: Session): void {
  s.greet();
  s.talk((verb) => {
    if (verb === 'EHLO') s.socket.write('502 5.5.2 Error: command not recognized\r\n');
    else if (verb === 'HELO' && s.behaviour === 'refuses-helo') s.socket.write('550 5.7.1 Access denied\r\n');
    else return 'default';
    return 'handled';
  });
}

/** The session of one connection: its timers end with it. */
function session(socket: net.Socket, behaviour: HostileBehaviour, options: HostileServerOptions, log: CommandLog, onClose: () => void): Session {
  const intervalMs = options.intervalMs ?? 5;
  const hostname = options.hostname ?? 'hostile.hosting.test';
  const timers = new Set<NodeJS.Timeout>();
  socket.on('error', () => undefined);
  socket.on('close', () => {
    onClose();
    for (const timer of timers) clearInterval(timer);
  });
  return {
    socket,
    hostname,
    options,
    behaviour,
    random: prng((options.seed ?? 1) + log.connections),
    greet: () => void socket.write(`220 ${hostname} ESMTP\r\n`),
    talk: (onCommand, eol = '\r\n') => converse({ socket, eol, hostname, log, ...(onCommand ? { onCommand } : {}) }),
    pumpMegabyte(piece) {
      let sent = 0;
      const pump = (): void => {
        while (sent < 1024 * 1024 && !socket.destroyed) {
          sent += piece.length;
          if (!socket.write(piece)) {
            socket.once('drain', pump);
            return;
          }
        }
      };
      pump();
    },
    every: (fn) => void timers.add(setInterval(fn, intervalMs)),
  };
}

export async function startHostileServer(behaviour: HostileBehaviour, options: HostileServerOptions = {}): Promise<RunningSmtpServer> {
  const log = new CommandLog();
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    log.connections += 1;
    sockets.add(socket);
    BEHAVIOURS[behaviour](session(socket, behaviour, options, log, () => sockets.delete(socket)));
  });
  return listenNetServer(server, log, () => {
    for (const socket of sockets) socket.destroy();
  });
}
