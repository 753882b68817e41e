// mtasts.policy over worlds: loopback DNS plus a loopback HTTPS server (test CA) standing in for mta-sts.<domain>.
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createPolicyFetcher, MAX_POLICY_BYTES } from '../../../src/mtasts/fetch.js';
import { createTestPki, type TestPki } from '../../../src/testbed/certs.js';
import type { Zone } from '../../../src/testbed/dns-server.js';
import { runZone } from '../../helpers/world.js';

const DOMAIN = 'example.test';
const MS_MX = 'example-test.mail.protection.outlook.com';
const HOSTING_MX = 'mail.example.test';
const ID = 'mtasts.policy';

type Leaf = keyof TestPki['leaves'];
type Reply = { status?: number; type?: string; headers?: Record<string, string>; body?: string | Buffer; chunked?: boolean } | 'hang';

interface Served {
  port: number;
  requests: string[];
  close(): Promise<void>;
}

let pki: TestPki;
const open: Served[] = [];
beforeAll(async () => {
  pki = await createTestPki({ hostname: `mta-sts.${DOMAIN}`, wrongName: 'www.hosting.test' });
});
afterEach(async () => {
  await Promise.all(open.splice(0).map((s) => s.close()));
});

async function serve(reply: Reply, leaf: Leaf = 'good'): Promise<Served> {
  const requests: string[] = [];
  const server = https.createServer({ key: pki.leaves[leaf].key, cert: pki.leaves[leaf].cert }, (req, res) => {
    requests.push(`${req.method} ${req.headers.host}${req.url}`);
    if (reply === 'hang') return;
    const headers: Record<string, string> = { ...(reply.type ? { 'content-type': reply.type } : {}), ...reply.headers };
    const body = reply.body ?? '';
    if (!reply.chunked) headers['content-length'] = String(Buffer.byteLength(body));
    res.writeHead(reply.status ?? 200, headers);
    if (reply.chunked && Buffer.isBuffer(body)) {
      // Streamed without a Content-Length: the cap must hold while reading.
      for (let i = 0; i < body.length && !res.destroyed; i += 16384) res.write(body.subarray(i, i + 16384));
      res.end();
    } else res.end(body);
  });
  server.on('clientError', () => undefined);
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const served: Served = {
    port: (server.address() as AddressInfo).port,
    requests,
    close: () =>
      new Promise<void>((done) => {
        server.closeAllConnections();
        server.close(() => done());
      }),
  };
  open.push(served);
  return served;
}

const policy = (mode: string, ...mx: string[]) => `version: STSv1\r\nmode: ${mode}\r\n${mx.map((m) => `mx: ${m}\r\n`).join('')}max_age: 604800\r\n`;
const zone = (txt: Zone[string] = [{ TXT: 'v=STSv1; id=20240101;' }], mx: string[] = [MS_MX]): Zone => ({
  [DOMAIN]: mx.map((m, i) => ({ MX: [i * 10, m] as [number, string] })),
  ...Object.fromEntries(mx.map((m) => [m, [{ A: '198.51.100.10' }]])),
  [`_mta-sts.${DOMAIN}`]: txt,
  [`mta-sts.${DOMAIN}`]: [{ A: '192.0.2.80' }],
});

async function check(z: Zone, server: Served | undefined, timeoutMs = 1000) {
  const fetchPolicy = createPolicyFetcher({
    timeoutMs,
    extraCa: [pki.ca.cert],
    // Loopback only: the address the run resolved (192.0.2.80) is never dialled.
    connect: (t) => (t.host === `mta-sts.${DOMAIN}` && t.port === 443 && server ? { host: '127.0.0.1', port: server.port } : { host: '127.0.0.1', port: 9 }),
  });
  const started = performance.now();
  const run = await runZone(DOMAIN, { zone: z }, { fetchPolicy, timeoutMs: 300 });
  const finding = run.byId[ID]!;
  if (finding.status !== 'pass' && finding.status !== 'skip') expect(finding.remedy, 'every non-pass has a remedy').toBeTruthy();
  expect(finding.message).not.toMatch(/\{[a-zA-Z]+\}/);
  expect(finding.remedy ?? '').not.toMatch(/\{[a-zA-Z]+\}/);
  return { finding, elapsedMs: performance.now() - started };
}

