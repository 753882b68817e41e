// Wording of DKIM key-record defects and cautions, shared by dkim.m365 and dkim.hosting: one phrase per code, saying what RFC 6376 and the verifiers do.
import type { DkimKeyCaution, DkimKeyDefect } from '../../dkim/inspect.js';
import type { TagListIssue } from '../../dkim/tag-list.js';

function at(offset: number): string {
  return `at position ${offset + 1}`;
}

/** The syntax of a tag list as such (RFC 6376 §3.2), shared with DMARC records. */
export function describeTagIssue(issue: TagListIssue): string {
  switch (issue.code) {
    case 'missing-equals':
      return `"${issue.segment}" ${at(issue.offset)} is not a tag=value pair`;
    case 'bad-name':
      // A record pasted with its zone-file quotes into a panel that adds its own: the quote becomes text.
      if (issue.segment.startsWith('"')) return `the record starts with a quotation mark (${at(issue.offset)}), so its quotes are part of its text`;
      return `"${issue.name ?? issue.segment}" ${at(issue.offset)} is not a valid tag name`;
    case 'bad-value':
      return `the value of ${issue.name ?? 'a tag'} ${at(issue.offset)} holds characters outside printable ASCII`;
    case 'duplicate':
      return `the tag ${issue.name ?? ''} appears twice (${at(issue.offset)}), which voids the whole record (RFC 6376 §3.2)`;
    case 'empty':
      return `it has an empty tag (";;" or a leading ";") ${at(issue.offset)}, which RFC 6376 §3.2 does not allow`;
  }
}

/** What the verifiers compared in test/e2e/dkim-differential.e2e.ts do with a syntax issue in a key record. */
function syntaxVerdict(issue: TagListIssue): string {
  switch (issue.code) {
    case 'duplicate':
      return 'dkimpy rejects the record; Mail::DKIM uses the last value';
    case 'empty':
      return 'dkimpy rejects the record; Mail::DKIM skips the empty tag';
    case 'bad-name':
      // Names that start with a letter are only a caution (src/dkim/key-record.ts): dkimpy rejects these.
      return issue.segment.startsWith('"')
        ? 'dkimpy rejects the record; Mail::DKIM ignores the quoted tag and deletes the quote from p='
        : 'dkimpy rejects the record (it wants a letter first)';
    default:
      return 'dkimpy and Mail::DKIM reject the record';
  }
}

/** One phrase, e.g. `the p= value has lost its "=" padding (...)`, saying who rejects it. */
export function describeDefect(defect: DkimKeyDefect): string {
  switch (defect.code) {
    case 'syntax':
      return `${describeTagIssue(defect.issue)}; ${syntaxVerdict(defect.issue)}`;
    case 'bad-version':
      return `v=${defect.value} is not v=DKIM1 (RFC 6376 §3.6.1: such records MUST be discarded)`;
    case 'no-key':
      return 'it has no p= tag (the public key), which RFC 6376 §3.6.1 requires';
    case 'revoked':
      return 'its key is empty (p=), which RFC 6376 §3.6.1 defines as revoked';
    case 'bad-base64':
      return 'the p= value is not valid base64 (RFC 6376 §3.6.1), and Mail::DKIM rejects it';
    case 'base64-padding':
      return `the p= value has lost its "=" padding: it is ${defect.length} characters, not a multiple of 4, and should end in "${'='.repeat(defect.missing)}"; Mail::DKIM (through OpenSSL) and dkimpy (through Python's base64) both reject it`;
    case 'unknown-key-type':
      return defect.value === ''
        ? 'k= is empty (RFC 6376 §3.6.1 wants a key type, and unrecognized ones MUST be ignored); dkimpy rejects the record, Mail::DKIM reads it as rsa'
        : `k=${defect.value} is no key type verifiers know (rsa, ed25519): RFC 6376 §3.6.1 says ignore the record`;
    case 'not-for-email':
      return defect.value.trim() === ''
        ? 's= is empty, so the key lists no service (RFC 6376 §3.6.1); dkimpy rejects it, Mail::DKIM ignores the empty tag'
        : `s=${defect.value} limits the key to services other than email (RFC 6376 §3.6.1)`;
    case 'no-usable-hash':
      return `h=${defect.value} allows no hash verifiers still accept (sha256; RFC 8301 §3.1 retired sha1, and RFC 6376 §6.1.2 fails a hash h= does not list); Mail::DKIM rejects sha256 signatures with it (dkimpy does not read h=)`;
    case 'bad-key':
      switch (defect.key.reason) {
        case 'not-a-key':
          return `the p= value decodes to ${defect.key.octets} octets that are no public key`;
        case 'wrong-type':
          return `the p= value is a ${defect.key.found ?? 'different'} key, not the type k= names`;
        case 'ed25519-spki':
          return 'the Ed25519 key is wrapped in SubjectPublicKeyInfo; RFC 8463 §4.2 wants the raw 32-octet key';
        case 'bad-length':
          return `an Ed25519 key is 32 octets, this one is ${defect.key.octets}`;
      }
  }
}

