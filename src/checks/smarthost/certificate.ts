// smarthost.certificate: the chain sent is complete and trusted, the name matches the smart host (or --tls-name), the dates are valid.
import { isIP } from 'node:net';
import { defineCheck } from '../../engine/define.js';
import type { Check, CheckContext, Verdict } from '../../engine/types.js';
import { CPANEL, WHM } from '../../knowledge/consoles.js';
import type { CertificateFacts } from '../../smtp/types.js';
import { combine, type Part } from './combine.js';
import { smartHostView, type AddressProbe } from './probes.js';
import { targetName } from './reach.js';
import { withoutSni, type SniComparison } from './sni.js';
import { chainLines, tlsEvidence } from './transcript.js';
import { CONNECTOR_PAGE, PRECONDITION_MESSAGES, PRECONDITION_REMEDIES, withoutConnection } from './wording.js';

const DAY_MS = 86_400_000;
/** Warn this long before the leaf expires: time enough to find out why automatic renewal failed. */
export const EXPIRY_WARNING_DAYS = 14;

/** OpenSSL codes that are about dates; the date check below judges them against the run's clock. */
const DATE_CODES = new Set(['CERT_HAS_EXPIRED', 'CERT_NOT_YET_VALID']);

const AUTOSSL = CPANEL.autoSsl;

function day(iso: string): string {
  return iso.slice(0, 10);
}

/** Dates of every certificate sent, against the run's clock (a replay judges as of the recording). */
/** The keys of the smarthost.certificate meta a certificate's judgement can name. */
type CertificatePart = Part<
  | 'expired'
  | 'notYetValid'
  | 'expiring'
  | 'noTls'
  | 'noCertificate'
  | 'missingIntermediate'
  | 'selfSigned'
  | 'untrustedRoot'
  | 'untrusted'
  | 'nameMismatch'
  | 'ok'
  | 'okNoName'
  | 'sniDiffers'
  | 'sniNoTls',
  'renew' | 'renewSoon' | 'retry' | 'chain' | 'publicCa' | 'name' | 'sni'
>;

function judgeDates(chain: readonly CertificateFacts[], now: Date, where: string): CertificatePart[] {
  const parts: CertificatePart[] = [];
  for (const [i, cert] of chain.entries()) {
    const what = i === 0 ? `the certificate ${cert.subject}` : `the intermediate ${cert.subject}`;
    if (Date.parse(cert.validTo) < now.getTime()) {
      parts.push({ status: 'fail', message: 'expired', remedy: 'renew', where, data: { what, date: day(cert.validTo) } });
    } else if (Date.parse(cert.validFrom) > now.getTime()) {
      parts.push({ status: 'fail', message: 'notYetValid', remedy: 'renew', where, data: { what, date: day(cert.validFrom) } });
    }
  }
  const leaf = chain[0];
  if (parts.length === 0 && leaf) {
    const days = Math.floor((Date.parse(leaf.validTo) - now.getTime()) / DAY_MS);
    if (days < EXPIRY_WARNING_DAYS) {
      parts.push({ status: 'warn', message: 'expiring', remedy: 'renewSoon', where, data: { what: `the certificate ${leaf.subject}`, date: day(leaf.validTo), days } });
    }
  }
  return parts;
}

function judgeCertificate(ctx: CheckContext, probe: AddressProbe): CertificatePart[] {
  const r = probe.result;
  const where = targetName(r);
  const tls = r.tls;
  if (!tls?.established) return [{ status: 'skip', message: 'noTls', where }];
  const leaf = tls.peerChain[0];
  if (!leaf) return [{ status: 'error', message: 'noCertificate', remedy: 'retry', where }];
  const parts: CertificatePart[] = judgeDates(tls.peerChain, ctx.now, where);
  const code = tls.verification?.code;
  const issuer = leaf.issuer;
  if (tls.verification && !tls.verification.trusted && !(code && DATE_CODES.has(code) && parts.some((p) => p.status === 'fail'))) {
    const data = { code: code ?? 'untrusted', issuer, subject: leaf.subject, count: tls.peerChain.length };
    if (code === 'UNABLE_TO_VERIFY_LEAF_SIGNATURE') parts.push({ status: 'fail', message: 'missingIntermediate', remedy: 'chain', where, data });
    else if (code === 'DEPTH_ZERO_SELF_SIGNED_CERT' || code === 'SELF_SIGNED_CERT_IN_CHAIN') {
      // Depth zero: the leaf itself is the self-signed certificate; otherwise a self-signed root was sent along.
      const self = code === 'DEPTH_ZERO_SELF_SIGNED_CERT' || leaf.selfSigned;
      parts.push({ status: 'fail', message: self ? 'selfSigned' : 'untrustedRoot', remedy: 'publicCa', where, data });
    } else if (code === 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY' || code === 'UNABLE_TO_GET_ISSUER_CERT') {
      parts.push({ status: 'fail', message: 'untrustedRoot', remedy: 'publicCa', where, data });
    } else parts.push({ status: 'fail', message: 'untrusted', remedy: 'publicCa', where, data });
  }
  const name = tls.nameCheck?.name ?? ctx.input.tlsName ?? r.target.host;
  // An IP smart host without --tls-name: the connector validates a name we do not know, so none is checked.
  const nameKnown = ctx.input.tlsName !== undefined || isIP(r.target.host) === 0;
  const names = leaf.dnsNames.length > 0 ? leaf.dnsNames : leaf.commonName ? [leaf.commonName] : ['(no name)'];
  if (nameKnown && tls.nameCheck && !tls.nameCheck.matches) {
    parts.push({ status: 'fail', message: 'nameMismatch', remedy: 'name', where, data: { name, names } });
  }
  if (parts.length === 0) {
    const days = Math.floor((Date.parse(leaf.validTo) - ctx.now.getTime()) / DAY_MS);
    const data = { name, names, date: day(leaf.validTo), days, count: tls.peerChain.length, sni: '' };
    parts.push({ status: 'pass', message: nameKnown ? 'ok' : 'okNoName', where, data });
  }
  return parts;
}

