// Validates a run's network settings (resolvers, timeout, retries) into typed values; refusals are values.
import { parseServerList, systemServers } from '../dns/servers.js';
import { parseDuration } from '../util/duration.js';
import { failure, ok, type Result } from '../util/result.js';
import { DEFAULT_RETRIES, DEFAULT_TIMEOUT_MS } from './defaults.js';
import type { NetworkSettings } from './sources/dns.js';

export type { NetworkSettings } from './sources/dns.js';

/** The run's `resolver`, `timeout`, `retries` as given (flags, splitcheck.config.json, check() options). */
export interface NetworkArgs {
  resolver?: string[];
  /** Milliseconds, or a duration with its unit as typed on the command line ("5s", "500ms"). */
  timeout?: number | string;
  /** A number, or as typed on the command line. */
  retries?: number | string;
}

/** --timeout: a bare number is milliseconds (as it always was), or give the unit. */
const TIMEOUT_RULES = { name: '--timeout', bareUnit: 'ms', minMs: 50, maxMs: 600_000 } as const;

/** A whole number from `min` to `max`, given as a number or as typed ("16"); `name` is the flag the refusal names, quoting what was given. */
export function integerIn(name: string, value: unknown, min: number, max: number): Result<number> {
  const number = typeof value === 'string' && /^\s*\d+\s*$/.test(value) ? Number(value) : value;
  if (typeof number !== 'number' || !Number.isInteger(number) || number < min || number > max) {
    const given = typeof value === 'string' ? JSON.stringify(value) : String(value);
    return failure(`--${name} must be a whole number from ${min} to ${max} (got ${given})`);
  }
  return ok(number);
}

export function timingSettings(args: { timeout?: number | string; retries?: number | string }): Result<Omit<NetworkSettings, 'servers'>> {
  const timeoutMs = parseDuration(args.timeout ?? DEFAULT_TIMEOUT_MS, TIMEOUT_RULES);
  if (!timeoutMs.ok) {
    // "--timeout 5" meant seconds, most likely: say how a bare number is read, and what to type instead.
    const bare = String(args.timeout ?? '').trim();
    if (/^\d+$/.test(bare) && Number(bare) < TIMEOUT_RULES.minMs) {
      return failure(`${timeoutMs.error} (a number alone is milliseconds: --timeout ${bare}s for ${bare} second${bare === '1' ? '' : 's'})`);
    }
    return timeoutMs;
  }
  const retries = integerIn('retries', args.retries ?? DEFAULT_RETRIES, 0, 10);
  if (!retries.ok) return retries;
  return ok({ timeoutMs: timeoutMs.value, retries: retries.value });
}

/** The resolvers to ask (`resolver`, else the system's) and the timing. */
export function networkSettings(args: NetworkArgs): Result<NetworkSettings> {
  const timing = timingSettings(args);
  if (!timing.ok) return timing;
  const list = args.resolver && args.resolver.length > 0 ? parseServerList(args.resolver) : systemServers();
  if (!list.ok) return failure(list.error);
  return ok({ servers: list.servers, ...timing.value });
}
