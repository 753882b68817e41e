// m365.internal-relay: the Microsoft 365 MX accepts RCPT TO for a mailbox it does not have (Internal Relay); 550 5.4.1 means Authoritative.
import { fillTemplate } from '../../engine/template.js';
import { defineCheck } from '../../engine/define.js';
import type { Check, Verdict } from '../../engine/types.js';
import { EAC, REMEDY } from '../../knowledge/consoles.js';
import { isPositive, replySummary } from '../../smtp/reply.js';
import type { SmtpReply } from '../../smtp/types.js';
import { describeReach, targetName } from '../smarthost/reach.js';
import { isDomainNotAccepted, isEdgeBlocked, isTemporary, microsoftRefusesClient } from '../smarthost/replies.js';
import { isProtocolRefusal } from '../smarthost/refusal.js';
import { transcriptLines } from '../smarthost/transcript.js';
import { microsoftMxProbe } from './probe.js';

const messages = {
  ok: 'Microsoft 365 ({target}) accepts RCPT TO:<{recipient}> from the null sender ({reply}): {domain} is an Internal Relay domain, so mail for mailboxes Microsoft 365 does not have is passed on to the outbound connector.{notes} Not visible from here: that the connector really routes that mail to the smart host (the smarthost.* checks test the host itself).',
  authoritative:
    'Microsoft 365 ({target}) refuses RCPT TO:<{recipient}> with "{reply}": {domain} is an Authoritative accepted domain, so directory-based edge blocking rejects every recipient without a Microsoft 365 mailbox, and hosting mailboxes never get mail (senders see 550 5.4.1).{notes}',
  notAccepted:
    'Microsoft 365 ({target}) refuses RCPT TO:<{recipient}> with "{reply}": no Microsoft 365 tenant has {domain} as an accepted domain (Relay Access Denied, ATTR35), so every message to {domain} bounces at Microsoft\'s edge, for Microsoft 365 mailboxes as well as hosting ones.{notes}',
  refused:
    'Microsoft 365 ({target}) refuses RCPT TO:<{recipient}> with "{reply}": mail for this address bounces at Microsoft\'s edge before it can be relayed to the hosting server.{notes}',
  noMicrosoftMx: 'Not checked: no MX points at Microsoft 365 (see mx.m365-primary), so there is no Microsoft 365 edge to ask.',
  unresolved: 'Not checked: the Microsoft MX {mx} has no address (see mx.targets-resolve).',
  unreachable:
    "Could not test: Microsoft's MX {target} did not take a connection on port 25 from this machine ({why}). Most home, office and cloud networks block outgoing port 25; this says nothing about your tenant.",
  clientBlocklist:
    'Could not test: Microsoft refuses this machine\'s address ("{reply}"; 5.7.606-5.7.649 are block lists), so the probe never got an answer about {domain}.',
  clientIpv6: 'Could not test: Microsoft refuses this machine\'s IPv6 address because it has no reverse DNS ("{reply}", 5.7.25).',
  clientPolicy: 'Could not test: Microsoft refused this machine ("{reply}") before answering about {domain}.',
  protocol:
    'Could not test: {target} answered RCPT TO:<{recipient}> with "{reply}", a protocol error (RFC 5321: a command not recognised or out of sequence), which is about the dialogue, not a verdict on the recipient. A firewall or proxy on this machine\'s side that inspects SMTP can cause it.',
  temporary: 'Could not test: Microsoft 365 answered "{reply}", a temporary refusal, instead of a verdict on the recipient.',
  noService: 'Could not test: Microsoft\'s MX {target} did not greet with 220 ("{reply}").',
  malformed: 'Could not test: the answer of {target} to RCPT TO:<{recipient}> is not valid SMTP ("{reply}"), so it says neither yes nor no.',
  stopped: 'Could not test: the dialogue with Microsoft\'s MX {target} stopped before the RCPT answer ({reason}).',
  // Notes filled into {notes}, from these templates.
  noteRandom:
    ' The recipient is a random address (no --mailbox was given).',
  noteRandomAccepted:
    ' The recipient is a random address (no --mailbox was given): Internal Relay accepts any address, so spam to made-up addresses is relayed to the hosting server too, and its refusals become bounces to forged senders (backscatter) — worth knowing, not a fault.',
  noteMailbox: ' If <{recipient}> also has a Microsoft 365 mailbox, this answer says nothing: give a --mailbox that exists only on the hosting server.',
  noteGateway: ' A filtering gateway ({gateways}) is in the MX too: mail that comes through it, not straight to Microsoft, can be treated differently.',
} as const;

