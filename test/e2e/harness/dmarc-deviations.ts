// Known, RFC-adjudicated ways Mail::DMARC 1.20211209 and OpenDMARC 1.4.2 depart from RFC 7489 in the policy they apply, each recognised narrowly.
import type { PolicyCase } from './dmarc-cases.js';

export type Reference = 'Mail::DMARC' | 'OpenDMARC';
export type Applied = 'none' | 'quarantine' | 'reject' | null;

export interface DmarcDeviation {
  id: string;
  reference: Reference;
  /** The RFC clause that decides the case (on splitcheck's side unless it says otherwise). */
  rfc: string;
  applies(c: PolicyCase, expected: Applied, got: Applied): boolean;
}

/** Every record of the case, its own and its organizational domain's: a receiver may end up reading either. */
function records(c: PolicyCase): string[] {
  return Object.values(c.zone).flatMap((rs) => rs.map((s) => s.join('')));
}
const any = (c: PolicyCase, pattern: RegExp): boolean => records(c).some((t) => pattern.test(t));
/** Every value of the `name=` tags of a record, in order. */
const tagValues = (text: string, name: string): string[] =>
  text.split(';').flatMap((s) => {
    const m = /^\s*([A-Za-z]+)\s*=\s*(.*?)\s*$/.exec(s);
    return m && m[1]!.toLowerCase() === name ? [m[2]!] : [];
  });
const BAD_POLICY = (v: string): boolean => !/^(none|quarantine|reject)$/i.test(v);
const tagNames = (text: string): string[] => text.split(';').flatMap((s) => /^\s*([A-Za-z]+)\s*=/.exec(s)?.[1]?.toLowerCase() ?? []);
const hasDuplicate = (c: PolicyCase): boolean => records(c).some((t) => new Set(tagNames(t)).size < tagNames(t).length);
/** TXT records at the names the case's discovery reads: its own, and its organizational domain's. */
const txtCounts = (c: PolicyCase): number[] => Object.values(c.zone).map((rs) => rs.length);

export const DEVIATIONS: DmarcDeviation[] = [
  {
    id: 'rua-fallback-keeps-sp',
    reference: 'Mail::DMARC',
    rfc: 'RFC 7489 §6.6.3 step 6: a record with no valid p= but a valid rua= acts as "v=DMARC1; p=none". Mail::DMARC sets p=none but keeps the record\'s sp=, which then governs subdomains',
    applies: (c, expected, got) => expected === 'none' && got !== null && records(c).some((t) => tagValues(t, 'p').length === 0 && tagValues(t, 'sp').some((v) => v.toLowerCase() === got)),
  },
  {
    id: 'several-txt-records',
    reference: 'OpenDMARC',
    rfc: 'RFC 7489 §6.6.3 steps 2 and 4: skip the TXT records that are not DMARC; several DMARC records mean none. OpenDMARC 1.4.2 (Debian 12) misses the DMARC record, or takes another, in some answers with more than one TXT record, depending on their text and order (splitcheck warns about the extra records and makes no prediction)',
    applies: (c) => txtCounts(c).some((n) => n > 1),
  },
  {
    id: 'duplicate-tag-last-wins',
    reference: 'Mail::DMARC',
    rfc: 'RFC 7489 §6.3 adopts the RFC 6376 §3.2 tag list, whose duplicate names make the whole list invalid: no policy. Mail::DMARC keeps the last value',
    applies: (c, expected) => expected === null && hasDuplicate(c),
  },
  {
    id: 'duplicate-tag-last-wins',
    reference: 'OpenDMARC',
    rfc: 'RFC 7489 §6.3 adopts the RFC 6376 §3.2 tag list, whose duplicate names make the whole list invalid: no policy. OpenDMARC applies each in turn, so the last p= counts (a second rua= voids the record instead)',
    applies: (c, expected) => expected === null && hasDuplicate(c),
  },
  {
    id: 'prefix-matched-policy',
    reference: 'OpenDMARC',
    rfc: 'RFC 7489 §6.4: dmarc-request is exactly "none" / "quarantine" / "reject"; OpenDMARC takes any prefix ("r", "rej", "n") for the word (opendmarc_policy_parse_dmarc: "Be generous")',
    applies: (c) => any(c, /(^|;)\s*s?p\s*=\s*(r|rej|n|q)\s*(;|$)/i),
  },
  {
    id: 'invalid-policy-ignores-rua',
    reference: 'Mail::DMARC',
    rfc: 'RFC 7489 §6.6.3 step 6: with no valid p= (or an invalid sp=) but a valid rua=, act as p=none. Mail::DMARC croaks on the invalid p= before it looks at rua=, so it applies no policy',
    applies: (c, expected, got) => expected === 'none' && got === null && records(c).some((t) => tagValues(t, 'p').some(BAD_POLICY) || tagValues(t, 'sp').some(BAD_POLICY) || tagValues(t, 'p').length === 0),
  },
  {
    id: 'invalid-policy-ignores-rua',
    reference: 'OpenDMARC',
    rfc: 'RFC 7489 §6.6.3 step 6: with no valid p= (or an invalid sp=) but a valid rua=, act as p=none. OpenDMARC returns DMARC_PARSE_ERROR_BAD_VALUE or NO_REQUIRED_P and applies no policy',
    applies: (c, expected, got) => expected === 'none' && got === null,
  },
  {
    id: 'bad-tag-value-voids-record',
    reference: 'OpenDMARC',
    rfc: 'RFC 7489 §6.3: an invalid value of an optional tag is ignored (its default applies). OpenDMARC returns DMARC_PARSE_ERROR_BAD_VALUE for a bad adkim/aspf/fo/rf/ri/pct or an empty rua= item, and applies no policy at all',
    applies: (c, _expected, got) =>
      got === null &&
      records(c).some(
        (t) =>
          tagValues(t, 'adkim').some((v) => !/^(s|r|strict|relaxed|st|str|stri|stric|re|rel|rela|relax|relaxe)$/i.test(v)) ||
          tagValues(t, 'aspf').some((v) => !/^(s|r|strict|relaxed)$/i.test(v)) ||
          tagValues(t, 'fo').some((v) => !/^[01ds](:[01ds])*$/i.test(v)) ||
          tagValues(t, 'rf').some((v) => !/^(afrf|iodef)$/i.test(v)) ||
          tagValues(t, 'ri').some((v) => !/^\d+$/.test(v)) ||
          tagValues(t, 'pct').some((v) => /^-/.test(v) || Number.parseInt(v, 10) > 100) ||
          tagValues(t, 'rua').some((v) => /,\s*,/.test(v)),
      ),
  },
  {
    id: 'version-anywhere',
    reference: 'OpenDMARC',
    rfc: 'RFC 7489 §6.6.3 step 2: records that do not start with v=DMARC1 are discarded. OpenDMARC takes any record containing "v=DMARC" and checks v= wherever it stands',
    applies: (c) => records(c).some((t) => !/^[vV][ \t]*=[ \t]*DMARC1[ \t]*(;|$)/.test(t) && t.includes('v=DMARC')),
  },
  {
    id: 'lower-case-version',
    reference: 'Mail::DMARC',
    rfc: 'RFC 7489 §6.4: the version is %x44.4d.41.52.43.31, "DMARC1" in capitals. Mail::DMARC compares it case-insensitively',
    applies: (c) => any(c, /^v=dmarc1/i) && !any(c, /^v=DMARC1/),
  },
];
