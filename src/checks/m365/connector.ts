// m365.connector: an enabled OnPremises outbound connector is scoped to the domain and routes through the smart host probed.
import { defineCheck } from '../../engine/define.js';
import type { CheckContext } from '../../engine/types.js';
import { isMicrosoftName } from '../../knowledge/microsoft-hosts.js';
import { submissionService } from '../../knowledge/submission-hosts.js';
import { connectorClaim, connectorsFor, entryText, smartHostEntries } from '../../m365/connectors.js';
import { canonicalName } from '../../m365/domains.js';
import type { OutboundConnector } from '../../m365/export-types.js';
import { smartHost } from '../shared/smart-host.js';
import { combine, type Part } from '../smarthost/combine.js';
import { EAC, POWERSHELL } from '../../knowledge/consoles.js';
import { outboundLines } from '../inside/observed.js';
import { routesThrough } from '../inside/smart-host-match.js';
import { m365Of } from '../inside/sources.js';

/** Exchange Online PowerShell for the connector the split domain needs (New-/Set-OutboundConnector, Microsoft Learn). */
const NEW_CONNECTOR =
  'New-OutboundConnector -Name "To the hosting server" -ConnectorType OnPremises -RecipientDomains {domain} -UseMXRecord $false -SmartHosts {smartHost} -TlsSettings DomainValidation -TlsDomain {smartHost}';
const CREATE_IN_EAC = `${EAC.connectors} → Add a connector → From: Office 365, To: Your organization's email server → use it only when email is sent to {domain} → route through the smart host {smartHost}`;

/** The keys judgeConnector names (all in the meta below). */
type ConnectorMessage = 'ok' | 'mxRouting' | 'noSmartHosts' | 'submission' | 'microsoft' | 'partner' | 'otherSmartHost' | 'otherInferred';
type ConnectorRemedy = 'smartHost' | 'onPremises' | 'otherSmartHost' | 'otherInferred';

/** What the run's evidence keeps of a connector. */
export function connectorEvidence(c: OutboundConnector): Record<string, unknown> {
  return {
    Name: c.Name,
    Enabled: c.Enabled,
    ConnectorType: c.ConnectorType,
    RecipientDomains: c.RecipientDomains,
    SmartHosts: c.SmartHosts,
    UseMXRecord: c.UseMXRecord,
    TlsSettings: c.TlsSettings,
    TlsDomain: c.TlsDomain,
    ...(c.IsTransportRuleScoped === null ? {} : { IsTransportRuleScoped: c.IsTransportRuleScoped }),
    ...(c.AllAcceptedDomains === null ? {} : { AllAcceptedDomains: c.AllAcceptedDomains }),
    ...(c.IsValidated === null ? {} : { IsValidated: c.IsValidated, LastValidationTimestamp: c.LastValidationTimestamp }),
  };
}

/** A host the smart host probes went to that the export did not choose: the user's (--smart-host) or mail.<domain> inferred. */
interface Probed {
  host: string;
  addresses: string[];
  how: 'given' | 'inferred';
}

/**
 * The host splitcheck probes when it is not the connector's own: named with --smart-host, or mail.<domain> inferred
 * because the connector names only ranges. Undefined when the probes go to the connector's smart host (or nowhere).
 */
async function probedElsewhere(ctx: CheckContext): Promise<Probed | undefined> {
  const given = ctx.input.smartHost;
  try {
    const sh = await smartHost(ctx);
    if (sh.source === 'given' || sh.source === 'inferred') return { host: sh.host, addresses: sh.addresses, how: sh.source };
    return undefined;
  } catch {
    return given ? { host: given.host, addresses: [], how: 'given' } : undefined;
  }
}

