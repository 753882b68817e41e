// Tricky zones for dkim.* (adversarial review), each expecting the status CHECKS.md / DOMAIN.md and RFC 6376 call for.
import { generateKeyPairSync } from 'node:crypto';
import type { Zone } from '../../../src/testbed/dns-server.js';
import { txt } from '../../helpers/txt.js';
import { tagged, type World } from '../../helpers/world.js';
import { given } from '../spf/tricky-worlds.js';

// ---- DKIM keys, made fresh for the run --------------------------------------------------
const rsa = (bits: number) => generateKeyPairSync('rsa', { modulusLength: bits }).publicKey.export({ format: 'der', type: 'spki' }).toString('base64');
const KEYS = {
  rsa512: rsa(512),
  rsa1024: rsa(1024),
  rsa2048: rsa(2048),
  rsa4096: rsa(4096),
  ed25519: Buffer.from(generateKeyPairSync('ed25519').publicKey.export({ format: 'jwk' }).x ?? '', 'base64url').toString('base64'),
};
const dkimTxt = (key: string, head = 'v=DKIM1; k=rsa;') => txt(`${head} p=${key}`);

function m365Dkim(d: string, parent1: string, parent2 = parent1, token = d.replace(/\./g, '-'), withKeys = true): Zone {
  const t1 = `selector1-${token}._domainkey.${parent1}`;
  const t2 = `selector2-${token}._domainkey.${parent2}`;
  return {
    [`selector1._domainkey.${d}`]: [{ CNAME: t1 }],
    [`selector2._domainkey.${d}`]: [{ CNAME: t2 }],
    ...(withKeys ? { [t1]: [dkimTxt(KEYS.rsa2048)], [t2]: [dkimTxt(KEYS.rsa2048)] } : {}),
  };
}

