// A long-lived reference implementation (a Perl or Python script) answering JSON-line questions: one process, answers matched by id.
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';

export interface JsonOracle {
  /** The first line the script printed: `{ready: true, version, ...}`. */
  hello: Record<string, unknown>;
  ask(question: Record<string, unknown>): Promise<Record<string, unknown>>;
  close(): Promise<void>;
}

/**
 * Starts `command args`; rejects with the script's own error (a missing Debian package names itself) when
 * it cannot run. A process that dies answers every open question with `{result: 'exception'}`.
 */
export async function startJsonOracle(command: string, args: string[], env: NodeJS.ProcessEnv = process.env): Promise<JsonOracle> {
  const child = spawn(command, args, { stdio: ['pipe', 'pipe', 'pipe'], env });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-4000)));
  const pending = new Map<number, (a: Record<string, unknown>) => void>();
  let nextId = 0;
  let ready: ((line: Record<string, unknown>) => void) | undefined;
  createInterface({ input: child.stdout }).on('line', (line) => {
    let msg: Record<string, unknown>;
    try {
      msg = JSON.parse(line) as Record<string, unknown>;
    } catch {
      msg = { id: -1, result: 'exception', detail: `unparsable line: ${line.slice(0, 200)}` };
    }
    if (ready) {
      ready(msg);
      ready = undefined;
      return;
    }
    const resolve = pending.get(msg.id as number);
    pending.delete(msg.id as number);
    resolve?.(msg);
  });
  const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
  const hello = await Promise.race<Record<string, unknown>>([
    new Promise<Record<string, unknown>>((resolve) => (ready = resolve)),
    new Promise<Record<string, unknown>>((resolve) => child.on('error', (e) => resolve({ ready: false, error: `${command}: ${e.message}` }))),
    exited.then((code) => ({ ready: false, error: `${command} exited (${code}) before answering: ${stderr.trim()}` })),
  ]);
  if (hello.ready !== true) {
    child.kill();
    throw new Error(`${args[0] ?? command} cannot run: ${String(hello.error)}`);
  }
  void exited.then(() => {
    for (const resolve of pending.values()) resolve({ result: 'exception', detail: `${command} exited: ${stderr.trim()}` });
    pending.clear();
  });
  return {
    hello,
    ask(question) {
      const id = nextId++;
      return new Promise((resolve) => {
        pending.set(id, resolve);
        child.stdin.write(`${JSON.stringify({ ...question, id })}\n`);
      });
    },
    async close() {
      child.stdin.end();
      await exited;
    },
  };
}
