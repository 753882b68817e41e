// Benchmark: cold start of the installed bin (`splitcheck --version`) against `node -e 0`, in one run.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const BIN = fileURLToPath(new URL('../../bin/splitcheck.js', import.meta.url));
/** Built by run.mjs: the smallest yargs CLI, bundled the same way (scripts/bench/yargs-baseline.mjs). */
const YARGS_BASELINE = fileURLToPath(new URL('../../.bench/yargs-baseline.js', import.meta.url));
const RUNS = Number(process.env.BENCH_RUNS ?? 30);

function time(args) {
  const started = process.hrtime.bigint();
  const r = spawnSync(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  if (r.status !== 0) throw new Error(`${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  return Number(process.hrtime.bigint() - started) / 1e6;
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
};

export function benchStartup({ baseline = false } = {}) {
  const node = [];
  const cli = [];
  const yargsOnly = [];
  // Warm the file cache, then interleave so all see the same machine load.
  time(['-e', '0']);
  time([BIN, '--version']);
  if (baseline) time([YARGS_BASELINE, '--version']);
  for (let i = 0; i < RUNS; i++) {
    node.push(time(['-e', '0']));
    cli.push(time([BIN, '--version']));
    if (baseline) yargsOnly.push(time([YARGS_BASELINE, '--version']));
  }
  const result = { runs: RUNS, nodeMs: median(node), cliMs: median(cli), ratio: median(cli) / median(node) };
  return baseline ? { ...result, yargsMs: median(yargsOnly), overYargs: median(cli) / median(yargsOnly) } : result;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const r = benchStartup();
  console.log(
    `cold start: splitcheck --version ${r.cliMs.toFixed(1)} ms, node -e 0 ${r.nodeMs.toFixed(1)} ms (medians of ${r.runs}) → ratio ${r.ratio.toFixed(2)}`,
  );
}
