// The inside view picks the probes' targets: the connector's smart host, hosting mailboxes from cPanel, Microsoft 365 mailboxes from the export — and says so.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { m365Connector } from '../../../src/checks/m365/connector.js';
import { smarthostAcceptsMailbox } from '../../../src/checks/smarthost/accepts-mailbox.js';
import { smarthostResolves } from '../../../src/checks/smarthost/resolves.js';
import { smarthostRoutesToM365 } from '../../../src/checks/smarthost/routes-to-m365.js';
import { createSmtpClient } from '../../../src/smtp/client.js';
import { createTestPki, type TestPki } from '../../../src/testbed/certs.js';
import { loopbackRoutes, type RunningSmtpServer } from '../../../src/testbed/smtp-common.js';
import { startEximServer } from '../../../src/testbed/smtp-exim.js';
import { CONNECTOR, DOMAIN, HEALTHY_CPANEL, HOSTING_IP, TENANT, ZONE, judge, mailbox, pops, tenant } from './inside-world.js';

const RELAY = 'relay.hosting.test';
let pki: TestPki;
const servers: RunningSmtpServer[] = [];
beforeAll(async () => {
  pki = await createTestPki({ hostname: RELAY });
});
afterAll(async () => {
  for (const s of servers) expect(s.sawData).toBe(false);
  await Promise.all(servers.map((s) => s.close()));
});

/** Exim at the connector's smart host relay.hosting.test (not mail.<domain>), holding `mailboxes`. */
async function world(mailboxes: string[]) {
  const exim = await startEximServer({ domains: [DOMAIN], mailboxes, tls: pki.leaves.good });
  servers.push(exim);
  return {
    smtp: createSmtpClient({ timeoutMs: 2000, extraCa: [pki.ca.cert], connect: loopbackRoutes({ [`${RELAY}:25`]: exim }) }),
    zone: { ...ZONE, [RELAY]: [{ A: HOSTING_IP }] },
    export: tenant({ OutboundConnectors: [{ ...CONNECTOR, SmartHosts: [RELAY], TlsDomain: RELAY }] }),
  };
}

describe('with an export, the smart host probed is the connector\'s', () => {
  it('not the guessed mail.<domain>, and the report says where it came from', async () => {
    const w = await world([]);
    const f = await judge(smarthostResolves, { export: w.export, zone: w.zone, smtp: w.smtp });
    expect(f.status).toBe('pass');
    expect(f.message).toBe(`The smart host ${RELAY} resolves to ${HOSTING_IP} (the smart host of the outbound connector "To the hosting server" in the Microsoft 365 export).`);
  });

  it('--smart-host still wins, and m365.connector reports the disagreement', async () => {
    const w = await world([]);
    const input = { smartHost: { host: 'mail.example.test', port: 25 } };
    expect((await judge(smarthostResolves, { export: w.export, zone: w.zone, input })).message).toMatch(/^The smart host mail\.example\.test resolves/);
    // Another server than the connector's (a --smart-host at the same address as the connector's host is that host).
    const elsewhere = { ...w.zone, [RELAY]: [{ A: '203.0.113.77' }] };
    expect(await judge(m365Connector, { export: w.export, zone: elsewhere, input })).toMatchObject({ status: 'warn', message: expect.stringMatching(/probed mail\.example\.test \(--smart-host\)/) });
  });
});

describe('hosting mailboxes for smarthost.accepts-mailbox from cPanel\'s list', () => {
  it('a bounded sample of the mailboxes that receive, said so', async () => {
    const hosting = ['anna', 'ben', 'cleo', 'dan', 'eve'].map((l) => `${l}@${DOMAIN}`);
    const w = await world(hosting);
    const list = pops(...hosting.slice().reverse());
    // ben's receiving is suspended: he is not asked.
    (list as { data: { email: string; suspended_incoming: number }[] }).data.find((r) => r.email.startsWith('ben'))!.suspended_incoming = 1;
    const f = await judge(smarthostAcceptsMailbox, { export: w.export, cpanel: { ...HEALTHY_CPANEL, pops: list }, zone: w.zone, smtp: w.smtp });
    expect(f.status, f.message).toBe('pass');
    expect(f.message).toMatch(/accepts RCPT TO:<anna@example\.test>.*\(taken from cPanel's list of the account's mailboxes: 3 of 4, a sample\)/);
    expect(f.evidence).toMatchObject({ mailboxes: ['anna@example.test', 'cleo@example.test', 'dan@example.test'], mailboxSource: { from: 'cpanel', of: 4 } });
  });

  it('--mailbox still wins', async () => {
    const w = await world([`anna@${DOMAIN}`, `zed@${DOMAIN}`]);
    const f = await judge(smarthostAcceptsMailbox, { export: w.export, cpanel: HEALTHY_CPANEL, zone: w.zone, smtp: w.smtp, input: { mailboxes: [`zed@${DOMAIN}`] } });
    expect(f.message).toMatch(/<zed@example\.test>/);
    expect(f.message).not.toMatch(/taken from/);
    expect(f.evidence).toMatchObject({ mailboxes: [`zed@${DOMAIN}`], mailboxSource: { from: 'given' } });
  });

  it('without --mailbox or cPanel: skip, saying how to give them', async () => {
    const w = await world([]);
    const f = await judge(smarthostAcceptsMailbox, { export: w.export, zone: w.zone, smtp: w.smtp });
    expect(f).toMatchObject({ status: 'skip', message: expect.stringMatching(/--mailbox .*--cpanel-url and --cpanel-user/) });
  });
});

describe('Microsoft 365 mailboxes for smarthost.routes-to-m365 from the export', () => {
  it('the export\'s mailboxes are asked, and the remedy names the tenant', async () => {
    const w = await world([`anna@${DOMAIN}`]);
    const exp = { ...w.export, Recipients: [mailbox('carl'), mailbox('sales', 'SharedMailbox'), mailbox('ext', 'MailContact')] };
    const f = await judge(smarthostRoutesToM365, { export: exp, cpanel: HEALTHY_CPANEL, zone: w.zone, smtp: w.smtp });
    // The Exim imitation has no forwarders: each Microsoft 365 colleague bounces there.
    expect(f.status).toBe('fail');
    expect(f.message).toMatch(/taken from the Microsoft 365 export's mailboxes: 2 of 2/);
    expect(f.message).not.toMatch(/ext@/);
    expect(f.remedy).toContain(`carl@${TENANT}`);
    expect(f.evidence).toMatchObject({ from: `anna@${DOMAIN}`, mailboxes: [`carl@${DOMAIN}`, `sales@${DOMAIN}`], m365Source: { from: 'm365-export', of: 2 } });
  });
});
