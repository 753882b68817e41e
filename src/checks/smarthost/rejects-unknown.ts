// smarthost.rejects-unknown: the smart host refuses a made-up address of the domain at RCPT; accepting it while the MX is Microsoft 365 means a catch-all or cPanel's "Backup Mail Exchanger", which loops (5.4.14).
import { defineCheck } from '../../engine/define.js';
import type { Check, Verdict } from '../../engine/types.js';
import { REMEDY } from '../../knowledge/consoles.js';
import { isPositive, replySummary } from '../../smtp/reply.js';
import { combine, type Part } from './combine.js';
import { smartHostView, type AddressProbe } from './probes.js';
import { targetName } from './reach.js';
import { classifyRefusal } from './refusal.js';
import { notAnAnswer, REFUSAL_MESSAGES, REFUSAL_REMEDIES, type RefusalKey } from './refusal-wording.js';
import { PRECONDITION_MESSAGES, PRECONDITION_REMEDIES, transcriptsOf, withoutConnection } from './wording.js';

/** The answer to the made-up address, asked after MAIL FROM:<> in the one session with the address. */
/** The keys of the smarthost.rejects-unknown meta a session's judgement can name. */
type UnknownPart = Part<
  RefusalKey | 'acceptsAny' | 'authFirst' | 'malformed' | 'noSession' | 'nullSender' | 'ok' | 'refusedOther' | 'relayRefused' | 'stopped',
  RefusalKey | 'retry' | 'routing'
>;

function judge(probe: AddressProbe, random: string, domain: string): UnknownPart {
  const r = probe.result;
  const where = targetName(r);
  const data = { random, domain };
  if (!r.ehlo || !isPositive(r.ehlo.reply)) return { status: 'skip', message: 'noSession', where, data: { check: 'smarthost.smtp' } };
  if (r.tls && !r.tls.established && isPositive(r.tls.starttlsReply)) return { status: 'skip', message: 'noSession', where, data: { check: 'smarthost.tls' } };
  if (!r.mailFrom) return { status: 'error', message: 'stopped', remedy: 'retry', where, data: { reason: r.error ? `${r.error.code}: ${r.error.message}` : 'no MAIL FROM was asked' } };
  if (!isPositive(r.mailFrom)) {
    const refusal = classifyRefusal(r.mailFrom);
    if (refusal.kind === 'auth') return { status: 'skip', message: 'authFirst', where };
    if (refusal.kind === 'prober' || refusal.kind === 'temporary') return notAnAnswer(refusal, r.mailFrom, r, where, `<${random}>`, data);
    return { status: 'error', message: 'nullSender', remedy: 'retry', where, data: { reply: replySummary(r.mailFrom) } };
  }
  const answer = r.rcpt.find((x) => x.address.toLowerCase() === random.toLowerCase())?.reply;
  if (!answer) return { status: 'error', message: 'stopped', remedy: 'retry', where, data: { reason: r.error ? `${r.error.code}: ${r.error.message}` : 'not asked' } };
  if (answer.malformed) return { status: 'error', message: 'malformed', remedy: 'retry', where, data: { ...data, reply: answer.raw.replace(/\n/g, ' | ').slice(0, 300) } };
  const withReply = { ...data, reply: replySummary(answer) };
  // DOMAIN.md §2: Backup queues the domain's mail for its MX (Microsoft 365), which relays it back: 5.4.14.
  if (isPositive(answer)) return { status: 'warn', message: 'acceptsAny', remedy: 'routing', where, data: withReply };
  const refusal = classifyRefusal(answer);
  switch (refusal.kind) {
    case 'unknown-user':
      return { status: 'pass', message: 'ok', where, data: withReply };
    case 'relay':
      return { status: 'pass', message: 'relayRefused', where, data: withReply };
    case 'prober':
    case 'temporary':
      return notAnAnswer(refusal, answer, r, where, `<${random}>`, data);
    case 'auth':
      return { status: 'skip', message: 'authFirst', where };
    // A refusal of the null sender, not of the made-up address.
    case 'sender':
      return { status: 'error', message: 'nullSender', remedy: 'retry', where, data: { reply: replySummary(answer) } };
    case 'refused':
      return { status: 'pass', message: 'refusedOther', where, data: withReply };
  }
}