export const m365InternalRelay = defineCheck({
  meta: {
    id: 'm365.internal-relay',
    title: 'Microsoft 365 relays for hosting mailboxes',
    verifies: 'the Microsoft 365 MX accepts `RCPT TO` for a mailbox that is not in Microsoft 365 (5.4.1: fail)',
    needs: ['smtp'],
    messages,
    remedies: {
      internalRelay: `The accepted domain is Authoritative: ${REMEDY.internalRelay}. ${REMEDY.keepConnectorScoped}.`,
      notAccepted: `${REMEDY.addDomain}.`,
      refused: `Check ${EAC.acceptedDomains} → {domain} (it must be Internal relay) and the mail flow rules that could refuse <{recipient}>; ${EAC.messageTrace} shows Microsoft's reason.`,
      unreachable:
        'Run splitcheck from a machine whose outgoing port 25 is open (a VPS, or the hosting server itself), or add --no-smtp to check DNS only.',
      clientBlocklist:
        "Run splitcheck from another network: Microsoft refuses mail from this machine's address (to delist an address you own: https://sender.office.com).",
      clientIpv6: 'Run splitcheck from a network with IPv4, or with reverse DNS (PTR) for its IPv6 address.',
      clientPolicy: 'Run splitcheck from another network; the reply says why Microsoft refused this machine.',
      retry: 'Run again in a few minutes, or with a longer --timeout.',
    },
  },
  async run(ctx) {
    const probe = await microsoftMxProbe(ctx);
    if (probe.state === 'no-microsoft-mx') return { status: 'skip', message: 'noMicrosoftMx', observed: probe.observed };
    if (probe.state === 'unresolved') return { status: 'skip', message: 'unresolved', data: { mx: probe.mx.exchange }, observed: probe.observed };
    const r = probe.result;
    const target = targetName(r);
    const observed = transcriptLines(r);
    const data = { target, recipient: probe.recipient, domain: ctx.domain, gateways: probe.gateways };
    const evidence = {
      mx: probe.mx.exchange,
      address: probe.address,
      recipient: probe.recipient,
      randomRecipient: probe.randomRecipient,
      reach: probe.reach,
      greeting: r.greeting?.raw,
      mailFrom: r.mailFrom?.raw,
      rcpt: r.rcpt.map((x) => ({ address: x.address, code: x.reply.code, enhanced: x.reply.enhanced, reply: x.reply.raw })),
      error: r.error,
    };
    const base = { evidence, observed };
    if (probe.reach !== 'connected') {
      if (probe.reach === 'failed') return { ...base, status: 'error', message: 'stopped', remedy: 'retry', data: { ...data, reason: describeReach(probe.reach, r) } };
      return { ...base, status: 'error', message: 'unreachable', remedy: 'unreachable', data: { ...data, why: describeReach(probe.reach, r) } };
    }
    const refusal = (reply: SmtpReply): Verdict<keyof typeof messages, 'clientBlocklist' | 'clientIpv6' | 'clientPolicy'> | undefined => {
      const kind = microsoftRefusesClient(reply);
      if (!kind) return undefined;
      const key = kind === 'blocklist' ? 'clientBlocklist' : kind === 'ipv6-ptr' ? 'clientIpv6' : 'clientPolicy';
      return { ...base, status: 'error', message: key, remedy: key, data: { ...data, reply: replySummary(reply) } };
    };
    if (!r.greeting || r.greeting.code !== 220) {
      if (r.greeting) return refusal(r.greeting) ?? { ...base, status: 'error', message: 'noService', remedy: 'retry', data: { ...data, reply: replySummary(r.greeting) } };
      return { ...base, status: 'error', message: 'stopped', remedy: 'retry', data: { ...data, reason: `${r.error?.code ?? ''}: ${r.error?.message ?? ''}` } };
    }
    if (r.mailFrom && !isPositive(r.mailFrom)) {
      return refusal(r.mailFrom) ?? { ...base, status: 'error', message: 'stopped', remedy: 'retry', data: { ...data, reason: `MAIL FROM:<> answered ${replySummary(r.mailFrom)}` } };
    }
    const answer = r.rcpt.find((x) => x.address.toLowerCase() === probe.recipient.toLowerCase())?.reply;
    if (!answer) {
      const reason = r.error ? `${r.error.code}: ${r.error.message}` : 'no answer to RCPT';
      return { ...base, status: 'error', message: 'stopped', remedy: 'retry', data: { ...data, reason } };
    }
    // Lines that disagree on the code, or no code at all: reading the first line would guess (CHECKS.md: never guess).
    if (answer.malformed) {
      return { ...base, status: 'error', message: 'malformed', remedy: 'retry', data: { ...data, reply: answer.raw.replace(/\n/g, ' | ').slice(0, 300) } };
    }
    const reply = replySummary(answer);
    const note = (key: keyof typeof messages): string => fillTemplate(messages[key], { ...data, reply });
    const gatewayNote = probe.gateways.length > 0 ? note('noteGateway') : '';
    if (isPositive(answer)) {
      const who = probe.randomRecipient ? note('noteRandomAccepted') : note('noteMailbox');
      return { ...base, status: 'pass', message: 'ok', data: { ...data, reply, notes: who + gatewayNote } };
    }
    const randomNote = probe.randomRecipient ? note('noteRandom') : '';
    if (isDomainNotAccepted(answer)) {
      return { ...base, status: 'fail', message: 'notAccepted', remedy: 'notAccepted', data: { ...data, reply, notes: gatewayNote } };
    }
    if (isEdgeBlocked(answer)) {
      return { ...base, status: 'fail', message: 'authoritative', remedy: 'internalRelay', data: { ...data, reply, notes: randomNote + gatewayNote } };
    }
    const refused = refusal(answer);
    if (refused) return refused;
    // 500/502/503 or X.5.x: the dialogue went wrong (a middlebox garbling commands), not the recipient refused.
    if (isProtocolRefusal(answer)) return { ...base, status: 'error', message: 'protocol', remedy: 'retry', data: { ...data, reply } };
    if (isTemporary(answer)) return { ...base, status: 'error', message: 'temporary', remedy: 'retry', data: { ...data, reply } };
    return { ...base, status: 'fail', message: 'refused', remedy: 'refused', data: { ...data, reply, notes: randomNote + gatewayNote } };
  },
});
