// Shared test helpers for the SMTP probe: servers closed after each test, a hook routing the target to them.

import { afterEach } from 'vitest';
import type { SmtpConnectHook, SmtpProbeResult } from '../../src/smtp/index.js';
import type { RunningSmtpServer } from '../../src/testbed/smtp-common.js';

const open: RunningSmtpServer[] = [];

/** Registers a server to be closed after the current test. */
export function track<T extends RunningSmtpServer>(server: T): T {
  open.push(server);
  return server;
}

afterEach(async () => {
  await Promise.all(open.splice(0).map((server) => server.close()));
});

/** Every target goes to this test server: checks ask for port 25, the test runs on loopback. */
export function routeTo(server: Pick<RunningSmtpServer, 'host' | 'port'>): SmtpConnectHook {
  return () => ({ host: server.host, port: server.port });
}

/** The commands the probe wrote, in order. */
export function sentCommands(result: SmtpProbeResult): string[] {
  return result.transcript.flatMap((entry) => (entry.kind === 'sent' ? [entry.command] : []));
}

/** Fails loudly if a probe ever wrote DATA or the server ever saw it. */
export function noData(result: SmtpProbeResult, server: RunningSmtpServer): boolean {
  return !sentCommands(result).some((command) => /^(DATA|BDAT)\b/i.test(command)) && !server.sawData;
}
