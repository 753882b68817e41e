// What the inside view saw, as lines under a finding: the cmdlets' rows and cPanel's answers, the way an admin would read them.
import type { EmailRouting, Forwarder, HostingMailbox } from '../../cpanel/responses.js';
import type { CpanelCall } from '../../cpanel/source.js';
import type { UapiOutcome } from '../../cpanel/uapi.js';
import type { M365DomainView } from '../../m365/domain-view.js';
import type { AcceptedDomain, DkimSigningConfig, InboundConnector, OutboundConnector, Recipient } from '../../m365/export-types.js';

/** Lines per list: the evidence keeps everything, the report shows enough to recognise it. */
const MAX_LINES = 20;

function capped(lines: string[]): string[] {
  return lines.length > MAX_LINES ? [...lines.slice(0, MAX_LINES), `... ${lines.length - MAX_LINES} more (all in --save-evidence)`] : lines;
}

const list = (values: readonly string[]) => (values.length > 0 ? values.join(', ') : '(none)');
const value = (v: string | boolean | null) => (v === null ? '(not set)' : String(v));

/** Where the rows come from: "export of contoso.onmicrosoft.com, 2026-12-06T10:00:00Z". */
export function exportHeader(view: M365DomainView): string {
  return `Microsoft 365 export of ${view.tenant}, written ${view.exportedAt}${view.file ? ` (${view.file})` : ''}:`;
}

export function acceptedDomainLines(view: M365DomainView, rows: readonly AcceptedDomain[]): string[] {
  return [exportHeader(view), ...capped(rows.map((a) => `  Get-AcceptedDomain ${a.DomainName}: DomainType ${a.DomainType}${a.Default ? ', Default' : ''}`))];
}

export function outboundLines(view: M365DomainView, rows: readonly OutboundConnector[]): string[] {
  return [
    exportHeader(view),
    ...capped(
      rows.map(
        (c) =>
          `  Get-OutboundConnector "${c.Name}": Enabled ${c.Enabled}, ConnectorType ${c.ConnectorType}, RecipientDomains ${list(c.RecipientDomains)}, ` +
          `SmartHosts ${list(c.SmartHosts)}, UseMXRecord ${c.UseMXRecord}, TlsSettings ${value(c.TlsSettings)}, TlsDomain ${value(c.TlsDomain)}` +
          (c.IsTransportRuleScoped ? ', IsTransportRuleScoped True' : '') +
          (c.AllAcceptedDomains ? ', AllAcceptedDomains True' : ''),
      ),
    ),
  ];
}

export function inboundLines(view: M365DomainView, rows: readonly InboundConnector[]): string[] {
  return [
    exportHeader(view),
    `  Get-OrganizationConfig: RejectDirectSend ${value(view.rejectDirectSend)}`,
    ...capped(
      rows.map(
        (c) =>
          `  Get-InboundConnector "${c.Name}": Enabled ${c.Enabled}, ConnectorType ${c.ConnectorType}, SenderIPAddresses ${list(c.SenderIPAddresses)}, TlsSenderCertificateName ${value(c.TlsSenderCertificateName)}`,
      ),
    ),
  ];
}

export function dkimLines(view: M365DomainView, rows: readonly DkimSigningConfig[]): string[] {
  return [
    exportHeader(view),
    ...(rows.length === 0 ? ['  Get-DkimSigningConfig: nothing for this domain'] : []),
    ...rows.map((k) => `  Get-DkimSigningConfig ${k.Domain}: Enabled ${k.Enabled}, Status ${value(k.Status)}, Selector1CNAME ${value(k.Selector1CNAME)}, Selector2CNAME ${value(k.Selector2CNAME)}`),
  ];
}

export function recipientLines(view: M365DomainView, rows: readonly Recipient[]): string[] {
  return [
    exportHeader(view),
    ...capped(rows.map((r) => `  Get-EXORecipient ${r.PrimarySmtpAddress ?? '(no primary address)'}: ${r.RecipientTypeDetails ?? '(no type)'}, ${list(r.EmailAddresses.filter((a) => /^smtp:/i.test(a)))}`)),
  ];
}

/** The request and what came back, for a call that answered no data. */
export function callLine(url: string, path: string, outcome: UapiOutcome): string {
  const what =
    outcome.outcome === 'ok'
      ? 'status 1'
      : outcome.outcome === 'failed'
        ? `status 0, errors: ${outcome.errors.join('; ')}`
        : outcome.outcome === 'refused' || outcome.outcome === 'http'
          ? `HTTP ${outcome.status}${outcome.outcome === 'http' && outcome.location ? `, Location: ${outcome.location}` : ''}`
          : outcome.outcome === 'not-cpanel'
            ? `HTTP ${outcome.status}, ${outcome.reason}`
            : outcome.outcome === 'timeout'
              ? `no answer within ${outcome.timeoutMs} ms`
              : outcome.outcome === 'too-large'
                ? `more than ${outcome.limit} bytes`
                : outcome.outcome === 'not-recorded'
                  ? 'not in the evidence file'
                  : `${outcome.code}: ${outcome.reason}`;
  return `GET ${url}${path.slice(new URL(url).pathname.replace(/\/+$/, '').length)} → ${what}`;
}

export function callLines(url: string, calls: readonly CpanelCall[]): string[] {
  return calls.map((c) => callLine(url, c.path, c.outcome));
}

export function routingLines(user: string, routing: EmailRouting): string[] {
  const mx = routing.mx.map((m) => `${m.priority} ${m.exchanger}`);
  return [`cPanel (${user}) Email::list_mxs ${routing.domain}: ${routing.from === 'mxcheck' ? `mxcheck ${routing.setting}` : `no mxcheck (read as ${routing.setting} from ${routing.from})`}${routing.detected ? `, detected ${routing.detected}` : ''}; MX ${list(mx)}`];
}

export function mailboxLines(user: string, domain: string, mailboxes: readonly HostingMailbox[]): string[] {
  return [
    `cPanel (${user}) Email::list_pops, mailboxes of ${domain}:`,
    ...capped(mailboxes.map((m) => `  ${m.address}${m.suspendedIncoming ? ' (receiving suspended)' : ''}`)),
  ];
}

export function forwarderLines(user: string, domain: string, forwarders: readonly Forwarder[]): string[] {
  return [`cPanel (${user}) Email::list_forwarders ${domain}:`, ...(forwarders.length === 0 ? ['  (none)'] : capped(forwarders.map((f) => `  ${f.from} → ${f.to}`)))];
}
