// The e2e world: the fixture domains (fixtures/e2e/zones/), the addresses they use, and what the global setup hands the tests.
import { fileURLToPath } from 'node:url';

export const FIXTURES = fileURLToPath(new URL('../../fixtures/e2e/', import.meta.url));

/**
 * Name-server addresses (the zones' NS glue): NSD, the primary, listens on the first two; a second NSD,
 * a secondary that lags behind, on the third. All share one free port, which a spawned CLI is told with
 * SPLITCHECK_TEST_AUTH_PORT. Unbound listens on 127.0.0.1.
 */
export const NS_PRIMARY = ['127.0.53.1', '127.0.53.2'] as const;
export const NS_SECONDARY = ['127.0.53.3'] as const;

/** A split domain that works: the Exim smart host treats it as local, the tenant is Internal Relay. */
export const HEALTHY = {
  domain: 'healthy.example',
  smartHost: 'mail.healthy.example',
  hostingIp: '127.0.25.1',
  msMx: 'healthy-example.mail.protection.outlook.com',
  mailbox: 'anna@healthy.example',
  /** Known to Microsoft 365's directory only (Exim refuses it 550 5.1.1). */
  unknownMailbox: 'zed@healthy.example',
} as const;

/** The same setup with DNS left half-migrated, Exim refusing to relay, the tenant Authoritative. */
export const BROKEN = {
  domain: 'broken.example',
  smartHost: 'mail.broken.example',
  /** The hosting server's outbound address: not its MX address, and not in the SPF record. */
  hostingIp: '127.0.25.9',
  msMx: 'broken-example.mail.protection.outlook.com',
  mailbox: 'bob@broken.example',
} as const;

/** Cut over on the primary name server; the secondary still serves the old MX (for --authoritative). */
export const PROPAGATING = {
  domain: 'propagating.example',
  msMx: 'propagating-example.o-v1.mx.microsoft',
} as const;

/** Mailboxes the local Exim knows (fixtures' cPanel accounts): local parts at its local domain. */
export const EXIM_MAILBOXES = ['anna', 'bob'];

/** What the global setup started, for the tests (vitest's provide/inject: plain JSON). */
export interface E2eWorld {
  /** The temporary directory holding every config, key, state and log file. */
  dir: string;
  /** Unbound, as `--resolver` takes it. */
  resolver: string;
  /** The port NSD listens on at every NS address (SPLITCHECK_TEST_AUTH_PORT). */
  authPort: number;
  /** The test CA's root certificate (PEM file), for `--ca-file`. */
  caFile: string;
  /** SPLITCHECK_TEST_SMTP_ROUTES: each smart host's and Microsoft MX's port 25 to its loopback server. */
  smtpRoutes: string;
  eximLocalPort: number;
  eximRemotePort: number;
  /** Log files by daemon name (nsd, nsd-secondary, unbound, exim-local, exim-remote). */
  logs: Record<string, string>;
  /** Exim's version banner (`exim4 -bV`), for the report. */
  eximVersion: string;
}

declare module 'vitest' {
  export interface ProvidedContext {
    e2e: E2eWorld;
  }
}
