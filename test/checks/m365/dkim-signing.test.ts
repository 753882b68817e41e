// m365.dkim-signing: the tenant's DKIM signing configuration for the domain against the CNAMEs published in DNS.
import { describe, expect, it } from 'vitest';
import { m365DkimSigning } from '../../../src/checks/m365/dkim-signing.js';
import type { DkimSigningConfig } from '../../../src/m365/export-types.js';
import { DOMAIN, judge, tenant, ZONE } from './inside-world.js';

const config = (c: Partial<DkimSigningConfig>) => tenant({ DkimSigningConfigs: [{ ...tenant().DkimSigningConfigs[0]!, ...c }] });

describe('m365.dkim-signing', () => {
  it('enabled, and both CNAMEs published as Microsoft expects: pass', async () => {
    const f = await judge(m365DkimSigning, { export: tenant() });
    expect(f.status).toBe('pass');
    expect(f.message).toMatch(/selector1\._domainkey\.example\.test → selector1-example-test\._domainkey\.example\.n-v1\.dkim\.mail\.microsoft/);
  });

  it('disabled: fail, with the Defender path and Set-DkimSigningConfig', async () => {
    const f = await judge(m365DkimSigning, { export: config({ Enabled: false, Status: 'Disabled' }) });
    expect(f.status).toBe('fail');
    expect(f.remedy).toMatch(/Defender portal.*DKIM.*Set-DkimSigningConfig -Identity example\.test -Enabled \$true/);
  });

  it('no configuration for the domain (only for another): fail', async () => {
    const f = await judge(m365DkimSigning, { export: config({ Domain: 'other.test' }) });
    expect(f.status).toBe('fail');
    expect(f.message).toMatch(/no DKIM signing configuration for example\.test/);
    expect(f.remedy).toMatch(/New-DkimSigningConfig -DomainName example\.test/);
  });

  it('a published CNAME that differs from the tenant\'s: fail, naming both', async () => {
    const zone = { ...ZONE, [`selector2._domainkey.${DOMAIN}`]: [{ CNAME: 'selector2-example-test._domainkey.other.onmicrosoft.com' }] };
    const f = await judge(m365DkimSigning, { export: tenant(), zone });
    expect(f.status).toBe('fail');
    expect(f.message).toMatch(/expecting selector2\._domainkey\.example\.test to be a CNAME to selector2-example-test\._domainkey\.example\.n-v1\.dkim\.mail\.microsoft, but DNS has a CNAME to selector2-example-test\._domainkey\.other\.onmicrosoft\.com/);
  });

  it('no CNAME published: fail', async () => {
    const { [`selector1._domainkey.${DOMAIN}`]: _omit, ...zone } = ZONE;
    const f = await judge(m365DkimSigning, { export: tenant(), zone });
    expect(f.status).toBe('fail');
    expect(f.message).toMatch(/but DNS has no record/);
  });

  it('a TXT key where the CNAME belongs: fail, saying so', async () => {
    const zone = { ...ZONE, [`selector1._domainkey.${DOMAIN}`]: [{ TXT: 'v=DKIM1; k=rsa; p=MIIB' }] };
    const f = await judge(m365DkimSigning, { export: tenant(), zone });
    expect(f.message).toMatch(/a TXT record instead of the CNAME/);
  });

  it('a DNS failure is error, not a verdict', async () => {
    const zone = { ...ZONE, [`selector1._domainkey.${DOMAIN}`]: ['TIMEOUT' as const] };
    const f = await judge(m365DkimSigning, { export: tenant(), zone });
    expect(f.status).toBe('error');
    expect(f.evidence).toMatchObject({ lookup: { question: { name: 'selector1._domainkey.example.test', type: 'CNAME' } } });
  });
});
