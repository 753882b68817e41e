// spf.* judged per sender as receivers evaluate it (issue 13 items 1–3): Microsoft 365's own addresses of both families, the hosting server's, nobody's.
import { describe, expect, it } from 'vitest';
import type { CheckInput, Finding } from '../../../src/engine/types.js';
import { parseRecord } from '../../../src/spf/index.js';
import type { Zone } from '../../../src/testbed/dns-server.js';
import { runZone } from '../../helpers/world.js';

const HOSTING = '203.0.113.25';
const MS_MX = 'contoso-com.mail.protection.outlook.com';
const MS_SPF = 'v=spf1 ip4:40.92.0.0/15 ip4:40.107.0.0/16 ip4:52.100.0.0/15 ip4:104.47.0.0/17 ip6:2a01:111:f400::/48 ip6:2a01:111:f403::/49 -all';
const microsoft: Zone = { 'spf.protection.outlook.com': [{ TXT: MS_SPF }], [MS_MX]: [{ A: '198.51.100.10' }] };
const given: CheckInput = { hostingIps: [HOSTING] };

function world(domain: string, txt: string[], extra: Zone = {}): Zone {
  return { [domain]: [{ MX: [0, MS_MX] }, { A: HOSTING }, ...txt.map((t) => ({ TXT: t }))], ...microsoft, ...extra };
}

async function run(domain: string, zone: Zone, input: CheckInput = given): Promise<Record<string, Finding>> {
  return (await runZone(domain, { zone }, { input })).byId;
}

const text = (f: Finding | undefined) => `${f?.message ?? ''}\n${f?.remedy ?? ''}`;

