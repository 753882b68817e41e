// A broken export file is bad input: exit 2, one line naming the file and the JSON path of the bad value, nothing asked of the network.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDnsServer, type DnsTestServer } from '../../src/testbed/dns-server.js';
import { runCli } from '../helpers/cli.js';
import { runMain } from '../helpers/in-process.js';
import { msDate, windowsPowerShellJson } from '../helpers/powershell-json.js';
import { accepted, dkim, DOMAIN, healthyTenant, healthyZone, inbound, mailbox, outbound } from '../helpers/tenant.js';

let dns: DnsTestServer;
let dir: string;
beforeAll(async () => {
  dns = await startDnsServer({ zone: healthyZone() as never });
  dir = mkdtempSync(join(tmpdir(), 'splitcheck-broken-export-'));
});
afterAll(async () => {
  await dns.close();
  rmSync(dir, { recursive: true, force: true });
});

function writeExport(name: string, content: string | object): string {
  const path = join(dir, name);
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
  return path;
}

/** The refusal the contract asks for: exit 2, stdout untouched, one line, the file and the path of the bad value named, no stack. */
function expectRefused(r: { code: number | null; stdout: string; stderr: string }, file: string, pointer: string | RegExp): void {
  expect(r.code, r.stderr).toBe(2);
  expect(r.stdout).toBe('');
  expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
  expect(r.stderr).toMatch(/^splitcheck: /);
  expect(r.stderr).toContain(file);
  if (typeof pointer === 'string') expect(r.stderr).toContain(pointer);
  else expect(r.stderr).toMatch(pointer);
  expect(r.stderr).not.toMatch(/\n\s+at |node:internal|TypeError|SyntaxError:/);
}

const broken: [string, string | object, string | RegExp][] = [
  ['not JSON at all (a PowerShell error saved instead)', 'Get-EXORecipient : The term \'Get-EXORecipient\' is not recognized', /not JSON/],
  ['cut off mid-file', JSON.stringify(healthyTenant()).slice(0, 300), /not JSON/],
  ['another JSON document (a raw ConvertTo-Json of Get-AcceptedDomain)', [accepted(DOMAIN, 'InternalRelay')], /splitcheckExport/],
  ['a newer format', healthyTenant({ splitcheckExport: 2 }), '/splitcheckExport'],
  ['5.1 enumerations as numbers (DomainType 1)', healthyTenant({ AcceptedDomains: [accepted(DOMAIN, 'InternalRelay'), { DomainName: 'x.test', DomainType: 1, Default: false }] }), '/AcceptedDomains/1/DomainType'],
  ['a smart host that is a number', healthyTenant({ OutboundConnectors: [outbound(), outbound({ SmartHosts: ['mail.fabrikam.test', 25] })] }), '/OutboundConnectors/1/SmartHosts/1'],
  ['a single connector object with Enabled as text', healthyTenant({ OutboundConnectors: outbound({ Enabled: 'True' }) }), '/OutboundConnectors/Enabled'],
  ['RejectDirectSend as text', healthyTenant({ OrganizationConfig: { RejectDirectSend: 'True' } }), '/OrganizationConfig/RejectDirectSend'],
  ['OrganizationConfig missing', (() => { const t = healthyTenant(); delete t['OrganizationConfig']; return t; })(), 'OrganizationConfig'],
  ['a recipient without EmailAddresses', healthyTenant({ Recipients: [mailbox('Ann'), { PrimarySmtpAddress: 'bob@fabrikam.test', RecipientTypeDetails: 'UserMailbox' }] }), '/Recipients/1/EmailAddresses'],
  ['an inbound connector whose SenderIPAddresses is an object', healthyTenant({ InboundConnectors: [inbound({ SenderIPAddresses: { value: ['203.0.113.40'], Count: 1 } })] }), '/InboundConnectors/0/SenderIPAddresses'],
  ['exportedAt that is no date', healthyTenant({ exportedAt: 'yesterday' }), '/exportedAt'],
  ['a 5.1 date wrapped in an object (Get-Date piped to ConvertTo-Json)', healthyTenant({ exportedAt: { value: msDate('2026-12-06T10:00:00Z'), DisplayHint: 2 } }), '/exportedAt'],
  ['DKIM Enabled as 1 in a single-object list', healthyTenant({ DkimSigningConfigs: dkim({ Enabled: 1 }) }), '/DkimSigningConfigs/Enabled'],
  ['Recipients as a string', healthyTenant({ Recipients: 'none' }), '/Recipients'],
  ['a 5.1 file (BOM) with a number for ConnectorType', windowsPowerShellJson(healthyTenant({ OutboundConnectors: outbound({ ConnectorType: 0 }) })), '/OutboundConnectors/ConnectorType'],
];

describe('exit 2 naming the file and the path of the bad value', () => {
  for (const [name, content, pointer] of broken) {
    it(name, async () => {
      const file = writeExport(`${name.replace(/\W+/g, '-')}.json`, content);
      const before = dns.queries.length;
      const r = await runMain([DOMAIN, '--json', '--resolver', `127.0.0.1:${dns.port}`, '--no-smtp', '--m365-export', file], {});
      expectRefused(r, file, pointer);
      expect(dns.queries.length).toBe(before);
    });
  }

  it('through the installed bin, with the file named as the user typed it (a relative path)', async () => {
    writeExport('bad.json', healthyTenant({ AcceptedDomains: { DomainName: DOMAIN, DomainType: 'Internal Relay' } }));
    const r = await runCli([DOMAIN, '--json', '--resolver', `127.0.0.1:${dns.port}`, '--no-smtp', '--m365-export', 'bad.json'], { cwd: dir });
    expectRefused(r, 'bad.json', '/AcceptedDomains/DomainType');
  });

  it('a file that does not exist, and a directory', async () => {
    expectRefused(await runMain([DOMAIN, '--no-smtp', '--m365-export', join(dir, 'nowhere.json')], {}), join(dir, 'nowhere.json'), /no such file/);
    expectRefused(await runMain([DOMAIN, '--no-smtp', '--m365-export', dir], {}), dir, /directory/);
  });

  it('the library rejects the same file with the same words (exitCode 2)', async () => {
    const { check } = await import('../../src/index.js');
    const file = writeExport('library.json', healthyTenant({ OrganizationConfig: { RejectDirectSend: 'yes' } }));
    await expect(check(DOMAIN, { resolvers: [`127.0.0.1:${dns.port}`], smtp: false, m365Export: file })).rejects.toMatchObject({ exitCode: 2, message: expect.stringContaining('/OrganizationConfig/RejectDirectSend') });
  });
});
