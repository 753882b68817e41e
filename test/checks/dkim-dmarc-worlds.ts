// Example worlds for dkim.m365, dkim.hosting and dmarc.record: zones with real keys, and the status each check must give.
import { generateKeyPairSync } from 'node:crypto';
import type { CheckInput, Status } from '../../src/engine/types.js';
import type { Zone, ZoneEntry } from '../../src/testbed/dns-server.js';

export interface DkimDmarcWorld {
  name: string;
  domain: string;
  zone: Zone;
  input?: CheckInput;
  expect: Partial<Record<'dkim.m365' | 'dkim.hosting' | 'dmarc.record', Status>>;
  /** Substrings the finding's message (or, with `remedy:`, its remedy) must contain. */
  mentions?: Partial<Record<'dkim.m365' | 'dkim.hosting' | 'dmarc.record', string[]>>;
}

/** Keys made fresh for the run: splitcheck must decode real keys, not fixtures it was tuned on. */
function rsaSpki(bits: number): string {
  return generateKeyPairSync('rsa', { modulusLength: bits }).publicKey.export({ format: 'der', type: 'spki' }).toString('base64');
}
export const KEYS = {
  rsa512: rsaSpki(512),
  rsa1024: rsaSpki(1024),
  rsa2048: rsaSpki(2048),
  rsa2048pkcs1: generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey.export({ format: 'der', type: 'pkcs1' }).toString('base64'),
  ed25519raw: Buffer.from(generateKeyPairSync('ed25519').publicKey.export({ format: 'jwk' }).x ?? '', 'base64url').toString('base64'),
  ed25519spki: generateKeyPairSync('ed25519').publicKey.export({ format: 'der', type: 'spki' }).toString('base64'),
};

/** A TXT record of `text` cut into character-strings of at most 255 octets (RFC 1035 §3.3), as DNS hosts publish long keys. */
export function txt(text: string, size = 255): ZoneEntry {
  const parts: string[] = [];
  for (let i = 0; i < text.length; i += size) parts.push(text.slice(i, i + size));
  return { TXT: parts.length > 0 ? parts : [''] };
}

export const dkim = (key: string, extra = ''): ZoneEntry => txt(`v=DKIM1; k=rsa;${extra} p=${key}`);

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

