// m365.connector-tls: a TlsDomain held against the certificate's subject name as well as its SANs, as Exchange Online does.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { m365ConnectorTls } from '../../../src/checks/m365/connector-tls.js';
import { exchangeCertificateNames } from '../../../src/m365/tls-names.js';
import { createSmtpClient } from '../../../src/smtp/client.js';
import { createTestPki, type TestPki } from '../../../src/testbed/certs.js';
import { loopbackRoutes, type RunningSmtpServer } from '../../../src/testbed/smtp-common.js';
import { startEximServer } from '../../../src/testbed/smtp-exim.js';
import { CONNECTOR, DOMAIN, SMART_HOST, judge, tenant } from './inside-world.js';

// A shared host's certificate: subject CN=mail.example.test, subjectAltName only the server's own name.
const SERVER_NAME = 'server17.hosting.test';
let pki: TestPki;
const servers: RunningSmtpServer[] = [];
beforeAll(async () => {
  pki = await createTestPki({ hostname: SMART_HOST, wrongName: SERVER_NAME, wrongNameCommonName: SMART_HOST });
});
afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
});

async function finding(tlsDomain: string) {
  const exim = await startEximServer({ domains: [DOMAIN], mailboxes: [], tls: pki.leaves.wrongName });
  servers.push(exim);
  const smtp = createSmtpClient({ timeoutMs: 2000, extraCa: [pki.ca.cert], connect: loopbackRoutes({ [`${SMART_HOST}:25`]: exim }) });
  return judge(m365ConnectorTls, { export: tenant({ OutboundConnectors: [{ ...CONNECTOR, TlsSettings: 'DomainValidation', TlsDomain: tlsDomain }] }), smtp });
}

describe("the certificate's subject name counts (EAC: \"the subject name or subject alternative name matches\")", () => {
  it('the names read: the SANs, then the subject CN when it is not among them', () => {
    expect(exchangeCertificateNames({ dnsNames: [SERVER_NAME], commonName: SMART_HOST })).toEqual([SERVER_NAME, SMART_HOST]);
    expect(exchangeCertificateNames({ dnsNames: ['Mail.Example.test'], commonName: SMART_HOST })).toEqual(['Mail.Example.test']);
    expect(exchangeCertificateNames({ dnsNames: [], commonName: SMART_HOST })).toEqual([SMART_HOST]);
    expect(exchangeCertificateNames({ dnsNames: [SERVER_NAME] })).toEqual([SERVER_NAME]);
  });

  it('TlsDomain the subject CN of a certificate whose SAN names only the server: pass, not 4.7.320', async () => {
    const f = await finding(SMART_HOST);
    expect(f.status, f.message).toBe('pass');
    expect(f.message).toContain(`(${SERVER_NAME} and ${SMART_HOST})`);
  });

  it('TlsDomain the SAN of the same certificate: pass', async () => {
    expect((await finding(SERVER_NAME)).status).toBe('pass');
  });

  it('TlsDomain neither: fail 4.7.320, naming both names the certificate has', async () => {
    const f = await finding('smtp.example.test');
    expect(f.status).toBe('fail');
    expect(f.message).toMatch(new RegExp(`sends one for ${SERVER_NAME.replace(/\./g, '\\.')} and mail\\.example\\.test: .*4\\.7\\.320`));
  });
});
