// Command-line option definitions shared by the commands (validation lives in settings.ts, loaded with the command).
import type { Argv } from 'yargs';
import { DEFAULT_RETRIES, DEFAULT_TIMEOUT_MS } from '../core/defaults.js';

export { DEFAULT_RETRIES, DEFAULT_TIMEOUT_MS };

/** `--resolver`, `--timeout`, `--retries`: how to reach the network. */
export function networkOptions<T>(y: Argv<T>) {
  return y
    .option('resolver', {
      type: 'string',
      array: true,
      requiresArg: true,
      describe: 'DNS server to ask instead of the system\'s (repeatable): ip, ip:port or [ipv6]:port',
    })
    // No yargs defaults here: a value from splitcheck.config.json must not be overridden by a default.
    // A string: yargs would turn "5s" into NaN before it could be read as the duration it is.
    .option('timeout', {
      type: 'string',
      requiresArg: true,
      describe: `time allowed for each network attempt (one DNS query, one SMTP step): 500ms, 5s, or milliseconds (5000); a whole SMTP session gets 4 × this [default: ${DEFAULT_TIMEOUT_MS / 1000}s]`,
    })
    .option('retries', {
      type: 'string',
      requiresArg: true,
      describe: `extra attempts per DNS question after a timeout (across the resolvers, in turn) [default: ${DEFAULT_RETRIES}]`,
    });
}

/** `--json`, `--format`, `--color`, `--verbose`: how to show the result; `formats` are the command's own. */
export function outputOptions<T>(y: Argv<T>, formats: readonly string[] = ['terminal', 'json']) {
  return y
    .option('json', { type: 'boolean', describe: 'print the JSON report on stdout (same as --format json)' })
    .option('format', {
      type: 'string',
      choices: formats,
      requiresArg: true,
      describe: 'report format [default: terminal]',
    })
    .option('color', { type: 'boolean', describe: 'colour the terminal report (default: on a TTY, unless NO_COLOR is set)' })
    .option('verbose', { alias: 'v', type: 'boolean', describe: 'also show what was seen for passing checks' });
}

/** `--summary`: the terminal report of a full check without the checks' details. */
export function summaryOption<T>(y: Argv<T>) {
  return y.option('summary', { type: 'boolean', describe: 'terminal report: only the mail flows and "Fix first", without each check\'s details' });
}
