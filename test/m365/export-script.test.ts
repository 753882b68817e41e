// The shipped PowerShell export script: parsed by a real PowerShell grammar, read-only, and in step with the schema and fixtures.
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import schema from '../../schema/m365-export.schema.json' with { type: 'json' };
import { exportScript } from '../../src/m365/script.js';
import { nodesOfType, parsePowerShell, syntaxErrors } from './powershell-parser.js';

const script = async () => {
  const found = await exportScript();
  if (!found.ok) throw new Error(found.error);
  return found.text;
};

/** The Exchange Online cmdlets CHECKS.md allows the script, all of them read-only Get- cmdlets. */
const EXCHANGE_CMDLETS = ['Get-AcceptedDomain', 'Get-OutboundConnector', 'Get-InboundConnector', 'Get-OrganizationConfig', 'Get-DkimSigningConfig', 'Get-EXORecipient'];
/** PowerShell's own cmdlets the script may use: none changes anything but the output file, the progress bar and this session's type data. */
const POWERSHELL_CMDLETS = ['Set-StrictMode', 'Get-Command', 'New-Object', 'Write-Progress', 'ForEach-Object', 'Get-Date', 'ConvertTo-Json', 'Write-Host', 'Remove-TypeData'];

describe('the export script parses as PowerShell', () => {
  it('has no syntax error for the tree-sitter PowerShell grammar', async () => {
    const tree = await parsePowerShell(await script());
    expect(syntaxErrors(tree)).toEqual([]);
  });

  it('the same parser does report a broken script (the check above can fail)', async () => {
    const broken = (await script()).replace('function Get-Flag {', 'function Get-Flag {{ (');
    expect(syntaxErrors(await parsePowerShell(broken)).length).toBeGreaterThan(0);
  });
});

describe('the export script is read-only', () => {
  it('calls only the six Get- cmdlets of Exchange Online, a few built-ins and its own functions', async () => {
    const tree = await parsePowerShell(await script());
    const own = nodesOfType(tree, 'function_name').map((n) => n.text);
    expect(own.length).toBeGreaterThan(3);
    const called = new Set(nodesOfType(tree, 'command_name').map((n) => n.text));
    const allowed = new Set([...EXCHANGE_CMDLETS, ...POWERSHELL_CMDLETS, ...own]);
    expect([...called].filter((c) => !allowed.has(c))).toEqual([]);
    for (const cmdlet of EXCHANGE_CMDLETS) expect(called.has(cmdlet), cmdlet).toBe(true);
    // No alias (% ? select where ...) and nothing that changes the tenant.
    expect([...called].filter((c) => /^(Set|New|Remove|Enable|Disable|Add|Update|Start|Stop|Invoke)-/i.test(c) && !POWERSHELL_CMDLETS.includes(c))).toEqual([]);
  });

  it('asks for every recipient, writes deep enough, and fails on the first error', async () => {
    const text = await script();
    expect(text).toMatch(/Get-EXORecipient -ResultSize Unlimited/);
    expect(text).toMatch(/ConvertTo-Json -InputObject \$export -Depth [5-9]/);
    expect(text).toMatch(/\$ErrorActionPreference = 'Stop'/);
    expect(text).toMatch(/Set-StrictMode -Version 2\.0/);
  });
});

/** The keys of every hashtable the script builds, in order: one per object kind of the export. */
async function scriptObjects(): Promise<string[][]> {
  const tree = await parsePowerShell(await script());
  return nodesOfType(tree, 'hash_literal_body').map((body) => body.children.filter((c) => c?.type === 'hash_entry').map((e) => e!.child(0)!.text));
}

type SchemaObject = { properties: Record<string, unknown> };
const defs = (schema as unknown as { $defs: Record<string, SchemaObject> }).$defs;
const OBJECTS: Record<string, string[]> = {
  export: Object.keys((schema as unknown as SchemaObject).properties),
  AcceptedDomain: Object.keys(defs['AcceptedDomain']!.properties),
  OutboundConnector: Object.keys(defs['OutboundConnector']!.properties),
  InboundConnector: Object.keys(defs['InboundConnector']!.properties),
  OrganizationConfig: Object.keys(defs['OrganizationConfig']!.properties),
  DkimSigningConfig: Object.keys(defs['DkimSigningConfig']!.properties),
  Recipient: Object.keys(defs['Recipient']!.properties),
};

describe('the script, the schema and the fixtures say the same', () => {
  it('the script writes exactly the properties the schema reads, for every object', async () => {
    const objects = await scriptObjects();
    const sorted = (keys: readonly string[]) => [...keys].sort().join(',');
    const written = objects.map(sorted).sort();
    const read = Object.values(OBJECTS).map(sorted).sort();
    expect(written).toEqual(read);
  });

  it('the PowerShell 7 fixture has the keys the script writes, in its order (the fixture is what the script writes)', async () => {
    const objects = await scriptObjects();
    /** The script's key order for the object whose keys are `keys` (in any order). */
    const order = (keys: readonly string[]) => objects.find((k) => [...k].sort().join() === [...keys].sort().join())!;
    const doc = JSON.parse(await readFile(new URL('./fixtures/ps7-contoso.json', import.meta.url), 'utf8')) as Record<string, Record<string, unknown>[]>;
    expect(Object.keys(doc)).toEqual(order(OBJECTS['export']!));
    const lists: Array<[string, string]> = [
      ['AcceptedDomains', 'AcceptedDomain'],
      ['OutboundConnectors', 'OutboundConnector'],
      ['InboundConnectors', 'InboundConnector'],
      ['DkimSigningConfigs', 'DkimSigningConfig'],
      ['Recipients', 'Recipient'],
    ];
    for (const [list, kind] of lists) {
      for (const row of doc[list]!) expect(Object.keys(row), list).toEqual(order(OBJECTS[kind]!));
    }
    expect(Object.keys(doc['OrganizationConfig'] as unknown as object)).toEqual(order(OBJECTS['OrganizationConfig']!));
  });
});

describe('splitcheck m365-export-script', () => {
  it('prints the shipped script exactly, from the built package (dist/) as from the sources', async () => {
    const { runCli } = await import('../helpers/cli.js');
    const { runMain } = await import('../helpers/in-process.js');
    const text = await readFile(new URL('../../assets/m365-export.ps1', import.meta.url), 'utf8');
    const built = await runCli(['m365-export-script']);
    expect(built.code).toBe(0);
    expect(built.stdout).toBe(text);
    expect(built.stderr).toBe('');
    const inProcess = await runMain(['m365-export-script']);
    expect(inProcess).toMatchObject({ code: 0, stdout: text });
  });

  it('ships the script in the package', async () => {
    const pkg = JSON.parse(await readFile(new URL('../../package.json', import.meta.url), 'utf8')) as { files: string[] };
    expect(pkg.files).toContain('assets/');
  });
});
