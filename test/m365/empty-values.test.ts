// An export written by hand (ConvertTo-Json of [string] properties): "" for an unset value is read as unset, never as a name "".
import { describe, expect, it } from 'vitest';
import { m365Connector } from '../../src/checks/m365/connector.js';
import { m365ConnectorTls } from '../../src/checks/m365/connector-tls.js';
import { m365DkimSigning } from '../../src/checks/m365/dkim-signing.js';
import type { M365Export } from '../../src/m365/export-types.js';
import { parseM365Export } from '../../src/m365/read-export.js';
import { CONNECTOR, judge, tenant } from '../checks/m365/inside-world.js';

async function read(doc: object): Promise<M365Export> {
  const r = await parseM365Export(JSON.stringify(doc), 'hand.json');
  if (!r.ok) throw new Error(r.error);
  return r.export;
}

describe('empty strings in a hand-written export', () => {
  it('the reader keeps them out: "" is null, a list of "" is empty', async () => {
    const exp = await read(tenant({ OutboundConnectors: [{ ...CONNECTOR, TlsSettings: '', TlsDomain: ' ', SmartHosts: [''], RecipientDomains: ['example.test', ''] }] }));
    expect(exp.OutboundConnectors[0]).toMatchObject({ TlsSettings: null, TlsDomain: null, SmartHosts: [], RecipientDomains: ['example.test'] });
  });

  it('SmartHosts [""]: m365.connector fails (no smart host), not a pass "through "', async () => {
    const f = await judge(m365Connector, { export: await read(tenant({ OutboundConnectors: [{ ...CONNECTOR, SmartHosts: [''] }] })) });
    expect(f.status, f.message).toBe('fail');
    expect(f.message).toMatch(/has no smart host/);
  });

  it('TlsSettings "": opportunistic, a warn (CHECKS.md: no TLS setting), not an unknown mode', async () => {
    const f = await judge(m365ConnectorTls, { export: await read(tenant({ OutboundConnectors: [{ ...CONNECTOR, TlsSettings: '', TlsDomain: '' }] })) });
    expect(f.status, f.message).toBe('warn');
    expect(f.message).toMatch(/opportunistic TLS/);
  });

  it('a DKIM selector target "": no target yet, not a mismatch with a CNAME to ""', async () => {
    const base = tenant();
    const f = await judge(m365DkimSigning, { export: await read({ ...base, DkimSigningConfigs: [{ ...base.DkimSigningConfigs[0]!, Selector1CNAME: '' }] }) });
    expect(f.status).toBe('fail');
    expect(f.message).toMatch(/names no selector1 CNAME target yet/);
  });
});
