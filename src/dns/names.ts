// Domain names: normalisation for keys and comparisons, validation before anything is sent, IP-literal helpers.
import { isIP } from 'node:net';

/** RFC 1035 §2.3.4: a label is at most 63 octets. */
export const MAX_LABEL_OCTETS = 63;
/** RFC 1035 §2.3.4: 255 octets on the wire, i.e. 253 characters in dotted text without the trailing dot. */
export const MAX_NAME_CHARS = 253;

/** Lower-case, one trailing dot removed; the root (`.`) becomes `""`. DNS names compare case-insensitively (RFC 4343). */
export function normaliseName(name: string): string {
  const lower = name.toLowerCase();
  return lower.endsWith('.') ? lower.slice(0, -1) : lower;
}

/**
 * Why a name cannot be asked, or `undefined` when it can. The name is checked after normalisation.
 * Non-ASCII is refused because dns-packet would send it as UTF-8: IDNs must be given as A-labels (RFC 5890).
 */
export function validateName(name: string): string | undefined {
  const n = normaliseName(name);
  if (n === '') return 'the name is empty';
  if (n.length > MAX_NAME_CHARS) return `the name is ${n.length} characters long, more than ${MAX_NAME_CHARS} (RFC 1035 §2.3.4)`;
  // Only printable ASCII and space: control octets and non-ASCII would be mangled by the encoder.
  if (/[^\x20-\x7e]/.test(n)) return 'the name contains a control or non-ASCII character (give IDNs in punycode form)';
  const labels = n.split('.');
  for (const label of labels) {
    if (label.length === 0) return 'the name has an empty label (two dots in a row, or a leading dot)';
    if (label.length > MAX_LABEL_OCTETS) {
      return `the label "${label.slice(0, 20)}..." is ${label.length} octets long, more than ${MAX_LABEL_OCTETS} (RFC 1035 §2.3.4)`;
    }
  }
  return undefined;
}

export function isIPv4(value: string): boolean {
  return isIP(value) === 4;
}

export function isIPv6(value: string): boolean {
  return isIP(value) === 6;
}

/** True for an IPv4 or IPv6 literal without brackets (an MX target or smart host given as an IP, say). */
export function isIpLiteral(value: string): boolean {
  return isIP(value) !== 0;
}

/** The PTR owner name of an IP address (RFC 1035 §3.5 in-addr.arpa, RFC 3596 §2.5 ip6.arpa), or `undefined` if not an IP. */
export function reverseName(ip: string): string | undefined {
  if (isIPv4(ip)) return `${ip.split('.').reverse().join('.')}.in-addr.arpa`;
  if (!isIPv6(ip)) return undefined;
  const words = expandIPv6(ip);
  if (words === undefined) return undefined;
  const nibbles = words.map((w) => w.toString(16).padStart(4, '0')).join('');
  return `${[...nibbles].reverse().join('.')}.ip6.arpa`;
}

/** The eight 16-bit words of an IPv6 literal (zone index dropped, embedded IPv4 allowed). */
function expandIPv6(ip: string): number[] | undefined {
  let text = ip.split('%')[0] ?? '';
  const v4 = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (v4?.[1] !== undefined) {
    const octets = v4[1].split('.').map(Number);
    const [a = 0, b = 0, c = 0, d = 0] = octets;
    text = `${text.slice(0, v4.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head = '', tail] = text.split('::');
  const left = head === '' ? [] : head.split(':');
  const right = tail === undefined || tail === '' ? [] : tail.split(':');
  const fill = tail === undefined ? 0 : 8 - left.length - right.length;
  const words = [...left, ...Array<string>(Math.max(fill, 0)).fill('0'), ...right].map((w) => parseInt(w, 16));
  return words.length === 8 && words.every((w) => Number.isInteger(w) && w >= 0 && w <= 0xffff) ? words : undefined;
}
