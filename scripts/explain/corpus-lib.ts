// Compares `explain` with the reference reading of the vendored bounce corpus (Sisimai): recipients, status codes, reply codes, actors.
import { readFileSync } from 'node:fs';
import PostalMime from 'postal-mime';
import { explainBounce } from '../../src/explain/index.js';
import type { Explanation } from '../../src/explain/types.js';

export const CORPUS_DIR = new URL('../../fixtures/bounces/sisimai/', import.meta.url);

export interface ReferenceBounce {
  recipient: string;
  addresser: string;
  status: string;
  replycode: string;
  reason: string;
  action: string;
  command: string;
  agent: string;
  rhost: string;
  lhost: string;
  diagnostic: string;
}

export interface ReferenceEntry {
  sisimai: string;
  /** Set when the reference was read from a converted copy (CR-only line ends, which Sisimai 4.25 cannot read). */
  converted?: string;
  bounces: ReferenceBounce[];
}

export type Reference = Record<string, ReferenceEntry>;

export function loadReference(): Reference {
  return JSON.parse(readFileSync(new URL('reference.json', CORPUS_DIR), 'utf8')) as Reference;
}

/** Sisimai reasons that are not delivery failures: a feedback report, an auto-reply, a success notice. */
export const NOT_A_FAILURE = new Set(['feedback', 'vacation', 'delivered']);

/**
 * Whether a reference status is an RFC 3463 code a bounce can carry. Sisimai fills `x.0.9nn` in
 * when the bounce has no code (its own numbering of its reasons, not RFC 3463): nothing to find.
 */
export function isWrittenStatus(status: string): boolean {
  const m = /^[245]\.(\d{1,3})\.(\d{1,3})$/.exec(status);
  return m !== null && !(m[1] === '0' && Number(m[2]) >= 900);
}

/** What explain reports for one recipient, in the shape the comparison needs. */
export interface ReadRecipient {
  address: string;
  status?: string;
  reply?: number;
}

export interface Reading {
  ok: boolean;
  /** Every status and reply code explain read anywhere in the message (the loose measure). */
  anyStatus: Set<string>;
  anyReply: Set<string>;
  reason?: string;
  ms: number;
  recipients: ReadRecipient[];
  explanation?: Explanation;
}

/** The recipients explain found, each with the status and reply code it gives for them. */
export function recipientsOf(e: Explanation): ReadRecipient[] {
  return e.facts.recipients.map((r) => {
    const out: ReadRecipient = { address: r.address.toLowerCase() };
    const rr = r as { status?: string; reply?: number };
    if (rr.status) out.status = rr.status;
    if (rr.reply !== undefined) out.reply = rr.reply;
    return out;
  });
}

export async function readOne(file: string): Promise<Reading> {
  const bytes = readFileSync(new URL(file, CORPUS_DIR));
  const start = performance.now();
  const result = await explainBounce(bytes);
  const ms = performance.now() - start;
  if (!result.ok) return { ok: false, reason: result.reason, ms, recipients: [], anyStatus: new Set(), anyReply: new Set() };
  const e = result.explanation;
  const anyStatus = new Set([...e.facts.statements.flatMap((s) => s.statuses), ...e.facts.recipients.flatMap((r) => (r.status ? [r.status] : []))]);
  const anyReply = new Set(e.facts.statements.flatMap((s) => (s.reply === undefined ? [] : [String(s.reply)])));
  return { ok: true, ms, recipients: recipientsOf(e), explanation: e, anyStatus, anyReply };
}

export interface Score {
  /** Messages whose reference names at least one failed recipient. */
  withRecipient: number;
  /** ... of which explain found every such recipient. */
  recipientFound: number;
  withStatus: number;
  statusFound: number;
  withReply: number;
  replyFound: number;
  /** Loose: the reference's code appears anywhere in what explain read, whichever recipient. */
  statusAnywhere: number;
  replyAnywhere: number;
  misses: { file: string; what: 'recipient' | 'status' | 'reply'; expected: string; got: string }[];
}

