// The openspf RFC 7208 suite (fixtures/spf) against check_host() over the in-memory DnsClient.

import { describe, expect, it } from 'vitest';
import { createMemoryDns } from './helpers/memory-dns.js';
import { loadSuite, runCase } from './helpers/suite.js';

const scenarios = loadSuite();

describe('openspf rfc7208-tests.yml, in-memory DNS', () => {
  it('has the 203 tests of 16 scenarios', () => {
    expect(scenarios).toHaveLength(16);
    expect(scenarios.flatMap((s) => s.tests)).toHaveLength(203);
  });

  for (const scenario of scenarios) {
    describe(scenario.description, () => {
      for (const test of scenario.tests) {
        it(test.id, async () => {
          const { full, ...outcome } = await runCase(test, createMemoryDns(scenario.zone));
          expect({ id: test.id, ...outcome }).toMatchObject({ ok: true });
          // The prefetch only warms answers: the sequential walk gives the same result, counts and tree.
          const sequential = await runCase(test, createMemoryDns(scenario.zone), { prefetch: false });
          expect({ ...sequential.full, queries: 0 }).toEqual({ ...full, queries: 0 });
        });
      }
    });
  }
});
