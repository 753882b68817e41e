// Output safety through the real bin: control characters and ANSI escapes planted in DNS data (TXT, CNAME targets, MX exchanges
// with odd labels, SRV targets) and in SMTP (greeting, EHLO lines, RCPT replies, certificate subjects) never reach any report raw.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Report } from '../../src/engine/types.js';
import { startDnsServer, type DnsTestServer, type Zone } from '../../src/testbed/dns-server.js';
import type { RunningSmtpServer } from '../../src/testbed/smtp-common.js';
import { startEximServer } from '../../src/testbed/smtp-exim.js';
import { HOSTILE_REPLY_TEXT, startHostileServer } from '../../src/testbed/smtp-hostile.js';
import { startMicrosoftEdgeServer } from '../../src/testbed/smtp-microsoft.js';
import { runCli, type CliResult } from '../helpers/cli.js';
import { parseXml } from '../helpers/xml.js';
import { FLAG, header, pointer, question, rawName, rr, textName, u16 } from '../fuzz/wire.js';
import { HOSTILE_SUBJECT_TEXT, hostileCertificate } from './helpers/hostile-cert.js';

const DOMAIN = 'example.test';
const MS_MX = 'example-test.mail.protection.outlook.com';
const SMART_HOST = `mail.${DOMAIN}`;
const MAILBOX = `anna@${DOMAIN}`;

// eslint-disable-next-line no-control-regex
const RAW_BUT_LF = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069\u{d800}-\u{dfff}]/u;
/** A line that starts with text planted after a line break in DNS or SMTP data. */
const FORGED_LINE = /^[\s|>*-]*(INJECTED|FORGED)/im;

const ESC = '\u001b';
const zone: Zone = {
  [DOMAIN]: [
    { MX: [0, MS_MX] },
    { MX: [10, `mx${ESC}[31m.${DOMAIN}`] },
    { TXT: `v=spf1 include:spf.protection.outlook.com ${ESC}[31m ip4:203.0.113.25 -all` },
    { TXT: `verification ${ESC}]0;owned\u0007 \u009b2J \u202e\nINJECTED` },
  ],
  [MS_MX]: [{ A: '198.51.100.10' }],
  [SMART_HOST]: [{ A: '203.0.113.25' }],
  'spf.protection.outlook.com': [{ TXT: 'v=spf1 ip4:40.92.0.0/15 ip4:40.107.0.0/16 ip4:52.100.0.0/15 ip4:104.47.0.0/17 ip6:2a01:111:f400::/48 -all' }],
  [`autodiscover.${DOMAIN}`]: [{ CNAME: `x${ESC}[2J\nINJECTED.${DOMAIN}` }],
  [`_autodiscover._tcp.${DOMAIN}`]: [{ SRV: [0, 0, 443, `srv${ESC}]8;;http://evil.example/${ESC}\\.${DOMAIN}`] }],
  [`_dmarc.${DOMAIN}`]: [{ TXT: `v=DMARC1; p=none; rua=mailto:${ESC}[31m@${DOMAIN}\r\nFORGED` }],
  [`selector1._domainkey.${DOMAIN}`]: [{ CNAME: `sel${ESC}[5m\u0007.onmicrosoft.com` }],
};

/** The MX answer in octets no text encoder writes: labels with a dot, a space, quotes, NUL, ESC and C1 octets inside. */
function rawMxAnswer(id: number): Buffer {
  const labels = [Buffer.from('we ird'), Buffer.from('a.b'), Buffer.from('q"(;)\\'), Buffer.from([0x1b, 0x5b, 0x33, 0x31, 0x6d]), Buffer.from([0x00, 0x9b, 0x0a, 0x49])];
  return Buffer.concat([
    header({ id, flags: FLAG.QR | FLAG.RD | FLAG.RA, qd: 1, an: 3, ns: 0, ar: 0 }),
    question(textName(DOMAIN), 15),
    rr(pointer(12), 15, Buffer.concat([u16(0), textName(MS_MX)])),
    rr(pointer(12), 15, Buffer.concat([u16(10), rawName(labels, pointer(12))])),
    rr(pointer(12), 15, Buffer.concat([u16(20), rawName([Buffer.from('\u001b]0;t\u0007\r\nINJECTED')], pointer(12))])),
  ]);
}

let dns: DnsTestServer;
let hostile: RunningSmtpServer;
let exim: RunningSmtpServer;
let edge: RunningSmtpServer;
const dir = mkdtempSync(join(tmpdir(), 'splitcheck-output-safety-'));

beforeAll(async () => {
  dns = await startDnsServer({
    zone,
    handler: (query, _transport, _rinfo) => {
      const q = query.questions[0];
      if (q?.type === 'MX' && q.name.toLowerCase() === DOMAIN) return rawMxAnswer(query.id);
      if (q?.type === 'TXT' && q.name.toLowerCase() === `default._domainkey.${DOMAIN}`) {
        // A referral (no answer, NS without SOA): the lookup fails, and its reason names the NS target, planted here.
        return Buffer.concat([
          header({ id: query.id, flags: FLAG.QR | FLAG.RD, qd: 1, an: 0, ns: 1, ar: 0 }),
          question(textName(q.name), 16),
          rr(textName(DOMAIN), 2, rawName([Buffer.from('ns\u001b[31m\nINJECTED \u009b2J')], textName(DOMAIN))),
        ]);
      }
      return undefined;
    },
  });
  hostile = await startHostileServer('hostile-text');
  exim = await startEximServer({ domains: [DOMAIN], mailboxes: [MAILBOX], tls: await hostileCertificate(SMART_HOST) });
  edge = await startMicrosoftEdgeServer({ mode: 'internal-relay', acceptedDomains: [DOMAIN], mailboxes: ['boss@example.test'] });
  writeFileSync(join(dir, 'placeholder'), '');
});
afterAll(async () => {
  expect(hostile.sawData || exim.sawData || edge.sawData).toBe(false);
  await Promise.all([dns.close(), hostile.close(), exim.close(), edge.close()]);
});

