// What splitcheck says about a key record, what its wording claims the verifiers do, and the known, RFC-adjudicated ways Mail::DKIM and dkimpy depart from RFC 6376.
import { inspectDkimKey } from '../../../src/dkim/inspect.js';
import { RSA_MIN_BITS } from '../../../src/knowledge/hosting-dkim.js';
import type { KeyRecordCase } from './dkim-records.js';

export type Outcome = 'pass' | 'fail';
export type Verifier = 'mailDkim' | 'dkimpy';

export interface SplitcheckVerdict {
  /** accept: dkim.hosting passes; caution: it warns (the key works where the codes say); reject: it fails. */
  verdict: 'accept' | 'caution' | 'reject';
  /** The defect, caution or syntax-issue codes behind the verdict. */
  codes: string[];
}

/** splitcheck's reading of a record: the one inspection both DKIM checks use, and the RFC 8301 size floor. */
export function splitcheckVerdict(text: string): SplitcheckVerdict {
  const i = inspectDkimKey(text);
  if (!i.ok) {
    const d = i.defect;
    const detail = d.code === 'syntax' ? `syntax:${d.issue.code}${d.issue.segment.startsWith('"') ? ':quoted' : ''}` : d.code === 'bad-key' ? `bad-key:${d.key.reason}` : d.code;
    return { verdict: 'reject', codes: [detail] };
  }
  if (i.key.type === 'rsa' && i.key.bits < RSA_MIN_BITS) return { verdict: 'reject', codes: ['weak-key'] };
  const codes = [...i.cautions.map((c) => c.code), ...(i.testing ? ['testing'] : [])];
  return { verdict: codes.length > 0 ? 'caution' : 'accept', codes };
}

/**
 * What splitcheck's messages (src/checks/dkim/defects.ts) say each verifier does, per code. A verifier
 * the claim leaves out is judged by the general rule: an accepted key must verify everywhere, a rejected
 * one must fail somewhere.
 */
export const CLAIMS: Record<string, Partial<Record<Verifier, Outcome>>> = {
  'version-not-first': { mailDkim: 'pass', dkimpy: 'pass' },
  'bad-tag-name': { mailDkim: 'pass', dkimpy: 'pass' },
  'syntax:bad-name': { dkimpy: 'fail' },
  'empty-hash-list': { mailDkim: 'pass', dkimpy: 'pass' },
  'quoted-key': { mailDkim: 'pass', dkimpy: 'pass' },
  granularity: { mailDkim: 'fail', dkimpy: 'pass' },
  'spaced-list': { mailDkim: 'fail', dkimpy: 'pass' },
  'service-list': { dkimpy: 'fail' },
  'pkcs1-key': { mailDkim: 'fail', dkimpy: 'pass' },
  'ed25519-key': { mailDkim: 'fail', dkimpy: 'pass' },
  // t=y: "Verifiers MUST NOT treat messages from Signers in testing mode differently" (RFC 6376 §3.6.1): they verify.
  testing: { mailDkim: 'pass', dkimpy: 'pass' },
  'syntax:duplicate': { dkimpy: 'fail' },
  'syntax:empty': { dkimpy: 'fail' },
  'syntax:bad-name:quoted': { dkimpy: 'fail' },
  'syntax:missing-equals': { mailDkim: 'fail', dkimpy: 'fail' },
  'base64-padding': { mailDkim: 'fail', dkimpy: 'fail' },
  'bad-base64': { mailDkim: 'fail' },
  'no-usable-hash': { mailDkim: 'fail', dkimpy: 'pass' },
  'unknown-key-type': { dkimpy: 'fail' },
  'weak-key': { mailDkim: 'fail', dkimpy: 'fail' },
};

export interface Deviation {
  id: string;
  /** The RFC clause that decides the case, and which side it takes. */
  rfc: string;
  applies(c: KeyRecordCase, ours: SplitcheckVerdict, verifier: Verifier, theirs: Outcome): boolean;
}

/**
 * Disagreements where splitcheck and RFC 6376 stand on one side and a verifier on the other, each
 * recognised narrowly. Cases splitcheck warns about are claims above, not deviations.
 */
export const DEVIATIONS: Deviation[] = [
  // None is needed at present: every verifier departure the generator reaches is one splitcheck's
  // messages state (CLAIMS), and is listed with its RFC clause in DKIM-DMARC-DISAGREEMENTS.md.
];

/** The claim a verdict makes about one verifier, or undefined when its codes claim nothing about it. */
export function claimed(ours: SplitcheckVerdict, verifier: Verifier): Outcome | undefined {
  const outcomes = ours.codes.map((code) => CLAIMS[code]?.[verifier]).filter((o): o is Outcome => o !== undefined);
  // One code that fails the key there decides; otherwise every code must say it passes. A rejected
  // record names only its first defect, and another one may fail it anywhere: only "fail" claims hold.
  if (outcomes.includes('fail')) return 'fail';
  if (ours.verdict === 'reject') return undefined;
  return outcomes.length > 0 && outcomes.length === ours.codes.length ? 'pass' : undefined;
}
