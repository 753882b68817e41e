// The openspf RFC 7208 suite against check_host() over the real resolver and the loopback DNS server (testbed).

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createResolver } from '../../src/dns/resolver.js';
import { startDnsServer, type DnsTestServer } from '../../src/testbed/dns-server.js';
import { loadSuite, runCase } from './helpers/suite.js';

const scenarios = loadSuite();

// Short and without retries: TIMEOUT names are never answered, and each such test waits this long.
const RESOLVER = { timeoutMs: 1000, retries: 0 } as const;

describe('openspf rfc7208-tests.yml, real resolver over loopback DNS', () => {
  for (const scenario of scenarios) {
    describe.concurrent(scenario.description, () => {
      let server: DnsTestServer;
      beforeAll(async () => {
        server = await startDnsServer({ zone: scenario.zone });
      });
      afterAll(async () => {
        await server.close();
        expect(server.errors).toEqual([]);
      });
      for (const test of scenario.tests) {
        it(test.id, async () => {
          // A fresh resolver per test: one run, one cache, as in the CLI.
          const dns = createResolver({ servers: [server.address], ...RESOLVER });
          const { full: _full, ...outcome } = await runCase(test, dns);
          expect({ id: test.id, ...outcome }).toMatchObject({ ok: true });
        });
      }
    });
  }
});
