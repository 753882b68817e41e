// Benchmarks that run the real CLI against a slow loopback DNS server: one full check, and many domains at once.
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { Zone } from '../../../src/testbed/dns-server.js';
import { CRITICAL_PATH, manyDomains, splitDomain } from '../worlds.js';

// This file runs bundled as .bench/benches.js: the project root is one level up.
const ROOT = fileURLToPath(new URL('..', import.meta.url));
const LATENCY_MS = 50;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

interface Served {
  port: number;
  close(): Promise<void>;
}

/** The DNS server in a worker thread (its own event loop and heap). */
async function serve(zone: Zone, latencyMs: number): Promise<Served> {
  const worker = new Worker(join(ROOT, '.bench/dns-worker.js'), { workerData: { zone, latencyMs } });
  const port = await new Promise<number>((resolve, reject) => {
    worker.once('message', (m: { port: number }) => resolve(m.port));
    worker.once('error', reject);
  });
  return {
    port,
    async close() {
      worker.postMessage('close');
      await new Promise((resolve) => worker.once('message', resolve));
      await worker.terminate();
    },
  };
}

/**
 * Run the CLI in a child process that reports its own peak memory (maxRSS) on exit:
 * the real code path, measured from outside.
 */
function cli(args: string[]): Promise<{ ms: number; code: number | null; maxRssMb: number; heapAfterGcMb: number; output: string }> {
  // Keeps only the first 1 MB of output (enough for one report): the output must not be what fills memory.
  const script = `
    const { main } = await import(${JSON.stringify(join(ROOT, 'dist/cli.js'))});
    let out = '';
    const code = await main(${JSON.stringify(args)}, { stdout: { write: (s) => { if (out.length < 1e6) out += s; return true; } }, stderr: process.stderr, env: { ...process.env, CI: '1' }, cwd: process.cwd() });
    globalThis.gc?.();
    process.stdout.write(JSON.stringify({ code, output: out, maxRss: process.resourceUsage().maxRSS, heap: process.memoryUsage().heapUsed }));
  `;
  return new Promise((resolve, reject) => {
    const started = performance.now();
    // BENCH_CPU_PROF=<folder>: each CLI run also writes a V8 CPU profile there (to find where a slower figure goes).
    const profile = process.env.BENCH_CPU_PROF ? ['--cpu-prof', '--cpu-prof-dir', process.env.BENCH_CPU_PROF] : [];
    const child = spawn(process.execPath, ['--expose-gc', ...profile, '--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
    let stdout = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.on('error', reject);
    child.on('close', () => {
      const ms = performance.now() - started;
      const r = JSON.parse(stdout) as { code: number; maxRss: number; heap: number; output: string };
      resolve({ ms, code: r.code, maxRssMb: r.maxRss / 1024, heapAfterGcMb: r.heap / 1048576, output: r.output });
    });
  });
}

const NO_SMTP = ['--no-smtp', '--timeout', '3000', '--retries', '0'];

/** One domain, the full check (DNS only), 50 ms per answer: wall time ÷ the critical path. */
export async function benchFullCheck(): Promise<string[]> {
  const server = await serve(splitDomain('contoso.example', 1), LATENCY_MS);
  try {
    const runs: number[] = [];
    for (let i = 0; i < 5; i++) {
      const r = await cli(['contoso.example', '--resolver', `127.0.0.1:${server.port}`, '--json', ...NO_SMTP]);
      // The report's own duration: from the first check to the last, without process start and module loading.
      runs.push((JSON.parse(r.output) as { durationMs: number }).durationMs);
    }
    const ms = median(runs);
    return [
      `full check, one domain, ${LATENCY_MS} ms per DNS answer (DNS checks; the report's durationMs, median of 5)`,
      `  ${ms.toFixed(0)} ms → wall ÷ (critical path ${CRITICAL_PATH} round trips × ${LATENCY_MS} ms) = ${(ms / (CRITICAL_PATH * LATENCY_MS)).toFixed(2)}`,
    ];
  } finally {
    await server.close();
  }
}

/** N domains at once: domains per second, peak memory; and how far from the time of the slowest few. */
export async function benchMany(counts: readonly number[] = [200, 1000]): Promise<string[]> {
  const lines = [`many domains, ${LATENCY_MS} ms per DNS answer, one shared DNS cache (DNS checks, --format ndjson)`];
  const dir = mkdtempSync(join(tmpdir(), 'splitcheck-bench-'));
  const largest = manyDomains(Math.max(...counts));
  const server = await serve(largest.zone, LATENCY_MS);
  try {
    const one = await cli([largest.domains[0]!, '--resolver', `127.0.0.1:${server.port}`, '--format', 'ndjson', ...NO_SMTP]);
    const idle = await cli(['--version']);
    const single = one.ms - idle.ms;
    for (const count of counts) {
      const file = join(dir, `domains-${count}.txt`);
      writeFileSync(file, `${largest.domains.slice(0, count).join('\n')}\n`);
      const r = await cli(['--domains-file', file, '--resolver', `127.0.0.1:${server.port}`, '--format', 'ndjson', '--concurrency', '64', ...NO_SMTP]);
      const ms = r.ms - idle.ms;
      lines.push(
        `  ${count} domains: ${(ms / 1000).toFixed(2)} s (${(count / (ms / 1000)).toFixed(0)} domains/s), peak RSS ${r.maxRssMb.toFixed(0)} MB, heap after GC ${r.heapAfterGcMb.toFixed(0)} MB, exit ${r.code}; ` +
          `${(ms / single).toFixed(1)}× the time of one domain (${single.toFixed(0)} ms)`,
      );
    }
    lines.push(`  (memory of one idle start: ${idle.maxRssMb.toFixed(0)} MB)`);
    return lines;
  } finally {
    await server.close();
  }
}
