// The demo's example world: a realistic split domain mid-migration, with a few typical mistakes.
import type { Zone as ZoneData } from '../testbed/dns-server.js';

/**
 * Northwind Traders moved its mail to Microsoft 365 but kept a few mailboxes on its cPanel host.
 * The zone below is what such a domain typically looks like afterwards. Addresses are from the
 * documentation ranges (RFC 5737), `.example` is reserved (RFC 2606): nothing here is real.
 *
 * Mistakes built in, each caught by a check:
 * - the hosting server's MX left in at preference 10 (mx.no-bypass);
 * - cPanel's `_autodiscover._tcp` SRV record left over (autodiscover.srv);
 * - SPF still cPanel's "+a +mx" plus Microsoft's include: with the web site elsewhere, only the
 *   leftover hosting MX still covers the hosting server, through "mx" — deleting it as mx.no-bypass
 *   asks would break the hosting mailboxes' SPF (spf.hosting-covered warns).
 * - the accepted domain left Authoritative in Microsoft 365: its edge refuses the hosting mailbox with
 *   550 5.4.1 (m365.internal-relay);
 * - the hosting server's certificate served without its intermediate: Exchange Online would defer with
 *   450 4.4.317 UntrustedRoot (smarthost.certificate).
 * The SMTP side is imitated on loopback by `demo` (DEMO_SMTP below): an Exim/cPanel server as the smart host
 * mail.<domain>, in Local routing with the demo mailbox, and a Microsoft 365 edge as the MX.
 * What is right: Microsoft's MX is first (its token read from the admin center, with the `0i` suffix
 * Microsoft gives hyphenated domains), and autodiscover is a CNAME to Microsoft.
 */
export const DEMO_DOMAIN = 'northwind-traders.example';

/** The hosting server (cPanel/Exim) that keeps the remaining mailboxes. */
export const DEMO_HOSTING_IP = '203.0.113.25';

/** The web site moved to a site builder, so the domain's A record no longer names the hosting server. */
const DEMO_WEBSITE_IP = '192.0.2.44';

const D = DEMO_DOMAIN;
const MS_MX = 'northwind-traders-example0i.mail.protection.outlook.com';

export const DEMO_ZONE: ZoneData = {
  [D]: [
    { SOA: ['ns1.hosting-provider.example', 'hostmaster.hosting-provider.example', 2026112401, 3600, 900, 1209600, 300] },
    { NS: 'ns1.hosting-provider.example' },
    { NS: 'ns2.hosting-provider.example' },
    { MX: [0, MS_MX] },
    { MX: [10, `mail.${D}`] },
    { A: DEMO_WEBSITE_IP },
    { TXT: 'v=spf1 +a +mx include:spf.protection.outlook.com ~all' },
    { TXT: 'MS=ms48213307' },
  ],
  [`www.${D}`]: [{ CNAME: D }],
  [`mail.${D}`]: [{ A: DEMO_HOSTING_IP }],
  [`autodiscover.${D}`]: [{ CNAME: 'autodiscover.outlook.com' }],
  [`_autodiscover._tcp.${D}`]: [{ SRV: [0, 0, 443, 'cpanelemaildiscovery.cpanel.net'] }],
  [`_dmarc.${D}`]: [{ TXT: 'v=DMARC1; p=none; rua=mailto:dmarc@northwind-traders.example' }],
  [`selector1._domainkey.${D}`]: [{ CNAME: 'selector1-northwind-traders-example._domainkey.northwindtraders.onmicrosoft.com' }],
  [`selector2._domainkey.${D}`]: [{ CNAME: 'selector2-northwind-traders-example._domainkey.northwindtraders.onmicrosoft.com' }],

  // What the rest of the internet answers, as far as this domain's checks need it.
  [MS_MX]: [{ A: '198.51.100.10' }, { A: '198.51.100.11' }],
  'autodiscover.outlook.com': [{ CNAME: 'autod.ms-acdc.office.com' }],
  'autod.ms-acdc.office.com': [{ A: '198.51.100.20' }],
  'cpanelemaildiscovery.cpanel.net': [{ A: '192.0.2.80' }],
  'spf.protection.outlook.com': [
    { TXT: 'v=spf1 ip4:40.92.0.0/15 ip4:40.107.0.0/16 ip4:52.100.0.0/15 ip4:52.102.0.0/16 ip4:52.103.0.0/16 ip4:104.47.0.0/17 ip6:2a01:111:f400::/48 ip6:2a01:111:f403::/49 ip6:2a01:111:f403:8000::/51 ip6:2a01:111:f403:c000::/51 ip6:2a01:111:f403:f000::/52 -all' },
  ],
};

/** A mailbox that lives on the hosting server: the demo's --mailbox. */
export const DEMO_HOSTING_MAILBOX = `sales@${D}`;

/**
 * What listens on port 25 in the demo (started on loopback by `demo`, reached through a connect hook):
 * the hosting server in cPanel's Local routing, with a certificate installed without its CA bundle,
 * and Microsoft's edge with the domain still Authoritative.
 */
export const DEMO_SMTP = {
  smartHost: {
    host: `mail.${D}`,
    serverName: 'server42.hosting-provider.example',
    // What Exim takes RCPT for: the hosting mailboxes, Jane's leftover one and the CEO's forwarder (demo/inside.ts's
    // cPanel account): over SMTP a forwarder answers like a mailbox.
    mailboxes: [DEMO_HOSTING_MAILBOX, `info@${D}`, `jane@${D}`, `ceo@${D}`],
    routing: 'local',
    certificate: 'leafOnly',
  },
  microsoft: { host: MS_MX, mode: 'authoritative', mailboxes: [`ceo@${D}`] },
} as const;
