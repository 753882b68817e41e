// dkim.hosting and dkim.m365 judge one key record alike, as verifiers read it: lost padding fails, accepted RFC departures warn.
import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { Zone } from '../../src/testbed/dns-server.js';
import { runZone } from '../helpers/world.js';
import { txt } from '../helpers/txt.js';

/** A 3072-bit SPKI is 422 octets: its base64 ends in one "=", the padding a careless copy drops. */
const rsa3072 = generateKeyPairSync('rsa', { modulusLength: 3072 }).publicKey.export({ format: 'der', type: 'spki' }).toString('base64');
const rsa2048 = generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey.export({ format: 'der', type: 'spki' }).toString('base64');

/** The same key record behind the hosting selector and behind both Microsoft 365 selector targets. */
function world(domain: string, record: string): Zone {
  const token = domain.replace(/\./g, '-');
  const zone: Zone = { [`default._domainkey.${domain}`]: [txt(record)] };
  for (const s of ['selector1', 'selector2']) {
    const target = `${s}-${token}._domainkey.contoso.onmicrosoft.com`;
    zone[`${s}._domainkey.${domain}`] = [{ CNAME: target }];
    zone[target] = [txt(record)];
  }
  return zone;
}

const cases: { name: string; record: string; hosting: string; m365: string; says: string[] }[] = [
  { name: 'a whole 3072-bit key', record: `v=DKIM1; k=rsa; p=${rsa3072}`, hosting: 'pass', m365: 'pass', says: ['RSA 3072-bit'] },
  {
    name: 'the same key without its "=" padding',
    record: `v=DKIM1; k=rsa; p=${rsa3072.replace(/=+$/, '')}`,
    hosting: 'fail',
    m365: 'fail',
    says: ['padding', 'should end in "="', 'Mail::DKIM', 'dkimpy'],
  },
  {
    name: 'v= after k= (RFC 6376 §3.6.1: MUST be first; Mail::DKIM and dkimpy accept)',
    record: `k=rsa; v=DKIM1; p=${rsa2048}`,
    hosting: 'warn',
    m365: 'warn',
    says: ['MUST be the first tag', 'Mail::DKIM and dkimpy accept it'],
  },
  { name: 'quotes inside p=', record: `v=DKIM1; k=rsa; p="${rsa2048}"`, hosting: 'warn', m365: 'warn', says: ['quotation marks'] },
  {
    name: 'the record wrapped in its zone-file quotes',
    record: `"v=DKIM1; k=rsa; p=${rsa2048}"`,
    hosting: 'fail',
    m365: 'fail',
    says: ['quotation mark', 'dkimpy rejects the record'],
  },
  { name: 'a duplicate tag', record: `v=DKIM1; k=rsa; k=rsa; p=${rsa2048}`, hosting: 'fail', m365: 'fail', says: ['appears twice', 'dkimpy rejects', 'Mail::DKIM uses the last value'] },
  { name: 'an empty tag', record: `v=DKIM1;; k=rsa; p=${rsa2048}`, hosting: 'fail', m365: 'fail', says: ['empty tag', 'dkimpy rejects'] },
  { name: 'an empty k=', record: `v=DKIM1; k=; p=${rsa2048}`, hosting: 'fail', m365: 'fail', says: ['k= is empty', 'Mail::DKIM reads it as rsa'] },
  { name: 'an empty h=', record: `v=DKIM1; h=; p=${rsa2048}`, hosting: 'warn', m365: 'warn', says: ['h= is empty'] },
];

describe('one key record, one verdict in dkim.hosting and dkim.m365', () => {
  cases.forEach((c, i) => {
    it(c.name, async () => {
      const domain = `agree${i}.com`;
      const { byId } = await runZone(domain, { zone: world(domain, c.record) });
      const hosting = byId['dkim.hosting']!;
      const m365 = byId['dkim.m365']!;
      expect({ hosting: hosting.status, m365: m365.status }).toEqual({ hosting: c.hosting, m365: c.m365 });
      for (const needle of c.says) {
        expect(hosting.message, 'dkim.hosting').toContain(needle);
        // dkim.m365 names the key only when it cannot pass; its pass message summarises the key instead.
        if (c.m365 !== 'pass') expect(m365.message, 'dkim.m365').toContain(needle);
      }
    });
  });
});
