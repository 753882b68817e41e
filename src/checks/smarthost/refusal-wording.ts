// The words for "not an answer about the address": refusals of the prober and temporary refusals, shared by the checks that ask MAIL/RCPT.
import { CPANEL, WHM } from '../../knowledge/consoles.js';
import { replySummary } from '../../smtp/reply.js';
import type { SmtpProbeResult, SmtpReply } from '../../smtp/types.js';
import type { Part } from './combine.js';
import type { ProberRefusal, TemporaryKind } from './refusal.js';

/** Message keys, spread into each check's meta.messages; `{subject}` is what was asked about (`<anna@example.com>`). */
export const REFUSAL_MESSAGES = {
  proberHelo:
    'Could not verify {subject}: {where} refused the name this machine introduced itself with, EHLO {helo} ("{reply}"). That is about the prober, not the address: Exchange Online says EHLO with its own name.',
  proberPtr:
    'Could not verify {subject}: {where} refused this machine because its address has no matching reverse DNS ("{reply}"). That is about the prober, not the address: Exchange Online connects from addresses with reverse DNS.',
  proberBlocklist:
    "Could not verify {subject}: {where} refused this machine's address as listed on a block list (\"{reply}\"). That is about the prober, not the address; Microsoft 365's own addresses are not what was asked about.",
  proberClient:
    'Could not verify {subject}: {where} refused this machine ("{reply}"), a rule about the connecting client, not about the address; whether Microsoft 365\'s addresses meet the same rule cannot be seen from here.',
  proberSpf:
    'Could not verify {subject}: {where} refused this machine on an SPF check ("{reply}"): the envelope it sent names a domain whose SPF record does not list this machine\'s address (with the null sender MAIL FROM:<>, SPF judges the EHLO name, {helo}). That is about the prober, not the address: hosting users send through the server after logging in, and Microsoft 365 relays from its own addresses.',
  proberProtocol:
    'Could not verify {subject}: {where} answered "{reply}", a protocol error (RFC 5321: a command not recognised, not implemented or out of sequence), which is about the dialogue, not the address. A proxy or filter in front of the mail server that garbles commands answers like this.',
  greylisted:
    'Could not verify {subject}: {where} answered "{reply}", a temporary refusal (greylisting: the first attempt of a client the server does not know is deferred on purpose, and a retry some minutes later is accepted). Microsoft 365 retries, so its mail arrives late, not lost.',
  rateLimited:
    'Could not verify {subject}: {where} answered "{reply}", a temporary refusal (a rate or connection limit on this client: too many connections, recipients or errors), not an answer about the address.',
  localError:
    "Could not verify {subject}: {where} answered \"{reply}\", a temporary refusal (an error of the server itself: a failed lookup, storage, its configuration). While it lasts the server defers Microsoft 365's mail the same way.",
  mailboxBusy:
    'Could not verify {subject}: {where} answered "{reply}", a temporary refusal about the mailbox itself (full or disabled for now, RFC 3463 X.2.x), not about routing or this machine: while it lasts, mail for it is deferred, and bounces if it lasts beyond the sender\'s retries. (A hosting mailbox answers so: if {subject} lives in Microsoft 365, it has a leftover hosting mailbox too.)',
  temporary: 'Could not verify {subject}: {where} answered "{reply}", a temporary refusal that gives no reason, so it says nothing about the address.',
} as const;

