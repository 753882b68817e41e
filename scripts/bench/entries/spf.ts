// Benchmark: check_host() over a slow network (50 ms per answer) — splitcheck against the sequential pyspf.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createResolver } from '../../../src/dns/resolver.js';
import { checkHost } from '../../../src/spf/index.js';
import { startDnsServer } from '../../../src/testbed/dns-server.js';
import { BENCH_DOMAIN, BENCH_IP, benchZone, TREE_DEPTH } from '../spf-tree.js';

const LATENCY_MS = 50;
const RUNS = 5;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** pyspf (Debian's python3-spf) against the same server, timed inside Python; undefined when not installed. */
async function pyspf(port: number): Promise<{ ms: number; result: string } | { missing: string }> {
  const script = `
import time, sys
try:
    import spf
except ImportError as e:
    print("MISSING", e); sys.exit(0)
# pyspf uses dnspython when it is installed, else pydns (Debian's python3-dns): point either at the server.
try:
    import dns.resolver
    r = dns.resolver.Resolver(configure=False)
    r.nameservers = ["127.0.0.1"]; r.port = ${port}
    dns.resolver.default_resolver = r
except ImportError:
    import DNS
    DNS.defaults["server"] = ["127.0.0.1"]; DNS.defaults["port"] = ${port}
times = []
for _ in range(${RUNS}):
    t = time.perf_counter()
    res = spf.check2(i="${BENCH_IP}", s="postmaster@${BENCH_DOMAIN}", h="${BENCH_DOMAIN}")
    times.append((time.perf_counter() - t) * 1000)
times.sort()
print("OK", times[len(times)//2], res[0])
`;
  // Debian's python3-spf installs for the system interpreter, which may not be the first python3 on PATH.
  const python = existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3';
  // Asynchronously: the DNS server answering pyspf runs in this very process.
  const out = await new Promise<{ stdout: string; stderr: string; error?: Error }>((resolve) => {
    const child = spawn(python, ['-c', script], { stdio: ['ignore', 'pipe', 'pipe'], timeout: 120_000 });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', (error) => resolve({ stdout, stderr, error }));
    child.on('close', () => resolve({ stdout, stderr }));
  });
  if (out.error) return { missing: 'python3 not found' };
  const line = out.stdout.trim().split('\n').pop() ?? '';
  if (line.startsWith('MISSING') || !line.startsWith('OK')) return { missing: line || out.stderr.trim().split('\n').pop() || 'no output' };
  const [, ms, result] = line.split(' ');
  return { ms: Number(ms), result: result ?? '?' };
}

export async function benchSpf(): Promise<string[]> {
  const server = await startDnsServer({ zone: benchZone(), latencyMs: LATENCY_MS });
  try {
    const times: number[] = [];
    let result = '';
    let lookups = 0;
    for (let i = 0; i < RUNS; i++) {
      // A fresh resolver each run: a cold cache, as in one CLI run.
      const dns = createResolver({ servers: [server.address], timeoutMs: 5000, retries: 0 });
      const started = performance.now();
      const r = await checkHost({ ip: BENCH_IP, domain: BENCH_DOMAIN, sender: `postmaster@${BENCH_DOMAIN}`, helo: BENCH_DOMAIN, dns });
      times.push(performance.now() - started);
      result = r.result;
      lookups = r.lookups;
    }
    const ours = median(times);
    const critical = TREE_DEPTH * LATENCY_MS;
    const lines = [
      `SPF over a slow network: ${lookups}-lookup include tree, ${TREE_DEPTH} records deep, ${LATENCY_MS} ms per answer (medians of ${RUNS})`,
      `  splitcheck: ${ours.toFixed(0)} ms (${result}) → wall ÷ (depth × ${LATENCY_MS} ms) = ${(ours / critical).toFixed(2)} (aim ≤ 1.2)`,
    ];
    const py = await pyspf(server.address.port);
    if ('missing' in py) lines.push(`  pyspf: not run (${py.missing}; apt-get install python3-spf to compare)`);
    else lines.push(`  pyspf 2 (sequential): ${py.ms.toFixed(0)} ms (${py.result}) → ${(py.ms / critical).toFixed(2)} × the critical path; splitcheck is ${(py.ms / ours).toFixed(1)}× faster`);
    return lines;
  } finally {
    await server.close();
  }
}
