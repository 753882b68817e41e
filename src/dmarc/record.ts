// Parses and validates a DMARC policy record (RFC 7489 §6.3, §6.4; `np` from RFC 9091). Pure, never throws.
import { colonList, parseTagList, type Tag, type TagListIssue } from '../dkim/tag-list.js';
import { isDmarcRecord } from './discovery.js';
import { parseDmarcUriList, type DmarcUri } from './uri.js';

export const POLICIES = ['none', 'quarantine', 'reject'] as const;
export type Policy = (typeof POLICIES)[number];
export type Alignment = 'r' | 's';

/** Tags RFC 7489 §6.3 and RFC 9091 define; any other tag MUST be ignored. */
export const KNOWN_TAGS = ['v', 'p', 'sp', 'np', 'pct', 'rua', 'ruf', 'adkim', 'aspf', 'fo', 'rf', 'ri'] as const;
export type KnownTag = (typeof KNOWN_TAGS)[number];

export type DmarcProblem =
  /** The record does not start with `v=DMARC1` (RFC 7489 §6.3: such records are discarded). */
  | { code: 'not-dmarc' }
  /** A malformed or duplicate tag (RFC 6376 §3.2 syntax, which RFC 7489 §6.3 reuses). */
  | { code: 'syntax'; issue: TagListIssue }
  /** No `p=` tag: it is REQUIRED for a policy record. */
  | { code: 'no-policy' }
  /** `p=` is present but not right after `v=` ("MUST appear in that order", RFC 7489 §6.3). */
  | { code: 'policy-not-second'; offset: number }
  /** A known tag with a value outside its grammar. */
  | { code: 'bad-value'; tag: KnownTag; value: string }
  /** A `rua=`/`ruf=` item that is no dmarc-uri. */
  | { code: 'bad-uri'; tag: 'rua' | 'ruf'; value: string };

export interface DmarcRecord {
  tags: Tag[];
  /** `p=`, when present and valid. */
  policy?: Policy;
  /** `sp=` and `np=`, when present and valid (they default to `p`). */
  subdomainPolicy?: Policy;
  nonexistentPolicy?: Policy;
  /** Effective values: the tag's when valid, else the RFC 7489 §6.3 default (100, r, r, 0, afrf, 86400). */
  pct: number;
  adkim: Alignment;
  aspf: Alignment;
  fo: string[];
  rf: string[];
  ri: number;
  rua: DmarcUri[];
  ruf: DmarcUri[];
  /** Names of tags that are ignored because RFC 7489 does not define them. */
  unknown: string[];
  problems: DmarcProblem[];
}

export { isDmarcRecord };

function policyOf(value: string): Policy | undefined {
  const v = value.toLowerCase();
  return (POLICIES as readonly string[]).includes(v) ? (v as Policy) : undefined;
}

/** Parse `text` (a TXT record's strings joined with nothing between). */
export function parseDmarcRecord(text: string): DmarcRecord {
  const list = parseTagList(text, { foldNames: true });
  const record: DmarcRecord = {
    tags: list.tags,
    pct: 100,
    adkim: 'r',
    aspf: 'r',
    fo: ['0'],
    rf: ['afrf'],
    ri: 86400,
    rua: [],
    ruf: [],
    unknown: [],
    // An empty segment (`;;`) is no problem here: RFC 7489 §6.4 separates with `*WSP ";" *WSP`, and
    // Mail::DMARC and OpenDMARC both skip it.
    problems: list.issues.filter((issue) => issue.code !== 'empty').map((issue) => ({ code: 'syntax' as const, issue })),
  };
  const bad = (tag: KnownTag, value: string): void => {
    record.problems.push({ code: 'bad-value', tag, value });
  };
  if (!isDmarcRecord(text) || list.tags[0]?.name !== 'v') record.problems.unshift({ code: 'not-dmarc' });

  for (const { name, value } of list.tags) {
    switch (name as KnownTag) {
      case 'v':
        break;
      case 'p':
      case 'sp':
      case 'np': {
        const policy = policyOf(value);
        if (!policy) bad(name as KnownTag, value);
        else if (name === 'p') record.policy = policy;
        else if (name === 'sp') record.subdomainPolicy = policy;
        else record.nonexistentPolicy = policy;
        break;
      }
      case 'pct':
        if (/^\d{1,3}$/.test(value) && Number(value) <= 100) record.pct = Number(value);
        else bad('pct', value);
        break;
      case 'adkim':
      case 'aspf':
        if (/^[rs]$/i.test(value)) record[name as 'adkim' | 'aspf'] = value.toLowerCase() as Alignment;
        else bad(name as KnownTag, value);
        break;
      case 'fo': {
        const options = colonList(value);
        if (options.every((o) => /^[01ds]$/i.test(o))) record.fo = options.map((o) => o.toLowerCase());
        else bad('fo', value);
        break;
      }
      case 'rf': {
        const formats = colonList(value);
        // Keyword list (RFC 7489 §6.4); only "afrf" is defined, so a list without it asks for nothing usable.
        if (formats.every((f) => /^[A-Za-z0-9-]+$/.test(f)) && formats.some((f) => f.toLowerCase() === 'afrf')) {
          record.rf = formats.map((f) => f.toLowerCase());
        } else bad('rf', value);
        break;
      }
      case 'ri':
        // 1*DIGIT, a 32-bit unsigned number of seconds (RFC 7489 §6.3).
        if (/^\d{1,10}$/.test(value) && Number(value) <= 0xffffffff) record.ri = Number(value);
        else bad('ri', value);
        break;
      case 'rua':
      case 'ruf': {
        const uris = parseDmarcUriList(value);
        record[name as 'rua' | 'ruf'] = uris.uris;
        for (const item of uris.invalid) record.problems.push({ code: 'bad-uri', tag: name as 'rua' | 'ruf', value: item });
        break;
      }
      default:
        record.unknown.push(name);
    }
  }
  const p = list.tags.findIndex((t) => t.name === 'p');
  if (p < 0) {
    // A p= whose value is invalid was reported as bad-value above; a missing one is its own problem.
    if (!record.problems.some((x) => x.code === 'bad-value' && x.tag === 'p')) record.problems.push({ code: 'no-policy' });
  } else if (p !== 1) {
    record.problems.push({ code: 'policy-not-second', offset: list.tags[p]!.offset });
  }
  return record;
}

/**
 * The policy a receiver applies (RFC 7489 §6.6.3 step 6): `p` when valid; with no valid `p` (or an
 * invalid `sp`) but at least one valid `rua` URI, receivers SHOULD act as if `p=none`; otherwise the
 * record is ignored (undefined).
 */
export function effectivePolicy(record: DmarcRecord): Policy | undefined {
  const spInvalid = record.problems.some((x) => x.code === 'bad-value' && x.tag === 'sp');
  if (record.policy !== undefined && !spInvalid) return record.policy;
  return record.rua.length > 0 ? 'none' : undefined;
}
