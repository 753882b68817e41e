// Where admins make each change: console click paths, PowerShell lines and the remedy sentences checks and bounce explanations share.
//
// Templates use the engine's `{name}` placeholders (engine/template.ts) with these names: {domain} (the
// split domain), {smartHost} (the connector's smart host), {tenant} (the initial-domain prefix, `contoso`
// of contoso.onmicrosoft.com), {hostingIp} (the hosting server's outbound address). A consumer whose data
// names a value differently renames the placeholder with `placeholders()` rather than copying the text.
// Values the admin must pick themselves are written `<like this>`, never as a placeholder.
import { CLOUDS } from './clouds.js';

/** Exchange admin center (Exchange Online). */
export const EAC = {
  acceptedDomains: 'Exchange admin center → Mail flow → Accepted domains',
  connectors: 'Exchange admin center → Mail flow → Connectors',
  /** The outbound connector to the hosting server (EAC's wizard calls the hosting server "Your organization's email server"). */
  outboundConnector: "Exchange admin center → Mail flow → Connectors → the connector from Office 365 to \"Your organization's email server\"",
  messageTrace: 'Exchange admin center → Mail flow → Message trace',
} as const;

/** Microsoft 365 admin center. */
export const M365_ADMIN = {
  domains: 'Microsoft 365 admin center → Settings → Domains',
  /** Where the admin finds the exact values to publish (the MX token above all). */
  dnsRecords: 'Microsoft 365 admin center → Settings → Domains → select the domain → DNS records',
} as const;

/** Microsoft Defender portal: where the DKIM CNAME values are shown and signing is switched on (Microsoft Learn, "Set up DKIM"). */
export const DEFENDER = {
  dkim: 'Microsoft Defender portal (security.microsoft.com/authentication?viewid=DKIM: Email & collaboration → Policies & rules → Threat policies → Email authentication settings → DKIM)',
} as const;

/** cPanel (the hosting account's panel). */
export const CPANEL = {
  emailRouting: 'cPanel → Email → Email Routing',
  forwarders: 'cPanel → Email → Forwarders',
  addForwarder: 'cPanel → Email → Forwarders → Add Forwarder',
  emailAccounts: 'cPanel → Email → Email Accounts',
  /** Where cPanel shows the DKIM record it signs with, ready to copy ("Email Deliverability" interface). */
  emailDeliverability: 'cPanel → Email → Email Deliverability (select the domain, then "Manage")',
  autoSsl: 'cPanel → SSL/TLS Status → Run AutoSSL',
} as const;

/** WHM (the server administrator's panel of a cPanel server). */
export const WHM = {
  serviceCertificates: 'WHM → Service Configuration → Manage Service SSL Certificates → Exim',
  /** Hosts whose mail Exim accepts without its sender checks (SPF, sender verification): cPanel's /etc/trustedmailhosts. */
  trustedSmtpHosts: 'WHM → Service Configuration → Exim Configuration Manager → Basic Editor → Access Lists → Trusted SMTP IP addresses',
} as const;

/**
 * Exchange Online PowerShell lines, parameters as in Microsoft's cmdlet reference (Set-AcceptedDomain,
 * Set-OutboundConnector, New-InboundConnector, Set-DkimSigningConfig).
 */
export const POWERSHELL = {
  internalRelay: 'Set-AcceptedDomain -Identity {domain} -DomainType InternalRelay',
  /** Route the outbound connector through the smart host instead of the MX (which is Microsoft itself). */
  smartHost: 'Set-OutboundConnector -Identity "<connector name>" -UseMXRecord $false -SmartHosts {smartHost}',
  /** TLS that Exchange Online can validate against the smart host's name (DOMAIN.md §6, connector TLS modes). */
  smartHostTls: 'Set-OutboundConnector -Identity "<connector name>" -TlsSettings DomainValidation -TlsDomain {smartHost}',
  /** Admit the hosting server's own mail for {domain} when the tenant rejects Direct Send (DOMAIN.md §6). */
  inboundFromHosting:
    'New-InboundConnector -Name "From the hosting server" -ConnectorType Partner -SenderDomains {domain} -SenderIPAddresses {hostingIp} -RestrictDomainsToIPAddresses $true',
  enableDkim: 'Set-DkimSigningConfig -Identity {domain} -Enabled $true',
} as const;

const INTERNAL_RELAY = `${EAC.acceptedDomains} → {domain} → This accepted domain is: Internal relay (Exchange Online PowerShell: ${POWERSHELL.internalRelay})`;

/** Remedy sentences several checks and bounce explanations give; each is a clause, the caller adds the full stop. */
export const REMEDY = {
  /** Make the accepted domain Internal Relay (DOMAIN.md §1). */
  internalRelay: INTERNAL_RELAY,
  /** Internal Relay hands unknown recipients to the connector: it must cover the domain. */
  keepConnectorScoped: 'Keep the outbound connector to the hosting server scoped to {domain}',
  /** The domain is no accepted domain of any tenant (ATTR35): add it, then make it Internal Relay. */
  addDomain: `${M365_ADMIN.domains} → add {domain} and finish its verification; then ${INTERNAL_RELAY}. If {domain} belongs to another tenant, publish that tenant's MX record instead`,
  /** cPanel must deliver mail for the domain locally (DOMAIN.md §2). */
  localRouting: `${CPANEL.emailRouting} → {domain} → Local Mail Exchanger`,
  /** A hosting user's mail to a Microsoft 365 colleague (DOMAIN.md §6): one forwarder per Microsoft 365 user, never a mailbox. */
  forwardToTenant: `${CPANEL.addForwarder}: forward each Microsoft 365 user's address on {domain} to the same user at the tenant's routing address (user@{tenant}.${CLOUDS.commercial.initialDomainSuffix}); never create a hosting mailbox for a Microsoft 365 user, it would silently keep that mail`,
} as const;

/**
 * A shared template with some placeholders renamed for a consumer whose data calls them differently:
 * `placeholders(REMEDY.x, { smartHost: 'target' })` turns `{smartHost}` into `{target}`.
 */
export function placeholders(template: string, names: Readonly<Record<string, string>>): string {
  return template.replace(/\{([a-zA-Z][a-zA-Z0-9]*)\}/g, (whole, key: string) => (Object.hasOwn(names, key) ? `{${names[key]}}` : whole));
}
