// One long-lived pyspf process (pyspf-oracle.py) answering check_host() questions over JSON lines, its DNS on a given loopback port.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const SCRIPT = fileURLToPath(new URL('./pyspf-oracle.py', import.meta.url));
/** Debian's python3-spf installs for the system interpreter, which may not be the first python3 on PATH. */
const PYTHON = existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3';

export interface PyspfAnswer {
  result: string;
  detail: string;
}

export interface Pyspf {
  version: string;
  driver: string;
  check(ip: string, sender: string, helo: string): Promise<PyspfAnswer>;
  close(): Promise<void>;
}

/** Starts the oracle; rejects with pyspf's import error (or the interpreter's) when it cannot run. */
export async function startPyspf(dnsPort: number): Promise<Pyspf> {
  const child: ChildProcessWithoutNullStreams = spawn(PYTHON, [SCRIPT, String(dnsPort)], { stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const pending = new Map<number, (a: PyspfAnswer) => void>();
  let nextId = 0;
  let ready: ((line: Record<string, unknown>) => void) | undefined;
  const lines = createInterface({ input: child.stdout });
  lines.on('line', (line) => {
    const msg = JSON.parse(line) as Record<string, unknown>;
    if (ready) {
      ready(msg);
      ready = undefined;
      return;
    }
    const resolve = pending.get(msg.id as number);
    pending.delete(msg.id as number);
    resolve?.({ result: String(msg.result), detail: String(msg.detail) });
  });
  const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
  const hello: Record<string, unknown> = await Promise.race<Record<string, unknown>>([
    new Promise<Record<string, unknown>>((resolve) => (ready = resolve)),
    new Promise<Record<string, unknown>>((resolve) => child.on('error', (e) => resolve({ ready: false, error: `${PYTHON}: ${e.message}` }))),
    exited.then((code) => ({ ready: false, error: `${PYTHON} exited (${code}) before answering: ${stderr.trim()}` })),
  ]);
  if (hello.ready !== true) {
    child.kill();
    throw new Error(`pyspf cannot run: ${String(hello.error)}`);
  }
  exited.then(() => {
    for (const resolve of pending.values()) resolve({ result: 'exception', detail: `pyspf exited: ${stderr.trim()}` });
    pending.clear();
  });
  return {
    version: String(hello.version),
    driver: String(hello.driver),
    check(ip, sender, helo) {
      const id = nextId++;
      return new Promise((resolve) => {
        pending.set(id, resolve);
        child.stdin.write(`${JSON.stringify({ id, ip, sender, helo })}\n`);
      });
    },
    async close() {
      child.stdin.end();
      await exited;
    },
  };
}
