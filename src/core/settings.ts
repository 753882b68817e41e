// Validates a run's network settings (resolvers, timeout, retries) into typed values; refusals are values.
import { parseServerList, systemServers } from '../dns/servers.js';
import { failure, ok, type Result } from '../util/result.js';
import { DEFAULT_RETRIES, DEFAULT_TIMEOUT_MS } from './defaults.js';
import type { NetworkSettings } from './sources/dns.js';

export type { NetworkSettings } from './sources/dns.js';

/** The run's `resolver`, `timeout`, `retries` as given (flags, splitcheck.config.json, check() options). */
export interface NetworkArgs {
  resolver?: string[];
  timeout?: number;
  retries?: number;
}

/** A whole number from `min` to `max`; `name` is the flag the refusal names. */
export function integerIn(name: string, value: unknown, min: number, max: number): Result<number> {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    return failure(`--${name} must be a whole number from ${min} to ${max} (got ${String(value)})`);
  }
  return ok(value);
}

export function timingSettings(args: { timeout?: number; retries?: number }): Result<Omit<NetworkSettings, 'servers'>> {
  const timeoutMs = integerIn('timeout', args.timeout ?? DEFAULT_TIMEOUT_MS, 50, 600_000);
  if (!timeoutMs.ok) return timeoutMs;
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
