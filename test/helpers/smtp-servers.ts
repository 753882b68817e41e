// What listens at each host:port of a check world (Exim, Microsoft edge, hostile, scripted, closed, black hole), all on loopback, and the SMTP client routed to them.
import net from 'node:net';
import type tls from 'node:tls';
import type { Finding } from '../../src/engine/types.js';
import { createSmtpClient, type RecordingSmtpClient } from '../../src/smtp/client.js';
import type { SmtpConnectHook, SmtpEndpoint, SmtpProbeResult } from '../../src/smtp/types.js';
import type { TestPki } from '../../src/testbed/certs.js';
import type { Zone } from '../../src/testbed/dns-server.js';
import type { RunningSmtpServer } from '../../src/testbed/smtp-common.js';
import { startEximServer } from '../../src/testbed/smtp-exim.js';
import { startHostileServer, type HostileBehaviour } from '../../src/testbed/smtp-hostile.js';
import { startMicrosoftEdgeServer } from '../../src/testbed/smtp-microsoft.js';
import { startRefusingEdge, type RefusingEdgeOptions } from './smtp-refusing-edge.js';
import { startScripted, type Script } from './smtp-scripted.js';
import type { World } from './world.js';

export const DOMAIN = 'example.test';
export const MS_MX = 'example-test.mail.protection.outlook.com';
export const MS_IP = '198.51.100.10';
export const SMART_HOST = 'mail.example.test';
export const HOSTING_IP = '203.0.113.25';
export const MAILBOX = 'anna@example.test';

export type Leaf = keyof TestPki['leaves'];

export type ServerSpec =
  | { kind: 'exim'; routing?: 'local' | 'remote'; requireAuth?: boolean; leaf?: Leaf | 'none'; tlsOptions?: tls.TlsOptions; mailboxes?: string[] }
  | { kind: 'edge'; mode: 'authoritative' | 'internal-relay' }
  | ({ kind: 'refusing-edge' } & RefusingEdgeOptions)
  | { kind: 'hostile'; behaviour: HostileBehaviour }
  /** A raw server answering as `script` says (test/helpers/smtp-scripted.ts). */
  | { kind: 'scripted'; script: Script }
  /** Nothing listens: ECONNREFUSED (the host's port 25 is closed, or a local firewall rejects). */
  | { kind: 'closed' }
  /** The connection attempt is never answered (port 25 filtered: what most home and cloud networks do). */
  | { kind: 'blackhole' };

export const ID = {
  resolves: 'smarthost.resolves',
  loop: 'smarthost.loop',
  smtp: 'smarthost.smtp',
  tls: 'smarthost.tls',
  certificate: 'smarthost.certificate',
  accepts: 'smarthost.accepts-mailbox',
  relay: 'm365.internal-relay',
} as const;
export type CheckId = (typeof ID)[keyof typeof ID];

export const DEFAULT_ZONE: Zone = {
  [DOMAIN]: [{ MX: [0, MS_MX] }],
  [MS_MX]: [{ A: MS_IP }],
  [SMART_HOST]: [{ A: HOSTING_IP }],
};

export const DEFAULT_SERVERS: Record<string, ServerSpec> = {
  [`${SMART_HOST}:25`]: { kind: 'exim' },
  [`${MS_MX}:25`]: { kind: 'edge', mode: 'internal-relay' },
};

/** A loopback port with nothing listening. */
export async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

async function start(spec: ServerSpec, pki: TestPki): Promise<RunningSmtpServer | undefined> {
  switch (spec.kind) {
    case 'exim':
      return startEximServer({
        domains: [DOMAIN],
        mailboxes: spec.mailboxes ?? [MAILBOX],
        routing: spec.routing ?? 'local',
        requireAuth: spec.requireAuth ?? false,
        tls: spec.leaf === 'none' ? false : pki.leaves[spec.leaf ?? 'good'],
        tlsOptions: spec.tlsOptions ?? {},
      });
    case 'edge':
      return startMicrosoftEdgeServer({ mode: spec.mode, acceptedDomains: [DOMAIN], mailboxes: ['boss@example.test'] });
    case 'refusing-edge':
      return startRefusingEdge(spec);
    case 'hostile':
      return startHostileServer(spec.behaviour, { intervalMs: 20 });
    case 'scripted': {
      const server = await startScripted(spec.script);
      const { log } = server;
      return {
        host: '127.0.0.1',
        port: server.port,
        get commands() {
          return log.commands;
        },
        get sawData() {
          return log.sawData;
        },
        get connections() {
          return log.connections;
        },
        close: () => server.close(),
      };
    }
    case 'closed':
    case 'blackhole':
      return undefined;
  }
}

