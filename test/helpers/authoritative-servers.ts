// A zone's authoritative servers on distinct loopback addresses sharing one free port, plus a recursive server that knows the rest of the world.
import type { ZoneEntry } from '../../src/testbed/dns-server.js';
import { startDnsServer, type DnsServerOptions, type DnsTestServer, type Zone } from '../../src/testbed/dns-server.js';
import { zoneName } from '../../src/testbed/dns-zone.js';

export const DOMAIN = 'contoso.com';
export const MS_MX = 'contoso-com.mail.protection.outlook.com';
export const SPF = 'v=spf1 include:spf.protection.outlook.com ip4:203.0.113.25 -all';
export const DMARC = 'v=DMARC1; p=reject; rua=mailto:dmarc@contoso.com';
/** A short, valid-looking RSA key is not needed for consistency: dkim.hosting is not what these tests judge. */
export const DKIM_DEFAULT = 'v=DKIM1; k=rsa; p=MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAs';

export type SoaTuple = [string, string, number, number, number, number, number];

export interface ZoneSpec {
  serial?: number;
  mx?: [number, string][];
  /** TXT records at the domain; an array is one record split into several strings. */
  txt?: (string | string[])[];
  autodiscover?: string;
  selector1?: string;
  dkimDefault?: string;
  dmarc?: string | null;
  srv?: [number, number, number, string][];
  mxTtl?: number;
  extra?: Zone;
}

/** The zone contoso.com as one authoritative server holds it; `ns` maps the NS names to their addresses. */
export function contosoZone(ns: Record<string, string>, spec: ZoneSpec = {}): Zone {
  const soa: SoaTuple = ['ns1.contoso.com', 'hostmaster.contoso.com', spec.serial ?? 2026010101, 3600, 600, 1209600, 300];
  const dmarc = spec.dmarc === undefined ? DMARC : spec.dmarc;
  const zone: Zone = {
    [DOMAIN]: [
      { SOA: soa, ttl: 3600 },
      ...Object.keys(ns).map((n): ZoneEntry => ({ NS: n })),
      ...(spec.mx ?? [[0, MS_MX]]).map(([p, x]): ZoneEntry => ({ MX: [p, x], ttl: spec.mxTtl ?? 3600 })),
      ...(spec.txt ?? [SPF, 'ms-verification=MS12345']).map((t): ZoneEntry => ({ TXT: t, ttl: 3600 })),
    ],
    ...Object.fromEntries(Object.entries(ns).map(([n, a]) => [n, [{ A: a }]])),
    [`autodiscover.${DOMAIN}`]: [{ CNAME: spec.autodiscover ?? 'autodiscover.outlook.com' }],
    [`selector1._domainkey.${DOMAIN}`]: [{ CNAME: spec.selector1 ?? 'selector1-contoso-com._domainkey.contoso.onmicrosoft.com' }],
    [`selector2._domainkey.${DOMAIN}`]: [{ CNAME: 'selector2-contoso-com._domainkey.contoso.onmicrosoft.com' }],
    [`default._domainkey.${DOMAIN}`]: [{ TXT: spec.dkimDefault ?? DKIM_DEFAULT }],
    [`mail.${DOMAIN}`]: [{ A: '203.0.113.25' }],
    ...(dmarc === null ? {} : { [`_dmarc.${DOMAIN}`]: [{ TXT: dmarc }] }),
    ...(spec.srv ? { [`_autodiscover._tcp.${DOMAIN}`]: spec.srv.map((s): ZoneEntry => ({ SRV: s })) } : {}),
    ...spec.extra,
  };
  return zone;
}

/** What a recursive resolver sees of the rest of the world: Microsoft's hosts and keys. */
export const WORLD: Zone = {
  [MS_MX]: [{ A: '198.51.100.10' }],
  'autodiscover.outlook.com': [{ CNAME: 'autod.ms-acdc.office.com' }],
  'autod.ms-acdc.office.com': [{ A: '198.51.100.20' }],
  'spf.protection.outlook.com': [{ TXT: 'v=spf1 ip4:40.92.0.0/15 -all' }],
  'selector1-contoso-com._domainkey.contoso.onmicrosoft.com': [{ TXT: 'v=DKIM1; k=rsa; p=MIIB' }],
  'selector2-contoso-com._domainkey.contoso.onmicrosoft.com': [{ TXT: 'v=DKIM1; k=rsa; p=MIIC' }],
};

/** An authoritative server: AA answers, no CNAME chasing, and REFUSED for names outside its zone (as BIND or NSD answer). */
export function authoritative(zone: Zone, apex = DOMAIN, extra: Partial<DnsServerOptions> = {}): DnsServerOptions {
  return {
    zone,
    recursive: false,
    handler: (query, _transport, _rinfo, helpers) => {
      const name = zoneName(query.questions[0]?.name ?? '');
      if (name !== apex && !name.endsWith(`.${apex}`)) {
        const reply = helpers.defaultResponse();
        if (reply === 'drop') return 'drop';
        return { ...reply, flags: ((reply.flags ?? 0) & ~0x040f) | 5, answers: [], authorities: [] };
      }
      return undefined;
    },
    ...extra,
  };
}

export interface AuthWorld {
  recursive: DnsTestServer;
  /** One per spec; undefined where the spec was 'down' (nothing listens there). */
  servers: (DnsTestServer | undefined)[];
  port: number;
  /** `127.0.0.1:port` of the recursive server, for --resolver. */
  resolver: string;
  close(): Promise<void>;
}

/**
 * Starts one server per spec on `hosts[i]`, all on one port picked from 0 (binding port 53 would need
 * root); a spec of 'down' leaves that address silent. Retries when the port is taken on another address.
 */
export async function startAuthWorld(hosts: readonly string[], specs: readonly (DnsServerOptions | 'down')[], recursiveZone: Zone): Promise<AuthWorld> {
  const recursive = await startDnsServer({ zone: recursiveZone });
  let lastError: unknown;
  for (let attempt = 0; attempt < 20; attempt++) {
    const started: DnsTestServer[] = [];
    const servers: (DnsTestServer | undefined)[] = [];
    let port = 0;
    try {
      for (let i = 0; i < specs.length; i++) {
        const spec = specs[i]!;
        if (spec === 'down') {
          servers.push(undefined);
          continue;
        }
        const server = await startDnsServer({ ...spec, host: hosts[i]!, port });
        started.push(server);
        servers.push(server);
        port = server.port;
      }
      if (port === 0) port = 1 + Math.floor(Math.random() * 1000) + 40000;
      return {
        recursive,
        servers,
        port,
        resolver: `127.0.0.1:${recursive.port}`,
        close: async () => {
          await Promise.all([recursive.close(), ...started.map((s) => s.close())]);
        },
      };
    } catch (error) {
      lastError = error;
      await Promise.all(started.map((s) => s.close()));
    }
  }
  await recursive.close();
  throw lastError instanceof Error ? lastError : new Error('could not bind the authoritative test servers');
}

/** The recursive view of contoso.com: its SOA, NS and the name servers' addresses, plus whatever else a test puts there (a stale MX). */
export function recursiveView(ns: Record<string, string>, contoso: Zone = {}): Zone {
  return { ...WORLD, ...contosoZone(ns), ...contoso };
}
