// DMARC as receivers find it: record discovery per RFC 7489 §6.4 and per Mail::DMARC/OpenDMARC, the Organizational Domain (PSL), and the check's verdicts.
import { describe, expect, it } from 'vitest';
import { discoverDmarc, receiversThatDiffer } from '../../src/dmarc/discovery.js';
import { organizationalDomain, sameOrganisation } from '../../src/dmarc/organizational-domain.js';
import { runZone } from '../helpers/world.js';
import { txt } from '../helpers/txt.js';

describe('discoverDmarc', () => {
  // [record, rfc, Mail::DMARC, OpenDMARC]; each row is checked against the real ones in test/e2e/dmarc-differential.e2e.ts.
  const rows: [string, boolean, boolean, boolean][] = [
    ['v=DMARC1; p=reject', true, true, true],
    ['v = DMARC1 ; p = reject', true, false, false],
    ['v= DMARC1; p=reject', true, false, false],
    ['v=DMARC1 ; p=reject', true, true, true],
    ['V=DMARC1; p=reject', true, true, false],
    ['v=dmarc1; p=reject', false, true, false],
    ['p=reject; v=DMARC1', false, false, true],
    [' v=DMARC1; p=reject', false, false, true],
    ['v=DMARC10; p=reject', false, true, true],
    ['v=spf1 -all', false, false, false],
  ];
  for (const [text, rfc, mailDmarc, openDmarc] of rows) {
    it(JSON.stringify(text), () => expect(discoverDmarc(text)).toEqual({ rfc, mailDmarc, openDmarc }));
  }

  it('names the receivers that miss a valid record or find an invalid one', () => {
    expect(receiversThatDiffer(discoverDmarc('v = DMARC1; p=reject'))).toEqual({ miss: ['Mail::DMARC', 'OpenDMARC'], find: [] });
    expect(receiversThatDiffer(discoverDmarc('V=DMARC1; p=reject'))).toEqual({ miss: ['OpenDMARC'], find: [] });
    expect(receiversThatDiffer(discoverDmarc('p=reject; v=DMARC1'))).toEqual({ miss: [], find: ['OpenDMARC'] });
    expect(receiversThatDiffer(discoverDmarc('v=DMARC1; p=reject'))).toEqual({ miss: [], find: [] });
  });
});

describe('organizationalDomain (RFC 7489 §3.2, Public Suffix List)', () => {
  const rows: [string, string][] = [
    ['example.com', 'example.com'],
    ['mail.shop.example.com', 'example.com'],
    ['reports.example.co.uk', 'example.co.uk'],
    ['example.co.uk', 'example.co.uk'],
    ['co.uk', 'co.uk'],
    ['Example.COM.', 'example.com'],
    ['a.b.c.kobe.jp', 'b.c.kobe.jp'],
    ['city.kawasaki.jp', 'city.kawasaki.jp'],
    ['x.y.blogspot.com', 'y.blogspot.com'],
    ['mail.example.xn--p1ai', 'example.xn--p1ai'],
    ['shop.example.test', 'example.test'],
  ];
  for (const [name, org] of rows) it(`${name} → ${org}`, () => expect(organizationalDomain(name)).toBe(org));

  it('tells organisations apart by the list, not by the last two labels', () => {
    expect(sameOrganisation('reports.example.co.uk', 'example.co.uk')).toBe(true);
    expect(sameOrganisation('example.co.uk', 'other.co.uk')).toBe(false);
    expect(sameOrganisation('a.blogspot.com', 'b.blogspot.com')).toBe(false);
    expect(sameOrganisation('mail.example.com', 'example.com')).toBe(true);
  });
});

describe('dmarc.record as receivers find the record', () => {
  const worlds: { name: string; domain: string; zone: Record<string, ReturnType<typeof txt>[]>; status: string; says: string[] }[] = [
    {
      name: 'v = DMARC1 with spaces: a valid record no compared receiver finds',
      domain: 'spaced.com',
      zone: { '_dmarc.spaced.com': [txt('v = DMARC1 ; p = reject')] },
      status: 'fail',
      says: ['RFC 7489 §6.4 allows spaces', 'Mail::DMARC and OpenDMARC', 'apply no policy', 'remedy:v=DMARC1; p=reject'],
    },
    {
      name: 'spaced record on a subdomain: receivers fall back to the organizational domain',
      domain: 'shop.spaced.co.uk',
      zone: { '_dmarc.shop.spaced.co.uk': [txt('v = DMARC1; p=reject')], '_dmarc.spaced.co.uk': [txt('v=DMARC1; p=reject; sp=none')] },
      status: 'fail',
      says: ['fall back to the record at _dmarc.spaced.co.uk', 'sp=none'],
    },
    {
      name: 'V=DMARC1: valid, OpenDMARC misses it',
      domain: 'upper.com',
      zone: { '_dmarc.upper.com': [txt('V=DMARC1; p=reject; rua=mailto:d@upper.com')] },
      status: 'warn',
      says: ['OpenDMARC looks for the exact text v=DMARC1', 'remedy:v=DMARC1; p=reject'],
    },
    {
      name: 'v= after p=: invalid, but OpenDMARC finds it',
      domain: 'late.com',
      zone: { '_dmarc.late.com': [txt('p=reject; v=DMARC1')] },
      status: 'fail',
      says: ['OpenDMARC finds it anyway'],
    },
    {
      name: 'a subdomain of a two-label public suffix inherits from its own organisation only',
      domain: 'mail.example.co.uk',
      zone: { '_dmarc.example.co.uk': [txt('v=DMARC1; p=reject')], '_dmarc.co.uk': [txt('v=DMARC1; p=none')] },
      status: 'pass',
      says: ['_dmarc.example.co.uk', 'p=reject'],
    },
    {
      name: 'an intermediate parent is not the organizational domain (RFC 7489 §6.6.3 asks only the latter)',
      domain: 'a.b.example.com',
      zone: { '_dmarc.b.example.com': [txt('v=DMARC1; p=reject')] },
      status: 'fail',
      says: ['There is no DMARC record'],
    },
    {
      name: 'reports to example.co.uk from reports.example.co.uk need no authorisation',
      domain: 'reports.example.co.uk',
      zone: { '_dmarc.reports.example.co.uk': [txt('v=DMARC1; p=reject; rua=mailto:d@example.co.uk')] },
      status: 'pass',
      says: ['aggregate reports go to d@example.co.uk'],
    },
    {
      name: 'reports to other.co.uk from example.co.uk need its authorisation',
      domain: 'example.co.uk',
      zone: { '_dmarc.example.co.uk': [txt('v=DMARC1; p=reject; rua=mailto:d@other.co.uk')] },
      status: 'warn',
      says: ['example.co.uk._report._dmarc.other.co.uk'],
    },
  ];
  for (const w of worlds) {
    it(w.name, async () => {
      const { byId } = await runZone(w.domain, { zone: w.zone });
      const finding = byId['dmarc.record']!;
      expect(finding.status, finding.message).toBe(w.status);
      for (const needle of w.says) {
        if (needle.startsWith('remedy:')) expect(finding.remedy).toContain(needle.slice('remedy:'.length));
        else expect(finding.message).toContain(needle);
      }
    });
  }
});
