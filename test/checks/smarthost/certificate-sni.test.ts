// smarthost.certificate with and without SNI: shared hosts often show a client that names no host another certificate; what Exchange Online sends is not documented.
import type tls from 'node:tls';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createSmtpClient } from '../../../src/smtp/client.js';
import type { SmtpConnectHook } from '../../../src/smtp/types.js';
import { createTestPki, type ServedCertificate, type TestPki } from '../../../src/testbed/certs.js';
import type { RunningSmtpServer } from '../../../src/testbed/smtp-common.js';
import { startEximServer } from '../../../src/testbed/smtp-exim.js';
import { startMicrosoftEdgeServer } from '../../../src/testbed/smtp-microsoft.js';
import { runZone } from '../../helpers/world.js';
import { closedPort, DEFAULT_ZONE, DOMAIN, MAILBOX, MS_MX, SMART_HOST } from '../../helpers/smtp-servers.js';

let pki: TestPki;
/** Another CA and leaf for the same name: another certificate that is just as good. */
let other: TestPki;
beforeAll(async () => {
  pki = await createTestPki({ hostname: SMART_HOST, wrongName: 'server.hosting.test' });
  other = await createTestPki({ hostname: SMART_HOST });
});
const open: RunningSmtpServer[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((s) => s.close()));
});

/** The smart host serves `byName` to clients that send SNI mail.example.test, `fallback` to the others. */
async function certificateFinding(byName: ServedCertificate, fallback: ServedCertificate) {
  const exim = await startEximServer({
    domains: [DOMAIN],
    mailboxes: [MAILBOX],
    tls: fallback,
    tlsOptions: { sniOptions: { [SMART_HOST]: byName } } as unknown as tls.TlsOptions,
  });
  const edge = await startMicrosoftEdgeServer({ mode: 'internal-relay', acceptedDomains: [DOMAIN], mailboxes: [] });
  open.push(exim, edge);
  const refused = await closedPort();
  const connect: SmtpConnectHook = (t) =>
    t.host === SMART_HOST ? { host: exim.host, port: exim.port } : t.host === MS_MX ? { host: edge.host, port: edge.port } : { host: '127.0.0.1', port: refused };
  const client = createSmtpClient({ timeoutMs: 1000, connect, extraCa: [pki.ca.cert, other.ca.cert] });
  const run = await runZone(DOMAIN, { zone: DEFAULT_ZONE }, { input: { mailboxes: [MAILBOX], probeLocalPart: 'splitcheck-probe-0123456789' }, smtp: client });
  expect(exim.sawData).toBe(false);
  const noSni = client.exchanges().filter((e) => e.request.sni === false);
  return { finding: run.byId['smarthost.certificate']!, noSni, connections: exim.connections };
}

describe('smarthost.certificate without SNI', () => {
  it('the same certificate both ways: pass, and it says so', async () => {
    const { finding, noSni, connections } = await certificateFinding(pki.leaves.good, pki.leaves.good);
    expect(finding.status).toBe('pass');
    expect(finding.message).toContain('A client that sends no SNI gets the same certificate.');
    expect(noSni).toHaveLength(1);
    // One session for every check, one without SNI, one after the other.
    expect(connections).toBe(2);
  });

  it("a self-signed default without SNI (cPanel's before AutoSSL): warn, naming it", async () => {
    const { finding } = await certificateFinding(pki.leaves.good, pki.leaves.selfSigned);
    expect(finding.status).toBe('warn');
    expect(finding.message).toMatch(/another certificate to a client that sends no SNI: .*self-signed/);
    expect(finding.message).toContain('not documented');
    expect(finding.remedy).toContain('Manage Service SSL Certificates → Exim');
    expect(finding.evidence['withoutSni']).toMatchObject({ outcome: 'different' });
  });

  it("the server's own host name without SNI: warn, for other names", async () => {
    const { finding } = await certificateFinding(pki.leaves.good, pki.leaves.wrongName);
    expect(finding.status).toBe('warn');
    expect(finding.message).toContain('server.hosting.test');
    expect(finding.message).toContain('for other names');
  });

  it('another certificate that holds just as well: pass, with a note', async () => {
    const { finding } = await certificateFinding(pki.leaves.good, other.leaves.good);
    expect(finding.status).toBe('pass');
    expect(finding.message).toMatch(/A client that sends no SNI gets another certificate \(.*\), which holds as well\./);
  });

  it('another certificate about to expire: warn', async () => {
    const { finding } = await certificateFinding(pki.leaves.good, pki.leaves.expiringSoon);
    expect(finding.status).toBe('warn');
    expect(finding.message).toContain('about to expire');
  });

  it('a bad certificate with SNI stays a fail; the difference is told beside it', async () => {
    const { finding } = await certificateFinding(pki.leaves.leafOnly, pki.leaves.selfSigned);
    expect(finding.status).toBe('fail');
    expect(finding.message).toContain('UNABLE_TO_VERIFY_LEAF_SIGNATURE');
    expect(finding.message).toContain('no SNI');
  });
});
