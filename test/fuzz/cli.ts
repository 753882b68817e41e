// `npm run fuzz` options: --seed, --iterations, --concurrency, --timeout, --only, --kinds, --verbose; exit 1 on any failure.
import { randomInt } from 'node:crypto';
import { availableParallelism } from 'node:os';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { DEFAULTS, formatSummary, mergeSummaries, runFuzz, type FuzzOptions, type FuzzSummary } from './fuzz.js';
import { MUTATIONS, type MutationKind } from './mutations.js';

const USAGE = `usage: npm run fuzz -- [--seed N] [--iterations N] [--threads N] [--concurrency N] [--timeout MS] [--only I] [--kinds a,b] [--verbose]
  --seed N         the run's seed (default: random, printed)
  --iterations N   default ${DEFAULTS.iterations}
  --threads N      worker threads sharing the iterations (default: the cores, at most 4)
  --concurrency N  iterations in flight at once per thread (default ${DEFAULTS.concurrency})
  --timeout MS     DNS timeout per attempt (default ${DEFAULTS.timeoutMs}); retries ${DEFAULTS.retries}
  --only I         run iteration I of the seed alone (reproduces a failure)
  --kinds a,b      draw only these mutations: ${MUTATIONS.join(', ')}
  --heap-limit MB  fail when the heap after GC grows more than this over the baseline (default ${DEFAULTS.heapLimitMb})
  --max-queries N  fail a run that sends more DNS queries (default ${DEFAULTS.maxQueries})
  --verbose        one line per iteration with its mutated replies`;

function integer(name: string, value: string | undefined, fallback: number, min = 0): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min) throw new Error(`--${name} must be an integer >= ${min}, got ${JSON.stringify(value)}`);
  return n;
}

/** The options a worker thread gets: everything but the functions. */
type SharedOptions = Omit<FuzzOptions, 'log' | 'onProgress'>;

/** Runs the shards on worker threads side by side and merges what they found. */
async function runThreads(options: SharedOptions, threads: number, log: (line: string) => void): Promise<FuzzSummary> {
  const started = performance.now();
  const done = new Array<number>(threads).fill(0);
  const failures = new Array<number>(threads).fill(0);
  const step = Math.max(1, Math.floor(options.iterations / 10));
  let reported = 0;
  const parts = await Promise.all(
    Array.from({ length: threads }, (_, index) =>
      new Promise<FuzzSummary>((resolve, reject) => {
        const worker = new Worker(new URL(import.meta.url), { workerData: { ...options, shard: { index, count: threads } } });
        worker.on('message', (message: { kind: 'progress'; done: number; failures: number } | { kind: 'summary'; summary: FuzzSummary }) => {
          if (message.kind === 'summary') return resolve(message.summary);
          done[index] = message.done;
          failures[index] = message.failures;
          const total = done.reduce((a, b) => a + b, 0);
          if (total >= reported + step) {
            reported = total - (total % step);
            const seconds = (performance.now() - started) / 1000;
            log(`  ${total}/${options.iterations}  ${(total / seconds).toFixed(1)} runs/s  failures ${failures.reduce((a, b) => a + b, 0)}`);
          }
        });
        worker.on('error', reject);
        worker.on('exit', (code) => reject(new Error(`fuzz worker ${index} exited with code ${code} before its summary`)));
      }),
    ),
  );
  return mergeSummaries(parts, performance.now() - started);
}

async function worker(): Promise<void> {
  const options = workerData as SharedOptions;
  const summary = await runFuzz({
    ...options,
    log: () => undefined,
    onProgress: (done, failures) => parentPort?.postMessage({ kind: 'progress', done, failures }),
  });
  parentPort?.postMessage({ kind: 'summary', summary });
}

export async function main(argv: string[]): Promise<number> {
  let options: FuzzOptions;
  let threads: number;
  try {
    const { values } = parseArgs({
      args: argv,
      options: {
        seed: { type: 'string' },
        iterations: { type: 'string' },
        concurrency: { type: 'string' },
        threads: { type: 'string' },
        timeout: { type: 'string' },
        only: { type: 'string' },
        kinds: { type: 'string' },
        'heap-limit': { type: 'string' },
        'max-queries': { type: 'string' },
        verbose: { type: 'boolean', default: false },
        help: { type: 'boolean', default: false },
      },
    });
    if (values.help) {
      console.log(USAGE);
      return 0;
    }
    const kinds = values.kinds === undefined ? undefined : values.kinds.split(',').map((k) => k.trim());
    const unknown = kinds?.filter((k) => !(MUTATIONS as readonly string[]).includes(k)) ?? [];
    if (unknown.length > 0) throw new Error(`unknown mutation ${unknown.join(', ')}; known: ${MUTATIONS.join(', ')}`);
    threads = integer('threads', values.threads, Math.min(4, availableParallelism()), 1);
    options = {
      seed: integer('seed', values.seed, randomInt(0, 2 ** 31)) >>> 0,
      iterations: integer('iterations', values.iterations, DEFAULTS.iterations, 1),
      concurrency: integer('concurrency', values.concurrency, DEFAULTS.concurrency, 1),
      timeoutMs: integer('timeout', values.timeout, DEFAULTS.timeoutMs, 1),
      retries: DEFAULTS.retries,
      heapLimitMb: integer('heap-limit', values['heap-limit'], DEFAULTS.heapLimitMb, 1),
      sampleEvery: DEFAULTS.sampleEvery,
      maxQueries: integer('max-queries', values['max-queries'], DEFAULTS.maxQueries, 1),
      verbose: values.verbose,
      log: (line) => console.log(line),
      ...(values.only === undefined ? {} : { only: integer('only', values.only, 0) }),
      ...(kinds === undefined ? {} : { kinds: kinds as MutationKind[] }),
    };
  } catch (error) {
    console.error(`${error instanceof Error ? error.message : String(error)}\n${USAGE}`);
    return 2;
  }
  // One iteration, a verbose run or a short one stays on this thread: its log lines come in order.
  if (options.only !== undefined || options.verbose || options.iterations < 100) threads = 1;
  const what = options.only !== undefined ? `iteration ${options.only}` : `${options.iterations} iterations`;
  console.log(
    `splitcheck DNS fuzz: seed ${options.seed}, ${what}, ${threads} thread${threads === 1 ? '' : 's'} × ${options.concurrency} at once, ` +
      `DNS timeout ${options.timeoutMs} ms, retries ${options.retries}${options.kinds ? `, mutations ${options.kinds.join(',')}` : ''}`,
  );
  const { log, ...shared } = options;
  const summary = threads === 1 ? await runFuzz(options) : await runThreads(shared, threads, log);
  for (const line of formatSummary(summary, options)) console.log(line);
  return summary.failureCount > 0 ? 1 : 0;
}

if (isMainThread) process.exitCode = await main(process.argv.slice(2));
else await worker();
