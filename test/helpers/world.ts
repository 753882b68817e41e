// The one shape of a check-table world (a zone, what listens for SMTP, the status each check must give) and its
// runner: the real checks through the real resolver against the loopback DNS server, SMTP through loopback servers.
import dnsPacket from 'dns-packet';
import type { Packet } from 'dns-packet';
import { expect } from 'vitest';
import { ALL_CHECKS } from '../../src/checks/index.js';
import { createResolver } from '../../src/dns/resolver.js';
import { runChecks } from '../../src/engine/run.js';
import type { CheckInput, Finding, Status } from '../../src/engine/types.js';
import type { PolicyFetcher } from '../../src/mtasts/fetch.js';
import type { RecordingSmtpClient, SmtpClient } from '../../src/smtp/client.js';
import type { TestPki } from '../../src/testbed/certs.js';
import { startDnsServer, type DnsServerOptions, type Zone } from '../../src/testbed/dns-server.js';
import type { RunningSmtpServer } from '../../src/testbed/smtp-common.js';
import { expectFlows } from './flows.js';
import { startServers, type ServerSpec, type SmtpOptions } from './smtp-servers.js';

export type { Status };
export type Servers = Record<string, ServerSpec>;

export interface World {
  name: string;
  domain: string;
  zone: Zone;
  input?: CheckInput;
  /**
   * What listens for SMTP, by `host:port` or `address:port` (test/helpers/smtp-servers.ts). Absent: the run has
   * no SMTP at all, as with --no-smtp. A function is called when the world runs (servers built from a PKI made in beforeAll).
   */
  servers?: Servers | (() => Servers);
  /** How the SMTP client probes those servers. */
  smtp?: SmtpOptions;
  /** How the loopback DNS server and the resolver behave. */
  dns?: {
    timeoutMs?: number;
    retries?: number;
    /** Names (any type) the server answers with SERVFAIL. */
    servfail?: string[];
  };
  /** The run's clock (certificate dates are judged against it; default now). */
  now?: Date;
  /** The status each listed check must give. */
  expect: Partial<Record<string, Status>>;
  /** Substrings the check's message or remedy must contain. */
  says?: Record<string, string[]>;
  /** Substrings its message and remedy must not contain. */
  never?: Record<string, string[]>;
  /** The check's message must match the pattern, or contain every string. */
  messages?: Record<string, RegExp | string[]>;
  /** The check's remedy must match the pattern, or contain every string. */
  remedies?: Record<string, RegExp | string[]>;
  /** The whole run must end within this many ms (hostile data). */
  withinMs?: number;
  /** Shown after the name in the test title, e.g. `adversarial`. */
  tags?: string[];
}

export interface WorldRun {
  findings: Finding[];
  byId: Record<string, Finding>;
  elapsedMs: number;
}

export interface SmtpWorldRun extends WorldRun {
  /** The SMTP servers of the world, in its order; empty without `servers`. */
  servers: RunningSmtpServer[];
  /** The same, by the world's `host:port` key. */
  serversByKey: Record<string, RunningSmtpServer>;
  /** The client the checks probed through (its exchanges are what --save-evidence keeps); absent without `servers`. */
  client?: RecordingSmtpClient;
}

/** A world's test title: its name and tags. */
export function worldTitle(world: Pick<World, 'name' | 'tags'>): string {
  return world.tags?.length ? `${world.name} [${world.tags.join(', ')}]` : world.name;
}

/**
 * Runs a world: its zone on the loopback DNS server, its SMTP servers on loopback, all checks. Fails the test
 * if any SMTP server ever received DATA. `pkis` serve the exim worlds' certificates.
 */
/** Per-attempt DNS timeout for worlds whose every question is answered: generous, it is never reached. */
const ANSWERED_ZONE_TIMEOUT_MS = 2_000;

export async function runWorld(world: World, options: { pkis?: { default: TestPki; wildcard?: TestPki }; dnsTimeoutMs?: number } = {}): Promise<SmtpWorldRun> {
  const failing = new Set((world.dns?.servfail ?? []).map((n) => n.toLowerCase()));
  const handler =
    failing.size === 0
      ? undefined
      : (q: { id: number; questions: Packet['questions'] }) =>
          failing.has(q.questions?.[0]?.name.toLowerCase() ?? '')
            ? ({ type: 'response', id: q.id, flags: dnsPacket.RECURSION_AVAILABLE | 2, questions: q.questions, answers: [] } as Packet)
            : undefined;
  const server: DnsServerOptions = { zone: world.zone, ...(handler ? { handler } : {}) };
  // A short timeout only where the zone makes the server stay silent ('TIMEOUT'): elsewhere every question is
  // answered, and a short timeout would only turn a busy machine's slow answer into a spurious `error`.
  const silent = Object.values(world.zone).some((entries) => entries.includes('TIMEOUT'));
  const timeoutMs = world.dns?.timeoutMs ?? (silent ? options.dnsTimeoutMs : ANSWERED_ZONE_TIMEOUT_MS);
  const dns = {
    ...(timeoutMs !== undefined ? { timeoutMs } : {}),
    ...(world.dns?.retries !== undefined ? { retries: world.dns.retries } : {}),
    ...(world.now ? { now: world.now } : {}),
  };
  if (!world.servers) {
    const run = await runZone(world.domain, server, { input: world.input ?? {}, ...dns });
    expectFlows(run.findings, world);
    return { ...run, servers: [], serversByKey: {} };
  }
  const specs = typeof world.servers === 'function' ? world.servers() : world.servers;
  const smtp = await startServers(specs, options.pkis, world.smtp);
  try {
    const run = await runZone(world.domain, server, {
      input: { probeLocalPart: 'splitcheck-probe-0123456789', ...(world.input ?? {}) },
      smtp: smtp.client,
      ...dns,
    });
    for (const s of smtp.servers) if (s.sawData) throw new Error(`a test server received DATA in "${world.name}"`);
    // Every table's run: its flows follow the contract's rule, and agree with the statuses the table expects.
    expectFlows(run.findings, world);
    return { ...run, servers: smtp.servers, serversByKey: smtp.byKey, client: smtp.client };
  } finally {
    await smtp.close();
  }
}

