// Property tests: the DKIM tag-list and key-record parsers and the key decoder never throw, and what they return is consistent.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { inspectDkimKey } from '../../src/dkim/inspect.js';
import { parseDkimKeyRecord } from '../../src/dkim/key-record.js';
import { decodeDkimPublicKey } from '../../src/dkim/public-key.js';
import { parseTagList } from '../../src/dkim/tag-list.js';
import { microsoftDkimTarget } from '../../src/knowledge/microsoft-dkim.js';

// Pieces that reach the grammars' corners: tags, separators, folding whitespace, base64, URIs, control and non-ASCII octets.
const PIECES = [
  'v=DKIM1', 'v=DMARC1', 'k=rsa', 'k=ed25519', 'p=', 'MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA', 'MCowBQYDK2VwAyEA', '==', '=',
  ';', ';;', ' ', '\t', '\r\n ', 'h=sha256', 's=email', 't=y', 'p=reject', 'sp=none', 'np=', 'pct=', '100', '101', 'rua=', 'ruf=',
  'mailto:', 'a@b.example', '!10m', ',', ':', 'adkim=s', 'fo=1:d', 'rf=afrf', 'ri=', '99999999999', 'x_y=', '\x00', '\x80', '\xff', 'é', '\u{1F600}',
];
const recordish = fc.array(fc.constantFrom(...PIECES), { maxLength: 40 }).map((parts) => parts.join(''));
const anything = fc.oneof(recordish, fc.string({ unit: 'binary', maxLength: 400 }), fc.string({ maxLength: 400 }));

describe('properties', () => {
  it('parseTagList never throws; every tag sits at its offset', () => {
    fc.assert(
      fc.property(anything, fc.boolean(), (text, foldNames) => {
        const list = parseTagList(text, { foldNames });
        for (const tag of list.tags) {
          expect(tag.offset).toBeGreaterThanOrEqual(0);
          expect(text.slice(tag.offset).toLowerCase().startsWith(tag.name.toLowerCase())).toBe(true);
        }
        for (const issue of list.issues) expect(text.indexOf(issue.segment, issue.offset)).toBe(issue.offset);
      }),
      { numRuns: 500 },
    );
  });

  it('parseDkimKeyRecord and inspectDkimKey never throw, and agree', () => {
    fc.assert(
      fc.property(anything, (text) => {
        const parsed = parseDkimKeyRecord(text);
        const inspected = inspectDkimKey(text);
        if (!parsed.ok) expect(inspected.ok).toBe(false);
        if (inspected.ok) expect(inspected.key.bits).toBeGreaterThan(0);
      }),
      { numRuns: 500 },
    );
  });

  it('decodeDkimPublicKey never throws on any octets', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 600 }), fc.constantFrom('rsa' as const, 'ed25519' as const), (bytes, type) => {
        const key = decodeDkimPublicKey(type, Buffer.from(bytes));
        if (!key.ok) expect(key.octets).toBe(bytes.length);
      }),
      { numRuns: 300 },
    );
  });

  it('microsoftDkimTarget never throws', () => {
    fc.assert(
      fc.property(anything, (text) => {
        const target = microsoftDkimTarget(text);
        if (target) expect(text.toLowerCase()).toContain(target.tenant);
      }),
      { numRuns: 300 },
    );
  });
});
