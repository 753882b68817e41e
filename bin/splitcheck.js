#!/usr/bin/env node
// The installed command: a thin shim over the bundled CLI (build it first: npm run build).
import module from 'node:module';

// Node 22.1+ keeps V8's compiled code between runs, for a faster start; older Node has no such call.
module.enableCompileCache?.();

// The process's own output failing. A reader that went away (`splitcheck demo | head -1`) ends the run at
// once and quietly, as a closed pipe ends cat or grep: exit 141 (128 + SIGPIPE, what the shell reports for
// them), so exit 1 keeps meaning "the setup is wrong". Any other write error (a full disk) is one line.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (err) => {
    if (err.code === 'EPIPE') process.exit(141);
    if (stream === process.stdout) process.stderr.write(`splitcheck: cannot write to standard output: ${err.message}\n`);
    process.exit(2);
  });
}

const { main, cleanUpOnSignals } = await import('../dist/cli.js');

// Ctrl-C or SIGTERM: temporary files removed (a report being replaced stays as it was), then the same signal ends the process.
cleanUpOnSignals();

process.exitCode = await main(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
  cwd: process.cwd(),
});
