// Reads a refused MAIL or RCPT the way a mail admin would: about the address, about the route, about the prober, or only "not now" — and which "not now".
import { flatText } from '../../smtp/reply.js';
import type { SmtpReply } from '../../smtp/types.js';
import { isAuthRequired, isPermanent, isRelayRefusal, isTemporary, isUnknownUser } from './replies.js';

/**
 * Refusals of the prober itself, not of the address asked about. Postfix applies its client and HELO
 * restrictions at RCPT by default (smtpd_delay_reject = yes), so they arrive as the answer to RCPT:
 * - `helo`: the EHLO name (`554 5.7.1 <[192.0.2.1]>: Helo command rejected: ...`, `450 4.7.1 <x>: Helo command rejected: Host not found`);
 * - `no-ptr`: the client address has no (forward-confirmed) reverse DNS (`550 5.7.25 Client host rejected: cannot find your hostname`,
 *   RFC 7372's 5.7.25 "reverse DNS validation failed");
 * - `blocklist`: the client address is on a DNS block list (`554 5.7.1 Service unavailable; Client host [ip] blocked using zen.spamhaus.org`);
 * - `client`: another rule about the connecting client (`554 5.7.1 <unknown[ip]>: Client host rejected: Access denied`);
 * - `spf`: the envelope failed SPF for this machine's address (postfix-policyd-spf at RCPT: `550 5.7.1 <x>: Recipient address
 *   rejected: Message rejected due to: SPF fail - not authorized`; Exim's SPF ACL, cPanel's "Reject SPF failures": `550 SPF:
 *   <ip> is not allowed to send mail from <domain>`; RFC 7372's X.7.23/X.7.24). The prober sends from an address no SPF
 *   record lists — a hosting sender's domain, or with the null sender its own EHLO name (RFC 7208 §2.3) — so the refusal
 *   says nothing about the recipient, whose real mail comes from logged-in hosting users or from Microsoft 365;
 * - `protocol`: a reply about the dialogue itself (RFC 5321 §4.2.4 500/502/503 "syntax error", "not implemented", "bad
 *   sequence of commands"; RFC 3463 X.5.x "mail delivery protocol status"), as a proxy or filter in front of the MTA
 *   gives when it garbles or loses a command: no answer about the address.
 * Exchange Online connects from addresses with reverse DNS, under its own name, and is on no block list a
 * hosting server could use without refusing all of Microsoft 365: none of these says anything about its mail.
 */
export type ProberRefusal = 'helo' | 'no-ptr' | 'blocklist' | 'client' | 'spf' | 'protocol';

/** Why a server said "not now" (RFC 5321 §4.2.1 4yz): each has its own cause and its own advice. */
export type TemporaryKind =
  /** Greylisting: the first attempt of an unknown client is deferred on purpose, a retry minutes later passes. */
  | 'greylisted'
  /** A rate or connection limit on this client (Postfix anvil, Exim ratelimit, Microsoft's 4.7.500 "Server busy"). */
  | 'rate-limited'
  /** The server's own trouble: a failed lookup, a full disk, a broken configuration (RFC 3463 X.3.x "mail system status"). */
  | 'local-error'
  /** The mailbox itself, for now: full or disabled (RFC 3463 X.2.1, X.2.2): a fact about the address, not the client. */
  | 'mailbox'
  /** A 4yz that names no reason. */
  | 'temporary';

export type RefusalKind =
  | { kind: 'relay' }
  /** The envelope sender refused, whichever command the answer came to: says nothing about the recipient. */
  | { kind: 'sender' }
  | { kind: 'auth' }
  | { kind: 'unknown-user' }
  | { kind: 'prober'; why: ProberRefusal }
  | { kind: 'temporary'; why: TemporaryKind }
  | { kind: 'refused' };

