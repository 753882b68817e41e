// The openspf RFC 7208 suite through `splitcheck spf --json`, the real resolver and the loopback DNS server.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDnsServer, type DnsTestServer } from '../../src/testbed/dns-server.js';
import { loadSuite, type SuiteTest } from '../spf/helpers/suite.js';
import { runMain } from '../helpers/in-process.js';

const scenarios = loadSuite();

/** What a user of the command would type for a suite case: the MAIL FROM domain, or the HELO name for a null sender. */
function argsFor(test: SuiteTest, resolver: string): string[] {
  const domain = test.mailfrom === '' ? test.helo : test.mailfrom.slice(test.mailfrom.lastIndexOf('@') + 1);
  return ['spf', domain, '--ip', test.host, '--sender', test.mailfrom, '--helo', test.helo, '--resolver', resolver, '--timeout', '1000', '--retries', '0', '--json'];
}

describe('splitcheck spf over the openspf RFC 7208 suite', () => {
  for (const scenario of scenarios) {
    describe.concurrent(scenario.description, () => {
      let server: DnsTestServer;
      beforeAll(async () => {
        server = await startDnsServer({ zone: scenario.zone });
      });
      afterAll(async () => {
        await server.close();
      });
      for (const test of scenario.tests) {
        it(test.id, async () => {
          const r = await runMain(argsFor(test, `127.0.0.1:${server.address.port}`));
          expect(r.code, r.stderr).toBe(0);
          const out = JSON.parse(r.stdout) as { result: string; explanation: string | null; lookups: number; voidLookups: number };
          expect(test.results, `${test.id}: got ${out.result}`).toContain(out.result);
          if (test.explanation !== undefined) {
            expect(out.explanation).toBe(test.explanation === 'DEFAULT' ? null : test.explanation);
          }
          expect(typeof out.lookups).toBe('number');
          expect(typeof out.voidLookups).toBe('number');
        });
      }
    });
  }
});
