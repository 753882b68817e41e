// Inside-view worlds for check tables: a tenant export, a cPanel account's recorded answers and a zone, judged by one check without a network.
import type { CpanelEvidence } from '../../../src/cpanel/source.js';
import { replayCpanelSource } from '../../../src/cpanel/source.js';
import type { UapiOutcome } from '../../../src/cpanel/uapi.js';
import { runChecks } from '../../../src/engine/run.js';
import type { SourceClients } from '../../../src/engine/sources.js';
import type { Check, CheckInput, Finding } from '../../../src/engine/types.js';
import { domainView } from '../../../src/m365/domain-view.js';
import type { M365Export, OutboundConnector, InboundConnector, Recipient } from '../../../src/m365/export-types.js';
import type { SmtpClient } from '../../../src/smtp/client.js';
import type { Zone } from '../../../src/testbed/dns-zone.js';
import { createMemoryDns } from '../../spf/helpers/memory-dns.js';

export const DOMAIN = 'example.test';
export const TENANT = 'example.onmicrosoft.com';
export const SMART_HOST = 'mail.example.test';
export const HOSTING_IP = '203.0.113.25';

export const CONNECTOR: OutboundConnector = {
  Name: 'To the hosting server',
  Enabled: true,
  ConnectorType: 'OnPremises',
  RecipientDomains: [DOMAIN],
  SmartHosts: [SMART_HOST],
  UseMXRecord: false,
  TlsSettings: 'DomainValidation',
  TlsDomain: SMART_HOST,
  IsTransportRuleScoped: false,
  AllAcceptedDomains: false,
  IsValidated: true,
  LastValidationTimestamp: '2026-11-30T08:15:00Z',
};

export const INBOUND: InboundConnector = {
  Name: 'From the hosting server',
  Enabled: true,
  ConnectorType: 'Partner',
  SenderIPAddresses: [HOSTING_IP],
  SenderDomains: [DOMAIN],
  TlsSenderCertificateName: null,
  RestrictDomainsToIPAddresses: true,
  RequireTls: false,
};

export function mailbox(local: string, type = 'UserMailbox', extra: string[] = []): Recipient {
  return {
    PrimarySmtpAddress: `${local}@${DOMAIN}`,
    EmailAddresses: [`SMTP:${local}@${DOMAIN}`, `smtp:${local}@${TENANT}`, ...extra],
    RecipientTypeDetails: type,
  };
}

/** A healthy tenant: Internal Relay, an OnPremises connector to the smart host, Direct Send admitted, DKIM on. */
export function tenant(overrides: Partial<M365Export> = {}): M365Export {
  return {
    splitcheckExport: 1,
    tenant: TENANT,
    exportedAt: '2026-12-06T10:00:00Z',
    AcceptedDomains: [
      { DomainName: DOMAIN, DomainType: 'InternalRelay', Default: true },
      { DomainName: TENANT, DomainType: 'Authoritative', Default: false },
    ],
    OutboundConnectors: [CONNECTOR],
    InboundConnectors: [INBOUND],
    OrganizationConfig: { RejectDirectSend: true },
    DkimSigningConfigs: [
      {
        Domain: DOMAIN,
        Enabled: true,
        Status: 'Valid',
        Selector1CNAME: `selector1-example-test._domainkey.example.n-v1.dkim.mail.microsoft`,
        Selector2CNAME: `selector2-example-test._domainkey.example.n-v1.dkim.mail.microsoft`,
      },
    ],
    Recipients: [mailbox('carl'), mailbox('sales', 'SharedMailbox')],
    ...overrides,
  };
}

export const ZONE: Zone = {
  [DOMAIN]: [{ MX: [0, 'example-test.mail.protection.outlook.com'] }],
  'example-test.mail.protection.outlook.com': [{ A: '198.51.100.10' }],
  [SMART_HOST]: [{ A: HOSTING_IP }],
  [`selector1._domainkey.${DOMAIN}`]: [{ CNAME: 'selector1-example-test._domainkey.example.n-v1.dkim.mail.microsoft' }],
  [`selector2._domainkey.${DOMAIN}`]: [{ CNAME: 'selector2-example-test._domainkey.example.n-v1.dkim.mail.microsoft' }],
};

