// m365.direct-send: an inbound connector applies only to mail from its SenderDomains (Get-InboundConnector prints them as "smtp:*;1").
import { describe, expect, it } from 'vitest';
import { m365DirectSend } from '../../../src/checks/m365/direct-send.js';
import type { InboundConnector } from '../../../src/m365/export-types.js';
import { INBOUND, judge, tenant } from './inside-world.js';

const inbound = (...c: Partial<InboundConnector>[]) => tenant({ InboundConnectors: c.map((x) => ({ ...INBOUND, ...x })) });

describe('m365.direct-send and SenderDomains', () => {
  for (const senders of [['smtp:*;1'], ['*'], ['example.test'], ['smtp:example.test;1'], ['smtp:*.example.test;1'], [], ['partner.test', 'EXAMPLE.TEST']]) {
    it(`SenderDomains ${JSON.stringify(senders)} takes mail from example.test: pass`, async () => {
      const f = await judge(m365DirectSend, { export: inbound({ SenderDomains: senders }) });
      expect(f.status, f.message).toBe('pass');
    });
  }

  it('a connector with the hosting IP but only for a partner\'s domain: fail, naming SenderDomains and the fix', async () => {
    const f = await judge(m365DirectSend, { export: inbound({ SenderDomains: ['smtp:partner.test;1'] }) });
    expect(f.status, f.message).toBe('fail');
    expect(f.message).toMatch(/"From the hosting server" would admit the hosting server \(its address 203\.0\.113\.25\), but only for mail from smtp:partner\.test;1 \(SenderDomains\), not from example\.test.*5\.7\.68/);
    expect(f.remedy).toMatch(/Set-InboundConnector -Identity "<connector name>" -SenderDomains @\{Add="example\.test"\}/);
  });

  it('a non-SMTP address space does not take SMTP senders', async () => {
    expect((await judge(m365DirectSend, { export: inbound({ SenderDomains: ['x400:c=US;a= ;p=Contoso;1'] }) })).status).toBe('fail');
  });

  it('another connector that does take example.test still admits it: pass', async () => {
    const f = await judge(m365DirectSend, { export: inbound({ Name: 'Partner', SenderDomains: ['partner.test'] }, { Name: 'Hosting', SenderDomains: ['smtp:*;1'] }) });
    expect(f.status).toBe('pass');
    expect(f.message).toMatch(/"Hosting"/);
  });
});
