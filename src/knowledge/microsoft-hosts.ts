// The one classifier of Microsoft 365 mail host names, every cloud: inbound MX, Exchange Online/EOP servers, autodiscover, SPF include, DKIM targets, routing domains.
import { CLOUDS, CLOUD_IDS, type Cloud } from './clouds.js';

/**
 * `classic`: `<token>.mail.protection.outlook.com` (and its per-cloud twins); `dane`: the DNSSEC-signed
 * `<token>.<partition>.mx.microsoft`, whose partition label Microsoft picks (`o-v1`, or a random string
 * for domains added from 2025/2026 on, DOMAIN.md §6), so any one label is accepted there.
 */
export type MxForm = 'classic' | 'dane';

/** The two selectors Microsoft 365 signs custom domains with; it rotates between them. */
export const M365_SELECTORS = ['selector1', 'selector2'] as const;
export type M365Selector = (typeof M365_SELECTORS)[number];

/** `classic`: `<tenant>.onmicrosoft.com` (and its per-cloud twins); `v1`: `<tenant>.<letter>-v1.dkim.mail.microsoft` (May 2025). */
export type DkimTargetForm = 'classic' | 'v1';

export interface MicrosoftDkimTarget {
  /** The `selectorN-` prefix of the target: selector1's CNAME must lead to `selector1-...`. */
  selector: M365Selector;
  /**
   * The custom domain as Microsoft wrote it: usually dots turned into dashes, but older domains took the
   * MX token (`contoso-com0i`) and hyphenated ones drop hyphens or gain suffixes, so it is read, never built.
   */
  token: string;
  /** The initial-domain prefix (`contoso` of contoso.onmicrosoft.com). */
  tenant: string;
  cloud: Cloud;
  form: DkimTargetForm;
  /** The `<letter>` of `<letter>-v1` (Microsoft's "dynamic partition character"). */
  partition?: string;
}

/** What part of Microsoft's mail service a server name belongs to, as bounces and Received lines show it. */
export type ServerRole =
  /** Exchange Online Protection front ends, inbound and outbound (`*.eop-nam11.prod.protection.outlook.com`, `mail-*.outbound.protection.outlook.com`). */
  | 'eop'
  /** Exchange Online transport and mailbox servers (`*.namprd04.prod.outlook.com`, `*.outlook.office365.com`). */
  | 'exchange-online'
  /** Authenticated submission endpoints (`smtp.office365.com`): for mail clients, not for connectors. */
  | 'submission'
  /** Consumer Outlook.com / Hotmail (`*.olc.protection.outlook.com`, `hotmail.com`): Microsoft, but no tenant of yours. */
  | 'consumer';

export type MicrosoftHost =
  | { kind: 'inbound-mx'; cloud: Cloud; form: MxForm; token: string; partition?: string }
  | { kind: 'dkim-target'; target: MicrosoftDkimTarget }
  | { kind: 'autodiscover'; cloud: Cloud }
  | { kind: 'spf-include'; cloud: Cloud }
  /** A tenant's initial domain (`<tenant>.onmicrosoft.com`, or the hybrid `<tenant>.mail.onmicrosoft.com`): the routing address domain. */
  | { kind: 'routing-domain'; cloud: Cloud; tenant: string }
  | { kind: 'server'; role: ServerRole }
  /** In a Microsoft mail zone, but none of the forms above. */
  | { kind: 'other' };

/**
 * Zones whose every name is Microsoft's mail service (consumer Outlook.com included). A name under one of
 * them is Microsoft's even when it has none of the forms above; every zone in CLOUDS lies under one.
 */
const MICROSOFT_ZONES = [
  'outlook.com',
  'office365.com',
  'office365.us',
  'outlook.cn',
  'mx.microsoft',
  'dkim.mail.microsoft',
  'onmicrosoft.com',
  'onmicrosoft.us',
  'onmschina.cn',
  'exchangelabs.com',
  'hotmail.com',
] as const;

/** One label as Microsoft writes tokens (hyphens anywhere: tokens are read, never judged). */
const LABEL = '[a-z0-9-]{1,63}';
const escape = (zone: string): string => zone.replace(/\./g, '\\.');

/** Per-cloud patterns, built from CLOUDS; the first cloud of a shared zone (GCC High before DoD) names it. */
const DKIM_FORMS = CLOUD_IDS.flatMap((cloud) => {
  const head = `^(${M365_SELECTORS.join('|')})-([a-z0-9-]+)\\._domainkey\\.([a-z0-9-]+)\\.`;
  const { initialDomainSuffix, dkimV1Zone } = CLOUDS[cloud];
  const forms: { pattern: RegExp; cloud: Cloud; form: DkimTargetForm }[] = [
    { pattern: new RegExp(`${head}${escape(initialDomainSuffix)}$`), cloud, form: 'classic' },
  ];
  if (dkimV1Zone) forms.push({ pattern: new RegExp(`${head}([a-z])-v1\\.${escape(dkimV1Zone)}$`), cloud, form: 'v1' });
  return forms;
});

const MX_FORMS = CLOUD_IDS.flatMap((cloud) => {
  const { mxZone, mxDnssecZone } = CLOUDS[cloud];
  const forms: { pattern: RegExp; cloud: Cloud; form: MxForm }[] = [
    { pattern: new RegExp(`^(${LABEL})\\.${escape(mxZone)}$`), cloud, form: 'classic' },
  ];
  if (mxDnssecZone) forms.push({ pattern: new RegExp(`^(${LABEL})\\.(${LABEL})\\.${escape(mxDnssecZone)}$`), cloud, form: 'dane' });
  return forms;
});

