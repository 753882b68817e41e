// Wording of DKIM key-record defects, shared by dkim.m365 and dkim.hosting: one phrase per defect code.
import type { DkimKeyDefect } from '../../dkim/inspect.js';
import type { TagListIssue } from '../../dkim/tag-list.js';

function at(offset: number): string {
  return `at position ${offset + 1}`;
}

export function describeTagIssue(issue: TagListIssue): string {
  switch (issue.code) {
    case 'missing-equals':
      return `"${issue.segment}" ${at(issue.offset)} is not a tag=value pair`;
    case 'bad-name':
      return `"${issue.name ?? issue.segment}" ${at(issue.offset)} is not a valid tag name`;
    case 'bad-value':
      return `the value of ${issue.name ?? 'a tag'} ${at(issue.offset)} holds characters outside printable ASCII`;
    case 'duplicate':
      return `the tag ${issue.name ?? ''} appears twice (${at(issue.offset)}), which voids the whole record (RFC 6376 §3.2)`;
  }
}

/** One phrase, e.g. `the p= value is not valid base64`. */
export function describeDefect(defect: DkimKeyDefect): string {
  switch (defect.code) {
    case 'syntax':
      return describeTagIssue(defect.issue);
    case 'version-not-first':
      return `v=DKIM1 must be the first tag, but it is ${at(defect.offset)}`;
    case 'bad-version':
      return `v=${defect.value} is not v=DKIM1`;
    case 'no-key':
      return 'it has no p= tag (the public key)';
    case 'revoked':
      return 'its key is empty (p=), which RFC 6376 §3.6.1 defines as revoked';
    case 'bad-base64':
      return 'the p= value is not valid base64';
    case 'unknown-key-type':
      return `k=${defect.value} is no key type verifiers know (rsa, ed25519)`;
    case 'not-for-email':
      return `s=${defect.value} limits the key to services other than email`;
    case 'no-usable-hash':
      return `h=${defect.value} allows no hash verifiers still accept (sha256; RFC 8301 §3.1 retired sha1)`;
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
