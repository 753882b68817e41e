// Console paths and PowerShell lines of the inside-view checks. TEMPORARY: replaced by src/knowledge/consoles.ts (engineer A2) once it is on main.
export const EAC = {
  acceptedDomains: 'Exchange admin center → Mail flow → Accepted domains',
  connectors: 'Exchange admin center → Mail flow → Connectors',
  outboundConnector: "Exchange admin center → Mail flow → Connectors → the connector from Office 365 to \"Your organization's email server\"",
} as const;

export const DEFENDER = {
  dkim: 'Microsoft Defender portal (security.microsoft.com/authentication?viewid=DKIM: Email & collaboration → Policies & rules → Threat policies → Email authentication settings → DKIM)',
} as const;

export const CPANEL = {
  emailRouting: 'cPanel → Email → Email Routing',
  forwarders: 'cPanel → Email → Forwarders',
  addForwarder: 'cPanel → Email → Forwarders → Add Forwarder',
  emailAccounts: 'cPanel → Email → Email Accounts',
} as const;

export const POWERSHELL = {
  internalRelay: 'Set-AcceptedDomain -Identity {domain} -DomainType InternalRelay',
  enableDkim: 'Set-DkimSigningConfig -Identity {domain} -Enabled $true',
} as const;

export const REMEDY = {
  internalRelay: `${EAC.acceptedDomains} → {domain} → This accepted domain is: Internal relay (Exchange Online PowerShell: ${POWERSHELL.internalRelay})`,
  localRouting: `${CPANEL.emailRouting} → {domain} → Local Mail Exchanger`,
} as const;
