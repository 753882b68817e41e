// A whole inside-view world on loopback (DNS, SMTP, an export file, a cPanel imitation) and the real CLI run against it, live and replayed.
import net from 'node:net';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestPki, type ServedCertificate, type TestPki } from '../../src/testbed/certs.js';
import { startDnsServer, type DnsTestServer, type Zone } from '../../src/testbed/dns-server.js';
import type { RunningSmtpServer } from '../../src/testbed/smtp-common.js';
import { startEximServer } from '../../src/testbed/smtp-exim.js';
import { startMicrosoftEdgeServer } from '../../src/testbed/smtp-microsoft.js';
import { expect } from 'vitest';
import { runMain } from './in-process.js';
import { runCli } from './cli.js';
import { closedPort } from './smtp-servers.js';
import { schemaErrors } from './schema.js';
import { startCpanelImitation, type CpanelImitation, type ImitationOptions } from './cpanel-imitation.js';

/** The eight checks of the inside view (CHECKS.md, "Additions (second round)"). */
export const INSIDE_CHECKS = [
  'm365.accepted-domain',
  'm365.connector',
  'm365.connector-tls',
  'm365.direct-send',
  'm365.dkim-signing',
  'hosting.routing',
  'mailboxes.duplicates',
  'mailboxes.hosting-to-m365',
] as const;
export type InsideCheck = (typeof INSIDE_CHECKS)[number];
export type Status = 'pass' | 'warn' | 'fail' | 'error' | 'skip';

export const CPANEL_HOST = 'cpanel.hosting.test';

/** What listens on port 25 of a name: an Exim-like hosting server, or a Microsoft 365 edge. */
export type SmtpSpec =
  | { kind: 'exim'; certificate: ServedCertificate | false; mailboxes: string[]; routing?: 'local' | 'remote'; domains?: string[]; tlsOptions?: import('node:tls').TlsOptions }
  | { kind: 'edge'; mode: 'authoritative' | 'internal-relay'; domains: string[]; mailboxes?: string[] }
  /** Nothing listens (a loopback port that refuses): port 25 closed at the host. */
  | { kind: 'closed' }
  /** Takes the connection and then says `greeting` (421 busy, 554 refused), or nothing at all (a filter that holds it). */
  | { kind: 'silent'; greeting?: string };

export interface LoopbackWorld {
  domain: string;
  zone: Zone | Record<string, readonly object[]>;
  /** The export file's text (written as is), or a value written as JSON. Absent: no --m365-export. */
  export?: string | object;
  /** The cPanel imitation (its certificate is the cPanel PKI's). Absent: no --cpanel-url. */
  cpanel?: Omit<ImitationOptions, 'tls'> & { tls?: ImitationOptions['tls'] };
  /** SMTP servers by `host:25`. */
  smtp?: Record<string, SmtpSpec>;
  /** Extra arguments (--smart-host, --hosting-ip...). */
  args?: string[];
  /** `closed`: the cPanel host's port refuses connections (the imitation is started but not routed to). */
  cpanelRoute?: 'closed';
  /** SPLITCHECK_CPANEL_TOKEN as the run sees it (default: the imitation's token). */
  token?: string;
  /** The checks to run (default the eight). */
  only?: readonly string[];
  timeoutMs?: number;
}