const routes = (smartHost: RunningSmtpServer) => ({
  SPLITCHECK_TEST_SMTP_ROUTES: JSON.stringify({ [`${SMART_HOST}:25`]: `127.0.0.1:${smartHost.port}`, [`${MS_MX}:25`]: `127.0.0.1:${edge.port}` }),
});

function run(smartHost: RunningSmtpServer, ...extra: string[]): Promise<CliResult> {
  return runCli([DOMAIN, '--resolver', `127.0.0.1:${dns.address.port}`, '--timeout', '1500', '--retries', '0', '--mailbox', MAILBOX, ...extra], {
    env: routes(smartHost),
  });
}

function expectSafe(output: string, what: string): void {
  // The terminal report's own colours are SGR sequences; nothing else may start with ESC.
  // eslint-disable-next-line no-control-regex
  const text = output.replace(/\u001b\[\d+m/g, '');
  const raw = RAW_BUT_LF.exec(text);
  expect(raw === null ? null : `${what}: raw U+${(raw[0].codePointAt(0) ?? 0).toString(16)} in ${JSON.stringify(text.slice(Math.max(0, raw.index - 40), raw.index + 40))}`).toBeNull();
  const forged = FORGED_LINE.exec(text);
  expect(forged === null ? null : `${what}: forged line ${JSON.stringify(text.slice(Math.max(0, forged.index - 40), forged.index + 60))}`).toBeNull();
}

function expectEnded(r: CliResult): void {
  expect([1, 3]).toContain(r.code);
  expect(r.stderr).not.toMatch(/\n\s+at /);
  expectSafe(r.stderr, 'stderr');
}

describe.each([
  ['a smart host whose every reply carries escapes (greeting, EHLO lines, RCPT replies)', () => hostile],
  ['a smart host whose certificate subject and names carry escapes', () => exim],
])('%s, with DNS data full of escapes', (_name, smartHost) => {
  it('terminal, without and with --color, verbose: no raw control character, no forged line, the data shown escaped', async () => {
    for (const flags of [['--no-color'], ['--color'], ['--color', '--verbose'], ['--verbose']]) {
      const r = await run(smartHost(), ...flags);
      expectEnded(r);
      expectSafe(r.stdout, `terminal ${flags.join(' ')}`);
      expect(r.stdout).toContain('\\x1b[31m');
      if (flags.includes('--color')) expect(r.stdout).toContain('\u001b[1m');
    }
  });

  it('--format json parses, carries no raw control, and keeps the data itself (escaped only as JSON)', async () => {
    const r = await run(smartHost(), '--format', 'json');
    expectEnded(r);
    expectSafe(r.stdout, 'json');
    const report = JSON.parse(r.stdout) as Report;
    expect(report.results.length).toBeGreaterThan(15);
    const everything = JSON.stringify(report);
    expect(everything).toContain('\\u001b[31m');
  });

  it('--format junit is well-formed XML 1.0 without raw controls', async () => {
    const r = await run(smartHost(), '--format', 'junit');
    expectEnded(r);
    expectSafe(r.stdout, 'junit');
    expect(() => parseXml(r.stdout)).not.toThrow();
  });

  it('--format markdown carries no raw control and no forged line', async () => {
    const r = await run(smartHost(), '--format', 'markdown');
    expectEnded(r);
    expectSafe(r.stdout, 'markdown');
  });
});

describe('what was planted really reached the checks (so the tests above test something)', () => {
  it('the hostile SMTP text and certificate subject, the MX labels and the DNS text are in the evidence', async () => {
    const text = JSON.parse((await run(hostile, '--format', 'json')).stdout) as Report;
    const cert = JSON.parse((await run(exim, '--format', 'json')).stdout) as Report;
    const hostileJson = JSON.stringify(text);
    const certJson = JSON.stringify(cert);
    expect(hostileJson).toContain(JSON.stringify(HOSTILE_REPLY_TEXT).slice(1, 20));
    expect(certJson).toMatch(/Evil/);
    expect(JSON.stringify(HOSTILE_SUBJECT_TEXT)).toContain('INJECTED');
    // The MX answer with odd labels was read; formatRecord escapes them (RFC 1035 §5.1: \DDD, \ before specials).
    // A dot inside a label cannot be told from a label break: dns-packet joins labels with dots.
    const mx = text.results.find((f) => f.id === 'mx.present');
    expect(mx?.observed?.join('\n')).toContain('we\\ ird.a.b.q\\"\\(\\;\\)\\\\.\\027[31m.\\000');
    // Every DNS-planted place shows up somewhere in the report.
    for (const id of ['autodiscover.cname', 'autodiscover.srv', 'dmarc.record', 'dkim.m365', 'spf.syntax']) {
      expect(text.results.find((f) => f.id === id)?.status, id).toBeDefined();
    }
    // The referral's NS name reached an engine message (a lookup error), escaped.
    expect(text.results.find((f) => f.id === 'dkim.hosting')?.message).toMatch(/referral to ns\\x1b\[31m\\x0ainjected/);
  });
});
