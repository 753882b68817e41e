// SPLITCHECK_TEST_AUTH_PORT: a test-only port for --authoritative, so a spawned CLI can ask name servers on loopback without root.
import { isIP } from 'node:net';
import { escapeControl } from '../util/text.js';
import { UsageError } from './usage-error.js';

/**
 * For tests only (documented in the README, "Authoritative answers"): the port to ask name-server
 * addresses on instead of 53. It applies to loopback addresses alone (127.0.0.0/8, ::1), so it can never
 * redirect a question to anything but this machine; every other address is asked on port 53 as usual.
 * Tests run several loopback name servers on 127.0.0.2, 127.0.0.3, ... sharing one free port, since
 * binding port 53 would need root.
 */
export const TEST_AUTH_PORT_ENV = 'SPLITCHECK_TEST_AUTH_PORT';

function isLoopback(host: string): boolean {
  return (isIP(host) === 4 && host.startsWith('127.')) || host === '::1';
}

/** The port chooser the variable describes, or undefined when it is not set. */
export function testAuthPort(env: NodeJS.ProcessEnv): ((host: string) => number) | undefined {
  const text = env[TEST_AUTH_PORT_ENV];
  if (text === undefined || text === '') return undefined;
  const port = /^\d{1,5}$/.test(text) ? Number(text) : NaN;
  if (!(port >= 1 && port <= 65535)) throw new UsageError(`${TEST_AUTH_PORT_ENV} must be a port number (1-65535), not "${escapeControl(text.slice(0, 20))}"`);
  return (host) => (isLoopback(host) ? port : 53);
}