const HELO = /helo command rejected|\b(?:e?helo|hello)\b[^\n]{0,60}\b(?:rejected|invalid|not allowed|refused|denied|forged|must be|required|bad)\b|\b(?:invalid|bad|illegal|forged)\b[^\n]{0,20}\be?helo\b|need fully-qualified hostname/i;
const NO_PTR = /cannot find your (?:reverse )?host ?name|reverse (?:dns|lookup|hostname|dns entry|name)|\bno (?:ptr|rdns|reverse)\b|\bptr record|\brdns\b/i;
const BLOCKLIST = /blocked using|\bblack ?list|\bblock ?list|\b(?:rbl|dnsbl)\b|\blisted (?:at|in|on|by)\b|spamhaus|spamcop|barracudacentral|\bsorbs\b|banned sending ip/i;
const CLIENT = /client host rejected|client host \S* ?(?:blocked|refused|denied)|\byour (?:ip|address|host|server|network)\b[^\n]{0,40}\b(?:blocked|listed|denied|refused|rejected|not allowed|banned)/i;

// "SPF" as a word (not SPFBL, a block list), the name spelled out, policyd-spf's explanation link, Exim's ACL wording.
const SPF = /\bSPF\b|sender policy framework|openspf\.(?:net|org)|not allowed to send mail from|does not designate \S+ as permitted sender/i;

/**
 * A protocol-level refusal (RFC 5321 §4.2.4, RFC 3463 §3.6): 500, 502 and 503 whatever their text, and any reply whose
 * enhanced code is X.5.x except X.5.3 ("too many recipients", a limit, read as such by temporaryKind). 501 and 504
 * count only with an X.5.x code: Postfix answers "501 5.1.3 Bad recipient address syntax" about the address.
 */
export function isProtocolRefusal(r: SmtpReply): boolean {
  if (!isTemporary(r) && !isPermanent(r)) return false;
  if (r.enhanced) return /^[45]\.5\.(?!3$)\d{1,3}$/.test(r.enhanced);
  return r.code === 500 || r.code === 502 || r.code === 503;
}

/** The prober's own address or name refused, whatever the code (4yz or 5yz). */
export function proberRefusal(r: SmtpReply): ProberRefusal | undefined {
  if (!isTemporary(r) && !isPermanent(r)) return undefined;
  // RFC 7372 §3: X.7.25 is "reverse DNS validation failed", about the client; X.7.23/X.7.24 "SPF validation failed/error".
  if (r.enhanced && /^[45]\.7\.25$/.test(r.enhanced)) return 'no-ptr';
  if ((r.enhanced && /^[45]\.7\.2[34]$/.test(r.enhanced)) || SPF.test(flatText(r))) return 'spf';
  if (HELO.test(r.text)) return 'helo';
  if (BLOCKLIST.test(r.text)) return 'blocklist';
  if (NO_PTR.test(r.text)) return 'no-ptr';
  if (CLIENT.test(r.text)) return 'client';
  if (isProtocolRefusal(r)) return 'protocol';
  return undefined;
}

// greylistd's Exim ACL (Debian): "<ip> is not yet authorized to deliver mail from <s> to <r>. Please try later."
const GREYLIST = /gr[ae]y ?-?list|postgrey|delaying filter|try again in \d+|temporarily rejected|not yet authori[sz]ed to deliver/i;
const RATE = /too many|rate ?limit|ratelimit|exceeded|throttl|slow down|server busy|too fast|4\.7\.500|concurrent/i;
const LOCAL = /local (?:error|problem)|lookup failure|configuration (?:error|problem)|queue file write error|insufficient (?:system )?storage|internal (?:server )?error|database|disk|temporarily unavailable|resources/i;

/**
 * A refusal of the envelope sender. Postfix applies its sender restrictions at RCPT by default
 * (smtpd_delay_reject = yes), so "550 5.1.0 <s>: Sender address rejected: User unknown in local recipient table"
 * (reject_unlisted_sender) or "553 5.7.1 <s>: Sender address rejected: not logged in"
 * (reject_sender_login_mismatch) answer RCPT TO; cPanel's Exim verifies the sender in its RCPT ACL and answers
 * "550-Verification failed for <s>" "550-No Such User Here" "550 Sender verify failed", whose middle line is
 * its unknown-user wording. RFC 3463 §3.2: X.1.7 and X.1.8 are the sender's mailbox and system.
 */
