// More SPF properties, beside test/spf/properties.test.ts (which covers short random records, macro strings and check_host()):
// records as long as a 64 KB DNS answer, macro values as long as a DNS name can carry, and the whole-tree analysis the
// spf.* checks run, over random zones of includes, redirects and loops: never a throw, always an end, bounded work.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { analyzeSpf, checkHost, expandDomain, expandMacro, parseClientIp, parseDomainSpec, parseMacroString, parseRecord, type MacroContext } from '../../src/spf/index.js';
import type { Zone, ZoneEntry } from '../../src/testbed/dns-zone.js';
import { createMemoryDns } from '../spf/helpers/memory-dns.js';

const TERMS = [
  'include:a.example',
  'include:b.example',
  'include:c.example',
  'include:missing.example',
  'redirect=a.example',
  'redirect=b.example',
  'a',
  'mx',
  'ptr',
  'a:a.example/24',
  'mx:b.example//64',
  'exists:%{i}.%{d}',
  'exists:%{l1r-}.a.example',
  'include:%{d2}.example',
  'ip4:192.0.2.0/24',
  'ip6:2001:db8::/32',
  '-all',
  '~all',
  '?all',
  'exp=explain.example',
  'ipv4:1.2.3.4',
  'include:',
  '%{',
  '\u001b[31m',
  '\u0000',
  'x=y',
];
const record = fc.array(fc.constantFrom(...TERMS), { maxLength: 14 }).map((terms) => `v=spf1 ${terms.join(' ')}`);
const entries = (text: string): ZoneEntry[] => [{ TXT: Buffer.from(text, 'latin1').length <= 255 ? text : [text.slice(0, 255), text.slice(255)] }];

function context(over: Partial<MacroContext> = {}): MacroContext {
  return {
    sender: 'postmaster@example.com',
    local: 'postmaster',
    senderDomain: 'example.com',
    domain: 'example.com',
    ip: parseClientIp('192.0.2.1')!,
    helo: 'mail.example.com',
    receiver: 'unknown',
    timestamp: 0,
    ...over,
  };
}

describe('SPF at the sizes DNS allows', () => {
  it('parseRecord on a record as long as one TXT answer can hold (255 strings of 255 octets) ends fast', () => {
    const term = fc.constantFrom('ip4:192.0.2.0/24', 'include:x.example', 'a', 'mx:%{d}', '%{', 'ipv4:1', '?all');
    fc.assert(
      fc.property(fc.array(term, { minLength: 2000, maxLength: 6000 }), (terms) => {
        const text = `v=spf1 ${terms.join(' ')}`.slice(0, 255 * 255);
        const started = performance.now();
        const parsed = parseRecord(text);
        expect(performance.now() - started).toBeLessThan(500);
        if (parsed.ok) expect(parsed.value.terms.length).toBeGreaterThan(0);
        else expect(parsed.error.position).toBeLessThanOrEqual(text.length);
      }),
      { numRuns: 20 },
    );
  });

  it('macro expansion of long strings with long values ends fast; a domain-spec expands to at most 253 characters', () => {
    const macro = fc.constantFrom('%{s}', '%{l}', '%{o}', '%{d}', '%{i}', '%{p}', '%{v}', '%{h}', '%{d2r}', '%{l1r-}', '%{ir.}', '%{o99}', '%%', '%_', '%-', '.', 'x');
    const value = fc.string({ unit: fc.constantFrom('a', '.', '-', '+', '=', '_', '\u001b', 'é'), minLength: 0, maxLength: 2000 });
    fc.assert(
      fc.property(fc.array(macro, { minLength: 1, maxLength: 3000 }), value, value, (parts, local, helo) => {
        const text = parts.join('');
        const c = context({ local, helo, sender: `${local}@${helo}`, senderDomain: helo, domain: helo });
        const started = performance.now();
        const parsed = parseMacroString(text, { explanation: true });
        if (parsed.ok) expect(typeof expandMacro(parsed.value, c)).toBe('string');
        const spec = parseDomainSpec(text);
        if (spec.ok) {
          const name = expandDomain(spec.value, c);
          expect(name.length <= 253 || !name.includes('.')).toBe(true);
        }
        expect(performance.now() - started).toBeLessThan(1000);
      }),
      { numRuns: 30 },
    );
  });
});

describe('the whole-tree analysis and check_host() over random zones of includes, redirects and loops', () => {
  const zone = fc.record({ top: record, a: record, b: record, c: record, explain: fc.constantFrom('%{i} is not allowed', '\u001b[2J', 'x'.repeat(300)) }).map(
    (r): Zone => ({
      'example.com': entries(r.top),
      'a.example': [...entries(r.a), { A: '192.0.2.10' }, { MX: [10, 'b.example'] }],
      'b.example': [...entries(r.b), { AAAA: '2001:db8::10' }],
      'c.example': entries(r.c),
      'explain.example': entries(r.explain),
      '1.2.0.192.in-addr.arpa': [{ PTR: 'example.com' }],
    }),
  );

  it('analyzeSpf never throws, ends, and asks a bounded number of questions whatever the records', async () => {
    await fc.assert(
      fc.asyncProperty(zone, async (z) => {
        const dns = createMemoryDns(z);
        const started = performance.now();
        const analysis = await analyzeSpf('example.com', dns);
        expect(performance.now() - started).toBeLessThan(2000);
        expect(analysis.lookups).toBeGreaterThanOrEqual(0);
        expect(analysis.voidLookups).toBeGreaterThanOrEqual(0);
        // Each record is fetched once (memoised per analysis), each of its terms asks at most a few questions.
        expect(dns.log.length).toBeLessThan(200);
        expect(() => JSON.stringify(analysis)).not.toThrow();
      }),
      { numRuns: 300 },
    );
  });

  it('check_host() gives an RFC 7208 result within its limits, for any client address', async () => {
    await fc.assert(
      fc.asyncProperty(zone, fc.constantFrom('192.0.2.1', '192.0.2.10', '2001:db8::10', '203.0.113.5'), async (z, ip) => {
        const dns = createMemoryDns(z);
        const result = await checkHost({ ip, domain: 'example.com', sender: 'x@example.com', dns });
        expect(['pass', 'fail', 'softfail', 'neutral', 'none', 'permerror', 'temperror']).toContain(result.result);
        // RFC 7208 §4.6.4: at most 10 DNS-querying terms (the 11th is the permerror), 2 void lookups.
        expect(result.lookups).toBeLessThanOrEqual(11);
        expect(dns.log.length).toBeLessThan(200);
      }),
      { numRuns: 300 },
    );
  });
});
