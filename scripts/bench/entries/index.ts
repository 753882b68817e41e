// The benchmarks that need the TypeScript sources, bundled by scripts/bench/run.mjs.
export { benchSpf } from './spf.js';
export { benchFullCheck, benchMany } from './cli-runs.js';
export { benchExplain } from './explain.js';
