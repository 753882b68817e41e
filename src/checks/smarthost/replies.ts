// Reads SMTP replies the way the checks need them: relay refusals, demands for AUTH, unknown users, refusals of the prober's IP.
import { flatText } from '../../smtp/reply.js';
import type { SmtpReply } from '../../smtp/types.js';

/** RFC 5321 §4.2.1: 4yz is a transient negative completion, 5yz a permanent one. */
export const isTemporary = (r: SmtpReply): boolean => r.code >= 400 && r.code < 500;
export const isPermanent = (r: SmtpReply): boolean => r.code >= 500 && r.code < 600;

/** The words of a relay refusal (qmail: "not in my list of allowed rcpthosts"); "relay" alone is not enough (block lists are named relays.ordb.org, ...). */
const RELAY_REFUSED =
  /relay(?:ing)? (?:access )?(?:is )?(?:denied|not permitted|not allowed|prohibited|refused|forbidden)|(?:unable|not permitted|not allowed) to relay|\bno relaying\b|we do not relay|\brelay not permitted\b|relaying (?:mail )?(?:to|for) \S+ (?:is )?(?:not|denied)|list of allowed rcpthosts/i;

/**
 * A relay refusal: the server does not treat the recipient's domain as its own. Exim/cPanel: "550 ... is not
 * permitted to relay through this server without authentication"; Postfix "554 5.7.1 Relay access denied", or
 * with its default smtpd_relay_restrictions (defer_unauth_destination, Postfix ≥ 2.10) the temporary
 * "454 4.7.1 <x>: Relay access denied"; others "550 5.7.1 Unable to relay". Checked before `isAuthRequired`:
 * Exim's wording mentions authentication too.
 */
export function isRelayRefusal(r: SmtpReply): boolean {
  // Read across the lines: cPanel breaks its sentence over three ("... is not permitted to relay through" / "this server ...").
  return (isPermanent(r) || isTemporary(r)) && RELAY_REFUSED.test(flatText(r));
}

/**
 * The server wants AUTH first (RFC 4954 §6: "530 5.7.0 Authentication required"), as submission services do
 * (smtp.hostinger.com:587). Exchange Online never authenticates to a smart host (DOMAIN.md §1).
 */
export function isAuthRequired(r: SmtpReply): boolean {
  if (!isPermanent(r) || isRelayRefusal(r)) return false;
  // RFC 3207 §4: "530 5.7.0 Must issue a STARTTLS command first" asks for TLS, not for a login.
  if (/STARTTLS/i.test(r.text)) return false;
  if (r.code === 530) return true;
  return /authenticat/i.test(r.text) && /(required|must|needed|first)/i.test(r.text);
}

/**
 * The mailbox does not exist there: RFC 3463 X.1.1 (bad destination mailbox), Microsoft's X.1.10
 * (RecipientNotFound), or the usual wordings (Exim/cPanel "No Such User Here", Postfix "User unknown").
 */
export function isUnknownUser(r: SmtpReply): boolean {
  if (!isPermanent(r)) return false;
  if (r.enhanced === '5.1.1' || r.enhanced === '5.1.10') return true;
  // RFC 3463 §3: the enhanced code, when given, names the subject; the words count only under X.1.x (addressing).
  // "550 5.7.1 Requested action not taken: mailbox unavailable" repeats RFC 5321's generic 550 text for a policy refusal.
  if (r.enhanced && !r.enhanced.startsWith('5.1.')) return false;
  return /no such user|user unknown|unknown user|mailbox (is )?unavailable|does not exist|recipient not found|unrouteable address/i.test(r.text);
}

/** Exchange Online's edge blocking of an Authoritative domain: "550 5.4.1 Recipient address rejected: Access denied. AS(201806281)". */
export function isEdgeBlocked(r: SmtpReply): boolean {
  return isPermanent(r) && (r.enhanced === '5.4.1' || /AS\(201806281\)/.test(r.text)) && !isDomainNotAccepted(r);
}

/**
 * `550 5.4.1 Relay Access Denied` with Microsoft's ATTR35 marker: no tenant has the domain as an accepted
 * domain (removed, never verified, or the MX belongs to another tenant). Same code as edge blocking, another
 * cause and another fix, so it is told apart by its words.
 */
export function isDomainNotAccepted(r: SmtpReply): boolean {
  return isPermanent(r) && (/\bATTR35\b/.test(r.text) || (r.enhanced === '5.4.1' && /relay access denied/i.test(r.text)));
}

/**
 * Microsoft refusing the prober's own address rather than answering the question: 5.7.606-5.7.649
 * (banned sending IP, block lists), 5.7.25 (IPv6 without reverse DNS), other 5.7.x policy refusals.
 */
export type ClientRefusal = 'blocklist' | 'ipv6-ptr' | 'policy';
export function microsoftRefusesClient(r: SmtpReply): ClientRefusal | undefined {
  if (!isPermanent(r)) return undefined;
  const detail = /^5\.7\.(\d{1,3})$/.exec(r.enhanced ?? '')?.[1];
  if (detail === undefined) return /banned sending IP|blocked using|client host .*blocked/i.test(r.text) ? 'blocklist' : undefined;
  const n = Number(detail);
  if (n >= 606 && n <= 649) return 'blocklist';
  if (n === 25) return 'ipv6-ptr';
  return 'policy';
}
