// DMARC report URIs (RFC 7489 §6.2, §6.4 dmarc-uri): `mailto:` addresses with an optional `!size` limit. Pure.

export interface DmarcUri {
  /** The URI as published, without the size suffix. */
  uri: string;
  /** Lower-case scheme: `mailto` in practice (the only one RFC 7489 defines for reports). */
  scheme: string;
  /** `!10m`: the largest report the owner accepts. */
  maxSize?: string;
  /** For `mailto:`: the address (percent-decoded) and its domain, lower-cased. */
  address?: string;
  domain?: string;
}

export interface DmarcUriList {
  uris: DmarcUri[];
  /** Items that are no valid dmarc-uri, as published. */
  invalid: string[];
}

/** RFC 3986 absolute URI: a scheme, ":" and no whitespace; `,` and `!` must be percent-encoded (RFC 7489 §6.2). */
const URI = /^([A-Za-z][A-Za-z0-9+.-]*):([^\s,!]+)$/;
const SIZE = /^\d+[kmgt]?$/i;
const HOST = /^(?=.{1,253}$)[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9])?(?:\.[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9])?)+$/;

function percentDecode(text: string): string | undefined {
  try {
    return decodeURIComponent(text);
  } catch {
    return undefined;
  }
}

function parseUri(item: string): DmarcUri | undefined {
  const bang = item.lastIndexOf('!');
  const body = bang < 0 ? item : item.slice(0, bang);
  const size = bang < 0 ? undefined : item.slice(bang + 1);
  if (size !== undefined && !SIZE.test(size)) return undefined;
  const m = URI.exec(body);
  if (!m) return undefined;
  const uri: DmarcUri = { uri: body, scheme: m[1]!.toLowerCase() };
  if (size !== undefined) uri.maxSize = size;
  if (uri.scheme !== 'mailto') return uri;
  // mailto:addr[?headers] (RFC 6068); one address is what a report needs.
  const address = percentDecode(m[2]!.split('?')[0]!);
  const at = address?.lastIndexOf('@') ?? -1;
  if (address === undefined || at <= 0) return undefined;
  const domain = address.slice(at + 1).toLowerCase().replace(/\.$/, '');
  if (!HOST.test(domain) || /[\s<>()[\]\\,;:"]/.test(address.slice(0, at))) return undefined;
  uri.address = `${address.slice(0, at)}@${domain}`;
  uri.domain = domain;
  return uri;
}

/** Parse a `rua=`/`ruf=` value: URIs separated by commas with optional whitespace. Never throws. */
export function parseDmarcUriList(value: string): DmarcUriList {
  const list: DmarcUriList = { uris: [], invalid: [] };
  for (const raw of value.split(',')) {
    const item = raw.trim();
    const uri = item === '' ? undefined : parseUri(item);
    if (uri) list.uris.push(uri);
    else list.invalid.push(item);
  }
  return list;
}
