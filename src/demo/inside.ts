// The demo's inside view: Northwind Traders' Microsoft 365 export and cPanel account, with the mistakes only they show.
import type { M365Export } from '../m365/export-types.js';
import type { CpanelAccountWorld } from '../testbed/cpanel-server.js';
import { DEMO_DOMAIN, DEMO_HOSTING_IP, DEMO_HOSTING_MAILBOX } from './world.js';

const D = DEMO_DOMAIN;
const TENANT = 'northwindtraders.onmicrosoft.com';

/**
 * What `m365-export.ps1` would write for the demo tenant. In step with the zone and the SMTP imitation (world.ts):
 * the domain is still Authoritative (the edge refuses hosting mailboxes with 5.4.1), the connector routes to the
 * smart host mail.<domain> and validates its name (the certificate is sent without its intermediate: 4.4.317),
 * RejectDirectSend is on and an inbound connector admits the hosting server, DKIM signing is still off (the zone
 * publishes the CNAMEs, Microsoft no keys behind them: dkim.m365 says so too). Jane moved to Microsoft 365 but kept her hosting account; accounts@ has no forwarder.
 */
export const DEMO_EXPORT: M365Export = {
  splitcheckExport: 1,
  tenant: TENANT,
  exportedAt: '2026-11-24T09:30:00Z',
  AcceptedDomains: [
    { DomainName: D, DomainType: 'Authoritative', Default: true },
    { DomainName: TENANT, DomainType: 'Authoritative', Default: false },
  ],
  OutboundConnectors: [
    {
      Name: 'To cPanel (hosting mailboxes)',
      Enabled: true,
      ConnectorType: 'OnPremises',
      RecipientDomains: [D],
      SmartHosts: [`mail.${D}`],
      UseMXRecord: false,
      TlsSettings: 'DomainValidation',
      TlsDomain: `mail.${D}`,
      IsTransportRuleScoped: false,
      AllAcceptedDomains: false,
      IsValidated: false,
      LastValidationTimestamp: null,
    },
  ],
  InboundConnectors: [
    {
      Name: 'From cPanel',
      Enabled: true,
      ConnectorType: 'Partner',
      SenderIPAddresses: [DEMO_HOSTING_IP],
      SenderDomains: [D],
      TlsSenderCertificateName: null,
      RestrictDomainsToIPAddresses: true,
      RequireTls: false,
    },
  ],
  OrganizationConfig: { RejectDirectSend: true },
  DkimSigningConfigs: [
    {
      Domain: D,
      Enabled: false,
      Status: 'Disabled',
      Selector1CNAME: `selector1-northwind-traders-example._domainkey.northwindtraders.onmicrosoft.com`,
      Selector2CNAME: `selector2-northwind-traders-example._domainkey.northwindtraders.onmicrosoft.com`,
    },
  ],
  Recipients: [
    { PrimarySmtpAddress: `ceo@${D}`, EmailAddresses: [`SMTP:ceo@${D}`, `smtp:ceo@${TENANT}`], RecipientTypeDetails: 'UserMailbox' },
    { PrimarySmtpAddress: `jane@${D}`, EmailAddresses: [`SMTP:jane@${D}`, `smtp:jane@${TENANT}`], RecipientTypeDetails: 'UserMailbox' },
    { PrimarySmtpAddress: `accounts@${D}`, EmailAddresses: [`SMTP:accounts@${D}`, `smtp:accounts@${TENANT}`], RecipientTypeDetails: 'SharedMailbox' },
  ],
};

/** The cPanel account's user and the demo's API token (known only to the demo's own loopback imitation). */
export const DEMO_CPANEL_USER = 'northwind';
export const DEMO_CPANEL_TOKEN = 'DEMO0TOKEN0NOT0SECRET0123456789AB';
/** cPanel is served by the hosting server under its own name, on cPanel's port. */
export const DEMO_CPANEL_HOST = 'server42.hosting-provider.example';

/** The hosting account as cPanel's UAPI describes it: Local routing, Jane's leftover mailbox, a forwarder for the CEO only. */
export const DEMO_CPANEL: CpanelAccountWorld = {
  user: DEMO_CPANEL_USER,
  token: DEMO_CPANEL_TOKEN,
  mailboxes: [DEMO_HOSTING_MAILBOX, `info@${D}`, `jane@${D}`],
  routing: { [D]: { mxcheck: 'local', mx: [{ exchanger: 'northwind-traders-example0i.mail.protection.outlook.com', priority: 0 }, { exchanger: `mail.${D}`, priority: 10 }] } },
  forwarders: [{ dest: `ceo@${D}`, forward: `ceo@${TENANT}` }],
};
