// NSD (authoritative, the fixture zones) and Unbound (recursive, in front of it, nothing else reachable) for the e2e suite.
import { chownSync, copyFileSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Daemon, type RunAs } from './process.js';
import { dnsQuery } from './net.js';

/** The zones in a folder of `<zone name>.zone` files. */
export function zonesIn(folder: string): string[] {
  return readdirSync(folder)
    .filter((f) => f.endsWith('.zone'))
    .map((f) => f.slice(0, -'.zone'.length))
    .sort();
}

export interface NsdOptions {
  name: string;
  /** Temporary directory of the run; NSD gets `<dir>/<name>/`. */
  dir: string;
  /** Folder of zone files to serve. */
  zonesFrom: string;
  addresses: readonly string[];
  port: number;
  as: RunAs;
  /** More lines for every zone's clause (a secondary's request-xfr and allow-notify, a primary's notify and provide-xfr). */
  zoneOptions?: readonly string[];
  /** Log errors this start expects (a secondary whose primary is down logs each refused transfer); any other `error:` still fails the start. */
  expectedErrors?: RegExp;
}

/**
 * Starts NSD in the foreground (-d) with a config of its own: no chroot, no privilege drop of its own
 * (setpriv already dropped root), no database file, no remote control, IPv4 on the given addresses only.
 * Ready when every address answers every zone's SOA with the AA bit: a zone file NSD could not read
 * leaves its zone unanswered and fails the start, with NSD's log saying why.
 */
export async function startNsd(o: NsdOptions): Promise<Daemon> {
  const home = join(o.dir, o.name);
  const zoneDir = join(home, 'zones');
  mkdirSync(zoneDir, { recursive: true });
  const zones = zonesIn(o.zonesFrom);
  // Copies: the repository may sit where the unprivileged daemon cannot read (a home directory).
  for (const zone of zones) copyFileSync(join(o.zonesFrom, `${zone}.zone`), join(zoneDir, `${zone}.zone`));
  const config = join(home, 'nsd.conf');
  writeFileSync(
    config,
    [
      `# NSD for splitcheck's e2e suite (test/e2e/harness/dns.ts): ${zones.length} zones from ${o.zonesFrom}`,
      'server:',
      ...o.addresses.map((a) => `  ip-address: ${a}@${o.port}`),
      '  do-ip4: yes',
      '  do-ip6: no',
      '  reuseport: no',
      '  username: ""',
      '  chroot: ""',
      `  zonesdir: "${home}"`,
      '  database: ""',
      `  zonelistfile: "${home}/zone.list"`,
      `  pidfile: "${home}/nsd.pid"`,
      `  xfrdfile: "${home}/xfrd.state"`,
      `  xfrdir: "${home}"`,
      '  server-count: 1',
      '  verbosity: 1',
      '  hide-version: yes',
      '  log-time-ascii: yes',
      'remote-control:',
      '  control-enable: no',
      ...zones.flatMap((zone) => ['zone:', `  name: "${zone}"`, `  zonefile: "${join(zoneDir, `${zone}.zone`)}"`, ...(o.zoneOptions ?? []).map((l) => `  ${l}`)]),
      '',
    ].join('\n'),
  );
  chownSync(home, o.as.uid, o.as.gid);
  const daemon = new Daemon({ name: o.name, command: '/usr/sbin/nsd', args: ['-d', '-c', config], logFile: join(o.dir, `${o.name}.log`), configFiles: [config], fatalLog: nsdFatalLog(o.expectedErrors) }, o.dir, o.as);
  await daemon.waitUntil(async () => {
    for (const address of o.addresses) {
      for (const zone of zones) {
        const answer = await dnsQuery(address, o.port, zone, 'SOA', { rd: false, timeoutMs: 500 });
        if (answer.rcode !== 'NOERROR' || !answer.aa) throw new Error(`${address}:${o.port} answers ${zone} SOA with ${answer.rcode}${answer.aa ? '' : ' without AA'}`);
      }
    }
    return true;
  });
  return daemon;
}

