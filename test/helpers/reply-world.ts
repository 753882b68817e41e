// A split domain on loopback for the built bin: the zone on the test DNS server, a hosting smart host and a Microsoft 365 edge answering as imitations say, and the report the CLI prints.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import type { Finding, Report, Status } from '../../src/engine/types.js';
import { createTestPki, type TestPki } from '../../src/testbed/certs.js';
import { startDnsServer, type Zone } from '../../src/testbed/dns-server.js';
import { runCli, type CliResult } from './cli.js';
import { startImitation, type Imitation, type ImitationScript } from './reply-imitation.js';

export const DOMAIN = 'split.example';
export const SMART_HOST = 'mail.split.example';
export const MS_MX = 'split-example.mail.protection.outlook.com';
/** Lives on the hosting server. */
export const ANNA = `anna@${DOMAIN}`;
/** Lives in Microsoft 365; the hosting server has a forwarder for him (cPanel Local routing done right). */
export const BEN = `ben@${DOMAIN}`;
/** Lives in Microsoft 365; the hosting server knows nothing of him. */
export const CARL = `carl@${DOMAIN}`;
/** The EHLO name every run says (--helo): a proper host name, so no imitation needs to care. */
export const HELO = 'prober.splitcheck.example';

export const ZONE: Zone = {
  [DOMAIN]: [{ MX: [0, MS_MX] }],
  [MS_MX]: [{ A: '198.51.100.7' }],
  [SMART_HOST]: [{ A: '203.0.113.25' }],
};

/** What the bin is run against: where port 25 of each name goes (an imitation, or nothing at all). */
export interface ReplyWorld {
  hosting: ImitationScript | 'closed';
  edge: ImitationScript;
  zone?: Zone;
  domain?: string;
  /** Arguments after the world's own (the default: --mailbox anna, --m365-mailbox ben). */
  args?: string[];
  /** Per-step SMTP timeout (default 3000 ms). */
  timeoutMs?: number;
}

export interface ReplyRun {
  result: CliResult;
  report: Report;
  byId: Record<string, Finding>;
  status(id: string): Status | undefined;
  hosting?: Imitation;
  edge: Imitation;
}

let pki: Promise<{ pki: TestPki; caFile: string }> | undefined;

/** One test PKI for mail.split.example per test file, its root written for --ca-file. */
export function replyPki(): Promise<{ pki: TestPki; caFile: string }> {
  pki ??= (async () => {
    const made = await createTestPki({ hostname: SMART_HOST, wrongName: 'server.hosting.example' });
    const dir = mkdtempSync(join(tmpdir(), 'splitcheck-reply-world-'));
    const caFile = join(dir, 'ca.pem');
    writeFileSync(caFile, made.ca.cert);
    return { pki: made, caFile };
  })();
  return pki;
}

/** A port on loopback that nothing listens on (connection refused). */
async function refusedPort(): Promise<number> {
  const closer = await startImitation({ name: 'closed' });
  const port = closer.port;
  await closer.close();
  return port;
}

/** Runs `splitcheck <domain> --json` against the world; every imitation must never have seen DATA, AUTH, VRFY or EXPN. */
export async function runReplyWorld(world: ReplyWorld, only: string[] = ['mx', 'smarthost', 'm365']): Promise<ReplyRun> {
  const { caFile } = await replyPki();
  const dns = await startDnsServer({ zone: world.zone ?? ZONE });
  const edge = await startImitation(world.edge);
  const hosting = world.hosting === 'closed' ? undefined : await startImitation(world.hosting);
  const smartPort = hosting?.port ?? (await refusedPort());
  try {
    const routes = { [`${SMART_HOST}:25`]: `127.0.0.1:${smartPort}`, [`${MS_MX}:25`]: `127.0.0.1:${edge.port}` };
    const args = [
      world.domain ?? DOMAIN,
      '--resolver',
      `127.0.0.1:${dns.port}`,
      '--json',
      '--timeout',
      String(world.timeoutMs ?? 3000),
      '--smart-host',
      SMART_HOST,
      '--helo',
      HELO,
      '--ca-file',
      caFile,
      ...only.flatMap((o) => ['--only', o]),
      ...(world.args ?? ['--mailbox', ANNA, '--m365-mailbox', BEN]),
    ];
    const result = await runCli(args, { env: { SPLITCHECK_TEST_SMTP_ROUTES: JSON.stringify(routes) }, timeoutMs: 90_000 });
    let report: Report;
    try {
      report = JSON.parse(result.stdout) as Report;
    } catch {
      throw new Error(`no JSON (exit ${result.code}): ${result.stderr}\n${result.stdout.slice(0, 1000)}`);
    }
    // Never DATA (nor AUTH, VRFY, EXPN), whatever the server said: the probe's promise, checked on the wire.
    expect(edge.sawForbidden, 'the edge imitation saw DATA/AUTH/VRFY/EXPN').toBe(false);
    expect(hosting?.sawForbidden ?? false, 'the hosting imitation saw DATA/AUTH/VRFY/EXPN').toBe(false);
    const byId = Object.fromEntries(report.results.map((f) => [f.id, f]));
    return { result, report, byId, status: (id) => byId[id]?.status, ...(hosting ? { hosting } : {}), edge };
  } finally {
    await Promise.all([edge.close(), hosting?.close(), dns.close()]);
  }
}
