// What bounce replies mean in a split domain (Microsoft 365 MX, outbound connector to a hosting server): patterns, diagnosis, fix, confirming checks.
//
// Sources: DOMAIN.md §5; Microsoft's "Email non-delivery reports and SMTP errors in Exchange Online"
// table and its per-code pages (5.4.1 edge blocking, 4.4.316/5.4.316, 4.4.7, 5.4.14 ATTR34,
// 5.7.64 TenantAttribution, 5.7.606-649, 5.7.700-750, MTA-STS outbound 4.4.8/5.4.8); cPanel/Exim's
// relay refusal and "No Such User Here"; Gmail's 5.7.26 and 5.7.23; RFC 3463 for the rest.
//
// ORDER MATTERS: each reply is claimed by the first entry with a matching pattern, so specific
// entries (a code together with its text, or with who said it) come before general ones.
import { CLOUDS } from './clouds.js';
import { CPANEL, DEFENDER, EAC, REMEDY, WHM } from './consoles.js';
import { CPANEL_DKIM_SELECTOR } from './hosting-dkim.js';

/** Where on the path the failure happened. */
export type BounceHop =
  | 'sender-to-m365'
  | 'in-m365'
  | 'm365-to-host'
  | 'host-local'
  | 'loop'
  | 'to-m365'
  | 'outbound'
  | 'submission';

export const HOP_TEXT: Record<BounceHop, string> = {
  'sender-to-m365': "sending server → Microsoft 365's MX: refused at Microsoft's edge, before any relaying",
  'in-m365': 'inside Microsoft 365, after it accepted the message',
  'm365-to-host': 'Microsoft 365 → hosting server: the outbound connector delivering to the smart host on port 25',
  'host-local': 'on the hosting server itself: local delivery, the mail never left it',
  loop: 'Microsoft 365 → connector → back to Microsoft 365: a loop',
  'to-m365': "a sending server (often the hosting server) → Microsoft 365's MX: the sender itself was refused",
  outbound: "your domain's mail → the recipient's provider: refused as unauthenticated",
  submission: 'an application or server → Microsoft 365 as a relay or submission service',
};

/** A pattern matches a reply when every condition it states holds. */
export interface BouncePattern {
  /** One of these enhanced status codes (RFC 3463) appears in the reply. */
  status?: readonly string[];
  /** An enhanced status code within this inclusive range of one class.subject (e.g. 5.7.606-5.7.649). */
  statusRange?: readonly [string, string];
  /** The text matches. A pattern with `text` and no code condition also finds replies written without a code. */
  text?: RegExp;
  /** The reply carries an SMTP reply code or an enhanced status code (keeps prose from matching). */
  coded?: true;
  /** The reply carries no code at all (a local failure written in words). */
  noCode?: true;
  /** Who gave the reply: Microsoft's servers, or anyone else (including unknown). */
  saidBy?: 'microsoft' | 'not-microsoft';
  /** Who wrote the bounce. */
  reportedBy?: 'microsoft' | 'not-microsoft';
}

export interface BounceKnowledge {
  id: string;
  title: string;
  /** The codes this entry covers, as documentation (`550 5.4.1`). */
  codes: readonly string[];
  patterns: readonly BouncePattern[];
  hop: BounceHop;
  /**
   * What happened, at which hop and why, in this topology. Placeholders: {recipient}, {domain}
   * (the recipient's), {server} (who answered), {target} (the host Microsoft tried), {sender},
   * {senderDomain}, {ip}.
   */
  explanation: string;
  /** Where to click or what to publish. Same placeholders. */
  fix: string;
  /** splitcheck check ids (CHECKS.md) that confirm the diagnosis; empty when nothing is visible from outside. */
  checks: readonly string[];
  /** Whose domain the checks are about. */
  domainOf: 'recipient' | 'sender';
}

const ACCEPTED_DOMAINS = EAC.acceptedDomains;
const CONNECTORS = EAC.connectors;
const EMAIL_ROUTING = CPANEL.emailRouting;
const SPF_ALL = ['spf.present', 'spf.syntax', 'spf.m365-include', 'spf.hosting-covered', 'spf.lookup-limit', 'spf.void-limit', 'spf.all'];

