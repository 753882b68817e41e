// SMTP worlds for check tests: a zone plus what listens at each host:port (Exim, Microsoft edge, hostile, closed, black hole), all on loopback.
import net from 'node:net';
import type tls from 'node:tls';
import type { CheckInput, Finding, Status } from '../../src/engine/types.js';
import { createSmtpClient, type RecordingSmtpClient } from '../../src/smtp/client.js';
import type { SmtpConnectHook, SmtpEndpoint, SmtpProbeResult } from '../../src/smtp/types.js';
import type { TestPki } from '../../src/testbed/certs.js';
import type { Zone } from '../../src/testbed/dns-server.js';
import type { RunningSmtpServer } from '../../src/testbed/smtp-common.js';
import { startEximServer } from '../../src/testbed/smtp-exim.js';
import { startHostileServer, type HostileBehaviour } from '../../src/testbed/smtp-hostile.js';
import { startMicrosoftEdgeServer } from '../../src/testbed/smtp-microsoft.js';
import { runWorld, type WorldRun } from './run-world.js';
import { startRefusingEdge, type RefusingEdgeOptions } from './smtp-refusing-edge.js';

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

export interface SmtpWorld {
  name: string;
  /** Zone entries added to (or replacing) the default zone of example.test. */
  zone?: Zone;
  input?: CheckInput;
  /** What listens where, by `host:port` or `address:port`; the defaults are a good Exim smart host and an Internal Relay edge. */
  servers?: Record<string, ServerSpec>;
  /** Trust the test CA (default true): the probe's extraCa, as --ca-file gives it. */
  trustCa?: boolean;
  /** The PKI to serve certificates from (default: the file's PKI for mail.example.test). */
  pki?: 'default' | 'wildcard';
  /** Per-step SMTP timeout, ms (default 1000). */
  timeoutMs?: number;
  /**
   * Addresses this machine has no route to (ENETUNREACH), as an IPv6 address on a network without IPv6:
   * answered by the client itself, since loopback cannot produce it.
   */
  noRoute?: string[];
  /** The run's clock (default now). */
  now?: Date;
  expect: Partial<Record<CheckId, Status>>;
  /** Patterns the message (and remedy) of a check must match. */
  messages?: Partial<Record<CheckId, RegExp>>;
  remedies?: Partial<Record<CheckId, RegExp>>;
}

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
    case 'closed':
    case 'blackhole':
      return undefined;
  }
}

export interface SmtpWorldRun extends WorldRun {
  servers: RunningSmtpServer[];
  client: RecordingSmtpClient;
}

/**
 * Starts the world's servers, routes every SMTP target through a connect hook (anything not listed is
 * refused on loopback: nothing ever leaves the machine), runs all checks and closes everything.
 * Fails the test if any server ever received DATA.
 */
export async function runSmtpWorld(world: SmtpWorld, pkis: { default: TestPki; wildcard?: TestPki }): Promise<SmtpWorldRun> {
  const pki = world.pki === 'wildcard' && pkis.wildcard ? pkis.wildcard : pkis.default;
  const specs = world.servers ?? DEFAULT_SERVERS;
  const servers: RunningSmtpServer[] = [];
  const routes = new Map<string, SmtpEndpoint | 'blackhole'>();
  const refused = await closedPort();
  try {
    for (const [key, spec] of Object.entries(specs)) {
      if (spec.kind === 'blackhole') routes.set(key, 'blackhole');
      else if (spec.kind === 'closed') routes.set(key, { host: '127.0.0.1', port: refused });
      else {
        const server = await start(spec, pki);
        if (server) {
          servers.push(server);
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
      timeoutMs: world.timeoutMs ?? 1000,
      connect,
      ...(world.trustCa === false ? {} : { extraCa: [pki.ca.cert] }),
    });
    const client = world.noRoute ? withoutRouteTo(live, world.noRoute) : live;
    const run = await runWorld(DOMAIN, { zone: { ...DEFAULT_ZONE, ...(world.zone ?? {}) } }, {
      input: { probeLocalPart: 'splitcheck-probe-0123456789', ...(world.input ?? {}) },
      smtp: client,
      ...(world.now ? { now: world.now } : {}),
    });
    for (const server of servers) if (server.sawData) throw new Error(`a test server received DATA in "${world.name}"`);
    return { ...run, servers, client };
  } finally {
    await Promise.all(servers.map((s) => s.close()));
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
export function smtpFindings(run: WorldRun): Finding[] {
  return Object.values(ID).map((id) => run.byId[id]).filter((f): f is Finding => f !== undefined);
}
