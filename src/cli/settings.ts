// Validates parsed options into typed settings: resolvers, timing, report format.
import { parseServerList, systemServers } from '../dns/servers.js';
import type { ServerAddress } from '../dns/types.js';
import { DEFAULT_RETRIES, DEFAULT_TIMEOUT_MS } from './options.js';
import { isFormatName, type FormatName } from '../report/formats.js';
import { UsageError } from './usage-error.js';

/** The parsed `--resolver`, `--timeout`, `--retries` of any command that asks the network. */
export interface NetworkArgs {
  resolver?: string[];
  timeout?: number;
  retries?: number;
}

/** The parsed `--json`, `--format`, `--color`, `--verbose` of any command that prints a report. */
export interface OutputArgs {
  json?: boolean;
  format?: string;
  color?: boolean;
  verbose?: boolean;
}

export interface NetworkSettings {
  servers: ServerAddress[];
  timeoutMs: number;
  retries: number;
}

export function integerIn(name: string, value: unknown, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw new UsageError(`--${name} must be a whole number from ${min} to ${max} (got ${String(value)})`);
  }
  return value;
}

export function timingSettings(argv: { timeout?: number; retries?: number }): Omit<NetworkSettings, 'servers'> {
  const timeoutMs = integerIn('timeout', argv.timeout ?? DEFAULT_TIMEOUT_MS, 50, 600_000);
  const retries = integerIn('retries', argv.retries ?? DEFAULT_RETRIES, 0, 10);
  return { timeoutMs, retries };
}

/** The resolvers to ask (`--resolver`, else the system's) and the timing; bad values are usage errors. */
export function networkSettings(argv: { resolver?: string[]; timeout?: number; retries?: number }): NetworkSettings {
  const timing = timingSettings(argv);
  const list = argv.resolver && argv.resolver.length > 0 ? parseServerList(argv.resolver) : systemServers();
  if (!list.ok) throw new UsageError(list.error);
  return { servers: list.servers, ...timing };
}

/** Report formats: the renderers of src/report/formats.ts, plus ndjson (one JSON line per domain, streamed). */
export type Format = FormatName | 'ndjson';

/** The format asked for; yargs has already refused names a command does not offer. */
export function chosenFormat(argv: { json?: boolean; format?: string }): Format {
  if (argv.json && argv.format && argv.format !== 'json') {
    throw new UsageError(`--json and --format ${argv.format} contradict each other; use one`);
  }
  const format = argv.json ? 'json' : (argv.format ?? 'terminal');
  if (format !== 'ndjson' && !isFormatName(format)) throw new UsageError(`unknown --format "${format}"`);
  return format;
}
