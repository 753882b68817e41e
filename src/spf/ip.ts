// IP addresses for SPF: strict parsing (RFC 7208 §5.6, RFC 4291 §2.2), CIDR matching and the text forms macros need.

export type IpFamily = 4 | 6;

/** An address as octets: 4 for IPv4, 16 for IPv6. */
export interface IpAddress {
  family: IpFamily;
  bytes: readonly number[];
}

// RFC 7208 §5.6 qnum: 0-255 without leading zeros.
const QNUM = /^(?:0|[1-9][0-9]{0,2})$/;

/** Dotted quad with exactly four decimal parts, each 0-255 without leading zeros. */
export function parseIp4(text: string): IpAddress | undefined {
  const parts = text.split('.');
  if (parts.length !== 4) return undefined;
  const bytes: number[] = [];
  for (const part of parts) {
    if (!QNUM.test(part)) return undefined;
    const value = Number(part);
    if (value > 255) return undefined;
    bytes.push(value);
  }
  return { family: 4, bytes };
}

const HEX_GROUP = /^[0-9A-Fa-f]{1,4}$/;

function parseGroups(text: string, allowTrailingIp4: boolean): number[] | undefined {
  if (text === '') return [];
  const groups = text.split(':');
  const bytes: number[] = [];
  for (const [index, group] of groups.entries()) {
    if (allowTrailingIp4 && index === groups.length - 1 && group.includes('.')) {
      const ip4 = parseIp4(group);
      if (!ip4) return undefined;
      bytes.push(...ip4.bytes);
    } else {
      if (!HEX_GROUP.test(group)) return undefined;
      const value = parseInt(group, 16);
      bytes.push(value >> 8, value & 0xff);
    }
  }
  return bytes;
}

/** RFC 4291 §2.2 text: eight groups, one `::`, or a trailing dotted quad. No zone index, no brackets. */
export function parseIp6(text: string): IpAddress | undefined {
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  if (halves.length === 1) {
    const bytes = parseGroups(text, true);
    return bytes?.length === 16 ? { family: 6, bytes } : undefined;
  }
  const [head = '', tail = ''] = halves;
  const left = parseGroups(head, false);
  const right = parseGroups(tail, true);
  // "::" stands for at least one group of zeros (RFC 4291 §2.2 item 2).
  if (!left || !right || left.length + right.length > 14) return undefined;
  const zeros = new Array<number>(16 - left.length - right.length).fill(0);
  return { family: 6, bytes: [...left, ...zeros, ...right] };
}

/**
 * The SMTP client address. An IPv4-mapped IPv6 address is an IPv4 address (RFC 7208 §5 item 9.2):
 * it matches `ip4`, uses A records and the in-addr.arpa tree.
 */
export function parseClientIp(text: string): IpAddress | undefined {
  const ip = parseIp4(text) ?? parseIp6(text);
  if (!ip || ip.family === 4) return ip;
  const mapped = ip.bytes.slice(0, 10).every((b) => b === 0) && ip.bytes[10] === 0xff && ip.bytes[11] === 0xff;
  return mapped ? { family: 4, bytes: ip.bytes.slice(12) } : ip;
}

/** True when the first `prefix` bits of both addresses agree (same family only). */
export function inNetwork(ip: IpAddress, network: IpAddress, prefix: number): boolean {
  if (ip.family !== network.family) return false;
  let bits = prefix;
  for (let i = 0; bits > 0; i++, bits -= 8) {
    const mask = bits >= 8 ? 0xff : (0xff << (8 - bits)) & 0xff;
    if (((ip.bytes[i] ?? 0) & mask) !== ((network.bytes[i] ?? 0) & mask)) return false;
  }
  return true;
}

/** Parses an address found in an A or AAAA answer; undefined when it is not one. */
export function parseAnswerAddress(text: string): IpAddress | undefined {
  return parseIp4(text) ?? parseIp6(text);
}

function hexGroups(ip: IpAddress): number[] {
  const groups: number[] = [];
  for (let i = 0; i < 16; i += 2) groups.push(((ip.bytes[i] ?? 0) << 8) | (ip.bytes[i + 1] ?? 0));
  return groups;
}

/** Readable form (the `%{c}` macro, RFC 7208 §7.3): dotted quad, or RFC 5952 compressed lower-case IPv6. */
export function formatIp(ip: IpAddress): string {
  if (ip.family === 4) return ip.bytes.join('.');
  const groups = hexGroups(ip);
  let bestStart = -1;
  let bestLength = 1; // RFC 5952 §4.2.2: a single zero group is not compressed
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLength) [bestStart, bestLength] = [i, j - i];
    i = j;
  }
  const text = groups.map((g) => g.toString(16));
  if (bestStart < 0) return text.join(':');
  return `${text.slice(0, bestStart).join(':')}::${text.slice(bestStart + bestLength).join(':')}`;
}

/**
 * The `%{i}` form (RFC 7208 §7.3): dotted quad, or 32 dot-separated nibbles for IPv6. The nibbles
 * are upper-case, as pyspf (the reference the openspf suite checks explanations against) writes
 * them; DNS compares names case-insensitively, so lookups are unaffected.
 */
export function dottedIp(ip: IpAddress): string {
  if (ip.family === 4) return ip.bytes.join('.');
  return ip.bytes
    .flatMap((b) => [b >> 4, b & 0xf])
    .map((n) => n.toString(16).toUpperCase())
    .join('.');
}
