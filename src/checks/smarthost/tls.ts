// smarthost.tls: the smart host offers STARTTLS and the handshake completes with TLS 1.2 or newer, as Exchange Online requires.
import { defineCheck } from '../../engine/define.js';
import type { Check, Verdict } from '../../engine/types.js';
import { CPANEL, WHM } from '../../knowledge/consoles.js';
import { isPositive, replySummary } from '../../smtp/reply.js';
import { combine, type Part } from './combine.js';
import { smartHostView, type AddressProbe } from './probes.js';
import { targetName } from './reach.js';
import { ehloRefusedForProber } from './refusal.js';
import { tlsEvidence } from './transcript.js';
import { PRECONDITION_MESSAGES, PRECONDITION_REMEDIES, transcriptsOf, withoutConnection } from './wording.js';

/** Exchange Online speaks TLS 1.2 or newer to a smart host; older protocols are refused (DOMAIN.md §1). */
const MODERN = new Set(['TLSv1.2', 'TLSv1.3']);

/** A handshake that failed on the protocol version: the server offers only TLS 1.0/1.1 (alert 70, RFC 8446 §6.2). */
function oldProtocol(failure: { code: string; reason?: string; alert?: number }): boolean {
  return failure.alert === 70 || /PROTOCOL_VERSION|UNSUPPORTED_PROTOCOL|NO_PROTOCOLS_AVAILABLE/i.test(failure.code) || /unsupported protocol|protocol version/i.test(failure.reason ?? '');
}

/** The keys of the smarthost.tls meta a session's judgement can name. */
type TlsPart = Part<'noSession' | 'ehloTemporary' | 'noEhlo' | 'notOffered' | 'noAnswer' | 'closing' | 'refused' | 'oldProtocol' | 'timeout' | 'handshake' | 'afterTls' | 'ok', 'retry' | 'enable' | 'certificate' | 'protocol' | 'handshake'>;

function judgeTls(probe: AddressProbe): TlsPart {
  const r = probe.result;
  const where = targetName(r);
  const reason = r.error ? `${r.error.code}: ${r.error.message}` : '';
  if (!r.ehlo || !isPositive(r.ehlo.reply)) return { status: 'skip', message: 'noSession', where };
  // RFC 3207 §4: STARTTLS is an ESMTP extension; after HELO there is nothing to offer it with.
  if (r.ehlo.command === 'HELO') {
    // EHLO refused only temporarily (4xx): nothing is known about STARTTLS, so no verdict (CHECKS.md `error`).
    // A refusal of this machine (its name, its address) says nothing about ESMTP either.
    if (ehloRefusedForProber(r.ehlo.refusedEhlo) && r.ehlo.refusedEhlo) {
      return { status: 'error', message: 'ehloTemporary', remedy: 'retry', where, data: { reply: replySummary(r.ehlo.refusedEhlo) } };
    }
    return { status: 'fail', message: 'noEhlo', remedy: 'enable', where };
  }
  if (!r.ehlo.extensions?.startTls) return { status: 'fail', message: 'notOffered', remedy: 'enable', where };
  const tls = r.tls;
  if (!tls) return { status: 'error', message: 'noAnswer', remedy: 'retry', where, data: { reason } };
  // RFC 5321 §3.8: a server may answer any command with 421 and close (a connection or load limit): nothing is
  // learnt about its TLS. Any other refusal of an offered STARTTLS (454 "TLS not available") is its answer.
  if (tls.starttlsReply.code === 421) return { status: 'error', message: 'closing', remedy: 'retry', where, data: { reply: replySummary(tls.starttlsReply) } };
  if (!isPositive(tls.starttlsReply)) return { status: 'fail', message: 'refused', remedy: 'certificate', where, data: { reply: replySummary(tls.starttlsReply) } };
  if (!tls.established) {
    const failure = tls.failure ?? { code: r.error?.code ?? 'unknown', message: r.error?.message ?? '' };
    const why = [failure.code, failure.reason ?? failure.message].filter(Boolean).join(': ');
    if (oldProtocol(failure)) return { status: 'fail', message: 'oldProtocol', remedy: 'protocol', where, data: { reason: why } };
    // A handshake that ran out of time is not a verdict (CHECKS.md: a timeout is `error`); a slow server and a
    // server that never speaks TLS look the same from here. A close, an alert or garbage is a fact: fail below.
    if (!tls.failure && r.error?.code === 'ETIMEDOUT') return { status: 'error', message: 'timeout', remedy: 'retry', where, data: { reason } };
    if (r.error?.code === 'ABORT_ERR' || r.error?.code === 'EINTERNAL') return { status: 'error', message: 'noAnswer', remedy: 'retry', where, data: { reason } };
    return { status: 'fail', message: 'handshake', remedy: 'handshake', where, data: { reason: why } };
  }
  const protocol = tls.protocol ?? 'unknown';
  if (!MODERN.has(protocol)) return { status: 'fail', message: 'oldProtocol', remedy: 'protocol', where, data: { reason: protocol } };
  // RFC 3207 §4.2: the client must say EHLO again inside TLS; a server that stops answering there takes no mail.
  if (!r.ehloTls && r.error) {
    // Inside TLS, no answer in time is a timeout, not a verdict (CHECKS.md `error`); a close or a refusal is a fact.
    if (r.error.code === 'ETIMEDOUT' || r.error.code === 'ABORT_ERR') return { status: 'error', message: 'timeout', remedy: 'retry', where, data: { reason } };
    return { status: 'fail', message: 'afterTls', remedy: 'handshake', where, data: { reason } };
  }
  return { status: 'pass', message: 'ok', where, data: { protocol, cipher: tls.cipher?.standardName ?? 'unknown cipher' } };
}