const SENDER = /sender address rejected|sender verif\w* failed|verification failed for <|could not complete sender verify|sender (?:address |domain )?(?:is )?(?:unknown|invalid|not allowed|refused|rejected|denied|unverified)|(?:unknown|invalid|unverified|bad) sender\b|sender (?:address )?domain\b[^\n]{0,40}\b(?:does not exist|not found|does not resolve|has no)/i;

export function isSenderRefusal(r: SmtpReply): boolean {
  if (!isTemporary(r) && !isPermanent(r)) return false;
  // RFC 7505 §4.2: X.7.27 "sender address has null MX" is about the sender's domain too.
  if (r.enhanced && /^[45]\.(?:1\.[78]|7\.27)$/.test(r.enhanced)) return true;
  return SENDER.test(flatText(r));
}

/** Which kind of "not now" a 4yz reply is, told by its enhanced code and its words. */
export function temporaryKind(r: SmtpReply): TemporaryKind {
  // Postfix's postscreen answers RCPT "450 4.3.2 Service currently unavailable" to a client in its first session
  // after its after-220 tests: like greylisting, a new session later is let through (postscreen(8)).
  if (r.enhanced === '4.3.2' && /service currently unavailable/i.test(r.text)) return 'greylisted';
  // RFC 3463 §3.3: X.2.1 "mailbox disabled", X.2.2 "mailbox full" (postgrey's X.2.0 stays greylisting, by its words).
  if ((r.enhanced === '4.2.1' || r.enhanced === '4.2.2') && !GREYLIST.test(r.text)) return 'mailbox';
  // RFC 3463 §3.4: X.3.x is the receiving mail system's own status; 4.5.3 "too many recipients".
  if (r.enhanced?.startsWith('4.3.') && !RATE.test(r.text)) return 'local-error';
  if (r.enhanced === '4.5.3' || RATE.test(r.text)) return 'rate-limited';
  if (GREYLIST.test(r.text)) return 'greylisted';
  if (LOCAL.test(r.text)) return 'local-error';
  // "451 4.7.1 Please try again later" with nothing else: greylisting's usual words (milter-greylist, ASSP,
  // Plesk), and a deferral at RCPT for no stated reason is what greylisting is. 4.7.1 alone: policy.
  if (r.enhanced === '4.7.1' && /try again later|please retry|come back later/i.test(r.text)) return 'greylisted';
  return 'temporary';
}

/**
 * What a non-2xx answer to MAIL or RCPT means. Order matters: a relay refusal first (Exim's wording mentions
 * authentication, Postfix's default is the 4yz `454 4.7.1 Relay access denied` of defer_unauth_destination),
 * then refusals of the prober (which Postfix also words "Client host rejected" at RCPT), then of the sender,
 * then the address.
 */
export function classifyRefusal(r: SmtpReply): RefusalKind {
  if (isRelayRefusal(r)) return { kind: 'relay' };
  const prober = proberRefusal(r);
  if (prober) return { kind: 'prober', why: prober };
  // Before "temporary" and "unknown user": cPanel's sender verification carries "No Such User Here" too.
  if (isSenderRefusal(r)) return { kind: 'sender' };
  if (isTemporary(r)) return { kind: 'temporary', why: temporaryKind(r) };
  if (isAuthRequired(r)) return { kind: 'auth' };
  if (isUnknownUser(r)) return { kind: 'unknown-user' };
  return { kind: 'refused' };
}

/**
 * EHLO refused in a way that is no answer about ESMTP: temporarily (RFC 5321 §4.2.1 4yz), or as a refusal of this
 * machine (its name, address, reverse DNS). Only a protocol refusal ("502 5.5.2 command not recognized") or another
 * permanent refusal says the server has no EHLO.
 */
export function ehloRefusedForProber(r: SmtpReply | undefined): boolean {
  if (!r) return false;
  if (isTemporary(r)) return true;
  const prober = proberRefusal(r);
  return prober !== undefined && prober !== 'protocol';
}
