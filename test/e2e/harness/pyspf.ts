// Reference SPF implementations as long-lived processes answering check_host() questions over JSON lines: pyspf here, Mail::SPF in mailspf.ts.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const SCRIPT = fileURLToPath(new URL('./pyspf-oracle.py', import.meta.url));
/** Debian's python3-spf installs for the system interpreter, which may not be the first python3 on PATH. */
const PYTHON = existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3';

export interface OracleAnswer {
  result: string;
  detail: string;
}
export type PyspfAnswer = OracleAnswer;

export interface Oracle {
  version: string;
  driver: string;
  check(ip: string, sender: string, helo: string): Promise<OracleAnswer>;
  close(): Promise<void>;
}
export type Pyspf = Oracle;

/**
 * Starts `command args...`, which prints `{ready, version, driver}` (or `{ready: false, error}`) and then answers
 * each `{id, ip, sender, helo}` line with `{id, result, detail}`; rejects with the oracle's own error when it cannot run.
 */
export async function startOracle(command: string, args: string[]): Promise<Oracle> {
  const child: ChildProcessWithoutNullStreams = spawn(command, args, { stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const pending = new Map<number, (a: OracleAnswer) => void>();
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
    new Promise<Record<string, unknown>>((resolve) => child.on('error', (e) => resolve({ ready: false, error: `${command}: ${e.message}` }))),
    exited.then((code) => ({ ready: false, error: `${command} exited (${code}) before answering: ${stderr.trim()}` })),
  ]);
  if (hello.ready !== true) {
    child.kill();
    throw new Error(`${command} ${args[0] ?? ''} cannot run: ${String(hello.error)}`);
  }
  exited.then(() => {
    for (const resolve of pending.values()) resolve({ result: 'exception', detail: `oracle exited: ${stderr.trim()}` });
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

/** pyspf (Debian's python3-spf, dnspython driver) with its DNS on the loopback port `dnsPort`. */
export function startPyspf(dnsPort: number): Promise<Oracle> {
  return startOracle(PYTHON, [SCRIPT, String(dnsPort)]);
}
