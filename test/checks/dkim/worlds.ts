// Example worlds for dkim.m365 and dkim.hosting: zones with real keys, and the status each check must give.
import type { Zone } from '../../../src/testbed/dns-server.js';
import { txt } from '../../helpers/txt.js';
import type { World } from '../../helpers/world.js';
import { dkim, KEYS } from './keys.js';

/** Microsoft 365 DKIM targets with their keys, classic form. */
function m365(domain: string, tenant: string, token = domain.replace(/\./g, '-'), parent = `${tenant}.onmicrosoft.com`): Zone {
  const t1 = `selector1-${token}._domainkey.${parent}`;
  const t2 = `selector2-${token}._domainkey.${parent}`;
  return {
    [`selector1._domainkey.${domain}`]: [{ CNAME: t1 }],
    [`selector2._domainkey.${domain}`]: [{ CNAME: t2 }],
    [t1]: [dkim(KEYS.rsa2048)],
    [t2]: [dkim(KEYS.rsa2048)],
  };
}

const cpanelKey = (domain: string): Zone => ({ [`default._domainkey.${domain}`]: [dkim(KEYS.rsa2048)] });
const reject = (domain: string): Zone => ({ [`_dmarc.${domain}`]: [txt(`v=DMARC1; p=reject; rua=mailto:dmarc@${domain}`)] });