export const smarthostRejectsUnknown = defineCheck({
  meta: {
    id: 'smarthost.rejects-unknown',
    title: 'Smart host refuses addresses no one has',
    verifies:
      'a made-up address of the domain is refused at `RCPT` (accepted while the MX is Microsoft 365: warn, a catch-all or cPanel "Backup Mail Exchanger", which loops with 5.4.14)',
    needs: ['smtp'],
    messages: {
      ...PRECONDITION_MESSAGES,
      ...REFUSAL_MESSAGES,
      notSplit:
        "Not checked: no MX of {domain} points at Microsoft 365 (see mx.m365-primary), so mail the hosting server takes for unknown users is not relayed back to it.",
      ok: '{where} refuses RCPT TO:<{random}>, a made-up address at {domain}, as unknown ({reply}): no catch-all, and no Backup Mail Exchanger relaying the domain back to its MX.',
      relayRefused:
        '{where} refuses the made-up address <{random}> as relaying ({reply}): it holds no catch-all and does not queue {domain} for its MX (smarthost.accepts-mailbox judges the relay refusal itself).',
      refusedOther: '{where} refuses the made-up address <{random}> ({reply}): it does not take mail for just any address at {domain}.',
      acceptsAny:
        "{where} accepts RCPT TO:<{random}>, a made-up address at {domain} ({reply}), while the domain's MX is Microsoft 365. Either the hosting server has a catch-all for {domain} (cPanel's Default Address forwarding, or an MTA that takes any local part), which swallows mail for people who have left; or it is a Backup Mail Exchanger for {domain}: it queues the domain's mail and hands it to the MX, Microsoft 365, which relays anything for a user it does not have back to the smart host, round and round until \"554 5.4.14 Hop count exceeded - possible mail loop\". (A server that checks recipients only after taking the message, and bounces then, answers the same way.)",
      noSession: 'Not checked: no usable session with {where} (see {check}).',
      authFirst: 'Not checked: {where} demands authentication before it answers about recipients (see smarthost.smtp).',
      nullSender: 'Could not ask: {where} refuses the null sender MAIL FROM:<> ({reply}) (see smarthost.accepts-mailbox).',
      malformed: 'Could not verify: {where} answered RCPT TO:<{random}> with a reply that is not valid SMTP ("{reply}").',
      stopped: 'Could not verify: the dialogue with {where} stopped before the answer ({reason}).',
    },
    remedies: {
      ...PRECONDITION_REMEDIES,
      ...REFUSAL_REMEDIES,
      routing: `Set ${REMEDY.localRouting} (not Backup Mail Exchanger, and not Automatically Detect, which can pick it). If routing is already Local, it is a catch-all: cPanel → Email → Default Address → "Discard the email while your server processes it by SMTP time with an error message". On another MTA, make it refuse unknown local parts at RCPT (Postfix: local_recipient_maps; Exim: verify = recipient in the RCPT ACL).`,
      retry: 'Run again, or with a longer --timeout.',
    },
  },
  async run(ctx) {
    const view = await smartHostView(ctx);
    if (view.state !== 'reached') return withoutConnection(view);
    const random = view.plan.random;
    if (!random) return { status: 'skip', message: 'notSplit', data: { domain: ctx.domain } };
    const parts = view.reached.map((p) => judge(p, random, ctx.domain));
    const evidence = {
      random,
      probes: view.reached.map((p) => {
        const answer = p.result.rcpt.find((x) => x.address === random)?.reply;
        return { address: p.address, mailFrom: p.result.mailFrom?.raw, rcpt: answer ? { code: answer.code, enhanced: answer.enhanced, reply: answer.raw } : null };
      }),
    };
    return combine(parts, { evidence, observed: transcriptsOf(view.reached) });
  },
});
