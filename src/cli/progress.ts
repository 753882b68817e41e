// Progress on stderr with ora, driven by engine callbacks; only on a TTY and never for machine output.
import type { Check, Finding } from '../engine/types.js';
import { onCleanup } from '../util/cleanup.js';
import type { Io } from './io.js';

export interface Progress {
  onCheckStart(check: Check): void;
  onCheckDone(finding: Finding): void;
  stop(): void;
}

const SILENT: Progress = { onCheckStart() {}, onCheckDone() {}, stop() {} };

/**
 * The one place that decides whether progress is drawn: people reading a TTY, not CI, not a dumb
 * terminal. ora is then told it is enabled, because its own test reads `process.env` (and would
 * disagree with the injected `io.env` in tests, or under a CI runner that sets `CI`).
 */
function wanted(io: Io, enabled: boolean): boolean {
  return enabled && io.stderr.isTTY === true && !io.env.CI && io.env.TERM !== 'dumb' && hasWidth(io);
}

/**
 * A terminal that says it is 0 columns wide (a pseudo-terminal nobody sized: `script` without a terminal, a
 * container's TTY before its first resize) gets no spinner: ora divides its line by the width to know how many
 * lines to clear, and clears Infinity of them, writing without end and never reaching Ctrl-C's handler.
 */
function hasWidth(io: Io): boolean {
  return io.stderr.columns === undefined || io.stderr.columns > 0;
}

/** A spinner on stderr, stopped (its line cleared, the cursor shown) when the run is interrupted too. */
async function spinnerOn(io: Io, text: string) {
  const { default: ora } = await import('ora');
  const spinner = ora({ text, stream: io.stderr as NodeJS.WritableStream, discardStdin: false, isEnabled: true }).start();
  const cancel = onCleanup(() => spinner.stop());
  return Object.assign(spinner, { done: () => (cancel(), spinner.stop()) });
}

/**
 * Start a spinner on stderr when stderr is a TTY and the report is for people. ora is imported
 * only then, so piped and JSON runs never load it (start-up time).
 */
export async function startProgress(io: Io, enabled: boolean, label: string, total: number): Promise<Progress> {
  if (!wanted(io, enabled)) return SILENT;
  const spinner = await spinnerOn(io, label);
  const running = new Set<string>();
  let done = 0;
  const update = () => {
    const current = [...running].slice(0, 2).join(', ');
    spinner.text = `${label} ${done}/${total}${current ? `  ${current}` : ''}`;
  };
  return {
    onCheckStart(check) {
      running.add(check.meta.id);
      update();
    },
    onCheckDone(finding) {
      running.delete(finding.id);
      done += 1;
      update();
    },
    stop() {
      spinner.done();
    },
  };
}

export interface DomainProgress {
  onDomainDone(row: { domain: string; exitCode: number }): void;
  stop(): void;
}

/** A progress bar over many domains on stderr: only on a TTY, never for machine output on stdout. */
export async function startDomainProgress(io: Io, enabled: boolean, total: number): Promise<DomainProgress> {
  if (!wanted(io, enabled)) return { onDomainDone() {}, stop() {} };
  const spinner = await spinnerOn(io, '');
  let done = 0;
  let problems = 0;
  const width = 24;
  const draw = (last?: string) => {
    const filled = Math.round((done / Math.max(1, total)) * width);
    spinner.text = `[${'█'.repeat(filled)}${'░'.repeat(width - filled)}] ${done}/${total} domains · ${problems} with problems${last ? ` · ${last}` : ''}`;
  };
  draw();
  return {
    onDomainDone(row) {
      done += 1;
      if (row.exitCode === 1) problems += 1;
      draw(row.domain);
    },
    stop() {
      spinner.done();
    },
  };
}
