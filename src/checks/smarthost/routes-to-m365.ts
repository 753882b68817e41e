// smarthost.routes-to-m365: the smart host accepts RCPT TO of each Microsoft 365 mailbox from a hosting sender, so a hosting user's mail to that colleague leaves the server instead of bouncing locally.
import { defineCheck } from '../../engine/define.js';
import type { Check, Verdict } from '../../engine/types.js';
import { CLOUDS } from '../../knowledge/clouds.js';
import { CPANEL, M365_ADMIN, REMEDY } from '../../knowledge/consoles.js';
import { isPositive, replySummary } from '../../smtp/reply.js';
import type { SmtpReply } from '../../smtp/types.js';
import { combine, type Part } from './combine.js';
import { sampleNote, tenantPrefix } from '../shared/inside-inputs.js';
import { forwarders as readForwarders, hostingMailboxes } from '../../cpanel/responses.js';
import type { CheckContext } from '../../engine/types.js';
import { addressDomain, canonicalAddress, canonicalName } from '../../m365/domains.js';
import { optionalCpanel } from '../inside/sources.js';
import { probePlan, smartHostName, smartHostView, type AddressProbe, type ProbePlan } from './probes.js';
import { targetName } from './reach.js';
import { classifyRefusal } from './refusal.js';
import { mergeSubjects, notAnAnswer, REFUSAL_MESSAGES, REFUSAL_REMEDIES, type RefusalKey } from './refusal-wording.js';
import { PRECONDITION_MESSAGES, PRECONDITION_REMEDIES, transcriptsOf, withoutConnection } from './wording.js';

type Sender = NonNullable<ProbePlan['sender']>;

/** The tenant's routing domain: <tenant>.onmicrosoft.com (commercial cloud; the others are told in consoles.ts's REMEDY). */
const TENANT_SUFFIX = CLOUDS.commercial.initialDomainSuffix;

/** The keys of the smarthost.routes-to-m365 meta a mailbox's judgement can name. */
type RoutesPart = Part<
  RefusalKey | 'accepted' | 'auth' | 'authFirst' | 'forwarded' | 'leftover' | 'malformed' | 'noSession' | 'noSuchUser' | 'notLocal' | 'passesOn' | 'refused' | 'senderRefused' | 'senderRefusedRcpt' | 'stopped',
  RefusalKey | 'deleteLeftover' | 'forwarder' | 'refused' | 'retry' | 'sender' | 'session' | 'tell' | 'tellCatchAll'
>;

/** What the export adds to every part: the tenant's name, and where the Microsoft 365 mailboxes came from. */
interface Inside {
  tenant: string;
  source: string;
}

/**
 * What cPanel says the hosting server holds for an address of the domain, when it was read (list_pops and
 * list_forwarders both answered): a hosting mailbox, or the destinations of its forwarder. SMTP answers the same
 * 250 for both; the account tells them apart.
 */
interface HostingSide {
  mailboxes: ReadonlySet<string>;
  forwards: ReadonlyMap<string, string[]>;
}

async function hostingSide(ctx: CheckContext): Promise<HostingSide | undefined> {
  const cpanel = optionalCpanel(ctx);
  if (!cpanel) return undefined;
  const domain = canonicalName(ctx.domain);
  const [pops, fwd] = await Promise.all([cpanel.pops(), cpanel.forwarders(domain)]);
  if (pops.outcome !== 'ok' || fwd.outcome !== 'ok') return undefined;
  const boxes = hostingMailboxes(pops.data, domain);
  const list = readForwarders(fwd.data, domain);
  if (!boxes.ok || !list.ok || boxes.value.cut || list.value.cut) return undefined;
  const forwards = new Map<string, string[]>();
  for (const f of list.value.forwarders) forwards.set(f.from, [...(forwards.get(f.from) ?? []), f.to]);
  return { mailboxes: new Set(boxes.value.mailboxes.map((m) => m.address)), forwards };
}

