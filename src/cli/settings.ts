// The command line's settings: the report format asked for, and the core's network settings with refusals as usage errors.
import { integerIn as integerInResult, networkSettings as networkResult, timingSettings as timingResult, type NetworkArgs, type NetworkSettings } from '../core/settings.js';
import { isFormatName, type FormatName } from '../report/formats/index.js';
import { extname } from 'node:path';
import { escapeControl } from '../util/text.js';
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

export function timingSettings(argv: { timeout?: number | string; retries?: number | string }): Omit<NetworkSettings, 'servers'> {
  return orUsage(timingResult(argv));
}

/** The resolvers to ask (`--resolver`, else the system's) and the timing; bad values are usage errors. */
export function networkSettings(argv: NetworkArgs): NetworkSettings {
  return orUsage(networkResult(argv));
}

/** Report formats: src/report/formats/. */
export type Format = FormatName;

/** What a report file's name says it holds, for --output without --format: report.xml is JUnit, as CI tools name it. */
const BY_EXTENSION: Record<string, Format> = {
  '.json': 'json',
  '.xml': 'junit',
  '.md': 'markdown',
  '.markdown': 'markdown',
  '.ndjson': 'ndjson',
  '.jsonl': 'ndjson',
  '.txt': 'terminal',
  '.log': 'terminal',
};

/**
 * The format asked for; yargs has already refused names a command does not offer. Without --json or
 * --format, a report written to a file (--output) takes the format its name says; an unknown extension
 * gets the terminal report, and `note` a line saying so.
 */
export function chosenFormat(argv: { json?: boolean; format?: string; output?: string }, note?: (line: string) => void): Format {
  if (argv.json && argv.format && argv.format !== 'json') {
    throw new UsageError(`--json and --format ${argv.format} contradict each other; use one`);
  }
  if (!argv.json && argv.format === undefined && argv.output !== undefined) {
    const named = BY_EXTENSION[extname(argv.output).toLowerCase()];
    if (named) return named;
    const others = Object.values(BY_EXTENSION).filter((f, i, all) => f !== 'terminal' && all.indexOf(f) === i);
    const choice = `${others.slice(0, -1).join(', ')} or ${others.at(-1)}`;
    note?.(`splitcheck: writing the terminal report to ${escapeControl(argv.output)} (its name says no format): give --format ${choice} for another`);
    return 'terminal';
  }
  const format = argv.json ? 'json' : (argv.format ?? 'terminal');
  if (!isFormatName(format)) throw new UsageError(`unknown --format "${format}"`);
  return format;
}