export const DKIM_WORLDS: World[] = [
  // ---- All three right --------------------------------------------------------------------
  {
    name: 'healthy: Microsoft DKIM, cPanel key, DMARC reject',
    domain: 'contoso.com',
    zone: { ...m365('contoso.com', 'contoso'), ...cpanelKey('contoso.com'), ...reject('contoso.com') },
    expect: { 'dkim.m365': 'pass', 'dkim.hosting': 'pass', 'dmarc.record': 'pass' },
    messages: { 'dkim.m365': ['RSA 2048-bit', 'worldwide'], 'dkim.hosting': ['RSA 2048-bit'], 'dmarc.record': ['p=reject', 'dmarc@contoso.com'] },
  },

  // ---- dkim.m365: forms and clouds -------------------------------------------------------
  {
    name: 'new dkim.mail.microsoft form, hyphenated domain written without hyphens and with a suffix',
    domain: 'contoso-shop.com',
    zone: m365('contoso-shop.com', 'contososhop', 'contososhop-com01b', 'contososhop.r-v1.dkim.mail.microsoft'),
    expect: { 'dkim.m365': 'pass' },
    messages: { 'dkim.m365': ['dkim.mail.microsoft form', 'contososhop-com01b'] },
  },
  {
    name: 'older domain whose CNAMEs carry the MX token',
    domain: 'fabrikam.com',
    zone: m365('fabrikam.com', 'fabrikam', 'fabrikam-com0i'),
    expect: { 'dkim.m365': 'pass' },
  },
  {
    name: 'GCC High tenant on onmicrosoft.us',
    domain: 'agency.us',
    zone: m365('agency.us', 'agency', undefined, 'agency.onmicrosoft.us'),
    expect: { 'dkim.m365': 'pass' },
    messages: { 'dkim.m365': ['GCC High/DoD'] },
  },
  {
    name: '21Vianet tenant on partner.onmschina.cn',
    domain: 'example.cn',
    zone: m365('example.cn', 'examplecn', undefined, 'examplecn.partner.onmschina.cn'),
    expect: { 'dkim.m365': 'pass' },
    messages: { 'dkim.m365': ['21Vianet'] },
  },
  {
    name: 'IDN domain (punycode) with its dashed token',
    domain: 'xn--bcher-kva.example',
    zone: m365('xn--bcher-kva.example', 'buecher'),
    expect: { 'dkim.m365': 'pass' },
  },
  {
    name: 'only selector1 has a key yet (Microsoft publishes selector2 before rotating to it)',
    domain: 'onekey.com',
    zone: { ...m365('onekey.com', 'onekey'), 'selector2-onekey-com._domainkey.onekey.onmicrosoft.com': [{ A: '192.0.2.1' }] },
    expect: { 'dkim.m365': 'pass' },
    messages: { 'dkim.m365': ["selector2's appears when Microsoft 365 rotates"] },
  },
  {
    name: 'no selector CNAMEs at all',
    domain: 'nodkim.com',
    zone: { 'nodkim.com': [{ MX: [0, 'nodkim-com.mail.protection.outlook.com'] }] },
    expect: { 'dkim.m365': 'fail', 'dkim.hosting': 'fail', 'dmarc.record': 'fail' },
    messages: { 'dkim.m365': ['onmicrosoft', 'forwarded mail'] },
    remedies: { 'dkim.m365': ['selector1._domainkey.nodkim.com. 3600 IN CNAME selector1-nodkim-com._domainkey.<tenant>.onmicrosoft.com.', 'Email authentication settings'], 'dkim.hosting': ['Email Deliverability', '--dkim-selector'], 'dmarc.record': ['v=DMARC1; p=quarantine; rua=mailto:dmarc-reports@nodkim.com'] },
  },
  {
    name: 'selector2 missing',
    domain: 'halfdkim.com',
    zone: (() => {
      const z = m365('halfdkim.com', 'halfdkim');
      delete z['selector2._domainkey.halfdkim.com'];
      return z;
    })(),
    expect: { 'dkim.m365': 'fail' },
    messages: { 'dkim.m365': ['selector2._domainkey.halfdkim.com does not exist'] },
    remedies: { 'dkim.m365': ['selector2-halfdkim-com._domainkey.halfdkim.onmicrosoft.com.'] },
  },
  {
    name: 'CNAMEs right but no key published: signing not enabled',
    domain: 'notsigning.com',
    zone: {
      'selector1._domainkey.notsigning.com': [{ CNAME: 'selector1-notsigning-com._domainkey.notsigning.n-v1.dkim.mail.microsoft' }],
      'selector2._domainkey.notsigning.com': [{ CNAME: 'selector2-notsigning-com._domainkey.notsigning.n-v1.dkim.mail.microsoft' }],
    },
    expect: { 'dkim.m365': 'fail' },
    messages: { 'dkim.m365': ['not enabled'] },
    remedies: { 'dkim.m365': ['Sign messages for this domain with DKIM signatures', 'Set-DkimSigningConfig'] },
  },
  {
    name: 'selector2 points at the hosting panel',
    domain: 'mixed.com',
    zone: {
      ...m365('mixed.com', 'mixed'),
      'selector2._domainkey.mixed.com': [{ CNAME: 'selector2._domainkey.mail.hostinger.com' }],
      'selector2._domainkey.mail.hostinger.com': [dkim(KEYS.rsa2048)],
    },
    expect: { 'dkim.m365': 'fail' },
    messages: { 'dkim.m365': ['selector2._domainkey.mail.hostinger.com (Hostinger), not to Microsoft'] },
    remedies: { 'dkim.m365': ['selector2-mixed-com._domainkey.mixed.onmicrosoft.com.'] },
  },
  {
    name: 'a common typo: the tenant left out (..._domainkey.outlook.com)',
    domain: 'typo.com',
    zone: {
      'selector1._domainkey.typo.com': [{ CNAME: 'selector1-typo-com._domainkey.outlook.com' }],
      'selector2._domainkey.typo.com': [{ CNAME: 'selector2-typo-com._domainkey.outlook.com' }],
    },
    expect: { 'dkim.m365': 'fail' },
    messages: { 'dkim.m365': ["in Microsoft's namespace but none of its DKIM host forms"] },
  },
  {
    name: 'selector1 points at the selector2 key',
    domain: 'crossed.com',
    zone: { ...m365('crossed.com', 'crossed'), 'selector1._domainkey.crossed.com': [{ CNAME: 'selector2-crossed-com._domainkey.crossed.onmicrosoft.com' }] },
    expect: { 'dkim.m365': 'fail' },
    messages: { 'dkim.m365': ['the key of selector2, not of selector1'] },
  },
  {
    name: 'selector1 published as a TXT key instead of a CNAME',
    domain: 'txtkey.com',
    zone: { ...m365('txtkey.com', 'txtkey'), 'selector1._domainkey.txtkey.com': [dkim(KEYS.rsa2048)] },
    expect: { 'dkim.m365': 'fail' },
    messages: { 'dkim.m365': ['TXT key of its own'] },
  },
  {
    name: 'the two selectors name different tenants',
    domain: 'twotenants.com',
    zone: {
      ...m365('twotenants.com', 'alpha'),
      'selector2._domainkey.twotenants.com': [{ CNAME: 'selector2-twotenants-com._domainkey.beta.onmicrosoft.com' }],
      'selector2-twotenants-com._domainkey.beta.onmicrosoft.com': [dkim(KEYS.rsa2048)],
    },
    expect: { 'dkim.m365': 'warn' },
    messages: { 'dkim.m365': ['tenant (alpha / beta)'] },
  },
  {
    name: 'selectors reach Microsoft through an intermediate alias',
    domain: 'alias.com',
    zone: {
      ...m365('alias.com', 'alias'),
      'selector1._domainkey.alias.com': [{ CNAME: 's1.dkim.msp.example' }],
      's1.dkim.msp.example': [{ CNAME: 'selector1-alias-com._domainkey.alias.onmicrosoft.com' }],
    },
    expect: { 'dkim.m365': 'warn' },
    messages: { 'dkim.m365': ['selector1._domainkey.alias.com → s1.dkim.msp.example → selector1-alias-com._domainkey.alias.onmicrosoft.com'] },
  },
  {
    name: 'selector2 missing while selector1 does not answer: the missing one is a fact',
    domain: 'halfslow.com',
    zone: { 'selector1._domainkey.halfslow.com': ['TIMEOUT'], 'halfslow.com': [{ A: '192.0.2.1' }] },
    expect: { 'dkim.m365': 'fail' },
    messages: { 'dkim.m365': ['selector2._domainkey.halfslow.com does not exist (selector1 could not be looked up)'] },
  },
  {
    name: 'Microsoft targets publish no usable key',
    domain: 'badmskey.com',
    zone: {
      ...m365('badmskey.com', 'badmskey'),
      'selector1-badmskey-com._domainkey.badmskey.onmicrosoft.com': [txt('v=DKIM1; k=rsa; p=')],
      'selector2-badmskey-com._domainkey.badmskey.onmicrosoft.com': [{ A: '192.0.2.1' }],
    },
    expect: { 'dkim.m365': 'fail' },
    messages: { 'dkim.m365': ['selector1: unusable key (its key is empty', 'selector2: no key'] },
  },
  {
    name: 'the Microsoft key target times out',
    domain: 'slowkey.com',
    zone: { ...m365('slowkey.com', 'slowkey'), 'selector1-slowkey-com._domainkey.slowkey.onmicrosoft.com': ['TIMEOUT'] },
    expect: { 'dkim.m365': 'error' },
  },
  {
    name: 'the selector names time out',
    domain: 'slowdkim.com',
    zone: { 'selector1._domainkey.slowdkim.com': ['TIMEOUT'], 'selector2._domainkey.slowdkim.com': ['TIMEOUT'], 'default._domainkey.slowdkim.com': ['TIMEOUT'] },
    expect: { 'dkim.m365': 'error', 'dkim.hosting': 'error' },
  },

  // ---- dkim.hosting ----------------------------------------------------------------------
  {
    name: 'hosting key RSA 1024-bit',
    domain: 'short.com',
    zone: { 'default._domainkey.short.com': [dkim(KEYS.rsa1024)] },
    expect: { 'dkim.hosting': 'warn' },
    messages: { 'dkim.hosting': ['RSA 1024-bit', 'RFC 8301'] },
  },
  {
    name: 'hosting key RSA 512-bit',
    domain: 'weak.com',
    zone: { 'default._domainkey.weak.com': [dkim(KEYS.rsa512)] },
    expect: { 'dkim.hosting': 'fail' },
    messages: { 'dkim.hosting': ['512-bit'] },
  },
  {
    name: 'hosting key Ed25519 (RFC 8463)',
    domain: 'edkey.com',
    zone: { 'default._domainkey.edkey.com': [txt(`v=DKIM1; k=ed25519; p=${KEYS.ed25519raw}`)] },
    // Valid, but Mail::DKIM 1.20230212 rejects k=ed25519 (test/e2e/dkim-differential.e2e.ts).
    expect: { 'dkim.hosting': 'warn' },
    messages: { 'dkim.hosting': ['Ed25519', 'Mail::DKIM'] },
  },
  {
    name: 'Ed25519 key wrapped in SubjectPublicKeyInfo',
    domain: 'edspki.com',
    zone: { 'default._domainkey.edspki.com': [txt(`v=DKIM1; k=ed25519; p=${KEYS.ed25519spki}`)] },
    expect: { 'dkim.hosting': 'fail' },
    messages: { 'dkim.hosting': ['raw 32-octet key'] },
  },
  {
    name: 'hosting key as a bare RSAPublicKey (RFC 6376 text, erratum 3017)',
    domain: 'pkcs1.com',
    zone: { 'default._domainkey.pkcs1.com': [dkim(KEYS.rsa2048pkcs1)] },
    // Mail::DKIM reads only SubjectPublicKeyInfo (test/e2e/dkim-differential.e2e.ts).
    expect: { 'dkim.hosting': 'warn' },
    messages: { 'dkim.hosting': ['SubjectPublicKeyInfo', 'Mail::DKIM'] },
  },
  {
    name: 'hosting key split in small strings with folding whitespace inside p=',
    domain: 'folded.com',
    zone: { 'default._domainkey.folded.com': [txt(`v=DKIM1;\tk=rsa ; p=${KEYS.rsa2048.slice(0, 100)} ${KEYS.rsa2048.slice(100)} ;`, 60)] },
    expect: { 'dkim.hosting': 'pass' },
  },
  {
    name: 'custom hosting selector from the input',
    domain: 'custom.com',
    zone: { 'x2024._domainkey.custom.com': [dkim(KEYS.rsa2048)] },
    input: { dkimSelector: 'x2024' },
    expect: { 'dkim.hosting': 'pass' },
    messages: { 'dkim.hosting': ['x2024._domainkey.custom.com'] },
  },
  {
    name: 'hosting key behind a CNAME',
    domain: 'cnamekey.com',
    zone: { 'default._domainkey.cnamekey.com': [{ CNAME: 'default._domainkey.cnamekey.com.hosting.example' }], 'default._domainkey.cnamekey.com.hosting.example': [dkim(KEYS.rsa2048)] },
    expect: { 'dkim.hosting': 'pass' },
    messages: { 'dkim.hosting': ['through the CNAME to default._domainkey.cnamekey.com.hosting.example'] },
  },
  {
    name: 'hosting key revoked',
    domain: 'revoked.com',
    zone: { 'default._domainkey.revoked.com': [txt('v=DKIM1; k=rsa; p=')] },
    expect: { 'dkim.hosting': 'fail' },
    messages: { 'dkim.hosting': ['revoked'] },
  },
  {
    name: 'hosting key garbage base64',
    domain: 'garbage.com',
    zone: { 'default._domainkey.garbage.com': [txt('v=DKIM1; k=rsa; p=MIIBIjANBgkq*hkiG9w0BAQEFAAOC')] },
    expect: { 'dkim.hosting': 'fail' },
    messages: { 'dkim.hosting': ['not valid base64'] },
  },
  {
    name: 'hosting key valid base64 but no key (truncated when pasted)',
    domain: 'truncated.com',
    zone: { 'default._domainkey.truncated.com': [dkim(KEYS.rsa2048.slice(0, 200))] },
    expect: { 'dkim.hosting': 'fail' },
    messages: { 'dkim.hosting': ['no public key'] },
  },
  {
    name: 'two TXT records at the hosting selector',
    domain: 'twokeys.com',
    zone: { 'default._domainkey.twokeys.com': [dkim(KEYS.rsa2048), dkim(KEYS.rsa1024)] },
    expect: { 'dkim.hosting': 'fail' },
    messages: { 'dkim.hosting': ['2 TXT records', 'RFC 6376 §3.6.2.2'] },
  },
  {
    name: 'hosting key with v= not first',
    domain: 'vlate.com',
    zone: { 'default._domainkey.vlate.com': [txt(`k=rsa; v=DKIM1; p=${KEYS.rsa2048}`)] },
    // RFC 6376 §3.6.1 says MUST be first, but Mail::DKIM and dkimpy verify with it (test/e2e/dkim-differential.e2e.ts).
    expect: { 'dkim.hosting': 'warn' },
    messages: { 'dkim.hosting': ['MUST be the first tag', 'Mail::DKIM and dkimpy accept it'] },
  },
  {
    name: 'hosting key in testing mode (t=y)',
    domain: 'testing.com',
    zone: { 'default._domainkey.testing.com': [dkim(KEYS.rsa2048, ' t=y;')] },
    expect: { 'dkim.hosting': 'warn' },
    messages: { 'dkim.hosting': ['t=y'] },
  },
];
