// DKIM key records (RFC 6376 §3.6.1, RFC 8301, RFC 8463): parsing, the problems that void a record, and real keys decoded.
import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { describeKey, inspectDkimKey } from '../../src/dkim/inspect.js';
import { decodeBase64, parseDkimKeyRecord, readBase64 } from '../../src/dkim/key-record.js';
import { decodeDkimPublicKey } from '../../src/dkim/public-key.js';

const rsa = (bits: number, type: 'spki' | 'pkcs1' = 'spki'): string =>
  generateKeyPairSync('rsa', { modulusLength: bits }).publicKey.export({ format: 'der', type }).toString('base64');
const ed = generateKeyPairSync('ed25519').publicKey;
const edRaw = Buffer.from(ed.export({ format: 'jwk' }).x ?? '', 'base64url').toString('base64');
const edSpki = ed.export({ format: 'der', type: 'spki' }).toString('base64');
const ecSpki = generateKeyPairSync('ec', { namedCurve: 'prime256v1' }).publicKey.export({ format: 'der', type: 'spki' }).toString('base64');
const rsa1024 = rsa(1024);
const rsa2048 = rsa(2048);

describe('parseDkimKeyRecord', () => {
  it('reads a cPanel record', () => {
    const parsed = parseDkimKeyRecord(`v=DKIM1; k=rsa; p=${rsa2048}`);
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.record).toMatchObject({ version: 'DKIM1', keyType: 'rsa', flags: [], publicKey: rsa2048 });
    expect(parsed.record.keyBytes.toString('base64')).toBe(rsa2048);
  });

  it('defaults: no v=, no k= means rsa', () => {
    const parsed = parseDkimKeyRecord(`p=${rsa1024}`);
    expect(parsed.ok && parsed.record.keyType).toBe('rsa');
    expect(parsed.ok && parsed.record.version).toBeUndefined();
  });

  it('reads h=, s=, t= and folded p=', () => {
    const parsed = parseDkimKeyRecord(`v=DKIM1; h=sha1:sha256; s=email; t=y:s; n=note; p=${rsa1024.slice(0, 50)}\r\n ${rsa1024.slice(50)}`);
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.record).toMatchObject({ hashes: ['sha1', 'sha256'], services: ['email'], flags: ['y', 's'], publicKey: rsa1024 });
  });

  const problems: [string, string, Record<string, unknown>?][] = [
    ['v=DKIM1; k=rsa; p=', 'revoked'],
    ['v=DKIM1; k=rsa;  p=  ', 'revoked'],
    ['v=DKIM1; k=rsa', 'no-key'],
    [`v=DKIM2; p=${rsa1024}`, 'bad-version', { value: 'DKIM2' }],
    [`v=DKIM1; k=dsa; p=${rsa1024}`, 'unknown-key-type', { value: 'dsa' }],
    [`v=DKIM1; k=RSA; p=${rsa1024}`, 'unknown-key-type', { value: 'RSA' }],
    ['v=DKIM1; p=MIIB*IjAN', 'bad-base64'],
    ['v=DKIM1; p=abcde', 'bad-base64'],
    ['v=DKIM1; p=ab=c', 'bad-base64'],
    // Padding lost: what a 3072-bit SPKI or an Ed25519 key looks like after a copy that dropped its "=".
    ['v=DKIM1; p=YWI', 'base64-padding', { length: 3, missing: 1 }],
    ['v=DKIM1; p=YQ', 'base64-padding', { length: 2, missing: 2 }],
    ['v=DKIM1; p=YQ=', 'bad-base64'],
    ['v=DKIM1; p=YWJj=', 'bad-base64'],
    ['v=DKIM1; p=Y', 'bad-base64'],
    ['v=DKIM1; k=; p=YWJj', 'unknown-key-type', { value: '' }],
    ['v=DKIM1; s=; p=YWJj', 'not-for-email', { value: '' }],
    ['v=DKIM1;; p=YWJj', 'syntax'],
    [`v=DKIM1; s=tlsrpt; p=${rsa1024}`, 'not-for-email', { value: 'tlsrpt' }],
    [`v=DKIM1; h=sha1; p=${rsa1024}`, 'no-usable-hash', { value: 'sha1' }],
    [`v=DKIM1; k rsa; p=${rsa1024}`, 'syntax'],
    [`v=DKIM1; p=${rsa1024}; p=${rsa1024}`, 'syntax'],
    ['v=spf1 include:spf.protection.outlook.com -all', 'bad-version', { value: 'spf1 include:spf.protection.outlook.com -all' }],
    ['hello world', 'syntax'],
    ['', 'no-key'],
  ];
  for (const [text, code, extra] of problems) {
    it(`${code}: ${text.slice(0, 40)}`, () => {
      const parsed = parseDkimKeyRecord(text);
      expect(parsed.ok).toBe(false);
      if (parsed.ok) return;
      expect(parsed.problem).toMatchObject({ code, ...extra });
    });
  }

  it('v= not first, an empty h= and quotes in p= are cautions, not defects (Mail::DKIM and dkimpy accept them)', () => {
    const cases: [string, string][] = [
      [`k=rsa; v=DKIM1; p=${rsa1024}`, 'version-not-first'],
      [`v=DKIM1; h=; p=${rsa1024}`, 'empty-hash-list'],
      [`v=DKIM1; p="${rsa1024}"`, 'quoted-key'],
      [`v=DKIM1; p=${rsa1024.slice(0, 100)}" "${rsa1024.slice(100)}`, 'quoted-key'],
    ];
    for (const [text, code] of cases) {
      const parsed = parseDkimKeyRecord(text);
      expect(parsed.ok, text).toBe(true);
      if (!parsed.ok) continue;
      expect(parsed.record.cautions.map((c) => c.code)).toEqual([code]);
      expect(parsed.record.publicKey).toBe(rsa1024);
    }
    const clean = parseDkimKeyRecord(`v=DKIM1; k=rsa; p=${rsa1024}`);
    expect(clean.ok && clean.record.cautions).toEqual([]);
  });

  it('s=* and s=email:x are for mail', () => {
    expect(parseDkimKeyRecord(`s=*; p=${rsa1024}`).ok).toBe(true);
    expect(parseDkimKeyRecord(`s=x:email; p=${rsa1024}`).ok).toBe(true);
  });
});