export function emptyScore(): Score {
  return { withRecipient: 0, recipientFound: 0, withStatus: 0, statusFound: 0, withReply: 0, replyFound: 0, statusAnywhere: 0, replyAnywhere: 0, misses: [] };
}

/**
 * One message against its reference: each failed recipient the reference names must be among
 * explain's (case-insensitive); its status and reply code must be the ones explain gives that
 * recipient. A message counts once per measure: found only when every recipient agrees.
 */
export function scoreOne(file: string, ref: ReferenceEntry, got: Reading, score: Score): void {
  const rows = ref.bounces.filter((b) => b.recipient && !NOT_A_FAILURE.has(b.reason));
  if (rows.length === 0) return;
  const byAddress = new Map(got.recipients.map((r) => [r.address, r]));
  score.withRecipient += 1;
  const missing = rows.filter((b) => !byAddress.has(b.recipient));
  if (missing.length === 0) score.recipientFound += 1;
  else score.misses.push({ file, what: 'recipient', expected: missing.map((b) => b.recipient).join(' '), got: got.recipients.map((r) => r.address).join(' ') || (got.reason ?? '-') });
  const withStatus = rows.filter((b) => isWrittenStatus(b.status));
  if (withStatus.length > 0) {
    score.withStatus += 1;
    if (withStatus.every((b) => got.anyStatus.has(b.status))) score.statusAnywhere += 1;
    const bad = withStatus.filter((b) => byAddress.get(b.recipient)?.status !== b.status);
    if (bad.length === 0) score.statusFound += 1;
    else score.misses.push({ file, what: 'status', expected: bad.map((b) => `${b.recipient}=${b.status}`).join(' '), got: bad.map((b) => `${byAddress.get(b.recipient)?.status ?? '-'}`).join(' ') });
  }
  const withReply = rows.filter((b) => /^[245]\d\d$/.test(b.replycode));
  if (withReply.length > 0) {
    score.withReply += 1;
    if (withReply.every((b) => got.anyReply.has(b.replycode))) score.replyAnywhere += 1;
    const bad = withReply.filter((b) => String(byAddress.get(b.recipient)?.reply ?? '') !== b.replycode);
    if (bad.length === 0) score.replyFound += 1;
    else score.misses.push({ file, what: 'reply', expected: bad.map((b) => `${b.recipient}=${b.replycode}`).join(' '), got: bad.map((b) => `${byAddress.get(b.recipient)?.reply ?? '-'}`).join(' ') });
  }
}

/**
 * Sisimai's reasons each diagnosis agrees with (its "reason" names: libsisimai.org/en/reason). A
 * diagnosis is about the cause, Sisimai's reason about the class of failure; these sets say which
 * of Sisimai's classes each cause belongs to, so a disagreement can be listed and judged.
 */