/** cPanel's documented answers for a healthy account: anna and ben on hosting, forwarders for carl and sales. */
export interface CpanelAnswers {
  pops?: UapiOutcome;
  mxs?: UapiOutcome;
  forwarders?: UapiOutcome;
}

export const ok = (data: unknown): UapiOutcome => ({ outcome: 'ok', data });

export function pops(...addresses: string[]): UapiOutcome {
  return ok([{ email: 'exampleuser', login: 'exampleuser', suspended_incoming: 0, suspended_login: 0 }, ...addresses.map((email) => ({ email, login: email, suspended_incoming: 0, suspended_login: 0 }))]);
}

export function mxs(mxcheck: string, detected?: string): UapiOutcome {
  return ok([{ domain: DOMAIN, mxcheck, detected: detected ?? (mxcheck === 'auto' ? 'remote' : mxcheck), alwaysaccept: mxcheck === 'local' ? 1 : 0, entries: [{ domain: DOMAIN, mx: 'example-test.mail.protection.outlook.com', priority: '0' }] }]);
}

export function forwarders(...pairs: [string, string][]): UapiOutcome {
  return ok(pairs.map(([dest, forward]) => ({ dest, forward, html_dest: dest, html_forward: forward, uri_dest: encodeURIComponent(dest), uri_forward: encodeURIComponent(forward) })));
}

export const HEALTHY_CPANEL: Required<CpanelAnswers> = {
  pops: pops(`anna@${DOMAIN}`, `ben@${DOMAIN}`),
  mxs: mxs('local'),
  forwarders: forwarders([`carl@${DOMAIN}`, `carl@${TENANT}`], [`sales@${DOMAIN}`, `sales@${TENANT}`]),
};

function cpanelEvidence(answers: CpanelAnswers): CpanelEvidence {
  const calls: CpanelEvidence['calls'] = [];
  if (answers.pops) calls.push({ fn: 'list_pops', path: '/execute/Email/list_pops', outcome: answers.pops });
  if (answers.mxs) calls.push({ fn: 'list_mxs', domain: DOMAIN, path: `/execute/Email/list_mxs?domain=${DOMAIN}`, outcome: answers.mxs });
  if (answers.forwarders) calls.push({ fn: 'list_forwarders', domain: DOMAIN, path: `/execute/Email/list_forwarders?domain=${DOMAIN}`, outcome: answers.forwarders });
  return { account: { url: 'https://cpanel.example.test:2083', user: 'exampleuser' }, calls };
}

export interface InsideWorld {
  export?: M365Export;
  cpanel?: CpanelAnswers;
  zone?: Zone;
  input?: CheckInput;
  /** SMTP probes (a real client routed to loopback servers); without one every probe fails as under --no-smtp. */
  smtp?: SmtpClient;
}

/** One check's finding in the world, run by the engine (DNS from memory; SMTP only when a client is given). */
export async function judge(check: Check, world: InsideWorld): Promise<Finding> {
  const sources: Partial<SourceClients> = {
    ...(world.export ? { m365: { view: (d: string) => domainView(world.export!, d) } } : {}),
    ...(world.cpanel ? { cpanel: replayCpanelSource(cpanelEvidence(world.cpanel)) } : {}),
  };
  const [finding] = await runChecks({
    domain: DOMAIN,
    input: world.input ?? {},
    dns: createMemoryDns(world.zone ?? ZONE),
    ...(world.smtp ? { smtp: world.smtp } : {}),
    sources,
    checks: [check],
    now: new Date('2026-12-06T12:00:00Z'),
    checkTimeoutMs: 10_000,
  });
  return finding!;
}
