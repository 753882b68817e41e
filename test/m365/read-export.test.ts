// The Microsoft 365 export reader: both PowerShell flavours, the tolerated shapes, and exit-2 errors that name the bad value's path.
import { mkdtemp, readFile, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { domainView, acceptedDomainsCovering } from '../../src/m365/domain-view.js';
import { MAX_EXPORT_BYTES, parseM365Export, readM365Export } from '../../src/m365/read-export.js';

const fixture = (name: string) => new URL(`./fixtures/${name}`, import.meta.url).pathname;
const ps7 = async () => JSON.parse(await readFile(fixture('ps7-contoso.json'), 'utf8')) as Record<string, unknown>;

async function parse(doc: unknown) {
  return parseM365Export(JSON.stringify(doc), 'export.json');
}

async function errorOf(doc: unknown): Promise<string> {
  const read = await parse(doc);
  if (read.ok) throw new Error('expected the export to be refused');
  return read.error;
}

describe('export files as the script writes them', () => {
  it('reads the PowerShell 7 file', async () => {
    const read = await readM365Export(fixture('ps7-contoso.json'));
    if (!read.ok) throw new Error(read.error);
    const e = read.export;
    expect(e.tenant).toBe('contoso.onmicrosoft.com');
    expect(e.AcceptedDomains.map((a) => `${a.DomainName}:${a.DomainType}`)).toEqual([
      'contoso.com:InternalRelay',
      'contoso.onmicrosoft.com:Authoritative',
      'fabrikam.com:Authoritative',
    ]);
    expect(e.OutboundConnectors[0]).toMatchObject({ ConnectorType: 'OnPremises', SmartHosts: ['mail.contoso.com'], TlsSettings: 'DomainValidation', UseMXRecord: false });
    expect(e.InboundConnectors[0]?.SenderIPAddresses).toEqual(['203.0.113.25']);
    expect(e.OrganizationConfig.RejectDirectSend).toBe(true);
    expect(e.Recipients).toHaveLength(3);
  });

  it('reads the Windows PowerShell 5.1 layout (CRLF, four-space indents, \\u003c escapes) to the same values', async () => {
    const a = await readM365Export(fixture('ps7-contoso.json'));
    const b = await readM365Export(fixture('ps51-contoso.json'));
    if (!a.ok || !b.ok) throw new Error('both fixtures must read');
    expect(b.export).toEqual(a.export);
  });

  it('accepts a byte order mark (5.1 Out-File -Encoding UTF8)', async () => {
    const text = await readFile(fixture('ps7-contoso.json'), 'utf8');
    const read = await parseM365Export(`\uFEFF${text}`, 'bom.json');
    expect(read.ok).toBe(true);
  });
});

describe('the shapes ConvertTo-Json writes by itself (CHECKS.md tolerances)', () => {
  it('one object for a list, null for an empty list, one string for a string list, "\\/Date(ms)\\/" for a date', async () => {
    const doc = await ps7();
    const outbound = (doc['OutboundConnectors'] as Record<string, unknown>[])[0]!;
    const tolerated = {
      ...doc,
      exportedAt: '/Date(1796551200000)/',
      AcceptedDomains: (doc['AcceptedDomains'] as unknown[])[0],
      OutboundConnectors: { ...outbound, SmartHosts: 'mail.contoso.com', RecipientDomains: 'contoso.com', LastValidationTimestamp: '/Date(1796026500000+0100)/' },
      InboundConnectors: null,
      DkimSigningConfigs: null,
    };
    const read = await parse(tolerated);
    if (!read.ok) throw new Error(read.error);
    expect(read.export.exportedAt).toBe('2026-12-06T10:00:00.000Z');
    expect(read.export.AcceptedDomains).toEqual([{ DomainName: 'contoso.com', DomainType: 'InternalRelay', Default: true }]);
    expect(read.export.OutboundConnectors[0]).toMatchObject({ SmartHosts: ['mail.contoso.com'], RecipientDomains: ['contoso.com'], LastValidationTimestamp: '2026-11-30T08:15:00.000Z' });
    expect(read.export.InboundConnectors).toEqual([]);
    expect(read.export.DkimSigningConfigs).toEqual([]);
  });

  it('the JSON text of 5.1 ("\\/Date(...)\\/" with escaped slashes) decodes to the same date', async () => {
    const text = (await readFile(fixture('ps7-contoso.json'), 'utf8')).replace('"2026-12-06T10:00:00Z"', '"\\/Date(1796551200000)\\/"');
    const read = await parseM365Export(text, 'x.json');
    if (!read.ok) throw new Error(read.error);
    expect(read.export.exportedAt).toBe('2026-12-06T10:00:00.000Z');
  });

  it('ignores properties it does not read (a hand-made export carries more)', async () => {
    const doc = await ps7();
    const read = await parse({ ...doc, Extra: { deep: [1, 2] }, AcceptedDomains: [{ DomainName: 'contoso.com', DomainType: 'InternalRelay', Default: true, MatchSubDomains: false }] });
    expect(read.ok).toBe(true);
  });
});

describe('anything else is refused, naming the path of the bad value', () => {
  const cases: Array<{ name: string; edit: (d: Record<string, unknown>) => unknown; error: RegExp }> = [
    {
      name: 'an enumeration written as a number (5.1 ConvertTo-Json without the script)',
      edit: (d) => ({ ...d, AcceptedDomains: [{ DomainName: 'contoso.com', DomainType: 2, Default: true }] }),
      error: /at \/AcceptedDomains\/0\/DomainType: must be one of "Authoritative", "InternalRelay", "ExternalRelay" \(a number here means .*5\.1/,
    },
    {
      name: 'the same inside a single object standing for a list keeps the path as written',
      edit: (d) => ({ ...d, AcceptedDomains: { DomainName: 'contoso.com', DomainType: 'Internal Relay' } }),
      error: /at \/AcceptedDomains\/DomainType: must be one of/,
    },
    {
      name: 'a missing cmdlet property',
      edit: (d) => {
        const { SmartHosts: _omit, ...rest } = (d['OutboundConnectors'] as Record<string, unknown>[])[0]!;
        return { ...d, OutboundConnectors: [rest] };
      },
      error: /at \/OutboundConnectors\/0\/SmartHosts: missing/,
    },
    {
      name: 'a boolean written as text',
      edit: (d) => ({ ...d, OutboundConnectors: [{ ...(d['OutboundConnectors'] as object[])[0], Enabled: 'True' }] }),
      error: /at \/OutboundConnectors\/0\/Enabled: must be boolean/,
    },
    {
      name: 'a list of strings holding a number',
      edit: (d) => ({ ...d, InboundConnectors: [{ ...(d['InboundConnectors'] as object[])[0], SenderIPAddresses: ['203.0.113.25', 7] }] }),
      error: /at \/InboundConnectors\/0\/SenderIPAddresses\/1: must be string/,
    },
    {
      name: 'a list of strings that is a number',
      edit: (d) => ({ ...d, InboundConnectors: [{ ...(d['InboundConnectors'] as object[])[0], SenderIPAddresses: 7 }] }),
      error: /at \/InboundConnectors\/0\/SenderIPAddresses: must be a list of strings \(or one string, or null\)/,
    },
    {
      name: 'a list of objects that is a string',
      edit: (d) => ({ ...d, Recipients: 'ann@contoso.com' }),
      error: /at \/Recipients: must be a list of objects \(or one object, or null\)/,
    },
    {
      name: 'a date that is no date',
      edit: (d) => ({ ...d, exportedAt: 'yesterday' }),
      error: /at \/exportedAt: must be a date/,
    },
    {
      name: 'a missing section',
      edit: (d) => {
        const { Recipients: _omit, ...rest } = d;
        return rest;
      },
      error: /at \/Recipients: missing/,
    },
    {
      name: 'another export format',
      edit: (d) => ({ ...d, splitcheckExport: 2 }),
      error: /at \/splitcheckExport: is 2, but this splitcheck reads export format 1/,
    },
    {
      name: 'a recipient row that is an array',
      edit: (d) => ({ ...d, Recipients: [['SMTP:ann@contoso.com']] }),
      error: /at \/Recipients\/0: must be object/,
    },
  ];
  for (const c of cases) {
    it(c.name, async () => {
      const error = await errorOf(c.edit(await ps7()));
      expect(error).toMatch(/^export\.json /);
      expect(error).toMatch(c.error);
    });
  }

  it('a file that is not JSON, or JSON that is not an export', async () => {
    expect((await parseM365Export('{"splitcheckExport": 1,', 'x.json')) as { error: string }).toMatchObject({ error: expect.stringMatching(/^x\.json is not JSON/) });
    expect(await errorOf([1, 2])).toMatch(/is not a splitcheck Microsoft 365 export .*m365-export-script/);
    expect(await errorOf({ Recipients: [] })).toMatch(/no "splitcheckExport": 1/);
  });

  it('a missing file, a directory, and a file over the size cap', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'm365-export-'));
    expect(await readM365Export(join(dir, 'nope.json'))).toMatchObject({ ok: false, error: expect.stringMatching(/cannot read the Microsoft 365 export .*nope\.json: no such file/) });
    expect(await readM365Export(dir)).toMatchObject({ ok: false, error: expect.stringMatching(/it is a directory/) });
    const big = join(dir, 'big.json');
    await writeFile(big, '{}');
    await truncate(big, MAX_EXPORT_BYTES + 1); // sparse: no disk used
    expect(await readM365Export(big)).toMatchObject({ ok: false, error: expect.stringMatching(/more than the 128 MiB splitcheck reads: export with -Domain/) });
  });
});