describe('mtasts.policy', () => {
  it('enforce listing the Microsoft MX by wildcard: pass, fetched over validated HTTPS with the right Host', async () => {
    const server = await serve({ type: 'text/plain; charset=utf-8', body: policy('enforce', '*.mail.protection.outlook.com') });
    const { finding } = await check(zone(), server);
    expect(finding.status).toBe('pass');
    expect(finding.message).toMatch(/mode enforce.*example-test\.mail\.protection\.outlook\.com/);
    expect(server.requests).toEqual([`GET mta-sts.${DOMAIN}/.well-known/mta-sts.txt`]);
  });

  it('enforce listing only the old hosting MX: fail, the remedy gives the policy and the id bump', async () => {
    const server = await serve({ type: 'text/plain', body: policy('enforce', HOSTING_MX) });
    const { finding } = await check(zone(), server);
    expect(finding.status).toBe('fail');
    expect(finding.message).toMatch(/does not list example-test\.mail\.protection\.outlook\.com.*failed MTA-STS validation/);
    expect(finding.remedy).toMatch(/mode: enforce\n\s+mx: \*\.mail\.protection\.outlook\.com\n\s+max_age: 604800/);
    expect(finding.remedy).toMatch(/_mta-sts\.example\.test a new id= \(e\.g\. id=\d{14}\)/);
    expect(finding.evidence).toMatchObject({ unmatched: [MS_MX], policy: { mode: 'enforce', mx: [HOSTING_MX] } });
  });

  it('enforce, DANE MX form not covered by *.mx.microsoft (one label only): fail, proposes its own wildcard', async () => {
    const dane = 'example-test.o-v1.mx.microsoft';
    const server = await serve({ type: 'text/plain', body: policy('enforce', '*.mx.microsoft') });
    const { finding } = await check(zone(undefined, [dane]), server);
    expect(finding.status).toBe('fail');
    expect(finding.remedy).toMatch(/mx: \*\.o-v1\.mx\.microsoft/);
  });

  it('enforce covering Microsoft but not a backup hosting MX: warn', async () => {
    const server = await serve({ type: 'text/plain', body: policy('enforce', '*.mail.protection.outlook.com') });
    const { finding } = await check(zone(undefined, [MS_MX, HOSTING_MX]), server);
    expect(finding.status).toBe('warn');
    expect(finding.message).toMatch(/skip those hosts/);
  });

  it('testing with a mismatch: warn', async () => {
    const server = await serve({ type: 'text/plain', body: policy('testing', HOSTING_MX) });
    const { finding } = await check(zone(), server);
    expect(finding.status).toBe('warn');
    expect(finding.message).toMatch(/mode testing/);
    expect(finding.remedy).toMatch(/mode: testing/);
  });

  it('mode none: pass, saying MTA-STS is off', async () => {
    const server = await serve({ type: 'text/plain', body: 'version: STSv1\nmode: none\nmax_age: 86400\n' });
    const { finding } = await check(zone(), server);
    expect(finding.status).toBe('pass');
    expect(finding.message).toMatch(/switched off/);
  });

  it('a policy served as text/html: warn', async () => {
    const server = await serve({ type: 'text/html', body: policy('enforce', '*.mail.protection.outlook.com') });
    const { finding } = await check(zone(), server);
    expect(finding.status).toBe('warn');
    expect(finding.message).toMatch(/"text\/html", not text\/plain/);
  });

  it('an invalid policy (no mode): fail', async () => {
    const server = await serve({ type: 'text/plain', body: 'version: STSv1\nmx: *.mail.protection.outlook.com\nmax_age: 86400\n' });
    const { finding } = await check(zone(), server);
    expect(finding.status).toBe('fail');
    expect(finding.message).toMatch(/invalid \(no "mode:" line\)/);
  });

  it('no _mta-sts TXT (or none beginning v=STSv1): skip', async () => {
    expect((await check(zone([]), undefined)).finding.status).toBe('skip');
    const { finding } = await check(zone([{ TXT: 'google-site-verification=abc' }]), undefined);
    expect(finding.status).toBe('skip');
    expect(finding.message).toMatch(/No MTA-STS policy published/);
  });

  it('the TXT lookup unanswered: error', async () => {
    const { finding } = await check(zone(['TIMEOUT']), undefined);
    expect(finding.status).toBe('error');
  });

  it('two v=STSv1 records: fail (RFC 8461 §3.1: no policy)', async () => {
    const { finding } = await check(zone([{ TXT: 'v=STSv1; id=1;' }, { TXT: 'v=STSv1; id=2;' }]), undefined);
    expect(finding.status).toBe('fail');
    expect(finding.message).toMatch(/^2 MTA-STS records/);
  });

  it('a record without id=: fail', async () => {
    const { finding } = await check(zone([{ TXT: 'v=STSv1;' }]), undefined);
    expect(finding.status).toBe('fail');
    expect(finding.message).toMatch(/invalid \(no id= field\)/);
  });

  it('HTTP 404: fail', async () => {
    const server = await serve({ status: 404, type: 'text/html', body: 'not found' });
    const { finding } = await check(zone(), server);
    expect(finding.status).toBe('fail');
    expect(finding.message).toMatch(/HTTP 404/);
  });

  it('a redirect: fail, and it is not followed', async () => {
    const target = await serve({ type: 'text/plain', body: policy('enforce', '*.mail.protection.outlook.com') });
    const server = await serve({ status: 301, headers: { location: `https://127.0.0.1:${target.port}/.well-known/mta-sts.txt` } });
    const { finding } = await check(zone(), server);
    expect(finding.status).toBe('fail');
    expect(finding.message).toMatch(/HTTP 301 redirecting to https:\/\/127\.0\.0\.1/);
    expect(server.requests).toHaveLength(1);
    expect(target.requests).toHaveLength(0);
  });

  it('a certificate for another name, or self-signed: fail', async () => {
    const wrong = await check(zone(), await serve({ type: 'text/plain', body: policy('enforce', '*.mail.protection.outlook.com') }, 'wrongName'));
    expect(wrong.finding.status).toBe('fail');
    expect(wrong.finding.message).toMatch(/certificate of mta-sts\.example\.test is not valid \(ERR_TLS_CERT_ALTNAME_INVALID\)/);
    const self = await check(zone(), await serve({ type: 'text/plain', body: policy('enforce', '*.mail.protection.outlook.com') }, 'selfSigned'));
    expect(self.finding.status).toBe('fail');
  });

  it('an HTTPS server that never answers: error within the timeout', async () => {
    const server = await serve('hang');
    const { finding, elapsedMs } = await check(zone(), server, 400);
    expect(finding.status).toBe('error');
    expect(finding.message).toMatch(/within 400 ms/);
    expect(elapsedMs).toBeLessThan(2500);
  });

  it('connection refused: error, not fail', async () => {
    const { finding } = await check(zone(), undefined);
    expect(finding.status).toBe('error');
    expect(finding.message).toMatch(/ECONNREFUSED/);
  });

  it('a 1 MB body is refused, with or without Content-Length', async () => {
    const big = Buffer.alloc(1024 * 1024, 'mx: a.example.test\n');
    for (const chunked of [false, true]) {
      const { finding } = await check(zone(), await serve({ type: 'text/plain', body: big, chunked }));
      expect(finding.status, `chunked ${chunked}`).toBe('fail');
      expect(finding.message).toContain(`more than ${MAX_POLICY_BYTES} bytes`);
    }
  });

  it('mta-sts.<domain> without an address: fail', async () => {
    const z = zone();
    delete z[`mta-sts.${DOMAIN}`];
    const { finding } = await check(z, undefined);
    expect(finding.status).toBe('fail');
    expect(finding.message).toMatch(/has no address/);
  });

  it('without a fetcher (as under --replay): skip, saying why', async () => {
    const run = await runZone(DOMAIN, { zone: zone() }, { timeoutMs: 300 });
    expect(run.byId[ID]?.status).toBe('skip');
    expect(run.byId[ID]?.message).toMatch(/not part of saved evidence/);
  });
});
