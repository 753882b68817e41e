// smarthost.certificate: the chain sent is complete and trusted, the name matches the smart host (or --tls-name), the dates are valid.
import { isIP } from 'node:net';
import type { Check, CheckContext, Verdict } from '../../engine/types.js';
import { CPANEL, WHM } from '../../knowledge/consoles.js';
import type { CertificateFacts } from '../../smtp/types.js';
import { combine, type Part } from './combine.js';
import { smartHostView, type AddressProbe } from './probes.js';
import { targetName } from './reach.js';
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
function judgeDates(chain: readonly CertificateFacts[], now: Date, where: string): Part[] {
  const parts: Part[] = [];
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

function judgeCertificate(ctx: CheckContext, probe: AddressProbe): Part[] {
  const r = probe.result;
  const where = targetName(r);
  const tls = r.tls;
  if (!tls?.established) return [{ status: 'skip', message: 'noTls', where }];
  const leaf = tls.peerChain[0];
  if (!leaf) return [{ status: 'error', message: 'noCertificate', remedy: 'retry', where }];
  const parts: Part[] = judgeDates(tls.peerChain, ctx.now, where);
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
    const data = { name, names, date: day(leaf.validTo), days, count: tls.peerChain.length };
    parts.push({ status: 'pass', message: nameKnown ? 'ok' : 'okNoName', where, data });
  }
  return parts;
}

export const smarthostCertificate: Check = {
  meta: {
    id: 'smarthost.certificate',
    title: "Smart host's certificate",
    verifies: 'chain complete and trusted, name matches the smart host (or `--tls-name`), not expired (warn inside 14 days)',
    needs: ['smtp'],
    messages: {
      ...PRECONDITION_MESSAGES,
      ok: 'The certificate of {where} is trusted ({count} certificate(s) sent, chain complete), matches {name} and is valid until {date} ({days} days).',
      okNoName:
        'The certificate of {where} is trusted ({count} certificate(s) sent) and valid until {date} ({days} days). Its names ({names}) were not checked: the smart host is an IP address; give --tls-name with the name the connector validates.',
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
      retry: 'Run again, or with a longer --timeout.',
    },
  },
  async run(ctx): Promise<Verdict> {
    const view = await smartHostView(ctx);
    if (view.state !== 'reached') return withoutConnection(view);
    const parts = view.reached.flatMap((p) => judgeCertificate(ctx, p));
    const evidence = { now: ctx.now.toISOString(), probes: view.reached.map((p) => ({ address: p.address, tls: tlsEvidence(p.result.tls) })) };
    const observed = view.reached.flatMap((p) => chainLines(p.result));
    return combine(smarthostCertificate.meta, parts, { evidence, observed });
  },
};
