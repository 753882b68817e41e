// m365.connector: which outbound connector carries the domain's mail, and whether it can deliver to the hosting server.
import { describe, expect, it } from 'vitest';
import { m365Connector } from '../../../src/checks/m365/connector.js';
import type { OutboundConnector } from '../../../src/m365/export-types.js';
import { CONNECTOR, DOMAIN, SMART_HOST, judge, tenant } from './inside-world.js';

const connectors = (...c: Partial<OutboundConnector>[]) => tenant({ OutboundConnectors: c.map((x) => ({ ...CONNECTOR, ...x })) });

const TABLE: Array<{ name: string; export: ReturnType<typeof tenant>; input?: object; status: string; message: RegExp; remedy?: RegExp }> = [
  { name: 'OnPremises, scoped, through the smart host: pass', export: connectors({}), status: 'pass', message: /"To the hosting server" \(OnPremises, enabled\) routes mail for example\.test through mail\.example\.test/ },
  {
    name: 'UseMXRecord: fail (loop)',
    export: connectors({ UseMXRecord: true, SmartHosts: [] }),
    status: 'fail',
    message: /uses MX records .*554 5\.4\.14/,
    remedy: /Set-OutboundConnector -Identity "<connector name>" -UseMXRecord \$false -SmartHosts mail\.example\.test/,
  },
  { name: 'Partner: warn', export: connectors({ ConnectorType: 'Partner' }), status: 'warn', message: /its type is Partner/, remedy: /ConnectorType OnPremises/ },
  {
    name: 'a submission host as smart host: fail',
    export: connectors({ SmartHosts: ['smtp.hostinger.com'] }),
    status: 'fail',
    message: /smtp\.hostinger\.com, the authenticated submission service of Hostinger/,
  },
  { name: 'a Microsoft host as smart host: fail (loop)', export: connectors({ SmartHosts: ['example-test.mail.protection.outlook.com'] }), status: 'fail', message: /a Microsoft 365 host.*loops/ },
  {
    name: 'no connector: fail, with the EAC wizard and New-OutboundConnector',
    export: tenant({ OutboundConnectors: [] }),
    status: 'fail',
    message: /No enabled outbound connector routes mail for example\.test/,
    remedy: /From: Office 365, To: Your organization's email server .*New-OutboundConnector .*-ConnectorType OnPremises -RecipientDomains example\.test/,
  },
  { name: 'a connector for another domain only: fail', export: connectors({ RecipientDomains: ['other.test'] }), status: 'fail', message: /are for other domains/ },
  { name: 'a disabled connector: fail', export: connectors({ Enabled: false }), status: 'fail', message: /is disabled/, remedy: /-Enabled \$true/ },
  { name: 'a wildcard recipient domain covers it', export: connectors({ RecipientDomains: ['*.test'] }), status: 'pass', message: /routes mail for example\.test/ },
  { name: 'AllAcceptedDomains (OnPremises) covers it', export: connectors({ RecipientDomains: [], AllAcceptedDomains: true }), status: 'pass', message: /routes mail/ },
  { name: 'a rule-scoped connector: warn (the rules are not in the export)', export: connectors({ RecipientDomains: [], IsTransportRuleScoped: true }), status: 'warn', message: /mail flow rule/ },
  {
    name: 'the most specific connector decides: an exact Partner one over a working wildcard one',
    export: connectors({ Name: 'All', RecipientDomains: ['*'] }, { Name: 'Exact', ConnectorType: 'Partner' }),
    status: 'warn',
    message: /"Exact"/,
  },
  {
    name: '--smart-host that is not the connector\'s: warn, naming both',
    export: connectors({}),
    input: { smartHost: { host: 'other.example.test', port: 25 } },
    status: 'warn',
    message: /splitcheck probed other\.example\.test \(--smart-host\)/,
  },
  { name: '--smart-host that is the connector\'s, in another case: pass', export: connectors({}), input: { smartHost: { host: 'MAIL.example.test', port: 25 } }, status: 'pass', message: /routes mail/ },
  {
    name: 'an IP smart host matches --smart-host by its address',
    export: connectors({ SmartHosts: ['[203.0.113.25]'] }),
    input: { smartHost: { host: SMART_HOST, port: 25 } },
    status: 'pass',
    message: /through 203\.0\.113\.25/,
  },
  { name: 'a CIDR smart host matches --smart-host by its address', export: connectors({ SmartHosts: ['203.0.113.0/24'] }), input: { smartHost: { host: SMART_HOST, port: 25 } }, status: 'pass', message: /203\.0\.113\.0\/24/ },
];

describe('m365.connector', () => {
  for (const t of TABLE) {
    it(t.name, async () => {
      const f = await judge(m365Connector, { export: t.export, ...(t.input ? { input: t.input } : {}) });
      expect(f.status, f.message).toBe(t.status);
      expect(f.message).toMatch(t.message);
      if (t.remedy) expect(f.remedy).toMatch(t.remedy);
    });
  }

  it('without an export: skip', async () => {
    expect((await judge(m365Connector, {})).status).toBe('skip');
  });

  it('keeps the connectors it judged in the evidence', async () => {
    const f = await judge(m365Connector, { export: connectors({}) });
    expect(f.evidence).toMatchObject({ judged: 'To the hosting server', candidates: [{ Name: 'To the hosting server', SmartHosts: [SMART_HOST], RecipientDomains: [DOMAIN] }] });
  });
});