/** A TCP server that takes connections and says only `greeting` (then closes), or nothing. */
async function silentServer(greeting: string | undefined): Promise<RunningSmtpServer> {
  const sockets = new Set<net.Socket>();
  let connections = 0;
  const server = net.createServer((socket) => {
    connections += 1;
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    if (greeting) socket.end(`${greeting}\r\n`);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  return {
    host: '127.0.0.1',
    port,
    commands: [],
    sawData: false,
    get connections() {
      return connections;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

export interface PkiSet {
  /** Certificates for the smart hosts: several PKIs' CAs are trusted through one --ca-file. */
  smtp: TestPki;
  cpanel: TestPki;
}

export async function makePkis(smartHost: string): Promise<PkiSet> {
  return { smtp: await createTestPki({ hostname: smartHost, wrongName: 'server17.hosting.test' }), cpanel: await createTestPki({ hostname: CPANEL_HOST }) };
}

export interface Running {
  dir: string;
  dns: DnsTestServer;
  cpanel?: CpanelImitation;
  smtp: RunningSmtpServer[];
  argv: string[];
  env: Record<string, string>;
  exportPath?: string;
  evidencePath: string;
  close(): Promise<void>;
}

/** Starts the world's servers and writes its files; the argv is what a user would type (plus the test routes). */
export async function startWorld(world: LoopbackWorld, pkis: PkiSet, extraCas: string[] = []): Promise<Running> {
  const dir = mkdtempSync(join(tmpdir(), 'splitcheck-inside-'));
  const dns = await startDnsServer({ zone: world.zone as Zone });
  const smtp: RunningSmtpServer[] = [];
  const routes: Record<string, string> = {};
  let cpanel: CpanelImitation | undefined;
  try {
    for (const [key, spec] of Object.entries(world.smtp ?? {})) {
      if (spec.kind === 'closed') {
        routes[key] = `127.0.0.1:${await closedPort()}`;
        continue;
      }
      if (spec.kind === 'silent') {
        const server = await silentServer(spec.greeting);
        smtp.push(server);
        routes[key] = `${server.host}:${server.port}`;
        continue;
      }
      const server =
        spec.kind === 'exim'
          ? await startEximServer({ domains: spec.domains ?? [world.domain], mailboxes: spec.mailboxes, routing: spec.routing ?? 'local', tls: spec.certificate, ...(spec.tlsOptions ? { tlsOptions: spec.tlsOptions } : {}) })
          : await startMicrosoftEdgeServer({ mode: spec.mode, acceptedDomains: spec.domains, mailboxes: spec.mailboxes ?? [] });
      smtp.push(server);
      routes[key] = `${server.host}:${server.port}`;
    }
    const caFile = join(dir, 'ca.pem');
    writeFileSync(caFile, [pkis.smtp.ca.cert, pkis.cpanel.ca.cert, ...extraCas].join(''));
    const argv = [world.domain, '--json', '--resolver', `127.0.0.1:${dns.port}`, '--timeout', String(world.timeoutMs ?? 3000), '--retries', '0', '--ca-file', caFile, '--helo', 'probe.splitcheck.test'];
    for (const id of world.only ?? INSIDE_CHECKS) argv.push('--only', id);
    let exportPath: string | undefined;
    if (world.export !== undefined) {
      exportPath = join(dir, 'tenant export.json');
      writeFileSync(exportPath, typeof world.export === 'string' ? world.export : JSON.stringify(world.export, null, 2));
      argv.push('--m365-export', exportPath);
    }
    const env: Record<string, string> = {};
    const httpsRoutes: Record<string, string> = {};
    if (world.cpanel) {
      cpanel = await startCpanelImitation({ ...world.cpanel, tls: world.cpanel.tls ?? pkis.cpanel.leaves.good });
      httpsRoutes[`${CPANEL_HOST}:2083`] = world.cpanelRoute === 'closed' ? `127.0.0.1:${await closedPort()}` : `${cpanel.host}:${cpanel.port}`;
      argv.push('--cpanel-url', `https://${CPANEL_HOST}:2083`, '--cpanel-user', world.cpanel.user);
      env['SPLITCHECK_CPANEL_TOKEN'] = world.token ?? world.cpanel.token;
    } else if (world.token !== undefined) env['SPLITCHECK_CPANEL_TOKEN'] = world.token;
    if (Object.keys(routes).length > 0) env['SPLITCHECK_TEST_SMTP_ROUTES'] = JSON.stringify(routes);
    if (Object.keys(httpsRoutes).length > 0) env['SPLITCHECK_TEST_HTTPS_ROUTES'] = JSON.stringify(httpsRoutes);
    argv.push(...(world.args ?? []));
    const evidencePath = join(dir, 'evidence.json');
    return {
      dir,
      dns,
      ...(cpanel ? { cpanel } : {}),
      smtp,
      argv,
      env,
      ...(exportPath ? { exportPath } : {}),
      evidencePath,
      async close() {
        await Promise.all([dns.close(), cpanel?.close(), ...smtp.map((s) => s.close())]);
        rmSync(dir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await Promise.all([dns.close(), cpanel?.close(), ...smtp.map((s) => s.close())]);
    throw error;
  }
}

export interface Outcome {
  code: number | null;
  stdout: string;
  stderr: string;
  report?: Report;
  byId: Record<string, Finding>;
  evidence?: string;
}

export interface Finding {
  id: string;
  status: Status;
  message: string;
  remedy?: string;
  messageId?: string;
  evidence?: unknown;
  observed?: string[];
}
export interface Report {
  exitCode?: number;
  results: Finding[];
  [key: string]: unknown;
}

function outcome(r: { code: number | null; stdout: string; stderr: string }, evidencePath?: string): Outcome {
  let report: Report | undefined;
  try {
    report = JSON.parse(r.stdout) as Report;
  } catch {
    report = undefined;
  }
  const byId = Object.fromEntries((report?.results ?? []).map((f) => [f.id, f]));
  let evidence: string | undefined;
  if (evidencePath) {
    try {
      evidence = readFileSync(evidencePath, 'utf8');
    } catch {
      evidence = undefined;
    }
  }
  return { ...r, ...(report ? { report } : {}), byId, ...(evidence !== undefined ? { evidence } : {}) };
}

/** The run: the built bin (`bin`) or main() in this process (`main`), saving its evidence. */
export async function runWorld(running: Running, how: 'bin' | 'main' = 'main', extra: string[] = []): Promise<Outcome> {
  const argv = [...running.argv, '--save-evidence', running.evidencePath, ...extra];
  const r = how === 'bin' ? await runCli(argv, { env: running.env, timeoutMs: 60_000 }) : await runMain(argv, running.env);
  return outcome(r, running.evidencePath);
}

/** The saved evidence judged again, offline (the export file and cPanel are not asked). */
export async function replayWorld(running: Running, domain: string, only: readonly string[] = INSIDE_CHECKS, how: 'bin' | 'main' = 'main'): Promise<Outcome> {
  const argv = [domain, '--json', '--replay', running.evidencePath];
  for (const id of only) argv.push('--only', id);
  const r = how === 'bin' ? await runCli(argv, { env: {}, timeoutMs: 60_000 }) : await runMain(argv, {});
  return outcome(r);
}

/** A report without what differs between two runs of the same facts (when and how long). */
export function timeless(report: Report | undefined): unknown {
  return JSON.parse(JSON.stringify(report ?? null), (key, value: unknown) => (key === 'durationMs' || key === 'startedAt' || key === 'elapsedMs' || key === 'replayed' ? undefined : value));
}

/** The contract's exit code for a set of statuses (CHECKS.md, "Exit codes"; not --strict). */
export function contractExit(statuses: readonly Status[]): number {
  if (statuses.includes('fail')) return 1;
  if (statuses.includes('error')) return 3;
  return 0;
}

export interface Expectation {
  /** The status each check must have, written from the contract before the run. */
  expect: Partial<Record<InsideCheck, Status>>;
  /** Substrings a check's message (or remedy) must hold. */
  says?: Partial<Record<InsideCheck, string[]>>;
}

/** Every place a run leaves text: stdout, stderr and the evidence file. */
export function everything(o: Outcome): string {
  return [o.stdout, o.stderr, o.evidence ?? ''].join('\n');
}

/**
 * Runs a world live and replayed and holds both against the contract: each listed check's status, the exit code
 * the statuses give, the token nowhere, the replay identical but for timing. Returns the live outcome.
 */
export async function holdWorld(
  world: LoopbackWorld,
  pkis: PkiSet,
  expectation: Expectation,
  how: 'bin' | 'main' = 'main',
  /** Looks at the servers and the run before they are closed (what cPanel was asked, with which header). */
  inspect?: (running: Running, live: Outcome) => void,
): Promise<Outcome> {
  const running = await startWorld(world, pkis);
  try {
    const live = await runWorld(running, how);
    const got = Object.fromEntries(Object.keys(expectation.expect).map((id) => [id, live.byId[id]?.status ?? `missing (exit ${live.code}: ${live.stderr.trim()})`]));
    expect(got, JSON.stringify(Object.values(live.byId).map((f) => `${f.id} ${f.status}: ${f.message}`), null, 1)).toEqual(expectation.expect);
    for (const [id, parts] of Object.entries(expectation.says ?? {})) {
      const f = live.byId[id]!;
      for (const part of parts!) expect(`${f.message}\n${f.remedy ?? ''}`).toContain(part);
    }
    const selected = (world.only ?? INSIDE_CHECKS).map((id) => live.byId[id]?.status).filter((s): s is Status => s !== undefined);
    expect(live.code).toBe(contractExit(selected));
    // The report and the evidence file are the shipped schemas' documents.
    expect(schemaErrors('report.schema.json', live.report)).toEqual([]);
    expect(schemaErrors('evidence.schema.json', JSON.parse(live.evidence ?? 'null'))).toEqual([]);
    expect(live.report?.exitCode ?? live.code).toBe(live.code);
    const token = world.token ?? world.cpanel?.token;
    if (token) expect(everything(live)).not.toContain(token);
    const replay = await replayWorld(running, world.domain, world.only ?? INSIDE_CHECKS, how);
    expect(replay.code).toBe(live.code);
    expect(timeless(replay.report)).toEqual(timeless(live.report));
    if (token) expect(everything(replay)).not.toContain(token);
    inspect?.(running, live);
    return live;
  } finally {
    await running.close();
  }
}
