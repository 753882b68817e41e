// m365.direct-send: with RejectDirectSend on, an enabled inbound connector admits the hosting server (its IP, or its certificate name).
import { isIP } from 'node:net';
import { defineCheck } from '../../engine/define.js';
import type { CheckContext } from '../../engine/types.js';
import { canonicalName, patternCovers } from '../../m365/domains.js';
import type { InboundConnector } from '../../m365/export-types.js';
import { senderRanges } from '../../m365/ip-ranges.js';
import { configuredNameMatches, tlsCertificateDomain } from '../../m365/tls-names.js';
import { hostingAddresses, smartHost } from '../shared/smart-host.js';
import { EAC, POWERSHELL } from '../../knowledge/consoles.js';
import { inboundLines } from '../inside/observed.js';
import { m365Of } from '../inside/sources.js';

/** New-InboundConnector for a partner server identified by its IP (SenderIPAddresses: IPv4, /24 to /32). */
const NEW_INBOUND = POWERSHELL.inboundFromHosting;
const CREATE_IN_EAC = `${EAC.connectors} → Add a connector → From: Partner organization → by verifying that the IP address of the sending server matches {hostingIp}`;

function inboundEvidence(c: InboundConnector): Record<string, unknown> {
  return { Name: c.Name, Enabled: c.Enabled, ConnectorType: c.ConnectorType, SenderIPAddresses: c.SenderIPAddresses, SenderDomains: c.SenderDomains, TlsSenderCertificateName: c.TlsSenderCertificateName };
}

/**
 * Whether a connector takes mail from senders at `domain`: New-InboundConnector -SenderDomains lists the source
 * domains it applies to (`*` all, `*.contoso.com` a domain and its subdomains). Get-InboundConnector prints them as
 * address spaces, `smtp:*;1` (type, domain, cost); the plain form is read too. An empty list restricts nothing.
 */
function takesSendersAt(c: InboundConnector, domain: string): boolean {
  if (c.SenderDomains.length === 0) return true;
  return c.SenderDomains.slice(0, 1000).some((entry) => {
    const m = /^(?:([a-z0-9]+):)?([^;]+?)(?:;\d+)?$/i.exec(entry.trim());
    if (!m || (m[1] !== undefined && m[1].toLowerCase() !== 'smtp')) return false;
    return patternCovers(m[2]!, domain);
  });
}

/** The hosting server's outbound addresses and its host name, as far as they are known; never throws. */
async function hostingServer(ctx: CheckContext): Promise<{ addresses: string[]; source: string; name?: string; reason?: string }> {
  let name: string | undefined;
  try {
    const sh = await smartHost(ctx);
    if (sh.source !== 'none' && isIP(sh.host) === 0) name = canonicalName(sh.host);
  } catch {
    // the name is only a second way to match; its lookup failing leaves the address way
  }
  try {
    const h = await hostingAddresses(ctx);
    if (h.source === 'none') return { addresses: [], source: 'none', reason: h.reason, ...(name ? { name } : {}) };
    const source = h.source === 'given' ? '--hosting-ip' : h.source === 'smart-host' ? `the smart host ${h.host ?? ''}'s addresses` : `the addresses of ${h.host ?? 'the inferred smart host'} (inferred)`;
    return { addresses: h.addresses, source, ...(name ? { name } : {}) };
  } catch (err) {
    return { addresses: [], source: 'none', reason: err instanceof Error ? err.message : String(err), ...(name ? { name } : {}) };
  }
}

