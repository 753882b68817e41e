// Property tests: the DMARC record and report-URI parsers never throw, and what they return is consistent.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { effectivePolicy, isDmarcRecord, parseDmarcRecord } from '../../src/dmarc/record.js';
import { parseDmarcUriList } from '../../src/dmarc/uri.js';

// Pieces that reach the grammars' corners: tags, separators, folding whitespace, base64, URIs, control and non-ASCII octets.
const PIECES = [
  'v=DKIM1', 'v=DMARC1', 'k=rsa', 'k=ed25519', 'p=', 'MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA', 'MCowBQYDK2VwAyEA', '==', '=',
  ';', ';;', ' ', '\t', '\r\n ', 'h=sha256', 's=email', 't=y', 'p=reject', 'sp=none', 'np=', 'pct=', '100', '101', 'rua=', 'ruf=',
  'mailto:', 'a@b.example', '!10m', ',', ':', 'adkim=s', 'fo=1:d', 'rf=afrf', 'ri=', '99999999999', 'x_y=', '\x00', '\x80', '\xff', 'é', '\u{1F600}',
];
const recordish = fc.array(fc.constantFrom(...PIECES), { maxLength: 40 }).map((parts) => parts.join(''));
const anything = fc.oneof(recordish, fc.string({ unit: 'binary', maxLength: 400 }), fc.string({ maxLength: 400 }));

describe('properties', () => {
  it('parseDmarcRecord never throws; a record without problems has a policy and starts with v=DMARC1', () => {
    fc.assert(
      fc.property(fc.oneof(recordish.map((s) => `v=DMARC1; ${s}`), anything), (text) => {
        const record = parseDmarcRecord(text);
        expect(record.pct).toBeGreaterThanOrEqual(0);
        expect(record.pct).toBeLessThanOrEqual(100);
        if (record.problems.length === 0) {
          expect(isDmarcRecord(text)).toBe(true);
          expect(record.policy).toBeDefined();
          expect(effectivePolicy(record)).toBe(record.policy);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('parseDmarcUriList never throws; every item is a URI or reported invalid', () => {
    fc.assert(
      fc.property(anything, (text) => {
        const list = parseDmarcUriList(text);
        expect(list.uris.length + list.invalid.length).toBe(text.split(',').length);
      }),
      { numRuns: 300 },
    );
  });
});
