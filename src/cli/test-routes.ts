// SPLITCHECK_TEST_SMTP_ROUTES: a test-only connect hook read from the environment, so a spawned CLI can probe "port 25 of a name" on loopback.
import { isIP } from 'node:net';
import type { SmtpConnectHook, SmtpEndpoint } from '../smtp/types.js';
import { escapeControl } from '../util/text.js';
import { UsageError } from './usage-error.js';

/**
 * For tests only (documented in the README, "SMTP checks"): a JSON object mapping `host:port` (or `host`)
 * to `ip:port` on loopback, e.g. `{"mail.example.test:25":"127.0.0.1:40001"}`. Checks still ask for port 25
 * of the real name; only the socket goes elsewhere. Targets not listed are dialled as usual. Only loopback
 * endpoints are accepted, so the variable can never send a probe anywhere but this machine.
 */
export const TEST_ROUTES_ENV = 'SPLITCHECK_TEST_SMTP_ROUTES';

function loopbackEndpoint(value: unknown, key: string): SmtpEndpoint {
  const text = typeof value === 'string' ? value : '';
  const match = /^(?:\[([^\]]+)\]|([^:]+)):(\d{1,5})$/.exec(text);
  const host = match?.[1] ?? match?.[2] ?? '';
  const port = Number(match?.[3]);
  const loopback = (isIP(host) === 4 && host.startsWith('127.')) || host === '::1';
  if (!match || !loopback || !(port >= 1 && port <= 65535)) {
    throw new UsageError(`${TEST_ROUTES_ENV}: "${escapeControl(key)}" must map to a loopback ip:port such as 127.0.0.1:2525`);
  }
  return { host, port };
}

/** The hook the variable describes, or undefined when it is not set. */
export function testSmtpRoutes(env: NodeJS.ProcessEnv): SmtpConnectHook | undefined {
  const text = env[TEST_ROUTES_ENV];
  if (text === undefined || text === '') return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new UsageError(`${TEST_ROUTES_ENV} is not JSON: give an object such as {"mail.example.test:25":"127.0.0.1:2525"}`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new UsageError(`${TEST_ROUTES_ENV} must be a JSON object of "host:port": "127.0.0.1:port"`);
  }
  const routes = new Map(Object.entries(parsed).map(([key, value]) => [key.toLowerCase(), loopbackEndpoint(value, key)]));
  return (target) => routes.get(`${target.host.toLowerCase()}:${target.port}`) ?? routes.get(target.host.toLowerCase());
}
