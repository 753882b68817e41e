// `npm run bench`: every benchmark, each printing ratios measured in this one run.
import { fileURLToPath } from 'node:url';
import { existsSync } from 'node:fs';
import { bundle } from '../lib/bundle.mjs';
import { benchStartup } from './startup.mjs';

const root = fileURLToPath(new URL('../..', import.meta.url));
if (!existsSync(`${root}/dist/cli.js`)) {
  console.error('Build first: npm run build');
  process.exit(2);
}
// The benchmarks import the TypeScript sources: bundle them once, like the CLI.
await bundle(
  {
    benches: `${root}/scripts/bench/entries/index.ts`,
    'dns-worker': `${root}/scripts/bench/dns-worker.ts`,
    'yargs-baseline': `${root}/scripts/bench/yargs-baseline.mjs`,
  },
  `${root}/.bench`,
  { minify: true },
);
const benches = await import(`${root}/.bench/benches.js`);

const startup = benchStartup({ baseline: true });
console.log(
  `cold start: splitcheck --version ${startup.cliMs.toFixed(1)} ms vs node -e 0 ${startup.nodeMs.toFixed(1)} ms (medians of ${startup.runs}) → ratio ${startup.ratio.toFixed(2)} (aim ≤ 1.3)`,
);
console.log(
  `  the smallest yargs CLI, bundled the same way: ${startup.yargsMs.toFixed(1)} ms → ${(startup.yargsMs / startup.nodeMs).toFixed(2)} × node -e 0; splitcheck ÷ that floor = ${startup.overYargs.toFixed(2)}`,
);
for (const line of await benches.benchSpf()) console.log(line);
for (const line of await benches.benchFullCheck()) console.log(line);
for (const line of await benches.benchMany()) console.log(line);
for (const line of await benches.benchExplain()) console.log(line);
