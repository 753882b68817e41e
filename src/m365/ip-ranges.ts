// An inbound connector's SenderIPAddresses as a set to test addresses against (New-InboundConnector: one IPv4, a CIDR, or a range).
import { BlockList, isIP } from 'node:net';

export interface SenderRanges {
  /** Whether the address falls in one of the entries. */
  covers(address: string): boolean;
  /** Entries that are none of the three forms (kept for the evidence; they match nothing). */
  unreadable: string[];
}

/** Entries read per connector: real ones list a few; the bound keeps a hostile file linear. */
const MAX_ENTRIES = 5000;

/**
 * SenderIPAddresses accepts "Single IP address: 192.168.1.1", "CIDR: 192.168.0.1/25 (/24 through /32)" and, as
 * EFSkipIPs shows them, "IP address range: 192.168.0.1-192.168.0.254" (Microsoft Learn, New-InboundConnector).
 * "IPv6 addresses are not supported" there; any that appear are read all the same.
 */
export function senderRanges(entries: readonly string[]): SenderRanges {
  const list = new BlockList();
  const unreadable: string[] = [];
  for (const raw of entries.slice(0, MAX_ENTRIES)) {
    const entry = raw.trim();
    const family = (ip: string) => (isIP(ip) === 6 ? 'ipv6' : 'ipv4');
    try {
      const cidr = /^([^/]+)\/(\d{1,3})$/.exec(entry);
      const range = /^([^-]+)-([^-]+)$/.exec(entry);
      if (isIP(entry) !== 0) list.addAddress(entry, family(entry));
      else if (cidr && isIP(cidr[1]!) !== 0) list.addSubnet(cidr[1]!, Number(cidr[2]), family(cidr[1]!));
      else if (range && isIP(range[1]!.trim()) !== 0 && isIP(range[1]!.trim()) === isIP(range[2]!.trim())) list.addRange(range[1]!.trim(), range[2]!.trim(), family(range[1]!.trim()));
      else unreadable.push(entry);
    } catch {
      unreadable.push(entry);
    }
  }
  return { covers: (address) => isIP(address) !== 0 && list.check(address, isIP(address) === 6 ? 'ipv6' : 'ipv4'), unreadable };
}
