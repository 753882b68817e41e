// What every SMTP test server shares: loopback on port 0, a log of the commands it received (DATA above all), closing.

import type { AddressInfo, Server } from 'node:net';
import type { SMTPServer } from 'smtp-server';
import type { SmtpConnectHook } from '../smtp/types.js';

/** A running test server. Every one of them remembers whether it ever received DATA: tests assert it never did. */
export interface RunningSmtpServer {
  host: '127.0.0.1';
  port: number;
  /** Command lines received, in order, across all connections (AUTH arguments redacted). */
  readonly commands: readonly string[];
  /** True once a DATA or BDAT command arrived, whatever the server answered. */
  readonly sawData: boolean;
  /** Connections accepted so far. */
  readonly connections: number;
  close(): Promise<void>;
}

/** The bookkeeping behind `commands`/`sawData`, shared by the smtp-server based and the raw servers. */
export class CommandLog {
  readonly commands: string[] = [];
  sawData = false;
  connections = 0;

  record(line: string): void {
    // Bounded: a test server must not grow without limit either.
    if (this.commands.length < 10_000) this.commands.push(line);
    const verb = line.trim().split(/\s+/)[0]?.toUpperCase();
    if (verb === 'DATA' || verb === 'BDAT') this.sawData = true;
  }

  /**
   * An smtp-server logger that records each command. smtp-server logs every command line it
   * reads (`C:` with tnx 'command') before deciding anything about it, so DATA is seen even
   * when it would be refused.
   */
  smtpServerLogger(): Record<'trace' | 'debug' | 'info' | 'warn' | 'error' | 'fatal', (...args: unknown[]) => void> {
    const ignore = (): void => undefined;
    return {
      debug: (entry: unknown, _message: unknown, line: unknown) => {
        if ((entry as { tnx?: unknown } | undefined)?.tnx === 'command' && typeof line === 'string') this.record(line);
      },
      trace: ignore,
      info: ignore,
      warn: ignore,
      error: ignore,
      fatal: ignore,
    };
  }
}

function portOf(server: Server): number {
  return (server.address() as AddressInfo).port;
}

/** Starts an smtp-server on 127.0.0.1, port 0, and wraps it with the log. */
export async function listenSmtpServer(server: SMTPServer, log: CommandLog): Promise<RunningSmtpServer> {
  // smtp-server emits 'error' for a client that resets (the probe destroys sockets on purpose).
  server.on('error', () => undefined);
  // Counted at accept time: smtp-server's own 'connect' event comes only after its early-talker delay.
  server.server.on('connection', () => {
    log.connections += 1;
  });
  const port = await listenLoopback(server.server);
  return running(port, log, () => new Promise<void>((resolve) => server.close(() => resolve())));
}

/** Starts a raw net server on 127.0.0.1, port 0; closing destroys every socket still open. */
export async function listenNetServer(server: Server, log: CommandLog, onClose: () => void): Promise<RunningSmtpServer> {
  const port = await listenLoopback(server);
  return running(port, log, () =>
    new Promise<void>((resolve) => {
      onClose();
      server.close(() => resolve());
    }),
  );
}

/** Listen on 127.0.0.1, port 0, and return the port assigned. */
async function listenLoopback(server: Server): Promise<number> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  return portOf(server);
}

/** The handle tests hold: where the server listens, what it saw, how to close it. */
function running(port: number, log: CommandLog, close: () => Promise<void>): RunningSmtpServer {
  return {
    host: '127.0.0.1',
    port,
    get commands() {
      return log.commands;
    },
    get sawData() {
      return log.sawData;
    },
    get connections() {
      return log.connections;
    },
    close,
  };
}

/**
 * A connect hook for the probe: targets named `host` or `host:port` go to the given test servers on
 * loopback; anything else is left alone. Lets a check ask for port 25 of mail.example.test and reach a
 * test server on an ephemeral port, without root.
 */
export function loopbackRoutes(routes: Record<string, Pick<RunningSmtpServer, 'host' | 'port'>>): SmtpConnectHook {
  return (target) => {
    const server = routes[`${target.host.toLowerCase()}:${target.port}`] ?? routes[target.host.toLowerCase()];
    return server ? { host: server.host, port: server.port } : undefined;
  };
}