/** NSD's log lines that end a start: every `error:` line, but for those the caller expects. */
function nsdFatalLog(expected?: RegExp): RegExp {
  return expected ? new RegExp(`error: (?!.*(?:${expected.source})).*`) : /error: .*/;
}

export interface UnboundOptions {
  dir: string;
  port: number;
  /** Each zone and the authoritative address:port its stub points at. */
  stubs: { zone: string; address: string; port: number }[];
  /** Where everything else goes: an authoritative server that refuses names it does not serve. */
  catchAll: { address: string; port: number };
  /** A name that must resolve once Unbound is ready. */
  probe: string;
  as: RunAs;
}

/**
 * Starts Unbound in the foreground (-d) on 127.0.0.1 with stub zones for the fixture zones. Nothing can
 * leave the machine: the root (".") is itself a stub to NSD, which refuses names it does not serve (so
 * Unbound answers SERVFAIL instead of asking the root servers), queries go out from 127.0.0.1 only, and
 * only the iterator module runs (no DNSSEC validation: no trust anchor to fetch or prime).
 */
export async function startUnbound(o: UnboundOptions): Promise<Daemon> {
  const home = join(o.dir, 'unbound');
  mkdirSync(home, { recursive: true });
  const config = join(home, 'unbound.conf');
  const stub = (zone: string, address: string, port: number) => ['stub-zone:', `  name: "${zone}"`, `  stub-addr: ${address}@${port}`];
  writeFileSync(
    config,
    [
      "# Unbound for splitcheck's e2e suite (test/e2e/harness/dns.ts): a recursive resolver that can reach NSD and nothing else",
      'server:',
      `  interface: 127.0.0.1@${o.port}`,
      `  port: ${o.port}`,
      '  do-ip4: yes',
      '  do-ip6: no',
      '  do-udp: yes',
      '  do-tcp: yes',
      '  do-daemonize: no',
      '  username: ""',
      '  chroot: ""',
      `  directory: "${home}"`,
      `  pidfile: "${home}/unbound.pid"`,
      '  use-syslog: no',
      '  logfile: ""',
      '  log-time-ascii: yes',
      '  verbosity: 1',
      '  log-queries: yes',
      '  log-servfail: yes',
      '  num-threads: 1',
      '  so-reuseport: no',
      '  access-control: 127.0.0.0/8 allow',
      // Only the iterator: no validator, so no trust anchor (whose priming would try the internet).
      '  module-config: "iterator"',
      // The stubs are loopback addresses, which Unbound refuses to query by default.
      '  do-not-query-localhost: no',
      // Every upstream query leaves from loopback: an off-machine destination cannot even be tried.
      '  outgoing-interface: 127.0.0.1',
      '  qname-minimisation: no',
      '  prefetch: no',
      '  harden-referral-path: no',
      'remote-control:',
      '  control-enable: no',
      ...stub('.', o.catchAll.address, o.catchAll.port),
      ...o.stubs.flatMap((s) => stub(s.zone, s.address, s.port)),
      '',
    ].join('\n'),
  );
  chownSync(home, o.as.uid, o.as.gid);
  const daemon = new Daemon({ name: 'unbound', command: '/usr/sbin/unbound', args: ['-d', '-c', config], logFile: join(o.dir, 'unbound.log'), configFiles: [config], fatalLog: /fatal error: .*/ }, o.dir, o.as);
  await daemon.waitUntil(async () => {
    const answer = await dnsQuery('127.0.0.1', o.port, o.probe, 'SOA', { timeoutMs: 1000 });
    if (answer.rcode !== 'NOERROR' || answer.answers.length === 0) throw new Error(`Unbound answers ${o.probe} SOA with ${answer.rcode}`);
    return true;
  });
  return daemon;
}
