// Adversarial audit of spf.*, dkim.* and dmarc.record: realistic tricky zones on the loopback DNS server,
// each expecting the status CHECKS.md / DOMAIN.md (and RFC 7208 / 6376 / 7489) call for.
import { generateKeyPairSync } from 'node:crypto';
import dnsPacket from 'dns-packet';
import type { Packet } from 'dns-packet';
import { describe, expect, it } from 'vitest';
import type { CheckInput, Status } from '../../src/engine/types.js';
import type { Zone, ZoneEntry } from '../../src/testbed/dns-server.js';
import { expectWorld } from '../helpers/expect-world.js';
import { runWorld } from '../helpers/run-world.js';

interface World {
  name: string;
  domain: string;
  zone: Zone;
  input?: CheckInput;
  expect: Record<string, Status>;
  /** Substrings the finding's message or remedy must contain. */
  says?: Record<string, string[]>;
  /** Substrings it must not contain. */
  never?: Record<string, string[]>;
  /** The whole run must end within this many ms (hostile data). */
  withinMs?: number;
  /** Names (any type) the server answers with SERVFAIL. */
  servfail?: string[];
}

const HOSTING = '203.0.113.25';
const HOSTING6 = '2001:db8:25::25';
const MS_MX = 'contoso-com.mail.protection.outlook.com';
const MS_SPF = 'v=spf1 ip4:40.92.0.0/15 ip4:40.107.0.0/16 ip4:52.100.0.0/15 ip4:104.47.0.0/17 ip6:2a01:111:f400::/48 -all';
const microsoft: Zone = {
  'spf.protection.outlook.com': [{ TXT: MS_SPF }],
  'spf.protection.office365.us': [{ TXT: 'v=spf1 ip4:52.238.78.88/32 ip4:52.245.0.0/16 -all' }],
  'spf.protection.partner.outlook.cn': [{ TXT: 'v=spf1 ip4:42.159.163.0/24 ip4:40.72.70.0/24 -all' }],
  [MS_MX]: [{ A: '198.51.100.10' }],
};
const given: CheckInput = { hostingIps: [HOSTING] };

/** A domain with Microsoft's MX and the given TXT records (an array is one record of several strings). */
function domain(name: string, txt: (string | string[])[], extra: Zone = {}): Zone {
  return { [name]: [{ MX: [0, MS_MX] }, ...txt.map((t) => ({ TXT: t }))], ...microsoft, ...extra };
}

/** `count` names under `suffix` each with an A record (for `a:` terms that cost one lookup and are not void). */
function hosts(prefix: string, count: number, suffix = 'example.net'): Zone {
  return Object.fromEntries(Array.from({ length: count }, (_, i) => [`${prefix}${i}.${suffix}`, [{ A: `192.0.2.${100 + i}` }]]));
}
const aTerms = (prefix: string, count: number, suffix = 'example.net') => Array.from({ length: count }, (_, i) => `a:${prefix}${i}.${suffix}`).join(' ');

/** One record's text as character-strings of at most 255 octets. */
function chunks(text: string): string[] {
  const parts: string[] = [];
  for (let i = 0; i < text.length; i += 255) parts.push(text.slice(i, i + 255));
  return parts;
}

const SPF_IDS = ['spf.present', 'spf.syntax', 'spf.m365-include', 'spf.hosting-covered', 'spf.lookup-limit', 'spf.void-limit', 'spf.all'];
const allSpf = (status: Status) => Object.fromEntries(SPF_IDS.map((id) => [id, status]));

// ---- DKIM keys, made fresh for the run --------------------------------------------------
const rsa = (bits: number) => generateKeyPairSync('rsa', { modulusLength: bits }).publicKey.export({ format: 'der', type: 'spki' }).toString('base64');
const KEYS = {
  rsa512: rsa(512),
  rsa1024: rsa(1024),
  rsa2048: rsa(2048),
  rsa4096: rsa(4096),
  ed25519: Buffer.from(generateKeyPairSync('ed25519').publicKey.export({ format: 'jwk' }).x ?? '', 'base64url').toString('base64'),
};
/** A TXT record cut into character-strings of at most `size` octets. */
function txt(text: string, size = 255): ZoneEntry {
  const parts: string[] = [];
  for (let i = 0; i < text.length; i += size) parts.push(text.slice(i, i + size));
  return { TXT: parts.length > 0 ? parts : [''] };
}
const dkimTxt = (key: string, head = 'v=DKIM1; k=rsa;') => txt(`${head} p=${key}`);

function m365Dkim(d: string, parent1: string, parent2 = parent1, token = d.replace(/\./g, '-'), withKeys = true): Zone {
  const t1 = `selector1-${token}._domainkey.${parent1}`;
  const t2 = `selector2-${token}._domainkey.${parent2}`;
  return {
    [`selector1._domainkey.${d}`]: [{ CNAME: t1 }],
    [`selector2._domainkey.${d}`]: [{ CNAME: t2 }],
    ...(withKeys ? { [t1]: [dkimTxt(KEYS.rsa2048)], [t2]: [dkimTxt(KEYS.rsa2048)] } : {}),
  };
}