export const BOUNCE_KNOWLEDGE: readonly BounceKnowledge[] = [
  {
    // Before m365-authoritative: the same 550 5.4.1, but ATTR35 / "Relay Access Denied" means the domain is not
    // an accepted domain of any tenant at all, which no Internal relay setting can fix.
    id: 'm365-domain-not-accepted',
    title: 'Microsoft 365 refused the recipient: the domain is not an accepted domain of any tenant (ATTR35)',
    codes: ['550 5.4.1 Relay Access Denied ATTR35'],
    patterns: [{ status: ['5.4.1'], text: /relay access denied/i }, { text: /\bATTR35\b/ }],
    hop: 'sender-to-m365',
    explanation:
      "Microsoft 365 answered RCPT TO:<{recipient}> with 550 5.4.1 Relay Access Denied (ATTR35): the MX of {domain} points at Microsoft 365, but no tenant has {domain} as an accepted domain, so Microsoft treats the message as a request to relay to a foreign domain and refuses it. Every message to {domain} bounces this way, for Microsoft 365 mailboxes and hosting mailboxes alike. It happens when the domain was removed from the tenant, was never verified, or the MX is another tenant's.",
    fix: `${REMEDY.addDomain}.`,
    checks: ['mx.m365-primary', 'm365.internal-relay'],
    domainOf: 'recipient',
  },
  {
    id: 'm365-authoritative',
    title: 'Microsoft 365 refused the recipient: the domain is Authoritative (directory-based edge blocking)',
    codes: ['550 5.4.1'],
    patterns: [{ status: ['5.4.1'], text: /access denied|AS\(2018062\d{2}\)/i }, { text: /\bAS\(201806281\)/ }],
    hop: 'sender-to-m365',
    explanation:
      "Microsoft 365 answered RCPT TO:<{recipient}> with 550 5.4.1 Access denied at its edge. {domain} is an Authoritative accepted domain, so Exchange Online's directory-based edge blocking refuses every address that has no mailbox, mail user or contact in Microsoft 365, and never passes it to the outbound connector. Every mailbox that lives on the hosting server is unreachable from outside. (AS(201806281) is Microsoft's marker for exactly this block.) If {recipient} is meant to be a Microsoft 365 user, the address simply does not exist there.",
    fix: `${REMEDY.internalRelay}. ${REMEDY.keepConnectorScoped}. If {recipient} should be a Microsoft 365 user instead, create the mailbox or add the address as an alias.`,
    checks: ['m365.internal-relay'],
    domainOf: 'recipient',
  },
  {
    id: 'm365-relay-denied',
    title: 'Microsoft 365 refused to relay for the sending server (no matching inbound connector)',
    codes: ['550 5.7.64', '550 5.7.1 Unable to relay'],
    patterns: [
      { status: ['5.7.64'] },
      { text: /TenantAttribution/i },
      { text: /unable to relay|relay(ing)? (access )?(denied|not permitted)/i, saidBy: 'microsoft' },
    ],
    hop: 'submission',
    explanation:
      'Microsoft 365 refused to relay the message to an outside recipient: it could not attribute the sending server to your organization. This happens when the hosting server (or an application) sends outgoing mail through Microsoft 365 and no inbound connector "from your organization\'s email server" matches it — the connector lists another IP address, or checks a certificate name the server does not present.',
    fix: `${CONNECTORS} → add or fix the connector From "Your organization's email server" To "Office 365": identify the sending server by its public IP address (the one in the bounce) or by the certificate name it presents. Or let the hosting server deliver its own outgoing mail directly instead of through Microsoft 365.`,
    checks: [],
    domainOf: 'sender',
  },
  {
    id: 'host-relay-refused',
    title: "The hosting server refused the relayed mail: it does not treat the domain as local (cPanel routing not 'Local')",
    codes: ['550 ... is not permitted to relay through this server without authentication', '550 relay not permitted', '554 5.7.1 Relay access denied'],
    patterns: [
      { text: /not permitted to relay through this server|relay(ing)? not permitted|relay(ing)? (access )?denied|unable to relay/i, saidBy: 'not-microsoft' },
    ],
    hop: 'm365-to-host',
    explanation:
      "The hosting server ({server}) answered Microsoft 365's delivery for <{recipient}> as if it were a request to relay mail to someone else's domain: it does not consider {domain} a domain it delivers locally. In cPanel that is Email Routing set to Remote Mail Exchanger, or to Automatically Detect, which switches to Remote as soon as the MX points to Microsoft 365. Exim's advice to \"turn on SMTP authentication\" does not apply: Exchange Online never authenticates on a connector.",
    fix: `${REMEDY.localRouting} (on other panels: make {domain} a local mail domain of the server). The hosting server then accepts mail for its own mailboxes whatever the MX says. Do not choose Backup Mail Exchanger: it sends the mail back to the MX, which loops.`,
    checks: ['smarthost.accepts-mailbox'],
    domainOf: 'recipient',
  },
  {
    id: 'm365-recipient-not-found',
    title: 'Microsoft 365 has no recipient with this address and did not relay it',
    codes: ['550 5.1.10', '550 5.1.1 RESOLVER.ADR.RecipNotFound'],
    patterns: [
      { status: ['5.1.10'] },
      { text: /RESOLVER\.ADR\.Recip(ient)?NotFound|Recipient not found by SMTP address lookup/i },
      { status: ['5.1.1'], saidBy: 'microsoft' },
    ],
    hop: 'in-m365',
    explanation:
      "Microsoft 365 looked <{recipient}> up in its own directory, found nothing and bounced the message instead of passing it to the connector. It does that only for a domain it believes it alone hosts: {domain} is Authoritative in Microsoft 365 (with directory-based edge blocking off, the refusal comes after acceptance, as 5.1.10 rather than 5.4.1). If {recipient} lives on the hosting server, Microsoft 365 should have relayed it; if it is meant to be a Microsoft 365 user, the address is mistyped or was never created.",
    fix: `If {recipient} lives on the hosting server: ${REMEDY.internalRelay}, with an outbound connector to the hosting server scoped to {domain}. If it should be a Microsoft 365 user: create the mailbox, or add the address as an alias of the right one.`,
    checks: ['m365.internal-relay'],
    domainOf: 'recipient',
  },
  {
    id: 'host-local-no-mailbox',
    title: 'The hosting server delivered locally and has no such mailbox (mail written on the hosting side)',
    codes: ['No Such User Here (Exim, local delivery)'],
    patterns: [{ text: /No Such User Here/i, noCode: true, reportedBy: 'not-microsoft' }],
    hop: 'host-local',
    explanation:
      "The hosting server itself bounced this message; no other server was involved. It treats {domain} as local (Email Routing: Local Mail Exchanger, which a split domain needs for mail coming from Microsoft 365) and has no mailbox <{recipient}>. If {recipient} is a Microsoft 365 user, this is the price of Local routing: mail written on the hosting server (its webmail, scripts, other hosting mailboxes) to a Microsoft 365 user is delivered locally and never reaches Microsoft 365.",
    fix: `On the hosting server, add a forwarder for each Microsoft 365 user: {recipient} → the same user at your tenant's onmicrosoft.com address (${CPANEL.addForwarder}). Never create a full hosting mailbox for a Microsoft 365 user: it would silently keep that mail. If {recipient} should be a hosting mailbox, create it (${CPANEL.emailAccounts}).`,
    checks: [],
    domainOf: 'recipient',
  },
  {
    // Exim's "Unrouteable address" has two causes that the bounce alone cannot tell apart: say both.
    id: 'host-unrouteable',
    title: 'The hosting server found no way to deliver the address (Exim: Unrouteable address)',
    codes: ['Unrouteable address (Exim)'],
    patterns: [{ text: /Unrouteable address/i, noCode: true, reportedBy: 'not-microsoft' }],
    hop: 'host-local',
    explanation:
      "The hosting server bounced this itself: no Exim router accepted <{recipient}>. In a split domain that is one of two things. Either {domain} is local on the server (Email Routing: Local Mail Exchanger) and it has no mailbox, forwarder or alias {recipient}, which is what happens to mail written on the hosting server to a Microsoft 365 user; or {domain} is not local there and the server could not look up where to send it (no usable MX, or its DNS not answering).",
    fix: `If {recipient} is a Microsoft 365 user: add a forwarder on the hosting server, {recipient} → the user's onmicrosoft.com address (${CPANEL.addForwarder}); never a full mailbox, which would keep the mail. If {domain} is not local on that server, make sure its MX resolves (the confirming checks below), also from the server's own resolver.`,
    checks: ['mx.present', 'mx.targets-resolve'],
    domainOf: 'recipient',
  },
  {
    id: 'host-no-mailbox',
    title: 'The hosting server has no such mailbox: the address exists on neither platform',
    codes: ['550 5.1.1'],
    patterns: [
      { status: ['5.1.1'], saidBy: 'not-microsoft' },
      { text: /no such user here|user unknown|unknown user|no such (user|mailbox)|does not exist/i, coded: true, saidBy: 'not-microsoft' },
    ],
    hop: 'm365-to-host',
    explanation:
      'The hosting server ({server}) answered that it has no mailbox <{recipient}>. Microsoft 365 had passed the message on because it has no such mailbox either (Internal Relay sends every address it does not know to the connector), so the address exists on neither platform: a typo, a user never created, or a hosting mailbox deleted after a migration without a Microsoft 365 mailbox (or alias) taking its place. If the bounce came straight from the hosting server rather than from Microsoft 365, the hosting server is receiving mail directly: check the MX.',
    fix: `Check the address with the sender. If the user should be on the hosting server, create the mailbox (${CPANEL.emailAccounts}); if the user moved to Microsoft 365, create the Microsoft 365 mailbox or add {recipient} as an alias of the right one.`,
    checks: ['smarthost.accepts-mailbox', 'mx.no-bypass'],
    domainOf: 'recipient',
  },
  {
    id: 'smarthost-untrusted-chain',
    title: "The smart host's certificate chain is incomplete or untrusted",
    codes: ['450 4.4.317 [Message=UntrustedRoot]', '450 4.7.320 [Message=UntrustedRoot]'],
    patterns: [{ text: /UntrustedRoot|PartialChain|ChainNotValid|incomplete (certificate )?chain|unable to get local issuer certificate/i }],
    hop: 'm365-to-host',
    explanation:
      "Microsoft 365 reached the smart host ({target}) and started TLS, but could not build a chain from the server's certificate to a root it trusts. Exchange Online does not fetch missing intermediate certificates, so a server that sends only its own (leaf) certificate fails even though browsers and mail clients accept the same certificate; a self-signed certificate fails the same way. Microsoft defers the message (450 4.4.317), retries for up to two days, then returns it as expired.",
    fix: `On the hosting server, install the certificate for the mail service together with its CA bundle (intermediate certificates): ${WHM.serviceCertificates} (AutoSSL does this for the server's host name). Or point the connector's smart host at a name that already has a full chain. Only if you accept unvalidated TLS: relax the connector's TLS setting in ${CONNECTORS}.`,
    checks: ['smarthost.tls', 'smarthost.certificate'],
    domainOf: 'recipient',
  },
  {
    id: 'smarthost-name-mismatch',
    title: "The smart host's certificate does not match the name the connector validates",
    codes: ['450 4.7.320 [Message=SubjectMismatch]', '4.4.317 [Message=SubjectMismatch]'],
    patterns: [{ text: /SubjectMismatch|certificate name mismatch|does not match (the )?(host ?name|subject)/i }],
    hop: 'm365-to-host',
    explanation:
      "Microsoft 365 reached the smart host ({target}) but the names in its certificate do not cover the name the connector checks: the smart host name, or the domain configured for certificate (domain) validation. Shared hosting servers usually present a certificate for the server's own host name (such as server123.provider.com), not for mail.{domain}. Microsoft defers the message (4.7.320) and finally returns it as expired.",
    fix: `Either use as smart host a name the certificate covers (often the hosting server's own host name, shown in cPanel's "General Information"), or install a certificate for mail.{domain} on the hosting server's mail service, or change the name the connector validates (${CONNECTORS} → the connector → "Connect only if the recipient's email server certificate matches this criteria").`,
    checks: ['smarthost.certificate'],
    domainOf: 'recipient',
  },
  {
    id: 'smarthost-certificate-expired',
    title: "The smart host's certificate has expired (or is not yet valid)",
    codes: ['450 4.4.317 / 4.7.320 ... expired'],
    patterns: [{ text: /certificate (has )?expired|ExpiredCertificate|NotTimeValid|CertificateExpired|expired certificate/i }],
    hop: 'm365-to-host',
    explanation:
      "Microsoft 365 reached the smart host ({target}) but its certificate is outside its validity dates, so the TLS validation the connector requires fails and the message is deferred, then returned as expired.",
    fix: `Renew the hosting server's mail certificate (${WHM.serviceCertificates}, or ${CPANEL.autoSsl}) and check the server's clock.`,
    checks: ['smarthost.certificate'],
    domainOf: 'recipient',
  },
  {
    id: 'smarthost-refused',
    title: 'Microsoft 365 could not connect to the smart host on port 25 (connection refused)',
    codes: ['450 4.4.316 Connection refused', '550 5.4.316 Message expired, connection refused'],
    patterns: [{ status: ['4.4.316', '5.4.316'] }, { text: /Socket error code 10061/i }],
    hop: 'm365-to-host',
    explanation:
      "Microsoft 365 tried to hand the message to the smart host ({target}) and the TCP connection to port 25 was refused. Exchange Online keeps retrying for up to two days (delay notices with 450 4.4.316), then returns the message (5.4.316, message expired). Typical causes: the connector's smart host is the wrong name or address, nothing listens on port 25 there, or the hosting server's firewall (cPanel's CSF, a provider firewall) blocks Microsoft's sending addresses.",
    fix: `${CONNECTORS} → the connector to your organization's email server → the smart host must be the hosting server's port-25 host name or IP address. On the hosting server, let Exim listen on port 25 and allow Microsoft 365's Exchange Online Protection address ranges through the firewall. Microsoft does not resend returned messages: ask senders to send again once it works.`,
    checks: ['smarthost.resolves', 'smarthost.smtp'],
    domainOf: 'recipient',
  },
  {
    id: 'smarthost-dns',
    title: "Microsoft 365 could not resolve the smart host's name",
    codes: ['451 4.4.0 DNS query failed', '550 5.4.4 ... NonExistentDomain'],
    patterns: [{ status: ['4.4.0', '5.4.4', '4.4.4'], text: /DNS|NonExistentDomain|host not found|unable to route/i }, { text: /SMTPSEND\.DNS|NonExistentDomain/i }],
    hop: 'm365-to-host',
    explanation:
      "Microsoft 365 could not find an address for the smart host ({target}) in DNS, so it could not deliver the message for <{recipient}>: the connector names a host that does not resolve (a typo, a deleted record, or a record only in the hosting panel's own zone).",
    fix: `Publish an A record for the smart host name in the DNS zone that really serves the domain, or set the connector's smart host to a name (or IP address) that resolves: ${CONNECTORS}.`,
    checks: ['smarthost.resolves'],
    domainOf: 'recipient',
  },
  {
    id: 'smarthost-tls-failed',
    title: 'Microsoft 365 could not complete a TLS delivery to the smart host',
    codes: ['450 4.4.317 Cannot connect to remote server', '450 4.7.320 Certificate validation failed', '451 5.7.3 STARTTLS is required'],
    patterns: [{ status: ['4.4.317', '4.7.320', '5.7.320'] }, { text: /STARTTLS|TLS negotiation failed|TLS handshake/i, coded: true }],
    hop: 'm365-to-host',
    explanation:
      'Microsoft 365 connected to the smart host ({target}) but the delivery failed around TLS: STARTTLS not offered, a handshake failure (Exchange Online needs TLS 1.2 or newer), or a certificate problem named in [Message=...]. Microsoft defers and retries, then returns the message as expired.',
    fix: "Make sure the hosting server's Exim offers STARTTLS on port 25 with TLS 1.2+ and a valid certificate for the smart host name; the text in [Message=...] says which part failed.",
    checks: ['smarthost.smtp', 'smarthost.tls', 'smarthost.certificate'],
    domainOf: 'recipient',
  },
  {
    id: 'mta-sts',
    title: 'MTA-STS validation failed for the host Microsoft 365 delivers to',
    codes: ['4.4.8 / 5.4.8 ... failed MTA-STS validation', '4.7.5 / 5.7.5 ... MTA-STS'],
    patterns: [{ status: ['4.4.8', '5.4.8'] }, { text: /MTA-?STS/i, coded: true }],
    hop: 'm365-to-host',
    explanation:
      "Exchange Online checked the destination against an MTA-STS policy and it failed. For a connector with a smart host, Microsoft validates MTA-STS against the smart host's domain, not the recipient's: with a smart host such as mail.{domain} and a policy in enforce mode for {domain} that lists only Microsoft's MX (*.mail.protection.outlook.com), the smart host is not in the policy, so Microsoft refuses to deliver to it.",
    fix: 'Add the smart host to the policy (an mx: line for it in https://mta-sts.{domain}/.well-known/mta-sts.txt, then a new id= in the _mta-sts TXT record), or use as smart host a name outside {domain} (the hosting server\'s own host name), or set the policy to mode: testing while you fix it. The smart host also needs a valid certificate for that name.',
    checks: ['smarthost.tls', 'smarthost.certificate'],
    domainOf: 'recipient',
  },
  {
    id: 'mail-loop',
    title: 'Mail loop between Microsoft 365 and the connector (hop count exceeded)',
    codes: ['554 5.4.14 Hop count exceeded - possible mail loop', '554 5.4.6 Routing loop detected'],
    patterns: [{ status: ['5.4.14', '5.4.6', '4.4.6'] }, { text: /hop count exceeded|mail loop|routing loop|too many hops/i }],
    hop: 'loop',
    explanation:
      "The message for <{recipient}> went round until it passed the hop limit: Microsoft 365 sent it out through the connector and it came back to Microsoft 365, again and again. In a split domain the causes are: the connector's smart host is Microsoft 365 itself (or a name that resolves to *.mail.protection.outlook.com), the connector routes by MX instead of a smart host (the MX is Microsoft), or the hosting server does not deliver locally but sends the mail back to the MX (cPanel Backup Mail Exchanger, or a forwarder pointing the address back to itself).",
    fix: `${CONNECTORS} → the connector → "Route email through these smart hosts" with the hosting server's own name or IP, never "Use the MX record" and never a *.mail.protection.outlook.com name. In ${EMAIL_ROUTING} choose Local Mail Exchanger (not Backup), and remove forwarders that send an address back to itself.`,
    checks: ['smarthost.loop', 'smarthost.resolves'],
    domainOf: 'recipient',
  },
  {
    id: 'expired',
    title: 'Microsoft 365 gave up after retrying for days (message expired)',
    codes: ['4.4.7 Message expired', '550 5.4.300 Message expired'],
    patterns: [{ status: ['4.4.7', '5.4.7', '5.4.300'] }, { text: /message expired|delivery time expired|retry time(out)? (exceeded|expired)/i, coded: true }],
    hop: 'm365-to-host',
    explanation:
      "Microsoft 365 kept the message queued and retried for about two days without delivering it, then returned it. For a hosting mailbox this means the smart host ({target}) refused the connection or failed TLS all that time; the delay notices sent before this one (4.4.316, 4.4.317, 4.7.320) name the exact reason. Microsoft does not resend expired messages after the fault is fixed.",
    fix: `Find the reason in the earlier delay notices or in ${EAC.messageTrace} for this message, fix the smart host, then ask the sender to send again.`,
    checks: ['smarthost.resolves', 'smarthost.smtp', 'smarthost.tls', 'smarthost.certificate'],
    domainOf: 'recipient',
  },
  {
    id: 'dmarc-reject',
    title: 'The recipient refused the message: it failed DMARC (or was unauthenticated) for your domain',
    codes: ['550 5.7.509 ... does not pass DMARC verification', "550 5.7.26 ... domain's DMARC policy", '550 5.7.26 ... sender is unauthenticated'],
    patterns: [{ status: ['5.7.509', '5.7.26'] }, { text: /DMARC/i, coded: true }],
    hop: 'outbound',
    explanation:
      "The recipient's server ({server}) refused the message because it failed DMARC for {senderDomain}: neither SPF nor DKIM passed for a domain aligned with the From address, and the domain's DMARC policy says reject (Gmail's 5.7.26 also covers mail with no passing SPF or DKIM at all). In a split domain, one of the two senders is usually not covered: mail sent from the hosting server is not in SPF since the MX moved to Microsoft 365 (cPanel's +a +mx now mean Microsoft), the hosting DKIM key is not published where the domain's DNS really is, or DKIM signing is not enabled in Microsoft 365.",
    fix: `Make both senders pass and align: one SPF record with include:${CLOUDS.commercial.spfInclude} and the hosting server's outbound IP; the hosting server's DKIM key (${CPANEL_DKIM_SELECTOR}._domainkey) published in the zone that serves {senderDomain}; DKIM enabled for {senderDomain} in ${DEFENDER.dkim}. Keep p=none or quarantine until the DMARC reports show both senders passing.`,
    checks: ['dmarc.record', 'spf.m365-include', 'spf.hosting-covered', 'dkim.m365', 'dkim.hosting'],
    domainOf: 'sender',
  },
  {
    id: 'spf-reject',
    title: "The recipient refused the message: SPF did not authorize the sending server",
    codes: ['550 5.7.23 ... Sender Policy Framework violation', '550 5.7.1 ... SPF'],
    patterns: [{ status: ['5.7.23', '5.7.24', '5.7.27'] }, { text: /\bSPF\b|Sender Policy Framework/i, coded: true }],
    hop: 'outbound',
    explanation:
      "The recipient's server ({server}) checked SPF for {senderDomain} and the sending server was not authorized. In a split domain the usual causes: the hosting server's outbound IP is missing (cPanel's default +a +mx stopped covering it when the MX moved to Microsoft 365), Microsoft's include is missing, or the record is broken: two SPF records, more than 10 DNS lookups, an ipv4: typo (all permerror).",
    fix: `Publish one SPF record covering both senders, e.g. v=spf1 include:${CLOUDS.commercial.spfInclude} ip4:<the hosting server's outbound IP> -all. "splitcheck spf {senderDomain} --ip <the address in the bounce>" shows how a receiver evaluates it.`,
    checks: SPF_ALL,
    domainOf: 'sender',
  },
  {
    id: 'dkim-reject',
    title: 'The recipient refused the message over DKIM',
    codes: ['550 5.7.20 / 5.7.21 / 5.7.22 ... DKIM'],
    patterns: [{ status: ['5.7.20', '5.7.21', '5.7.22'] }, { text: /\bDKIM\b/i, coded: true }],
    hop: 'outbound',
    explanation:
      "The recipient's server ({server}) found no valid DKIM signature for {senderDomain}. In a split domain both senders must sign: Microsoft 365 with selector1/selector2 (CNAMEs to Microsoft), the hosting server with its own selector (cPanel: default), whose key is often published only in the hosting panel's zone, not where the domain's DNS really is.",
    fix: `Publish the hosting DKIM key (${CPANEL_DKIM_SELECTOR}._domainkey.{senderDomain}) in the DNS zone that serves the domain, and enable DKIM for {senderDomain} in ${DEFENDER.dkim} after publishing its two CNAMEs.`,
    checks: ['dkim.m365', 'dkim.hosting', 'dmarc.record'],
    domainOf: 'sender',
  },
  {
    id: 'm365-blocked-ip',
    title: "Microsoft 365 refused the sending server's IP address (Microsoft's block list)",
    codes: ['550 5.7.606-5.7.649 Access denied, banned sending IP'],
    patterns: [{ statusRange: ['5.7.606', '5.7.649'] }, { text: /banned sending IP/i }],
    hop: 'to-m365',
    explanation:
      "Microsoft 365 refused the connection from the sending server ({ip}) because that address is on Microsoft's block list. In a split domain this typically hits the hosting server when its users write to colleagues in Microsoft 365 (their mail goes to the MX, which is Microsoft): shared hosting addresses get listed because of other customers on the same server.",
    fix: "Request removal at https://sender.office.com for the address in the bounce (Microsoft's delist portal), ask the hosting provider for a clean outbound address, and make sure SPF covers the hosting server so its mail keeps a good reputation.",
    checks: ['spf.hosting-covered'],
    domainOf: 'sender',
  },
  {
    id: 'm365-no-ptr',
    title: 'Microsoft 365 refused a sending server without reverse DNS',
    codes: ['550 5.7.25'],
    patterns: [{ status: ['5.7.25'] }, { text: /PTR record|reverse DNS/i, coded: true }],
    hop: 'to-m365',
    explanation:
      "The sending server's address has no reverse DNS (PTR) record. Microsoft 365 requires one for mail sent over IPv6 (5.7.25); many receivers require one always. In a split domain this is usually the hosting server sending to Microsoft 365 over IPv6.",
    fix: "Ask the hosting provider to publish a PTR record for the server's address (matching its host name), or make Exim send over IPv4.",
    checks: [],
    domainOf: 'sender',
  },
  {
    id: 'm365-outbound-blocked',
    title: "Microsoft 365 refused the tenant's or sending server's outgoing mail",
    codes: ['550 5.7.708 Access denied, traffic not accepted from this IP', '550 5.7.750 Client blocked from sending from unregistered domains', '550 5.7.705'],
    patterns: [{ status: ['5.7.705', '5.7.708', '5.7.750'] }, { text: /traffic not accepted from this IP|unregistered domains?/i }],
    hop: 'submission',
    explanation:
      "Microsoft 365 blocked outgoing mail: from an address it rates as high risk (5.7.708), for domains not registered as accepted domains of the tenant (5.7.750), or because the tenant sent too much spam (5.7.705). In a split domain this appears when the hosting server relays its outgoing mail through Microsoft 365 through an inbound connector.",
    fix: `Add every domain the hosting server sends for as an accepted domain (${ACCEPTED_DOMAINS}), check the inbound connector that admits the hosting server, look for a compromised account or script on the hosting server, then contact Microsoft support to lift a block.`,
    checks: [],
    domainOf: 'sender',
  },
  {
    id: 'm365-auth-required',
    title: 'Microsoft 365 wants authentication: the client submitted anonymously',
    codes: ['530 5.7.57 Client was not authenticated to send anonymous mail during MAIL FROM'],
    patterns: [{ status: ['5.7.57'] }, { text: /not authenticated to send anonymous mail/i }],
    hop: 'submission',
    explanation:
      'An application or server submitted mail to smtp.office365.com (authenticated submission, port 587) without logging in. That host is for mail clients with an account; a server relaying for a domain must use the MX endpoint with an inbound connector instead.',
    fix: 'Configure the application to authenticate (SMTP AUTH enabled for the mailbox), or relay through <token>.mail.protection.outlook.com on port 25 with an inbound connector that identifies the server by IP or certificate.',
    checks: [],
    domainOf: 'sender',
  },
  {
    id: 'ip-blocklisted',
    title: "The recipient refused the sending server's address: it is on a block list",
    codes: ['550 5.7.1 ... blocked using <list>', '554 ... listed at <list>'],
    patterns: [{ text: /blocked using|listed (at|in|on) |blacklist|blocklist|block list|spamhaus|spamcop|barracudacentral/i, coded: true }],
    hop: 'outbound',
    explanation:
      "The recipient's server ({server}) refused the connection because the sending address is on a DNS block list. For mail sent from the hosting server, a shared hosting address is often listed because of other customers on the same machine.",
    fix: "Look the address up at the list named in the reply and follow its delisting steps; ask the hosting provider for a clean outbound address, or send that mail through Microsoft 365 instead.",
    checks: [],
    domainOf: 'sender',
  },
  {
    id: 'mailbox-full',
    title: "The recipient's mailbox is full",
    codes: ['552 5.2.2', '452 4.2.2'],
    patterns: [{ status: ['5.2.2', '4.2.2'] }, { text: /mailbox (is )?full|over ?quota|quota exceeded/i, coded: true }],
    hop: 'm365-to-host',
    explanation:
      'The mailbox of <{recipient}> is over its storage quota ({server}). On a shared hosting server the quota is per mailbox (and per hosting account); in Microsoft 365 it is the mailbox size limit.',
    fix: `Free space in the mailbox or raise its quota (${CPANEL.emailAccounts} → Manage → Allocated Storage Space; in Microsoft 365, the mailbox plan).`,
    checks: [],
    domainOf: 'recipient',
  },
];

/** Text patterns that can match a reply written without any code: they make a line worth reading. */
export const CODELESS_PATTERNS: readonly RegExp[] = BOUNCE_KNOWLEDGE.flatMap((k) =>
  k.patterns.filter((p) => p.text && !p.status && !p.statusRange && !p.coded).map((p) => p.text!),
);
