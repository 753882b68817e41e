// SMTP imitations written from vendors' documented replies (cPanel Exim, Postfix, greylisting daemons, Microsoft 365's edge): a raw loopback server that answers each step as a script says, slow, multi-line, dropped or over TLS.
import net from 'node:net';
import tls from 'node:tls';

/**
 * One answer. A string is one reply line as sent (`"550 5.1.1 No Such User Here"`); an array is a multi-line
 * reply, each line as sent (`["550-Verification failed for <a@b>", "550 Sender verify failed"]`), so
 * malformed ones can be written too. `delayMs` waits before it; `drop` destroys the connection (no reply),
 * `close` ends it after the reply, `silent` never answers.
 */
export type Say =
  | string
  | readonly string[]
  | { lines: string | readonly string[]; delayMs?: number; close?: true }
  | { drop: true; delayMs?: number }
  | { silent: true };

/** What a session knows when it answers: the envelope so far, and how many sessions came before. */
export interface Session {
  /** 1 for the first connection to this server, 2 for the next... */
  index: number;
  helo?: string;
  from?: string;
  secure: boolean;
  /** The SNI the client sent in the TLS handshake, if any. */
  sni?: string;
}

export interface ImitationScript {
  /** The name the server greets with and says EHLO with. */
  name: string;
  greeting?: Say | ((s: Session) => Say);
  /** The EHLO answer; default: 250 with SIZE, 8BITMIME, ENHANCEDSTATUSCODES, PIPELINING, STARTTLS when `tls` is set. */
  ehlo?: (name: string, s: Session) => Say | undefined;
  helo?: (name: string, s: Session) => Say | undefined;
  /** The certificate for STARTTLS (absent: STARTTLS is not offered). `noSni` is served to a client that sends no SNI. */
  tls?: { key: string; cert: string; noSni?: { key: string; cert: string }; minVersion?: tls.SecureVersion; maxVersion?: tls.SecureVersion };
  starttls?: (s: Session) => Say | undefined;
  mail?: (from: string, s: Session) => Say | undefined;
  rcpt?: (to: string, s: Session) => Say | undefined;
}

export interface Imitation {
  host: string;
  port: number;
  /** Every command line received, in order, over all sessions. */
  commands: string[];
  sessions: number;
  /** DATA, BDAT, AUTH, VRFY or EXPN was ever sent: a probe must send none of them. */
  sawForbidden: boolean;
  close(): Promise<void>;
}

const FORBIDDEN = new Set(['DATA', 'BDAT', 'AUTH', 'VRFY', 'EXPN']);

const isLines = (answer: Say): answer is readonly string[] => Array.isArray(answer);

/** A multi-line reply with the code on every line (RFC 5321 §4.2.1): `multi(550, '5.1.1 a', 'b')`. */
export function multi(code: number, ...texts: string[]): string[] {
  return texts.map((t, i) => `${code}${i === texts.length - 1 ? ' ' : '-'}${t}`);
}

