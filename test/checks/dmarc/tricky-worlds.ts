// Tricky zones for dmarc.record (adversarial review), each expecting the status RFC 7489 calls for.
import { txt } from '../../helpers/txt.js';
import { tagged, type World } from '../../helpers/world.js';

export const DMARC_TRICKY_WORLDS: World[] = tagged('adversarial', [
  // dmarc.record
  { name: 'DMARC reject', domain: 'dreject.com', zone: { '_dmarc.dreject.com': [txt('v=DMARC1; p=reject; rua=mailto:dmarc@dreject.com')] }, expect: { 'dmarc.record': 'pass' } },
  // RFC 7489 §6.4 allows spaces around "=", but Mail::DMARC and OpenDMARC find no record (test/e2e/dmarc-differential.e2e.ts).
  { name: 'DMARC with spaces around the = of v=DMARC1', domain: 'dspace.com', zone: { '_dmarc.dspace.com': [txt('v = DMARC1 ;  p = quarantine ; rua=mailto:d@dspace.com ;')] }, expect: { 'dmarc.record': 'fail' } },
  { name: 'DMARC with spaces elsewhere and a trailing semicolon', domain: 'dspace2.com', zone: { '_dmarc.dspace2.com': [txt('v=DMARC1 ;  p = quarantine ; rua=mailto:d@dspace2.com ;')] }, expect: { 'dmarc.record': 'pass' } },
  { name: 'DMARC p=Reject in mixed case', domain: 'dcase.com', zone: { '_dmarc.dcase.com': [txt('v=DMARC1; p=Reject; rua=mailto:d@dcase.com')] }, expect: { 'dmarc.record': 'pass' } },
  { name: 'DMARC p=none', domain: 'dnone.com', zone: { '_dmarc.dnone.com': [txt('v=DMARC1; p=none; rua=mailto:d@dnone.com')] }, expect: { 'dmarc.record': 'warn' } },
  { name: 'DMARC p=quarantine; pct=50', domain: 'dpct.com', zone: { '_dmarc.dpct.com': [txt('v=DMARC1; p=quarantine; pct=50; rua=mailto:d@dpct.com')] }, expect: { 'dmarc.record': 'warn' } },
  { name: 'DMARC split in tiny strings', domain: 'dsplit.com', zone: { '_dmarc.dsplit.com': [txt('v=DMARC1; p=reject; rua=mailto:d@dsplit.com', 5)] }, expect: { 'dmarc.record': 'pass' } },
  { name: 'DMARC two records', domain: 'dtwo.com', zone: { '_dmarc.dtwo.com': [txt('v=DMARC1; p=reject'), txt('v=DMARC1; p=none')] }, expect: { 'dmarc.record': 'fail' } },
  // RFC 7489 §6.6.3 skips the other record, but OpenDMARC 1.4.2 misses the DMARC record in some such answers (test/e2e/dmarc-differential.e2e.ts).
  { name: 'DMARC plus an unrelated TXT at the same name', domain: 'dother.com', zone: { '_dmarc.dother.com': [txt('v=DMARC1; p=reject; rua=mailto:d@dother.com'), txt('some-verification=abc')] }, expect: { 'dmarc.record': 'warn' } },
  { name: 'DMARC unknown tag is ignored', domain: 'dunk.com', zone: { '_dmarc.dunk.com': [txt('v=DMARC1; p=reject; foo=bar; rua=mailto:d@dunk.com')] }, expect: { 'dmarc.record': 'pass' } },
  { name: 'DMARC rua without mailto:', domain: 'drua.com', zone: { '_dmarc.drua.com': [txt('v=DMARC1; p=reject; rua=dmarc@drua.com')] }, expect: { 'dmarc.record': 'warn' } },
  { name: 'DMARC adkim=x', domain: 'dadkim.com', zone: { '_dmarc.dadkim.com': [txt('v=DMARC1; p=reject; adkim=x; rua=mailto:d@dadkim.com')] }, expect: { 'dmarc.record': 'warn' } },
  { name: 'DMARC v=DMARC1 not first', domain: 'dvfirst.com', zone: { '_dmarc.dvfirst.com': [txt('p=reject; v=DMARC1')] }, expect: { 'dmarc.record': 'fail' } },
  { name: 'DMARC v=dmarc1 in lower case is no DMARC record', domain: 'dlower.com', zone: { '_dmarc.dlower.com': [txt('v=dmarc1; p=reject')] }, expect: { 'dmarc.record': 'fail' } },
  { name: 'DMARC at an NXDOMAIN name', domain: 'dnx.com', zone: { 'dnx.com': [{ A: '192.0.2.1' }] }, expect: { 'dmarc.record': 'fail' } },
  { name: 'DMARC lookup times out', domain: 'dslow.com', zone: { '_dmarc.dslow.com': ['TIMEOUT'] }, expect: { 'dmarc.record': 'error' } },
  {
    name: 'DMARC CNAME to a provider',
    domain: 'dcname.com',
    zone: { '_dmarc.dcname.com': [{ CNAME: 'dcname.com._dmarc.provider.example' }], 'dcname.com._dmarc.provider.example': [txt('v=DMARC1; p=reject; rua=mailto:d@dcname.com')] },
    expect: { 'dmarc.record': 'pass' },
  },
  {
    name: 'DMARC CNAME to a provider name that times out',
    domain: 'dcnslow.com',
    zone: { '_dmarc.dcnslow.com': [{ CNAME: 'dcnslow.com._dmarc.provider.example' }], 'dcnslow.com._dmarc.provider.example': ['TIMEOUT'] },
    expect: { 'dmarc.record': 'error' },
  },
  {
    name: 'subdomain without its own DMARC record: the organizational domain\'s p=reject applies',
    domain: 'shop.orgfall.com',
    zone: { 'shop.orgfall.com': [{ A: '192.0.2.1' }], '_dmarc.orgfall.com': [txt('v=DMARC1; p=reject; rua=mailto:d@orgfall.com')] },
    expect: { 'dmarc.record': 'pass' },
    says: { 'dmarc.record': ['_dmarc.orgfall.com'] },
  },
  {
    name: 'subdomain without its own DMARC record: the organizational domain says sp=none',
    domain: 'shop.orgnone.com',
    zone: { 'shop.orgnone.com': [{ A: '192.0.2.1' }], '_dmarc.orgnone.com': [txt('v=DMARC1; p=reject; sp=none; rua=mailto:d@orgnone.com')] },
    expect: { 'dmarc.record': 'warn' },
  },
  {
    name: 'subdomain whose own record is a near miss: receivers discard it and use the organizational domain',
    domain: 'shop.orgmiss.com',
    zone: { '_dmarc.shop.orgmiss.com': [txt('p=none; v=DMARC1')], '_dmarc.orgmiss.com': [txt('v=DMARC1; p=quarantine; rua=mailto:d@orgmiss.com')] },
    // OpenDMARC takes the near miss (it finds "v=DMARC" anywhere) and applies p=none: receivers disagree.
    expect: { 'dmarc.record': 'warn' },
  },
  {
    name: 'two levels down: the nearest parent with a record is used',
    domain: 'a.b.deep-org.co.uk',
    zone: { '_dmarc.deep-org.co.uk': [txt('v=DMARC1; p=reject; sp=quarantine; rua=mailto:d@deep-org.co.uk')] },
    expect: { 'dmarc.record': 'pass' },
    says: { 'dmarc.record': ['sp=quarantine', '_dmarc.deep-org.co.uk'] },
  },
  {
    name: 'organizational domain record with pct=20',
    domain: 'shop.orgpct.com',
    zone: { '_dmarc.orgpct.com': [txt('v=DMARC1; p=reject; pct=20; rua=mailto:d@orgpct.com')] },
    expect: { 'dmarc.record': 'warn' },
  },
  {
    // The contract's own question (_dmarc.<domain>) was answered: no record. The optional fallback cannot lift it.
    name: 'the organizational domain lookup times out: still the fail of "no record here", and says so',
    domain: 'shop.orgslow.com',
    zone: { 'shop.orgslow.com': [{ A: '192.0.2.1' }], '_dmarc.orgslow.com': ['TIMEOUT'] },
    expect: { 'dmarc.record': 'fail' },
    says: { 'dmarc.record': ['_dmarc.orgslow.com', 'could not be looked up'] },
  },
  {
    name: 'two DMARC records at the subdomain: no fallback (RFC 7489 §6.6.3 step 4)',
    domain: 'shop.orgtwo.com',
    zone: { '_dmarc.shop.orgtwo.com': [txt('v=DMARC1; p=reject'), txt('v=DMARC1; p=none')], '_dmarc.orgtwo.com': [txt('v=DMARC1; p=reject')] },
    expect: { 'dmarc.record': 'fail' },
  },
  {
    name: 'a 40-label subdomain: the fallback asks a bounded number of parents and ends fast',
    domain: `${Array.from({ length: 38 }, (_, i) => `l${i}`).join('.')}.orgdeep.com`,
    zone: { '_dmarc.orgdeep.com': [txt('v=DMARC1; p=reject; rua=mailto:d@orgdeep.com')] },
    expect: { 'dmarc.record': 'pass' },
    withinMs: 3000,
  },
  {
    name: 'subdomain and organizational domain both without DMARC',
    domain: 'shop.orgnothing.com',
    zone: { 'shop.orgnothing.com': [{ A: '192.0.2.1' }], 'orgnothing.com': [{ A: '192.0.2.1' }] },
    expect: { 'dmarc.record': 'fail' },
  },
]);