/** A usable key's caution: what RFC 6376 says and which verifiers take it anyway. */
export function describeCaution(caution: DkimKeyCaution): string {
  switch (caution.code) {
    case 'version-not-first':
      return `v=DKIM1 is ${at(caution.offset)}, while RFC 6376 §3.6.1 says it MUST be the first tag; Mail::DKIM and dkimpy accept it, a verifier that applies the RFC to the letter may not`;
    case 'bad-tag-name':
      return `"${caution.name}" ${at(caution.offset)} is not a valid tag name (RFC 6376 §3.2: letters, digits and "_"), which §6.1.2 makes a key syntax error; Mail::DKIM and dkimpy ignore the tag, a verifier that applies the RFC to the letter may reject the key`;
    case 'empty-hash-list':
      return 'h= is empty: RFC 6376 §3.6.1 wants at least one hash, and §6.1.2 fails a hash h= does not list; Mail::DKIM and dkimpy ignore the empty tag, a stricter verifier may fail every signature';
    case 'quoted-key':
      return 'the p= value holds quotation marks, which base64 has no room for (RFC 6376 §3.6.1); Mail::DKIM and dkimpy skip them, a stricter verifier may reject the key';
    case 'granularity':
      return `it has g=${caution.value}, a tag of RFC 4871 that RFC 6376 dropped (verifiers must ignore it), but Mail::DKIM (used by SpamAssassin) still applies it and fails signatures whose i= local part does not match`;
    case 'spaced-list':
      return `${caution.tag}=${caution.value} has spaces around ":", which RFC 6376 §3.6.1 allows, but Mail::DKIM does not trim them and ${caution.tag === 'h' ? 'fails sha256 signatures' : 'reads the key as not for email'}`;
    case 'service-list':
      return `s=${caution.value} lists several services, which RFC 6376 §3.6.1 allows, but dkimpy compares the whole value with "email" and "*" and rejects the key`;
    case 'pkcs1-key':
      return 'the key is a bare RSAPublicKey: RFC 6376 §3.6.1 names that form, but signers publish a SubjectPublicKeyInfo and Mail::DKIM (used by SpamAssassin) reads only that, so its signatures fail there';
    case 'ed25519-key':
      return 'it is an Ed25519 key (RFC 8463), which not every verifier supports (Mail::DKIM 1.20230212, in Debian 12, rejects k=ed25519), so signatures made with it alone fail there';
  }
}

/** The change that removes a caution, for the remedy. */
export function cautionFix(caution: DkimKeyCaution): string {
  switch (caution.code) {
    case 'version-not-first':
      return 'move v=DKIM1 to the front of the record';
    case 'bad-tag-name':
      return `delete the "${caution.name}" tag (or rename it with letters, digits and "_" only)`;
    case 'empty-hash-list':
      return 'delete the empty h= tag (or write h=sha256)';
    case 'quoted-key':
      return 'delete the quotation marks inside the p= value (the DNS panel adds its own quoting)';
    case 'granularity':
      return 'delete the g= tag';
    case 'spaced-list':
      return `write ${caution.tag}= without spaces (${caution.tag}=${caution.value.replace(/\s+/g, '')})`;
    case 'service-list':
      return 'write s=email (or delete s=, which means every service)';
    case 'pkcs1-key':
      return 'publish the key as a SubjectPublicKeyInfo (openssl rsa -pubin -RSAPublicKey_in -pubout), or generate a new key with the hosting panel';
    case 'ed25519-key':
      return 'sign with an RSA 2048-bit key as well, under a second selector';
  }
}