export const DKIM_TRICKY_WORLDS: World[] = tagged('adversarial', [
  {
    name: 'selector1 classic form, selector2 the new v1 form: inconsistent',
    domain: 'mixed.com',
    zone: m365Dkim('mixed.com', 'mixed.onmicrosoft.com', 'mixed.r-v1.dkim.mail.microsoft'),
    expect: { 'dkim.m365': 'warn' },
  },
  {
    name: 'both selectors in the v1 form with keys',
    domain: 'vone.com',
    zone: m365Dkim('vone.com', 'vone.s-v1.dkim.mail.microsoft'),
    expect: { 'dkim.m365': 'pass' },
  },
  {
    name: 'both selectors to Microsoft, no key behind either (NXDOMAIN at the target)',
    domain: 'nokeys.com',
    zone: m365Dkim('nokeys.com', 'nokeys.onmicrosoft.com', undefined, undefined, false),
    expect: { 'dkim.m365': 'fail' },
  },
  {
    name: 'selector CNAMEs to another tenant than each other',
    domain: 'tenants.com',
    zone: m365Dkim('tenants.com', 'alpha.onmicrosoft.com', 'beta.onmicrosoft.com'),
    expect: { 'dkim.m365': 'warn' },
    says: { 'dkim.m365': ['alpha', 'beta'] },
  },
  {
    name: 'selector1 CNAME answers SERVFAIL-like timeout: error',
    domain: 'selslow.com',
    zone: { ...m365Dkim('selslow.com', 'selslow.onmicrosoft.com'), 'selector1._domainkey.selslow.com': ['TIMEOUT'] },
    expect: { 'dkim.m365': 'error' },
  },
  {
    name: 'selector CNAMEs to a DKIM host of a hosting provider',
    domain: 'hostdkim.com',
    zone: {
      'selector1._domainkey.hostdkim.com': [{ CNAME: 'selector1._domainkey.hostingco.example' }],
      'selector2._domainkey.hostdkim.com': [{ CNAME: 'selector2._domainkey.hostingco.example' }],
      'selector1._domainkey.hostingco.example': [dkimTxt(KEYS.rsa2048)],
      'selector2._domainkey.hostingco.example': [dkimTxt(KEYS.rsa2048)],
    },
    expect: { 'dkim.m365': 'fail' },
  },
  // dkim.hosting
  { name: 'hosting RSA 512', domain: 'h512.com', zone: { 'default._domainkey.h512.com': [dkimTxt(KEYS.rsa512)] }, expect: { 'dkim.hosting': 'fail' } },
  { name: 'hosting RSA 1024', domain: 'h1024.com', zone: { 'default._domainkey.h1024.com': [dkimTxt(KEYS.rsa1024)] }, expect: { 'dkim.hosting': 'warn' } },
  { name: 'hosting RSA 2048 in 255-octet strings', domain: 'h2048.com', zone: { 'default._domainkey.h2048.com': [dkimTxt(KEYS.rsa2048)] }, expect: { 'dkim.hosting': 'pass' } },
  {
    name: 'hosting RSA 4096 in 255-octet strings (a TXT answer over 512 octets)',
    domain: 'h4096.com',
    zone: { 'default._domainkey.h4096.com': [dkimTxt(KEYS.rsa4096)] },
    expect: { 'dkim.hosting': 'pass' },
    says: { 'dkim.hosting': ['4096'] },
  },
  { name: 'hosting key without v= (optional)', domain: 'nov.com', zone: { 'default._domainkey.nov.com': [dkimTxt(KEYS.rsa2048, 'k=rsa;')] }, expect: { 'dkim.hosting': 'pass' } },
  { name: 'hosting key with k= and p= only, no k', domain: 'onlyp.com', zone: { 'default._domainkey.onlyp.com': [txt(`p=${KEYS.rsa2048}`)] }, expect: { 'dkim.hosting': 'pass' } },
  { name: 'hosting key p= empty (revoked)', domain: 'revoked.com', zone: { 'default._domainkey.revoked.com': [txt('v=DKIM1; k=rsa; p=')] }, expect: { 'dkim.hosting': 'fail' } },
  { name: 'hosting key bad base64', domain: 'b64.com', zone: { 'default._domainkey.b64.com': [txt('v=DKIM1; k=rsa; p=MIIB*not*base64')] }, expect: { 'dkim.hosting': 'fail' } },
  // Valid (RFC 8463), but Mail::DKIM 1.20230212 rejects k=ed25519: a caution (test/e2e/dkim-differential.e2e.ts).
  { name: 'hosting key k=ed25519', domain: 'ed.com', zone: { 'default._domainkey.ed.com': [dkimTxt(KEYS.ed25519, 'v=DKIM1; k=ed25519;')] }, expect: { 'dkim.hosting': 'warn' } },
  { name: 'hosting key k=ed25519 but an RSA key in p=', domain: 'edrsa.com', zone: { 'default._domainkey.edrsa.com': [dkimTxt(KEYS.rsa2048, 'v=DKIM1; k=ed25519;')] }, expect: { 'dkim.hosting': 'fail' } },
  // RFC 6376 §3.2: tag values are case-sensitive unless a tag says otherwise, and k= does not.
  { name: 'hosting key with k=RSA in capitals', domain: 'krsa.com', zone: { 'default._domainkey.krsa.com': [dkimTxt(KEYS.rsa2048, 'v=DKIM1; k=RSA;')] }, expect: { 'dkim.hosting': 'fail' } },
  { name: 'hosting key with h=sha256 and s=email', domain: 'hs.com', zone: { 'default._domainkey.hs.com': [dkimTxt(KEYS.rsa2048, 'v=DKIM1; k=rsa; h=sha256; s=email;')] }, expect: { 'dkim.hosting': 'pass' } },
  { name: 'hosting key with v=DKIM1 in lower case', domain: 'vlower.com', zone: { 'default._domainkey.vlower.com': [dkimTxt(KEYS.rsa2048, 'v=dkim1; k=rsa;')] }, expect: { 'dkim.hosting': 'fail' } },
  {
    name: 'a 4,000-byte junk TXT at the hosting selector ends fast as an unusable key',
    domain: 'junkkey.com',
    zone: { 'default._domainkey.junkkey.com': [txt(`v=DKIM1; k=rsa; p=${'A'.repeat(3990)}`)] },
    expect: { 'dkim.hosting': 'fail' },
    withinMs: 5000,
  },
  { name: 'hosting selector does not exist', domain: 'nohostkey.com', zone: { 'nohostkey.com': [{ A: '192.0.2.1' }] }, expect: { 'dkim.hosting': 'fail' } },
  { name: 'hosting selector lookup times out', domain: 'hostslow.com', zone: { 'default._domainkey.hostslow.com': ['TIMEOUT'] }, expect: { 'dkim.hosting': 'error' } },
  {
    name: 'hosting selector given on the command line',
    domain: 'customsel.com',
    zone: { 'x2024._domainkey.customsel.com': [dkimTxt(KEYS.rsa2048)] },
    input: { dkimSelector: 'x2024' },
    expect: { 'dkim.hosting': 'pass' },
  },
]);
