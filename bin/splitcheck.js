#!/usr/bin/env node
// The installed command: a thin shim over the bundled CLI (build it first: npm run build).
import module from 'node:module';

// Node 22.1+ keeps V8's compiled code between runs, for a faster start; older Node has no such call.
module.enableCompileCache?.();
const { main } = await import('../dist/cli.js');

process.exitCode = await main(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
  cwd: process.cwd(),
});