export const DKIM_DMARC_WORLDS: DkimDmarcWorld[] = [
  // ---- All three right --------------------------------------------------------------------
  {
    name: 'healthy: Microsoft DKIM, cPanel key, DMARC reject',
    domain: 'contoso.com',
    zone: { ...m365('contoso.com', 'contoso'), ...cpanelKey('contoso.com'), ...reject('contoso.com') },
    expect: { 'dkim.m365': 'pass', 'dkim.hosting': 'pass', 'dmarc.record': 'pass' },
    mentions: { 'dkim.m365': ['RSA 2048-bit', 'worldwide'], 'dkim.hosting': ['RSA 2048-bit'], 'dmarc.record': ['p=reject', 'dmarc@contoso.com'] },
  },

  // ---- dkim.m365: forms and clouds -------------------------------------------------------
  {
    name: 'new dkim.mail.microsoft form, hyphenated domain written without hyphens and with a suffix',
    domain: 'contoso-shop.com',
    zone: m365('contoso-shop.com', 'contososhop', 'contososhop-com01b', 'contososhop.r-v1.dkim.mail.microsoft'),
    expect: { 'dkim.m365': 'pass' },
    mentions: { 'dkim.m365': ['dkim.mail.microsoft form', 'contososhop-com01b'] },
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
    mentions: { 'dkim.m365': ['GCC High/DoD'] },
  },
  {
    name: '21Vianet tenant on partner.onmschina.cn',
    domain: 'example.cn',
    zone: m365('example.cn', 'examplecn', undefined, 'examplecn.partner.onmschina.cn'),
    expect: { 'dkim.m365': 'pass' },
    mentions: { 'dkim.m365': ['21Vianet'] },
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
    mentions: { 'dkim.m365': ["selector2's appears when Microsoft 365 rotates"] },
  },
  {
    name: 'no selector CNAMEs at all',
    domain: 'nodkim.com',
    zone: { 'nodkim.com': [{ MX: [0, 'nodkim-com.mail.protection.outlook.com'] }] },
    expect: { 'dkim.m365': 'fail', 'dkim.hosting': 'fail', 'dmarc.record': 'fail' },
    mentions: {
      'dkim.m365': ['onmicrosoft', 'forwarded mail', 'remedy:selector1._domainkey.nodkim.com. 3600 IN CNAME selector1-nodkim-com._domainkey.<tenant>.onmicrosoft.com.', 'remedy:Email authentication settings'],
      'dkim.hosting': ['remedy:Email Deliverability', 'remedy:--dkim-selector'],
      'dmarc.record': ['remedy:v=DMARC1; p=quarantine; rua=mailto:dmarc-reports@nodkim.com'],
    },
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
    mentions: { 'dkim.m365': ['selector2._domainkey.halfdkim.com does not exist', 'remedy:selector2-halfdkim-com._domainkey.halfdkim.onmicrosoft.com.'] },
  },
  {
    name: 'CNAMEs right but no key published: signing not enabled',
    domain: 'notsigning.com',
    zone: {
      'selector1._domainkey.notsigning.com': [{ CNAME: 'selector1-notsigning-com._domainkey.notsigning.n-v1.dkim.mail.microsoft' }],
      'selector2._domainkey.notsigning.com': [{ CNAME: 'selector2-notsigning-com._domainkey.notsigning.n-v1.dkim.mail.microsoft' }],
    },
    expect: { 'dkim.m365': 'fail' },
    mentions: { 'dkim.m365': ['not enabled', 'remedy:Sign messages for this domain with DKIM signatures', 'remedy:Set-DkimSigningConfig'] },
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
    mentions: { 'dkim.m365': ['selector2._domainkey.mail.hostinger.com (Hostinger), not to Microsoft', 'remedy:selector2-mixed-com._domainkey.mixed.onmicrosoft.com.'] },
  },
  {
    name: 'a common typo: the tenant left out (..._domainkey.outlook.com)',
    domain: 'typo.com',
    zone: {
      'selector1._domainkey.typo.com': [{ CNAME: 'selector1-typo-com._domainkey.outlook.com' }],
      'selector2._domainkey.typo.com': [{ CNAME: 'selector2-typo-com._domainkey.outlook.com' }],
    },
    expect: { 'dkim.m365': 'fail' },
    mentions: { 'dkim.m365': ["in Microsoft's namespace but none of its DKIM host forms"] },
  },
  {
    name: 'selector1 points at the selector2 key',
    domain: 'crossed.com',
    zone: { ...m365('crossed.com', 'crossed'), 'selector1._domainkey.crossed.com': [{ CNAME: 'selector2-crossed-com._domainkey.crossed.onmicrosoft.com' }] },
    expect: { 'dkim.m365': 'fail' },
    mentions: { 'dkim.m365': ['the key of selector2, not of selector1'] },
  },
  {
    name: 'selector1 published as a TXT key instead of a CNAME',
    domain: 'txtkey.com',
    zone: { ...m365('txtkey.com', 'txtkey'), 'selector1._domainkey.txtkey.com': [dkim(KEYS.rsa2048)] },
    expect: { 'dkim.m365': 'fail' },
    mentions: { 'dkim.m365': ['TXT key of its own'] },
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
    mentions: { 'dkim.m365': ['tenant (alpha / beta)'] },
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
    mentions: { 'dkim.m365': ['selector1._domainkey.alias.com → s1.dkim.msp.example → selector1-alias-com._domainkey.alias.onmicrosoft.com'] },
  },
  {
    name: 'selector2 missing while selector1 does not answer: the missing one is a fact',
    domain: 'halfslow.com',
    zone: { 'selector1._domainkey.halfslow.com': ['TIMEOUT'], 'halfslow.com': [{ A: '192.0.2.1' }] },
    expect: { 'dkim.m365': 'fail' },
    mentions: { 'dkim.m365': ['selector2._domainkey.halfslow.com does not exist (selector1 could not be looked up)'] },
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
    mentions: { 'dkim.m365': ['selector1: unusable key (its key is empty', 'selector2: no key'] },
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
    mentions: { 'dkim.hosting': ['RSA 1024-bit', 'RFC 8301'] },
  },
  {
    name: 'hosting key RSA 512-bit',
    domain: 'weak.com',
    zone: { 'default._domainkey.weak.com': [dkim(KEYS.rsa512)] },
    expect: { 'dkim.hosting': 'fail' },
    mentions: { 'dkim.hosting': ['512-bit'] },
  },
  {
    name: 'hosting key Ed25519 (RFC 8463)',
    domain: 'edkey.com',
    zone: { 'default._domainkey.edkey.com': [txt(`v=DKIM1; k=ed25519; p=${KEYS.ed25519raw}`)] },
    expect: { 'dkim.hosting': 'pass' },
    mentions: { 'dkim.hosting': ['Ed25519'] },
  },
  {
    name: 'Ed25519 key wrapped in SubjectPublicKeyInfo',
    domain: 'edspki.com',
    zone: { 'default._domainkey.edspki.com': [txt(`v=DKIM1; k=ed25519; p=${KEYS.ed25519spki}`)] },
    expect: { 'dkim.hosting': 'fail' },
    mentions: { 'dkim.hosting': ['raw 32-octet key'] },
  },
  {
    name: 'hosting key as a bare RSAPublicKey (RFC 6376 text, erratum 3017)',
    domain: 'pkcs1.com',
    zone: { 'default._domainkey.pkcs1.com': [dkim(KEYS.rsa2048pkcs1)] },
    expect: { 'dkim.hosting': 'pass' },
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
    mentions: { 'dkim.hosting': ['x2024._domainkey.custom.com'] },
  },
  {
    name: 'hosting key behind a CNAME',
    domain: 'cnamekey.com',
    zone: { 'default._domainkey.cnamekey.com': [{ CNAME: 'default._domainkey.cnamekey.com.hosting.example' }], 'default._domainkey.cnamekey.com.hosting.example': [dkim(KEYS.rsa2048)] },
    expect: { 'dkim.hosting': 'pass' },
    mentions: { 'dkim.hosting': ['through the CNAME to default._domainkey.cnamekey.com.hosting.example'] },
  },
  {
    name: 'hosting key revoked',
    domain: 'revoked.com',
    zone: { 'default._domainkey.revoked.com': [txt('v=DKIM1; k=rsa; p=')] },
    expect: { 'dkim.hosting': 'fail' },
    mentions: { 'dkim.hosting': ['revoked'] },
  },
  {
    name: 'hosting key garbage base64',
    domain: 'garbage.com',
    zone: { 'default._domainkey.garbage.com': [txt('v=DKIM1; k=rsa; p=MIIBIjANBgkq*hkiG9w0BAQEFAAOC')] },
    expect: { 'dkim.hosting': 'fail' },
    mentions: { 'dkim.hosting': ['not valid base64'] },
  },
  {
    name: 'hosting key valid base64 but no key (truncated when pasted)',
    domain: 'truncated.com',
    zone: { 'default._domainkey.truncated.com': [dkim(KEYS.rsa2048.slice(0, 200))] },
    expect: { 'dkim.hosting': 'fail' },
    mentions: { 'dkim.hosting': ['no public key'] },
  },
  {
    name: 'two TXT records at the hosting selector',
    domain: 'twokeys.com',
    zone: { 'default._domainkey.twokeys.com': [dkim(KEYS.rsa2048), dkim(KEYS.rsa1024)] },
    expect: { 'dkim.hosting': 'fail' },
    mentions: { 'dkim.hosting': ['2 TXT records', 'RFC 6376 §3.6.2.2'] },
  },
  {
    name: 'hosting key with v= not first',
    domain: 'vlate.com',
    zone: { 'default._domainkey.vlate.com': [txt(`k=rsa; v=DKIM1; p=${KEYS.rsa2048}`)] },
    expect: { 'dkim.hosting': 'fail' },
    mentions: { 'dkim.hosting': ['must be the first tag'] },
  },
  {
    name: 'hosting key in testing mode (t=y)',
    domain: 'testing.com',
    zone: { 'default._domainkey.testing.com': [dkim(KEYS.rsa2048, ' t=y;')] },
    expect: { 'dkim.hosting': 'warn' },
    mentions: { 'dkim.hosting': ['t=y'] },
  },

  // ---- dmarc.record ----------------------------------------------------------------------
  {
    name: 'DMARC quarantine with strict alignment',
    domain: 'quarantine.com',
    zone: { '_dmarc.quarantine.com': [txt('v=DMARC1; p=quarantine; adkim=s; rua=mailto:dmarc@quarantine.com')] },
    expect: { 'dmarc.record': 'pass' },
    mentions: { 'dmarc.record': ['strict DKIM alignment', 'Both senders must align'] },
  },
  {
    name: 'DMARC p=none',
    domain: 'monitor.com',
    zone: { '_dmarc.monitor.com': [txt('v=DMARC1; p=none; rua=mailto:dmarc@monitor.com')] },
    expect: { 'dmarc.record': 'warn' },
    mentions: { 'dmarc.record': ['monitoring only', 'remedy:v=DMARC1; p=quarantine; rua=mailto:dmarc@monitor.com'] },
  },
  {
    name: 'DMARC missing p with a valid rua (receivers apply p=none)',
    domain: 'nop.com',
    zone: { '_dmarc.nop.com': [txt('v=DMARC1; rua=mailto:dmarc@nop.com')] },
    expect: { 'dmarc.record': 'fail' },
    mentions: { 'dmarc.record': ['treat it as p=none'] },
  },
  {
    name: 'DMARC missing p without rua',
    domain: 'nop2.com',
    zone: { '_dmarc.nop2.com': [txt('v=DMARC1; adkim=r')] },
    expect: { 'dmarc.record': 'fail' },
    mentions: { 'dmarc.record': ['Receivers ignore it'] },
  },
  {
    name: 'DMARC invalid p',
    domain: 'badp.com',
    zone: { '_dmarc.badp.com': [txt('v=DMARC1; p=block')] },
    expect: { 'dmarc.record': 'fail' },
    mentions: { 'dmarc.record': ['p=block is invalid'] },
  },
  {
    name: 'DMARC bad pct',
    domain: 'badpct.com',
    zone: { '_dmarc.badpct.com': [txt('v=DMARC1; p=reject; pct=150')] },
    expect: { 'dmarc.record': 'warn' },
    mentions: { 'dmarc.record': ['pct=150 is invalid'] },
  },
  {
    name: 'DMARC pct below 100',
    domain: 'halfpct.com',
    zone: { '_dmarc.halfpct.com': [txt('v=DMARC1; p=quarantine; pct=25')] },
    expect: { 'dmarc.record': 'warn' },
    mentions: { 'dmarc.record': ['25%'] },
  },
  {
    name: 'two DMARC records',
    domain: 'twodmarc.com',
    zone: { '_dmarc.twodmarc.com': [txt('v=DMARC1; p=reject'), txt('v=DMARC1; p=none')] },
    expect: { 'dmarc.record': 'fail' },
    mentions: { 'dmarc.record': ['2 DMARC records'] },
  },
  {
    name: 'DMARC with a malformed tag',
    domain: 'malformed.com',
    zone: { '_dmarc.malformed.com': [txt('v=DMARC1; p=reject; rua mailto:dmarc@malformed.com')] },
    expect: { 'dmarc.record': 'warn' },
    mentions: { 'dmarc.record': ['is not a tag=value pair'] },
  },
  {
    name: 'DMARC with a duplicate tag',
    domain: 'dup.com',
    zone: { '_dmarc.dup.com': [txt('v=DMARC1; p=reject; p=none')] },
    expect: { 'dmarc.record': 'fail' },
    mentions: { 'dmarc.record': ['appears twice'] },
  },
  {
    name: 'v=DMARC1 not first',
    domain: 'vsecond.com',
    zone: { '_dmarc.vsecond.com': [txt('p=reject; v=DMARC1')] },
    expect: { 'dmarc.record': 'fail' },
    mentions: { 'dmarc.record': ['does not start with v=DMARC1'] },
  },
  {
    name: 'p not right after v',
    domain: 'plate.com',
    zone: { '_dmarc.plate.com': [txt('v=DMARC1; rua=mailto:d@plate.com; p=reject')] },
    expect: { 'dmarc.record': 'warn' },
  },
  {
    name: 'sp=none under an enforcing p',
    domain: 'weaksub.com',
    zone: { '_dmarc.weaksub.com': [txt('v=DMARC1; p=reject; sp=none')] },
    expect: { 'dmarc.record': 'warn' },
    mentions: { 'dmarc.record': ['subdomains'] },
  },
  {
    name: 'reports to another domain that does not authorise them',
    domain: 'outsourced.com',
    zone: { '_dmarc.outsourced.com': [txt('v=DMARC1; p=reject; rua=mailto:reports@dmarc-service.example')] },
    expect: { 'dmarc.record': 'warn' },
    mentions: { 'dmarc.record': ['outsourced.com._report._dmarc.dmarc-service.example'] },
  },
  {
    name: 'reports to another domain that authorises them',
    domain: 'authorised.com',
    zone: {
      '_dmarc.authorised.com': [txt('v=DMARC1; p=reject; rua=mailto:reports@dmarc-service.example!10m')],
      'authorised.com._report._dmarc.dmarc-service.example': [txt('v=DMARC1')],
    },
    expect: { 'dmarc.record': 'pass' },
  },
  {
    name: 'DMARC record split over two strings, behind a CNAME',
    domain: 'splitdmarc.com',
    zone: { '_dmarc.splitdmarc.com': [{ CNAME: 'dmarc.policies.example' }], 'dmarc.policies.example': [{ TXT: ['v=DMARC1; p=rej', 'ect; rua=mailto:d@splitdmarc.com'] }] },
    expect: { 'dmarc.record': 'pass' },
  },
  {
    name: 'DMARC lookup times out',
    domain: 'slowdmarc.com',
    zone: { '_dmarc.slowdmarc.com': ['TIMEOUT'] },
    expect: { 'dmarc.record': 'error' },
  },
];
