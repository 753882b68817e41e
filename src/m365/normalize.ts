// The export's tolerated shapes made regular (CHECKS.md): one object for a list, null for none, "\/Date(ms)\/" for a date.
import type {
  AcceptedDomain,
  DkimSigningConfig,
  InboundConnector,
  M365Export,
  OrganizationConfig,
  OutboundConnector,
  Recipient,
} from './export-types.js';

type Row = Record<string, unknown>;

/** A list of objects: ConvertTo-Json writes one item as the object itself and an empty list as null. */
function rows(value: unknown): Row[] {
  if (Array.isArray(value)) return value as Row[];
  if (value === null || value === undefined) return [];
  return [value as Row];
}

/**
 * A multi-valued property: an array of strings, one string, or null. Empty strings are no values: an unset
 * property printed by hand (`[string]$null` is "") must not become a smart host or a domain named "".
 */
function strings(value: unknown): string[] {
  const list = Array.isArray(value) ? (value as string[]) : typeof value === 'string' ? [value] : [];
  return list.filter((v) => v.trim() !== '');
}

/** A single value; "" is an unset property as PowerShell prints it (an empty TlsDomain), the same as null. */
function text(value: unknown): string | null {
  return typeof value === 'string' && value.trim() !== '' ? value : null;
}

function flag(value: unknown): boolean | null {
  return typeof value === 'boolean' ? value : null;
}

/** Windows PowerShell 5.1's ConvertTo-Json date: "\/Date(1733480000000)\/", JSON-decoded to /Date(1733480000000)/. */
const MS_DATE = /^\/Date\((-?\d{1,15})([+-]\d{4})?\)\/$/;

/** A date as ISO 8601; 5.1's milliseconds since 1970 (UTC, whatever offset follows them) converted. */
export function isoDate(value: string): string {
  const ms = MS_DATE.exec(value);
  if (!ms) return value;
  const date = new Date(Number(ms[1]));
  return Number.isNaN(date.getTime()) ? value : date.toISOString();
}

function date(value: unknown): string | null {
  return typeof value === 'string' ? isoDate(value) : null;
}

/** The schema-checked document as regular typed rows (the schema guarantees every required value's type). */
export function normalizeExport(data: Row): M365Export {
  const organization = (data['OrganizationConfig'] ?? {}) as Row;
  const OrganizationConfig: OrganizationConfig = { RejectDirectSend: flag(organization['RejectDirectSend']) };
  return {
    splitcheckExport: 1,
    tenant: data['tenant'] as string,
    exportedAt: isoDate(data['exportedAt'] as string),
    AcceptedDomains: rows(data['AcceptedDomains']).map(
      (r): AcceptedDomain => ({ DomainName: r['DomainName'] as string, DomainType: r['DomainType'] as AcceptedDomain['DomainType'], Default: flag(r['Default']) }),
    ),
    OutboundConnectors: rows(data['OutboundConnectors']).map(
      (r): OutboundConnector => ({
        Name: r['Name'] as string,
        Enabled: r['Enabled'] as boolean,
        ConnectorType: r['ConnectorType'] as OutboundConnector['ConnectorType'],
        RecipientDomains: strings(r['RecipientDomains']),
        SmartHosts: strings(r['SmartHosts']),
        UseMXRecord: r['UseMXRecord'] as boolean,
        TlsSettings: text(r['TlsSettings']),
        TlsDomain: text(r['TlsDomain']),
        IsTransportRuleScoped: flag(r['IsTransportRuleScoped']),
        AllAcceptedDomains: flag(r['AllAcceptedDomains']),
        IsValidated: flag(r['IsValidated']),
        LastValidationTimestamp: date(r['LastValidationTimestamp']),
      }),
    ),
    InboundConnectors: rows(data['InboundConnectors']).map(
      (r): InboundConnector => ({
        Name: r['Name'] as string,
        Enabled: r['Enabled'] as boolean,
        ConnectorType: r['ConnectorType'] as InboundConnector['ConnectorType'],
        SenderIPAddresses: strings(r['SenderIPAddresses']),
        SenderDomains: strings(r['SenderDomains']),
        TlsSenderCertificateName: text(r['TlsSenderCertificateName']),
        RestrictDomainsToIPAddresses: flag(r['RestrictDomainsToIPAddresses']),
        RequireTls: flag(r['RequireTls']),
      }),
    ),
    OrganizationConfig,
    DkimSigningConfigs: rows(data['DkimSigningConfigs']).map(
      (r): DkimSigningConfig => ({
        Domain: r['Domain'] as string,
        Enabled: r['Enabled'] as boolean,
        Status: text(r['Status']),
        Selector1CNAME: text(r['Selector1CNAME']),
        Selector2CNAME: text(r['Selector2CNAME']),
      }),
    ),
    Recipients: rows(data['Recipients']).map(
      (r): Recipient => ({
        PrimarySmtpAddress: text(r['PrimarySmtpAddress']),
        EmailAddresses: strings(r['EmailAddresses']),
        RecipientTypeDetails: text(r['RecipientTypeDetails']),
      }),
    ),
  };
}