const SPF_WORLDS: World[] = [
  // ---- spf.present: record selection (RFC 7208 §4.5) ----------------------------------------
  {
    name: 'V=SPF1 in upper case is an SPF record',
    domain: 'upper.com',
    zone: domain('upper.com', ['V=SPF1 INCLUDE:SPF.PROTECTION.OUTLOOK.COM IP4:203.0.113.25 -ALL']),
    input: given,
    expect: allSpf('pass'),
  },
  {
    name: 'record split into strings in the middle of a term and of "v=spf1"',
    domain: 'split.com',
    zone: domain('split.com', [['v=sp', 'f1 include:spf.protection.out', 'look.com ip4:203.0.', '113.25 -all']]),
    input: given,
    expect: allSpf('pass'),
  },
  {
    name: 'v=spf10 and "v=spf1include" are not SPF records: only the real one counts',
    domain: 'lookalike.com',
    zone: domain('lookalike.com', ['v=spf10 +all', 'v=spf1include:x.example', 'spf2.0/pra include:spf.protection.outlook.com -all', 'v=spf1 include:spf.protection.outlook.com ip4:203.0.113.25 -all']),
    input: given,
    expect: allSpf('pass'),
  },
  {
    name: 'two SPF records that differ only in case',
    domain: 'twocase.com',
    zone: domain('twocase.com', ['v=spf1 include:spf.protection.outlook.com -all', 'V=SPF1 ip4:203.0.113.25 -all']),
    input: given,
    expect: { 'spf.present': 'fail', 'spf.syntax': 'skip', 'spf.hosting-covered': 'skip', 'spf.all': 'skip' },
    says: { 'spf.present': ['2 SPF records'] },
  },
  {
    name: 'the domain does not exist',
    domain: 'gone.com',
    zone: { 'other.com': [{ A: '192.0.2.1' }] },
    input: given,
    expect: { 'spf.present': 'fail', 'spf.syntax': 'skip', 'spf.lookup-limit': 'skip' },
  },
  {
    name: 'the TXT lookup answers SERVFAIL',
    domain: 'servfail.com',
    zone: domain('servfail.com', ['v=spf1 -all']),
    servfail: ['servfail.com'],
    input: given,
    expect: allSpf('error'),
  },

  // ---- spf.syntax ---------------------------------------------------------------------------
  {
    name: 'ipv6: typo with a hosting IPv6 address',
    domain: 'typo6.com',
    zone: domain('typo6.com', ['v=spf1 include:spf.protection.outlook.com ipv6:2001:db8:25::25 -all']),
    input: { hostingIps: [HOSTING6] },
    expect: { 'spf.present': 'pass', 'spf.syntax': 'fail', 'spf.hosting-covered': 'fail' },
    says: { 'spf.syntax': ['ip6:2001:db8:25::25'] },
  },
  {
    name: 'ipv4: typo: only spf.syntax (and the evaluation) fail; the rest of the record is still judged as written',
    domain: 'typo4.com',
    zone: domain('typo4.com', ['v=spf1 include:spf.protection.outlook.com ipv4:203.0.113.25 -all']),
    input: given,
    expect: { 'spf.present': 'pass', 'spf.syntax': 'fail', 'spf.m365-include': 'pass', 'spf.hosting-covered': 'fail', 'spf.lookup-limit': 'pass', 'spf.void-limit': 'pass', 'spf.all': 'pass' },
    says: { 'spf.syntax': ['ip4:203.0.113.25'], 'spf.hosting-covered': ['permerror'] },
    never: { 'spf.m365-include': ['does not include'], 'spf.all': ['no "all"'] },
  },
  {
    name: 'a typo in a record that also lacks Microsoft and ends in ?all',
    domain: 'typo4q.com',
    zone: domain('typo4q.com', ['v=spf1 ipv4:203.0.113.25 mx:gone1.typo4q.com a:gone2.typo4q.com a:gone3.typo4q.com ?all']),
    input: given,
    expect: { 'spf.syntax': 'fail', 'spf.m365-include': 'fail', 'spf.hosting-covered': 'fail', 'spf.void-limit': 'fail', 'spf.all': 'warn' },
  },
  {
    name: 'an empty "v=spf1" record: neutral for everyone',
    domain: 'empty.com',
    zone: domain('empty.com', ['v=spf1']),
    input: given,
    expect: { 'spf.present': 'pass', 'spf.syntax': 'pass', 'spf.m365-include': 'fail', 'spf.hosting-covered': 'fail', 'spf.lookup-limit': 'pass', 'spf.void-limit': 'pass', 'spf.all': 'warn' },
    says: { 'spf.hosting-covered': ['neutral'] },
  },
  {
    name: 'a 4,000-byte SPF record of junk terms ends fast with a syntax finding',
    domain: 'junk.com',
    zone: domain('junk.com', [chunks(`v=spf1 include:spf.protection.outlook.com ${Array.from({ length: 400 }, (_, i) => `x${i}:y`).join(' ')} -all`)]),
    input: given,
    expect: { 'spf.present': 'pass', 'spf.syntax': 'fail', 'spf.hosting-covered': 'fail', 'spf.m365-include': 'pass', 'spf.all': 'pass' },
    withinMs: 5000,
  },
  {
    name: 'a 4,000-byte SPF record of 250 a: terms ends fast over the limit',
    domain: 'hugea.com',
    zone: domain('hugea.com', [chunks(`v=spf1 ${aTerms('n', 250, 'hugea.com')} include:spf.protection.outlook.com -all`)]),
    input: given,
    expect: { 'spf.present': 'pass', 'spf.lookup-limit': 'fail', 'spf.hosting-covered': 'fail' },
    withinMs: 5000,
  },
  {
    name: 'extra spaces between terms and at the end',
    domain: 'spaces.com',
    zone: domain('spaces.com', ['v=spf1  include:spf.protection.outlook.com   ip4:203.0.113.25  -all  ']),
    input: given,
    expect: allSpf('pass'),
  },
  {
    name: 'a hosting include reached through a CNAME',
    domain: 'cnameinc.com',
    zone: domain('cnameinc.com', ['v=spf1 include:spf.protection.outlook.com include:_spf.cnameinc.com -all'], {
      '_spf.cnameinc.com': [{ CNAME: '_spf.hostingco.example' }],
      '_spf.hostingco.example': [{ TXT: 'v=spf1 ip4:203.0.113.0/24 -all' }],
    }),
    input: given,
    expect: allSpf('pass'),
  },
  {
    name: 'ip4 with a prefix over 32',
    domain: 'cidr.com',
    zone: domain('cidr.com', ['v=spf1 include:spf.protection.outlook.com ip4:203.0.113.0/33 -all']),
    input: given,
    expect: { 'spf.syntax': 'fail', 'spf.hosting-covered': 'fail' },
  },
  {
    name: 'two redirect= modifiers',
    domain: 'tworedir.com',
    zone: domain('tworedir.com', ['v=spf1 redirect=a.example.net redirect=b.example.net']),
    input: given,
    expect: { 'spf.syntax': 'fail', 'spf.hosting-covered': 'fail' },
  },
  {
    name: 'include of a domain without an SPF record',
    domain: 'incnone.com',
    zone: domain('incnone.com', ['v=spf1 include:spf.protection.outlook.com include:_spf.gone.example ip4:203.0.113.25 -all']),
    input: given,
    // ip4 after the include: check_host() reaches the include first (permerror), so the hosting server fails.
    expect: { 'spf.syntax': 'fail', 'spf.m365-include': 'pass', 'spf.hosting-covered': 'fail' },
    says: { 'spf.syntax': ['_spf.gone.example'] },
  },
  {
    name: 'ptr in the record: works, but deprecated',
    domain: 'ptr.com',
    zone: domain('ptr.com', ['v=spf1 include:spf.protection.outlook.com ip4:203.0.113.25 ptr -all']),
    input: given,
    expect: { 'spf.syntax': 'warn', 'spf.hosting-covered': 'pass', 'spf.lookup-limit': 'pass' },
  },
  {
    name: 'unknown modifier and a macro exists: valid syntax',
    domain: 'macro.com',
    zone: domain('macro.com', ['v=spf1 include:spf.protection.outlook.com ip4:203.0.113.25 exists:%{i}._spf.macro.com foo=bar -all']),
    input: given,
    expect: { 'spf.syntax': 'pass', 'spf.hosting-covered': 'pass', 'spf.lookup-limit': 'pass' },
  },

  // ---- spf.m365-include ---------------------------------------------------------------------
  {
    name: "Microsoft's include three levels down",
    domain: 'deepms.com',
    zone: domain('deepms.com', ['v=spf1 include:_spf.deepms.com -all'], {
      '_spf.deepms.com': [{ TXT: 'v=spf1 include:_spf2.deepms.com ip4:203.0.113.25 -all' }],
      '_spf2.deepms.com': [{ TXT: 'v=spf1 include:spf.protection.outlook.com -all' }],
    }),
    input: given,
    expect: { 'spf.m365-include': 'pass', 'spf.hosting-covered': 'pass', 'spf.lookup-limit': 'pass' },
  },
  {
    name: "Microsoft's include written with capitals and a trailing dot",
    domain: 'dotms.com',
    zone: domain('dotms.com', ['v=spf1 include:SPF.Protection.Outlook.com. ip4:203.0.113.25 -all']),
    input: given,
    expect: allSpf('pass'),
  },
  {
    name: "Microsoft's include after -all is never evaluated",
    domain: 'afterall.com',
    zone: domain('afterall.com', ['v=spf1 ip4:203.0.113.25 -all include:spf.protection.outlook.com']),
    input: given,
    expect: { 'spf.m365-include': 'fail', 'spf.hosting-covered': 'pass', 'spf.all': 'pass' },
  },
  {
    name: "Microsoft's include beside -all in a record whose redirect= is ignored",
    domain: 'redirignored.com',
    zone: domain('redirignored.com', ['v=spf1 ip4:203.0.113.25 redirect=_spf.redirignored.com -all'], {
      '_spf.redirignored.com': [{ TXT: 'v=spf1 include:spf.protection.outlook.com -all' }],
    }),
    input: given,
    expect: { 'spf.m365-include': 'fail', 'spf.hosting-covered': 'pass', 'spf.all': 'pass', 'spf.lookup-limit': 'pass' },
  },
  {
    name: "Microsoft's include with a - qualifier: Microsoft's servers are not authorized",
    domain: 'minusms.com',
    zone: domain('minusms.com', ['v=spf1 -include:spf.protection.outlook.com ip4:203.0.113.25 ~all']),
    input: given,
    expect: { 'spf.m365-include': 'fail', 'spf.hosting-covered': 'pass' },
  },
  {
    name: "Microsoft's include with ~ inside a nested include",
    domain: 'softms.com',
    zone: domain('softms.com', ['v=spf1 include:_spf.softms.com ip4:203.0.113.25 -all'], {
      '_spf.softms.com': [{ TXT: 'v=spf1 ~include:spf.protection.outlook.com -all' }],
    }),
    input: given,
    expect: { 'spf.m365-include': 'fail', 'spf.hosting-covered': 'pass' },
    says: { 'spf.m365-include': ['~include:spf.protection.outlook.com', 'softfail'] },
  },
  {
    name: "a ?include: of another service does not spoil Microsoft's + include",
    domain: 'qother.com',
    zone: domain('qother.com', ['v=spf1 ?include:_spf.other.example +include:spf.protection.outlook.com ip4:203.0.113.25 -all'], {
      '_spf.other.example': [{ TXT: 'v=spf1 ip4:192.0.2.0/24 -all' }],
    }),
    input: given,
    expect: allSpf('pass'),
  },
  {
    name: "Microsoft's include only through a ?include: of a vendor record",
    domain: 'qvendor.com',
    zone: domain('qvendor.com', ['v=spf1 ?include:_spf.vendor.example ip4:203.0.113.25 -all'], {
      '_spf.vendor.example': [{ TXT: 'v=spf1 include:spf.protection.outlook.com -all' }],
    }),
    input: given,
    expect: { 'spf.m365-include': 'fail' },
    says: { 'spf.m365-include': ['?include:_spf.vendor.example', 'neutral'] },
  },
  {
    name: 'GCC High MX and GCC High include',
    domain: 'agency.us',
    zone: {
      'agency.us': [{ MX: [0, 'agency-us.mail.protection.office365.us'] }, { TXT: 'v=spf1 include:spf.protection.office365.us ip4:203.0.113.25 -all' }],
      'agency-us.mail.protection.office365.us': [{ A: '198.51.100.30' }],
      ...microsoft,
    },
    input: given,
    expect: allSpf('pass'),
  },
  {
    name: '21Vianet MX and 21Vianet include',
    domain: 'example.cn',
    zone: {
      'example.cn': [{ MX: [0, 'example-cn.mail.protection.partner.outlook.cn'] }, { TXT: 'v=spf1 include:spf.protection.partner.outlook.cn ip4:203.0.113.25 -all' }],
      'example-cn.mail.protection.partner.outlook.cn': [{ A: '198.51.100.31' }],
      ...microsoft,
    },
    input: given,
    expect: allSpf('pass'),
  },
  {
    name: 'worldwide MX but only the 21Vianet include',
    domain: 'wrongcloud.com',
    zone: domain('wrongcloud.com', ['v=spf1 include:spf.protection.partner.outlook.cn ip4:203.0.113.25 -all']),
    input: given,
    expect: { 'spf.m365-include': 'warn' },
    says: { 'spf.m365-include': ['include:spf.protection.outlook.com'] },
  },
  {
    name: "Microsoft's include target times out",
    domain: 'msslow.com',
    zone: { ...domain('msslow.com', ['v=spf1 ip4:203.0.113.25 include:spf.protection.outlook.com -all']), 'spf.protection.outlook.com': ['TIMEOUT'] },
    input: given,
    // The include is reached (its name is in the record): the hosting ip4 matches before it.
    expect: { 'spf.m365-include': 'pass', 'spf.hosting-covered': 'pass', 'spf.syntax': 'error', 'spf.lookup-limit': 'error' },
  },

  // ---- spf.lookup-limit: whole tree, every querying term --------------------------------------
  {
    name: 'exactly 8 lookups: a, mx, ptr, exists, include and redirect-free',
    domain: 'eight.com',
    zone: domain('eight.com', [`v=spf1 include:spf.protection.outlook.com a mx ptr:eight.com exists:e.eight.com ${aTerms('h', 3)} ip4:203.0.113.25 -all`], {
      'eight.com': [{ MX: [0, MS_MX] }, { A: '192.0.2.1' }, { TXT: `v=spf1 include:spf.protection.outlook.com a mx ptr:eight.com exists:e.eight.com ${aTerms('h', 3)} ip4:203.0.113.25 -all` }],
      'e.eight.com': [{ A: '127.0.0.2' }],
      ...hosts('h', 3),
    }),
    input: given,
    expect: { 'spf.lookup-limit': 'pass', 'spf.void-limit': 'pass' },
    says: { 'spf.lookup-limit': ['needs 8'] },
  },
  {
    name: 'exactly 10 lookups counting the redirect and the records below it',
    domain: 'ten.com',
    zone: domain('ten.com', [`v=spf1 ${aTerms('t', 4)} redirect=_spf.ten.com`], {
      '_spf.ten.com': [{ TXT: `v=spf1 include:spf.protection.outlook.com ip4:203.0.113.25 ${aTerms('u', 4)} -all` }],
      ...hosts('t', 4),
      ...hosts('u', 4),
    }),
    input: given,
    expect: { 'spf.lookup-limit': 'warn', 'spf.all': 'pass', 'spf.m365-include': 'pass', 'spf.hosting-covered': 'pass' },
    says: { 'spf.lookup-limit': ['needs 10'] },
  },
  {
    name: 'exactly 11 lookups, the 11th an mx in an include',
    domain: 'eleven.com',
    zone: domain('eleven.com', [`v=spf1 ip4:203.0.113.25 include:spf.protection.outlook.com ${aTerms('v', 8)} include:_x.eleven.com -all`], {
      '_x.eleven.com': [{ TXT: 'v=spf1 mx:eleven.com -all' }],
      ...hosts('v', 8),
    }),
    input: given,
    // The hosting ip4 matches before any lookup, so the hosting server still passes; other receivers' evaluations do not.
    expect: { 'spf.lookup-limit': 'fail', 'spf.hosting-covered': 'pass' },
    says: { 'spf.lookup-limit': ['needs 11'] },
  },
  {
    name: 'nine lookups plus a redirect beside -all (the redirect is ignored and not counted)',
    domain: 'ninered.com',
    zone: domain('ninered.com', [`v=spf1 include:spf.protection.outlook.com ip4:203.0.113.25 ${aTerms('w', 8)} redirect=_heavy.ninered.com -all`], {
      '_heavy.ninered.com': [{ TXT: `v=spf1 ${aTerms('z', 9)} -all` }],
      ...hosts('w', 8),
      ...hosts('z', 9),
    }),
    input: given,
    expect: { 'spf.lookup-limit': 'warn' },
    says: { 'spf.lookup-limit': ['needs 9'] },
  },
  {
    name: 'terms after -all are not counted',
    domain: 'tail.com',
    zone: domain('tail.com', [chunks(`v=spf1 include:spf.protection.outlook.com ip4:203.0.113.25 -all ${aTerms('q', 12)}`)], hosts('q', 12)),
    input: given,
    expect: { 'spf.lookup-limit': 'pass', 'spf.syntax': 'pass' },
  },
  {
    name: 'mx term whose domain has 11 MX names (permerror)',
    domain: 'manymx.com',
    zone: domain('manymx.com', ['v=spf1 include:spf.protection.outlook.com mx:pool.manymx.com ip4:203.0.113.25 -all'], {
      'pool.manymx.com': Array.from({ length: 11 }, (_, i) => ({ MX: [i, `m${i}.manymx.com`] as [number, string] })),
      ...Object.fromEntries(Array.from({ length: 11 }, (_, i) => [`m${i}.manymx.com`, [{ A: `192.0.2.${i + 1}` }]])),
    }),
    input: given,
    expect: { 'spf.lookup-limit': 'fail', 'spf.hosting-covered': 'fail' },
  },
  {
    name: 'mx term with exactly 10 MX names is fine',
    domain: 'tenmx.com',
    zone: domain('tenmx.com', ['v=spf1 include:spf.protection.outlook.com mx:pool.tenmx.com ip4:203.0.113.25 -all'], {
      'pool.tenmx.com': Array.from({ length: 10 }, (_, i) => ({ MX: [i, `m${i}.tenmx.com`] as [number, string] })),
      ...Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`m${i}.tenmx.com`, [{ A: `192.0.2.${i + 1}` }]])),
    }),
    input: given,
    expect: { 'spf.lookup-limit': 'pass', 'spf.hosting-covered': 'pass' },
  },
  {
    name: 'a record of 60 a: terms stops counting early and fails fast',
    domain: 'wide.com',
    zone: domain('wide.com', [chunks(`v=spf1 include:spf.protection.outlook.com ${aTerms('r', 60)} ip4:203.0.113.25 -all`)], hosts('r', 60)),
    input: given,
    expect: { 'spf.lookup-limit': 'fail', 'spf.hosting-covered': 'fail', 'spf.present': 'pass' },
    withinMs: 5000,
  },
  {
    name: 'an include bomb: every record includes two more, 12 levels deep',
    domain: 'bomb.com',
    zone: domain('bomb.com', ['v=spf1 include:spf.protection.outlook.com include:b0-0.example.net ip4:203.0.113.25 -all'], Object.fromEntries(
      Array.from({ length: 12 }, (_, level) => [`b${level}-0.example.net`, [{ TXT: level === 11 ? 'v=spf1 -all' : `v=spf1 include:b${level + 1}-0.example.net include:b${level + 1}-0.example.net -all` }]]),
    )),
    input: given,
    expect: { 'spf.lookup-limit': 'fail', 'spf.hosting-covered': 'fail', 'spf.m365-include': 'pass' },
    withinMs: 5000,
  },
  {
    name: 'a record that redirects to itself',
    domain: 'selfredir.com',
    zone: domain('selfredir.com', ['v=spf1 ip4:192.0.2.1 redirect=selfredir.com']),
    input: given,
    expect: { 'spf.present': 'pass', 'spf.lookup-limit': 'fail', 'spf.hosting-covered': 'fail' },
    withinMs: 5000,
  },

  // ---- spf.void-limit -----------------------------------------------------------------------
  {
    name: 'two void lookups are allowed',
    domain: 'twovoid.com',
    zone: domain('twovoid.com', ['v=spf1 include:spf.protection.outlook.com a:gone1.twovoid.com mx:gone2.twovoid.com ip4:203.0.113.25 -all']),
    input: given,
    expect: { 'spf.void-limit': 'pass', 'spf.hosting-covered': 'pass' },
  },
  {
    name: 'three void lookups spread over an include (empty answers count too)',
    domain: 'threevoid.com',
    zone: domain('threevoid.com', ['v=spf1 include:spf.protection.outlook.com a:gone1.threevoid.com include:_v.threevoid.com ip4:203.0.113.25 -all'], {
      '_v.threevoid.com': [{ TXT: 'v=spf1 mx:_v.threevoid.com exists:nodata.threevoid.com -all' }],
      'nodata.threevoid.com': [{ TXT: 'no address here' }],
    }),
    input: given,
    expect: { 'spf.void-limit': 'fail', 'spf.hosting-covered': 'fail' },
  },

  // ---- spf.all ------------------------------------------------------------------------------
  {
    name: 'redirect= to a name with no SPF record: permerror, said as such (not "no all")',
    domain: 'deadredir.com',
    zone: domain('deadredir.com', ['v=spf1 include:spf.protection.outlook.com redirect=_spf.gone.example.net'], { '_spf.gone.example.net': [{ TXT: 'not spf' }] }),
    input: given,
    expect: { 'spf.syntax': 'fail', 'spf.all': 'warn', 'spf.hosting-covered': 'fail' },
    says: { 'spf.all': ['redirect=_spf.gone.example.net', 'permerror', 'Publish the SPF record the redirect expects'] },
    never: { 'spf.all': ['no "all" term'] },
  },
  {
    name: 'a bare "all" is +all',
    domain: 'bareall.com',
    zone: domain('bareall.com', ['v=spf1 include:spf.protection.outlook.com ip4:203.0.113.25 all']),
    input: given,
    expect: { 'spf.all': 'fail' },
  },
  {
    name: '~all passes',
    domain: 'soft.com',
    zone: domain('soft.com', ['v=spf1 include:spf.protection.outlook.com ip4:203.0.113.25 ~all']),
    input: given,
    expect: allSpf('pass'),
  },
  {
    name: 'redirect= to a record ending in +all',
    domain: 'redirplus.com',
    zone: domain('redirplus.com', ['v=spf1 include:spf.protection.outlook.com redirect=_spf.redirplus.com'], {
      '_spf.redirplus.com': [{ TXT: 'v=spf1 ip4:203.0.113.25 +all' }],
    }),
    input: given,
    expect: { 'spf.all': 'fail', 'spf.hosting-covered': 'pass' },
  },
  {
    name: 'redirect= to a record ending in ?all',
    domain: 'redirq.com',
    zone: domain('redirq.com', ['v=spf1 include:spf.protection.outlook.com redirect=_spf.redirq.com'], {
      '_spf.redirq.com': [{ TXT: 'v=spf1 ip4:203.0.113.25 ?all' }],
    }),
    input: given,
    expect: { 'spf.all': 'warn', 'spf.hosting-covered': 'pass' },
  },
  {
    name: '-all with a redirect beside it: the redirect is ignored, -all counts',
    domain: 'allredir.com',
    zone: domain('allredir.com', ['v=spf1 include:spf.protection.outlook.com ip4:203.0.113.25 redirect=_spf.allredir.com -all'], {
      '_spf.allredir.com': [{ TXT: 'v=spf1 +all' }],
    }),
    input: given,
    expect: { 'spf.all': 'pass' },
  },
  {
    name: 'the redirect target times out and there is no all: error, not a guess',
    domain: 'redirslow.com',
    zone: domain('redirslow.com', ['v=spf1 include:spf.protection.outlook.com ip4:203.0.113.25 redirect=_spf.redirslow.com'], {
      '_spf.redirslow.com': ['TIMEOUT'],
    }),
    input: given,
    expect: { 'spf.all': 'error', 'spf.hosting-covered': 'pass', 'spf.m365-include': 'pass', 'spf.lookup-limit': 'error' },
  },

  // ---- spf.hosting-covered ------------------------------------------------------------------
  {
    name: 'hosting IPv6 address covered by an ip6 range',
    domain: 'six.com',
    zone: domain('six.com', ['v=spf1 include:spf.protection.outlook.com ip4:203.0.113.25 ip6:2001:db8:25::/48 -all']),
    input: { hostingIps: [HOSTING, HOSTING6] },
    expect: allSpf('pass'),
  },
  {
    name: 'hosting IPv6 address not covered (only its IPv4 is listed)',
    domain: 'sixmissing.com',
    zone: domain('sixmissing.com', ['v=spf1 include:spf.protection.outlook.com ip4:203.0.113.25 -all']),
    input: { hostingIps: [HOSTING, HOSTING6] },
    expect: { 'spf.hosting-covered': 'fail' },
    says: { 'spf.hosting-covered': ['ip6:2001:db8:25::25'] },
  },
  {
    name: 'hosting covered through "a:" of the hosting server name',
    domain: 'viaa.com',
    zone: domain('viaa.com', ['v=spf1 include:spf.protection.outlook.com a:server7.hostingco.example -all'], {
      'server7.hostingco.example': [{ A: HOSTING }],
    }),
    input: given,
    expect: allSpf('pass'),
  },
  {
    name: 'hosting covered through a hosting include (Hostinger style)',
    domain: 'hostinger-style.com',
    zone: domain('hostinger-style.com', ['v=spf1 include:spf.protection.outlook.com include:_spf.mail.hostinger.com ~all'], {
      '_spf.mail.hostinger.com': [{ TXT: 'v=spf1 ip4:203.0.113.0/24 -all' }],
    }),
    input: given,
    expect: allSpf('pass'),
  },
  {
    name: 'hosting covered only through the "a" of the domain whose A is the hosting server',
    domain: 'viaowna.com',
    zone: {
      'viaowna.com': [{ MX: [0, MS_MX] }, { A: HOSTING }, { TXT: 'v=spf1 +a +mx include:spf.protection.outlook.com ~all' }],
      ...microsoft,
    },
    input: given,
    expect: { 'spf.hosting-covered': 'pass' },
  },
  {
    name: 'hosting IPs inferred from mail.<domain> (not Microsoft)',
    domain: 'inferred.com',
    zone: domain('inferred.com', ['v=spf1 include:spf.protection.outlook.com ip4:203.0.113.25 -all'], {
      'mail.inferred.com': [{ A: HOSTING }],
    }),
    expect: { 'spf.hosting-covered': 'pass' },
    says: { 'spf.hosting-covered': ['inferred'] },
  },
  {
    name: 'mail.<domain> is a CNAME to Microsoft: no hosting address, skip',
    domain: 'msmail.com',
    zone: domain('msmail.com', ['v=spf1 include:spf.protection.outlook.com -all'], {
      'mail.msmail.com': [{ CNAME: MS_MX }],
    }),
    expect: { 'spf.hosting-covered': 'skip' },
  },
  {
    name: 'mail.<domain> lookup times out: error, not skip',
    domain: 'mailslow.com',
    zone: domain('mailslow.com', ['v=spf1 include:spf.protection.outlook.com -all'], {
      'mail.mailslow.com': ['TIMEOUT'],
    }),
    expect: { 'spf.hosting-covered': 'error', 'spf.m365-include': 'pass' },
  },
  {
    name: 'smart host given: its addresses are the hosting addresses',
    domain: 'given-sh.com',
    zone: domain('given-sh.com', ['v=spf1 include:spf.protection.outlook.com ip4:203.0.113.25 -all'], {
      'server7.hostingco.example': [{ A: HOSTING }, { AAAA: HOSTING6 }],
    }),
    input: { smartHost: { host: 'server7.hostingco.example', port: 25 } },
    expect: { 'spf.hosting-covered': 'fail' },
    says: { 'spf.hosting-covered': [HOSTING6] },
    never: { 'spf.hosting-covered': [`fail for ${HOSTING}`] },
  },
  {
    name: 'an include before the hosting ip4 times out: error for the hosting server, never fail',
    domain: 'incslow.com',
    zone: domain('incslow.com', ['v=spf1 include:spf.protection.outlook.com include:_spf.slow.example ip4:203.0.113.25 -all'], {
      '_spf.slow.example': ['TIMEOUT'],
    }),
    input: given,
    expect: { 'spf.hosting-covered': 'error', 'spf.m365-include': 'pass', 'spf.syntax': 'error', 'spf.lookup-limit': 'error', 'spf.void-limit': 'error', 'spf.all': 'pass' },
  },
  {
    name: 'an a: term before the hosting ip4 answers SERVFAIL: error, never fail',
    domain: 'aservfail.com',
    zone: domain('aservfail.com', ['v=spf1 include:spf.protection.outlook.com a:broken.aservfail.com ip4:203.0.113.25 -all']),
    servfail: ['broken.aservfail.com'],
    input: given,
    expect: { 'spf.hosting-covered': 'error', 'spf.m365-include': 'pass', 'spf.void-limit': 'error' },
  },
];

