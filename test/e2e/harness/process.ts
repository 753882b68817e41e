// Runs the e2e suite's daemons: each in its own process group, unprivileged, logged to a file, waited for by probing, always stopped.
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { closeSync, existsSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** The account the daemons run as when the suite runs as root (CI does): nothing they do needs root. */
export interface RunAs {
  /** Arguments for util-linux's setpriv(1), which execs the daemon. */
  setpriv: string[];
  uid: number;
  gid: number;
  user: string;
  group: string;
}

export function runAs(): RunAs {
  const uid = process.getuid?.() ?? 0;
  if (uid !== 0) {
    const group = execFileSync('id', ['-gn'], { encoding: 'utf8' }).trim();
    return { setpriv: [], uid, gid: process.getgid?.() ?? 0, user: execFileSync('id', ['-un'], { encoding: 'utf8' }).trim(), group };
  }
  const id = (flag: string) => Number(execFileSync('id', [flag, 'nobody'], { encoding: 'utf8' }).trim());
  const group = execFileSync('id', ['-gn', 'nobody'], { encoding: 'utf8' }).trim();
  return { setpriv: ['--reuid=nobody', `--regid=${group}`, '--clear-groups'], uid: id('-u'), gid: id('-g'), user: 'nobody', group };
}

export interface DaemonSpec {
  /** Short name: used for the log file, the process-group file and messages. */
  name: string;
  command: string;
  args: string[];
  /** Where the daemon's stdout and stderr go (created here). */
  logFile: string;
  /** Files worth showing when it does not start (its config). */
  configFiles: string[];
  /** A log line that means the start has failed for good (a zone file NSD could not read): no need to wait. */
  fatalLog?: RegExp;
}

/** A daemon that did not come up; `exited` when it died (a port taken between choosing and binding it: worth a retry). */
export class DaemonStartError extends Error {
  constructor(
    message: string,
    readonly exited: boolean,
  ) {
    super(message);
  }
}

const LOG_TAIL_LINES = 40;

/** Every daemon started and not yet stopped, for the exit handler (which must not miss one that is still starting). */
export const live = new Set<Daemon>();

export function logTail(file: string, lines = LOG_TAIL_LINES): string {
  if (!existsSync(file)) return '(no log file)';
  const text = readFileSync(file, 'utf8').trimEnd();
  if (text === '') return '(empty log)';
  return text.split('\n').slice(-lines).join('\n');
}

/**
 * One running daemon. It is started detached (setsid: a process group of its own, untouched by a Ctrl-C
 * aimed at the test runner) through setpriv, which drops root and sets a parent-death signal: NSD and
 * Unbound die with the runner even if nothing else gets to clean up (exec of the set-user-ID exim4
 * clears that signal; the watchdog covers Exim). Its group id is written to `<dir>/<name>.pgid` for the
 * watchdog.
 */
export class Daemon {
  readonly child: ChildProcess;
  private exit: { code: number | null; signal: NodeJS.Signals | null } | undefined;
  private readonly exited: Promise<void>;

  constructor(
    readonly spec: DaemonSpec,
    readonly dir: string,
    as: RunAs,
  ) {
    // A fresh log per start: a retry must not read the last attempt's errors as its own.
    const log = openSync(spec.logFile, 'w');
    try {
      this.child = spawn('setpriv', [...as.setpriv, '--pdeathsig', 'SIGKILL', '--', spec.command, ...spec.args], {
        detached: true,
        stdio: ['ignore', log, log],
        cwd: dir,
        env: { PATH: '/usr/sbin:/usr/bin:/sbin:/bin', LANG: 'C' },
      });
    } finally {
      closeSync(log);
    }
    this.exited = new Promise((resolve) => {
      this.child.once('exit', (code, signal) => {
        this.exit = { code, signal };
        resolve();
      });
      this.child.once('error', (error) => {
        writeFileSync(spec.logFile, `\nspawn failed: ${error.message}\n`, { flag: 'a' });
        this.exit = { code: null, signal: null };
        resolve();
      });
    });
    if (this.child.pid !== undefined) writeFileSync(this.pgidFile, String(this.child.pid));
    live.add(this);
  }

  get pgidFile(): string {
    return join(this.dir, `${this.spec.name}.pgid`);
  }

  get running(): boolean {
    return this.exit === undefined && this.child.pid !== undefined;
  }

  /** The failure message when the daemon did not come up: what, how it ended, its log tail and its config. */
  failure(reason: string): DaemonStartError {
    const how = this.exit ? `it exited (${this.exit.signal ?? `code ${this.exit.code}`})` : 'it is still running';
    const configs = this.spec.configFiles.map((f) => `config: ${f}`).join('\n');
    return new DaemonStartError(
      `e2e: ${this.spec.name} did not start: ${reason}; ${how}.\n${this.spec.command} ${this.spec.args.join(' ')}\n${configs}\n` +
        `--- last lines of ${this.spec.logFile} ---\n${logTail(this.spec.logFile)}\n---`,
      this.exit !== undefined,
    );
  }

  /**
   * Probes until `ready` resolves true (or throws a reason), the daemon exits, or `timeoutMs` passes.
   * Probing, never sleeping a fixed time: the daemons start in tens of milliseconds, the zones in hundreds.
   * A daemon that does not come up is stopped, and the error carries its log tail.
   */
  async waitUntil(ready: () => Promise<boolean>, timeoutMs = 15_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    let last = 'not ready';
    let failure: Error | undefined;
    while (failure === undefined) {
      if (!this.running) {
        failure = this.failure(`exited while starting (last probe: ${last})`);
        break;
      }
      const fatal = this.spec.fatalLog && existsSync(this.spec.logFile) ? this.spec.fatalLog.exec(readFileSync(this.spec.logFile, 'utf8')) : null;
      if (fatal) {
        failure = this.failure(`its log says "${fatal[0]}"`);
        break;
      }
      try {
        if (await ready()) return;
      } catch (error) {
        last = error instanceof Error ? error.message : String(error);
      }
      if (Date.now() >= deadline) failure = this.failure(`not ready after ${timeoutMs} ms (last probe: ${last})`);
      else await new Promise((r) => setTimeout(r, 50));
    }
    await this.stop();
    throw failure;
  }

  /** SIGTERM to the whole group, SIGKILL after `graceMs`; resolves when the group is gone. */
  async stop(graceMs = 3000): Promise<void> {
    const pgid = this.child.pid;
    if (pgid === undefined) return;
    signalGroup(pgid, 'SIGTERM');
    const deadline = Date.now() + graceMs;
    while (groupAlive(pgid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 25));
    if (groupAlive(pgid)) signalGroup(pgid, 'SIGKILL');
    while (groupAlive(pgid) && Date.now() < deadline + 2000) await new Promise((r) => setTimeout(r, 25));
    await Promise.race([this.exited, new Promise((r) => setTimeout(r, 500))]);
    rmSync(this.pgidFile, { force: true });
    live.delete(this);
  }

  /** For process exit handlers, which cannot wait: SIGKILL the group now. */
  killNow(): void {
    if (this.child.pid !== undefined) signalGroup(this.child.pid, 'SIGKILL');
  }
}

function signalGroup(pgid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pgid, signal);
  } catch {
    // ESRCH: the group is already gone.
  }
}

function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * A watchdog for the one case no handler sees: the test runner killed with SIGKILL (or crashing hard).
 * A detached shell polls the runner's pid; once it is gone it SIGKILLs every process group listed in
 * `dir/*.pgid` and removes `dir`. A normal teardown stops it first.
 */
export function startWatchdog(dir: string): ChildProcess {
  const script = [
    'while kill -0 "$1" 2>/dev/null; do sleep 0.5; done',
    // dash's kill takes no "--": a negative number right after the signal is a process group.
    'for f in "$2"/*.pgid; do [ -f "$f" ] && kill -KILL "-$(cat "$f")" 2>/dev/null; done',
    'rm -rf -- "$2"',
  ].join('\n');
  const child = spawn('sh', ['-c', script, 'splitcheck-e2e-watchdog', String(process.pid), dir], { detached: true, stdio: 'ignore' });
  child.unref();
  return child;
}
