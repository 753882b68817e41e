// The checked domain's part of a Microsoft 365 export: what the checks judge and what the evidence file keeps.
import { canonicalName, patternCovers } from './domains.js';
import type { AcceptedDomain, DkimSigningConfig, InboundConnector, M365Export, OutboundConnector, Recipient } from './export-types.js';
import { addressesAt } from './recipients.js';

/**
 * One domain's rows of the export. Several domains may share a file (CHECKS.md): only rows about the checked domain
 * are kept. Connectors are kept whole (a tenant has a few, and which one covers the domain is the check's question).
 */
export interface M365DomainView {
  /** The export's file as given on the command line (for messages); absent in a view read back from evidence. */
  file?: string;
  tenant: string;
  exportedAt: string;
  /** Every accepted domain's name and type (a handful): lets a message list them when the domain is not among them. */
  acceptedDomains: AcceptedDomain[];
  outboundConnectors: OutboundConnector[];
  inboundConnectors: InboundConnector[];
  rejectDirectSend: boolean | null;
  /** DKIM signing configurations whose Domain is the checked domain. */
  dkimSigningConfigs: DkimSigningConfig[];
  /** Recipients with at least one SMTP address at the checked domain (with all their addresses, routing ones too). */
  recipients: Recipient[];
  /** How many recipients the file held in all (the view keeps only the domain's). */
  recipientsInFile: number;
}

/** The m365 source's client (src/core/sources/m365.ts): the checked domain's rows, as checks read them. */
export interface M365Client {
  view(domain: string): M365DomainView;
}

/** Accepted domains are few; a file with more than this is cut (a bound on untrusted input, said in the evidence). */
export const MAX_ACCEPTED_DOMAINS = 5000;

export function domainView(data: M365Export, domain: string, file?: string): M365DomainView {
  const d = canonicalName(domain);
  return {
    ...(file === undefined ? {} : { file }),
    tenant: data.tenant,
    exportedAt: data.exportedAt,
    acceptedDomains: data.AcceptedDomains.slice(0, MAX_ACCEPTED_DOMAINS),
    outboundConnectors: data.OutboundConnectors,
    inboundConnectors: data.InboundConnectors,
    rejectDirectSend: data.OrganizationConfig.RejectDirectSend,
    dkimSigningConfigs: data.DkimSigningConfigs.filter((k) => canonicalName(k.Domain) === d),
    recipients: data.Recipients.filter((r) => addressesAt(r, d).length > 0),
    recipientsInFile: data.Recipients.length,
  };
}

/** The accepted domains that cover `domain`, the most specific first (an exact name before `*.parent`). */
export function acceptedDomainsCovering(view: M365DomainView, domain: string): AcceptedDomain[] {
  const d = canonicalName(domain);
  const exact = view.acceptedDomains.filter((a) => canonicalName(a.DomainName) === d);
  const wildcard = view.acceptedDomains
    .filter((a) => canonicalName(a.DomainName) !== d && patternCovers(a.DomainName, d))
    .sort((a, b) => b.DomainName.length - a.DomainName.length);
  return [...exact, ...wildcard];
}
