// smarthost.routes-to-m365 with cPanel read: an accepted RCPT is told apart by the account (a forwarder out: pass; a leftover hosting mailbox: fail).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { smarthostRoutesToM365 } from '../../../src/checks/smarthost/routes-to-m365.js';
import { createSmtpClient } from '../../../src/smtp/client.js';
import { createTestPki, type TestPki } from '../../../src/testbed/certs.js';
import { loopbackRoutes, type RunningSmtpServer } from '../../../src/testbed/smtp-common.js';
import { startEximServer } from '../../../src/testbed/smtp-exim.js';
import { CONNECTOR, DOMAIN, HEALTHY_CPANEL, HOSTING_IP, TENANT, ZONE, forwarders, judge, mailbox, pops, tenant, type CpanelAnswers } from '../m365/inside-world.js';

const SMART = `mail.${DOMAIN}`;
let pki: TestPki;
const servers: RunningSmtpServer[] = [];
beforeAll(async () => {
  pki = await createTestPki({ hostname: SMART });
});
afterAll(async () => {
  for (const s of servers) expect(s.sawData).toBe(false);
  await Promise.all(servers.map((s) => s.close()));
});

/** Exim knows anna (a hosting user) and carl (the Microsoft 365 colleague: by a forwarder or a mailbox, SMTP cannot tell). */
async function routes(cpanel: CpanelAnswers | undefined) {
  const exim = await startEximServer({ domains: [DOMAIN], mailboxes: [`anna@${DOMAIN}`, `carl@${DOMAIN}`], tls: pki.leaves.good });
  servers.push(exim);
  const smtp = createSmtpClient({ timeoutMs: 2000, extraCa: [pki.ca.cert], connect: loopbackRoutes({ [`${SMART}:25`]: exim }) });
  const exp = tenant({ OutboundConnectors: [{ ...CONNECTOR, SmartHosts: [SMART] }], Recipients: [mailbox('carl')] });
  return judge(smarthostRoutesToM365, { export: exp, zone: { ...ZONE, [SMART]: [{ A: HOSTING_IP }] }, smtp, ...(cpanel ? { cpanel } : {}), input: { mailboxes: [`anna@${DOMAIN}`] } });
}

describe('smarthost.routes-to-m365: the account tells a forwarder from a leftover mailbox', () => {
  it('cPanel lists a forwarder of carl to the tenant and no mailbox: pass', async () => {
    const f = await routes({ ...HEALTHY_CPANEL, pops: pops(`anna@${DOMAIN}`), forwarders: forwarders([`Carl@${DOMAIN}`, `carl@${TENANT}`]) });
    expect(f.status, f.message).toBe('pass');
    expect(f.message).toMatch(/cPanel lists a forwarder of carl@example\.test to carl@example\.onmicrosoft\.com/);
  });

  it('cPanel holds a hosting mailbox carl: fail, the mail stays there, delete it and forward', async () => {
    const f = await routes({ ...HEALTHY_CPANEL, pops: pops(`anna@${DOMAIN}`, `carl@${DOMAIN}`), forwarders: forwarders() });
    expect(f.status, f.message).toBe('fail');
    expect(f.message).toMatch(/hosting mailbox carl@example\.test: .*never reaches Microsoft 365/);
    expect(f.remedy).toMatch(/Email Accounts → carl@example\.test → Delete.*carl@example\.onmicrosoft\.com/);
  });

  it('a forwarder back into the domain only: still warn (the account does not show it leaves)', async () => {
    const f = await routes({ ...HEALTHY_CPANEL, pops: pops(`anna@${DOMAIN}`), forwarders: forwarders([`carl@${DOMAIN}`, `anna@${DOMAIN}`]) });
    expect(f.status).toBe('warn');
  });

  it('without cPanel, or when cPanel could not be read: warn, as SMTP alone cannot tell', async () => {
    expect((await routes(undefined)).status).toBe('warn');
    expect((await routes({ ...HEALTHY_CPANEL, forwarders: { outcome: 'refused', status: 401 } })).status).toBe('warn');
  });
});
