// A split domain on loopback for the built bin: the zone on the test DNS server, a hosting smart host and a Microsoft 365 edge answering as imitations say, and the report the CLI prints.
import { generateKeyPairSync } from 'node:crypto';
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

let dkimKey: string | undefined;
/** A DKIM key record (RSA 2048, made once), in two character-strings of at most 255 octets (RFC 1035 §3.3). */
function dkimRecord(): string[] {
  dkimKey ??= generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey.export({ type: 'spki', format: 'der' }).toString('base64');
  const text = `v=DKIM1; k=rsa; p=${dkimKey}`;
  return [text.slice(0, 250), text.slice(250)];
}

/**
 * ZONE with everything outside SMTP right (SPF for both senders, both DKIM keys, DMARC, autodiscover): a full run
 * then has only its SMTP worlds to disagree about.
 */
export function healthyZone(domain = DOMAIN, mx = MS_MX): Zone {
  const dashed = domain.replace(/\./g, '-');
  const tenant = `${domain.replace(/\./g, '')}.onmicrosoft.com`;
  return {
    [domain]: [{ MX: [0, mx] }, { TXT: 'v=spf1 include:spf.protection.outlook.com ip4:203.0.113.25 -all' }],
    [mx]: [{ A: '198.51.100.7' }],
    [`mail.${domain}`]: [{ A: '203.0.113.25' }],
    'spf.protection.outlook.com': [{ TXT: 'v=spf1 ip4:40.92.0.0/15 ip4:40.107.0.0/16 ip6:2a01:111:f400::/48 -all' }],
    [`selector1._domainkey.${domain}`]: [{ CNAME: `selector1-${dashed}._domainkey.${tenant}` }],
    [`selector2._domainkey.${domain}`]: [{ CNAME: `selector2-${dashed}._domainkey.${tenant}` }],
    [`selector1-${dashed}._domainkey.${tenant}`]: [{ TXT: dkimRecord() }],
    [`selector2-${dashed}._domainkey.${tenant}`]: [{ TXT: dkimRecord() }],
    [`default._domainkey.${domain}`]: [{ TXT: dkimRecord() }],
    [`_dmarc.${domain}`]: [{ TXT: 'v=DMARC1; p=quarantine' }],
    [`autodiscover.${domain}`]: [{ CNAME: 'autodiscover.outlook.com' }],
    'autodiscover.outlook.com': [{ A: '52.97.1.1' }],
  };
}

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

/** A world started on loopback: the resolver and routes a spawned bin needs. */
export interface StartedReplyWorld {
  /** `--resolver`, `--ca-file`, `--helo`, `--smart-host` and the timeout, for any command line. */
  baseArgs: string[];
  env: NodeJS.ProcessEnv;
  edge: Imitation;
  hosting?: Imitation;
  close(): Promise<void>;
}

export async function startReplyWorld(world: ReplyWorld): Promise<StartedReplyWorld> {
  const { caFile } = await replyPki();
  const dns = await startDnsServer({ zone: world.zone ?? ZONE });
  const edge = await startImitation(world.edge);
  const hosting = world.hosting === 'closed' ? undefined : await startImitation(world.hosting);
  const smartPort = hosting?.port ?? (await refusedPort());
  const routes = { [`${SMART_HOST}:25`]: `127.0.0.1:${smartPort}`, [`${MS_MX}:25`]: `127.0.0.1:${edge.port}` };
  return {
    baseArgs: ['--resolver', `127.0.0.1:${dns.port}`, '--timeout', String(world.timeoutMs ?? 3000), '--smart-host', SMART_HOST, '--helo', HELO, '--ca-file', caFile],
    env: { SPLITCHECK_TEST_SMTP_ROUTES: JSON.stringify(routes) },
    edge,
    ...(hosting ? { hosting } : {}),
    close: async () => {
      await Promise.all([edge.close(), hosting?.close(), dns.close()]);
    },
  };
}

/** Never DATA (nor AUTH, VRFY, EXPN), whatever the server said: the probe's promise, checked on the wire. */
export function expectNoForbiddenCommand(started: Pick<StartedReplyWorld, 'edge' | 'hosting'>): void {
  expect(started.edge.sawForbidden, 'the edge imitation saw DATA/AUTH/VRFY/EXPN').toBe(false);
  expect(started.hosting?.sawForbidden ?? false, 'the hosting imitation saw DATA/AUTH/VRFY/EXPN').toBe(false);
}

/** Runs `splitcheck <domain> --json` against the world (the checks in `only`; none: every check). */
export async function runReplyWorld(world: ReplyWorld, only: string[] = ['mx', 'smarthost', 'm365']): Promise<ReplyRun> {
  const started = await startReplyWorld(world);
  try {
    const args = [
      world.domain ?? DOMAIN,
      ...started.baseArgs,
      '--json',
      ...only.flatMap((o) => ['--only', o]),
      ...(world.args ?? ['--mailbox', ANNA, '--m365-mailbox', BEN]),
    ];
    const result = await runCli(args, { env: started.env, timeoutMs: 90_000 });
    let report: Report;
    try {
      report = JSON.parse(result.stdout) as Report;
    } catch {
      throw new Error(`no JSON (exit ${result.code}): ${result.stderr}\n${result.stdout.slice(0, 1000)}`);
    }
    expectNoForbiddenCommand(started);
    const byId = Object.fromEntries(report.results.map((f) => [f.id, f]));
    return { result, report, byId, status: (id) => byId[id]?.status, ...(started.hosting ? { hosting: started.hosting } : {}), edge: started.edge };
  } finally {
    await started.close();
  }
}
