// A Microsoft 365 edge that refuses the prober itself (5.7.606 banned sending IP, 5.7.25 IPv6 without PTR) at the greeting, MAIL or RCPT.
import { SMTPServer } from 'smtp-server';
import { CommandLog, listenSmtpServer, type RunningSmtpServer } from '../../src/testbed/smtp-common.js';

export interface RefusingEdgeOptions {
  /** Where the refusal comes: instead of the greeting, at MAIL FROM, or at RCPT TO. */
  at: 'greeting' | 'mail' | 'rcpt';
  code: number;
  /** The reply text after the code, enhanced status code first, e.g. `5.7.606 Access denied, banned sending IP [192.0.2.1]`. */
  text: string;
}

function smtpError(code: number, message: string): Error & { responseCode: number } {
  return Object.assign(new Error(message), { responseCode: code });
}

export async function startRefusingEdge(options: RefusingEdgeOptions): Promise<RunningSmtpServer> {
  const log = new CommandLog();
  const refuse = (callback: (err?: Error) => void): void => callback(smtpError(options.code, options.text));
  const server = new SMTPServer({
    name: 'example-test.mail.protection.outlook.com',
    banner: 'Microsoft ESMTP MAIL Service ready',
    disableReverseLookup: true,
    logger: log.smtpServerLogger(),
    closeTimeout: 200,
    disabledCommands: ['AUTH', 'STARTTLS'],
    onConnect(_session, callback) {
      if (options.at === 'greeting') return refuse(callback);
      callback();
    },
    onMailFrom(_address, _session, callback) {
      if (options.at === 'mail') return refuse(callback);
      callback();
    },
    onRcptTo(_address, _session, callback) {
      if (options.at === 'rcpt') return refuse(callback);
      callback();
    },
    onData(stream, _session, callback) {
      stream.resume();
      stream.on('end', () => callback());
    },
  });
  return listenSmtpServer(server, log);
}
