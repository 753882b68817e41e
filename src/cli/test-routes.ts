// SPLITCHECK_TEST_SMTP_ROUTES / _HTTPS_ROUTES: test-only connect hooks read from the environment, so a spawned CLI can reach "port 25 (or 443) of a name" on loopback.
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
/** The same for the MTA-STS policy fetch: e.g. `{"mta-sts.example.test:443":"127.0.0.1:40002"}`. */
export const TEST_HTTPS_ROUTES_ENV = 'SPLITCHECK_TEST_HTTPS_ROUTES';

function loopbackEndpoint(value: unknown, key: string, variable: string): SmtpEndpoint {
  const text = typeof value === 'string' ? value : '';
  const match = /^(?:\[([^\]]+)\]|([^:]+)):(\d{1,5})$/.exec(text);
  const host = match?.[1] ?? match?.[2] ?? '';
  const port = Number(match?.[3]);
  const loopback = (isIP(host) === 4 && host.startsWith('127.')) || host === '::1';
  if (!match || !loopback || !(port >= 1 && port <= 65535)) {
    throw new UsageError(`${variable}: "${escapeControl(key)}" must map to a loopback ip:port such as 127.0.0.1:2525`);
  }
  return { host, port };
}

/** The hook the variable describes, or undefined when it is not set. */
export function testSmtpRoutes(env: NodeJS.ProcessEnv): SmtpConnectHook | undefined {
  return testRoutes(env, TEST_ROUTES_ENV);
}

/** The HTTPS hook (mtasts.policy), or undefined when SPLITCHECK_TEST_HTTPS_ROUTES is not set. */
export function testHttpsRoutes(env: NodeJS.ProcessEnv): SmtpConnectHook | undefined {
  return testRoutes(env, TEST_HTTPS_ROUTES_ENV);
}

function testRoutes(env: NodeJS.ProcessEnv, variable: string): SmtpConnectHook | undefined {
  const text = env[variable];
  if (text === undefined || text === '') return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new UsageError(`${variable} is not JSON: give an object such as {"mail.example.test:25":"127.0.0.1:2525"}`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new UsageError(`${variable} must be a JSON object of "host:port": "127.0.0.1:port"`);
  }
  const routes = new Map(Object.entries(parsed).map(([key, value]) => [key.toLowerCase(), loopbackEndpoint(value, key, variable)]));
  return (target) => routes.get(`${target.host.toLowerCase()}:${target.port}`) ?? routes.get(target.host.toLowerCase());
}