function judgeConnector(c: OutboundConnector, domain: string, probed: (Probed & { matches: boolean }) | undefined): Part<ConnectorMessage, ConnectorRemedy>[] {
  const where = `"${c.Name}"`;
  // The name to suggest where a smart host is missing or wrong: the one given, else cPanel's usual mail.<domain>.
  const smartHost = probed?.how === 'given' ? probed.host : `mail.${domain}`;
  const data = { connector: c.Name, domain, smartHost, smartHosts: c.SmartHosts.length > 0 ? c.SmartHosts : ['none'] };
  if (c.UseMXRecord) return [{ status: 'fail', message: 'mxRouting', remedy: 'smartHost', where, data }];
  const entries = smartHostEntries(c);
  if (entries.length === 0) return [{ status: 'fail', message: 'noSmartHosts', remedy: 'smartHost', where, data }];
  const parts: Part<ConnectorMessage, ConnectorRemedy>[] = [];
  for (const e of entries) {
    if (e.kind !== 'name') continue;
    const provider = submissionService(e.name);
    if (provider) parts.push({ status: 'fail', message: 'submission', remedy: 'smartHost', where, data: { ...data, host: e.name, provider } });
    else if (isMicrosoftName(e.name)) parts.push({ status: 'fail', message: 'microsoft', remedy: 'smartHost', where, data: { ...data, host: e.name } });
  }
  if (c.ConnectorType === 'Partner') parts.push({ status: 'warn', message: 'partner', remedy: 'onPremises', where, data });
  // CHECKS.md: "one of which is the smart host probed"; when it is not, the smarthost.* findings are about another server.
  if (probed && !probed.matches) {
    const message = probed.how === 'given' ? 'otherSmartHost' : 'otherInferred';
    parts.push({ status: 'warn', message, remedy: message, where, data: { ...data, probed: probed.host } });
  }
  if (parts.length === 0) parts.push({ status: 'pass', message: 'ok', where, data: { ...data, smartHosts: entries.map(entryText) } });
  return parts;
}

