// Whether the host the probes went to is one of a connector's smart hosts: by name, by address, by range, or by the addresses its names resolve to.
import type { CheckContext } from '../../engine/types.js';
import { entryMatches, smartHostEntries } from '../../m365/connectors.js';
import type { OutboundConnector } from '../../m365/export-types.js';
import { hostAddresses } from '../shared/host-addresses.js';

/** Smart host names resolved per connector: real connectors list one or two; the bound keeps a hostile file's lookups few. */
const MAX_NAMES_RESOLVED = 8;

/**
 * CHECKS.md (m365.connector): the connector routes "through smart hosts, one of which is the smart host probed". A
 * --smart-host given as the address of the connector's host name (or another name of the same server) is that
 * smart host: the names are resolved and their addresses compared. A lookup that fails matches nothing.
 */
export async function routesThrough(ctx: CheckContext, connector: OutboundConnector, host: string, addresses: readonly string[]): Promise<boolean> {
  const entries = smartHostEntries(connector);
  if (entries.some((e) => entryMatches(e, host, addresses))) return true;
  const probed = new Set([host.toLowerCase(), ...addresses]);
  for (const entry of entries.filter((e) => e.kind === 'name').slice(0, MAX_NAMES_RESOLVED)) {
    if (entry.kind !== 'name') continue;
    try {
      const resolved = await ctx.memo(`smart-host-match:${entry.name}`, () => hostAddresses(ctx, entry.name));
      if (resolved.addresses.some((a) => probed.has(a))) return true;
    } catch {
      // no answer: no match by address
    }
  }
  return false;
}