// ---- DKIM and DMARC ---------------------------------------------------------------------------
const DKIM_WORLDS: World[] = [
  {
    name: 'selector1 classic form, selector2 the new v1 form: inconsistent',
    domain: 'mixed.com',
    zone: m365Dkim('mixed.com', 'mixed.onmicrosoft.com', 'mixed.r-v1.dkim.mail.microsoft'),
    expect: { 'dkim.m365': 'warn' },
  },
  {
    name: 'both selectors in the v1 form with keys',
    domain: 'vone.com',
    zone: m365Dkim('vone.com', 'vone.s-v1.dkim.mail.microsoft'),
    expect: { 'dkim.m365': 'pass' },
  },
  {
    name: 'both selectors to Microsoft, no key behind either (NXDOMAIN at the target)',
    domain: 'nokeys.com',
    zone: m365Dkim('nokeys.com', 'nokeys.onmicrosoft.com', undefined, undefined, false),
    expect: { 'dkim.m365': 'fail' },
  },
  {
    name: 'selector CNAMEs to another tenant than each other',
    domain: 'tenants.com',
    zone: m365Dkim('tenants.com', 'alpha.onmicrosoft.com', 'beta.onmicrosoft.com'),
    expect: { 'dkim.m365': 'warn' },
    says: { 'dkim.m365': ['alpha', 'beta'] },
  },
  {
    name: 'selector1 CNAME answers SERVFAIL-like timeout: error',
    domain: 'selslow.com',
    zone: { ...m365Dkim('selslow.com', 'selslow.onmicrosoft.com'), 'selector1._domainkey.selslow.com': ['TIMEOUT'] },
    expect: { 'dkim.m365': 'error' },
  },
  {
    name: 'selector CNAMEs to a DKIM host of a hosting provider',
    domain: 'hostdkim.com',
    zone: {
      'selector1._domainkey.hostdkim.com': [{ CNAME: 'selector1._domainkey.hostingco.example' }],
      'selector2._domainkey.hostdkim.com': [{ CNAME: 'selector2._domainkey.hostingco.example' }],
      'selector1._domainkey.hostingco.example': [dkimTxt(KEYS.rsa2048)],
      'selector2._domainkey.hostingco.example': [dkimTxt(KEYS.rsa2048)],
    },
    expect: { 'dkim.m365': 'fail' },
  },
  // dkim.hosting
  { name: 'hosting RSA 512', domain: 'h512.com', zone: { 'default._domainkey.h512.com': [dkimTxt(KEYS.rsa512)] }, expect: { 'dkim.hosting': 'fail' } },
  { name: 'hosting RSA 1024', domain: 'h1024.com', zone: { 'default._domainkey.h1024.com': [dkimTxt(KEYS.rsa1024)] }, expect: { 'dkim.hosting': 'warn' } },
  { name: 'hosting RSA 2048 in 255-octet strings', domain: 'h2048.com', zone: { 'default._domainkey.h2048.com': [dkimTxt(KEYS.rsa2048)] }, expect: { 'dkim.hosting': 'pass' } },
  {
    name: 'hosting RSA 4096 in 255-octet strings (a TXT answer over 512 octets)',
    domain: 'h4096.com',
    zone: { 'default._domainkey.h4096.com': [dkimTxt(KEYS.rsa4096)] },
    expect: { 'dkim.hosting': 'pass' },
    says: { 'dkim.hosting': ['4096'] },
  },
  { name: 'hosting key without v= (optional)', domain: 'nov.com', zone: { 'default._domainkey.nov.com': [dkimTxt(KEYS.rsa2048, 'k=rsa;')] }, expect: { 'dkim.hosting': 'pass' } },
  { name: 'hosting key with k= and p= only, no k', domain: 'onlyp.com', zone: { 'default._domainkey.onlyp.com': [txt(`p=${KEYS.rsa2048}`)] }, expect: { 'dkim.hosting': 'pass' } },
  { name: 'hosting key p= empty (revoked)', domain: 'revoked.com', zone: { 'default._domainkey.revoked.com': [txt('v=DKIM1; k=rsa; p=')] }, expect: { 'dkim.hosting': 'fail' } },
  { name: 'hosting key bad base64', domain: 'b64.com', zone: { 'default._domainkey.b64.com': [txt('v=DKIM1; k=rsa; p=MIIB*not*base64')] }, expect: { 'dkim.hosting': 'fail' } },
  { name: 'hosting key k=ed25519', domain: 'ed.com', zone: { 'default._domainkey.ed.com': [dkimTxt(KEYS.ed25519, 'v=DKIM1; k=ed25519;')] }, expect: { 'dkim.hosting': 'pass' } },
  { name: 'hosting key k=ed25519 but an RSA key in p=', domain: 'edrsa.com', zone: { 'default._domainkey.edrsa.com': [dkimTxt(KEYS.rsa2048, 'v=DKIM1; k=ed25519;')] }, expect: { 'dkim.hosting': 'fail' } },
  // RFC 6376 §3.2: tag values are case-sensitive unless a tag says otherwise, and k= does not.
  { name: 'hosting key with k=RSA in capitals', domain: 'krsa.com', zone: { 'default._domainkey.krsa.com': [dkimTxt(KEYS.rsa2048, 'v=DKIM1; k=RSA;')] }, expect: { 'dkim.hosting': 'fail' } },
  { name: 'hosting key with h=sha256 and s=email', domain: 'hs.com', zone: { 'default._domainkey.hs.com': [dkimTxt(KEYS.rsa2048, 'v=DKIM1; k=rsa; h=sha256; s=email;')] }, expect: { 'dkim.hosting': 'pass' } },
  { name: 'hosting key with v=DKIM1 in lower case', domain: 'vlower.com', zone: { 'default._domainkey.vlower.com': [dkimTxt(KEYS.rsa2048, 'v=dkim1; k=rsa;')] }, expect: { 'dkim.hosting': 'fail' } },
  {
    name: 'a 4,000-byte junk TXT at the hosting selector ends fast as an unusable key',
    domain: 'junkkey.com',
    zone: { 'default._domainkey.junkkey.com': [txt(`v=DKIM1; k=rsa; p=${'A'.repeat(3990)}`)] },
    expect: { 'dkim.hosting': 'fail' },
    withinMs: 5000,
  },
  { name: 'hosting selector does not exist', domain: 'nohostkey.com', zone: { 'nohostkey.com': [{ A: '192.0.2.1' }] }, expect: { 'dkim.hosting': 'fail' } },
  { name: 'hosting selector lookup times out', domain: 'hostslow.com', zone: { 'default._domainkey.hostslow.com': ['TIMEOUT'] }, expect: { 'dkim.hosting': 'error' } },
  {
    name: 'hosting selector given on the command line',
    domain: 'customsel.com',
    zone: { 'x2024._domainkey.customsel.com': [dkimTxt(KEYS.rsa2048)] },
    input: { dkimSelector: 'x2024' },
    expect: { 'dkim.hosting': 'pass' },
  },

  // dmarc.record
  { name: 'DMARC reject', domain: 'dreject.com', zone: { '_dmarc.dreject.com': [txt('v=DMARC1; p=reject; rua=mailto:dmarc@dreject.com')] }, expect: { 'dmarc.record': 'pass' } },
  { name: 'DMARC with spaces and a trailing semicolon', domain: 'dspace.com', zone: { '_dmarc.dspace.com': [txt('v = DMARC1 ;  p = quarantine ; rua=mailto:d@dspace.com ;')] }, expect: { 'dmarc.record': 'pass' } },
  { name: 'DMARC p=Reject in mixed case', domain: 'dcase.com', zone: { '_dmarc.dcase.com': [txt('v=DMARC1; p=Reject; rua=mailto:d@dcase.com')] }, expect: { 'dmarc.record': 'pass' } },
  { name: 'DMARC p=none', domain: 'dnone.com', zone: { '_dmarc.dnone.com': [txt('v=DMARC1; p=none; rua=mailto:d@dnone.com')] }, expect: { 'dmarc.record': 'warn' } },
  { name: 'DMARC p=quarantine; pct=50', domain: 'dpct.com', zone: { '_dmarc.dpct.com': [txt('v=DMARC1; p=quarantine; pct=50; rua=mailto:d@dpct.com')] }, expect: { 'dmarc.record': 'warn' } },
  { name: 'DMARC split in tiny strings', domain: 'dsplit.com', zone: { '_dmarc.dsplit.com': [txt('v=DMARC1; p=reject; rua=mailto:d@dsplit.com', 5)] }, expect: { 'dmarc.record': 'pass' } },
  { name: 'DMARC two records', domain: 'dtwo.com', zone: { '_dmarc.dtwo.com': [txt('v=DMARC1; p=reject'), txt('v=DMARC1; p=none')] }, expect: { 'dmarc.record': 'fail' } },
  { name: 'DMARC plus an unrelated TXT at the same name', domain: 'dother.com', zone: { '_dmarc.dother.com': [txt('v=DMARC1; p=reject; rua=mailto:d@dother.com'), txt('some-verification=abc')] }, expect: { 'dmarc.record': 'pass' } },
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
    expect: { 'dmarc.record': 'pass' },
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
];

function checkWorld(world: World): void {
  it(world.name, async () => {
    const failing = new Set((world.servfail ?? []).map((n) => n.toLowerCase()));
    const handler = (q: { id: number; questions: Packet['questions'] }) =>
      failing.has(q.questions?.[0]?.name.toLowerCase() ?? '')
        ? ({ type: 'response', id: q.id, flags: dnsPacket.RECURSION_AVAILABLE | 2, questions: q.questions, answers: [] } as Packet)
        : undefined;
    const { byId, elapsedMs } = await runWorld(world.domain, { zone: world.zone, handler }, { input: world.input ?? {} });
    expectWorld(byId, world);
    if (world.withinMs !== undefined) expect(elapsedMs).toBeLessThan(world.withinMs);
  });
}

describe('audit: spf.* over tricky split-domain zones', () => {
  for (const world of SPF_WORLDS) checkWorld(world);
});

describe('audit: dkim.* and dmarc.record over tricky zones', () => {
  for (const world of DKIM_WORLDS) checkWorld(world);
});
