// Microsoft 365 DKIM CNAME targets: every documented form and cloud is recognised, near misses are not.
import { describe, expect, it } from 'vitest';
import { inMicrosoftNamespace, microsoftDkimTarget, sibling } from '../../src/knowledge/microsoft-dkim.js';

describe('microsoftDkimTarget', () => {
  const good: [string, Record<string, unknown>][] = [
    ['selector1-contoso-com._domainkey.contoso.onmicrosoft.com', { selector: 'selector1', token: 'contoso-com', tenant: 'contoso', cloud: 'commercial', form: 'classic' }],
    ['selector2-contoso-com0i._domainkey.contoso.onmicrosoft.com.', { selector: 'selector2', token: 'contoso-com0i', form: 'classic' }],
    ['SELECTOR1-Cloud-NL._domainkey.JustinTenant.y-v1.dkim.mail.microsoft', { selector: 'selector1', token: 'cloud-nl', tenant: 'justintenant', form: 'v1', partition: 'y' }],
    ['selector1-findchild-service-gov-uk01be2e._domainkey.justiceuk.w-v1.dkim.mail.microsoft', { token: 'findchild-service-gov-uk01be2e', partition: 'w' }],
    ['selector1-agency-us._domainkey.agency.onmicrosoft.us', { cloud: 'gcc-high', form: 'classic' }],
    ['selector2-example-cn._domainkey.examplecn.partner.onmschina.cn', { cloud: 'china', tenant: 'examplecn' }],
    ['selector1-xn--bcher-kva-example._domainkey.buecher.onmicrosoft.com', { token: 'xn--bcher-kva-example' }],
  ];
  for (const [host, expected] of good) {
    it(`recognises ${host}`, () => expect(microsoftDkimTarget(host)).toMatchObject(expected));
  }

  const bad = [
    'selector1-contoso-com._domainkey.outlook.com', // tenant left out
    'selector1-contoso-com._domainkey.contoso.mail.onmicrosoft.com', // mail.onmicrosoft.com is a routing domain, not the initial domain
    'selector3-contoso-com._domainkey.contoso.onmicrosoft.com',
    'selector1._domainkey.contoso.onmicrosoft.com',
    'selector1-contoso-com._domainkey.contoso.n-v2.dkim.mail.microsoft',
    'selector1-contoso-com._domainkey.contoso.nn-v1.dkim.mail.microsoft',
    'selector1-contoso-com._domainkey.contoso.onmicrosoft.com.evil.example',
    'selector1-contoso-com.contoso.onmicrosoft.com',
    'default._domainkey.mail.hostinger.com',
    '',
  ];
  for (const host of bad) {
    it(`rejects ${JSON.stringify(host)}`, () => expect(microsoftDkimTarget(host)).toBeUndefined());
  }

  it('tells Microsoft namespace from elsewhere', () => {
    expect(inMicrosoftNamespace('selector1-x._domainkey.outlook.com')).toBe(true);
    expect(inMicrosoftNamespace('foo.dkim.mail.microsoft')).toBe(true);
    expect(inMicrosoftNamespace('x.partner.onmschina.cn')).toBe(true);
    expect(inMicrosoftNamespace('selector1._domainkey.mail.contoso.com')).toBe(false);
    expect(inMicrosoftNamespace('notonmicrosoft.com')).toBe(false);
  });

  it('writes the other selector in the same form', () => {
    const v1 = microsoftDkimTarget('selector1-contoso-com._domainkey.contoso.r-v1.dkim.mail.microsoft')!;
    expect(sibling(v1, 'selector2')).toBe('selector2-contoso-com._domainkey.contoso.r-v1.dkim.mail.microsoft');
    const gcc = microsoftDkimTarget('selector2-agency-us._domainkey.agency.onmicrosoft.us')!;
    expect(sibling(gcc, 'selector1')).toBe('selector1-agency-us._domainkey.agency.onmicrosoft.us');
    const cn = microsoftDkimTarget('selector2-a-cn._domainkey.a.partner.onmschina.cn')!;
    expect(sibling(cn, 'selector1')).toBe('selector1-a-cn._domainkey.a.partner.onmschina.cn');
  });
});