/** The status each check the world lists got, by id: what a table compares with `world.expect`. */
export function statusesOf(byId: Record<string, Finding>, world: Pick<World, 'expect'>): Record<string, Status | undefined> {
  return Object.fromEntries(Object.keys(world.expect).map((id) => [id, byId[id]?.status]));
}

/** The messages of the checks the world lists: shown when a status is not the one expected. */
export function messagesOf(byId: Record<string, Finding>, world: Pick<World, 'expect'>): string {
  return JSON.stringify(Object.fromEntries(Object.keys(world.expect).map((id) => [id, byId[id]?.message])), null, 1);
}

/** The words the world's findings must (not) say, and its time budget. Each table adds its area's invariants. */
export function expectWording(byId: Record<string, Finding>, world: Pick<World, 'says' | 'never' | 'messages' | 'remedies' | 'withinMs'>, elapsedMs?: number): void {
  const text = (id: string) => `${byId[id]?.message}\n${byId[id]?.remedy ?? ''}`;
  for (const [id, needles] of Object.entries(world.says ?? {})) for (const needle of needles) expect(text(id), id).toContain(needle);
  for (const [id, needles] of Object.entries(world.never ?? {})) for (const needle of needles) expect(text(id), id).not.toContain(needle);
  for (const [id, pattern] of Object.entries(world.messages ?? {})) {
    if (pattern instanceof RegExp) expect(byId[id]?.message, id).toMatch(pattern);
    else for (const needle of pattern) expect(byId[id]?.message, `${id} message`).toContain(needle);
  }
  for (const [id, pattern] of Object.entries(world.remedies ?? {})) {
    if (pattern instanceof RegExp) expect(byId[id]?.remedy, id).toMatch(pattern);
    else for (const needle of pattern) expect(byId[id]?.remedy, `${id} remedy`).toContain(needle);
  }
  if (world.withinMs !== undefined) expect(elapsedMs).toBeLessThan(world.withinMs);
}

/** Every finding worded without leftover placeholders (SPF macros such as %{i} are record text), every non-pass with a remedy. */
export function expectWorded(byId: Record<string, Finding>): void {
  for (const f of Object.values(byId)) {
    expect(`${f.message} ${f.remedy ?? ''}`, f.id).not.toMatch(/(?<!%)\{[a-zA-Z]+\}/);
    if (['warn', 'fail', 'error'].includes(f.status)) expect(f.remedy, `${f.id} remedy`).toBeTruthy();
  }
}

/**
 * Runs the full check registry against a zone served by the loopback DNS server, through the real resolver:
 * the runner under runWorld, for tests that are not a table of worlds.
 */
export async function runZone(
  domain: string,
  server: DnsServerOptions,
  options: {
    input?: CheckInput;
    timeoutMs?: number;
    retries?: number;
    /**
     * The SMTP client the checks probe through (e.g. createSmtpClient with a loopback connect hook).
     * Without one the run has no SMTP at all, as with --no-smtp: the SMTP checks skip, nothing leaves loopback.
     */
    smtp?: SmtpClient;
    /** The run's clock (certificate dates are judged against it). */
    now?: Date;
    /** The MTA-STS policy fetch (e.g. createPolicyFetcher routed to a loopback HTTPS server); absent: as under --replay. */
    fetchPolicy?: PolicyFetcher;
  } = {},
): Promise<WorldRun> {
  const dns = await startDnsServer(server);
  try {
    const resolver = createResolver({ servers: [dns.address], timeoutMs: options.timeoutMs ?? 250, retries: options.retries ?? 0 });
    const input: CheckInput = options.smtp ? (options.input ?? {}) : { noSmtp: true, ...(options.input ?? {}) };
    const started = performance.now();
    const findings = await runChecks({
      domain,
      input,
      dns: resolver,
      ...(options.smtp ? { smtp: options.smtp } : {}),
      ...(options.fetchPolicy ? { fetchPolicy: options.fetchPolicy } : {}),
      checks: ALL_CHECKS,
      now: options.now ?? new Date(),
      checkTimeoutMs: 10_000,
    });
    const elapsedMs = performance.now() - started;
    return { findings, byId: Object.fromEntries(findings.map((f) => [f.id, f])), elapsedMs };
  } finally {
    await dns.close();
  }
}

/** The same worlds, each carrying `tag` (shown in its test title). */
export function tagged(tag: string, worlds: World[]): World[] {
  return worlds.map((w) => ({ ...w, tags: [...(w.tags ?? []), tag] }));
}