/** The record a remedy shows, taken from its TXT line. */
function suggested(f: Finding | undefined): string {
  const match = /IN TXT ((?:"[^"]*" ?)+)/.exec(f?.remedy ?? '');
  if (!match) throw new Error(`no TXT line in: ${f?.remedy}`);
  return [...match[1]!.matchAll(/"([^"]*)"/g)].map((m) => m[1]).join('');
}

describe('Microsoft 365 sends over IPv6 (DOMAIN.md §6)', () => {
  // cPanel's names have A records only: for an IPv6 client each "a" is a void lookup, and the third comes before Microsoft's include.
  const zone = world('v6.example', ['v=spf1 a a:webmail.v6.example a:cpanel.v6.example include:spf.protection.outlook.com ip4:203.0.113.25 -all'], {
    'webmail.v6.example': [{ A: HOSTING }],
    'cpanel.v6.example': [{ A: HOSTING }],
  });

  it('spf.void-limit fails for Microsoft 365 over IPv6, naming the address, the counts and the term where it stopped', async () => {
    const byId = await run('v6.example', zone);
    const f = byId['spf.void-limit'];
    expect(f?.status).toBe('fail');
    expect(text(f)).toContain('Microsoft 365 (IPv6)');
    expect(text(f)).toMatch(/permerror for 2a01:111:f400::1 \(Microsoft 365, IPv6\) after 3 DNS-querying terms \(10 allowed\) and 3 void lookups \(2 allowed\), at "a:cpanel\.v6\.example" in the record of v6\.example/);
    expect(text(f)).toContain('Microsoft 365 sends over IPv6 too');
    // The IPv4 addresses pass and are not blamed.
    expect(text(f)).not.toMatch(/permerror for 40\./);
  });

  it('spf.m365-include fails although the include is in the record, and the fix puts it first', async () => {
    const byId = await run('v6.example', zone);
    const f = byId['spf.m365-include'];
    expect(f?.status).toBe('fail');
    expect(text(f)).toMatch(/reaches include:spf\.protection\.outlook\.com, but mail from Microsoft 365 \(IPv6\) does not pass/);
    const record = suggested(f);
    expect(record.startsWith('v=spf1 include:spf.protection.outlook.com ')).toBe(true);
    expect(parseRecord(record).ok).toBe(true);
    expect(f?.remedy).toMatch(/checked: it parses and needs \d+ of the 10 DNS-querying terms/);
  });

  it('the void-limit fix replaces the A-only names with their addresses, once each', async () => {
    const byId = await run('v6.example', zone);
    const record = suggested(byId['spf.void-limit']);
    expect(record).toBe('v=spf1 ip4:203.0.113.25 include:spf.protection.outlook.com -all');
  });

  it('the whole-tree counts stay, labelled as the worst case', async () => {
    const byId = await run('v6.example', zone);
    expect(text(byId['spf.lookup-limit'])).toContain('worst case');
    expect(byId['spf.lookup-limit']?.evidence).toMatchObject({ worstCase: true, lookups: 4 });
    expect(byId['spf.void-limit']?.evidence).toMatchObject({ worstCase: { ipv4: 0, ipv6: 3 } });
  });

  it('the same record with Microsoft first passes for every Microsoft address', async () => {
    const byId = await run(
      'first.example',
      world('first.example', ['v=spf1 include:spf.protection.outlook.com a a:webmail.first.example a:cpanel.first.example ip4:203.0.113.25 -all'], {
        'webmail.first.example': [{ A: HOSTING }],
        'cpanel.first.example': [{ A: HOSTING }],
      }),
    );
    expect(byId['spf.m365-include']?.status).toBe('pass');
    expect(text(byId['spf.m365-include'])).toMatch(/Microsoft 365 \(IPv4 and IPv6\), one address per range of spf\.protection\.outlook\.com \(6 addresses evaluated, at most 1 DNS-querying terms and 0 void lookups used\)/);
    const senders = (byId['spf.m365-include']?.evidence as { microsoft: { senders: Array<{ ip: string; result: string; stoppedAt: string }> } }).microsoft.senders;
    expect(senders.find((s) => s.ip === '2a01:111:f400::1')).toMatchObject({ result: 'pass', stoppedAt: '"ip6:2a01:111:f400::/48" in the record of spf.protection.outlook.com (through include:spf.protection.outlook.com)' });
    // The hosting server matches "a" first; IPv6 forgeries still meet three void names: a warning, not a failure of real mail.
    expect(byId['spf.void-limit']?.status).toBe('warn');
    expect(byId['spf.hosting-covered']?.status).toBe('pass');
  });
});

describe('Microsoft 365 sampled where the record treats its ranges apart', () => {
  it('a "-ip4:" carving part of a Microsoft range out is sampled inside the carve-out, and fails', async () => {
    const byId = await run('carve.example', world('carve.example', ['v=spf1 -ip4:40.93.0.0/16 include:spf.protection.outlook.com ip4:203.0.113.25 -all']));
    const f = byId['spf.m365-include'];
    expect(f?.status).toBe('fail');
    expect(text(f)).toMatch(/fail for 40\.93\.0\.1 \(Microsoft 365, IPv4\)/);
    // The first address of the range itself passes: sampling it alone would have missed the carve-out.
    const senders = (f?.evidence as { microsoft: { senders: Array<{ ip: string; result: string }> } }).microsoft.senders;
    expect(senders.find((s) => s.ip === '40.92.0.1')?.result).toBe('pass');
  });
});

describe('receivers that count each MX host as a void lookup (pyspf, Mail::SPF)', () => {
  // The MX is Microsoft's, which has A records only: an IPv6 sender's "mx" finds no address there. RFC 7208 counts
  // the mx term (its MX query answered) as not void; pyspf and Mail::SPF count the empty host lookup.
  const zone = world('mxv6.example', ['v=spf1 a:gone1.mxv6.example a:gone2.mxv6.example mx include:spf.protection.outlook.com ip4:203.0.113.25 -all']);

  it('is not a pass: Microsoft 365 passes by RFC 7208, and gets permerror there, said as such', async () => {
    const byId = await run('mxv6.example', zone);
    for (const id of ['spf.void-limit', 'spf.m365-include']) {
      expect(byId[id]?.status, id).toBe('warn');
      expect(text(byId[id]), id).toMatch(/receivers running pyspf or Mail::SPF return permerror/);
      expect(text(byId[id]), id).toMatch(/permerror for 2a01:111:f400::1 \(Microsoft 365, IPv6\) after 3 void lookups counted that way, at "mx" in the record of mxv6\.example/);
      // Microsoft's IPv6 addresses that end the same way are one sentence with a count, not one sentence each.
      expect(byId[id]?.message.match(/counted that way/g), id).toHaveLength(1);
      expect(byId[id]?.message, id).toMatch(/\(so do \d+ more of its addresses\)/);
    }
    // The fix puts Microsoft's include first, before the terms that stop its IPv6 mail there.
    expect(suggested(byId['spf.m365-include']).startsWith('v=spf1 include:spf.protection.outlook.com ')).toBe(true);
  });

  it('with RFC 7208 alone nothing changes: the evaluator counts the mx term once', async () => {
    const byId = await run('mxv6.example', zone);
    const senders = (byId['spf.m365-include']?.evidence as { microsoft: { senders: Array<{ ip: string; result: string; voidLookups: number; voidPerMxHost?: { result: string } }> } }).microsoft.senders;
    const v6 = senders.find((s) => s.ip === '2a01:111:f400::1');
    expect(v6).toMatchObject({ result: 'pass', voidLookups: 2, voidPerMxHost: { result: 'permerror' } });
  });
});

describe('the lookup limit per sender', () => {
  it('a macro hides an include target: the whole-tree count is "at least", the senders say what they really used', async () => {
    const byId = await run(
      'macro.example',
      world('macro.example', ['v=spf1 include:%{i}._ip.macro.example include:spf.protection.outlook.com ip4:203.0.113.25 -all'], {}),
    );
    const f = byId['spf.lookup-limit'];
    expect(text(f)).toContain('at least 2');
    expect(f?.evidence).toMatchObject({ atLeast: true });
  });

  it('Microsoft 365 over the limit before its include: fail naming the sender', async () => {
    const names = Array.from({ length: 10 }, (_, i) => `a:n${i}.limit.example`).join(' ');
    const extra: Zone = Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`n${i}.limit.example`, [{ A: `192.0.2.${i + 10}` }, { AAAA: `2001:db8:9::${i + 10}` }]]));
    const byId = await run('limit.example', world('limit.example', [`v=spf1 ip4:203.0.113.25 ${names} include:spf.protection.outlook.com -all`], extra));
    const f = byId['spf.lookup-limit'];
    expect(f?.status).toBe('fail');
    expect(text(f)).toMatch(/Mail from Microsoft 365 \(IPv4 and IPv6\) gets permerror/);
    expect(text(f)).toMatch(/after 11 DNS-querying terms/);
    expect(byId['spf.hosting-covered']?.status).toBe('pass');
  });
});