export const AGREES_WITH: Record<string, readonly string[]> = {
  'recipient-unknown': ['userunknown', 'filtered', 'rejected', 'hasmoved'],
  'm365-recipient-not-found': ['userunknown', 'filtered', 'rejected'],
  'host-no-mailbox': ['userunknown', 'filtered', 'rejected'],
  'host-local-no-mailbox': ['userunknown', 'filtered'],
  'mailbox-full': ['mailboxfull', 'exceedlimit', 'systemfull'],
  'mailbox-disabled': ['suspend', 'userunknown', 'filtered', 'mailboxfull'],
  'recipient-moved': ['hasmoved', 'userunknown'],
  'domain-not-found': ['hostunknown', 'networkerror', 'notaccept', 'expired'],
  unrouteable: ['hostunknown', 'userunknown', 'networkerror'],
  'null-mx': ['notaccept', 'hostunknown'],
  'sender-rejected': ['rejected', 'blocked', 'policyviolation', 'securityerror'],
  'sender-null-mx': ['rejected', 'notaccept'],
  'delivery-expired': ['expired', 'networkerror'],
  expired: ['expired', 'networkerror'],
  'connection-failed': ['networkerror', 'expired', 'blocked', 'notaccept'],
  'connection-refused': ['blocked', 'toomanyconn', 'notaccept', 'networkerror', 'rejected', 'undefined'],
  'tls-failed': ['networkerror', 'expired', 'securityerror', 'failedstarttls'],
  'smarthost-refused': ['networkerror', 'expired'],
  'smarthost-dns': ['networkerror', 'expired', 'hostunknown'],
  'smarthost-tls-failed': ['networkerror', 'expired', 'securityerror'],
  'smarthost-untrusted-chain': ['networkerror', 'expired', 'securityerror'],
  'smarthost-name-mismatch': ['networkerror', 'expired', 'securityerror'],
  'smarthost-certificate-expired': ['networkerror', 'expired', 'securityerror'],
  'spam-rejected': ['spamdetected', 'filtered', 'rejected', 'contenterror', 'blocked', 'policyviolation'],
  'virus-rejected': ['virusdetected', 'contenterror', 'policyviolation', 'spamdetected'],
  'ip-blocklisted': ['blocked', 'rejected', 'spamdetected', 'policyviolation'],
  'm365-blocked-ip': ['blocked', 'rejected'],
  'no-ptr': ['blocked', 'requireptr', 'rejected'],
  'm365-no-ptr': ['blocked', 'requireptr'],
  'rate-limited': ['toomanyconn', 'speeding', 'blocked', 'exceedlimit', 'suspend', 'rejected'],
  greylisted: ['blocked', 'toomanyconn', 'expired', 'undefined', 'rejected'],
  'relay-denied': ['norelaying', 'rejected', 'userunknown'],
  'host-relay-refused': ['norelaying', 'rejected'],
  'm365-relay-denied': ['norelaying', 'rejected'],
  'm365-authoritative': ['userunknown', 'rejected', 'filtered'],
  'm365-domain-not-accepted': ['norelaying', 'rejected', 'userunknown'],
  'message-too-big': ['mesgtoobig', 'exceedlimit'],
  'system-error': ['systemerror', 'mailererror', 'systemfull', 'undefined', 'notaccept'],
  'protocol-error': ['syntaxerror', 'contenterror', 'notaccept', 'undefined'],
  'routing-loop': ['networkerror', 'systemerror', 'undefined'],
  'mail-loop': ['networkerror', 'systemerror', 'undefined'],
  'dmarc-reject': ['policyviolation', 'securityerror', 'authfailure', 'rejected', 'blocked'],
  'spf-reject': ['policyviolation', 'securityerror', 'authfailure', 'rejected', 'blocked'],
  'dkim-reject': ['policyviolation', 'securityerror', 'authfailure', 'rejected'],
  'outlook-sender-authentication': ['policyviolation', 'securityerror', 'authfailure', 'rejected'],
  'host-spf-rejects-m365': ['policyviolation', 'securityerror', 'authfailure', 'rejected', 'blocked'],
  'auth-required': ['securityerror', 'rejected'],
  'recipient-restricted': ['securityerror', 'rejected', 'policyviolation'],
  'm365-recipient-restricted': ['securityerror', 'rejected', 'policyviolation'],
  'm365-sender-restricted': ['rejected', 'blocked', 'securityerror', 'policyviolation', 'toomanyconn', 'speeding'],
  'tls-required': ['securityerror', 'failedstarttls'],
  'policy-refused': ['rejected', 'blocked', 'policyviolation', 'filtered', 'securityerror', 'spamdetected', 'norelaying', 'suspend', 'userunknown'],
};

/**
 * An independent reading of whether a raw bounce shows Microsoft 365 / Exchange Online (its host
 * names, header fields, markers, codes only it uses) or a hosting server (cPanel's words and
 * fields), written apart from explain's own evidence rules so it can check them.
 */
