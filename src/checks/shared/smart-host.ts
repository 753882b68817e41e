// The connector's smart host: given with --smart-host, else the export's connector's, else inferred as mail.<domain>; resolved once per run.
import { isIP } from 'node:net';
import { LookupError } from '../../engine/lookup.js';
import type { CheckContext } from '../../engine/types.js';
import { isMicrosoftName } from '../../knowledge/microsoft-hosts.js';
import { hostAddresses, type HostAddresses } from './host-addresses.js';
import { connectorSmartHost } from './inside-inputs.js';
import { microsoftMxAddresses } from './microsoft-mx.js';

export type SmartHost =
  | {
      /**
       * `given`: from --smart-host; `connector`: the smart host of the outbound connector in the Microsoft 365 export
       * (`connector` names it); `inferred`: mail.<domain>, which the report must say.
       */
      source: 'given' | 'connector' | 'inferred';
      connector?: string;
      host: string;
      port: number;
      /** Addresses to connect to (empty when a given host does not resolve). */
      addresses: string[];
      /** The A/AAAA lookups (absent for an IP literal). */
      resolution?: HostAddresses;
    }
  | { source: 'none'; reason: string };

/** Addresses of the domain's Microsoft MX hosts, when they can be read (nothing if not). */
async function knownMicrosoftMxAddresses(ctx: CheckContext): Promise<ReadonlySet<string>> {
  try {
    return new Set((await microsoftMxAddresses(ctx)).keys());
  } catch {
    return new Set();
  }
}

async function findSmartHost(ctx: CheckContext): Promise<SmartHost> {
  const given = ctx.input.smartHost;
  if (given) {
    if (isIP(given.host) !== 0) return { source: 'given', host: given.host, port: given.port, addresses: [given.host] };
    const resolution = await hostAddresses(ctx, given.host);
    if (resolution.outcome === 'unverified' && resolution.failed) throw new LookupError(resolution.failed);
    return { source: 'given', host: given.host, port: given.port, addresses: resolution.addresses, resolution };
  }
  // Not given, but the tenant export names the connector's: that is where Exchange Online really delivers.
  const fromConnector = connectorSmartHost(ctx);
  if (fromConnector) {
    const { host, connector } = fromConnector;
    if (isIP(host) !== 0) return { source: 'connector', connector, host, port: 25, addresses: [host] };
    const resolution = await hostAddresses(ctx, host);
    if (resolution.outcome === 'unverified' && resolution.failed) throw new LookupError(resolution.failed);
    return { source: 'connector', connector, host, port: 25, addresses: resolution.addresses, resolution };
  }
  // Not given: cPanel and most hosts serve mail as mail.<domain>; use it only if it is not Microsoft.
  const host = `mail.${ctx.domain}`;
  const resolution = await hostAddresses(ctx, host);
  if (resolution.outcome === 'unverified' && resolution.failed) throw new LookupError(resolution.failed);
  if (resolution.outcome !== 'ok') {
    return { source: 'none', reason: `no --smart-host was given and ${host} does not resolve, so the hosting server is unknown` };
  }
  const viaMicrosoft = resolution.cnames.some((r) => r.type === 'CNAME' && isMicrosoftName(r.data));
  const msAddresses = await knownMicrosoftMxAddresses(ctx);
  if (viaMicrosoft || resolution.addresses.some((a) => msAddresses.has(a))) {
    return { source: 'none', reason: `no --smart-host was given and ${host} points at Microsoft 365, not at the hosting server` };
  }
  return { source: 'inferred', host, port: 25, addresses: resolution.addresses, resolution };
}

/** The run's smart host, computed once and shared by the smarthost.*, m365.* and spf.* checks. */
export function smartHost(ctx: CheckContext): Promise<SmartHost> {
  return ctx.memo('smarthost', () => findSmartHost(ctx));
}

/**
 * The hosting server's outbound addresses for SPF: --hosting-ip, else the smart host's addresses.
 * `source` says where they came from, so a finding can say "inferred".
 */
export async function hostingAddresses(
  ctx: CheckContext,
): Promise<{ source: 'given' | 'smart-host' | 'inferred'; addresses: string[]; host?: string } | { source: 'none'; reason: string }> {
  if (ctx.input.hostingIps && ctx.input.hostingIps.length > 0) return { source: 'given', addresses: ctx.input.hostingIps };
  const sh = await smartHost(ctx);
  if (sh.source === 'none') return { source: 'none', reason: `${sh.reason}; give --hosting-ip or --smart-host` };
  if (sh.addresses.length === 0) return { source: 'none', reason: `the smart host ${sh.host} has no addresses; give --hosting-ip` };
  return { source: sh.source === 'inferred' ? 'inferred' : 'smart-host', addresses: sh.addresses, host: sh.host };
}
