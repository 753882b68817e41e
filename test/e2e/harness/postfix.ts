// Debian's Postfix, unpacked beside Exim (the packages conflict), run as its own master with a private config: smtpd listeners whose restrictions refuse the prober.
import { chmodSync, chownSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { Daemon, type RunAs } from './process.js';
import { smtpGreeting } from './net.js';

/**
 * Where scripts/e2e/postfix.sh unpacks the postfix .deb (`apt-get download postfix` + `dpkg -x`): Postfix and
 * exim4 both provide mail-transport-agent, so it cannot be installed beside the Exim the suite also runs.
 */
export const POSTFIX_ROOT = process.env['SPLITCHECK_E2E_POSTFIX'] ?? '/opt/splitcheck-e2e/postfix';
const LIBS = join(POSTFIX_ROOT, 'usr/lib/postfix');
export const POSTFIX_MASTER = join(LIBS, 'sbin/master');

/** One smtpd listener: its port and the main.cf parameters it overrides (`-o name=value`). */
export interface PostfixListener {
  name: string;
  port: number;
  overrides: Record<string, string>;
}

export interface PostfixOptions {
  dir: string;
  hostname: string;
  /** The hosting domain: mydestination, with `mailboxes` (local parts) as its users. */
  domain: string;
  mailboxes: string[];
  /** More main.cf parameters (named restriction lists the listeners refer to as `$name`). */
  params: Record<string, string>;
  listeners: PostfixListener[];
  /** The name server smtpd asks from its chroot (RBL, reverse DNS, HELO names): port 53, as resolv.conf allows no other. */
  nameserver: string;
  /** regexp: tables to write under the config directory, by file name. */
  tables?: Record<string, string>;
}

/** Postfix's version banner, which also proves the unpacked binaries run. */
export function postfixVersion(): string {
  const out = execFileSync(join(POSTFIX_ROOT, 'usr/sbin/postconf'), ['-d', '-h', 'mail_version'], {
    encoding: 'utf8',
    env: { LD_LIBRARY_PATH: LIBS, MAIL_CONFIG: '/nonexistent' },
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  return `Postfix ${out.trim()}`;
}

/** The queue directory's tree as Postfix's postfix-files lays it out (what `postfix set-permissions` would make). */
function makeQueue(queue: string, owner: { uid: number; gid: number }, setgidGroup: number): void {
  // Modes set with chmod, not mkdir's mode (the umask would take from it); the queue itself must be traversable.
  const dirs: Array<[name: string, mode: number, uid: number, gid: number]> = [
    ['', 0o755, 0, 0],
    ...['active', 'bounce', 'corrupt', 'defer', 'deferred', 'flush', 'hold', 'incoming', 'private', 'saved', 'trace'].map(
      (d): [string, number, number, number] => [d, 0o700, owner.uid, owner.gid],
    ),
    ['maildrop', 0o730, owner.uid, setgidGroup],
    ['public', 0o710, owner.uid, setgidGroup],
    ['pid', 0o755, 0, 0],
    ['etc', 0o755, 0, 0],
  ];
  for (const [name, mode, uid, gid] of dirs) {
    const path = join(queue, name);
    mkdirSync(path, { recursive: true });
    chmodSync(path, mode);
    chownSync(path, uid, gid);
  }
}

function id(flag: string, name: string): number {
  return Number(execFileSync('id', [flag, name], { encoding: 'utf8' }).trim());
}

/**
 * Starts `master -d` (in the foreground; its daemons log through postlogd to its stdout, the log file) as root,
 * as Postfix requires; master drops to mail_owner (nobody) for every daemon, and smtpd runs chrooted in the
 * queue directory, where `etc/resolv.conf` names the test's name server: its RBL, PTR and HELO lookups never
 * leave loopback. Ready when every listener greets with 220.
 */
export async function startPostfix(o: PostfixOptions): Promise<Daemon> {
  if (process.getuid?.() !== 0) throw new Error('e2e: Postfix must be started as root (its master refuses otherwise); CI runs the suite as root');
  if (!existsSync(POSTFIX_MASTER)) throw new Error(`e2e: ${POSTFIX_MASTER} is missing: run scripts/e2e/install.sh as root (it unpacks Postfix there)`);
  const home = join(o.dir, 'postfix');
  const conf = join(home, 'conf');
  const queue = join(home, 'queue');
  const data = join(home, 'data');
  mkdirSync(conf, { recursive: true });
  const owner = { uid: id('-u', 'nobody'), gid: id('-g', 'nobody') };
  // setgid_group must not be mail_owner's group; Debian has "mail" (gid 8).
  const setgidGroup = id('-g', 'mail');
  makeQueue(queue, owner, setgidGroup);
  mkdirSync(data);
  chmodSync(data, 0o700);
  chownSync(data, owner.uid, owner.gid);
  writeFileSync(join(queue, 'etc/resolv.conf'), `# smtpd's chroot: the e2e name server only\nnameserver ${o.nameserver}\noptions timeout:1 attempts:1\n`);
  for (const [file, text] of Object.entries(o.tables ?? {})) writeFileSync(join(conf, file), text);
  const main: Record<string, string> = {
    compatibility_level: '3.6',
    config_directory: conf,
    queue_directory: queue,
    data_directory: data,
    daemon_directory: join(LIBS, 'sbin'),
    shlib_directory: LIBS,
    meta_directory: join(POSTFIX_ROOT, 'etc/postfix'),
    command_directory: join(POSTFIX_ROOT, 'usr/sbin'),
    mail_owner: 'nobody',
    setgid_group: 'mail',
    default_privs: 'daemon',
    // The unpacked shared libraries are not where the binaries' RUNPATH says (/usr/lib/postfix).
    import_environment: 'MAIL_CONFIG MAIL_DEBUG MAIL_LOGTAG TZ LANG=C LD_LIBRARY_PATH',
    maillog_file: '/dev/stdout',
    myhostname: o.hostname,
    mydomain: o.domain,
    myorigin: '$myhostname',
    mydestination: o.domain,
    // Postfix's local_recipient_maps is looked up with the local part: anna, bob.
    local_recipient_maps: `inline:{ ${o.mailboxes.map((m) => `${m}=ok`).join(', ')} }`,
    alias_maps: '',
    alias_database: '',
    inet_interfaces: '127.0.0.1',
    inet_protocols: 'ipv4',
    // Not loopback: permit_mynetworks must not let the prober at 127.0.0.1 relay.
    mynetworks: '192.0.2.0/24',
    biff: 'no',
    smtpd_banner: '$myhostname ESMTP Postfix (Debian)',
    ...o.params,
  };
  const mainCf = join(conf, 'main.cf');
  writeFileSync(mainCf, `# splitcheck e2e (test/e2e/harness/postfix.ts)\n${Object.entries(main).map(([k, v]) => `${k} = ${v}`).join('\n')}\n`);
  const masterCf = join(conf, 'master.cf');
  writeFileSync(
    masterCf,
    [
      '# service type private unpriv chroot wakeup maxproc command',
      ...o.listeners.map((l) => `127.0.0.1:${l.port} inet n - y - - smtpd -o syslog_name=postfix/${l.name}${Object.entries(l.overrides).map(([k, v]) => ` -o ${k}=${v}`).join('')}`),
      'postlog unix-dgram n - n - 1 postlogd',
      'cleanup unix n - y - 0 cleanup',
      'rewrite unix - - y - - trivial-rewrite',
      'proxymap unix - - n - - proxymap',
      'anvil unix - - y - 1 anvil',
      // TLS session cache and PRNG for the listeners that offer STARTTLS.
      'tlsmgr unix - - y 1000? 1 tlsmgr',
      '',
    ].join('\n'),
  );
  const root: RunAs = { setpriv: [], uid: 0, gid: 0, user: 'root', group: 'root' };
  const daemon = new Daemon(
    { name: 'postfix', command: '/usr/bin/env', args: [`LD_LIBRARY_PATH=${LIBS}`, POSTFIX_MASTER, '-d', '-c', conf], logFile: join(o.dir, 'postfix.log'), configFiles: [mainCf, masterCf], fatalLog: /fatal: .*/ },
    o.dir,
    root,
  );
  await daemon.waitUntil(async () => {
    for (const l of o.listeners) {
      const greeting = await smtpGreeting('127.0.0.1', l.port);
      if (!greeting.startsWith('220 ')) throw new Error(`${l.name}: greeting "${greeting}"`);
    }
    return true;
  });
  return daemon;
}

/** Postfix's log (smtpd's NOQUEUE/reject lines, and each session's command counts at disconnect). */
export function postfixLog(dir: string): string {
  const file = join(dir, 'postfix.log');
  return existsSync(file) ? readFileSync(file, 'utf8') : '';
}

/** Sessions in which a client sent DATA or BDAT: smtpd counts them in its disconnect line (`data=1`). */
export function postfixDataSessions(log: string): string[] {
  return log.split('\n').filter((line) => /disconnect from .*\b(?:data|bdat)=\d/.test(line));
}