export const smarthostTls = defineCheck({
  meta: {
    id: 'smarthost.tls',
    title: 'Smart host offers TLS 1.2+',
    verifies: '`STARTTLS` offered and the handshake completes with TLS 1.2 or newer',
    needs: ['smtp'],
    messages: {
      ...PRECONDITION_MESSAGES,
      ok: 'STARTTLS works: {where} completed the handshake with {protocol} ({cipher}).',
      noSession: 'Not tested: {where} did not answer EHLO (see smarthost.smtp).',
      ehloTemporary: 'Could not test: {where} refused EHLO temporarily or as a refusal of this machine ("{reply}"), so whether it offers STARTTLS is unknown.',
      noEhlo: '{where} speaks only HELO, so it cannot offer STARTTLS (RFC 3207): Exchange Online can only send in the clear, or not at all when the connector requires TLS.',
      notOffered:
        '{where} does not offer STARTTLS in its EHLO reply: Exchange Online can only send in the clear, and a connector that requires TLS (the default "Always use TLS") defers the mail.',
      refused: '{where} offers STARTTLS but answers it with "{reply}": Exchange Online cannot encrypt, and a connector that requires TLS defers the mail.',
      oldProtocol:
        '{where} only speaks a TLS version older than 1.2 ({reason}): Exchange Online requires TLS 1.2 or newer and will not deliver over it.',
      handshake: 'The TLS handshake with {where} fails ({reason}): Exchange Online cannot deliver over it.',
      afterTls: 'TLS completes with {where}, but the server stops answering inside TLS ({reason}): Exchange Online cannot deliver over it.',
      noAnswer: 'Could not test: the dialogue with {where} stopped at STARTTLS ({reason}).',
      closing: 'Could not test: {where} answered STARTTLS with "{reply}" and closed the connection, a connection or load limit (RFC 5321 §3.8), not an answer about TLS.',
      timeout: 'Could not test: {where} accepted STARTTLS but the TLS session did not get going in time ({reason}).',
    },
    remedies: {
      ...PRECONDITION_REMEDIES,
      enable:
        `Enable STARTTLS on the hosting server's MTA with a valid certificate: on cPanel, WHM → Service Configuration → Exim Configuration Manager (TLS on), and ${CPANEL.autoSsl} for the mail host name.`,
      certificate:
        `STARTTLS is offered but the MTA cannot use its key or certificate: reinstall the mail certificate (${CPANEL.autoSsl}; ${WHM.serviceCertificates}) and restart Exim.`,
      protocol:
        'Allow TLS 1.2 and 1.3 in the MTA (Exim: tls_require_ciphers / openssl_options in WHM → Exim Configuration Manager → Advanced Editor); update OpenSSL if the server is too old for TLS 1.2.',
      handshake:
        `Check the MTA's TLS setup on port 25 (certificate and key readable, no proxy in between): ${WHM.serviceCertificates}, then restart Exim.`,
      retry: 'Run again, or with a longer --timeout.',
    },
  },
  async run(ctx) {
    const view = await smartHostView(ctx);
    if (view.state !== 'reached') return withoutConnection(view);
    const parts = view.reached.map(judgeTls);
    const evidence = { probes: view.reached.map((p) => ({ address: p.address, starttlsOffered: p.result.ehlo?.extensions?.startTls ?? false, tls: tlsEvidence(p.result.tls) })) };
    return combine(parts, { evidence, observed: transcriptsOf(view.reached) });
  },
});