const ROUTING_FORMS = CLOUD_IDS.map((cloud) => ({
  // `<tenant>.mail.onmicrosoft.com` is the hybrid coexistence domain of the same tenant.
  pattern: new RegExp(`^(${LABEL})\\.(?:mail\\.)?${escape(CLOUDS[cloud].initialDomainSuffix)}$`),
  cloud,
}));

/**
 * Server names, from real headers and bounces: `CY1NAM02HT174.eop-nam02.prod.protection.outlook.com`,
 * `DM6PR04MB6571.namprd04.prod.outlook.com`, `BN9PR03CA0990.outlook.office365.com` (Received lines of
 * public mail archives), `mail-bn8nam11on2072.outbound.protection.outlook.com` (EOP outbound),
 * `hotmail-com.olc.protection.outlook.com` (Outlook.com's MX, in Sisimai's Rhost/ExchangeOnline.pm).
 */
const SERVER_FORMS: readonly { pattern: RegExp; role: ServerRole }[] = [
  { pattern: /\.olc\.protection\.outlook\.com$/, role: 'consumer' },
  { pattern: /(^|\.)hotmail\.com$/, role: 'consumer' },
  { pattern: /\.(prod|outbound)\.protection\.outlook\.com$/, role: 'eop' },
  { pattern: /\.prod\.(outlook|exchangelabs)\.com$/, role: 'exchange-online' },
  { pattern: /\.outlook\.office365\.com$/, role: 'exchange-online' },
  { pattern: /^smtp\.office365\.(com|us)$/, role: 'submission' },
  { pattern: /^smtp-mail\.outlook\.com$/, role: 'consumer' },
];

/** A host name as DNS or a bounce writes it: lower case, no trailing dot. */
function normalize(host: string): string {
  return host.trim().toLowerCase().replace(/\.$/, '');
}

function dkimTarget(name: string): MicrosoftDkimTarget | undefined {
  for (const f of DKIM_FORMS) {
    const m = f.pattern.exec(name);
    if (!m) continue;
    const target: MicrosoftDkimTarget = { selector: m[1] as M365Selector, token: m[2]!, tenant: m[3]!, cloud: f.cloud, form: f.form };
    if (m[4] !== undefined) target.partition = m[4];
    return target;
  }
  return undefined;
}

function exactCloud(name: string, field: 'autodiscover' | 'spfInclude'): Cloud | undefined {
  return CLOUD_IDS.find((c) => CLOUDS[c][field] === name);
}

function inMicrosoftZone(name: string): boolean {
  return MICROSOFT_ZONES.some((zone) => name === zone || name.endsWith(`.${zone}`));
}

/**
 * Classify a host name as Microsoft 365's, or undefined when it is not Microsoft's. Forms are matched on
 * the name as read from DNS or a bounce; nothing here builds an expected value (DOMAIN.md §6).
 */
export function classifyMicrosoftHost(host: string): MicrosoftHost | undefined {
  const name = normalize(host);
  if (name.length > 253 || !inMicrosoftZone(name)) return undefined;
  const dkim = dkimTarget(name);
  if (dkim) return { kind: 'dkim-target', target: dkim };
  for (const f of MX_FORMS) {
    const m = f.pattern.exec(name);
    if (!m) continue;
    const mx: MicrosoftHost = { kind: 'inbound-mx', cloud: f.cloud, form: f.form, token: m[1]! };
    if (m[2] !== undefined) mx.partition = m[2];
    return mx;
  }
  const autodiscover = exactCloud(name, 'autodiscover');
  if (autodiscover) return { kind: 'autodiscover', cloud: autodiscover };
  const spf = exactCloud(name, 'spfInclude');
  if (spf) return { kind: 'spf-include', cloud: spf };
  for (const f of ROUTING_FORMS) {
    const m = f.pattern.exec(name);
    if (m) return { kind: 'routing-domain', cloud: f.cloud, tenant: m[1]! };
  }
  const server = SERVER_FORMS.find((f) => f.pattern.test(name));
  if (server) return { kind: 'server', role: server.role };
  return { kind: 'other' };
}

/** Whether a name belongs to Microsoft's mail service at all (any cloud, any role, consumer Outlook.com too). */
export function isMicrosoftName(host: string): boolean {
  return classifyMicrosoftHost(host) !== undefined;
}

/** A Microsoft 365 inbound MX host: its cloud and form, or undefined. */
export function microsoftMx(host: string): { cloud: Cloud; form: MxForm } | undefined {
  const c = classifyMicrosoftHost(host);
  return c?.kind === 'inbound-mx' ? { cloud: c.cloud, form: c.form } : undefined;
}

/** The cloud whose autodiscover target this is, or undefined. */
export function microsoftAutodiscover(host: string): Cloud | undefined {
  const c = classifyMicrosoftHost(host);
  return c?.kind === 'autodiscover' ? c.cloud : undefined;
}

/** Parse a CNAME target as a Microsoft 365 DKIM host, or undefined when it has none of the forms. */
export function microsoftDkimTarget(host: string): MicrosoftDkimTarget | undefined {
  const c = classifyMicrosoftHost(host);
  return c?.kind === 'dkim-target' ? c.target : undefined;
}