describe('spf.all judges the policy (issue 13 item 2)', () => {
  it.each([
    ['an include whose record ends in +all', 'v=spf1 include:spf.protection.outlook.com include:open.vendor.example ip4:203.0.113.25 -all', '"include:open.vendor.example"'],
    ['ip4:0.0.0.0/0', 'v=spf1 include:spf.protection.outlook.com ip4:0.0.0.0/0 -all', '"ip4:0.0.0.0/0"'],
    ['ip6:::/0', 'v=spf1 include:spf.protection.outlook.com ip4:203.0.113.25 ip6:::/0 -all', '"ip6:::/0"'],
  ])('a record ending in -all with %s fails, saying which address passed and what to remove', async (_name, record, term) => {
    const byId = await run('openall.example', world('openall.example', [record], { 'open.vendor.example': [{ TXT: 'v=spf1 +all' }] }));
    const f = byId['spf.all'];
    expect(f?.status).toBe('fail');
    expect(f?.message).toMatch(/SPF passes for .*addresses no one should authorise/);
    expect(f?.remedy).toContain(`Remove ${term}`);
    const fixed = suggested(f);
    expect(fixed).not.toContain(term.slice(1, -1));
    expect(fixed.endsWith(' -all')).toBe(true);
  });

  it('a record ending in -all that no one passes by accident passes, with the evaluations', async () => {
    const byId = await run('strict.example', world('strict.example', ['v=spf1 include:spf.protection.outlook.com ip4:203.0.113.25 -all']));
    expect(byId['spf.all']?.status).toBe('pass');
    expect(byId['spf.all']?.message).toMatch(/fail for 192\.0\.2\.254 .*fail for 2001:db8::5e:fe/);
  });
});

