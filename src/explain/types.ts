// The shapes `splitcheck explain` works with: what was read from a bounce, and what it means.
import type { BounceHop } from '../knowledge/bounces.js';

/** Where a statement was read: a line of the human-readable text, or a delivery-status field. */
export type Source = 'text' | 'delivery-status';

/** Which side answered, as far as the bounce tells: Microsoft 365 / Exchange Online, another server, or unknown. */
export type Side = 'microsoft' | 'other' | 'unknown';

/**
 * One reply as the bounce reports it: a line holding an SMTP reply code (RFC 5321 §4.2) and/or
 * an enhanced status code (RFC 3463), with its wrapped continuation lines joined; or one
 * recipient's fields of a message/delivery-status part (RFC 3464 §2.3).
 */
export interface Statement {
  /** The reply as it reads (continuations joined by one space), already bounded in length. */
  text: string;
  /** The reply as written, when that differs from `text` (terminal escape sequences kept): evidence shows it, escaped. */
  shown?: string;
  /** The three-digit SMTP reply code, when the bounce gives one. */
  reply?: number;
  /** Enhanced status codes (`class.subject.detail`) in the order they appear. */
  statuses: string[];
  /** 1-based line number in the scanned text; null for delivery-status fields. */
  line: number | null;
  source: Source;
  /** The server that gave the reply, when the bounce names it (`host X said`, Remote-MTA, ...). */
  server?: string;
  /** Which side gave the reply: from `server`, or from Microsoft's own markers in the text. */
  saidBy: Side;
  /** The host Microsoft 365 was trying to reach (`[LastAttemptedServerName=...]`, `Server at X returned`). */
  target?: string;
  /** The recipient this reply is about, when the bounce ties them together. */
  recipient?: string;
}

/** A failed (or delayed) recipient, with what the bounce says about it. */
export interface Recipient {
  address: string;
  domain: string;
  /** RFC 3464 Action (`failed`, `delayed`, ...), when a delivery-status part gives it. */
  action?: string;
  /** RFC 3464 Status, e.g. `5.4.1`. */
  status?: string;
  /** RFC 3464 Remote-MTA, without its type. */
  remoteMta?: string;
  /** RFC 3464 Diagnostic-Code, without its type. */
  diagnostic?: string;
}

/** Facts read from the bounce as a whole. */
export interface BounceFacts {
  /** `message`: an RFC 5322 message (an .eml); `text`: text pasted from a mail client. */
  format: 'message' | 'text';
  /** Whether a multipart/report with a message/delivery-status part was found. */
  deliveryStatus: boolean;
  from?: string;
  to?: string;
  subject?: string;
  date?: string;
  /** The server that wrote the bounce (Reporting-MTA, "Generating server", "This is the mail system at host"). */
  reportingServer?: string;
  reportedBy: Side;
  /** Servers that answered or were tried, in order of appearance. */
  remoteServers: string[];
  recipients: Recipient[];
  /** The original sender (the bounce's To, "Sender Address", or the returned message's From). */
  sender?: string;
  /** Microsoft's markers seen anywhere: `AS(201806281)`, `ATTR34`, `[Hostname=...]`, `[Message=...]`, ... */
  markers: string[];
  /** Every reply found. */
  statements: Statement[];
  /** What was bounded, skipped or could not be decoded, in plain words. */
  notes: string[];
  /** Lines scanned. */
  lines: number;
}

export interface EvidenceLine {
  line: number | null;
  source: Source;
  text: string;
}

/** A recognised diagnosis, filled in for this bounce. */
export interface Diagnosis {
  id: string;
  title: string;
  hop: BounceHop;
  hopText: string;
  /** The codes seen for it in this bounce, e.g. `550 5.4.1`. */
  codes: string[];
  evidence: EvidenceLine[];
  /** What happened, at which hop, why — for this topology, with the bounce's names filled in. */
  explanation: string;
  fix: string;
  /** splitcheck check ids that confirm it (CHECKS.md); may be empty when no check can see it from outside. */
  checks: string[];
  /** Whose domain the checks are about: the failed recipient's, or the original sender's. */
  domainOf: 'recipient' | 'sender';
  recipient?: string;
  server?: string;
}

/** A status code no diagnosis claims: its generic RFC 3463 / RFC 5321 meaning, honestly labelled. */
export interface Unrecognised {
  code: string;
  meaning: string;
  evidence: EvidenceLine[];
}

export interface Explanation {
  facts: BounceFacts;
  diagnoses: Diagnosis[];
  unrecognised: Unrecognised[];
}
