// smarthost.smtp: port 25 of the smart host takes a connection, greets with 220 and answers EHLO — without demanding AUTH.
import { defineCheck } from '../../engine/define.js';
import type { Check, Verdict } from '../../engine/types.js';
import { replySummary } from '../../smtp/reply.js';
import type { SmtpProbeResult, SmtpReply } from '../../smtp/types.js';
import { combine, type Part } from './combine.js';
import { smartHostName, smartHostView, type AddressProbe } from './probes.js';
import { describeReach, targetName } from './reach.js';
import { ehloRefusedForProber, proberRefusal } from './refusal.js';
import { heloSent, REFUSAL_REMEDIES } from './refusal-wording.js';
import { isAuthRequired, isTemporary } from './replies.js';
import { CONNECTOR_PAGE, PRECONDITION_MESSAGES, PRECONDITION_REMEDIES, transcriptsOf, withoutConnection } from './wording.js';

/** Exchange Online delivers to a smart host on port 25 only; connectors have no port setting (DOMAIN.md §1). */
const CONNECTOR_PORT = 25;

/** How the session with one reachable address went, as far as this check is concerned. */
/** The keys of the smarthost.smtp meta a session's judgement (and the port checks) can name. */
type SessionPart = Part<
  'greetingRefused' | 'busy' | 'notSmtp' | 'greetingTimeout' | 'closedEarly' | 'otherError' | 'heloRefused' | 'heloNameRefused' | 'ehloTemporary' | 'heloOnly' | 'auth' | 'ok' | 'port' | 'someClosed',
  'blocked' | 'busy' | 'notSmtp' | 'slow' | 'retry' | 'heloName' | 'heloOnly' | 'auth' | 'port' | 'someClosed'
>;

function judgeSession(probe: AddressProbe): SessionPart {
  const r: SmtpProbeResult = probe.result;
  const where = targetName(r);
  const error = r.error;
  const reason = error ? `${error.code}: ${error.message}` : '';
  if (!r.greeting || r.greeting.code !== 220) {
    if (r.greeting && r.greeting.code !== 0) {
      // RFC 5321 §3.8: 421 is "service not available, closing": a connection limit or load (Exim's
      // smtp_accept_max_per_host, smtp_accept_max), not a block list, unless its words say it is about this client.
      // The probe asked again after a pause; still busy, it is reported as such.
      if (r.greeting.code === 421 && !proberRefusal(r.greeting)) {
        return { status: 'error', message: 'busy', remedy: 'busy', where, data: { reply: replySummary(r.greeting), attempts: probe.attempts.length } };
      }
      // RFC 5321 §4.3.2: 554 instead of 220 means "no service for you": often this prober's address.
      return { status: 'error', message: 'greetingRefused', remedy: 'blocked', where, data: { reply: replySummary(r.greeting) } };
    }
    if (error?.code === 'ETOOLARGE' || error?.code === 'EPROTOCOL' || r.greeting) {
      return { status: 'fail', message: 'notSmtp', remedy: 'notSmtp', where, data: { reason } };
    }
    if (error?.code === 'ETIMEDOUT') return { status: 'error', message: 'greetingTimeout', remedy: 'slow', where, data: { reason } };
    if (error?.code === 'ECLOSED' || error?.code === 'ECONNRESET') {
      return { status: 'error', message: 'closedEarly', remedy: 'blocked', where, data: { phase: 'the greeting', reason } };
    }
    return { status: 'error', message: 'otherError', remedy: 'retry', where, data: { phase: error?.phase ?? 'greeting', reason } };
  }
  if (!r.ehlo || (r.ehlo.command === 'EHLO' && r.ehlo.reply.code !== 250)) {
    if (error?.code === 'ETOOLARGE' || error?.code === 'EPROTOCOL') return { status: 'fail', message: 'notSmtp', remedy: 'notSmtp', where, data: { reason } };
    if (error?.code === 'ECLOSED' || error?.code === 'ECONNRESET') {
      return { status: 'error', message: 'closedEarly', remedy: 'blocked', where, data: { phase: 'EHLO', reason } };
    }
    return { status: 'error', message: 'otherError', remedy: 'retry', where, data: { phase: error?.phase ?? 'ehlo', reason } };
  }
  if (r.ehlo.command === 'HELO') {
    if (error?.code === 'EHELO') {
      // Postfix with smtpd_delay_reject = no refuses the EHLO name itself ("Helo command rejected: Host not found"):
      // about the name this machine gave, which --helo changes, not about its address.
      if (proberRefusal(r.ehlo.reply) === 'helo') {
        return { status: 'error', message: 'heloNameRefused', remedy: 'heloName', where, data: { reply: replySummary(r.ehlo.reply), helo: heloSent(r) } };
      }
      return { status: 'error', message: 'heloRefused', remedy: 'blocked', where, data: { reply: replySummary(r.ehlo.reply) } };
    }
    // A 4xx to EHLO is a temporary refusal (RFC 5321 §4.2.1), and a refusal of this machine (its name, its address)
    // is about the prober: neither says "this server has no ESMTP", so could not verify.
    if (ehloRefusedForProber(r.ehlo.refusedEhlo) && r.ehlo.refusedEhlo) {
      return { status: 'error', message: 'ehloTemporary', remedy: 'retry', where, data: { reply: replySummary(r.ehlo.refusedEhlo) } };
    }
    return { status: 'warn', message: 'heloOnly', remedy: 'heloOnly', where, data: { reply: replySummary(r.ehlo.refusedEhlo ?? r.ehlo.reply) } };
  }
  // RFC 4954 §6: 530 5.7.0 before MAIL/RCPT is a submission service's answer. Seen only when --mailbox made the probe ask.
  const authReply: SmtpReply | undefined = [r.mailFrom, ...r.rcpt.map((x) => x.reply)].find((x): x is SmtpReply => !!x && isAuthRequired(x));
  if (authReply) {
    const advertised = (r.ehloTls ?? r.ehlo).extensions?.auth;
    return {
      status: 'fail',
      message: 'auth',
      remedy: 'auth',
      where,
      data: { reply: replySummary(authReply), mechanisms: advertised && advertised.length > 0 ? `; it advertises AUTH ${advertised.join(' ')}` : '' },
    };
  }
  return { status: 'pass', message: 'ok', where, data: { greeting: replySummary(r.greeting), server: r.ehlo.serverName ?? '' } };
}

