// Bundles TypeScript entry points for Node with esbuild: shared by the CLI build, the benchmarks and the fuzzer.
import { build } from 'esbuild';

/** CommonJS dependencies (dns-packet, nodemailer) call require() for Node built-ins; an ESM bundle needs one. */
export const REQUIRE_BANNER =
  "import { createRequire as __splitcheckRequire } from 'node:module'; const require = __splitcheckRequire(import.meta.url);";

/** One bundle per entry, ESM for Node 20, into `outdir`; `options` adds to or overrides the defaults. */
export function bundle(entryPoints, outdir, options = {}) {
  return build({
    entryPoints,
    outdir,
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    banner: { js: REQUIRE_BANNER },
    logLevel: 'warning',
    ...options,
  });
}
