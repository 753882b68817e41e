// Which outbound connector Exchange Online uses for the domain's mail, and what its smart hosts are.
import { BlockList, isIP } from 'node:net';
import type { M365DomainView } from './domain-view.js';
import { canonicalName, patternSpecificity } from './domains.js';
import type { OutboundConnector } from './export-types.js';

export interface ConnectorChoice {
  /** Enabled connectors that route the domain's mail, the one Exchange Online picks first (most specific domain). */
  candidates: OutboundConnector[];
  /** Connectors that would route it but are disabled. */
  disabled: OutboundConnector[];
  /** Enabled connectors used only when a mail flow rule sends mail to them (the export holds no rules). */
  ruleScoped: OutboundConnector[];
}

/**
 * How specifically a connector claims the domain: RecipientDomains by its most specific pattern (an exact name over
 * `*.parent` over `*`, as Exchange routes by the most specific address space), AllAcceptedDomains (an OnPremises
 * connector for every accepted domain) below any pattern; -1 when it does not claim the domain at all.
 */
export function connectorClaim(connector: OutboundConnector, domain: string): number {
  const best = Math.max(-1, ...connector.RecipientDomains.map((p) => patternSpecificity(p, domain)));
  if (best >= 0) return best + 1;
  return connector.AllAcceptedDomains === true && connector.ConnectorType === 'OnPremises' ? 0 : -1;
}

export function connectorsFor(view: M365DomainView, domain: string): ConnectorChoice {
  const d = canonicalName(domain);
  const claimed = view.outboundConnectors
    .filter((c) => c.IsTransportRuleScoped !== true)
    .map((c) => ({ c, rank: connectorClaim(c, d) }))
    .filter((x) => x.rank >= 0)
    .sort((a, b) => b.rank - a.rank);
  return {
    candidates: claimed.filter((x) => x.c.Enabled).map((x) => x.c),
    disabled: claimed.filter((x) => !x.c.Enabled).map((x) => x.c),
    ruleScoped: view.outboundConnectors.filter((c) => c.Enabled && c.IsTransportRuleScoped === true),
  };
}

/** A connector's smart host: a name, an IP address, or a CIDR range (Set-OutboundConnector -SmartHosts). */
export type SmartHostEntry = { kind: 'name'; name: string } | { kind: 'ip'; address: string } | { kind: 'range'; range: string };

/** The SmartHosts values read: `[192.0.2.1]` and `192.0.2.1` are addresses, `192.0.2.0/25` a range, the rest names. */
export function smartHostEntries(connector: OutboundConnector): SmartHostEntry[] {
  return connector.SmartHosts.slice(0, 100).map((raw): SmartHostEntry => {
    const value = raw.trim().replace(/^\[(.*)\]$/, '$1');
    if (isIP(value) !== 0) return { kind: 'ip', address: value };
    const cidr = /^([^/]+)\/(\d{1,3})$/.exec(value);
    if (cidr && isIP(cidr[1]!) !== 0) return { kind: 'range', range: value };
    return { kind: 'name', name: canonicalName(value) };
  });
}

export function entryText(entry: SmartHostEntry): string {
  return entry.kind === 'name' ? entry.name : entry.kind === 'ip' ? entry.address : entry.range;
}

/** Whether a smart host entry is `host`, or contains one of its addresses. */
export function entryMatches(entry: SmartHostEntry, host: string, addresses: readonly string[]): boolean {
  const h = canonicalName(host);
  if (entry.kind === 'name') return entry.name === h;
  if (entry.kind === 'ip') return entry.address === h || addresses.includes(entry.address);
  const [base, bits] = entry.range.split('/') as [string, string];
  const family = isIP(base) === 6 ? 'ipv6' : 'ipv4';
  const list = new BlockList();
  try {
    list.addSubnet(base, Number(bits), family);
  } catch {
    return false;
  }
  return [h, ...addresses].some((a) => isIP(a) !== 0 && list.check(a, isIP(a) === 6 ? 'ipv6' : 'ipv4'));
}

/**
 * The connector that delivers the domain's mail to a smart host: among the most specific enabled connectors, the
 * first that routes through smart hosts (not MX). Undefined when none does (m365.connector says why).
 */
export function deliveringConnector(view: M365DomainView, domain: string): OutboundConnector | undefined {
  const { candidates } = connectorsFor(view, domain);
  const top = candidates[0];
  if (!top) return undefined;
  const rank = connectorClaim(top, canonicalName(domain));
  return candidates.find((c) => connectorClaim(c, canonicalName(domain)) === rank && !c.UseMXRecord && c.SmartHosts.length > 0);
}
