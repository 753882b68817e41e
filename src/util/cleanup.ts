// Temporary files to remove however the process ends: at exit, and on Ctrl-C or SIGTERM through the command line's signal handlers.

const pending = new Set<() => void>();
let hooked = false;

/**
 * `remove` runs once when the process exits, or when runCleanups() is called (the command line does on a
 * signal, which ends the process without an exit event); the returned function cancels it, for a file
 * that was removed or kept on purpose.
 */
export function onCleanup(remove: () => void): () => void {
  if (!hooked) {
    process.once('exit', runCleanups);
    hooked = true;
  }
  pending.add(remove);
  return () => void pending.delete(remove);
}

/** Runs every pending cleanup once, best effort: one that fails does not keep the others from running. */
export function runCleanups(): void {
  for (const remove of [...pending]) {
    pending.delete(remove);
    try {
      remove();
    } catch {
      // Already gone, or not ours to remove any more: nothing to do at exit.
    }
  }
}