export async function startImitation(script: ImitationScript): Promise<Imitation> {
  const sockets = new Set<net.Socket>();
  const timers = new Set<NodeJS.Timeout>();
  const state = { commands: [] as string[], sessions: 0, sawForbidden: false };
  const server = net.createServer((plain) => {
    state.sessions += 1;
    sockets.add(plain);
    plain.on('error', () => undefined);
    plain.on('close', () => sockets.delete(plain));
    const session: Session = { index: state.sessions, secure: false };
    let socket: net.Socket = plain;
    let silent = false;
    const later = (ms: number, fn: () => void): void => {
      const t = setTimeout(() => {
        timers.delete(t);
        fn();
      }, ms);
      timers.add(t);
    };
    const write = (lines: string | readonly string[]): void => {
      if (socket.destroyed) return;
      const all = typeof lines === 'string' ? [lines] : lines;
      socket.write(all.map((l) => `${l}\r\n`).join(''));
    };
    // Answers in order even when delayed: a later reply waits for the earlier one.
    let queue = Promise.resolve();
    const say = (answer: Say, after?: () => void): void => {
      queue = queue.then(
        () =>
          new Promise<void>((done) => {
            const act = (): void => {
              if (typeof answer === 'string') write(answer);
              else if (isLines(answer)) write(answer);
              else if ('silent' in answer) silent = true;
              else if ('drop' in answer) socket.destroy();
              else {
                write(answer.lines);
                if (answer.close) socket.end();
              }
              after?.();
              done();
            };
            const delay = typeof answer === 'object' && !isLines(answer) && 'delayMs' in answer ? (answer.delayMs ?? 0) : 0;
            if (delay > 0) later(delay, act);
            else act();
          }),
      );
    };
    let buffer = '';
    const onLine = (line: string): void => {
      state.commands.push(line);
      if (silent) return;
      const [verbRaw = '', ...rest] = line.split(' ');
      const verb = verbRaw.toUpperCase();
      const arg = rest.join(' ');
      if (FORBIDDEN.has(verb)) state.sawForbidden = true;
      switch (verb) {
        case 'EHLO': {
          session.helo = arg;
          const custom = script.ehlo?.(arg, session);
          if (custom !== undefined) return say(custom);
          const offer = script.tls && !session.secure;
          return say(multi(250, `${script.name} Hello ${arg}`, 'SIZE 52428800', '8BITMIME', 'PIPELINING', 'ENHANCEDSTATUSCODES', ...(offer ? ['STARTTLS'] : []), 'HELP'));
        }
        case 'HELO':
          session.helo = arg;
          return say(script.helo?.(arg, session) ?? `250 ${script.name} Hello ${arg}`);
        case 'STARTTLS': {
          const custom = script.starttls?.(session);
          if (custom !== undefined) return say(custom);
          if (!script.tls || session.secure) return say('503 5.5.1 STARTTLS not available');
          const served = script.tls;
          return say('220 2.0.0 Ready to start TLS', () => {
            plain.off('data', onData);
            buffer = '';
            const context = (c: { key: string; cert: string }) =>
              tls.createSecureContext({ key: c.key, cert: c.cert, minVersion: served.minVersion ?? 'TLSv1.2', ...(served.maxVersion ? { maxVersion: served.maxVersion } : {}) });
            const withSni = context(served);
            const withoutSni = served.noSni ? context(served.noSni) : withSni;
            const secure = new tls.TLSSocket(plain, {
              isServer: true,
              secureContext: withoutSni,
              SNICallback: (name, cb) => {
                session.sni = name;
                cb(null, withSni);
              },
            });
            secure.on('error', () => undefined);
            socket = secure;
            session.secure = true;
            secure.on('data', onData);
          });
        }
        case 'MAIL': {
          session.from = /<([^>]*)>/.exec(arg)?.[1] ?? arg;
          return say(script.mail?.(session.from, session) ?? '250 2.1.0 OK');
        }
        case 'RCPT': {
          if (session.from === undefined) return say('503 5.5.1 MAIL first');
          const to = /<([^>]*)>/.exec(arg)?.[1] ?? arg;
          return say(script.rcpt?.(to, session) ?? '250 2.1.5 Accepted');
        }
        case 'RSET':
          delete session.from;
          return say('250 2.0.0 Reset OK');
        case 'NOOP':
          return say('250 2.0.0 OK');
        case 'QUIT':
          return say({ lines: `221 2.0.0 ${script.name} closing connection`, close: true });
        case 'DATA':
        case 'BDAT':
          // An imitation never takes a message either; the test fails on sawForbidden.
          return say('554 5.7.1 this imitation never takes a message');
        default:
          return say('500 5.5.1 Unrecognized command');
      }
    };
    const onData = (chunk: Buffer): void => {
      buffer += chunk.toString('latin1');
      let index: number;
      while ((index = buffer.indexOf('\n')) !== -1) {
        const line = buffer.slice(0, index).replace(/\r$/, '');
        buffer = buffer.slice(index + 1);
        onLine(line);
      }
    };
    plain.on('data', onData);
    const greeting = typeof script.greeting === 'function' ? script.greeting(session) : script.greeting;
    say(greeting ?? `220 ${script.name} ESMTP ready`);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  return {
    host: '127.0.0.1',
    port,
    get commands() {
      return state.commands;
    },
    get sessions() {
      return state.sessions;
    },
    get sawForbidden() {
      return state.sawForbidden;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const t of timers) clearTimeout(t);
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
