// m365.direct-send: RejectDirectSend against the tenant's inbound connectors and the hosting server's address or name.
import { describe, expect, it } from 'vitest';
import { m365DirectSend } from '../../../src/checks/m365/direct-send.js';
import type { InboundConnector } from '../../../src/m365/export-types.js';
import { HOSTING_IP, INBOUND, SMART_HOST, judge, tenant, ZONE } from './inside-world.js';

const inbound = (...c: Partial<InboundConnector>[]) => tenant({ InboundConnectors: c.map((x) => ({ ...INBOUND, ...x })) });

const TABLE: Array<{ name: string; export: ReturnType<typeof tenant>; input?: object; zone?: object; status: string; message: RegExp; remedy?: RegExp }> = [
  { name: 'RejectDirectSend off: pass', export: tenant({ OrganizationConfig: { RejectDirectSend: false } }), status: 'pass', message: /RejectDirectSend is off/ },
  { name: 'RejectDirectSend not returned: pass, saying so', export: tenant({ OrganizationConfig: { RejectDirectSend: null } }), status: 'pass', message: /holds no RejectDirectSend/ },
  { name: 'on, the connector lists the smart host\'s address: pass', export: inbound({}), status: 'pass', message: /admits the hosting server's address\(es\) 203\.0\.113\.25/ },
  { name: 'on, a CIDR covers it', export: inbound({ SenderIPAddresses: ['203.0.113.0/24'] }), status: 'pass', message: /admits/ },
  { name: 'on, a range covers it', export: inbound({ SenderIPAddresses: ['203.0.113.1-203.0.113.99'] }), status: 'pass', message: /admits/ },
  {
    name: 'on, no inbound connector: fail with 5.7.68 and New-InboundConnector for the hosting IP',
    export: tenant({ InboundConnectors: [] }),
    status: 'fail',
    message: /550 5\.7\.68/,
    remedy: /New-InboundConnector -Name "From the hosting server" -ConnectorType Partner -SenderDomains example\.test -SenderIPAddresses 203\.0\.113\.25/,
  },
  { name: 'on, the connector is disabled: fail', export: inbound({ Enabled: false }), status: 'fail', message: /no inbound connector is enabled/ },
  {
    name: 'on, the connector lists other addresses: fail, naming the uncovered one',
    export: inbound({ SenderIPAddresses: ['192.0.2.0/24'] }),
    status: 'fail',
    message: /203\.0\.113\.25 \(.*\) are in no connector's SenderIPAddresses/,
    remedy: /Set-InboundConnector/,
  },
  {
    name: 'on, --hosting-ip wins over the smart host\'s addresses',
    export: inbound({}),
    input: { hostingIps: ['192.0.2.7'] },
    status: 'fail',
    message: /192\.0\.2\.7 \(--hosting-ip\)/,
  },
  { name: 'on, two hosting addresses, one covered: fail', export: inbound({}), input: { hostingIps: [HOSTING_IP, '192.0.2.7'] }, status: 'fail', message: /admit 203\.0\.113\.25 but not 192\.0\.2\.7/ },
  {
    name: 'on, a certificate connector for the smart host\'s name: pass, with the caveat',
    export: inbound({ SenderIPAddresses: [], TlsSenderCertificateName: '*.example.test' }),
    status: 'pass',
    message: /certificate for mail\.example\.test.*client certificate/,
  },
  {
    name: 'on, a certificate connector for another name: fail',
    export: inbound({ SenderIPAddresses: [], TlsSenderCertificateName: 'mail.other.test' }),
    status: 'fail',
    message: /no TlsSenderCertificateName names mail\.example\.test/,
  },
  {
    name: 'on, the hosting server unknown (no smart host, nothing given): error',
    export: inbound({ SenderIPAddresses: ['192.0.2.0/24'] }),
    zone: { ...ZONE, [SMART_HOST]: [] },
    status: 'error',
    message: /outbound address is not known/,
    remedy: /--hosting-ip/,
  },
];

describe('m365.direct-send', () => {
  for (const t of TABLE) {
    it(t.name, async () => {
      const f = await judge(m365DirectSend, { export: t.export, ...(t.input ? { input: t.input } : {}), ...(t.zone ? { zone: t.zone as typeof ZONE } : {}) });
      expect(f.status, f.message).toBe(t.status);
      expect(f.message).toMatch(t.message);
      if (t.remedy) expect(f.remedy).toMatch(t.remedy);
    });
  }
});
