// Benchmark: `explain` over the vendored bounce corpus (fixtures/bounces/sisimai), per message in process, and one CLI run.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { explainBounce } from '../../../src/explain/index.js';

// Bundled into <root>/.bench/ by scripts/bench/run.mjs: the root is one level up from the bundle.
const ROOT = fileURLToPath(new URL('..', import.meta.url));
const CORPUS = new URL('fixtures/bounces/sisimai/', `file://${ROOT}`);

export async function benchExplain(): Promise<string[]> {
  const files = Object.keys(JSON.parse(readFileSync(new URL('reference.json', CORPUS), 'utf8')) as Record<string, unknown>);
  const inputs = files.map((f) => [f, readFileSync(new URL(f, CORPUS))] as const);
  // One pass to warm the regular expressions and the JIT, then the timed pass.
  for (const [, bytes] of inputs) await explainBounce(bytes);
  const times: [string, number][] = [];
  for (const [file, bytes] of inputs) {
    const t = performance.now();
    await explainBounce(bytes);
    times.push([file, performance.now() - t]);
  }
  const ms = times.map(([, t]) => t).sort((a, b) => a - b);
  const slowest = [...times].sort((a, b) => b[1] - a[1])[0]!;
  const total = ms.reduce((a, b) => a + b, 0);
  const args = [`${ROOT}bin/splitcheck.js`, 'explain', fileURLToPath(new URL('maildir/bsd/lhost-sendmail-01.eml', CORPUS)), '--json'];
  spawnSync(process.execPath, args);
  const t = performance.now();
  const cli = spawnSync(process.execPath, args, { encoding: 'utf8' });
  const cliMs = performance.now() - t;
  return [
    `explain: ${files.length} corpus messages in ${total.toFixed(0)} ms; per message median ${ms[Math.floor(ms.length / 2)]!.toFixed(2)} ms, 99th ${ms[Math.floor(ms.length * 0.99)]!.toFixed(1)} ms, max ${slowest[1].toFixed(1)} ms (${slowest[0]})`,
    `  splitcheck explain <one bounce> --json (a new process): ${cliMs.toFixed(0)} ms, exit ${cli.status}`,
  ];
}
