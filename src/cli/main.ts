// The command line: yargs (an instance, not the singleton) dispatching to commands that return exit codes.
import yargs, { type Argv } from 'yargs';
import type { Check } from '../engine/types.js';
import { EXIT, EXIT_WORDING } from '../engine/exit-codes.js';
import { VERSION } from '../version.js';
import { checkBuilder, demoBuilder, diffBuilder, explainBuilder, renderBuilder, spfBuilder, traceBuilder } from './builders.js';
import type { CheckArgs } from './commands/check.js';
import type { DemoArgs } from './commands/demo.js';
import type { DiffArgs } from './commands/diff.js';
import type { RenderArgs } from './commands/render.js';
import type { ExplainArgs } from './commands/explain.js';
import type { SpfArgs } from './commands/spf.js';
import type { TraceArgs } from './commands/trace.js';
import type { Io } from './io.js';
import { wrapText } from '../report/wrap.js';
import { escapeControl } from '../util/text.js';
import { commandNames, commandTypo, commandUsages, missingPositionals, unknownOptions } from './typos.js';
import { UsageError } from './usage-error.js';
import { helpWidth } from './width.js';

// For the bin: the process's signal handling (temporary files removed on Ctrl-C), not part of main() run in-process by tests.
export { cleanUpOnSignals } from './signals.js';

/** --help wraps at the terminal's width (80 when nothing tells it), at most 110 columns. */
const HELP_WIDTH = (io: Io) => helpWidth(io, 110, 80);

/** Each command's options, for "did you mean" after a mistyped one. */
const BUILDERS: Record<string, (y: Argv<unknown>) => Argv<unknown>> = {
  spf: spfBuilder,
  trace: traceBuilder,
  explain: explainBuilder,
  demo: demoBuilder,
  diff: diffBuilder,
  render: renderBuilder,
};

/** The command the arguments run: the first word when it names one, else the full check ('$0'). */
function commandOf(args: readonly string[], commands: readonly string[]): string {
  const first = args.find((a) => !a.startsWith('-'));
  return first !== undefined && commands.includes(first) ? first : '$0';
}

