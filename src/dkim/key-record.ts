// Parses a DKIM key record (RFC 6376 §3.6.1, RFC 8301, RFC 8463): tags, key type, flags and the key octets. Pure.
import { colonList, parseTagList, tagValue, type Tag, type TagListIssue } from './tag-list.js';

/** Key types a verifier knows: `rsa` (RFC 6376) and `ed25519` (RFC 8463 §4.2). */
export const KEY_TYPES = ['rsa', 'ed25519'] as const;
export type KeyType = (typeof KEY_TYPES)[number];

/** Why a key record cannot be used to verify a signature. */
export type DkimKeyProblem =
  /** A malformed or duplicate tag: RFC 6376 §3.6.1 says ignore the record (PERMFAIL, key syntax error). */
  | { code: 'syntax'; issue: TagListIssue }
  /** `v=` present but not the first tag (RFC 6376 §3.6.1: "MUST be the first tag"). */
  | { code: 'version-not-first'; offset: number }
  /** `v=` with a value other than `DKIM1`: the record MUST be discarded. */
  | { code: 'bad-version'; value: string }
  /** No `p=` tag: it is REQUIRED. */
  | { code: 'no-key' }
  /** `p=` with an empty value: the key has been revoked. */
  | { code: 'revoked' }
  /** `p=` is not base64. */
  | { code: 'bad-base64'; offset: number }
  /** `k=` names a type no verifier knows: "Unrecognized key types MUST be ignored". */
  | { code: 'unknown-key-type'; value: string }
  /** `s=` lists neither `email` nor `*`: the key is not for mail. */
  | { code: 'not-for-email'; value: string }
  /** `h=` lists no hash a verifier accepts: only sha256 remains (RFC 8301 §3.1 retires sha1). */
  | { code: 'no-usable-hash'; value: string };

export interface DkimKeyRecord {
  /** `v=`, when present (always `DKIM1` here). */
  version?: string;
  /** `k=`, default `rsa`. */
  keyType: KeyType;
  /** `h=` acceptable hashes, when restricted. */
  hashes?: string[];
  /** `s=` service types, when restricted. */
  services?: string[];
  /** `t=` flags: `y` testing, `s` strict identity. */
  flags: string[];
  /** The `p=` base64 text with its whitespace removed. */
  publicKey: string;
  /** The decoded key octets. */
  keyBytes: Buffer;
  tags: Tag[];
}

export type DkimKeyParse = { ok: true; record: DkimKeyRecord } | { ok: false; problem: DkimKeyProblem; tags: Tag[] };

/** base64 with optional padding (RFC 6376 §3.6.1 base64string; whitespace already removed). */
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}(?:==)?|[A-Za-z0-9+/]{3}=?)?$/;

/** Decode base64 strictly: undefined for anything Buffer.from would silently skip or misread. */
export function decodeBase64(text: string): Buffer | undefined {
  return BASE64.test(text) ? Buffer.from(text, 'base64') : undefined;
}

/** Parse the text of one key record (a TXT record's strings joined with nothing between). Never throws. */
export function parseDkimKeyRecord(text: string): DkimKeyParse {
  const list = parseTagList(text);
  const { tags } = list;
  const fail = (problem: DkimKeyProblem): DkimKeyParse => ({ ok: false, problem, tags });
  const issue = list.issues[0];
  if (issue) return fail({ code: 'syntax', issue });

  const v = tags.find((t) => t.name === 'v');
  if (v && tags[0] !== v) return fail({ code: 'version-not-first', offset: v.offset });
  if (v && v.value !== 'DKIM1') return fail({ code: 'bad-version', value: v.value });

  const p = tags.find((t) => t.name === 'p');
  if (!p) return fail({ code: 'no-key' });
  const k = tagValue(list, 'k') ?? 'rsa';
  if (!(KEY_TYPES as readonly string[]).includes(k)) return fail({ code: 'unknown-key-type', value: k });
  // p= may be folded: FWS is allowed between base64 characters (RFC 6376 §3.6.1).
  const publicKey = p.value.replace(/[ \t\r\n]/g, '');
  if (publicKey === '') return fail({ code: 'revoked' });
  const keyBytes = decodeBase64(publicKey);
  if (!keyBytes) return fail({ code: 'bad-base64', offset: p.offset });

  const record: DkimKeyRecord = { keyType: k as KeyType, flags: [], publicKey, keyBytes, tags };
  if (v) record.version = v.value;
  const s = tagValue(list, 's');
  if (s !== undefined) {
    record.services = colonList(s);
    if (!record.services.some((x) => x === '*' || x === 'email')) return fail({ code: 'not-for-email', value: s });
  }
  const h = tagValue(list, 'h');
  if (h !== undefined) {
    record.hashes = colonList(h);
    if (!record.hashes.includes('sha256')) return fail({ code: 'no-usable-hash', value: h });
  }
  const t = tagValue(list, 't');
  if (t !== undefined) record.flags = colonList(t).filter((f) => f !== '');
  return { ok: true, record };
}
