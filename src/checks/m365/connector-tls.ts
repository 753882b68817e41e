// m365.connector-tls: the connector's TlsSettings hold against the certificate the smart host really sent (TlsDomain vs its names, the chain).
import { defineCheck } from '../../engine/define.js';
import type { CheckContext } from '../../engine/types.js';
import { deliveringConnector, smartHostEntries } from '../../m365/connectors.js';
import { canonicalName } from '../../m365/domains.js';
import type { OutboundConnector } from '../../m365/export-types.js';
import { configuredNameMatches, exchangeCertificateNames } from '../../m365/tls-names.js';
import { combine, type Part } from '../smarthost/combine.js';
import { smartHost } from '../shared/smart-host.js';
import { smartHostView, type AddressProbe } from '../smarthost/probes.js';
import { describeReach, targetName } from '../smarthost/reach.js';
import { isTemporary } from '../smarthost/replies.js';
import { isPositive, replySummary } from '../../smtp/reply.js';
import { chainLines } from '../smarthost/transcript.js';
import { EAC, POWERSHELL, placeholders } from '../../knowledge/consoles.js';
import { outboundLines } from '../inside/observed.js';
import { routesThrough } from '../inside/smart-host-match.js';
import { m365Of } from '../inside/sources.js';

/** The TlsAuthLevel values of Set-OutboundConnector -TlsSettings (Microsoft Learn); null is opportunistic TLS. */
const KNOWN_MODES = ['EncryptionOnly', 'CertificateValidation', 'DomainValidation'] as const;
type Mode = (typeof KNOWN_MODES)[number];

/** The shared line, with the name this check suggests (a name the certificate really has) in place of the smart host. */
const SET_TLS = placeholders(POWERSHELL.smartHostTls, { smartHost: 'name' });


type TlsMessage = 'noStarttls' | 'handshake' | 'noCertificate' | 'encryptionOnly' | 'expired' | 'untrusted' | 'noTlsDomain' | 'nameMismatch' | 'domainValidation' | 'certificateValidation';
type TlsRemedy = 'starttls' | 'certificate' | 'setTlsDomain';

function judgeProbe(ctx: CheckContext, connector: OutboundConnector, mode: Mode, probe: AddressProbe): Part<TlsMessage, TlsRemedy>[] {
  const r = probe.result;
  const where = targetName(r);
  const data = { connector: connector.Name, mode };
  const error = r.error ? `${r.error.code}: ${r.error.message}` : 'no reason given';
  // No certificate seen is no verdict on the connector (CHECKS.md: skip, with the reason): the session ended before
  // STARTTLS (no greeting, EHLO unanswered or refused for now), or STARTTLS or its handshake ran out of time.
  const unseen = (reason: string): Part<TlsMessage, TlsRemedy>[] => [{ status: 'skip', message: 'noCertificate', where, data: { ...data, reason } }];
  if (!r.ehlo || !isPositive(r.ehlo.reply)) return unseen(`${where} did not get as far as EHLO (${r.greeting ? replySummary(r.greeting) : error}; see smarthost.smtp)`);
  if (r.ehlo.command === 'HELO' && r.ehlo.refusedEhlo && isTemporary(r.ehlo.refusedEhlo)) {
    return unseen(`${where} refused EHLO for now ("${replySummary(r.ehlo.refusedEhlo)}")`);
  }
  // RFC 3207: STARTTLS is an EHLO extension; a server that does not offer it cannot do TLS with Exchange Online.
  if (r.ehlo.command === 'HELO' || !r.ehlo.extensions?.startTls) return [{ status: 'fail', message: 'noStarttls', remedy: 'starttls', where, data }];
  const tls = r.tls;
  if (!tls) return unseen(`the STARTTLS command got no answer (${error})`);
  if (!isPositive(tls.starttlsReply)) {
    return [{ status: 'fail', message: 'handshake', remedy: 'starttls', where, data: { ...data, reason: `STARTTLS answered "${replySummary(tls.starttlsReply)}"` } }];
  }
  if (!tls.established) {
    if (!tls.failure && (r.error?.code === 'ETIMEDOUT' || r.error?.code === 'ABORT_ERR')) return unseen(`the TLS handshake did not finish in time (${error})`);
    return [{ status: 'fail', message: 'handshake', remedy: 'starttls', where, data: { ...data, reason: tls.failure ? `${tls.failure.code}: ${tls.failure.reason ?? tls.failure.message}` : error } }];
  }
  const leaf = tls.peerChain[0];
  if (!leaf) return [{ status: 'skip', message: 'noCertificate', where, data: { ...data, reason: `${where} completed TLS without showing a certificate` } }];
  if (mode === 'EncryptionOnly') return [{ status: 'pass', message: 'encryptionOnly', where, data }];
  const names = exchangeCertificateNames(leaf);
  const shown = names.length > 0 ? names : ['(no name)'];
  const parts: Part<TlsMessage, TlsRemedy>[] = [];
  const expired = Date.parse(leaf.validTo) < ctx.now.getTime();
  if (expired) parts.push({ status: 'fail', message: 'expired', remedy: 'certificate', where, data: { ...data, date: leaf.validTo.slice(0, 10) } });
  else if (tls.verification && !tls.verification.trusted) {
    parts.push({ status: 'fail', message: 'untrusted', remedy: 'certificate', where, data: { ...data, code: tls.verification.code ?? 'untrusted', count: tls.peerChain.length } });
  }
  if (mode === 'DomainValidation') {
    const tlsDomain = connector.TlsDomain;
    if (tlsDomain === null) parts.push({ status: 'warn', message: 'noTlsDomain', remedy: 'setTlsDomain', where, data: { ...data, names: shown, name: shown[0]! } });
    else if (!names.some((n) => configuredNameMatches(tlsDomain, n))) {
      parts.push({ status: 'fail', message: 'nameMismatch', remedy: 'setTlsDomain', where, data: { ...data, tlsDomain, names: shown, name: shown[0]! } });
    } else if (parts.length === 0) parts.push({ status: 'pass', message: 'domainValidation', where, data: { ...data, tlsDomain, names: shown } });
  } else if (parts.length === 0) parts.push({ status: 'pass', message: 'certificateValidation', where, data: { ...data, names: shown } });
  return parts;
}

