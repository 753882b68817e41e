// The Microsoft 365 export (--m365-export) after reading: the cmdlets' rows with every tolerated shape made regular.
//
// Property names are the Exchange Online cmdlets' own (Get-AcceptedDomain, Get-OutboundConnector,
// Get-InboundConnector, Get-OrganizationConfig, Get-DkimSigningConfig, Get-EXORecipient), as CHECKS.md's
// "The Microsoft 365 export file" fixes them. Lists are arrays (never one object or null), dates ISO 8601.

/** Get-AcceptedDomain: DomainType is the AcceptedDomainType enumeration (Microsoft.Exchange.Data.Directory). */
export type AcceptedDomainType = 'Authoritative' | 'InternalRelay' | 'ExternalRelay';

/** TenantConnectorType: Partner, or OnPremises ("Your organization's email server" in the EAC wizard). */
export type ConnectorType = 'Partner' | 'OnPremises';

export interface AcceptedDomain {
  /** SmtpDomainWithSubdomains as text: `contoso.com`, or `*.contoso.com` for the domain and its subdomains. */
  DomainName: string;
  DomainType: AcceptedDomainType;
  Default: boolean | null;
}

export interface OutboundConnector {
  Name: string;
  Enabled: boolean;
  ConnectorType: ConnectorType;
  /** Domains the connector routes mail to; `*.contoso.com` covers contoso.com and its subdomains (Set-OutboundConnector). */
  RecipientDomains: string[];
  /** Host names, IP addresses or CIDR ranges (Set-OutboundConnector -SmartHosts); Exchange Online delivers on port 25. */
  SmartHosts: string[];
  UseMXRecord: boolean;
  /** TlsAuthLevel: EncryptionOnly, CertificateValidation, DomainValidation; null is the default (opportunistic TLS). */
  TlsSettings: string | null;
  /** The name the certificate must match under DomainValidation; `*.contoso.com` allowed. */
  TlsDomain: string | null;
  IsTransportRuleScoped: boolean | null;
  AllAcceptedDomains: boolean | null;
  IsValidated: boolean | null;
  LastValidationTimestamp: string | null;
}

export interface InboundConnector {
  Name: string;
  Enabled: boolean;
  ConnectorType: ConnectorType;
  /** IPv4 addresses and CIDR ranges (/24 to /32) the connector accepts mail from (New-InboundConnector). */
  SenderIPAddresses: string[];
  SenderDomains: string[];
  /** TlsCertificate as text: the certificate name a sender must present; `*.contoso.com` allowed. */
  TlsSenderCertificateName: string | null;
  RestrictDomainsToIPAddresses: boolean | null;
  RequireTls: boolean | null;
}

export interface OrganizationConfig {
  /** Set-OrganizationConfig -RejectDirectSend (2025); null: the tenant's service did not return the property. */
  RejectDirectSend: boolean | null;
}

export interface DkimSigningConfig {
  Domain: string;
  Enabled: boolean;
  Status: string | null;
  /** The CNAME target Microsoft expects at selector1._domainkey.<Domain>. */
  Selector1CNAME: string | null;
  Selector2CNAME: string | null;
}

export interface Recipient {
  PrimarySmtpAddress: string | null;
  /** Proxy addresses as written: `SMTP:` primary, `smtp:` secondary, `X500:`, `SIP:`... */
  EmailAddresses: string[];
  /** e.g. UserMailbox, SharedMailbox, MailUser, MailUniversalDistributionGroup (Get-EXORecipient -RecipientTypeDetails). */
  RecipientTypeDetails: string | null;
}

export interface M365Export {
  splitcheckExport: 1;
  /** The tenant's initial domain, e.g. contoso.onmicrosoft.com. */
  tenant: string;
  exportedAt: string;
  AcceptedDomains: AcceptedDomain[];
  OutboundConnectors: OutboundConnector[];
  InboundConnectors: InboundConnector[];
  OrganizationConfig: OrganizationConfig;
  DkimSigningConfigs: DkimSigningConfig[];
  Recipients: Recipient[];
}
