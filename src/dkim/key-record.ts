// Parses a DKIM key record (RFC 6376 §3.6.1, RFC 8301, RFC 8463) as verifiers read it: tags, key type, flags and the key octets. Pure.
import { colonList, parseTagList, tagValue, type Tag, type TagListIssue } from './tag-list.js';

/** Key types a verifier knows: `rsa` (RFC 6376) and `ed25519` (RFC 8463 §4.2). */
export const KEY_TYPES = ['rsa', 'ed25519'] as const;
export type KeyType = (typeof KEY_TYPES)[number];

/**
 * Why a key record cannot be used to verify a signature: RFC 6376 voids it and at least one of the
 * verifiers splitcheck is compared with (Mail::DKIM, dkimpy: test/e2e/dkim-differential.e2e.ts) rejects it.
 */
export type DkimKeyProblem =
  /** A malformed, empty or duplicate tag: RFC 6376 §3.2 makes the tag list invalid (§6.1.2: key syntax error). */
  | { code: 'syntax'; issue: TagListIssue }
  /** `v=` with a value other than `DKIM1`: the record MUST be discarded. */
  | { code: 'bad-version'; value: string }
  /** No `p=` tag: it is REQUIRED. */
  | { code: 'no-key' }
  /** `p=` with an empty value: the key has been revoked. */
  | { code: 'revoked' }
  /** `p=` holds characters that are not base64. */
  | { code: 'bad-base64'; offset: number }
  /** `p=` is base64 whose final `=` padding was lost (its length is not a multiple of 4). */
  | { code: 'base64-padding'; offset: number; length: number; missing: 1 | 2 }
  /** `k=` names a type no verifier knows (or is empty): "Unrecognized key types MUST be ignored". */
  | { code: 'unknown-key-type'; value: string }
  /** `s=` lists neither `email` nor `*`: the key is not for mail. */
  | { code: 'not-for-email'; value: string }
  /** `h=` lists no hash a verifier accepts: only sha256 remains (RFC 8301 §3.1 retires sha1). */
  | { code: 'no-usable-hash'; value: string };

/**
 * A departure from RFC 6376 that the verifiers splitcheck is compared with accept: signatures verify
 * there, but a verifier that applies the RFC to the letter may not use the key.
 */
export type DkimRecordCaution =
  /** `v=` present but not the first tag (RFC 6376 §3.6.1: "MUST be the first tag"). */
  | { code: 'version-not-first'; offset: number }
  /** A tag name outside the §3.2 grammar that starts with a letter (`x-y=`): verifiers ignore the tag. */
  | { code: 'bad-tag-name'; name: string; offset: number }
  /** `h=` with an empty value: the grammar wants at least one hash, and §6.1.2 fails a hash not listed. */
  | { code: 'empty-hash-list' }
  /** `p=` holds double quotes (a copy of the zone-file quoting), which the base64 grammar has no room for. */
  | { code: 'quoted-key' }
  /** `g=`: an RFC 4871 tag RFC 6376 dropped (so verifiers must ignore it), which Mail::DKIM still applies. */
  | { code: 'granularity'; value: string }
  /** `h=`/`s=` with whitespace around a `:` (the grammar allows FWS): Mail::DKIM does not trim it. */
  | { code: 'spaced-list'; tag: 'h' | 's'; value: string }
  /** `s=` with several services: dkimpy compares the whole value with `email` and `*`. */
  | { code: 'service-list'; value: string };

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
  /** The `p=` base64 text with its whitespace (and any quotes) removed. */
  publicKey: string;
  /** The decoded key octets. */
  keyBytes: Buffer;
  tags: Tag[];
  cautions: DkimRecordCaution[];
}

export type DkimKeyParse = { ok: true; record: DkimKeyRecord } | { ok: false; problem: DkimKeyProblem; tags: Tag[] };

/**
 * Canonical base64 (RFC 4648 §4) with its padding. RFC 6376 §2.4's base64string makes the `=` optional
 * in the grammar, but the decoders verifiers use do not: Mail::DKIM hands the text to OpenSSL's PEM
 * decoder and dkimpy to Python's binascii, and both reject a length that is not a multiple of 4.
 */
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
/** The characters of base64 without any padding, for telling "lost its padding" from "not base64". */
const BASE64_BODY = /^[A-Za-z0-9+/]*$/;

export type Base64Reading = { ok: true; bytes: Buffer } | { ok: false; missing?: 1 | 2 };

/**
 * Read `text` (whitespace removed) as verifiers do. Buffer.from, which skips stray characters and
 * missing padding, only ever sees text that is already canonical.
 */