/** What each problem found without SNI is called in the one-line summary. */
const PROBLEM: Record<string, string> = {
  expired: 'expired',
  notYetValid: 'not yet valid',
  expiring: 'about to expire',
  missingIntermediate: 'sent without its intermediate',
  selfSigned: 'self-signed',
  untrustedRoot: 'from an untrusted CA',
  untrusted: 'not trusted',
  nameMismatch: 'for other names',
  noCertificate: 'no certificate at all',
};

/**
 * The certificate a client gets without SNI, against the one it got with SNI: the same (a note), another that
 * holds as well (a note), another that would fail, or no handshake at all (warn: what Exchange Online sends is
 * not documented, so either may be what it meets).
 */
function judgeWithoutSni(ctx: CheckContext, cmp: SniComparison, withSni: CertificatePart[]): CertificatePart[] {
  if (cmp.state === 'not-applicable') return withSni;
  const note = (text: string): CertificatePart[] => withSni.map((p) => (p.status === 'pass' && p.where === targetName(cmp.probe.result) ? { ...p, data: { ...(p.data ?? {}), sni: text } } : p));
  const where = targetName(cmp.probe.result);
  switch (cmp.state) {
    case 'same':
      return note(' A client that sends no SNI gets the same certificate.');
    case 'unknown':
      return note(` Without SNI it could not be compared (${cmp.reason}).`);
    case 'no-tls':
      return [...withSni, { status: 'warn', message: 'sniNoTls', remedy: 'sni', where, data: { reason: cmp.reason, name: ctx.input.tlsName ?? cmp.probe.result.target.host } }];
    case 'different': {
      const other = judgeCertificate(ctx, cmp.probe);
      const leaf = cmp.probe.result.tls?.peerChain[0];
      const subject = leaf?.subject ?? '(none)';
      const names = leaf && leaf.dnsNames.length > 0 ? leaf.dnsNames : leaf?.commonName ? [leaf.commonName] : ['(no name)'];
      const bad = other.filter((p) => p.status !== 'pass');
      if (bad.length === 0) return note(` A client that sends no SNI gets another certificate (${subject}), which holds as well.`);
      const problems = [...new Set(bad.map((p) => PROBLEM[p.message] ?? p.message))];
      return [...withSni, { status: 'warn', message: 'sniDiffers', remedy: 'sni', where, data: { subject, names, problems, name: ctx.input.tlsName ?? cmp.probe.result.target.host } }];
    }
  }
}

