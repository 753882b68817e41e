// An Exim-on-cPanel imitation (smtp-server): Email Routing local or remote, STARTTLS with any chain, optionally AUTH-only like a submission port.

import type tls from 'node:tls';
import { SMTPServer, type SMTPServerAddress, type SMTPServerOptions, type SMTPServerSession } from 'smtp-server';
import { CommandLog, listenSmtpServer, type RunningSmtpServer } from './smtp-common.js';

export interface EximServerOptions {
  /** The server's own name, in the greeting and the EHLO reply (default `server.hosting.test`). */
  hostname?: string;
  /** Domains of the cPanel account (e.g. `example.test`). */
  domains: string[];
  /** Mailboxes that exist on the hosting server, full addresses. */
  mailboxes: string[];
  /**
   * cPanel "Email Routing". `local` (Local Mail Exchanger): mail for the domains is delivered here, unknown
   * users get 550 5.1.1. `remote` (Remote Mail Exchanger): Exim treats the domains as someone else's and
   * refuses mail relayed from Microsoft 365 as relaying. Default `local`.
   */
  routing?: 'local' | 'remote';
  /** Certificate chain for STARTTLS (`cert` is what the server sends, leaf first). `false`: no STARTTLS. */
  tls: { key: string; cert: string } | false;
  /** Extra TLS server options, e.g. `{ maxVersion: 'TLSv1.1' }` for a server too old for Exchange Online. */
  tlsOptions?: tls.TlsOptions;
  /** A submission-like service (smtp.hostinger.com:587): MAIL without AUTH gets 530. Default false. */
  requireAuth?: boolean;
}

export interface EximServer extends RunningSmtpServer {
  /** Recipients accepted with 250 (none of them ever gets a message: the probe never sends DATA). */
  readonly acceptedRecipients: readonly string[];
}

/** Exim's relay refusal as cPanel words it (acl_smtp_rcpt, "relay not permitted"), on one line. */
export function eximRelayDenied(session: Pick<SMTPServerSession, 'clientHostname' | 'remoteAddress' | 'remotePort'>): string {
  return (
    'Please turn on SMTP Authentication in your mail client. ' +
    `${session.clientHostname} [${session.remoteAddress}]:${session.remotePort} ` +
    'is not permitted to relay through this server without authentication.'
  );
}

function smtpError(code: number, message: string): Error & { responseCode: number } {
  return Object.assign(new Error(message), { responseCode: code });
}

function domainOf(address: string): string {
  return address.slice(address.lastIndexOf('@') + 1).toLowerCase();
}

export async function startEximServer(options: EximServerOptions): Promise<EximServer> {
  const hostname = options.hostname ?? 'server.hosting.test';
  const routing = options.routing ?? 'local';
  const domains = new Set(options.domains.map((domain) => domain.toLowerCase()));
  const mailboxes = new Set(options.mailboxes.map((mailbox) => mailbox.toLowerCase()));
  const log = new CommandLog();
  const accepted: string[] = [];

  const serverOptions: SMTPServerOptions = {
    name: hostname,
    banner: 'Exim 4.98.2 #2',
    size: 52_428_800, // cPanel's default message_size_limit (50 MB)
    disableReverseLookup: true, // offline: no PTR lookups
    logger: log.smtpServerLogger(),
    closeTimeout: 200,
    socketTimeout: 30_000,
    authMethods: ['PLAIN', 'LOGIN'],
    // Port 25 of a cPanel server takes unauthenticated mail for its own domains; 587 does not.
    authOptional: !options.requireAuth,
    authRequiredMessage: '5.7.0 Authentication required',
    disabledCommands: options.tls === false ? ['STARTTLS'] : [],
    onAuth(_auth, _session, callback) {
      callback(smtpError(535, 'Incorrect authentication data'));
    },
    onRcptTo(address: SMTPServerAddress, session: SMTPServerSession, callback) {
      const recipient = address.address.toLowerCase();
      if (session.user) {
        accepted.push(recipient);
        return callback();
      }
      if (routing === 'local' && domains.has(domainOf(recipient))) {
        if (mailboxes.has(recipient)) {
          accepted.push(recipient);
          return callback();
        }
        return callback(smtpError(550, `5.1.1 <${address.address}>: No Such User Here`));
      }
      // Remote routing, or a domain this server does not host: delivering would be relaying.
      return callback(smtpError(550, eximRelayDenied(session)));
    },
    onData(stream, _session, callback) {
      // Never reached by the probe; drained so a misbehaving client cannot wedge the server.
      stream.resume();
      stream.on('end', () => callback());
    },
  };
  if (options.tls !== false) {
    serverOptions.key = options.tls.key;
    serverOptions.cert = options.tls.cert;
    Object.assign(serverOptions, options.tlsOptions ?? {});
  }
  const running = await listenSmtpServer(new SMTPServer(serverOptions), log);
  return Object.assign(running, { acceptedRecipients: accepted });
}
