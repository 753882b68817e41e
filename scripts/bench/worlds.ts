// The benchmarks' worlds: split domains whose lookups form a known critical path of dependent round trips.
import type { Zone } from '../../src/testbed/dns-server.js';

const MICROSOFT: Zone = {
  'spf.protection.outlook.com': [{ TXT: 'v=spf1 ip4:40.92.0.0/15 ip4:40.107.0.0/16 ip4:52.100.0.0/15 ip4:104.47.0.0/17 -all' }],
  'autodiscover.outlook.com': [{ A: '198.51.100.20' }],
};

/**
 * One split domain. The longest chain of lookups that each need the previous answer is 3 round trips:
 * the TXT record → its include `_spf.<domain>` → that record's include `_spf2.<domain>`; every other
 * chain is shorter (MX → host addresses: 2; selector CNAME → key: 2; _dmarc: 1; autodiscover: 1).
 */
export const CRITICAL_PATH = 3;

export function splitDomain(domain: string, index: number): Zone {
  const token = `${domain.replace(/\./g, '-')}`;
  const ms = `${token}.mail.protection.outlook.com`;
  const host = `203.0.113.${(index % 250) + 1}`;
  return {
    [domain]: [{ MX: [0, ms] }, { TXT: `v=spf1 include:spf.protection.outlook.com include:_spf.${domain} -all` }],
    [`_spf.${domain}`]: [{ TXT: `v=spf1 include:_spf2.${domain} -all` }],
    [`_spf2.${domain}`]: [{ TXT: `v=spf1 ip4:${host} -all` }],
    [ms]: [{ A: `198.51.100.${(index % 250) + 1}` }],
    [`mail.${domain}`]: [{ A: host }],
    [`autodiscover.${domain}`]: [{ CNAME: 'autodiscover.outlook.com' }],
    [`_dmarc.${domain}`]: [{ TXT: 'v=DMARC1; p=quarantine' }],
    [`selector1._domainkey.${domain}`]: [{ CNAME: `selector1-${token}._domainkey.tenant${index}.onmicrosoft.com` }],
    [`selector2._domainkey.${domain}`]: [{ CNAME: `selector2-${token}._domainkey.tenant${index}.onmicrosoft.com` }],
    [`selector1-${token}._domainkey.tenant${index}.onmicrosoft.com`]: [{ TXT: 'v=DKIM1; k=rsa; p=' }],
    ...MICROSOFT,
  };
}

/** N domains `d0.bench.example` ... in one zone. */
export function manyDomains(count: number): { domains: string[]; zone: Zone } {
  const domains = Array.from({ length: count }, (_, i) => `d${i}.bench.example`);
  const zone: Record<string, Zone[string]> = {};
  domains.forEach((d, i) => Object.assign(zone, splitDomain(d, i)));
  return { domains, zone };
}
