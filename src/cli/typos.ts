// "Did you mean" for the command line: a mistyped option (--josn) or command (expalin) named with the one meant.
import yargs, { type Argv } from 'yargs';
import { closest } from '../util/suggest.js';

interface CommandInstance {
  getCommands(): string[];
  getCommandHandlers(): Record<string, { original?: string }>;
}

function commandInstance(y: Argv<unknown>): CommandInstance | undefined {
  return (y as unknown as { getInternalMethods?: () => { getCommandInstance(): CommandInstance } }).getInternalMethods?.().getCommandInstance();
}

/** The commands yargs was given, but the default one (yargs has no public accessor; this one has held since yargs 17). */
export function commandNames(y: Argv<unknown>): string[] {
  return (commandInstance(y)?.getCommands() ?? []).filter((c) => c !== '$0');
}

/** Each command's usage as it was declared (`spf <domain>`), by name, for saying what a command line lacks. */
export function commandUsages(y: Argv<unknown>): Record<string, string> {
  const handlers = commandInstance(y)?.getCommandHandlers() ?? {};
  return Object.fromEntries(Object.entries(handlers).flatMap(([name, h]) => (typeof h.original === 'string' ? [[name, h.original]] : [])));
}

/**
 * yargs' "Not enough non-option arguments: got 0, need at least 1" as what is missing and the command's form:
 * `missing <domain>: splitcheck spf <domain>`; undefined for any other message.
 */
export function missingPositionals(message: string, usage: string | undefined): string | undefined {
  const got = /^Not enough non-option arguments: got (\d+)/.exec(message)?.[1];
  if (got === undefined || usage === undefined) return undefined;
  const missing = (usage.match(/<[^>]+>/g) ?? []).slice(Number(got));
  if (missing.length === 0) return undefined;
  return `missing ${missing.join(' and ')}: splitcheck ${usage.replace(/^\$0 ?/, '')}`;
}

/** The command meant by a first word that is no domain (no dot) but one or two keys from a command: `expalin`. */
export function commandTypo(word: string | undefined, commands: readonly string[]): string | undefined {
  if (word === undefined || word.includes('.') || commands.includes(word)) return undefined;
  return closest(word, commands);
}

/**
 * yargs' "Unknown argument(s): josn" with the option meant: `unknown option --josn (did you mean --json?)`.
 * `build` adds the command's options to a parser (its builder); only words typed as options are options.
 */
export function unknownOptions(message: string, args: readonly string[], build: (y: Argv<unknown>) => Argv<unknown>): string | undefined {
  const listed = /^Unknown arguments?: (.+)$/.exec(message)?.[1]?.split(', ');
  if (!listed) return undefined;
  const typed = listed.filter((name) => args.some((a) => a === `--${name}` || a.startsWith(`--${name}=`) || a === `-${name}`));
  if (typed.length === 0) return undefined;
  // getOptions() is yargs' own (not in its type definitions): the options the builder declared, and their aliases.
  const declared = (build(yargs()) as unknown as { getOptions(): { key: Record<string, unknown> } }).getOptions();
  const known = Object.keys(declared.key).filter((k) => !/[A-Z]/.test(k));
  return typed
    .map((name) => {
      const dashes = args.includes(`-${name}`) ? '-' : '--';
      const guess = closest(name, known);
      return `unknown option ${dashes}${name}${guess ? ` (did you mean ${guess.length === 1 ? '-' : '--'}${guess}?)` : ''}`;
    })
    .join('; ');
}