export function readBase64(text: string): Base64Reading {
  if (BASE64.test(text)) return { ok: true, bytes: Buffer.from(text, 'base64') };
  // 2 or 3 characters past a whole quantum are an unpadded final group; 1 cannot be base64 at all.
  const rest = text.length % 4;
  if (BASE64_BODY.test(text) && (rest === 2 || rest === 3)) return { ok: false, missing: rest === 2 ? 2 : 1 };
  return { ok: false };
}

/** Decode base64 as verifiers do: undefined for anything they reject. */
export function decodeBase64(text: string): Buffer | undefined {
  const read = readBase64(text);
  return read.ok ? read.bytes : undefined;
}

/** Parse the text of one key record (a TXT record's strings joined with nothing between). Never throws. */
export function parseDkimKeyRecord(text: string): DkimKeyParse {
  const list = parseTagList(text);
  const { tags } = list;
  const fail = (problem: DkimKeyProblem): DkimKeyParse => ({ ok: false, problem, tags });
  const cautions: DkimRecordCaution[] = [];
  for (const issue of list.issues) {
    // A name like x-y breaks the §3.2 grammar (ALPHA *(ALPHA / DIGIT / "_")), which §6.1.2 makes a key
    // syntax error; but Mail::DKIM takes any name and dkimpy only checks the first letter, and both then
    // ignore the unknown tag. Any other malformed segment one of them rejects.
    if (issue.code === 'bad-name' && issue.name !== undefined && /^[A-Za-z]/.test(issue.name)) {
      cautions.push({ code: 'bad-tag-name', name: issue.name, offset: issue.offset });
      continue;
    }
    return fail({ code: 'syntax', issue });
  }

  const v = tags.find((t) => t.name === 'v');
  if (v && v.value !== 'DKIM1') return fail({ code: 'bad-version', value: v.value });
  // RFC 6376 §3.6.1 says v= "MUST be the first tag", but only discards records that *begin* with a
  // wrong v=; Mail::DKIM and dkimpy read v= wherever it stands.
  if (v && tags[0] !== v) cautions.push({ code: 'version-not-first', offset: v.offset });

  const p = tags.find((t) => t.name === 'p');
  if (!p) return fail({ code: 'no-key' });
  const k = tagValue(list, 'k') ?? 'rsa';
  if (!(KEY_TYPES as readonly string[]).includes(k)) return fail({ code: 'unknown-key-type', value: k });
  // p= may be folded: FWS is allowed between base64 characters (RFC 6376 §3.6.1). Quotes are not, but
  // Mail::DKIM deletes them and dkimpy's decoder skips them, so the key still works there.
  const unquoted = p.value.replace(/[ \t\r\n]/g, '');
  const publicKey = unquoted.replace(/"/g, '');
  if (publicKey !== unquoted) cautions.push({ code: 'quoted-key' });
  if (publicKey === '') return fail({ code: 'revoked' });
  const read = readBase64(publicKey);
  if (!read.ok) {
    if (read.missing) return fail({ code: 'base64-padding', offset: p.offset, length: publicKey.length, missing: read.missing });
    return fail({ code: 'bad-base64', offset: p.offset });
  }

  const record: DkimKeyRecord = { keyType: k as KeyType, flags: [], publicKey, keyBytes: read.bytes, tags, cautions };
  if (v) record.version = v.value;
  const s = tagValue(list, 's');
  if (s !== undefined) {
    record.services = colonList(s);
    if (!record.services.some((x) => x === '*' || x === 'email')) return fail({ code: 'not-for-email', value: s });
    if (record.services.length > 1) cautions.push({ code: 'service-list', value: s });
    if (/\s:|:\s/.test(s)) cautions.push({ code: 'spaced-list', tag: 's', value: s });
  }
  const h = tagValue(list, 'h');
  if (h === '') {
    // Mail::DKIM reads an empty h= as absent and dkimpy never reads h=: both accept every hash.
    cautions.push({ code: 'empty-hash-list' });
  } else if (h !== undefined) {
    record.hashes = colonList(h);
    if (!record.hashes.includes('sha256')) return fail({ code: 'no-usable-hash', value: h });
    if (/\s:|:\s/.test(h)) cautions.push({ code: 'spaced-list', tag: 'h', value: h });
  }
  // RFC 6376 §3.2: unknown tags MUST be ignored, and g= is one since RFC 6376 dropped it; g=* matches anyone.
  const g = tagValue(list, 'g');
  if (g !== undefined && g !== '*') cautions.push({ code: 'granularity', value: g });
  const t = tagValue(list, 't');
  if (t !== undefined) record.flags = colonList(t).filter((f) => f !== '');
  return { ok: true, record };
}
