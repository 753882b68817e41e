// Seeded DMARC worlds for the differential test: a domain, its _dmarc records (valid and subtly broken) and its organizational domain's, plus report-authorisation and Public Suffix List cases.
import { prng } from '../../../src/testbed/prng.js';

/** TXT records by owner name, each record as its character-strings. */
export type TxtZone = Record<string, string[][]>;

export interface PolicyCase {
  index: number;
  domain: string;
  zone: TxtZone;
  mutations: string[];
}

type Pick = <T>(items: readonly T[]) => T;

interface Tag {
  name: string;
  value: string;
}

const POLICY_VALUES = ['none', 'quarantine', 'reject'] as const;

/** One record's mutations: the ways DMARC records are published wrongly or unusually. */
const MUTATIONS: Record<string, (tags: Tag[], pick: Pick, domain: string) => Tag[]> = {
  'no-v': (tags) => tags.filter((t) => t.name !== 'v'),
  'v-late': (tags) => [...tags.filter((t) => t.name !== 'v'), ...tags.filter((t) => t.name === 'v')],
  'v-value': (tags, pick) => tags.map((t) => (t.name === 'v' ? { name: 'v', value: pick(['dmarc1', 'DMARC2', 'DMARC10', 'Dmarc1']) } : t)),
  'v-upper': (tags) => tags.map((t) => (t.name === 'v' ? { name: 'V', value: t.value } : t)),
  'no-p': (tags) => tags.filter((t) => t.name !== 'p'),
  'p-late': (tags) => [...tags.filter((t) => t.name !== 'p'), ...tags.filter((t) => t.name === 'p')],
  'p-value': (tags, pick) => tags.map((t) => (t.name === 'p' ? { name: 'p', value: pick(['block', 'rej', 'r', 'Reject', 'QUARANTINE', 'n', 'nonee']) } : t)),
  sp: (tags, pick) => [...tags, { name: 'sp', value: pick([...POLICY_VALUES, 'maybe', 'q']) }],
  pct: (tags, pick) => [...tags, { name: 'pct', value: pick(['50', '0', '100', '101', 'abc', '-1', '50%']) }],
  adkim: (tags, pick) => [...tags, { name: pick(['adkim', 'aspf']), value: pick(['s', 'r', 'strict', 'x', 'S']) }],
  fo: (tags, pick) => [...tags, { name: 'fo', value: pick(['1', '0:d', 'd:s', '2', 'x']) }],
  rf: (tags, pick) => [...tags, { name: 'rf', value: pick(['afrf', 'iodef', 'xml']) }],
  ri: (tags, pick) => [...tags, { name: 'ri', value: pick(['3600', '86400', 'x', '1h']) }],
  rua: (tags, pick, domain) => [...tags, { name: 'rua', value: pick([`mailto:d@${domain}`, `mailto:d@${domain}!10m`, 'd@x.com', `mailto:a@${domain},,mailto:b@${domain}`, `mailto:a@${domain}, mailto:b@${domain}`]) }],
  ruf: (tags, _pick, domain) => [...tags, { name: 'ruf', value: `mailto:f@${domain}` }],
  'unknown-tag': (tags, pick) => [...tags, { name: pick(['t', 'x', 'np']), value: pick(['y', 'reject']) }],
  duplicate: (tags, pick) => {
    const name = pick(['p', 'rua', 'adkim']);
    const value = name === 'p' ? pick(POLICY_VALUES) : name === 'rua' ? 'mailto:x@x.com' : 's';
    return tags.some((t) => t.name === name) ? [...tags, { name, value }] : tags;
  },
};

/** Mutations of the joined text. */
const TEXT_MUTATIONS: Record<string, (text: string, pick: Pick) => string> = {
  'v-spaces': (text, pick) => text.replace(/^v=/, pick(['v = ', 'v =', 'v= ', 'v\t=\t'])),
  'spaces-around-equals': (text) => text.split(';').map((s, i) => (i === 0 ? s : s.replace('=', ' = '))).join(';'),
  'leading-space': (text) => ` ${text}`,
  'empty-segment': (text) => text.replace('; ', ';; '),
  'trailing-semicolon': (text, pick) => `${text}${pick([';', '; ', ' ;'])}`,
  'no-spaces': (text) => text.replace(/; /g, ';'),
};