export const smarthostSmtp = defineCheck({
  meta: {
    id: 'smarthost.smtp',
    title: 'Smart host takes SMTP on port 25',
    verifies: 'TCP port 25 accepts a connection, a `220` greeting, `EHLO` answered',
    needs: ['smtp'],
    messages: {
      ...PRECONDITION_MESSAGES,
      ok: 'The smart host answers SMTP: {where} greets with 220 and answers EHLO.',
      port:
        'The smart host is given as {host}, port {port}: Exchange Online connectors deliver on port 25 only (they have no port setting), so mail never reaches port {port}. A port such as 587 or 465 is an authenticated submission service (smtp.hostinger.com:587 is one), not a smart host.',
      portClosed:
        'The smart host {host} does not accept connections ({tried}), while port 25 works from here (Microsoft\'s MX {reference} answered). Exchange Online meets the same closed door: mail for hosting mailboxes is deferred with "450 4.4.316 Connection refused" and bounced days later. (A firewall that admits only Microsoft 365\'s ranges on port 25 would look the same from here.)',
      someClosed:
        'Some addresses of the smart host do not take connections on port 25 ({tried}): Exchange Online tries the addresses in turn, so part of the mail is delayed ("4.4.316 Connection refused") before it gets through.',
      auth:
        '{where} demands authentication before it takes mail ("{reply}"{mechanisms}): it is a submission service. Exchange Online never authenticates to a smart host, so every message for hosting mailboxes would be refused.',
      heloOnly:
        '{where} refuses EHLO and only answers HELO ({reply}): without EHLO there is no STARTTLS (RFC 3207), so Exchange Online cannot encrypt (see smarthost.tls).',
      busy:
        'Could not test: {where} greeted with "{reply}" ({attempts} attempt(s), one after the other): a 421 is the server\'s connection or load limit (RFC 5321 §3.8; Exim\'s smtp_accept_max_per_host), not a block list. Exchange Online meets the limit too only when it already holds as many connections as the limit allows, and then retries.',
      greetingRefused:
        'Could not test: {where} greeted this machine with "{reply}" instead of 220 (RFC 5321 §4.3.2: no service for this client). Servers say that to addresses they block; whether Microsoft 365 gets the same cannot be seen from here.',
      greetingTimeout:
        'Could not test: {where} took the connection but sent no complete greeting in time ({reason}). Servers that make unknown clients wait (tarpitting) do this; RFC 5321 §4.5.3.2 gives a sender 5 minutes.',
      closedEarly:
        'Could not test: {where} closed the connection during {phase} ({reason}), as servers do for addresses they limit or block.',
      ehloTemporary:
        'Could not test: {where} answered EHLO with a temporary refusal or a refusal of this machine ("{reply}") and took HELO instead; whether it speaks ESMTP (and so STARTTLS) to Exchange Online cannot be told from here.',
      heloRefused: 'Could not test: {where} refused both EHLO and HELO ({reply}), as servers do for addresses they block.',
      heloNameRefused:
        'Could not test: {where} refused the name this machine introduced itself with, EHLO {helo} and HELO alike ("{reply}"). That is about the prober, not the server: Exchange Online says EHLO with its own name.',
      notSmtp: 'What answers at {where} is not a working SMTP server ({reason}): Exchange Online cannot deliver to it.',
      otherError: 'Could not test: the dialogue with {where} stopped during {phase} ({reason}).',
    },
    remedies: {
      ...PRECONDITION_REMEDIES,
      port: `Set the connector's smart host to the hosting server's port-25 host, without a port: the MX host or server name your hosting provider gives for incoming mail (${CONNECTOR_PAGE} → Routing).`,
      portClosed: `Open port 25 (TCP, inbound) on the hosting server, at least for Microsoft 365's ranges, and make sure the MTA listens on it: on cPanel servers WHM → ConfigServer Security & Firewall → TCP_IN must list 25, and WHM → Service Manager must run Exim. If the connector names the wrong host, correct it: ${CONNECTOR_PAGE}.`,
      someClosed: 'Make every address of {host} accept port 25, or remove the A/AAAA records of the addresses that do not.',
      auth: `Point the connector at the hosting server's port-25 MX host, which takes mail for its own domains without a login (${CONNECTOR_PAGE} → Routing). If that host also demands AUTH, ask the provider to accept mail for your domain from Microsoft 365's ranges.`,
      heloOnly: 'Update or replace the MTA so that it speaks ESMTP (EHLO) and offers STARTTLS.',
      blocked:
        "Run splitcheck from another network (ideally a server you run), and check that the hosting server's block lists and firewall (cPanel: WHM → cPHulk, ConfigServer Firewall) do not treat Microsoft 365's ranges the same way.",
      heloName: REFUSAL_REMEDIES.proberHelo,
      busy: 'Run again in a minute; if it persists, the hosting server is at its connection limit for this address (WHM → Exim Configuration Manager: smtp_accept_max_per_host / smtp_accept_max), which can also slow mail from Microsoft 365.',
      slow: 'Run again with a longer --timeout (for example --timeout 60000) to tell a slow server from a silent one.',
      notSmtp: 'Make sure the MTA itself (Exim on cPanel) listens on port 25, not a proxy or another service (WHM → Service Manager); then run again.',
      retry: 'Run again, or with a longer --timeout.',
    },
  },
  async run(ctx) {
    const view = await smartHostView(ctx);
    if (view.state === 'closed') {
      const tried = view.probes.map((p) => `${targetName(p.result)}: ${describeReach(p.reach, p.result, p.attempts.length)}`);
      return {
        status: 'fail',
        message: 'portClosed',
        remedy: 'portClosed',
        data: { host: smartHostName(view.sh), tried, reference: targetName(view.reference.result) },
        evidence: { probes: view.probes.map((p) => ({ address: p.address, reach: p.reach, attempts: p.attempts, error: p.result.error })), reference: targetName(view.reference.result) },
        observed: transcriptsOf(view.probes),
      };
    }
    if (view.state !== 'reached') return withoutConnection(view);
    const parts: SessionPart[] = view.reached.map(judgeSession);
    const host = smartHostName(view.sh);
    if (view.sh.port !== CONNECTOR_PORT) {
      parts.push({ status: 'warn', message: 'port', remedy: 'port', data: { host: view.sh.host, port: view.sh.port } });
    }
    const closed = view.probes.filter((p) => p.reach === 'refused' || p.reach === 'timeout');
    if (closed.length > 0) {
      const tried = closed.map((p) => `${targetName(p.result)}: ${describeReach(p.reach, p.result, p.attempts.length)}`);
      parts.push({ status: 'warn', message: 'someClosed', remedy: 'someClosed', data: { tried, host } });
    }
    const evidence = {
      host: view.sh.host,
      port: view.sh.port,
      source: view.sh.source,
      probes: view.probes.map((p) => ({
        address: p.address,
        reach: p.reach,
        attempts: p.attempts,
        greeting: p.result.greeting?.raw,
        ehlo: p.result.ehlo?.extensions?.keywords,
        auth: (p.result.ehloTls ?? p.result.ehlo)?.extensions?.auth ?? null,
        error: p.result.error,
      })),
      untested: view.untested,
    };
    return combine(parts, { evidence, observed: transcriptsOf(view.probes) });
  },
});