describe('decodeBase64', () => {
  it('accepts canonical padded base64 only, as OpenSSL (Mail::DKIM) and binascii (dkimpy) do', () => {
    expect(decodeBase64('YWJj')?.toString()).toBe('abc');
    expect(decodeBase64('YWI=')?.toString()).toBe('ab');
    expect(decodeBase64('YQ==')?.toString()).toBe('a');
    expect(decodeBase64('')?.length).toBe(0);
    for (const bad of ['YWI', 'YQ', 'Y', 'YW=I', 'YW I', 'YWJj=', '@@@@', 'YQ===', 'YQ=', 'YW-_']) expect(decodeBase64(bad), bad).toBeUndefined();
  });

  it('tells lost padding from text that is no base64', () => {
    expect(readBase64('YWI')).toEqual({ ok: false, missing: 1 });
    expect(readBase64('YQ')).toEqual({ ok: false, missing: 2 });
    for (const bad of ['Y', 'YWJjZ', 'YW*I', 'YQ=']) expect(readBase64(bad), bad).toEqual({ ok: false });
  });
});

describe('decodeDkimPublicKey / inspectDkimKey with real keys', () => {
  const b = (s: string): Buffer => Buffer.from(s, 'base64');
  const table: [string, 'rsa' | 'ed25519', string, Record<string, unknown>][] = [
    ['RSA 512 SPKI', 'rsa', rsa(512), { ok: true, type: 'rsa', bits: 512, encoding: 'spki' }],
    ['RSA 1024 SPKI', 'rsa', rsa1024, { ok: true, type: 'rsa', bits: 1024, encoding: 'spki' }],
    ['RSA 2048 SPKI', 'rsa', rsa2048, { ok: true, type: 'rsa', bits: 2048, encoding: 'spki' }],
    ['RSA 2048 PKCS#1 (RFC 6376 text)', 'rsa', rsa(2048, 'pkcs1'), { ok: true, type: 'rsa', bits: 2048, encoding: 'pkcs1' }],
    ['Ed25519 raw (RFC 8463)', 'ed25519', edRaw, { ok: true, type: 'ed25519', encoding: 'raw' }],
    ['Ed25519 in SPKI', 'ed25519', edSpki, { ok: false, reason: 'ed25519-spki' }],
    ['Ed25519 of 31 octets', 'ed25519', b(edRaw).subarray(1).toString('base64'), { ok: false, reason: 'bad-length', octets: 31 }],
    ['an EC key under k=rsa', 'rsa', ecSpki, { ok: false, reason: 'wrong-type', found: 'ec' }],
    ['an Ed25519 SPKI under k=rsa', 'rsa', edSpki, { ok: false, reason: 'wrong-type', found: 'ed25519' }],
    ['truncated RSA', 'rsa', rsa2048.slice(0, 120), { ok: false, reason: 'not-a-key' }],
    ['text', 'rsa', Buffer.from('hello world').toString('base64'), { ok: false, reason: 'not-a-key' }],
    ['nothing', 'rsa', '', { ok: false, reason: 'not-a-key', octets: 0 }],
  ];
  for (const [name, type, key, expected] of table) {
    it(name, () => {
      expect(decodeDkimPublicKey(type, b(key))).toMatchObject(expected);
    });
  }

  it('inspects a record end to end', () => {
    const good = inspectDkimKey(`v=DKIM1; k=rsa; t=y; p=${rsa2048}`);
    expect(good.ok && describeKey(good.key)).toBe('RSA 2048-bit');
    expect(good.ok && good.testing).toBe(true);
    const edGood = inspectDkimKey(`v=DKIM1; k=ed25519; p=${edRaw}`);
    expect(edGood.ok && describeKey(edGood.key)).toBe('Ed25519');
    const bad = inspectDkimKey(`v=DKIM1; k=rsa; p=${rsa2048.slice(0, 120)}`);
    expect(bad.ok).toBe(false);
    expect(!bad.ok && bad.defect).toMatchObject({ code: 'bad-key', key: { reason: 'not-a-key' } });
    expect(good.ok && good.cautions).toEqual([]);
    expect(edGood.ok && edGood.cautions.map((c) => c.code)).toEqual(['ed25519-key']);
    const pkcs1 = inspectDkimKey(`v=DKIM1; p=${rsa(1024, 'pkcs1')}`);
    expect(pkcs1.ok && pkcs1.cautions.map((c) => c.code)).toEqual(['pkcs1-key']);
    const revoked = inspectDkimKey('v=DKIM1; p=');
    expect(!revoked.ok && revoked.defect.code).toBe('revoked');
  });
});
