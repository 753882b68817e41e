// mtasts.policy through main(): SPLITCHECK_TEST_HTTPS_ROUTES, --ca-file trust, exit codes, and --replay skipping the fetch.
import { mkdtempSync, writeFileSync } from 'node:fs';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Report } from '../../../src/engine/types.js';
import { createTestPki } from '../../../src/testbed/certs.js';
import { startDnsServer, type DnsTestServer } from '../../../src/testbed/dns-server.js';
import { runMain } from '../../helpers/in-process.js';

const DOMAIN = 'example.test';
const dir = mkdtempSync(join(tmpdir(), 'splitcheck-mtasts-'));
const caFile = join(dir, 'ca.pem');
let dns: DnsTestServer;
let server: https.Server;
let port: number;
let requests = 0;

beforeAll(async () => {
  const pki = await createTestPki({ hostname: `mta-sts.${DOMAIN}` });
  writeFileSync(caFile, pki.ca.cert);
  dns = await startDnsServer({
    zone: {
      [DOMAIN]: [{ MX: [0, 'example-test.mail.protection.outlook.com'] }],
      'example-test.mail.protection.outlook.com': [{ A: '198.51.100.10' }],
      [`_mta-sts.${DOMAIN}`]: [{ TXT: 'v=STSv1; id=20240101;' }],
      [`mta-sts.${DOMAIN}`]: [{ A: '192.0.2.80' }],
    },
  });
  server = https.createServer({ key: pki.leaves.good.key, cert: pki.leaves.good.cert }, (_req, res) => {
    requests++;
    res.writeHead(200, { 'content-type': 'text/plain' }).end('version: STSv1\nmode: enforce\nmx: mail.example.test\nmax_age: 86400\n');
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  port = (server.address() as AddressInfo).port;
});
afterAll(async () => {
  server.closeAllConnections();
  await Promise.all([dns.close(), new Promise((done) => server.close(done))]);
});

const args = (...extra: string[]) => [DOMAIN, '--resolver', `127.0.0.1:${dns.address.port}`, '--only', 'mtasts', '--json', '--timeout', '1500', ...extra];
const routes = () => ({ SPLITCHECK_TEST_HTTPS_ROUTES: JSON.stringify({ [`mta-sts.${DOMAIN}:443`]: `127.0.0.1:${port}` }) });
const finding = (stdout: string) => (JSON.parse(stdout) as Report).results.find((r) => r.id === 'mtasts.policy')!;

describe('mtasts.policy through main()', () => {
  it('routed to loopback and trusted through --ca-file: the old hosting MX policy fails, exit 1', async () => {
    const before = requests;
    const r = await runMain(args('--ca-file', caFile), routes());
    expect(r.code).toBe(1);
    expect(finding(r.stdout).status).toBe('fail');
    expect(finding(r.stdout).remedy).toContain('mx: *.mail.protection.outlook.com');
    expect(requests).toBe(before + 1);
  });

  it('without --ca-file the test CA is not trusted: fail on the certificate', async () => {
    const r = await runMain(args(), routes());
    expect(finding(r.stdout).status).toBe('fail');
    expect(finding(r.stdout).message).toMatch(/certificate of mta-sts\.example\.test is not valid/);
  });

  it('only loopback routes are accepted', async () => {
    const r = await runMain(args(), { SPLITCHECK_TEST_HTTPS_ROUTES: JSON.stringify({ [`mta-sts.${DOMAIN}:443`]: '192.0.2.1:443' }) });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/SPLITCHECK_TEST_HTTPS_ROUTES: .* must map to a loopback ip:port/);
  });

  it('--replay of saved evidence skips the policy fetch and says so, fetching nothing', async () => {
    const evidence = join(dir, 'evidence.json');
    await runMain(args('--ca-file', caFile, '--save-evidence', evidence), routes());
    const before = requests;
    const r = await runMain(['--replay', evidence, '--json', '--only', 'mtasts']);
    expect(finding(r.stdout).status).toBe('skip');
    expect(finding(r.stdout).message).toMatch(/not part of saved evidence: run live/);
    expect(requests).toBe(before);
  });
});
