// Ctrl-C (SIGINT), SIGTERM and SIGHUP during a run: temporary files removed, then the process ends by that signal, as it would have.
import { runCleanups } from '../util/cleanup.js';

const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

/**
 * Node ends the process on these signals without an exit event, so nothing registered with onCleanup would
 * run: the spool of a JUnit run and a half-written --output stayed behind. The handler cleans up and sends
 * the signal again with no handler left, so the shell (or CI) sees the run was interrupted (exit 130, 143).
 * A part of the run that handles the signal itself (--wait: Ctrl-C ends the wait and the last report stands)
 * still has its listener then, so the signal sent again reaches it, not the default action, and the run ends
 * its own way (test/cli/wait-interrupt.test.ts); what was cleaned up early is only temporary files and the spinner.
 */
export function cleanUpOnSignals(): void {
  for (const signal of SIGNALS) {
    process.once(signal, () => {
      runCleanups();
      process.kill(process.pid, signal);
    });
  }
}