export const smarthostCertificate = defineCheck({
  meta: {
    id: 'smarthost.certificate',
    title: "Smart host's certificate",
    verifies: 'chain complete and trusted, name matches the smart host (or `--tls-name`), not expired (warn inside 14 days)',
    needs: ['smtp'],
    messages: {
      ...PRECONDITION_MESSAGES,
      ok: 'The certificate of {where} is trusted ({count} certificate(s) sent, chain complete), matches {name} and is valid until {date} ({days} days).{sni}',
      sniDiffers:
        '{where} presents another certificate to a client that sends no SNI: {subject} (names {names}), which is {problems}. Whether Exchange Online sends SNI to a smart host is not documented, so a connector that validates the certificate may meet this one and defer the mail (4.4.317 or 4.7.320).',
      sniNoTls:
        '{where} completes no TLS handshake with a client that sends no SNI ({reason}). Whether Exchange Online sends SNI to a smart host is not documented; without it, a connector that requires TLS could not deliver.',
      okNoName:
        'The certificate of {where} is trusted ({count} certificate(s) sent) and valid until {date} ({days} days). Its names ({names}) were not checked: the smart host is an IP address; give --tls-name with the name the connector validates.{sni}',
      noTls: 'Not checked: no TLS session with {where} (see smarthost.tls).',
      noCertificate: 'Could not check: {where} completed TLS without showing a certificate.',
      missingIntermediate:
        '{where} sends its certificate without the intermediate CA certificate ({count} certificate sent; OpenSSL: UNABLE_TO_VERIFY_LEAF_SIGNATURE). Exchange Online does not fetch missing intermediates: a connector that validates the certificate defers every message with "450 4.4.317 ... UntrustedRoot".',
      selfSigned:
        '{where} presents a self-signed certificate ({subject}), as cPanel installs before AutoSSL has run: Exchange Online trusts only public CAs, and a connector that validates the certificate defers with "450 4.4.317 ... UntrustedRoot".',
      untrustedRoot:
        'The certificate of {where} chains up to a CA that is not trusted ({code}; issuer {issuer}): Exchange Online trusts only public CAs, and a connector that validates the certificate defers with "450 4.4.317 ... UntrustedRoot". (If it is your own CA, --ca-file lets splitcheck check the rest.)',
      untrusted: 'The certificate chain of {where} does not verify ({code}): a connector that validates the certificate defers with "450 4.4.317".',
      nameMismatch:
        'The certificate of {where} is for {names}, not {name}: a connector that validates the domain defers with "4.7.320 ... SubjectMismatch" (wildcards such as *.example.com do count).',
      expired: '{where}: {what} expired on {date}. Exchange Online refuses an expired certificate and defers the mail (4.4.317).',
      notYetValid: '{where}: {what} is not valid before {date} (or the server\'s clock is wrong). Exchange Online refuses it and defers the mail (4.4.317).',
      expiring:
        '{where}: {what} expires on {date}, in {days} day(s). After that Exchange Online refuses it and defers mail for hosting mailboxes (4.4.317).',
    },
    remedies: {
      ...PRECONDITION_REMEDIES,
      chain:
        `Configure the full chain on the hosting server: in cPanel → SSL/TLS (Manage SSL sites) and ${WHM.serviceCertificates}, install the certificate with its CA bundle (the intermediate), or run AutoSSL again; on a plain Exim/Postfix server, put the intermediate certificate after the leaf in the server's certificate file (tls_certificate / smtpd_tls_chain_files). Then reload the MTA.`,
      publicCa: `Install a certificate from a public CA for the smart host name: ${AUTOSSL} (free), and make Exim use it (${WHM.serviceCertificates}), or put it with its intermediate into the server's certificate file.`,
      name: `Get a certificate that covers {name} (${AUTOSSL} covers mail.<domain> when it points at the server), or set the connector's smart host and TLS domain to a name the certificate covers, such as {names} (${CONNECTOR_PAGE}). Give --tls-name when the connector validates another name than the smart host.`,
      renew: `Renew the certificate (${AUTOSSL}; if automatic renewal failed, the usual cause is a DNS record that no longer points at the server), then reload Exim.`,
      renewSoon: `Renew it now (${AUTOSSL}) and check why automatic renewal has not already done so.`,
      sni: `Make the server present the smart host's valid certificate also to clients that send no SNI: on cPanel, ${WHM.serviceCertificates} sets the certificate Exim shows without SNI (give it one that covers {name}, with its intermediate); on Postfix, smtpd_tls_chain_files is the certificate without SNI, tls_server_sni_maps the ones by name.`,
      retry: 'Run again, or with a longer --timeout.',
    },
  },
  async run(ctx) {
    const view = await smartHostView(ctx);
    if (view.state !== 'reached') return withoutConnection(view);
    const withSni = view.reached.flatMap((p) => judgeCertificate(ctx, p));
    const sni = await withoutSni(ctx, view);
    const parts = judgeWithoutSni(ctx, sni, withSni);
    const evidence: Record<string, unknown> = { now: ctx.now.toISOString(), probes: view.reached.map((p) => ({ address: p.address, tls: tlsEvidence(p.result.tls) })) };
    const observed = view.reached.flatMap((p) => chainLines(p.result));
    if (sni.state !== 'not-applicable') {
      evidence['withoutSni'] = { address: sni.address, outcome: sni.state, tls: tlsEvidence(sni.probe.result.tls), ...(sni.probe.result.error ? { error: sni.probe.result.error } : {}) };
      observed.push(...chainLines(sni.probe.result).map((line, i) => (i === 0 ? `${line} (without SNI)` : line)));
    }
    return combine(parts, { evidence, observed });
  },
});
