// Whether the smart host is Microsoft 365 itself: by name (also through a CNAME) or by the domain's Microsoft MX addresses.
import type { CheckContext } from '../../engine/types.js';
import { CLOUDS } from '../../knowledge/clouds.js';
import { isMicrosoftName } from '../../knowledge/microsoft-hosts.js';
import { checkHost } from '../../spf/index.js';
import type { KnownSmartHost } from './probes.js';

export { microsoftMxAddresses } from '../shared/microsoft-mx.js';

/** The Microsoft name the smart host is or leads to (`<token>.mail.protection.outlook.com`, `*.mx.microsoft`, ...). */
export function microsoftName(sh: KnownSmartHost): { name: string; via?: string } | undefined {
  if (isMicrosoftName(sh.host)) return { name: sh.host };
  const alias = sh.resolution?.cnames.find((r) => r.type === 'CNAME' && isMicrosoftName(String(r.data)));
  return alias ? { name: sh.host, via: String(alias.data) } : undefined;
}

/**
 * Microsoft publishes its outbound (and inbound) ranges in its SPF include; check_host() pass = a Microsoft
 * address. The worldwide include: a smart host inside a GCC High or 21Vianet range is not caught by address.
 */
export const MICROSOFT_RANGES = CLOUDS.commercial.spfInclude;

export type RangeVerdict = { ip: string; spf: Awaited<ReturnType<typeof checkHost>> };

/**
 * check_host() of each smart-host address against Microsoft's ranges, once per run: smarthost.loop judges it,
 * and the SMTP probes use it too, so a smart host inside Microsoft's ranges is never probed and judged as if it
 * were the hosting server (it would "pass" smarthost.smtp and accepts-mailbox while smarthost.loop fails).
 */
export function microsoftRangeVerdicts(ctx: CheckContext, addresses: readonly string[]): Promise<RangeVerdict[]> {
  return ctx.memo(`smarthost.microsoft-ranges:${addresses.join(',')}`, () =>
    Promise.all(addresses.map(async (ip) => ({ ip, spf: await checkHost({ ip, domain: MICROSOFT_RANGES, dns: ctx.dns, signal: ctx.signal }) }))),
  );
}