export const m365DirectSend = defineCheck({
  meta: {
    id: 'm365.direct-send',
    title: "Direct Send from the hosting server",
    verifies:
      "with `RejectDirectSend` on, an enabled inbound connector accepts the hosting server (its IP in `SenderIPAddresses`, or its certificate name in `TlsSenderCertificateName`); otherwise hosting users' mail to Microsoft 365 colleagues is rejected `5.7.68` (fail)",
    needs: ['m365'],
    messages: {
      off: "RejectDirectSend is off in {tenantDomain}: mail the hosting server sends to Microsoft 365 colleagues (unauthenticated, from {domain}, to the MX) is accepted as Direct Send.",
      notReturned:
        "The export holds no RejectDirectSend for {tenantDomain} (its service did not return the setting, which exists since 2025): Direct Send is accepted, so the hosting server's mail to Microsoft 365 colleagues is not rejected for it.",
      byIp: "RejectDirectSend is on in {tenantDomain}, and the inbound connector {connectors} admits the hosting server's address(es) {addresses} ({source}): its mail to Microsoft 365 colleagues is attributed to that connector, not rejected.",
      byCertificate:
        "RejectDirectSend is on in {tenantDomain}, and the inbound connector {connectors} admits senders presenting a certificate for {name}, the hosting server's name{addressNote}. This holds only if the hosting server's Exim presents that certificate when it sends (a client certificate), which is not visible from here.",
      noConnector:
        "RejectDirectSend is on in {tenantDomain} and no inbound connector is enabled: every message the hosting server sends to a Microsoft 365 colleague is rejected with \"550 5.7.68 TenantInboundAttribution; Direct Send not allowed for this organization\".",
      notCovered:
        "RejectDirectSend is on in {tenantDomain}, and no enabled inbound connector admits the hosting server: its address(es) {uncovered} ({source}) are in no connector's SenderIPAddresses and no TlsSenderCertificateName names {nameOrUnknown} (connectors: {connectors}). Its mail to Microsoft 365 colleagues is rejected with \"550 5.7.68 TenantInboundAttribution\".",
      otherSenders:
        "RejectDirectSend is on in {tenantDomain}, and the inbound connector {connectors} would admit the hosting server ({how}), but only for mail from {senderDomains} (SenderDomains), not from {domain}: the hosting server's mail to Microsoft 365 colleagues is not attributed to it and is rejected with \"550 5.7.68 TenantInboundAttribution\".",
      partly:
        "RejectDirectSend is on in {tenantDomain}: the inbound connectors admit {covered} but not {uncovered} ({source}); mail the hosting server sends from those addresses to Microsoft 365 colleagues is rejected with \"550 5.7.68\".",
      ipv6Only:
        "RejectDirectSend is on in {tenantDomain}, and the hosting server's only known addresses are IPv6 ({addresses}, {source}), which an inbound connector's SenderIPAddresses cannot hold, and no TlsSenderCertificateName names {nameOrUnknown}: its mail to Microsoft 365 colleagues is rejected (550 5.7.68) unless it sends over IPv4 from an address you add.",
      unknownHosting:
        "RejectDirectSend is on in {tenantDomain} and inbound connectors exist ({connectors}), but the hosting server's outbound address is not known ({reason}), so whether they admit it cannot be told.",
    },
    remedies: {
      connector: `${CREATE_IN_EAC} (Exchange Online PowerShell: ${NEW_INBOUND}).`,
      addAddresses: `${EAC.connectors} → {connectors} → add {uncovered} to the sending server's IP addresses (Exchange Online PowerShell: Set-InboundConnector -Identity "<connector name>" -SenderIPAddresses @{Add="<address>"}), or create a connector for it: ${NEW_INBOUND}.`,
      senderDomains: `${EAC.connectors} → {connectors} → add {domain} to the sender domains (Exchange Online PowerShell: Set-InboundConnector -Identity "<connector name>" -SenderDomains @{Add="{domain}"}).`,
      hostingIp: 'Give --hosting-ip with the address the hosting server sends from (cPanel shows it under General Information → Shared IP Address, or ask the host).',
    },
  },
  async run(ctx) {
    const view = m365Of(ctx);
    const domain = canonicalName(ctx.domain);
    const base = { tenantDomain: view.tenant, domain };
    const evidence: Record<string, unknown> = { RejectDirectSend: view.rejectDirectSend, inboundConnectors: view.inboundConnectors.map(inboundEvidence) };
    const observed = inboundLines(view, view.inboundConnectors);
    if (view.rejectDirectSend === false) return { status: 'pass', message: 'off', data: base, evidence, observed };
    if (view.rejectDirectSend === null) return { status: 'pass', message: 'notReturned', data: base, evidence, observed };
    const switchedOn = view.inboundConnectors.filter((c) => c.Enabled);
    // A connector for other sender domains does not take the hosting server's mail from this one, whatever its IPs.
    const enabled = switchedOn.filter((c) => takesSendersAt(c, domain));
    const forOthers = switchedOn.filter((c) => !takesSendersAt(c, domain));
    const server = await hostingServer(ctx);
    evidence['hosting'] = server;
    observed.push(`The hosting server: ${server.addresses.length > 0 ? server.addresses.join(', ') : 'address unknown'} (${server.source === 'none' ? server.reason ?? 'not known' : server.source})${server.name ? `, name ${server.name}` : ''}`);
    const ipv4 = server.addresses.filter((a) => isIP(a) === 4);
    const hostingIp = ipv4[0] ?? '<the hosting server\'s outbound IPv4 address>';
    if (switchedOn.length === 0) return { status: 'fail', message: 'noConnector', remedy: 'connector', data: { ...base, hostingIp }, evidence, observed };
    const names = switchedOn.map((c) => `"${c.Name}"`);
    const covering = (address: string) => enabled.filter((c) => senderRanges(c.SenderIPAddresses).covers(address));
    const covered = ipv4.filter((a) => covering(a).length > 0);
    const uncovered = ipv4.filter((a) => covering(a).length === 0);
    const byName = server.name
      ? enabled.filter((c) => c.TlsSenderCertificateName !== null && configuredNameMatches(tlsCertificateDomain(c.TlsSenderCertificateName), server.name!))
      : [];
    const data = { ...base, connectors: names, source: server.source, nameOrUnknown: server.name ?? 'its name (unknown)', hostingIp };
    if (ipv4.length > 0 && uncovered.length === 0) {
      const by = [...new Set(covered.flatMap((a) => covering(a).map((c) => `"${c.Name}"`)))];
      return { status: 'pass', message: 'byIp', data: { ...data, connectors: by, addresses: covered }, evidence, observed };
    }
    if (byName.length > 0) {
      const addressNote = uncovered.length > 0 ? ` (its address(es) ${uncovered.join(', ')} are in no connector's SenderIPAddresses)` : '';
      return { status: 'pass', message: 'byCertificate', data: { ...data, connectors: byName.map((c) => `"${c.Name}"`), name: server.name!, addressNote }, evidence, observed };
    }
    // A connector that matches the hosting server but is scoped to other sender domains: the fix is its SenderDomains.
    for (const c of forOthers) {
      const address = ipv4.find((a) => senderRanges(c.SenderIPAddresses).covers(a));
      const byCert = server.name !== undefined && c.TlsSenderCertificateName !== null && configuredNameMatches(tlsCertificateDomain(c.TlsSenderCertificateName), server.name);
      if (address === undefined && !byCert) continue;
      const how = address !== undefined ? `its address ${address}` : `its certificate name ${server.name!}`;
      return { status: 'fail', message: 'otherSenders', remedy: 'senderDomains', data: { ...data, connectors: [`"${c.Name}"`], how, senderDomains: c.SenderDomains }, evidence, observed };
    }
    if (server.addresses.length === 0) return { status: 'error', message: 'unknownHosting', remedy: 'hostingIp', data: { ...data, reason: server.reason ?? 'none found' }, evidence, observed };
    if (ipv4.length === 0) return { status: 'fail', message: 'ipv6Only', remedy: 'connector', data: { ...data, addresses: server.addresses }, evidence, observed };
    if (covered.length > 0) return { status: 'fail', message: 'partly', remedy: 'addAddresses', data: { ...data, covered, uncovered }, evidence, observed };
    return { status: 'fail', message: 'notCovered', remedy: 'addAddresses', data: { ...data, uncovered }, evidence, observed };
  },
});