export interface SmtpOptions {
  /** Per-step SMTP timeout, ms (default 1000). */
  timeoutMs?: number;
  /** Trust the test CA (default true): the probe's extraCa, as --ca-file gives it. */
  trustCa?: boolean;
  /** The PKI to serve certificates from (default: the table's PKI for mail.example.test). */
  pki?: 'default' | 'wildcard';
  /**
   * Addresses this machine has no route to (ENETUNREACH), as an IPv6 address on a network without IPv6:
   * answered by the client itself, since loopback cannot produce it.
   */
  noRoute?: string[];
}

export interface StartedServers {
  /** Every server started, in the order the world lists them. */
  servers: RunningSmtpServer[];
  /** The same, by the world's `host:port` key. */
  byKey: Record<string, RunningSmtpServer>;
  client: RecordingSmtpClient;
  close(): Promise<void>;
}

/**
 * Starts the world's servers and a recording SMTP client that routes every target through a connect hook
 * (anything not listed is refused on loopback: nothing ever leaves the machine).
 */
export async function startServers(specs: Record<string, ServerSpec>, pkis: { default: TestPki; wildcard?: TestPki } | undefined, options: SmtpOptions = {}): Promise<StartedServers> {
  const pki = options.pki === 'wildcard' && pkis?.wildcard ? pkis.wildcard : pkis?.default;
  const servers: RunningSmtpServer[] = [];
  const byKey: Record<string, RunningSmtpServer> = {};
  const routes = new Map<string, SmtpEndpoint | 'blackhole'>();
  const close = () => Promise.all(servers.map((s) => s.close())).then(() => undefined);
  try {
    const refused = await closedPort();
    for (const [key, spec] of Object.entries(specs)) {
      if (spec.kind === 'blackhole') routes.set(key, 'blackhole');
      else if (spec.kind === 'closed') routes.set(key, { host: '127.0.0.1', port: refused });
      else {
        if (!pki && spec.kind === 'exim') throw new Error('an exim world needs a test PKI');
        const server = await start(spec, pki!);
        if (server) {
          servers.push(server);
          byKey[key] = server;
          routes.set(key, { host: server.host, port: server.port });
        }
      }
    }
    const connect: SmtpConnectHook = (target) => {
      // An address key (`203.0.113.26:25`) wins over the host key: worlds with several addresses per host.
      const route = routes.get(`${target.address ?? ''}:${target.port}`) ?? routes.get(`${target.host.toLowerCase()}:${target.port}`);
      if (route === 'blackhole') return new Promise<never>(() => undefined);
      return route ?? { host: '127.0.0.1', port: refused };
    };
    const live = createSmtpClient({
      timeoutMs: options.timeoutMs ?? 1000,
      connect,
      ...(options.trustCa === false || !pki ? {} : { extraCa: [pki.ca.cert] }),
    });
    const client = options.noRoute ? withoutRouteTo(live, options.noRoute) : live;
    return { servers, byKey, client, close };
  } catch (error) {
    await close();
    throw error;
  }
}

/** A client that fails every probe to `addresses` as Node does without a route (ENETUNREACH at connect). */
function withoutRouteTo(client: RecordingSmtpClient, addresses: readonly string[]): RecordingSmtpClient {
  return {
    probe: async (request, options) => {
      if (!request.address || !addresses.includes(request.address)) return client.probe(request, options);
      const message = `connect ENETUNREACH ${request.address}:${request.port}`;
      const result: SmtpProbeResult = {
        target: { host: request.host, port: request.port, address: request.address },
        ok: false,
        phase: 'connect',
        error: { phase: 'connect', code: 'ENETUNREACH', message },
        rcpt: [],
        anomalies: [],
        transcript: [{ at: 0, kind: 'event', event: 'error', detail: `ENETUNREACH: ${message}` }],
        timings: { startedAt: new Date().toISOString(), totalMs: 0 },
      };
      return result;
    },
    exchanges: () => client.exchanges(),
  };
}

/** The SMTP-area findings of a run, by id. */
export function smtpFindings(run: { byId: Record<string, Finding> }): Finding[] {
  return Object.values(ID).map((id) => run.byId[id]).filter((f): f is Finding => f !== undefined);
}

/** A world on example.test: the default zone under its own names, the default servers when it lists none. */
export type ExampleTestWorld = Omit<World, 'domain' | 'zone'> & { zone?: Zone };

/** The whole world of an ExampleTestWorld: domain example.test, its zone over DEFAULT_ZONE, DEFAULT_SERVERS unless given. */
export function exampleTest(world: ExampleTestWorld): World {
  return { ...world, domain: DOMAIN, zone: { ...DEFAULT_ZONE, ...(world.zone ?? {}) }, servers: world.servers ?? DEFAULT_SERVERS };
}

export function onExampleTest(worlds: ExampleTestWorld[]): World[] {
  return worlds.map(exampleTest);
}