export const REFUSAL_REMEDIES = {
  proberHelo:
    "Run again with --helo set to this machine's public DNS name (a name whose A or AAAA record is this machine's address, such as its reverse DNS name), or run splitcheck from a server that has one.",
  proberPtr:
    'Run splitcheck from a machine whose public address has reverse DNS that points back to it (a VPS: the provider sets the PTR record), or from the hosting server itself.',
  proberBlocklist:
    "Run splitcheck from another network (a server you run): the listed address is this machine's. The hosting server's block lists must not list Microsoft 365's sending ranges, or it refuses Microsoft's mail as well.",
  proberClient:
    "Run splitcheck from another network (a server you run), and make sure the hosting server's access rules admit Microsoft 365's sending ranges (cPanel: WHM → Host Access Control, ConfigServer Firewall).",
  proberSpf:
    `Run splitcheck from the hosting server itself, or from a machine whose address the domain's SPF record lists. Since this server rejects SPF failures, also make sure it does not reject what Exchange Online relays: that mail keeps the outside sender's address and comes from Microsoft's servers, which that sender's SPF does not list. Trust the connector's traffic instead (cPanel: ${WHM.trustedSmtpHosts}, with Exchange Online's outbound ranges).`,
  proberProtocol:
    'Check what answers on port 25 of the smart host (a firewall\'s SMTP inspection, such as Cisco ASA "inspect esmtp", or a filtering proxy, can garble commands): Exim itself must answer (WHM → Service Manager); then run again.',
  greylisted:
    "Run again in 5 to 15 minutes: greylisting accepts the retry. To spare Microsoft 365's mail the delay, exempt its sending ranges from greylisting (cPanel: WHM → Email → Greylisting → Trusted Hosts; Postfix's postscreen: postscreen_access_list).",
  rateLimited: 'Wait (most limits clear within the hour) and run again, with fewer --mailbox and --m365-mailbox addresses if there are many.',
  localError:
    "Ask the hosting provider to look at the mail server's log for this moment (cPanel: /var/log/exim_mainlog; Postfix: its maillog): the server is deferring mail; then run again.",
  mailboxBusy: `Free space in the mailbox or raise its quota (${CPANEL.emailAccounts} → Manage → Allocated Storage Space), or re-enable receiving for it, then run again.`,
  temporary: 'Run again in a few minutes, or from the network of a server you run.',
} as const;

const PROBER_KEY: Record<ProberRefusal, keyof typeof REFUSAL_MESSAGES> = {
  helo: 'proberHelo',
  'no-ptr': 'proberPtr',
  blocklist: 'proberBlocklist',
  client: 'proberClient',
  spf: 'proberSpf',
  protocol: 'proberProtocol',
};
const TEMPORARY_KEY: Record<TemporaryKind, keyof typeof REFUSAL_MESSAGES> = {
  greylisted: 'greylisted',
  'rate-limited': 'rateLimited',
  'local-error': 'localError',
  mailbox: 'mailboxBusy',
  temporary: 'temporary',
};

/** The name the probe said EHLO (or HELO) with, as it was sent. */
export function heloSent(result: SmtpProbeResult): string {
  for (const entry of result.transcript) {
    if (entry.kind === 'sent' && /^(?:EHLO|HELO) /.test(entry.command)) return entry.command.slice(5);
  }
  return '(unknown)';
}

/** The message (and remedy) keys of the refusals above: every check that spreads them may name them. */
export type RefusalKey = keyof typeof REFUSAL_MESSAGES;

/** An `error` part for a reply that is no answer about `subject`: a refusal of the prober, or a temporary one. */
export function notAnAnswer(
  why: { kind: 'prober'; why: ProberRefusal } | { kind: 'temporary'; why: TemporaryKind },
  reply: SmtpReply,
  result: SmtpProbeResult,
  where: string,
  subject: string,
  data: Record<string, string> = {},
): Part<RefusalKey, RefusalKey> {
  const key = why.kind === 'prober' ? PROBER_KEY[why.why] : TEMPORARY_KEY[why.why];
  return { status: 'error', message: key, remedy: key, where, data: { ...data, subject, reply: replySummary(reply), helo: heloSent(result) } };
}

/**
 * Several addresses refused with the same words (a HELO rule answers every RCPT alike): one part naming them all,
 * instead of the same sentence once per address.
 */
export function mergeSubjects<P extends Part>(parts: readonly P[]): P[] {
  const out: P[] = [];
  const byKey = new Map<string, P>();
  for (const part of parts) {
    const data = part.data ?? {};
    if (!(part.message in REFUSAL_MESSAGES) || typeof data['subject'] !== 'string') {
      out.push(part);
      continue;
    }
    const { subject: _subject, ...rest } = data;
    const key = JSON.stringify([part.message, part.where ?? '', rest]);
    const seen = byKey.get(key);
    if (seen?.data) seen.data = { ...seen.data, subject: `${String(seen.data['subject'])}, ${String(data['subject'])}` };
    else {
      const copy = { ...part, data: { ...data } };
      byKey.set(key, copy);
      out.push(copy);
    }
  }
  return out;
}
