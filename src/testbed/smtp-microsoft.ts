// A Microsoft 365 edge imitation (smtp-server) for the Internal Relay probe: Authoritative blocks unknown recipients with 5.4.1, Internal Relay accepts them.

import { randomBytes } from 'node:crypto';
import { SMTPServer, type SMTPServerAddress, type SMTPServerOptions } from 'smtp-server';
import { CommandLog, listenSmtpServer, type RunningSmtpServer } from './smtp-common.js';

export interface MicrosoftEdgeOptions {
  /**
   * The accepted domain's type in Exchange Online. `authoritative`: directory-based edge blocking rejects
   * a recipient with no mailbox at RCPT. `internal-relay`: it is accepted (and would be relayed through
   * the outbound connector to the hosting server).
   */
  mode: 'authoritative' | 'internal-relay';
  /** Accepted domains of the tenant. */
  acceptedDomains: string[];
  /** Recipients with an Exchange Online mailbox. */
  mailboxes: string[];
  /** Name in the greeting (default `example-test.mail.protection.outlook.com`). */
  hostname?: string;
  /** STARTTLS certificate; Exchange Online always offers STARTTLS. Default: none (STARTTLS off, for plain tests). */
  tls?: { key: string; cert: string };
}

export type MicrosoftEdgeServer = RunningSmtpServer;

// The back-end server name Exchange Online puts in brackets at the end of its replies.
const BACKEND = 'AM0PR00MB0000.eurprd00.prod.outlook.com';

function smtpError(code: number, message: string): Error & { responseCode: number } {
  return Object.assign(new Error(message), { responseCode: code });
}

function stamp(): string {
  return `[${BACKEND} ${new Date().toISOString()} ${randomBytes(8).toString('hex').toUpperCase()}]`;
}

export async function startMicrosoftEdgeServer(options: MicrosoftEdgeOptions): Promise<MicrosoftEdgeServer> {
  const domains = new Set(options.acceptedDomains.map((domain) => domain.toLowerCase()));
  const mailboxes = new Set(options.mailboxes.map((mailbox) => mailbox.toLowerCase()));
  const log = new CommandLog();
  const serverOptions: SMTPServerOptions = {
    name: options.hostname ?? 'example-test.mail.protection.outlook.com',
    banner: `Microsoft ESMTP MAIL Service ready at ${new Date().toUTCString()}`,
    size: 157_286_400, // Exchange Online advertises SIZE 157286400
    disableReverseLookup: true,
    logger: log.smtpServerLogger(),
    closeTimeout: 200,
    socketTimeout: 30_000,
    // The edge never offers AUTH on port 25.
    disabledCommands: options.tls ? ['AUTH'] : ['AUTH', 'STARTTLS'],
    onRcptTo(address: SMTPServerAddress, _session, callback) {
      const recipient = address.address.toLowerCase();
      const domain = recipient.slice(recipient.lastIndexOf('@') + 1);
      if (!domains.has(domain)) {
        // Not an accepted domain of any tenant here: Exchange Online refuses to relay.
        return callback(smtpError(550, `5.7.64 TenantAttribution; Relay Access Denied ${stamp()}`));
      }
      if (mailboxes.has(recipient) || options.mode === 'internal-relay') return callback();
      // Directory-based edge blocking of an Authoritative domain.
      return callback(smtpError(550, `5.4.1 Recipient address rejected: Access denied. AS(201806281) ${stamp()}`));
    },
    onData(stream, _session, callback) {
      stream.resume();
      stream.on('end', () => callback());
    },
  };
  if (options.tls) {
    serverOptions.key = options.tls.key;
    serverOptions.cert = options.tls.cert;
  }
  return listenSmtpServer(new SMTPServer(serverOptions), log);
}
