// Resolver addresses: parsing `--resolver` values, printing them, and discovering the system's resolvers.
import { getServers } from 'node:dns';
import { isIPv4, isIPv6 } from './names.js';
import type { ServerAddress } from './types.js';

export const DNS_PORT = 53; // RFC 1035 §4.2

export type ServerParseResult = { ok: true; server: ServerAddress } | { ok: false; error: string };
export type ServerListResult = { ok: true; servers: ServerAddress[] } | { ok: false; error: string };

/**
 * Parses `ip`, `ip:port`, `[ipv6]`, `[ipv6]:port` or a bare IPv6 literal. Host names are refused:
 * resolving the resolver's own name would need a resolver. The error is one line, ready for the CLI.
 */
export function parseServerAddress(value: string, defaultPort: number = DNS_PORT): ServerParseResult {
  const text = value.trim();
  const fail = (why: string): ServerParseResult => ({ ok: false, error: `invalid resolver "${value}": ${why}` });
  if (text === '') return fail('it is empty; expected an IP address such as 1.1.1.1, 1.1.1.1:53 or [2606:4700:4700::1111]:53');

  const bracketed = /^\[([^\]]*)\](?::(.*))?$/.exec(text);
  if (bracketed) {
    const host = bracketed[1] ?? '';
    if (!isIPv6(host)) return fail(`"${host}" inside the brackets is not an IPv6 address`);
    const port = bracketed[2] === undefined ? defaultPort : parsePort(bracketed[2]);
    if (port === undefined) return fail(`"${bracketed[2] ?? ''}" is not a port number (1-65535)`);
    return { ok: true, server: { host, port } };
  }
  if (isIPv6(text)) return { ok: true, server: { host: text, port: defaultPort } };
  if (isIPv4(text)) return { ok: true, server: { host: text, port: defaultPort } };

  const colon = text.lastIndexOf(':');
  if (colon > 0 && text.indexOf(':') === colon) {
    const host = text.slice(0, colon);
    const portText = text.slice(colon + 1);
    if (!isIPv4(host)) return fail(notAnAddress(host));
    const port = parsePort(portText);
    if (port === undefined) return fail(`"${portText}" is not a port number (1-65535)`);
    return { ok: true, server: { host, port } };
  }
  if (text.includes(':')) return fail('not an IPv6 address; write IPv6 with a port as [2001:db8::53]:53');
  return fail(notAnAddress(text));
}

function notAnAddress(host: string): string {
  return /[a-z]/i.test(host)
    ? `"${host}" is a name, not an IP address (a resolver must be given by address)`
    : `"${host}" is not an IPv4 address`;
}

function parsePort(text: string): number | undefined {
  if (!/^\d{1,5}$/.test(text)) return undefined;
  const port = Number(text);
  return port >= 1 && port <= 65535 ? port : undefined;
}

/** Parses several `--resolver` values; the first bad one is the error. */
export function parseServerList(values: readonly string[]): ServerListResult {
  const servers: ServerAddress[] = [];
  for (const value of values) {
    const parsed = parseServerAddress(value);
    if (!parsed.ok) return parsed;
    servers.push(parsed.server);
  }
  if (servers.length === 0) return { ok: false, error: 'no resolver given' };
  return { ok: true, servers };
}

/** `1.2.3.4:53`, `[2001:db8::1]:53`: the form used in reasons and evidence. */
export function formatServer(server: ServerAddress): string {
  return server.host.includes(':') ? `[${server.host}]:${server.port}` : `${server.host}:${server.port}`;
}

/**
 * The system's resolvers as Node sees them (`dns.getServers()`: `1.2.3.4`, `1.2.3.4:53`, `::1`, `[::1]:53`).
 * `list` is injectable for tests. Entries Node returns that we cannot parse are skipped.
 */
export function systemServers(list: readonly string[] = getServers()): ServerListResult {
  const servers: ServerAddress[] = [];
  for (const entry of list) {
    const parsed = parseServerAddress(entry);
    if (parsed.ok) servers.push(parsed.server);
  }
  if (servers.length === 0) {
    return {
      ok: false,
      error: 'no system DNS resolver found (dns.getServers() returned none); pass one with --resolver, e.g. --resolver 1.1.1.1',
    };
  }
  return { ok: true, servers };
}
