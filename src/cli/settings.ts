// The command line's settings: the report format asked for, and the core's network settings with refusals as usage errors.
import { integerIn as integerInResult, networkSettings as networkResult, timingSettings as timingResult, type NetworkArgs, type NetworkSettings } from '../core/settings.js';
import { isFormatName, type FormatName } from '../report/formats/index.js';
import { orUsage, UsageError } from './usage-error.js';

export type { NetworkArgs, NetworkSettings } from '../core/settings.js';

/** The parsed `--json`, `--format`, `--color`, `--verbose` of any command that prints a report. */
export interface OutputArgs {
  json?: boolean;
  format?: string;
  color?: boolean;
  verbose?: boolean;
  /** `--summary` (the full check and `demo` only): the terminal report without the checks' details. */
  summary?: boolean;
}

export function integerIn(name: string, value: unknown, min: number, max: number): number {
  return orUsage(integerInResult(name, value, min, max));
}

export function timingSettings(argv: { timeout?: number; retries?: number }): Omit<NetworkSettings, 'servers'> {
  return orUsage(timingResult(argv));
}

/** The resolvers to ask (`--resolver`, else the system's) and the timing; bad values are usage errors. */
export function networkSettings(argv: NetworkArgs): NetworkSettings {
  return orUsage(networkResult(argv));
}

/** Report formats: src/report/formats/. */
export type Format = FormatName;

/** The format asked for; yargs has already refused names a command does not offer. */
export function chosenFormat(argv: { json?: boolean; format?: string }): Format {
  if (argv.json && argv.format && argv.format !== 'json') {
    throw new UsageError(`--json and --format ${argv.format} contradict each other; use one`);
  }
  const format = argv.json ? 'json' : (argv.format ?? 'terminal');
  if (!isFormatName(format)) throw new UsageError(`unknown --format "${format}"`);
  return format;
}