function judgeMailbox(probe: AddressProbe, sender: Sender, mailbox: string, reply: SmtpReply, othersPassedOn: boolean, domain: string, inside: Inside, hosting?: HostingSide): RoutesPart {
  const r = probe.result;
  const where = targetName(r);
  const local = mailbox.slice(0, mailbox.lastIndexOf('@'));
  // The tenant's name cannot be seen from outside: the export tells it, else the admin fills it in (consoles.ts writes such values <like this>).
  const data = { mailbox, local, domain, from: sender.from, reply: replySummary(reply), ...inside };
  if (reply.malformed) return { status: 'error', message: 'malformed', remedy: 'retry', where, data: { ...data, reply: reply.raw.replace(/\n/g, ' | ').slice(0, 300) } };
  if (isPositive(reply)) {
    // The account says which, when it was read. Made-up addresses refused: this one is known locally, and a hosting
    // mailbox of it keeps the mail (fail, as before the made-up address was considered).
    const address = canonicalAddress(mailbox);
    if (!othersPassedOn && hosting?.mailboxes.has(address)) return { status: 'fail', message: 'leftover', remedy: 'deleteLeftover', where, data };
    // A forwarder out of the domain sends the mail on (cPanel's forwarders come before a catch-all, and a Backup Mail
    // Exchanger hands it to the MX anyway).
    const out = (hosting?.forwards.get(address) ?? []).filter((t) => t.includes('@') && addressDomain(t) !== canonicalName(domain));
    if (out.length > 0) return { status: 'pass', message: 'forwarded', where, data: { ...data, targets: out } };
    // The server takes a made-up address of the domain too, so this 250 says nothing about this colleague: it may
    // hand on what it does not hold (cPanel's Backup Mail Exchanger queues the domain for its MX, Microsoft 365) or
    // keep it (a catch-all: cPanel's Default Address forwarding to a hosting mailbox, where the colleague never sees
    // it; or a leftover mailbox under Local routing). SMTP cannot tell the two apart, so it is not a pass.
    if (othersPassedOn) return { status: 'warn', message: 'passesOn', remedy: 'tellCatchAll', where, data };
    return { status: 'warn', message: 'accepted', remedy: 'tell', where, data };
  }
  const refusal = classifyRefusal(reply);
  switch (refusal.kind) {
    case 'unknown-user':
      return { status: 'fail', message: 'noSuchUser', remedy: 'forwarder', where, data };
    // Not the server's domain: a hosting user's mail to the colleague goes out by the MX, to Microsoft 365.
    case 'relay':
      return { status: 'pass', message: 'notLocal', where, data };
    case 'prober':
    case 'temporary':
      return notAnAnswer(refusal, reply, r, where, `<${mailbox}>`, { domain });
    case 'auth':
      return { status: 'error', message: 'auth', remedy: 'retry', where, data };
    // The hosting sender refused at RCPT (Postfix's sender restrictions, cPanel's sender verification): an answer
    // about <from>, not about the colleague — reading it as "no such user" would blame a missing forwarder.
    case 'sender':
      return { status: 'error', message: 'senderRefusedRcpt', remedy: 'sender', where, data };
    case 'refused':
      return { status: 'fail', message: 'refused', remedy: 'refused', where, data };
  }
}

function judge(probe: AddressProbe, plan: ProbePlan, sender: Sender, domain: string, inside: Inside, hosting?: HostingSide): RoutesPart[] {
  const r = probe.result;
  const where = targetName(r);
  // No session to ask in (the greeting refused, EHLO refused, the handshake broken off): the question was asked
  // for and could not be put, so it is unverified (CHECKS.md `error`), not "not applicable". Its flow,
  // hosting-to-m365, holds none of the checks that report the session itself, and would otherwise read `skip`.
  if (!r.ehlo || !isPositive(r.ehlo.reply)) return [{ status: 'error', message: 'noSession', remedy: 'session', where, data: { check: 'smarthost.smtp' } }];
  if (r.tls && !r.tls.established && isPositive(r.tls.starttlsReply)) return [{ status: 'error', message: 'noSession', remedy: 'session', where, data: { check: 'smarthost.tls' } }];
  const envelope = r.senderEnvelope;
  const stopped = (): RoutesPart => ({ status: 'error', message: 'stopped', remedy: 'retry', where, data: { reason: r.error ? `${r.error.code}: ${r.error.message}` : 'not asked' } });
  if (!envelope?.mailFrom) return [stopped()];
  const subject = sender.recipients.map((m) => `<${m}>`).join(', ');
  if (!isPositive(envelope.mailFrom)) {
    const refusal = classifyRefusal(envelope.mailFrom);
    if (refusal.kind === 'prober' || refusal.kind === 'temporary') return [notAnAnswer(refusal, envelope.mailFrom, r, where, subject, { domain })];
    if (refusal.kind === 'auth') return [{ status: 'error', message: 'authFirst', remedy: 'session', where, data: { check: 'smarthost.smtp' } }];
    return [{ status: 'error', message: 'senderRefused', remedy: 'sender', where, data: { from: sender.from, reply: replySummary(envelope.mailFrom), subject, domain } }];
  }
  // The made-up address was asked in the first transaction (MAIL FROM:<>) of the same session.
  const random = plan.random ? r.rcpt.find((x) => x.address.toLowerCase() === plan.random?.toLowerCase())?.reply : undefined;
  const othersPassedOn = isPositive(random);
  return mergeSubjects(
    sender.recipients.map((mailbox) => {
      const answer = envelope.rcpt.find((x) => x.address.toLowerCase() === mailbox.toLowerCase());
      return answer ? judgeMailbox(probe, sender, mailbox, answer.reply, othersPassedOn, domain, inside, hosting) : stopped();
    }),
  );
}

