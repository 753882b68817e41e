// smarthost.accepts-mailbox: the smart host answers RCPT TO of each hosting mailbox (from the null sender) with 2xx, as it must for mail relayed by Microsoft 365.
import { defineCheck } from '../../engine/define.js';
import type { Check, Verdict } from '../../engine/types.js';
import { CPANEL, REMEDY } from '../../knowledge/consoles.js';
import { isPositive, replySummary } from '../../smtp/reply.js';
import type { SmtpReply } from '../../smtp/types.js';
import { combine, type Part } from './combine.js';
import { probePlan, smartHostView, type AddressProbe } from './probes.js';
import { sampleNote } from '../shared/inside-inputs.js';
import { targetName } from './reach.js';
import { classifyRefusal } from './refusal.js';
import { mergeSubjects, notAnAnswer, REFUSAL_MESSAGES, REFUSAL_REMEDIES, type RefusalKey } from './refusal-wording.js';
import { PRECONDITION_MESSAGES, PRECONDITION_REMEDIES, transcriptsOf, withoutConnection } from './wording.js';

/** The keys of the smarthost.accepts-mailbox meta a mailbox's judgement can name. */
type MailboxPart = Part<
  RefusalKey | 'malformed' | 'ok' | 'relay' | 'auth' | 'unknownUser' | 'refused' | 'noSession' | 'stopped' | 'authFirst' | 'nullSender',
  RefusalKey | 'malformed' | 'routing' | 'auth' | 'mailbox' | 'refused' | 'retry' | 'nullSender'
>;

function judgeRcpt(probe: AddressProbe, mailbox: string, reply: SmtpReply): MailboxPart {
  const where = targetName(probe.result);
  const data = { mailbox, reply: replySummary(reply) };
  // A reply whose lines disagree on the code ("250-..." then "550 ...") or that is not SMTP at all: reading its
  // first line as the answer would guess a verdict (CHECKS.md: never guess); it is kept as evidence instead.
  if (reply.malformed) return { status: 'error', message: 'malformed', remedy: 'malformed', where, data: { mailbox, reply: reply.raw.replace(/\n/g, ' | ').slice(0, 300) } };
  if (isPositive(reply)) return { status: 'pass', message: 'ok', where, data };
  const refusal = classifyRefusal(reply);
  switch (refusal.kind) {
    // Exim's "not permitted to relay", Postfix's "554 5.7.1 Relay access denied" and its default "454 4.7.1 ...
    // Relay access denied" (defer_unauth_destination): the domain is not the server's own. Not greylisting.
    case 'relay':
      return { status: 'fail', message: 'relay', remedy: 'routing', where, data };
    // Refusals of this prober (its EHLO name, its reverse DNS, a block list) and temporary answers are no verdict on the mailbox.
    case 'prober':
    case 'temporary':
      return notAnAnswer(refusal, reply, probe.result, where, `<${mailbox}>`);
    case 'auth':
      return { status: 'fail', message: 'auth', remedy: 'auth', where, data };
    // The null sender refused at RCPT (Postfix's sender restrictions answer there): nothing said about the mailbox.
    case 'sender':
      return { status: 'error', message: 'nullSender', remedy: 'nullSender', where, data: { reply: replySummary(reply) } };
    case 'unknown-user':
      return { status: 'fail', message: 'unknownUser', remedy: 'mailbox', where, data };
    case 'refused':
      return { status: 'fail', message: 'refused', remedy: 'refused', where, data };
  }
}

function judgeMailboxes(probe: AddressProbe, mailboxes: readonly string[]): MailboxPart[] {
  const r = probe.result;
  const where = targetName(r);
  if (!r.ehlo || !isPositive(r.ehlo.reply)) return [{ status: 'skip', message: 'noSession', where, data: { check: 'smarthost.smtp' } }];
  // Only a failed handshake leaves no session: after a refused STARTTLS (454) the dialogue goes on in plaintext
  // (as Exchange Online's opportunistic TLS does) and the RCPT answers are facts to judge, as without STARTTLS.
  if (r.tls && !r.tls.established && isPositive(r.tls.starttlsReply)) return [{ status: 'skip', message: 'noSession', where, data: { check: 'smarthost.tls' } }];
  if (!r.mailFrom) {
    const reason = r.error ? `${r.error.code}: ${r.error.message}` : 'no MAIL FROM was asked';
    return [{ status: 'error', message: 'stopped', remedy: 'retry', where, data: { reason } }];
  }
  if (!isPositive(r.mailFrom)) {
    const refusal = classifyRefusal(r.mailFrom);
    if (refusal.kind === 'auth') return [{ status: 'skip', message: 'authFirst', where }];
    // Refused at MAIL already (Postfix with smtpd_delay_reject = no, greylisting, rate limits): no answer about any mailbox.
    if (refusal.kind === 'prober' || refusal.kind === 'temporary') {
      return [notAnAnswer(refusal, r.mailFrom, r, where, mailboxes.map((m) => `<${m}>`).join(', '))];
    }
    return [{ status: 'error', message: 'nullSender', remedy: 'nullSender', where, data: { reply: replySummary(r.mailFrom) } }];
  }
  return mergeSubjects(
    mailboxes.map((mailbox) => {
      const answer = r.rcpt.find((x) => x.address.toLowerCase() === mailbox.toLowerCase());
      if (answer) return judgeRcpt(probe, mailbox, answer.reply);
      const reason = r.error ? `${r.error.code}: ${r.error.message}` : 'not asked';
      return { status: 'error', message: 'stopped', remedy: 'retry', where, data: { reason } };
    }),
  );
}

