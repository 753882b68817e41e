// Property tests: the parser, the macro expander and check_host() never throw and always end, whatever the input.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkHost, expandDomain, expandMacro, parseClientIp, parseDomainSpec, parseMacroString, parseRecord, type MacroContext } from '../../src/spf/index.js';
import { createMemoryDns } from './helpers/memory-dns.js';

// Pieces that reach the grammar's corners: macros, CIDRs, qualifiers, separators, control and non-ASCII octets.
const PIECES = [
  'v=spf1', ' ', '  ', 'a', 'mx', 'ptr', 'all', 'include', 'exists', 'ip4', 'ip6', 'redirect', 'exp', 'ipv4', ':', '=', '/', '//', '.',
  '+', '-', '~', '?', '%', '%{', '}', '%%', '%_', '%-', 'd', 'i', 'r', 'l', 'p', 'c', '0', '1', '24', '33', '128', '999999999999',
  'example.com', '.com', 'xn--zckzah', '192.0.2.1', '::', 'cafe:babe::1', '::ffff:1.2.3.4', '\x00', '\r', '\x80', '\xff', 'é', '\u{1F600}',
];
const spfish = fc.array(fc.constantFrom(...PIECES), { maxLength: 40 }).map((parts) => parts.join(''));
const anything = fc.oneof(spfish, fc.string({ unit: 'binary', maxLength: 300 }), fc.string({ maxLength: 300 }));

const ctx = (ip: string, over: Partial<MacroContext> = {}): MacroContext => ({
  sender: 'a-b+c@d.example.com',
  local: 'a-b+c',
  senderDomain: 'd.example.com',
  domain: 'example.com',
  ip: parseClientIp(ip)!,
  helo: 'helo.example',
  receiver: 'unknown',
  timestamp: 0,
  ...over,
});

describe('properties', () => {
  it('parseRecord never throws, and a success parses back to the same terms', () => {
    fc.assert(
      fc.property(fc.oneof(spfish.map((s) => `v=spf1 ${s}`), anything), (text) => {
        const parsed = parseRecord(text);
        if (!parsed.ok) {
          expect(parsed.error.position).toBeGreaterThanOrEqual(0);
          expect(parsed.error.position).toBeLessThanOrEqual(text.length);
          expect(text.startsWith(parsed.error.term, parsed.error.position)).toBe(true);
        } else {
          expect(parsed.value.terms.map((t) => text.slice(t.position, t.position + t.text.length))).toEqual(parsed.value.terms.map((t) => t.text));
        }
      }),
      { numRuns: 1000 },
    );
  });

  it('macro parsing and expansion never throw, for any value of any letter', () => {
    const values = fc.oneof(fc.string({ unit: 'binary', maxLength: 80 }), spfish);
    fc.assert(
      fc.property(anything, fc.boolean(), values, values, fc.constantFrom('192.0.2.1', '2001:db8::1', '::ffff:10.0.0.1'), (text, explanation, local, helo, ip) => {
        const c = ctx(ip, { local, helo, sender: `${local}@${helo}`, senderDomain: helo, domain: helo, validatedDomain: local });
        const macro = parseMacroString(text, { explanation });
        if (macro.ok) expect(typeof expandMacro(macro.value, c)).toBe('string');
        const spec = parseDomainSpec(text);
        // Cut to 253 octets by whole labels (RFC 7208 §7.3); only a single over-long label can stay longer.
        const name = spec.ok ? expandDomain(spec.value, c) : '';
        expect(name.length <= 253 || !name.includes('.')).toBe(true);
      }),
      { numRuns: 1000 },
    );
  });

  it('huge transformer digits and long values end quickly', () => {
    const spec = parseDomainSpec(`%{l${'9'.repeat(5000)}r-}.%{d}`);
    expect(spec.ok).toBe(true);
    const long = 'a-'.repeat(50_000);
    const started = performance.now();
    if (spec.ok) expandDomain(spec.value, ctx('192.0.2.1', { local: long }));
    expect(performance.now() - started).toBeLessThan(500);
  });

  it('check_host() resolves to an RFC 7208 result for any record', async () => {
    await fc.assert(
      fc.asyncProperty(spfish, fc.constantFrom('192.0.2.1', '2001:db8::1'), async (record, ip) => {
        const dns = createMemoryDns({
          'example.com': [{ TXT: `v=spf1 ${record}` }, { A: '192.0.2.1' }, { MX: [10, 'example.com'] }],
          '1.2.0.192.in-addr.arpa': [{ PTR: 'example.com' }],
        });
        const r = await checkHost({ ip, domain: 'example.com', sender: 'x@example.com', dns });
        expect(['pass', 'fail', 'softfail', 'neutral', 'none', 'permerror', 'temperror']).toContain(r.result);
        expect(r.lookups).toBeLessThanOrEqual(11);
      }),
      { numRuns: 200 },
    );
  });
});
