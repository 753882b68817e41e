// The exit codes (CHECKS.md "Exit codes") and every wording of them, in one place: --help, the reports' result line, the line after --output, the demo.

export const EXIT = {
  ok: 0,
  problems: 1,
  usage: 2,
  unverified: 3,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

export interface ExitWording {
  /** When the code is given, as --help lists it. */
  when: string;
  /** The outcome a report's result line states ("Result: problems found (exit 1)."). */
  outcome: string;
  /** The outcome in a few words, after --output and in the demo ("problems found"). */
  short: string;
  /** One word for a table row of many domains. */
  label: string;
}

export const EXIT_WORDING: Readonly<Record<ExitCode, ExitWording>> = {
  0: { when: 'no fail and no error (with --strict, no warn either)', outcome: 'everything checked is in order', short: 'all in order', label: 'ok' },
  1: { when: 'at least one fail: your setup is wrong', outcome: 'problems found', short: 'problems found', label: 'problems' },
  2: { when: 'bad usage, bad input: nothing was checked', outcome: 'nothing was checked', short: 'nothing was checked', label: 'bad input' },
  3: {
    when: 'no fail, but at least one error: the run could not verify everything',
    outcome: 'some checks could not be verified',
    short: 'some checks could not be verified',
    label: 'unverified',
  },
};

/** The wording of `code`, or undefined for a number that is no exit code. */
export function exitWording(code: number): ExitWording | undefined {
  return Object.hasOwn(EXIT_WORDING, code) ? EXIT_WORDING[code as ExitCode] : undefined;
}
