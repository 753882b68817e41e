// One DKIM key record judged end to end, as verifiers read it: parsed (RFC 6376 §3.6.1) and its key decoded. Pure, never throws.
import { parseDkimKeyRecord, type DkimKeyProblem, type DkimKeyRecord, type DkimRecordCaution } from './key-record.js';
import { decodeDkimPublicKey, type DkimPublicKey } from './public-key.js';
import type { Tag } from './tag-list.js';

export type UsableKey = Extract<DkimPublicKey, { ok: true }>;
export type UnusableKey = Extract<DkimPublicKey, { ok: false }>;

/** A record problem, or a well-formed record whose `p=` octets are no key of its `k=` type. */
export type DkimKeyDefect = DkimKeyProblem | { code: 'bad-key'; key: UnusableKey };

/**
 * A usable key that not every verifier takes: a departure from RFC 6376 that the compared verifiers
 * accept, or an RFC-valid form one of them cannot read.
 */
export type DkimKeyCaution =
  | DkimRecordCaution
  /** A bare RSAPublicKey: RFC 6376 §3.6.1's own wording, but Mail::DKIM (hence SpamAssassin) reads only SubjectPublicKeyInfo. */
  | { code: 'pkcs1-key' }
  /** Ed25519 (RFC 8463): Mail::DKIM 1.20230212 (Debian 12) knows only k=rsa. */
  | { code: 'ed25519-key' };

export type DkimKeyInspection =
  | {
      ok: true;
      record: DkimKeyRecord;
      key: UsableKey;
      /** `t=y`: the domain is testing DKIM; verifiers MAY treat signed mail as unsigned (RFC 6376 §3.6.1). */
      testing: boolean;
      cautions: DkimKeyCaution[];
    }
  | { ok: false; defect: DkimKeyDefect; tags: Tag[] };

export function inspectDkimKey(text: string): DkimKeyInspection {
  const parsed = parseDkimKeyRecord(text);
  if (!parsed.ok) return { ok: false, defect: parsed.problem, tags: parsed.tags };
  const { record } = parsed;
  const key = decodeDkimPublicKey(record.keyType, record.keyBytes);
  if (!key.ok) return { ok: false, defect: { code: 'bad-key', key }, tags: record.tags };
  const cautions: DkimKeyCaution[] = [...record.cautions];
  if (key.type === 'rsa' && key.encoding === 'pkcs1') cautions.push({ code: 'pkcs1-key' });
  if (key.type === 'ed25519') cautions.push({ code: 'ed25519-key' });
  return { ok: true, record, key, testing: record.flags.includes('y'), cautions };
}

/** "RSA 2048-bit", "Ed25519". */
export function describeKey(key: UsableKey): string {
  return key.type === 'rsa' ? `RSA ${key.bits}-bit` : 'Ed25519';
}
