// Debian's Exim as the hosting smart host: a standalone foreground daemon with fixtures/e2e/exim.conf, never debconf's config.
import { execFileSync } from 'node:child_process';
import { chownSync, copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Daemon, type RunAs } from './process.js';
import { smtpGreeting } from './net.js';

export const EXIM = '/usr/sbin/exim4';

export interface EximOptions {
  /** `exim-local` or `exim-remote`: the daemon's name and its folder under `dir`. */
  name: string;
  dir: string;
  /** The template: fixtures/e2e/exim.conf. */
  template: string;
  port: number;
  hostname: string;
  /** cPanel's Email Routing for `domain`: local (a local domain) or remote (relay refused). */
  routing: 'local' | 'remote';
  domain: string;
  mailboxes: string[];
  tls: { key: string; cert: string };
  as: RunAs;
  /** More macros for the template (fixtures/e2e/exim-cpanel.conf reads E2E_BACKUP, E2E_MAX_PER_HOST, E2E_NOSNI). */
  macros?: Record<string, string>;
  /** cPanel forwarders (local part → destination address), written to `<dir>/<name>/forwarders` for the template. */
  forwarders?: Record<string, string>;
  /** The certificate shown to clients that send no SNI (the template's E2E_NOSNI), copied beside the other. */
  noSniTls?: { key: string; cert: string };
}

/** Exim's version line (`exim4 -bV`), which also proves the binary runs. */
export function eximVersion(): string {
  // An empty config and environment: nothing to read, nothing for Exim to warn about purging.
  return execFileSync(EXIM, ['-bV', '-C', '/dev/null'], { encoding: 'utf8', env: {}, stdio: ['ignore', 'pipe', 'pipe'] }).split('\n')[0]!.trim();
}

/**
 * Starts `exim4 -bdf` (a daemon in the foreground: it logs to stderr, which goes to `<dir>/<name>.log`)
 * with `-C <its own config>`: Exim then runs as the caller (nobody under root), never as root. Ready
 * when port `port` answers with Exim's 220 greeting.
 */
export async function startExim(o: EximOptions): Promise<Daemon> {
  const home = join(o.dir, o.name);
  for (const sub of ['spool', 'log']) mkdirSync(join(home, sub), { recursive: true });
  copyFileSync(o.tls.key, join(home, 'key.pem'));
  copyFileSync(o.tls.cert, join(home, 'chain.pem'));
  writeFileSync(join(home, 'mailboxes'), o.mailboxes.map((m) => `${m}:\n`).join(''));
  writeFileSync(join(home, 'forwarders'), Object.entries(o.forwarders ?? {}).map(([local, to]) => `${local}: ${to}\n`).join(''));
  if (o.noSniTls) {
    copyFileSync(o.noSniTls.key, join(home, 'nosni-key.pem'));
    copyFileSync(o.noSniTls.cert, join(home, 'nosni-chain.pem'));
    chownSync(join(home, 'nosni-key.pem'), o.as.uid, o.as.gid);
  }
  const template = join(home, 'exim-template.conf');
  copyFileSync(o.template, template);
  const config = join(home, 'exim.conf');
  writeFileSync(
    config,
    [
      `# ${o.name}: cPanel Email Routing for ${o.domain} = ${o.routing === 'local' ? 'Local' : 'Remote'} Mail Exchanger (test/e2e/harness/exim.ts)`,
      `E2E_HOSTNAME = ${o.hostname}`,
      `E2E_DOMAIN = ${o.domain}`,
      ...(o.routing === 'local' ? ['E2E_LOCAL = yes'] : []),
      `E2E_DIR = ${home}`,
      `E2E_PORT = ${o.port}`,
      `E2E_USER = ${o.as.user}`,
      `E2E_GROUP = ${o.as.group}`,
      ...Object.entries(o.macros ?? {}).map(([name, value]) => `${name} = ${value}`),
      `.include ${template}`,
      '',
    ].join('\n'),
  );
  for (const path of [home, join(home, 'spool'), join(home, 'log'), join(home, 'key.pem')]) chownSync(path, o.as.uid, o.as.gid);
  const daemon = new Daemon({ name: o.name, command: EXIM, args: ['-C', config, '-bdf'], logFile: join(o.dir, `${o.name}.log`), configFiles: [config, template] }, o.dir, o.as);
  await daemon.waitUntil(async () => {
    const greeting = await smtpGreeting('127.0.0.1', o.port);
    if (!greeting.startsWith('220 ')) throw new Error(`greeting "${greeting}"`);
    return true;
  });
  return daemon;
}

/**
 * Everything Exim logged: the daemon's stderr (`-bdf`) and any log files under its log_file_path.
 * `<=` marks a message's arrival in Exim's main log: the suite asserts there is none.
 */
export function eximLog(dir: string, name: string): string {
  const parts = [join(dir, `${name}.log`)];
  const logDir = join(dir, name, 'log');
  if (existsSync(logDir)) for (const f of readdirSync(logDir)) parts.push(join(logDir, f));
  return parts
    .filter((f) => existsSync(f))
    .map((f) => readFileSync(f, 'utf8'))
    .join('\n');
}

/** Lines of an Exim log that record a received message (`<=`), or a delivery (`=>`, `->`, `*>`). */
export function messageArrivals(log: string): string[] {
  return log.split('\n').filter((line) => /\s(<=|=>|->|\*>)\s/.test(line));
}
