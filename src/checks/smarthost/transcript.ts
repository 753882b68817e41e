// Turns a probe into what the report shows: the SMTP dialogue as `observed` lines, TLS facts as compact evidence.
import type { CertificateFacts, SmtpProbeResult, TlsFacts } from '../../smtp/types.js';
import { targetName } from './reach.js';

/** A probe's dialogue is bounded in the report (the evidence file keeps all of it). */
const MAX_LINES = 40;

/** The dialogue as lines: `C:` what was sent, `S:` what the server said, `--` events (connected, TLS, errors). */
export function transcriptLines(result: SmtpProbeResult): string[] {
  const lines = [`${targetName(result)}:`];
  for (const entry of result.transcript) {
    if (entry.kind === 'sent') lines.push(`  C: ${entry.command}`);
    else if (entry.kind === 'received') for (const line of entry.reply.raw.split('\n')) lines.push(`  S: ${line}`);
    else lines.push(`  -- ${entry.event}${entry.detail ? ` ${entry.detail}` : ''}`);
  }
  if (lines.length > MAX_LINES + 1) {
    const more = lines.length - MAX_LINES;
    return [...lines.slice(0, MAX_LINES), `  ... ${more} more lines (all of them in --save-evidence)`];
  }
  return lines;
}

/** One certificate as the report shows it (the PEM stays in the evidence file only). */
export function certificateSummary(c: CertificateFacts): Record<string, unknown> {
  return {
    subject: c.subject,
    issuer: c.issuer,
    dnsNames: c.dnsNames,
    validFrom: c.validFrom,
    validTo: c.validTo,
    selfSigned: c.selfSigned,
    isCa: c.isCa,
    fingerprint256: c.fingerprint256,
  };
}

/** The TLS facts for a finding's evidence: protocol, verification, name check, the chain as sent. */
export function tlsEvidence(tls: TlsFacts | undefined): Record<string, unknown> | undefined {
  if (!tls) return undefined;
  const out: Record<string, unknown> = {
    starttls: tls.starttlsReply.raw,
    established: tls.established,
    minVersion: tls.minVersion,
  };
  if (tls.servername) out['servername'] = tls.servername;
  if (tls.protocol) out['protocol'] = tls.protocol;
  if (tls.cipher) out['cipher'] = tls.cipher.standardName;
  if (tls.failure) out['failure'] = tls.failure;
  if (tls.verification) out['verification'] = tls.verification;
  if (tls.nameCheck) out['nameCheck'] = tls.nameCheck;
  out['chain'] = tls.peerChain.map(certificateSummary);
  return out;
}

/** The chain as lines: one per certificate sent, leaf first. */
export function chainLines(result: SmtpProbeResult): string[] {
  const tls = result.tls;
  if (!tls) return [];
  const lines = [`${targetName(result)}: ${tls.protocol ?? 'TLS'}, ${tls.peerChain.length} certificate(s) sent`];
  tls.peerChain.forEach((c, i) => {
    const names = c.dnsNames.length > 0 ? `, names ${c.dnsNames.join(' ')}` : '';
    lines.push(`  ${i}: ${c.subject} (issuer ${c.issuer}${c.selfSigned ? ', self-signed' : ''}), valid ${c.validFrom} to ${c.validTo}${names}`);
  });
  if (tls.verification) {
    lines.push(
      `  chain: ${tls.verification.trusted ? 'trusted' : `not trusted (${tls.verification.code ?? 'unknown reason'})`}` +
        (tls.verification.extraCaCount > 0 ? `, store + ${tls.verification.extraCaCount} extra CA(s)` : ''),
    );
  }
  if (tls.nameCheck) {
    lines.push(`  name ${tls.nameCheck.name}: ${tls.nameCheck.matches ? 'matches' : `does not match (${tls.nameCheck.reason ?? tls.nameCheck.code ?? ''})`}`);
  }
  return lines;
}