export const smarthostAcceptsMailbox = defineCheck({
  meta: {
    id: 'smarthost.accepts-mailbox',
    title: 'Smart host accepts the hosting mailboxes',
    verifies: '`RCPT TO` of each hosting mailbox answered `2xx` (relay refusal: fail, with the cPanel routing fix)',
    needs: ['smtp'],
    messages: {
      ...PRECONDITION_MESSAGES,
      noMailbox:
        'Not checked: give --mailbox user@{domain} of a mailbox on the hosting server (or --cpanel-url and --cpanel-user, to take a few from the account\'s list).',
      ok: '{where} accepts RCPT TO:<{mailbox}> from the null sender ({reply}): mail Microsoft 365 relays for it is taken.{source}',
      relay:
        '{where} refuses <{mailbox}> as relaying ({reply}): the server does not treat {domain} as its own, so it rejects every message Microsoft 365 relays to it. In cPanel this is Email Routing set to Remote Mail Exchanger (or Automatically Detect, which picks Remote once the MX points at Microsoft).{source}',
      auth: '{where} wants authentication before it accepts <{mailbox}> ({reply}): Exchange Online never authenticates to a smart host, so the relayed mail is refused (see smarthost.smtp).',
      unknownUser:
        '{where} answers <{mailbox}> with "{reply}": this mailbox does not exist on the hosting server, so mail Microsoft 365 relays for it bounces (550 5.1.1).{source}',
      refused: '{where} refuses <{mailbox}> with "{reply}": mail Microsoft 365 relays for it would bounce.{source}',
      ...REFUSAL_MESSAGES,
      malformed: 'Could not verify <{mailbox}>: {where} answered RCPT TO with a reply that is not valid SMTP ("{reply}"), so it says neither yes nor no.',
      noSession: 'Not checked: no usable session with {where} (see {check}).',
      authFirst: 'Not checked: {where} demands authentication before MAIL FROM (see smarthost.smtp).',
      nullSender:
        'Could not ask: {where} refuses the null sender MAIL FROM:<> ({reply}). RFC 5321 §4.5.5 requires accepting it; Microsoft 365 uses it for bounces and delivery reports.',
      stopped: 'Could not verify: the dialogue with {where} stopped before the answer ({reason}).',
    },
    remedies: {
      ...PRECONDITION_REMEDIES,
      routing:
        `Set ${REMEDY.localRouting}: the hosting server then delivers mail for its own mailboxes whatever the MX says. Remote Mail Exchanger makes Exim relay-refuse it, Backup Mail Exchanger queues it and sends it back to the MX (Microsoft), which loops, and Automatically Detect flips to Remote as soon as the MX points at Microsoft 365.`,
      auth: "Point the connector at the hosting server's port-25 MX host, which takes mail for its own domains without a login.",
      mailbox:
        `Create <{mailbox}> on the hosting server (${CPANEL.emailAccounts}), or, if this user lives in Microsoft 365, create the mailbox there instead and delete any leftover hosting account for it.`,
      refused: 'Ask the hosting provider why the server refuses <{mailbox}> ({reply}); mail from Microsoft 365 must be accepted for every hosting mailbox.',
      ...REFUSAL_REMEDIES,
      nullSender: 'Let the hosting server accept the null sender MAIL FROM:<> (RFC 5321 §4.5.5), then run again.',
      retry: 'Run again, or with a longer --timeout.',
      malformed: 'Check what answers on port 25 of the smart host (a proxy or filter in front of the MTA can garble replies): WHM → Service Manager must run Exim itself on port 25; then run again.',
    },
  },
  async run(ctx) {
    const plan = await probePlan(ctx);
    if (plan.mailboxes.length === 0) return { status: 'skip', message: 'noMailbox', data: { domain: ctx.domain } };
    const view = await smartHostView(ctx);
    if (view.state !== 'reached') return withoutConnection(view);
    const mailboxes = view.plan.mailboxes;
    const source = sampleNote(view.plan.mailboxSource, mailboxes.length);
    const asked = view.reached.map((p) => ({ p, parts: judgeMailboxes(p, mailboxes) }));
    const parts = asked.flatMap((a) => a.parts.map((part) => ({ ...part, data: { ...(part.data ?? {}), domain: ctx.domain, source } })));
    const evidence = {
      mailboxes,
      mailboxSource: view.plan.mailboxSource,
      probes: view.reached.map((p) => ({
        address: p.address,
        mailFrom: p.result.mailFrom?.raw,
        rcpt: p.result.rcpt.filter((x) => mailboxes.includes(x.address)).map((x) => ({ mailbox: x.address, code: x.reply.code, enhanced: x.reply.enhanced, reply: x.reply.raw })),
      })),
    };
    return combine(parts, { evidence, observed: transcriptsOf(view.reached) });
  },
});
