// A scriptable raw SMTP server on loopback: a correct Exim-like dialogue except where a script says otherwise (misconfigured, hostile, slow).
import net from 'node:net';
import tls from 'node:tls';
import type { ServedCertificate } from '../../src/testbed/certs.js';
import { CommandLog } from '../../src/testbed/smtp-common.js';

export interface Io {
  /** Writes whole lines (CRLF added). */
  send(...lines: string[]): void;
  /** Writes bytes as they are. */
  raw(text: string): void;
  /** Ends the connection (FIN). */
  end(): void;
  /** Destroys the connection (RST-ish). */
  destroy(): void;
  /** Whether this session is inside TLS. */
  readonly secure: boolean;
  /** Timers set through here are cleared when the server closes. */
  later(ms: number, fn: () => void): void;
}

export type Answer = 'default' | 'handled';

export interface Script {
  /** Certificate for STARTTLS (absent: STARTTLS not advertised). */
  cert?: ServedCertificate;
  tlsOptions?: tls.TlsOptions;
  /** Whether EHLO advertises STARTTLS (default: when `cert` is given). */
  advertiseStartTls?: boolean;
  /** Instead of the plain `220` greeting. */
  greet?(io: Io): void;
  /** Sees each command first; `handled` means it answered (or chose not to). */
  on?(verb: string, line: string, io: Io): Answer;
}

export interface Scripted {
  port: number;
  log: CommandLog;
  close(): Promise<void>;
}

export async function startScripted(script: Script): Promise<Scripted> {
  const log = new CommandLog();
  const sockets = new Set<net.Socket>();
  const timers = new Set<NodeJS.Timeout>();
  const server = net.createServer((plain) => {
    log.connections += 1;
    sockets.add(plain);
    plain.on('error', () => undefined);
    plain.on('close', () => sockets.delete(plain));
    let socket: net.Socket = plain;
    let secure = false;
    const io: Io = {
      send: (...lines) => {
        if (!socket.destroyed) socket.write(lines.map((l) => `${l}\r\n`).join(''));
      },
      raw: (text) => {
        if (!socket.destroyed) socket.write(text);
      },
      end: () => socket.end(),
      destroy: () => socket.destroy(),
      get secure() {
        return secure;
      },
      later: (ms, fn) => {
        const t = setTimeout(() => {
          timers.delete(t);
          fn();
        }, ms);
        timers.add(t);
      },
    };
    let buffer = '';
    const onData = (chunk: Buffer): void => {
      buffer += chunk.toString('latin1');
      let index: number;
      while ((index = buffer.indexOf('\n')) !== -1) {
        const line = buffer.slice(0, index).replace(/\r$/, '');
        buffer = buffer.slice(index + 1);
        log.record(line);
        const verb = line.split(' ')[0]?.toUpperCase() ?? '';
        if (script.on?.(verb, line, io) === 'handled') continue;
        switch (verb) {
          case 'EHLO': {
            const offer = (script.advertiseStartTls ?? !!script.cert) && !secure;
            io.send('250-mail.example.test Hello', '250-SIZE 52428800', '250-8BITMIME', ...(offer ? ['250-STARTTLS'] : []), '250 HELP');
            break;
          }
          case 'HELO':
            io.send('250 mail.example.test');
            break;
          case 'STARTTLS': {
            if (!script.cert) {
              io.send('502 5.5.1 Not implemented');
              break;
            }
            io.send('220 2.0.0 Ready to start TLS');
            plain.off('data', onData);
            buffer = '';
            const tlsSocket = new tls.TLSSocket(plain, {
              isServer: true,
              key: script.cert.key,
              cert: script.cert.cert,
              ...(script.tlsOptions ?? {}),
            });
            tlsSocket.on('error', () => undefined);
            socket = tlsSocket;
            secure = true;
            tlsSocket.on('data', onData);
            break;
          }
          case 'MAIL':
            io.send('250 2.1.0 OK');
            break;
          case 'RCPT':
            io.send('250 2.1.5 OK');
            break;
          case 'RSET':
          case 'NOOP':
            io.send('250 2.0.0 OK');
            break;
          case 'DATA':
            io.send('354 go ahead');
            break;
          case 'QUIT':
            io.send('221 2.0.0 Bye');
            io.end();
            break;
          default:
            io.send('500 5.5.1 Unrecognized command');
        }
      }
    };
    plain.on('data', onData);
    if (script.greet) script.greet(io);
    else io.send('220 mail.example.test ESMTP Exim 4.96');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  return {
    port,
    log,
    close: () =>
      new Promise<void>((resolve) => {
        for (const t of timers) clearTimeout(t);
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

/** An answer for a greeting or a command: one line of text. */
export const reply = (text: string) => (io: Io) => io.send(text);

/** A script hook that answers `verb` as `answer` says and leaves every other command to the default dialogue. */
export const at = (verb: string, answer: (io: Io, line: string) => void): Script['on'] => (v, line, io) => {
  if (v !== verb) return 'default';
  answer(io, line);
  return 'handled';
};