function makeRecord(pick: Pick, random: () => number, domain: string, mutations: string[]): string {
  let tags: Tag[] = [
    { name: 'v', value: 'DMARC1' },
    { name: 'p', value: pick(POLICY_VALUES) },
  ];
  if (random() < 0.5) tags.push({ name: 'rua', value: `mailto:dmarc@${domain}` });
  const edits: string[] = [];
  for (let i = pick([0, 1, 1, 1, 2, 3]); i > 0; i--) {
    if (random() < 0.3) {
      edits.push(pick(Object.keys(TEXT_MUTATIONS)));
      continue;
    }
    const name = pick(Object.keys(MUTATIONS));
    tags = MUTATIONS[name]!(tags, pick, domain);
    mutations.push(name);
  }
  let text = tags.map((t) => `${t.name}=${t.value}`).join('; ');
  for (const name of edits) {
    text = TEXT_MUTATIONS[name]!(text, pick);
    mutations.push(name);
  }
  return text;
}

/**
 * Case `index`: a domain of its own (the index in its name, so one DNS server holds every case), its
 * records and, for a subdomain, its organizational domain's. Registrable under .com and under co.uk.
 */
export function makePolicyCase(seed: number, index: number): PolicyCase {
  const random = prng(seed * 7919 + index);
  const pick: Pick = (items) => items[Math.floor(random() * items.length)]!;
  const org = `d${index}-dmarcdiff.${pick(['com', 'co.uk'])}`;
  const domain = pick([org, org, `mail.${org}`, `a.b.${org}`]);
  const mutations: string[] = [];
  const zone: TxtZone = {};
  const own = pick([0, 1, 1, 1, 1, 2]);
  if (own === 0) mutations.push('no-record');
  if (own === 2) mutations.push('two-records');
  for (let i = 0; i < own; i++) (zone[`_dmarc.${domain}`] ??= []).push([makeRecord(pick, random, domain, mutations)]);
  if (domain !== org && random() < 0.7) {
    mutations.push('org-record');
    const text = makeRecord(pick, random, org, mutations);
    zone[`_dmarc.${org}`] = [[random() < 0.5 ? `${text}; sp=${pick(POLICY_VALUES)}` : text]];
  }
  // A near miss beside the records: a TXT that is no DMARC record at all.
  if (random() < 0.15) (zone[`_dmarc.${domain}`] ??= []).push(['v=spf1 -all']);
  return { index, domain, zone, mutations };
}

export interface ReportCase {
  index: number;
  domain: string;
  reportDomain: string;
  zone: TxtZone;
  authorisation: string;
}

/** Pairs of policy domain and report domain: same organisation or not, by the list (not by the last two labels). */
const REPORT_PAIRS: [string, string][] = [
  ['{t}example.co.uk', 'reports.{t}example.co.uk'],
  ['{t}example.co.uk', '{t}other.co.uk'],
  ['shop.{t}example.com', '{t}example.com'],
  ['{t}example.com', '{t}example.net'],
  ['{t}a.blogspot.com', '{t}b.blogspot.com'],
  ['shop.{t}example.com.au', '{t}example.com.au'],
  ['{t}example.com.au', '{t}example.net.au'],
  ['x.{t}example.com', 'y.{t}example.com'],
];

const AUTHORISATIONS = ['', 'v=DMARC1', 'v=DMARC1;', 'v=DMARC1; p=none', 'V=DMARC1', 'v = DMARC1', 'v=spf1 -all'];

export function makeReportCase(seed: number, index: number): ReportCase {
  const random = prng(seed * 104_729 + index);
  const pick: Pick = (items) => items[Math.floor(random() * items.length)]!;
  const [p, r] = pick(REPORT_PAIRS);
  // Per-case names so one DNS server holds them all: the organisation part carries the index.
  const tag = `r${index}`;
  const domain = p.replace('{t}', tag);
  const reportDomain = r.replace('{t}', tag);
  const authorisation = pick(AUTHORISATIONS);
  const zone: TxtZone = { [`_dmarc.${domain}`]: [[`v=DMARC1; p=reject; rua=mailto:agg@${reportDomain}`]] };
  if (authorisation !== '') zone[`${domain}._report._dmarc.${reportDomain}`] = [[authorisation]];
  return { index, domain, reportDomain, zone, authorisation };
}

/** Names to find the organizational domain of: under random rules of the list, with 0–3 labels before. */
export function makeOrgNames(seed: number, rules: readonly string[], count: number): { name: string; rule: string }[] {
  const random = prng(seed * 31 + 1);
  const pick: Pick = (items) => items[Math.floor(random() * items.length)]!;
  const names: { name: string; rule: string }[] = [];
  for (let i = 0; i < count; i++) {
    const rule = pick(rules);
    const labels = Array.from({ length: pick([0, 1, 1, 2, 3]) }, (_, j) => `l${j}x${i}`);
    names.push({ name: [...labels, rule.replace(/^\*\./, `w${i}.`).replace(/^!/, '')].join('.'), rule });
  }
  return names;
}
