// m365.connector-tls: the connector's TLS setting against the certificate a real smart host (Exim imitation on loopback) sends.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { m365ConnectorTls } from '../../../src/checks/m365/connector-tls.js';
import type { OutboundConnector } from '../../../src/m365/export-types.js';
import { createSmtpClient } from '../../../src/smtp/client.js';
import { createTestPki, type TestPki } from '../../../src/testbed/certs.js';
import { loopbackRoutes, type RunningSmtpServer } from '../../../src/testbed/smtp-common.js';
import { startEximServer } from '../../../src/testbed/smtp-exim.js';
import { CONNECTOR, DOMAIN, SMART_HOST, judge, tenant } from './inside-world.js';

let pki: TestPki;
let wildcard: TestPki;
const servers: RunningSmtpServer[] = [];
beforeAll(async () => {
  [pki, wildcard] = await Promise.all([createTestPki({ hostname: SMART_HOST }), createTestPki({ hostname: `*.${DOMAIN}` })]);
});
afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
});

type Leaf = keyof TestPki['leaves'];

/** The finding with Exim at the smart host presenting `leaf` (or no STARTTLS), for a connector with `tls`. */
async function tlsFinding(tls: Partial<OutboundConnector>, leaf: Leaf | 'none', from: TestPki = pki, input = {}) {
  const exim = await startEximServer({ domains: [DOMAIN], mailboxes: [], tls: leaf === 'none' ? false : from.leaves[leaf] });
  servers.push(exim);
  const smtp = createSmtpClient({ timeoutMs: 2000, extraCa: [from.ca.cert], connect: loopbackRoutes({ [`${SMART_HOST}:25`]: exim }) });
  return judge(m365ConnectorTls, { export: tenant({ OutboundConnectors: [{ ...CONNECTOR, ...tls }] }), smtp, input });
}

describe('m365.connector-tls against the certificate really sent', () => {
  it('DomainValidation, TlsDomain the certificate\'s name, full chain: pass', async () => {
    const f = await tlsFinding({ TlsSettings: 'DomainValidation', TlsDomain: SMART_HOST }, 'good');
    expect(f.status, f.message).toBe('pass');
    expect(f.message).toMatch(/matches the connector "To the hosting server"'s TlsDomain mail\.example\.test/);
  });

  it('DomainValidation with TlsDomain *.example.test (the domain and its subdomains): pass', async () => {
    expect((await tlsFinding({ TlsDomain: `*.${DOMAIN}` }, 'good')).status).toBe('pass');
  });

  it('a wildcard certificate covers the TlsDomain mail.example.test: pass', async () => {
    const f = await tlsFinding({ TlsDomain: SMART_HOST }, 'good', wildcard);
    expect(f.status, f.message).toBe('pass');
    expect(f.message).toMatch(/\(\*\.example\.test\)/);
  });

  it('TlsDomain another name than the certificate\'s: fail 4.7.320, with the name to set', async () => {
    const f = await tlsFinding({ TlsDomain: 'smtp.example.test' }, 'good');
    expect(f.status).toBe('fail');
    expect(f.message).toMatch(/requires a certificate for smtp\.example\.test .* sends one for mail\.example\.test: .*4\.7\.320/);
    expect(f.remedy).toMatch(/Set-OutboundConnector -Identity "<connector name>" -TlsSettings DomainValidation -TlsDomain mail\.example\.test/);
  });

  it('a certificate for another name (the server\'s own): fail', async () => {
    const f = await tlsFinding({ TlsDomain: SMART_HOST }, 'wrongName');
    expect(f.status).toBe('fail');
    expect(f.message).toMatch(/sends one for server\.hosting\.test/);
  });

  it('CertificateValidation with the leaf alone (no intermediate): fail 4.4.317', async () => {
    const f = await tlsFinding({ TlsSettings: 'CertificateValidation', TlsDomain: null }, 'leafOnly');
    expect(f.status).toBe('fail');
    expect(f.message).toMatch(/does not verify \(UNABLE_TO_VERIFY_LEAF_SIGNATURE, 1 certificate\(s\) sent\).*4\.4\.317/);
  });

  it('CertificateValidation with a full chain: pass', async () => {
    expect((await tlsFinding({ TlsSettings: 'CertificateValidation', TlsDomain: null }, 'good')).status).toBe('pass');
  });

  it('an expired certificate: fail', async () => {
    const f = await tlsFinding({ TlsSettings: 'CertificateValidation' }, 'expired');
    expect(f.status).toBe('fail');
    expect(f.message).toMatch(/expired on/);
  });

  it('EncryptionOnly accepts a self-signed certificate: pass', async () => {
    expect((await tlsFinding({ TlsSettings: 'EncryptionOnly' }, 'selfSigned')).status).toBe('pass');
  });

  it('no TLS setting: warn, whatever the certificate', async () => {
    const f = await tlsFinding({ TlsSettings: null, TlsDomain: null }, 'good');
    expect(f.status).toBe('warn');
    expect(f.message).toMatch(/opportunistic TLS/);
  });

  it('a TLS requirement and no STARTTLS at the smart host: fail', async () => {
    const f = await tlsFinding({ TlsSettings: 'DomainValidation' }, 'none');
    expect(f.status).toBe('fail');
    expect(f.message).toMatch(/does not offer STARTTLS/);
  });

  it('a mode this splitcheck does not know: error, not a guess', async () => {
    expect((await tlsFinding({ TlsSettings: 'DaneValidation' }, 'good')).status).toBe('error');
  });

  it('no certificate seen (nothing answers on port 25 here): skip with the reason', async () => {
    const smtp = createSmtpClient({ timeoutMs: 500, connect: () => ({ host: '127.0.0.1', port: 1 }) });
    const f = await judge(m365ConnectorTls, { export: tenant(), smtp });
    expect(f.status).toBe('skip');
    expect(f.message).toMatch(/no certificate of the smart host was seen \(.*connection refused/);
  });

  it('--smart-host elsewhere than the connector\'s: skip, the certificate seen is not the connector\'s', async () => {
    const f = await tlsFinding({}, 'good', pki, { smartHost: { host: SMART_HOST, port: 25 } });
    expect(f.status).toBe('pass');
    const g = await judge(m365ConnectorTls, {
      export: tenant({ OutboundConnectors: [{ ...CONNECTOR, SmartHosts: ['smtp.example.test'] }] }),
      input: { smartHost: { host: SMART_HOST, port: 25 } },
      smtp: createSmtpClient({ timeoutMs: 500, connect: () => ({ host: '127.0.0.1', port: 1 }) }),
    });
    expect(g.status).toBe('skip');
    expect(g.message).toMatch(/the certificate seen is mail\.example\.test's \(--smart-host\), but the connector "To the hosting server" routes through smtp\.example\.test/);
  });

  it('a connector using MX routing has no TLS to judge here: skip, pointing at m365.connector', async () => {
    const f = await judge(m365ConnectorTls, { export: tenant({ OutboundConnectors: [{ ...CONNECTOR, UseMXRecord: true }] }) });
    expect(f.status).toBe('skip');
    expect(f.message).toMatch(/see m365\.connector/);
  });
});
