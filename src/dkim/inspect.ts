// One DKIM key record judged end to end: parsed (RFC 6376 §3.6.1) and its key decoded. Pure, never throws.
import { parseDkimKeyRecord, type DkimKeyProblem, type DkimKeyRecord } from './key-record.js';
import { decodeDkimPublicKey, type DkimPublicKey } from './public-key.js';
import type { Tag } from './tag-list.js';

export type UsableKey = Extract<DkimPublicKey, { ok: true }>;
export type UnusableKey = Extract<DkimPublicKey, { ok: false }>;

/** A record problem, or a well-formed record whose `p=` octets are no key of its `k=` type. */
export type DkimKeyDefect = DkimKeyProblem | { code: 'bad-key'; key: UnusableKey };

export type DkimKeyInspection =
  | {
      ok: true;
      record: DkimKeyRecord;
      key: UsableKey;
      /** `t=y`: the domain is testing DKIM; verifiers MAY treat signed mail as unsigned (RFC 6376 §3.6.1). */
      testing: boolean;
    }
  | { ok: false; defect: DkimKeyDefect; tags: Tag[] };

export function inspectDkimKey(text: string): DkimKeyInspection {
  const parsed = parseDkimKeyRecord(text);
  if (!parsed.ok) return { ok: false, defect: parsed.problem, tags: parsed.tags };
  const { record } = parsed;
  const key = decodeDkimPublicKey(record.keyType, record.keyBytes);
  if (!key.ok) return { ok: false, defect: { code: 'bad-key', key }, tags: record.tags };
  return { ok: true, record, key, testing: record.flags.includes('y') };
}

/** "RSA 2048-bit", "Ed25519". */
export function describeKey(key: UsableKey): string {
  return key.type === 'rsa' ? `RSA ${key.bits}-bit` : 'Ed25519';
}
