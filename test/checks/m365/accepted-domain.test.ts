// m365.accepted-domain: the accepted domain's type, read from the export, in every shape the contract names.
import { describe, expect, it } from 'vitest';
import { m365AcceptedDomain } from '../../../src/checks/m365/accepted-domain.js';
import type { AcceptedDomain } from '../../../src/m365/export-types.js';
import { DOMAIN, TENANT, judge, tenant } from './inside-world.js';

const domains = (...rows: AcceptedDomain[]) => tenant({ AcceptedDomains: [...rows, { DomainName: TENANT, DomainType: 'Authoritative', Default: false }] });

const TABLE: Array<{ name: string; rows: AcceptedDomain[]; status: string; message: RegExp; remedy?: RegExp }> = [
  { name: 'InternalRelay: pass', rows: [{ DomainName: DOMAIN, DomainType: 'InternalRelay', Default: true }], status: 'pass', message: /type InternalRelay: mail for addresses/ },
  {
    name: 'Authoritative: fail, with the EAC path and the PowerShell line',
    rows: [{ DomainName: DOMAIN, DomainType: 'Authoritative', Default: true }],
    status: 'fail',
    message: /type Authoritative: .*550 5\.4\.1/,
    remedy: /Accepted domains → example\.test → This accepted domain is: Internal relay .*Set-AcceptedDomain -Identity example\.test -DomainType InternalRelay/,
  },
  { name: 'ExternalRelay: warn', rows: [{ DomainName: DOMAIN, DomainType: 'ExternalRelay', Default: false }], status: 'warn', message: /ExternalRelay.*outside the organization/, remedy: /InternalRelay/ },
  {
    name: 'not accepted at all: fail, listing what is',
    rows: [{ DomainName: 'other.test', DomainType: 'InternalRelay', Default: true }],
    status: 'fail',
    message: /example\.test is not an accepted domain of example\.onmicrosoft\.com \(its accepted domains: other\.test and example\.onmicrosoft\.com\)/,
    remedy: /Settings → Domains → add example\.test/,
  },
  {
    name: 'a wildcard accepted domain that is Internal Relay covers it, and says through which',
    rows: [{ DomainName: '*.test', DomainType: 'InternalRelay', Default: false }],
    status: 'pass',
    message: /through the accepted domain \*\.test/,
  },
  {
    name: 'the exact accepted domain decides over a wildcard one',
    rows: [
      { DomainName: '*.test', DomainType: 'InternalRelay', Default: false },
      { DomainName: 'EXAMPLE.test', DomainType: 'Authoritative', Default: false },
    ],
    status: 'fail',
    message: /type Authoritative: /,
  },
  { name: 'a look-alike domain does not count', rows: [{ DomainName: 'notexample.test', DomainType: 'InternalRelay', Default: false }], status: 'fail', message: /is not an accepted domain/ },
];

describe('m365.accepted-domain', () => {
  for (const t of TABLE) {
    it(t.name, async () => {
      const f = await judge(m365AcceptedDomain, { export: domains(...t.rows) });
      expect(f.status).toBe(t.status);
      expect(f.message).toMatch(t.message);
      if (t.remedy) expect(f.remedy).toMatch(t.remedy);
      if (t.status === 'pass') expect(f.remedy).toBeUndefined();
      else expect(f.remedy).toBeDefined();
    });
  }

  it('without an export: skip, naming the flag', async () => {
    const f = await judge(m365AcceptedDomain, {});
    expect(f.status).toBe('skip');
    expect(f.message).toMatch(/--m365-export <file>/);
  });
});
