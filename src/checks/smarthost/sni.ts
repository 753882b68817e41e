// The smart host's certificate without SNI: one more STARTTLS session that names no host, compared with the one that did.
import type { CheckContext } from '../../engine/types.js';
import type { SmtpProbeRequest } from '../../smtp/client.js';
import { reachOf } from './reach.js';
import type { AddressProbe, SmartHostView } from './probes.js';

export type SniComparison =
  /** Nothing to compare: no TLS session, or no SNI was sent in the first place (an IP smart host). */
  | { state: 'not-applicable' }
  | { state: 'same'; address: string; probe: AddressProbe }
  | { state: 'different'; address: string; probe: AddressProbe }
  /** Without SNI the server completes no handshake (an alert, a close): a fact. */
  | { state: 'no-tls'; address: string; probe: AddressProbe; reason: string }
  /** The second session did not get as far as TLS (timeout, refused, busy): nothing learnt. */
  | { state: 'unknown'; address: string; probe: AddressProbe; reason: string };

/**
 * Whether Exchange Online sends SNI to a smart host is not documented (DOMAIN.md §6), and shared hosts often
 * present another certificate (the server's own name, or a self-signed default) to a client that names no host.
 * One address is asked: the first that completed TLS with SNI (the addresses of one host share a configuration),
 * after every other probe of the host has finished, so no two connections to it are ever open at once.
 */
async function compare(ctx: CheckContext, view: Extract<SmartHostView, { state: 'reached' }>): Promise<SniComparison> {
  const first = view.reached.find((p) => p.result.tls?.established && p.result.tls.servername !== undefined);
  const sent = first?.result.tls;
  if (!first || !sent) return { state: 'not-applicable' };
  const request: SmtpProbeRequest = { host: view.sh.host, address: first.address, port: view.sh.port, recipients: [], sni: false };
  if (ctx.input.tlsName) request.tlsName = ctx.input.tlsName;
  const result = await ctx.smtp.probe(request);
  const probe: AddressProbe = { address: first.address, result, reach: reachOf(result), attempts: [{ reach: reachOf(result) }] };
  const tls = result.tls;
  const why = result.error ? `${result.error.code}: ${result.error.message}` : 'no STARTTLS session';
  if (tls?.established) {
    const same = tls.peerChain[0]?.fingerprint256 === sent.peerChain[0]?.fingerprint256;
    return { state: same ? 'same' : 'different', address: first.address, probe };
  }
  // A handshake the server broke off (an alert, a close mid-handshake) is its answer; a timeout or no session is none.
  if (tls?.failure && result.error?.code !== 'ETIMEDOUT') return { state: 'no-tls', address: first.address, probe, reason: why };
  return { state: 'unknown', address: first.address, probe, reason: why };
}

/** The comparison, made once per run. */
export function withoutSni(ctx: CheckContext, view: Extract<SmartHostView, { state: 'reached' }>): Promise<SniComparison> {
  return ctx.memo('smarthost.no-sni', () => compare(ctx, view));
}
