// Windows PowerShell 5.1 must write the script's arrays as arrays: its System.Array type data would make them {"value":[...],"Count":n}.
import { describe, expect, it } from 'vitest';
import { exportScript } from '../../src/m365/script.js';
import { parseM365Export } from '../../src/m365/read-export.js';
import { healthyTenant, outbound } from '../helpers/tenant.js';

describe('arrays under Windows PowerShell 5.1', () => {
  it('the script drops System.Array type data for its session under Windows PowerShell, before anything is converted', async () => {
    const found = await exportScript();
    if (!found.ok) throw new Error(found.error);
    const text = found.text;
    const removal = text.search(/if \(\$PSVersionTable\.PSEdition -ne 'Core'\) \{ Remove-TypeData -TypeName System\.Array -ErrorAction SilentlyContinue \}/);
    expect(removal).toBeGreaterThan(0);
    expect(removal).toBeLessThan(text.indexOf('ConvertTo-Json -InputObject'));
    expect(removal).toBeLessThan(text.indexOf('Get-AcceptedDomain)'));
  });

  it('because the reader refuses what 5.1 writes without it, naming the value', async () => {
    const wrapped = healthyTenant({ OutboundConnectors: [outbound({ SmartHosts: { value: ['mail.fabrikam.test'], Count: 1 } })] });
    const read = await parseM365Export(JSON.stringify(wrapped), 'export.json');
    expect(read).toMatchObject({ ok: false, error: expect.stringContaining('/OutboundConnectors/0/SmartHosts') });
  });
});
