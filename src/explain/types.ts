// The shapes `splitcheck explain` works with: what was read from a bounce, and what it means.
import type { BounceHop } from '../knowledge/bounces.js';

/** Where a statement was read: a line of the human-readable text, or a delivery-status field. */
export type Source = 'text' | 'delivery-status';

/** Which side answered, as far as the bounce tells: Microsoft 365 / Exchange Online, another server, or unknown. */
export type Side = 'microsoft' | 'other' | 'unknown';

/**
 * What a statement is, as evidence, strongest first: the remote server's own reply at the failing
 * hop (quoted by the MTA that wrote the bounce), an RFC 3464 Diagnostic-Code, an RFC 3464 Status
 * (the reporting MTA's classification), the reporting MTA's own summary line.
 */
export type EvidenceKind = 'reply' | 'diagnostic-code' | 'status' | 'summary';

/** The SMTP command (RFC 5321 §4.1.1) a reply answered, when the bounce says; CONNECT: the greeting. */
export type Command = 'CONNECT' | 'HELO' | 'MAIL' | 'RCPT' | 'DATA';

/** How sure a diagnosis is: high, the bounce says it in so many words; medium, one reading of clear evidence; low, a possibility. */
export type Confidence = 'high' | 'medium' | 'low';

/**
 * Who a diagnosis says acted. Microsoft 365 and the hosting server only when the bounce shows them
 * (a Microsoft host or marker; a server Microsoft 365 relayed to); otherwise the hop that is there.
 */
export type Actor = 'microsoft-365' | 'hosting-server' | 'receiving-server' | 'reporting-server' | 'sending-server';

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
  /** The three-digit SMTP reply code the line leads with, when the bounce gives one. */
  reply?: number;
  /**
   * A reply quoted inside it, the remote server's own: Sendmail V5's "554 <rcpt>... 550 Host
   * unknown", Amazon SES's "554 4.4.7 ... <421 4.4.2 ...>", Exchange's "550 5.4.300 ... -> 450 4.4.317".
   */
  nestedReply?: number;
  /** Enhanced status codes (`class.subject.detail`) in the order they appear. */
  statuses: string[];
  /** 1-based line number in the scanned text; null for delivery-status fields. */
  line: number | null;
  source: Source;
  /** Its rank as evidence. */
  kind: EvidenceKind;
  /** The SMTP command it answered, when the bounce says (`after RCPT TO`, `>>> DATA`, `in reply to MAIL FROM`). */
  command?: Command;
  /** 0-based index of the message it was read from, when the input held several. */
  message?: number;
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
  /**
   * The enhanced status code for this recipient, from its strongest evidence that has one (the
   * remote reply, then Diagnostic-Code, then Status, then the summary line); a generic `x.0.0`
   * yields to a specific code.
   */
  status?: string;
  /** The remote server's SMTP reply code for this recipient, from its strongest evidence that has one. */
  reply?: number;
  /** The kind of evidence `status` was read from. */
  statusFrom?: EvidenceKind;
  /** RFC 3464 Remote-MTA, without its type, or the server the reply names. */
  remoteMta?: string;
  /** The strongest reply text for this recipient (RFC 3464 Diagnostic-Code, or the remote reply quoted in the text). */
  diagnostic?: string;
  /** Where the address was read: a delivery-status field, the report text, or only the returned message's To. */
  foundIn?: 'delivery-status' | 'text' | 'returned-message';
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
  /** What the message is: a bounce (or delay notice), or something else sent to a bounce address. */
  kind: 'bounce' | 'feedback-report' | 'auto-reply' | 'delivered';
  /** Messages read from the input (an mbox file or several pasted bounces give more than one). */
  messages: number;
  /** What in the bounce shows Microsoft 365 / Exchange Online took part, in plain words; empty: nothing does. */
  microsoftEvidence: string[];
  /** What shows a hosting server of a split domain (a server Microsoft 365 relayed to, cPanel's own words); empty: nothing does. */
  hostingEvidence: string[];
}

export interface EvidenceLine {
  line: number | null;
  source: Source;
  text: string;
  /** 0-based index of the message it is in, when the input held several. */
  message?: number;
}

/** A recognised diagnosis, filled in for this bounce. */
export interface Diagnosis {
  id: string;
  title: string;
  /** How sure: low-confidence diagnoses are possibilities, shown as such. */
  confidence: Confidence;
  /** Who acted, as far as the bounce shows. */
  actor: Actor;
  /** The facts the diagnosis rests on, in plain words (which reply, from whom, what shows the actor). */
  facts: string[];
  /** Every recipient it is about (`recipient` is the first). */
  recipients: string[];
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