describe('broken records reported as what they are (issue 13 item 3)', () => {
  it('two SPF records: every spf check reports the permerror receivers get, with one merged record that parses', async () => {
    const byId = await run('two.example', world('two.example', ['v=spf1 include:spf.protection.outlook.com -all', 'v=spf1 ipv4:203.0.113.25 ip4:203.0.113.25/32 ~all']));
    for (const id of ['spf.syntax', 'spf.m365-include', 'spf.hosting-covered', 'spf.lookup-limit', 'spf.void-limit']) {
      expect(byId[id]?.status, id).toBe('fail');
      expect(byId[id]?.message, id).toContain('receivers return permerror for every sender');
    }
    expect(byId['spf.all']?.status).toBe('warn');
    const merged = suggested(byId['spf.hosting-covered']);
    expect(merged).toBe('v=spf1 include:spf.protection.outlook.com ip4:203.0.113.25 -all');
    expect(suggested(byId['spf.present'])).toBe(merged);
  });

  it('a hosting address already in the record under a typo is corrected, never added twice', async () => {
    const byId = await run('typo.example', world('typo.example', ['v=spf1 include:spf.protection.outlook.com ipv4:203.0.113.25 -all']));
    const record = suggested(byId['spf.hosting-covered']);
    expect(record).toBe('v=spf1 include:spf.protection.outlook.com ip4:203.0.113.25 -all');
    expect(record).not.toContain('ipv4:');
  });

  it('an address covered by a range in the record is not added again', async () => {
    // The hosting server passes only through the hosting MX left in; the fix adds its address, unless a range covers it.
    const byId = await run('range.example', {
      'range.example': [{ MX: [0, MS_MX] }, { MX: [10, 'mail.range.example'] }, { TXT: 'v=spf1 +mx include:spf.protection.outlook.com ?ip4:203.0.113.0/24 -all' }],
      'mail.range.example': [{ A: HOSTING }],
      ...microsoft,
    });
    const record = suggested(byId['spf.hosting-covered']);
    // Before the "+mx" that matches today, and so before the "?ip4:" range that would make it neutral once the MX goes.
    expect(record).toBe('v=spf1 ip4:203.0.113.25 +mx include:spf.protection.outlook.com ?ip4:203.0.113.0/24 -all');
  });

  it('a hosting address caught by an earlier "?ip4:" range goes before it, where it decides', async () => {
    const byId = await run('neutral.example', world('neutral.example', ['v=spf1 include:spf.protection.outlook.com ?ip4:203.0.113.0/24 -all']));
    expect(byId['spf.hosting-covered']?.status).toBe('fail');
    expect(byId['spf.hosting-covered']?.message).toMatch(/neutral for 203\.0\.113\.25 .* at "\?ip4:203\.0\.113\.0\/24"/);
    expect(suggested(byId['spf.hosting-covered'])).toBe('v=spf1 include:spf.protection.outlook.com ip4:203.0.113.25 ?ip4:203.0.113.0/24 -all');
  });

  it('Microsoft 365 caught by an earlier "-ip4:" range: the include goes before it', async () => {
    const byId = await run('minus.example', world('minus.example', ['v=spf1 -ip4:40.0.0.0/8 ip4:203.0.113.25 -all']));
    expect(byId['spf.m365-include']?.status).toBe('fail');
    expect(suggested(byId['spf.m365-include'])).toBe('v=spf1 include:spf.protection.outlook.com -ip4:40.0.0.0/8 ip4:203.0.113.25 -all');
  });

  it('a record over the lookup limit suggested by a remedy says so beside it', async () => {
    const names = Array.from({ length: 11 }, (_, i) => `a:n${i}.over.example`).join(' ');
    const extra: Zone = Object.fromEntries(Array.from({ length: 11 }, (_, i) => [`n${i}.over.example`, [{ A: `192.0.2.${i + 10}` }, { AAAA: `2001:db8:9::${i + 10}` }]]));
    const byId = await run('over.example', world('over.example', [`v=spf1 ${names} -all`], extra));
    expect(byId['spf.m365-include']?.remedy).toMatch(/it needs 12 DNS-querying terms, over the 10 allowed/);
  });
});