describe("the checked domain's rows", () => {
  it('keeps only recipients and DKIM configurations of the checked domain, compared case-insensitively', async () => {
    const read = await readM365Export(fixture('ps7-contoso.json'));
    if (!read.ok) throw new Error(read.error);
    const contoso = domainView(read.export, 'CONTOSO.com.');
    expect(contoso.recipients.map((r) => r.PrimarySmtpAddress)).toEqual(['Ann@contoso.com', 'sales@contoso.com']);
    expect(contoso.dkimSigningConfigs.map((k) => k.Domain)).toEqual(['contoso.com']);
    expect(contoso.recipientsInFile).toBe(3);
    const fabrikam = domainView(read.export, 'fabrikam.com');
    expect(fabrikam.recipients.map((r) => r.PrimarySmtpAddress)).toEqual(['bob@fabrikam.com']);
    expect(acceptedDomainsCovering(fabrikam, 'fabrikam.com').map((a) => a.DomainType)).toEqual(['Authoritative']);
    expect(acceptedDomainsCovering(fabrikam, 'other.example')).toEqual([]);
  });

  it('a wildcard accepted domain covers the domain and its subdomains, the exact one first', async () => {
    const doc = await ps7();
    const read = await parse({
      ...doc,
      AcceptedDomains: [
        { DomainName: '*.contoso.com', DomainType: 'InternalRelay', Default: false },
        { DomainName: 'sub.contoso.com', DomainType: 'Authoritative', Default: false },
      ],
    });
    if (!read.ok) throw new Error(read.error);
    const view = domainView(read.export, 'sub.contoso.com');
    expect(acceptedDomainsCovering(view, 'sub.contoso.com').map((a) => a.DomainName)).toEqual(['sub.contoso.com', '*.contoso.com']);
    expect(acceptedDomainsCovering(view, 'contoso.com').map((a) => a.DomainName)).toEqual(['*.contoso.com']);
    expect(acceptedDomainsCovering(view, 'notcontoso.com')).toEqual([]);
  });
});