export const m365ConnectorTls = defineCheck({
  meta: {
    id: 'm365.connector-tls',
    title: "Connector TLS against the smart host's certificate",
    verifies:
      "the connector's `TlsSettings` hold against the smart host's real certificate: `DomainValidation` needs `TlsDomain` to match a certificate name (else 4.7.320), `CertificateValidation` a complete trusted chain (else 4.4.317); no TLS setting: warn",
    needs: ['m365', 'smtp'],
    messages: {
      noConnector: 'Not checked: no outbound connector routes mail for {domain} through a smart host (see m365.connector).',
      otherHost:
        "Not checked: the certificate seen is {probed}'s ({why}), but the connector {connector} routes through {smartHosts}; probe one of the connector's own smart hosts (run without --smart-host, or give --smart-host with one of them).",
      noCertificate: 'Not checked: no certificate of the smart host was seen ({reason}), so {connector}\'s TLS setting ({mode}) cannot be held against one.',
      opportunistic:
        'The connector {connector} has no TLS setting (opportunistic TLS): Exchange Online encrypts when it can but checks no certificate, and sends in clear when STARTTLS fails, so mail for hosting mailboxes is not protected against interception or a wrong server.',
      unknownMode:
        'The connector {connector} uses TlsSettings {mode}, a mode this splitcheck does not know (Microsoft added DANE and MTA-STS modes in 2026), so it is not judged.',
      encryptionOnly: '{where} completes TLS, which is all the connector {connector} requires (EncryptionOnly: no certificate check).',
      certificateValidation: 'The certificate of {where} ({names}) has a complete, trusted chain, as the connector {connector} requires (CertificateValidation).',
      domainValidation:
        'The certificate of {where} ({names}) has a trusted chain and matches the connector {connector}\'s TlsDomain {tlsDomain} (DomainValidation).',
      nameMismatch:
        'The connector {connector} requires a certificate for {tlsDomain} (DomainValidation), but {where} sends one for {names}: Exchange Online defers every message for hosting mailboxes with "4.7.320 ... SubjectMismatch". (Whether Exchange Online sends SNI to a smart host is not documented; splitcheck sent the smart host\'s name.)',
      noTlsDomain:
        'The connector {connector} validates the domain (DomainValidation) but names no TlsDomain: which name Exchange Online then expects is not documented, so the certificate of {where} ({names}) cannot be held against it.',
      untrusted:
        'The connector {connector} requires a trusted certificate ({mode}), but the chain of {where} does not verify ({code}, {count} certificate(s) sent): Exchange Online does not fetch missing intermediates and defers every message for hosting mailboxes with "450 4.4.317 ... UntrustedRoot".',
      expired: 'The connector {connector} requires a valid certificate ({mode}), but the certificate of {where} expired on {date}: Exchange Online defers the mail (4.4.317).',
      noStarttls:
        '{where} does not offer STARTTLS, but the connector {connector} requires TLS ({mode}): Exchange Online cannot deliver mail for hosting mailboxes to it and defers it.',
      handshake: 'The TLS handshake with {where} fails ({reason}), but the connector {connector} requires TLS ({mode}): Exchange Online defers the mail.',
    },
    remedies: {
      opportunistic: `${EAC.connectors} → {connector} → Security restrictions: "Always use TLS" and "Issued by a trusted certificate authority" with the name the certificate has (Exchange Online PowerShell: ${SET_TLS}).`,
      setTlsDomain: `Set the connector's TLS domain to a name the certificate has: ${EAC.connectors} → {connector} → Security restrictions → "and the subject name or subject alternative name matches this domain name": {name} (Exchange Online PowerShell: ${SET_TLS}). Or get a certificate for the configured name (cPanel → SSL/TLS Status → Run AutoSSL).`,
      certificate:
        "Install a certificate from a public CA with its full chain on the hosting server's mail service (cPanel → SSL/TLS Status → Run AutoSSL; WHM → Service Configuration → Manage Service SSL Certificates → Exim), then reload Exim.",
      starttls: "Turn on TLS in the hosting server's Exim (WHM → Service Configuration → Exim Configuration Manager) with a certificate from a public CA, or, if the server cannot do TLS, lower the connector's TLS requirement in " + EAC.connectors + ' → {connector} → Security restrictions.',
    },
  },
  async run(ctx) {
    const view = m365Of(ctx);
    const domain = canonicalName(ctx.domain);
    const connector = deliveringConnector(view, domain);
    if (!connector) return { status: 'skip', message: 'noConnector', data: { domain } };
    const mode = connector.TlsSettings;
    const base = { connector: `"${connector.Name}"`, smartHosts: connector.SmartHosts };
    const evidence: Record<string, unknown> = { connector: connector.Name, TlsSettings: mode, TlsDomain: connector.TlsDomain, SmartHosts: connector.SmartHosts };
    const hint = smartHostEntries(connector).find((e) => e.kind === 'name');
    const observed = outboundLines(view, [connector]);
    if (mode === null) {
      return { status: 'warn', message: 'opportunistic', remedy: 'opportunistic', data: { ...base, name: hint?.kind === 'name' ? hint.name : `<name in the certificate>` }, evidence, observed };
    }
    if (!(KNOWN_MODES as readonly string[]).includes(mode)) return { status: 'error', message: 'unknownMode', data: { ...base, mode }, evidence, observed };
    // A --smart-host, or mail.<domain> inferred when the connector names only ranges, that is not one of the
    // connector's smart hosts: its certificate says nothing about the connector's TLS.
    const sh = await smartHost(ctx);
    if ((sh.source === 'given' || sh.source === 'inferred') && !(await routesThrough(ctx, connector, sh.host, sh.addresses))) {
      const why = sh.source === 'given' ? '--smart-host' : `inferred as mail.${domain}, since the connector names no host to probe`;
      return { status: 'skip', message: 'otherHost', data: { ...base, probed: sh.host, why }, evidence, observed };
    }
    const view2 = await smartHostView(ctx);
    if (view2.state !== 'reached') {
      const reason =
        view2.state === 'unknown'
          ? view2.reason
          : view2.state === 'unresolved'
            ? `the smart host ${view2.sh.host} has no address`
            : view2.state === 'microsoft'
              ? `the smart host ${view2.sh.host} is Microsoft 365 itself`
              : view2.state === 'closed'
                ? `${view2.sh.host} takes no connection on port 25`
                : `no connection to ${view2.sh.host} on port 25 from here: ${view2.probes.map((p) => describeReach(p.reach, p.result)).join('; ')}`;
      return { status: 'skip', message: 'noCertificate', data: { ...base, mode, reason }, evidence, observed };
    }
    const parts = view2.reached.flatMap((p) => judgeProbe(ctx, connector, mode as Mode, p).map((part) => ({ ...part, data: { ...base, ...part.data, connector: base.connector } })));
    evidence['probes'] = view2.reached.map((p) => ({
      address: p.address,
      names: p.result.tls?.peerChain[0] ? exchangeCertificateNames(p.result.tls.peerChain[0]) : [],
      trusted: p.result.tls?.verification?.trusted,
      code: p.result.tls?.verification?.code,
    }));
    return combine(parts, { evidence, observed: [...observed, ...view2.reached.flatMap((p) => chainLines(p.result))] });
  },
});