export const smarthostRoutesToM365 = defineCheck({
  meta: {
    id: 'smarthost.routes-to-m365',
    title: 'Hosting users can write to Microsoft 365 colleagues',
    verifies:
      '`RCPT TO` of each Microsoft 365 mailbox (`--m365-mailbox`) at the smart host is accepted, so a hosting user\'s mail to that colleague leaves the server instead of bouncing locally (`550 No Such User Here`: fail)',
    needs: ['smtp'],
    messages: {
      ...PRECONDITION_MESSAGES,
      ...REFUSAL_MESSAGES,
      noM365Mailbox:
        'Not checked: give --m365-mailbox user@{domain} (config key m365Mailboxes) with a mailbox that lives in Microsoft 365 (or --m365-export, to take a few from the tenant): the smart host is asked whether mail from a hosting user to that colleague would leave it.',
      noSuchUser:
        '{where} answers RCPT TO:<{mailbox}> from the hosting address <{from}> with "{reply}": the hosting server takes {domain} as its own and has neither a mailbox nor a forwarder for {mailbox}, so mail from hosting users to this Microsoft 365 colleague bounces on the hosting server ("550 No Such User Here") and never reaches Microsoft 365.{source}',
      accepted:
        "{where} accepts RCPT TO:<{mailbox}> from the hosting address <{from}> ({reply}) and refuses made-up addresses: it knows {mailbox}, either as a forwarder that sends the mail on to Microsoft 365 (right) or as a leftover hosting mailbox that keeps hosting users' mail to this colleague on the hosting server (wrong). Both answer the same over SMTP.{source}",
      forwarded:
        "{where} accepts RCPT TO:<{mailbox}> from the hosting address <{from}> ({reply}), and cPanel lists a forwarder of {mailbox} to {targets} (and no hosting mailbox of it): a hosting user's mail to this Microsoft 365 colleague is sent on.{source}",
      leftover:
        '{where} accepts RCPT TO:<{mailbox}> from the hosting address <{from}> ({reply}) because cPanel holds a hosting mailbox {mailbox}: mail from hosting users to this Microsoft 365 colleague is delivered to that leftover mailbox and never reaches Microsoft 365 (see mailboxes.duplicates).{source}',
      passesOn:
        "{where} accepts RCPT TO:<{mailbox}> from the hosting address <{from}> ({reply}), and a made-up address at {domain} as well, so the answer says nothing about {mailbox} itself: either the server hands mail for users it does not hold on to the domain's MX, Microsoft 365 (a Backup Mail Exchanger: the colleague gets it), or a catch-all keeps it on the hosting server (the colleague never does). Both answer the same over SMTP (see smarthost.rejects-unknown).{source}",
      notLocal:
        "{where} refuses RCPT TO:<{mailbox}> from outside as relaying ({reply}): it does not take {domain} as its own, so a hosting user's mail to {mailbox} goes out to the domain's MX, Microsoft 365. (The same setting makes it refuse mail for the hosting mailboxes: see smarthost.accepts-mailbox.){source}",
      refused:
        '{where} refuses RCPT TO:<{mailbox}> from the hosting address <{from}> with "{reply}": mail from hosting users to this Microsoft 365 colleague would bounce on the hosting server.',
      auth: 'Could not ask: {where} demands authentication ({reply}) before it answers about <{mailbox}> (see smarthost.smtp).',
      authFirst: 'Could not ask: {where} demands authentication before MAIL FROM (see smarthost.smtp).',
      senderRefused:
        'Could not ask about {subject}: {where} refused the hosting sender MAIL FROM:<{from}> ("{reply}") before any RCPT.',
      senderRefusedRcpt:
        'Could not ask about <{mailbox}>: {where} answered RCPT TO with a refusal of the sender <{from}>, not of the recipient ("{reply}"), so it says nothing about whether mail to {mailbox} leaves the server.',
      noSession: 'Could not ask: no usable session with {where} (see {check}), so whether hosting users can write to their Microsoft 365 colleagues cannot be seen from here.',
      closedHere:
        'Could not ask: the smart host {host} does not accept connections on port 25 (see smarthost.smtp), so whether hosting users can write to their Microsoft 365 colleagues cannot be seen from here.',
      malformed: 'Could not verify <{mailbox}>: {where} answered RCPT TO with a reply that is not valid SMTP ("{reply}").',
      stopped: 'Could not verify: the dialogue with {where} stopped before the answer ({reason}).',
    },
    remedies: {
      ...PRECONDITION_REMEDIES,
      ...REFUSAL_REMEDIES,
      forwarder: `${CPANEL.addForwarder}: Address to Forward "{local}" at {domain}, Destination "Forward to Email Address" {local}@{tenant}.${TENANT_SUFFIX}, the tenant's routing address (${M365_ADMIN.domains} lists {tenant}.${TENANT_SUFFIX}). In general: ${REMEDY.forwardToTenant}.`,
      deleteLeftover: `Move anything still in the hosting mailbox, then ${CPANEL.emailAccounts} → {mailbox} → Delete, and add a forwarder instead: ${CPANEL.addForwarder}: Address to Forward "{local}" at {domain}, Destination "Forward to Email Address" {local}@{tenant}.${TENANT_SUFFIX}.`,
      tell: `To tell a forwarder from a leftover mailbox, give the inside view: --m365-export with --cpanel-url (mailboxes.duplicates and mailboxes.hosting-to-m365 then list leftover mailboxes and missing forwarders); or look yourself: ${CPANEL.forwarders} must list {mailbox} → {local}@{tenant}.${TENANT_SUFFIX}, and ${CPANEL.emailAccounts} must not list {mailbox}.`,
      tellCatchAll: `Look at ${CPANEL.emailRouting} → {domain} and cPanel → Email → Default Address. What works: ${REMEDY.localRouting} (Backup Mail Exchanger loops the mail Microsoft 365 relays), no catch-all (Default Address: "Discard the email while your server processes it by SMTP time with an error message"), and a forwarder for {mailbox}: ${CPANEL.addForwarder}, "{local}" at {domain} → {local}@{tenant}.${TENANT_SUFFIX}.`,
      refused: `Ask the hosting provider why the server refuses <{mailbox}> ({reply}): it must take it and send it on, with a forwarder to {local}@{tenant}.${TENANT_SUFFIX} (${CPANEL.forwarders}).`,
      retry: 'Run again, or with a longer --timeout.',
      sender:
        `Run again with --mailbox set to a mailbox that exists on the hosting server: the first one is the sender of this question (without one it is postmaster@{domain}). If the server refuses every hosting sender that has not logged in, the question cannot be asked from outside: look in ${CPANEL.forwarders} for a forwarder of each Microsoft 365 user, or give --m365-export with --cpanel-url (mailboxes.hosting-to-m365).`,
      session: 'Fix what {check} reports (its remedy above), then run again: this question is asked in the same session.',
    },
  },
  async run(ctx) {
    if (!(await probePlan(ctx)).sender) return { status: 'skip', message: 'noM365Mailbox', data: { domain: ctx.domain } };
    const view = await smartHostView(ctx);
    if (view.state === 'closed') return { status: 'error', message: 'closedHere', remedy: 'session', data: { host: smartHostName(view.sh), check: 'smarthost.smtp' } };
    if (view.state !== 'reached') return withoutConnection(view);
    const sender = view.plan.sender;
    if (!sender) return { status: 'skip', message: 'noM365Mailbox', data: { domain: ctx.domain } };
    const inside = { tenant: tenantPrefix(ctx) ?? '<tenant>', source: sampleNote(view.plan.m365Source, sender.recipients.length) };
    const hosting = await hostingSide(ctx);
    const parts = view.reached.flatMap((p) => judge(p, view.plan, sender, ctx.domain, inside, hosting));
    const evidence = {
      from: sender.from,
      fromSource: sender.fromSource,
      m365Source: view.plan.m365Source,
      mailboxes: sender.recipients,
      random: view.plan.random ?? null,
      probes: view.reached.map((p) => ({
        address: p.address,
        mailFrom: p.result.senderEnvelope?.mailFrom?.raw,
        rcpt: (p.result.senderEnvelope?.rcpt ?? []).map((x) => ({ mailbox: x.address, code: x.reply.code, enhanced: x.reply.enhanced, reply: x.reply.raw })),
        random: p.result.rcpt.find((x) => x.address === view.plan.random)?.reply.raw ?? null,
      })),
    };
    return combine(parts, { evidence, observed: transcriptsOf(view.reached) });
  },
});
