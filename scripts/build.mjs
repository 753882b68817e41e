// Bundles the CLI and the library into dist/ with esbuild (one file to load at start, heavy modules split into lazy chunks); with --types, the library's bundled .d.ts too.
import { bundle } from './lib/bundle.mjs';
import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const dist = join(root, 'dist');
// Build beside dist/ and move each file in with an atomic rename: a CLI spawned from dist/ by a
// parallel test run never sees a half-written or missing file.
const staging = join(root, `.dist-staging-${process.pid}`);
/**
 * `--pack` (npm pack's prepack): the build that goes into the package, exactly what runs. No source maps:
 * they were 4.5 MB of a 6 MB install (sourcesContent of every bundled dependency) and users never see a
 * stack trace (errors are one line); the same version built from its tag has them, position for position.
 * Files earlier builds left in dist/ are removed at once, not after the grace below.
 */
const pack = process.argv.includes('--pack');

/**
 * string-width (pulled in by yargs' help layout) builds an Intl.Segmenter when it is imported:
 * ~15 ms of every start, for a help screen most runs never print. Build it on first use instead.
 * The build fails if the pattern is gone, so an upgrade cannot silently undo this.
 */
const lazySegmenter = {
  name: 'lazy-string-width-segmenter',
  setup(b) {
    b.onLoad({ filter: /[\\/]string-width[\\/]index\.js$/ }, async (args) => {
      const source = await readFile(args.path, 'utf8');
      const eager = 'const segmenter = new Intl.Segmenter();';
      if (!source.includes(eager)) return undefined;
      const lazy = 'let __segmenter; const segmenter = { segment: (s) => (__segmenter ??= new Intl.Segmenter()).segment(s) };';
      return { contents: source.replace(eager, lazy), loader: 'js' };
    });
  },
};

// The CLI (bin/splitcheck.js loads dist/cli.js) and the library (package.json "exports": dist/index.js) are built
// apart: one build would move the modules they share into chunks the CLI then loads at every start.
const options = {
  // Chunks for dynamic imports (ora, the checks, the SMTP probe, the demo's servers) load only when used.
  splitting: true,
  // Node 20 has the RegExp `v` flag and property escapes: keep regex literals, which V8 compiles
  // on first use, instead of `new RegExp(...)` calls compiled at import (string-width's emoji set: ~15 ms).
  supported: { 'regexp-set-notation': true, 'regexp-unicode-property-escapes': true },
  plugins: [lazySegmenter],
  minify: true,
  legalComments: 'linked',
  sourcemap: pack ? false : 'linked',
  chunkNames: 'chunks/[name]-[hash]',
};
await bundle({ cli: join(root, 'src/cli/main.ts') }, staging, options);
await bundle({ index: join(root, 'src/index.ts') }, staging, options);

/**
 * `--types`: dist/index.d.ts, one file with every type the library's entry exports, by dts-bundle-generator
 * (a maintained tool that follows the compiler's own declaration emit and inlines our modules' types, so the
 * installed package needs no source files or path mapping). It type-checks the program, ~20 s: `npm run build`
 * and the package test ask for it; the test suite's own build does not.
 */
if (process.argv.includes('--types')) {
  const { default: dts } = await import('dts-bundle-generator');
  const [types] = dts.generateDtsBundle([{ filePath: join(root, 'src/index.ts'), output: { noBanner: true } }], {
    preferredConfigPath: join(root, 'tsconfig.types.json'),
  });
  await writeFile(join(staging, 'index.d.ts'), `// splitcheck's library types (generated from src/index.ts by scripts/build.mjs --types).\n${types}`);
}

async function files(dir) {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries.filter((e) => e.isFile()).map((e) => relative(dir, join(e.parentPath ?? e.path, e.name)));
}

const built = await files(staging);
for (const file of built) {
  await mkdir(join(dist, file, '..'), { recursive: true });
  await rename(join(staging, file), join(dist, file));
}
await rm(staging, { recursive: true, force: true });
// Chunk names carry content hashes; drop those no longer produced, once no recent run can still need them.
// A build without --types keeps the types an earlier one made.
const keep = new Set([...built, 'index.d.ts']);
for (const file of await files(dist)) {
  if (keep.has(file)) continue;
  const { mtimeMs } = await stat(join(dist, file));
  if (pack || Date.now() - mtimeMs > 10 * 60_000) await rm(join(dist, file), { force: true });
}
