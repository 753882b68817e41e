// Console paths and remedy sentences live once: the checks and the bounce explanations that give the same advice give the same words.
import { describe, expect, it } from 'vitest';
import { m365InternalRelay } from '../../src/checks/m365/internal-relay.js';
import { smarthostAcceptsMailbox } from '../../src/checks/smarthost/accepts-mailbox.js';
import { fillTemplate } from '../../src/engine/template.js';
import type { Check } from '../../src/engine/types.js';
import { BOUNCE_KNOWLEDGE } from '../../src/knowledge/bounces.js';
import { CPANEL, EAC, POWERSHELL, REMEDY, placeholders } from '../../src/knowledge/consoles.js';

const bounce = (id: string) => {
  const entry = BOUNCE_KNOWLEDGE.find((k) => k.id === id);
  if (!entry) throw new Error(`no bounce entry ${id}`);
  return entry;
};
const remedy = (check: Check, key: string): string => {
  const text = (check.meta.remedies as Record<string, string> | undefined)?.[key];
  if (text === undefined) throw new Error(`no remedy ${key} in ${check.meta.id}`);
  return text;
};

describe('checks and bounces share their remedy sentences', () => {
  it('Authoritative → Internal relay: m365.internal-relay and the 5.4.1 bounce say the same click path and PowerShell line', () => {
    const data = { domain: 'contoso.com', recipient: 'ann@contoso.com' };
    const fromCheck = fillTemplate(remedy(m365InternalRelay, 'internalRelay'), data);
    const fromBounce = fillTemplate(bounce('m365-authoritative').fix, data);
    const sentence = 'Exchange admin center → Mail flow → Accepted domains → contoso.com → This accepted domain is: Internal relay (Exchange Online PowerShell: Set-AcceptedDomain -Identity contoso.com -DomainType InternalRelay)';
    expect(fromCheck).toContain(sentence);
    expect(fromBounce).toContain(sentence);
    expect(fromBounce).toContain(fillTemplate(REMEDY.keepConnectorScoped, data));
    expect(fromCheck).toContain(fillTemplate(REMEDY.keepConnectorScoped, data));
  });

  it('a domain no tenant accepts (ATTR35): the check and the bounce give one identical fix', () => {
    expect(remedy(m365InternalRelay, 'notAccepted')).toBe(bounce('m365-domain-not-accepted').fix);
    expect(bounce('m365-domain-not-accepted').fix).toMatch(/^Microsoft 365 admin center → Settings → Domains → add \{domain\}/);
  });

  it('cPanel routing: smarthost.accepts-mailbox and the relay-refused bounce name the same Local Mail Exchanger path', () => {
    const path = 'cPanel → Email → Email Routing → {domain} → Local Mail Exchanger';
    expect(REMEDY.localRouting).toBe(path);
    expect(remedy(smarthostAcceptsMailbox, 'routing')).toContain(path);
    expect(bounce('host-relay-refused').fix).toContain(path);
  });

  it('no bounce or check keeps a private copy of a shared path', () => {
    const everything = [
      ...BOUNCE_KNOWLEDGE.map((k) => k.fix),
      ...Object.values(m365InternalRelay.meta.remedies ?? {}),
      ...Object.values(smarthostAcceptsMailbox.meta.remedies ?? {}),
    ].join('\n');
    // The old, drifted spellings are gone.
    expect(everything).not.toContain('"This accepted domain is": Internal relay');
    expect(everything).not.toContain('Microsoft Defender → Email authentication settings');
    expect(everything).not.toContain('WHM → Manage Service SSL Certificates');
    // And the forwarder advice points at the page where forwarders are added.
    expect(bounce('host-local-no-mailbox').fix).toContain(CPANEL.addForwarder);
    expect(bounce('host-unrouteable').fix).toContain(CPANEL.addForwarder);
    expect(everything).toContain(EAC.messageTrace);
  });
});

describe('templates', () => {
  it('PowerShell lines fill from the report data like any remedy', () => {
    const line = fillTemplate(POWERSHELL.smartHost, { smartHost: 'mail.contoso.com' });
    expect(line).toBe('Set-OutboundConnector -Identity "<connector name>" -UseMXRecord $false -SmartHosts mail.contoso.com');
    expect(fillTemplate(POWERSHELL.inboundFromHosting, { domain: 'contoso.com', hostingIp: '192.0.2.10' })).toBe(
      'New-InboundConnector -Name "From the hosting server" -ConnectorType Partner -SenderDomains contoso.com -SenderIPAddresses 192.0.2.10 -RestrictDomainsToIPAddresses $true',
    );
  });

  it('placeholders() renames for a consumer whose data calls the smart host {target}, and leaves the rest', () => {
    expect(placeholders(POWERSHELL.smartHostTls, { smartHost: 'target' })).toBe(
      'Set-OutboundConnector -Identity "<connector name>" -TlsSettings DomainValidation -TlsDomain {target}',
    );
    expect(placeholders('{domain} {toString} {smartHost}', { smartHost: 'host' })).toBe('{domain} {toString} {host}');
  });

  it('the tenant forwarder sentence fills domain and tenant', () => {
    expect(fillTemplate(REMEDY.forwardToTenant, { domain: 'contoso.com', tenant: 'contoso' })).toContain('user@contoso.onmicrosoft.com');
  });
});
