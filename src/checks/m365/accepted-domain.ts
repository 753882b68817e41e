// m365.accepted-domain: the domain is an accepted domain of the tenant with type InternalRelay (read from the export, no probe needed).
import { defineCheck } from '../../engine/define.js';
import { acceptedDomainsCovering } from '../../m365/domain-view.js';
import { canonicalName } from '../../m365/domains.js';
import { REMEDY } from '../../knowledge/consoles.js';
import { acceptedDomainLines } from '../inside/observed.js';
import { m365Of } from '../inside/sources.js';

/** Accepted domains named in a message; a tenant with more is summarised. */
const MAX_LISTED = 20;

export const m365AcceptedDomain = defineCheck({
  meta: {
    id: 'm365.accepted-domain',
    title: 'Accepted domain is Internal Relay',
    verifies:
      'the domain is an accepted domain of the tenant with type `InternalRelay` (`Authoritative`: fail; `ExternalRelay`: warn; not accepted at all: fail)',
    needs: ['m365'],
    messages: {
      internalRelay:
        '{domain} is an accepted domain of {tenantDomain} with type InternalRelay{through}: mail for addresses Microsoft 365 has no mailbox for is passed to the outbound connector instead of being refused.',
      authoritative:
        '{domain} is an accepted domain of {tenantDomain} with type Authoritative{through}: Exchange Online refuses every recipient it has no mailbox for (550 5.4.1 Recipient address rejected: Access denied), so mail for hosting mailboxes never reaches the hosting server.',
      externalRelay:
        '{domain} is an accepted domain of {tenantDomain} with type ExternalRelay{through}: mail for recipients Microsoft 365 does not have is relayed, but the hosting server is treated as outside the organization (that mail counts as external, and internal-only settings and headers do not apply to it). For servers you run, Microsoft means InternalRelay.',
      notAccepted:
        '{domain} is not an accepted domain of {tenantDomain} (its accepted domains: {domains}): Microsoft 365 refuses mail for it at the edge (550 5.4.1 Relay Access Denied, ATTR35), for Microsoft 365 and hosting mailboxes alike.',
    },
    remedies: {
      internalRelay: `${REMEDY.internalRelay}.`,
      notAccepted: `${REMEDY.addDomain}.`,
    },
  },
  async run(ctx) {
    const view = m365Of(ctx);
    const domain = canonicalName(ctx.domain);
    const covering = acceptedDomainsCovering(view, domain);
    const names = view.acceptedDomains.map((a) => a.DomainName);
    const listed = names.length > MAX_LISTED ? [...names.slice(0, MAX_LISTED), `${names.length - MAX_LISTED} more`] : names;
    const evidence = {
      tenant: view.tenant,
      exportedAt: view.exportedAt,
      covering: covering.map((a) => ({ DomainName: a.DomainName, DomainType: a.DomainType })),
      acceptedDomains: view.acceptedDomains.map((a) => `${a.DomainName} ${a.DomainType}`),
    };
    const observed = acceptedDomainLines(view, view.acceptedDomains);
    const data = { domain, tenantDomain: view.tenant, domains: listed.length > 0 ? listed : ['none'] };
    const row = covering[0];
    if (!row) return { status: 'fail', message: 'notAccepted', remedy: 'notAccepted', data, evidence, observed };
    // An exact accepted domain decides; `*.parent` covers the domain only when no exact one exists.
    const through = canonicalName(row.DomainName) === domain ? '' : ` (through the accepted domain ${row.DomainName}, which covers its subdomains)`;
    const withRow = { ...data, through };
    switch (row.DomainType) {
      case 'InternalRelay':
        return { status: 'pass', message: 'internalRelay', data: withRow, evidence, observed };
      case 'Authoritative':
        return { status: 'fail', message: 'authoritative', remedy: 'internalRelay', data: withRow, evidence, observed };
      case 'ExternalRelay':
        return { status: 'warn', message: 'externalRelay', remedy: 'internalRelay', data: withRow, evidence, observed };
    }
  },
});