export const m365Connector = defineCheck({
  meta: {
    id: 'm365.connector',
    title: 'Outbound connector to the hosting server',
    verifies:
      'an enabled outbound connector of type `OnPremises` ("Your organization\'s email server") is scoped to the domain and routes through smart hosts, one of which is the smart host probed (`UseMXRecord`: fail, loop; a `Partner` connector: warn; a submission host such as `smtp.hostinger.com`: fail; none: fail)',
    needs: ['m365'],
    messages: {
      ok: 'The outbound connector {where} (OnPremises, enabled) routes mail for {domain} through {smartHosts}.',
      none: 'No enabled outbound connector routes mail for {domain}: with Internal Relay, Exchange Online sends mail for addresses it does not have to the domain\'s MX — Microsoft 365 itself — and it loops until "554 5.4.14 Hop count exceeded", so hosting mailboxes get nothing.{others}',
      disabled:
        'The outbound connector {connectors} would route mail for {domain} but is disabled: Exchange Online sends mail for hosting mailboxes to the MX (Microsoft 365 itself) instead, and it loops (554 5.4.14).',
      ruleScoped:
        'No connector is scoped to {domain} by its recipient domains; {connectors} routes only the mail a mail flow rule sends to it, and the export holds no mail flow rules, so whether mail for hosting mailboxes reaches it is not visible here.',
      mxRouting:
        'The connector {where} for {domain} uses MX records (UseMXRecord) instead of a smart host: the MX of {domain} is Microsoft 365 itself, so mail for hosting mailboxes loops until "554 5.4.14 Hop count exceeded".',
      noSmartHosts: 'The connector {where} for {domain} has no smart host, so Exchange Online has nowhere to deliver mail for hosting mailboxes.',
      submission:
        'The connector {where} routes through {host}, the authenticated submission service of {provider} (ports 587/465, login required), not a mail server: Exchange Online delivers to a smart host on port 25 only and never logs in, so mail for hosting mailboxes is refused or never delivered.',
      microsoft:
        'The connector {where} routes through {host}, a Microsoft 365 host: mail for hosting mailboxes goes back into Microsoft 365 and loops (554 5.4.14).',
      partner:
        'The connector {where} routes mail for {domain} through {smartHosts}, but its type is Partner: Exchange Online treats the hosting server as another organization, not as "Your organization\'s email server" (internal headers are removed and the mail counts as leaving the organization).',
      otherSmartHost:
        'The connector {where} routes mail for {domain} through {smartHosts}, but splitcheck probed {probed} (--smart-host): the smarthost.* findings are about {probed}, not about where Exchange Online really delivers.',
      otherInferred:
        'The connector {where} routes mail for {domain} through {smartHosts}, which names no host to probe, and {probed} (inferred) is not in it: the smarthost.* findings are about {probed}, not about where Exchange Online really delivers.',
    },
    remedies: {
      create: `${CREATE_IN_EAC} (Exchange Online PowerShell: ${NEW_CONNECTOR}).`,
      enable: `${EAC.connectors} → {connectors} → turn it on (Exchange Online PowerShell: Set-OutboundConnector -Identity "<connector name>" -Enabled $true).`,
      ruleScoped: `Check the mail flow rule that sends mail for {domain} to {connectors} (Exchange admin center → Mail flow → Rules), or scope the connector to the domain: ${EAC.connectors} → the connector → use it only when email is sent to {domain}.`,
      smartHost: `${EAC.connectors} → {where} → Routing: "Route email through these smart hosts" → the hosting server's port-25 host name, such as {smartHost} (Exchange Online PowerShell: ${POWERSHELL.smartHost}).`,
      onPremises:
        'Make it an OnPremises connector (Exchange Online PowerShell: Set-OutboundConnector -Identity {where} -ConnectorType OnPremises), or create it again in the EAC From: Office 365 To: Your organization\'s email server and delete {where}.',
      otherSmartHost: 'Run again without --smart-host (the connector\'s smart host is then probed), or correct the connector\'s smart host if {probed} is the right server.',
      otherInferred: 'Give --smart-host with the address of the hosting server inside {smartHosts}, or correct the connector\'s smart hosts if {probed} is the right server.',
    },
  },
  async run(ctx) {
    const view = m365Of(ctx);
    const domain = canonicalName(ctx.domain);
    const choice = connectorsFor(view, domain);
    const evidence = {
      tenant: view.tenant,
      candidates: choice.candidates.map(connectorEvidence),
      disabled: choice.disabled.map(connectorEvidence),
      ruleScoped: choice.ruleScoped.map(connectorEvidence),
      outboundConnectors: view.outboundConnectors.length,
    };
    const considered = [...choice.candidates, ...choice.disabled, ...choice.ruleScoped];
    const observed = outboundLines(view, considered.length > 0 ? considered : view.outboundConnectors);
    const smartHostHint = ctx.input.smartHost?.host ?? `mail.${domain}`;
    const chosen = choice.candidates[0];
    if (!chosen) {
      if (choice.ruleScoped.length > 0) {
        return { status: 'warn', message: 'ruleScoped', remedy: 'ruleScoped', data: { domain, connectors: choice.ruleScoped.map((c) => `"${c.Name}"`) }, evidence, observed };
      }
      if (choice.disabled.length > 0) {
        return { status: 'fail', message: 'disabled', remedy: 'enable', data: { domain, connectors: choice.disabled.map((c) => `"${c.Name}"`) }, evidence, observed };
      }
      const others = view.outboundConnectors.length > 0 ? ` The tenant's outbound connectors (${view.outboundConnectors.map((c) => `"${c.Name}"`).join(', ')}) are for other domains.` : '';
      return { status: 'fail', message: 'none', remedy: 'create', data: { domain, smartHost: smartHostHint, others }, evidence, observed };
    }
    const probed = await probedElsewhere(ctx);
    // Exchange Online uses the most specific connector; among equally specific ones, any that works delivers.
    const best = choice.candidates.filter((c) => connectorClaim(c, domain) === connectorClaim(chosen, domain));
    const judged: { c: OutboundConnector; parts: Part<ConnectorMessage, ConnectorRemedy>[] }[] = [];
    for (const c of best) {
      const match = probed ? { ...probed, matches: await routesThrough(ctx, c, probed.host, probed.addresses) } : undefined;
      judged.push({ c, parts: judgeConnector(c, domain, match) });
    }
    const rank = (parts: Part<ConnectorMessage, ConnectorRemedy>[]) => Math.min(...parts.map((p) => ({ fail: 0, error: 1, warn: 2, pass: 3, skip: 4 })[p.status]));
    const pick = judged.sort((a, b) => rank(b.parts) - rank(a.parts))[0]!;
    return combine(pick.parts, { evidence: { ...evidence, judged: pick.c.Name }, observed });
  },
});