const SHOWS_MICROSOFT =
  /(?:outlook\.com|office365\.(?:com|us)|protection\.outlook|exchangelabs\.com|onmicrosoft\.com|hotmail\.com|outlook\.cn|mx\.microsoft)\b|X-MS-Exchange|MicrosoftExchange[0-9a-f]|\bATTR\d{1,4}\b|\bAS\(\d{3,}\)|TenantAttribution|TenantInboundAttribution|\b5\.7\.6[0-4]\d\b|\b5\.7\.(?:57|64|68|515|70\d|750)\b|\b[45]\.4\.31\d\b|\b5\.4\.300\b|\b[45]\.7\.320\b|\b5\.4\.14\b/i;
const SHOWS_HOSTING = /cPanel|X-AntiAbuse|No Such User Here|hostinger/i;

export async function rawShows(file: string): Promise<{ microsoft: boolean; hosting: boolean }> {
  const bytes = readFileSync(new URL(file, CORPUS_DIR));
  // The raw bytes and every decoded part (a base64 report shows nothing to a regex on the raw bytes).
  let decoded = '';
  try {
    const email = await PostalMime.parse(bytes, { attachmentEncoding: 'utf8' });
    decoded = [email.text ?? '', email.html ?? '', ...email.attachments.map((a) => (typeof a.content === 'string' ? a.content : ''))].join('\n');
  } catch {
    // Unparseable: the raw bytes are all there is.
  }
  const text = `${bytes.toString('latin1')}\n${decoded}`;
  return { microsoft: SHOWS_MICROSOFT.test(text), hosting: SHOWS_HOSTING.test(text) };
}

const ANY_MAILDIR = 'maildir/' + '*/';

/** One row of fixtures/bounces/sisimai/disagreements.md. */
export interface Disagreement {
  /** A corpus path; a `maildir/` + `*` + `/` prefix matches every line-end variant of a message. */
  file: string;
  field: 'recipient' | 'status' | 'reply' | 'reason';
  sisimai: string;
  splitcheck: string;
  why: string;
}

export function loadDisagreements(): Disagreement[] {
  const text = readFileSync(new URL('disagreements.md', CORPUS_DIR), 'utf8');
  const rows: Disagreement[] = [];
  for (const line of text.split('\n')) {
    const cells = line.split('|').map((c) => c.trim());
    if (cells.length < 7 || !/^(maildir|mailbox)\//.test(cells[1]!)) continue;
    rows.push({ file: cells[1]!, field: cells[2] as Disagreement['field'], sisimai: cells[3]!, splitcheck: cells[4]!, why: cells[5]! });
  }
  return rows;
}

/** Whether a disagreement row covers this file and field. */
export function listed(rows: readonly Disagreement[], file: string, field: Disagreement['field']): boolean {
  return rows.some((r) => r.field === field && (r.file === file || (r.file.startsWith(ANY_MAILDIR) && file.startsWith('maildir/') && file.endsWith(`/${r.file.slice(ANY_MAILDIR.length)}`))));
}

/** What explain read from one corpus file, in the shape of expected.json. */
export interface ExpectedEntry {
  /** [address, status or null, reply code or null] for each recipient. */
  recipients: [string, string | null, number | null][];
  /** [id, confidence] of each diagnosis, surest first. */
  diagnoses: [string, string][];
  /** No diagnosis above low confidence: explain says it is unsure (and quotes the bounce). */
  unsure: boolean;
  /** Set when explain refuses the input (empty, white space). */
  refused?: string;
}

export function expectedOf(reading: Reading): ExpectedEntry {
  if (!reading.ok) return { recipients: [], diagnoses: [], unsure: true, refused: reading.reason ?? '' };
  const e = reading.explanation!;
  return {
    recipients: e.facts.recipients.map((r) => [r.address, r.status ?? null, r.reply ?? null]),
    diagnoses: e.diagnoses.map((d) => [d.id, d.confidence] as [string, string]),
    unsure: !e.diagnoses.some((d) => d.confidence !== 'low'),
  };
}