/** The help's closing text, already wrapped with hanging indents (yargs would wrap it flush left). */
function epilogue(all: readonly Check[], columns: number): string {
  const width = Math.max(...all.map((c) => c.meta.id.length));
  const indent = ' '.repeat(width + 4);
  const checks = all.map((c) => wrapText(c.meta.verifies.replace(/`/g, ''), columns, `  ${c.meta.id.padEnd(width)}  `, indent));
  return [
    'Checks (use the ids with --only and --skip; an area prefix such as "mx" selects all of its checks):',
    ...checks,
    '',
    'Statuses: pass · warn (works, but risky) · fail (mail is lost, bounced or spoofable) · error (could not be verified) · skip',
    '',
    'Exit codes:',
    ...Object.entries(EXIT_WORDING).map(([code, w]) => `  ${code}  ${w.when}`),
    '',
    'Progress goes to stderr (only on a terminal); the report goes to stdout. NO_COLOR turns colour off.',
  ].join('\n');
}

/**
 * yargs turns an option given twice into an array (`--smart-host a --smart-host b`), and code written
 * for one string then crashed ("t.trim is not a function", exit 3). Options meant to repeat are
 * listed per command; any other option given twice is a usage error naming it.
 */
function refuseRepeats(argv: Record<string, unknown>, repeatable: readonly string[]): void {
  for (const [key, value] of Object.entries(argv)) {
    // yargs keeps each option under its kebab-case name and a camelCase copy; the kebab one is enough.
    if (key === '_' || key === '$0' || /[A-Z]/.test(key) || repeatable.includes(key) || !Array.isArray(value)) continue;
    const name = key.length === 1 ? `-${key}` : `--${key}`;
    throw new UsageError(`${name} was given ${value.length} times (${value.map((v) => JSON.stringify(String(v))).join(', ')}); give it once`);
  }
}

/** Options of the full check that may be given several times (the rest take one value). */
const CHECK_REPEATABLE = ['domains', 'resolver', 'only', 'skip', 'hosting-ip', 'mailbox', 'm365-mailbox', 'plugin'];

/** The help's examples: what people run most. */
const EXAMPLES: [command: string, description: string][] = [
  ['splitcheck yourcompany.com', 'check the domain and print a report with fixes'],
  ['splitcheck yourcompany.com --json > report.json', 'the JSON report, for scripts and CI (exit 1: wrong, 3: unverified)'],
  ['splitcheck yourcompany.com --only mx --only autodiscover', 'run only the MX and autodiscover checks'],
  ['splitcheck yourcompany.com --resolver 1.1.1.1 --timeout 2000', 'ask a given resolver, 2 s per attempt'],
  ['splitcheck yourcompany.com --save-evidence run.json', 'keep everything the run saw, for support'],
  ['splitcheck --replay run.json', 'judge a saved run again, offline'],
  ['splitcheck spf yourcompany.com --ip 203.0.113.25', "would receivers accept the hosting server's mail? (a trace of every term)"],
  ['splitcheck trace alice@yourcompany.com', 'where does mail to this hosting mailbox stop, and why?'],
  ['splitcheck explain bounce.eml --check', 'what does this bounce mean, and is the cause still there?'],
  ['splitcheck yourcompany.com --baseline last-night.json', 'fail only on problems that are new or worse than in an earlier JSON report'],
  ['splitcheck yourcompany.com --wait 15m', 'after a DNS change: check again until the authoritative servers agree and the checks pass'],
  ['splitcheck yourcompany.com --format github', 'annotations for a GitHub Actions log (or use the Action: see the README)'],
  ['splitcheck diff old.json new.json', 'what changed between two JSON reports'],
  ['splitcheck demo', 'see a report for an example domain with typical mistakes'],
];

/** yargs' refusal of the command line, as a usage error; a mistyped option named with the one meant. */
function usageFromYargs(args: readonly string[], message: string | undefined, error: Error | undefined, command: string, usage?: string): UsageError {
  // "-contoso.com" is read as the short flags -c -o -n ...: yargs' "Unknown arguments: c, n, t, s"
  // would not tell the user that the domain was the problem.
  const dashed = args.find((a) => /^-[^-\d].*\./.test(a));
  if (message?.startsWith('Unknown argument') && dashed !== undefined) {
    return new UsageError(`"${dashed}" is not a valid domain name: a domain cannot start with "-"`);
  }
  const typo = message === undefined ? undefined : (unknownOptions(message, args, BUILDERS[command] ?? checkBuilder) ?? missingPositionals(message, usage));
  return new UsageError(typo ?? message ?? error?.message ?? 'invalid command line');
}

/**
 * What a command threw, said in one line on stderr (never a stack trace, unless SPLITCHECK_DEBUG): exit 2 for
 * bad usage, else 3. The pointer to the help names the command's own (`splitcheck spf --help`).
 */
function reportProblem(err: unknown, io: Io, command: string): number {
  if (err instanceof UsageError) {
    // The message can quote what was typed or read (yargs' "Unknown argument: <raw>", an --only
    // pattern): escape control characters so a typed ESC sequence cannot drive the terminal.
    const message = escapeControl(err.message.replace(/\s*\n\s*/g, ' '));
    const help = command === '$0' ? 'splitcheck --help' : `splitcheck ${command} --help`;
    // One pointer to the help is enough when the message already gives one.
    io.stderr.write(`splitcheck: ${message}${/--help/.test(message) ? '' : ` (see ${help})`}\n`);
    return EXIT.usage;
  }
  // Nothing should get here; if it does, say so in one line, without a stack trace.
  const reason = err instanceof Error ? err.message : String(err);
  io.stderr.write(`splitcheck: unexpected problem: ${escapeControl(reason.replace(/\s*\n\s*/g, ' '))}\n`);
  if (io.env.SPLITCHECK_DEBUG && err instanceof Error && err.stack) io.stderr.write(`${err.stack}\n`);
  return EXIT.unverified;
}

/**
 * The commands: each validates what yargs cannot and hands `run` the promise of its exit code. Command code
 * loads only when it runs: --help and --version stay light (start-up time).
 */
function withCommands<T>(y: Argv<T>, args: readonly string[], io: Io, run: (exitCode: Promise<number>) => void, commands: () => string[]) {
  return y
    .command(
      '$0 [domains..]',
      'check one domain end to end (MX, SPF, DKIM, DMARC, autodiscover, smart host, Microsoft 365), or several with one summary',
      (y) => checkBuilder(y),
      (argv) => {
        refuseRepeats(argv, CHECK_REPEATABLE);
        // yargs drops a lone "-" positional, so "splitcheck -" said only "no domain given".
        // (After an option it is that option's value: --domains-file -.)
        if (args.some((a, i) => a === '-' && !(args[i - 1] ?? '').startsWith('-'))) {
          throw new UsageError('"-" is not a domain; to read the domains from standard input, use --domains-file -');
        }
        // "splitcheck expalin bounce.eml" is a mistyped command, not two domains.
        const first = (argv as CheckArgs).domains?.[0];
        const meant = commandTypo(first, commands());
        if (meant) throw new UsageError(`"${first}" is neither a command nor a domain: did you mean "splitcheck ${meant}"?`);
        run(import('./commands/check.js').then((m) => m.checkCommand(argv as CheckArgs, io)));
      },
    )
    .command(
      'spf <domain>',
      'evaluate the SPF policy of a domain for one client address (RFC 7208 check_host(), like spfquery)',
      (y) => spfBuilder(y),
      (argv) => {
        refuseRepeats(argv, ['resolver']);
        run(import('./commands/spf.js').then((m) => m.spfCommand(argv as unknown as SpfArgs, io)));
      },
    )
    .command(
      'trace <address>',
      'follow one recipient hop by hop: MX → Microsoft 365 → connector smart host → hosting server, stopping where it breaks',
      (y) => traceBuilder(y),
      (argv) => {
        refuseRepeats(argv, ['resolver']);
        run(import('./commands/trace.js').then((m) => m.traceCommand(argv as unknown as TraceArgs, io)));
      },
    )
    .command(
      'explain <file>',
      'explain a bounce (pasted NDR text or an .eml): the diagnosis, the fix and the checks that confirm it',
      (y) => explainBuilder(y),
      (argv) => {
        refuseRepeats(argv, ['resolver']);
        // yargs turns a lone "-" positional into an empty string: pass on the "-" (standard input) that was typed.
        const file = argv.file === '' && args.includes('-') ? '-' : String(argv.file);
        run(import('./commands/explain.js').then((m) => m.explainCommand({ ...(argv as unknown as ExplainArgs), file }, io)));
      },
    )
    .command(
      'demo',
      'run the full check against a built-in example domain, offline',
      (y) => demoBuilder(y),
      (argv) => {
        refuseRepeats(argv, []);
        run(import('./commands/demo.js').then((m) => m.demoCommand(argv as DemoArgs, io)));
      },
    )
    .command(
      'm365-export-script',
      'print the read-only PowerShell script that exports the Microsoft 365 settings splitcheck reads with --m365-export',
      (y) => y,
      (argv) => {
        refuseRepeats(argv, []);
        run(import('./commands/m365-export-script.js').then((m) => m.m365ExportScriptCommand(io)));
      },
    );
}

/** The commands on saved JSON reports: compare two (diff), print one in another format (render). */
function withReportCommands<T>(y: Argv<T>, args: readonly string[], io: Io, run: (exitCode: Promise<number>) => void) {
  return y
    .command(
      'diff <old> <new>',
      'compare two JSON reports (a baseline and a later run): what is new, worse, fixed and still known; exit 1 or 3 only for new or worse problems',
      (y) => diffBuilder(y),
      (argv) => {
        refuseRepeats(argv, []);
        run(import('./commands/diff.js').then((m) => m.diffCommand(argv as unknown as DiffArgs, io)));
      },
    )
    .command(
      'render <report>',
      'print a saved JSON report in another format (terminal, markdown, junit, github...), e.g. annotations and a summary from one CI run',
      (y) => renderBuilder(y),
      (argv) => {
        refuseRepeats(argv, []);
        // yargs turns a lone "-" positional into an empty string: pass on the "-" (standard input) that was typed.
        const report = argv.report === '' && args.includes('-') ? '-' : String(argv.report);
        run(import('./commands/render.js').then((m) => m.renderCommand({ ...(argv as unknown as RenderArgs), report }, io)));
      },
    );
}

/** Run the CLI with `args` (without node and script) and return the exit code; never throws. */
export async function main(args: readonly string[], io: Io): Promise<number> {
  let pending: Promise<number> | undefined;
  // The check catalogue is for --help only: loading it otherwise would slow every start.
  const help = args.some((a) => a === '--help' || a === '-h');
  const catalogue = help ? (await import('../checks/index.js')).ALL_CHECKS : undefined;
  const base = yargs()
    .scriptName('splitcheck')
    .usage('splitcheck: diagnose a domain shared between Microsoft 365 and a hosting server (cPanel/Exim, Hostinger)');
  // The commands' names and usages, for "did you mean", the help pointer and what is missing: read once registered, before parsing
  // (yargs empties its list while it runs a command).
  let names: string[] = [];
  let usages: Record<string, string> = {};
  const commands = (): string[] => names;
  const started = (run: Promise<number>) => {
    pending = run;
  };
  const parser = withReportCommands(withCommands(base, args, io, started, commands), args, io, started)
    .example(EXAMPLES)
    .epilogue(catalogue ? epilogue(catalogue, HELP_WIDTH(io)) : '')
    .strict()
    .exitProcess(false)
    .version(VERSION)
    .alias('h', 'help')
    .help()
    .wrap(HELP_WIDTH(io))
    .fail((message, error) => {
      const command = commandOf(args, commands());
      throw usageFromYargs(args, message, error, command, usages[command]);
    });
  names = commandNames(parser as unknown as Argv<unknown>);
  usages = commandUsages(parser as unknown as Argv<unknown>);
  try {
    let output = '';
    await parser.parseAsync([...args], {}, (_err, _argv, text) => {
      output = text;
    });
    if (pending) return await pending;
    if (output) io.stdout.write(output.endsWith('\n') ? output : `${output}\n`);
    return EXIT.ok;
  } catch (err) {
    return reportProblem(err, io, commandOf(args, commands()));
  }
}
