// The DNS fuzzer (test/fuzz, `npm run fuzz`) kept honest: a short seeded run is clean, every mutation builds a reply for
// either transport, and the oracle does catch what it is there to catch.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ALL_CHECKS } from '../../src/checks/index.js';
import type { DnsResult } from '../../src/dns/types.js';
import { engineMessages } from '../../src/engine/messages.js';
import type { Check } from '../../src/engine/types.js';
import type { DecodedQuery } from '../../src/testbed/dns-server.js';
import { runFuzz } from './fuzz.js';
import { mutate, MUTATIONS } from './mutations.js';
import { dnsResultProblems, findingProblems, rawControlProblem, verdictProblems } from './oracle.js';
import { Rng } from './prng.js';

describe('a short fuzz run', () => {
  it('60 iterations of seed 1: no failure, every check judged in every run, mutations drawn', async () => {
    const summary = await runFuzz({
      seed: 1,
      iterations: 60,
      concurrency: 4,
      timeoutMs: 75,
      retries: 0,
      heapLimitMb: 50,
      sampleEvery: 1000,
      maxQueries: 8000,
      verbose: false,
      log: () => undefined,
    });
    const failures = summary.failures.map((f) => `#${f.iteration}: ${f.problems.map((p) => `${p.kind}: ${p.detail.split('\n')[0]}`).join('; ')}`);
    expect(failures).toEqual([]);
    expect(summary.iterations).toBe(60);
    expect(Object.values(summary.statuses).reduce((a, b) => a + b, 0)).toBe(60 * ALL_CHECKS.length);
    expect(Object.values(summary.mutations).reduce((a, b) => a + b, 0)).toBeGreaterThan(50);
  });
});

describe('the mutations', () => {
  const query = (name: string, type: string): DecodedQuery =>
    ({ id: 4242, type: 'query', flags: 0x100, flag_qr: false, opcode: 'QUERY', rcode: 'NOERROR', questions: [{ name, type, class: 'IN' }], answers: [], authorities: [], additionals: [] }) as unknown as DecodedQuery;

  it('every kind builds a reply (or a drop) for every transport and question type, deterministically from its seed', () => {
    fc.assert(
      fc.property(fc.constantFrom(...MUTATIONS), fc.constantFrom('udp' as const, 'tcp' as const), fc.constantFrom('A', 'AAAA', 'MX', 'TXT', 'CNAME', 'SRV', 'SOA'), fc.nat(), (kind, transport, type, seed) => {
        const make = () => mutate(kind, { rng: new Rng(seed), query: query('mail.example.test', type), transport, reply: 'drop', domain: 'example.test', timeoutMs: 1 });
        const a = make();
        const b = make();
        expect(a.variant).toBe(b.variant);
        if (Buffer.isBuffer(a.result)) expect(Buffer.compare(a.result, b.result as Buffer)).toBe(0);
      }),
      { numRuns: 500 },
    );
  });
});

describe('the oracle catches what it is for', () => {
  it('raw control characters, lone surrogates and forged lines in a rendering', () => {
    expect(rawControlProblem('t', 'fine\nlines\n')).toBeUndefined();
    expect(rawControlProblem('t', 'an \u001b[31m escape')?.detail).toMatch(/U\+001b/);
    expect(rawControlProblem('t', 'a C1 \u009b csi')?.detail).toMatch(/U\+009b/);
    expect(rawControlProblem('t', 'a bidi \u202e override')?.detail).toMatch(/U\+202e/);
    expect(rawControlProblem('t', 'a lone \ud800 surrogate')?.detail).toMatch(/lone surrogate/);
    expect(rawControlProblem('t', 'text\n          injected.example.test is an alias')?.detail).toMatch(/starts a line/);
    expect(rawControlProblem('t', 'escaped \\x0aINJECTED stays on its line')).toBeUndefined();
  });

  it('DNS results that break the client contract', () => {
    const result: DnsResult = {
      question: { name: 'a.example', type: 'A' },
      status: 'answer',
      records: [{ name: 'a.example', ttl: 1, type: 'A', data: '1.2.3.undefined' }],
      cnames: [],
      canonicalName: 'a.example',
    };
    expect(dnsResultProblems('A', result).map((p) => p.detail)).toEqual(['A "a.example": A data "1.2.3.undefined" is not an IPv4 address']);
    expect(dnsResultProblems('A', { ...result, status: 'timeout', records: [] }).map((p) => p.detail)).toEqual(['A "a.example": non-fact timeout without code and reason']);
  });

  it('verdicts naming unknown wording or leaving a placeholder empty, findings without a remedy, crashes', () => {
    const check: Check = {
      meta: { id: 'x.y', title: 'X', verifies: 'x', messages: { ok: 'All {count} fine.' }, remedies: { fix: 'Fix {what}.' } },
      run: () => Promise.resolve({ status: 'pass', message: 'ok' }),
    };
    expect(verdictProblems(check, { status: 'pass', message: 'ok', data: { count: 2 } })).toEqual([]);
    expect(verdictProblems(check, { status: 'pass', message: 'ok' }).map((p) => p.detail)).toEqual(['x.y: message ok: no value for {count}']);
    expect(verdictProblems(check, { status: 'warn', message: 'toString' }).map((p) => p.detail)).toEqual(['x.y: message key "toString" is not in meta.messages']);
    expect(verdictProblems(check, { status: 'fail', message: 'ok', remedy: 'fix', data: { count: 1, what: { a: 1 } } }).map((p) => p.detail)).toEqual([
      'x.y: remedy fix: {what} is {"a":1}',
    ]);
    const base = { id: 'x.y', title: 'X', messageId: 'ok', evidence: {} };
    expect(findingProblems(check, { ...base, status: 'warn', message: 'Careful.' }, true).problems.map((p) => p.kind)).toEqual(['finding']);
    expect(findingProblems(check, { ...base, status: 'error', message: engineMessages.crashed('boom'), remedy: 'r' }, true).problems.map((p) => p.kind)).toEqual(['crash']);
    expect(findingProblems(check, { ...base, status: 'error', message: engineMessages.timedOut(2600), remedy: 'r' }, true)).toEqual({ problems: [], deadline: true });
  });
});
