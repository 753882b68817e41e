// What bounce replies mean in a split domain (Microsoft 365 MX, outbound connector to a hosting server): patterns, diagnosis, fix, confirming checks.
//
// Sources: DOMAIN.md §5; Microsoft's "Email non-delivery reports and SMTP errors in Exchange Online"
// table and its per-code pages (5.4.1 edge blocking, 4.4.316/5.4.316, 4.4.7, 5.4.14 ATTR34,
// 5.7.64 TenantAttribution, 5.7.606-649, 5.7.700-750, MTA-STS outbound 4.4.8/5.4.8); cPanel/Exim's
// relay refusal and "No Such User Here"; Gmail's 5.7.26 and 5.7.23; RFC 3463 for the rest.
//
// ORDER MATTERS: each reply is claimed by the first entry with a matching pattern, so specific
// entries (a code together with its text, or with who said it) come before general ones, and the
// split-domain entries (which name Microsoft 365 or the hosting server) before the generic ones
// (which name only the hop the bounce shows: the receiving server, or the server that wrote it).
//
// EVIDENCE BEFORE DIAGNOSIS: a pattern that names Microsoft 365 as the actor matches only when the
// bounce shows Microsoft (a Microsoft host answered or wrote the bounce, or the reply carries
// Microsoft's own markers or codes: `microsoft`); one that names the hosting server only when
// Microsoft 365 relayed to it (`relayed`) or cPanel's own wording says so. Otherwise the generic
// entry further down claims the reply. Codes only Microsoft uses (5.4.300, 5.4.316, 4.4.317,
// 4.7.320, 5.7.64, 5.7.68, 5.7.57, 5.7.515, 5.7.606-649, 5.7.7xx) and markers (AS(...), ATTRnn,
// TenantAttribution) are evidence in themselves. (RESOLVER./STOREDRV. are any Exchange Server's, on-premises too: not Microsoft 365's alone.)
import { CLOUDS } from './clouds.js';
import { CPANEL, DEFENDER, EAC, POWERSHELL, REMEDY, WHM, placeholders } from './consoles.js';
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
  | 'submission'
  | 'receiving'
  | 'reporting';

export const HOP_TEXT: Record<BounceHop, string> = {
  'sender-to-m365': "sending server → Microsoft 365's MX: refused at Microsoft's edge, before any relaying",
  'in-m365': 'inside Microsoft 365, after it accepted the message',
  'm365-to-host': 'Microsoft 365 → hosting server: the outbound connector delivering to the smart host on port 25',
  'host-local': 'on the hosting server itself: local delivery, the mail never left it',
  loop: 'Microsoft 365 → connector → back to Microsoft 365: a loop',
  'to-m365': "a sending server (often the hosting server) → Microsoft 365's MX: the sender itself was refused",
  outbound: "your domain's mail → the recipient's provider: refused as unauthenticated",
  submission: 'an application or server → Microsoft 365 as a relay or submission service',
  receiving: 'the server that wrote the bounce → the receiving server: refused or failed there',
  reporting: 'at the server that wrote the bounce: its own delivery, queue or policy, before any other server answered',
};

/**
 * Who a diagnosis names as having acted. `answering`: whoever gave the reply, as the bounce shows
 * it: the receiving server when the reply is a remote server's, else the server that wrote the bounce.
 */
export type BounceActor = 'microsoft-365' | 'hosting-server' | 'receiving-server' | 'reporting-server' | 'answering';

/** How sure a match makes the diagnosis (see Diagnosis.confidence). */
export type BounceConfidence = 'high' | 'medium' | 'low';

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
  /**
   * Microsoft's own server gave the reply (its host answered, or Exchange Online's markers are in
   * the reply). Needed where Microsoft 365 is said to have refused the sending server: in a bounce
   * Microsoft wrote, Microsoft 365 was the sending side, and such a refusal is the other server's.
   */
  answeredByMicrosoft?: true;
  /**
   * The bounce shows Microsoft 365 behind this reply: a Microsoft host gave it or wrote the bounce
   * (and no other server gave it), or the reply carries Microsoft's own markers.
   */
  microsoft?: true;
  /**
   * A server that is not Microsoft's gave the reply to Microsoft 365 delivering to it: Microsoft
   * wrote the bounce, or the reply names the host Microsoft tried (`[LastAttemptedServerName=]`).
   * In a split domain that server is the connector's smart host, the hosting server.
   */
  relayed?: true;
  /** The bounce shows a cPanel hosting server (its own wording or header fields). */
  cpanel?: true;
  /** The reply answered one of these SMTP commands (as the bounce says: "after MAIL FROM", ">>> DATA"). */
  command?: readonly ('CONNECT' | 'HELO' | 'MAIL' | 'RCPT' | 'DATA')[];
  /** How sure a match on this pattern makes the diagnosis; high when not given. */
  confidence?: BounceConfidence;
}

export interface BounceKnowledge {
  id: string;
  title: string;
  /** The codes this entry covers, as documentation (`550 5.4.1`). */
  codes: readonly string[];
  patterns: readonly BouncePattern[];
  /** Where it failed; `answering`: the receiving server's hop when a remote server replied, else the reporting server's. */
  hop: BounceHop | 'answering';
  /** Who acted (see BounceActor): Microsoft 365 and the hosting server only with the evidence the patterns demand. */
  actor: BounceActor;
  /**
   * What happened, at which hop and why, in this topology. Placeholders: {recipient}, {domain}
   * (the recipient's), {server} (who answered), {target} (the host Microsoft tried), {sender},
   * {senderDomain}, {ip}, {reporter} (the server that wrote the bounce), {reply} (the reply as quoted).
   */
  explanation: string;
  /** Where to click or what to publish. Same placeholders. */
  fix: string;
  /** splitcheck check ids (CHECKS.md) that confirm the diagnosis; empty when nothing is visible from outside. */
  checks: readonly string[];
  /** Whose domain the checks are about. */
  domainOf: 'recipient' | 'sender';
  /**
   * An outcome rather than a cause (a message expired after retries): when the same reply also
   * names a cause ("Message expired, connection refused"), the cause's entry claims it, and once a
   * cause is found for a recipient the outcome is not said again.
   */
  outcome?: true;
  /**
   * The entry this one refines (a split-domain reading of a generic one, or a specific reading of a
   * broader one): when both are found for a recipient, only this one is said.
   */
  refines?: string;
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
    patterns: [{ status: ['5.4.1'], text: /relay access denied/i, microsoft: true }, { text: /\bATTR35\b/ }],
    hop: 'sender-to-m365',
    actor: 'microsoft-365',
    explanation:
      "Microsoft 365 answered RCPT TO:<{recipient}> with 550 5.4.1 Relay Access Denied (ATTR35): the MX of {domain} points at Microsoft 365, but no tenant has {domain} as an accepted domain, so Microsoft treats the message as a request to relay to a foreign domain and refuses it. Every message to {domain} bounces this way, for Microsoft 365 mailboxes and hosting mailboxes alike. It happens when the domain was removed from the tenant, was never verified, or the MX is another tenant's.",
    fix: `${REMEDY.addDomain}.`,
    checks: ['mx.m365-primary', 'm365.internal-relay'],
    domainOf: 'recipient',
    refines: 'relay-denied',
  },
  {
    id: 'm365-authoritative',
    title: 'Microsoft 365 refused the recipient: the domain is Authoritative (directory-based edge blocking)',
    codes: ['550 5.4.1'],
    patterns: [
      { status: ['5.4.1'], text: /access denied|AS\(2018062\d{2}\)/i, microsoft: true },
      { text: /\bAS\(201806281\)/ },
      // Exchange Online's own wording, with the code it alone gives it (RFC 3463 5.4.1 is "no answer from host").
      { status: ['5.4.1'], text: /Recipient address rejected: Access denied/i, confidence: 'medium' },
    ],
    hop: 'sender-to-m365',
    actor: 'microsoft-365',
    explanation:
      "Microsoft 365 answered RCPT TO:<{recipient}> with 550 5.4.1 Access denied at its edge. {domain} is an Authoritative accepted domain, so Exchange Online's directory-based edge blocking refuses every address that has no mailbox, mail user or contact in Microsoft 365, and never passes it to the outbound connector. Every mailbox that lives on the hosting server is unreachable from outside. (AS(201806281) is Microsoft's marker for exactly this block.) If {recipient} is meant to be a Microsoft 365 user, the address simply does not exist there.",
    fix: `${REMEDY.internalRelay}. ${REMEDY.keepConnectorScoped}. If {recipient} should be a Microsoft 365 user instead, create the mailbox or add the address as an alias.`,
    checks: ['m365.internal-relay'],
    domainOf: 'recipient',
    refines: 'recipient-unknown',
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
    actor: 'microsoft-365',
    explanation:
      'Microsoft 365 refused to relay the message to an outside recipient: it could not attribute the sending server to your organization. This happens when the hosting server (or an application) sends outgoing mail through Microsoft 365 and no inbound connector "from your organization\'s email server" matches it — the connector lists another IP address, or checks a certificate name the server does not present.',
    fix: `${CONNECTORS} → add or fix the connector From "Your organization's email server" To "Office 365": identify the sending server by its public IP address (the one in the bounce) or by the certificate name it presents. Or let the hosting server deliver its own outgoing mail directly instead of through Microsoft 365.`,
    checks: [],
    domainOf: 'sender',
    refines: 'relay-denied',
  },
  {
    // Microsoft's own code and wording (DOMAIN.md §6): since 2025 a tenant can reject Direct Send.
    id: 'm365-direct-send-rejected',
    title: "Microsoft 365 rejected unauthenticated mail in your own domain's name (Direct Send is off)",
    codes: ['550 5.7.68 TenantInboundAttribution; Direct Send not allowed for this organization from unauthorized sources'],
    patterns: [{ status: ['5.7.68'] }, { text: /TenantInboundAttribution|Direct Send not allowed/i }],
    hop: 'to-m365',
    actor: 'microsoft-365',
    explanation:
      "Microsoft 365 refused a message that uses {senderDomain} (one of its own accepted domains) as the sender but arrived from outside, unauthenticated and through no connector: \"Direct Send\". The tenant has Direct Send turned off (Set-OrganizationConfig -RejectDirectSend $true). In a split domain that is the hosting server's mail to Microsoft 365 colleagues: its users, webmail and scripts send to the MX like any outside server would, and are now refused.",
    fix: `Admit the hosting server by a Partner inbound connector that identifies it by its outbound IP address (or certificate) and is limited to {senderDomain}: ${EAC.connectors} → add a connector from "Partner organization" to "Office 365" (Exchange Online PowerShell: ${placeholders(POWERSHELL.inboundFromHosting, { domain: 'senderDomain', hostingIp: 'ip' })}). Turning Direct Send back on also works but admits anyone who forges the domain.`,
    checks: ['spf.hosting-covered'],
    domainOf: 'sender',
    refines: 'policy-refused',
  },
  {
    id: 'host-relay-refused',
    title: "The hosting server refused the relayed mail: it does not treat the domain as local (cPanel routing not 'Local')",
    codes: ['550 ... is not permitted to relay through this server without authentication', '550 relay not permitted', '554 5.7.1 Relay access denied'],
    patterns: [
      { text: /not permitted to relay through this server|relay(ing)? not permitted|relay(ing)? (access )?denied|unable to relay/i, relayed: true },
    ],
    hop: 'm365-to-host',
    actor: 'hosting-server',
    explanation:
      "The hosting server ({server}) answered Microsoft 365's delivery for <{recipient}> as if it were a request to relay mail to someone else's domain: it does not consider {domain} a domain it delivers locally. In cPanel that is Email Routing set to Remote Mail Exchanger, or to Automatically Detect, which switches to Remote as soon as the MX points to Microsoft 365. Exim's advice to \"turn on SMTP authentication\" does not apply: Exchange Online never authenticates on a connector.",
    fix: `${REMEDY.localRouting} (on other panels: make {domain} a local mail domain of the server). The hosting server then accepts mail for its own mailboxes whatever the MX says. Do not choose Backup Mail Exchanger: it sends the mail back to the MX, which loops.`,
    checks: ['smarthost.accepts-mailbox'],
    domainOf: 'recipient',
    refines: 'relay-denied',
  },
  {
    id: 'm365-recipient-not-found',
    title: 'Microsoft 365 has no recipient with this address and did not relay it',
    codes: ['550 5.1.10', '550 5.1.1 RESOLVER.ADR.RecipNotFound'],
    patterns: [
      { status: ['5.1.10'], microsoft: true },
      { text: /RESOLVER\.ADR\.Recip(ient)?NotFound|Recipient not found by SMTP address lookup/i, microsoft: true },
      { status: ['5.1.1'], saidBy: 'microsoft', microsoft: true },
    ],
    hop: 'in-m365',
    actor: 'microsoft-365',
    explanation:
      "Microsoft 365 looked <{recipient}> up in its own directory, found nothing and bounced the message instead of passing it to the connector. It does that only for a domain it believes it alone hosts: {domain} is Authoritative in Microsoft 365 (with directory-based edge blocking off, the refusal comes after acceptance, as 5.1.10 rather than 5.4.1). If {recipient} lives on the hosting server, Microsoft 365 should have relayed it; if it is meant to be a Microsoft 365 user, the address is mistyped or was never created.",
    fix: `If {recipient} lives on the hosting server: ${REMEDY.internalRelay}, with an outbound connector to the hosting server scoped to {domain}. If it should be a Microsoft 365 user: create the mailbox, or add the address as an alias of the right one.`,
    checks: ['m365.internal-relay'],
    domainOf: 'recipient',
    refines: 'recipient-unknown',
  },
  {
    id: 'host-local-no-mailbox',
    title: 'The hosting server delivered locally and has no such mailbox (mail written on the hosting side)',
    codes: ['No Such User Here (Exim, local delivery)'],
    patterns: [{ text: /No Such User Here/i, noCode: true, reportedBy: 'not-microsoft', confidence: 'medium' }],
    hop: 'host-local',
    actor: 'hosting-server',
    explanation:
      "The hosting server itself bounced this message; no other server was involved. It treats {domain} as local (Email Routing: Local Mail Exchanger, which a split domain needs for mail coming from Microsoft 365) and has no mailbox <{recipient}>. If {recipient} is a Microsoft 365 user, this is the price of Local routing: mail written on the hosting server (its webmail, scripts, other hosting mailboxes) to a Microsoft 365 user is delivered locally and never reaches Microsoft 365.",
    fix: `On the hosting server, add a forwarder for each Microsoft 365 user: {recipient} → the same user at your tenant's onmicrosoft.com address (${CPANEL.addForwarder}). Never create a full hosting mailbox for a Microsoft 365 user: it would silently keep that mail. If {recipient} should be a hosting mailbox, create it (${CPANEL.emailAccounts}).`,
    checks: [],
    domainOf: 'recipient',
    refines: 'recipient-unknown',
  },
  {
    // cPanel's own outgoing-mail protection: Exim discards a domain's mail for the rest of the hour once
    // too many of its messages failed or were deferred (WHM Tweak Settings). The wording is cPanel's alone.
    id: 'host-defer-limit',
    title: "The hosting server stopped sending the domain's mail: too many of its messages failed or were deferred this hour (cPanel)",
    codes: ['Domain <domain> has exceeded the max defers and failures per hour (n/n (100%)) allowed. Message discarded.'],
    patterns: [{ text: /has exceeded the max defers and failures per hour/i, cpanel: true }],
    hop: 'host-local',
    actor: 'hosting-server',
    explanation:
      "The hosting server ({reporter}) discarded this message without trying to deliver it: cPanel stops a domain's outgoing mail for the rest of the hour once too many of its messages of the last hour failed or were deferred. In a split domain the failures are often the hosting server's own mail to colleagues who moved to Microsoft 365 (refused there, or kept on the hosting server by Local routing), or a script writing to stale addresses.",
    fix: 'Find what fails in the hosting server\'s log (cPanel → Email → Track Delivery, failures only) and fix that cause; the block lifts by itself within the hour, then send the message again. The limit is WHM → Server Configuration → Tweak Settings → Mail → "Maximum percentage of failed or deferred messages a domain may send per hour" (raise it only once the cause is fixed).',
    checks: [],
    domainOf: 'sender',
  },
  {
    // Exim's "Unrouteable address" has two causes that the bounce alone cannot tell apart: say both.
    id: 'host-unrouteable',
    title: 'The hosting server found no way to deliver the address (Exim: Unrouteable address)',
    codes: ['Unrouteable address (Exim)'],
    patterns: [{ text: /Unrouteable address/i, noCode: true, reportedBy: 'not-microsoft', cpanel: true, confidence: 'medium' }],
    hop: 'host-local',
    actor: 'hosting-server',
    explanation:
      "The hosting server bounced this itself: no Exim router accepted <{recipient}>. In a split domain that is one of two things. Either {domain} is local on the server (Email Routing: Local Mail Exchanger) and it has no mailbox, forwarder or alias {recipient}, which is what happens to mail written on the hosting server to a Microsoft 365 user; or {domain} is not local there and the server could not look up where to send it (no usable MX, or its DNS not answering).",
    fix: `If {recipient} is a Microsoft 365 user: add a forwarder on the hosting server, {recipient} → the user's onmicrosoft.com address (${CPANEL.addForwarder}); never a full mailbox, which would keep the mail. If {domain} is not local on that server, make sure its MX resolves (the confirming checks below), also from the server's own resolver.`,
    checks: ['mx.present', 'mx.targets-resolve'],
    domainOf: 'recipient',
    refines: 'unrouteable',
  },
  {
    id: 'host-no-mailbox',
    title: 'The hosting server has no such mailbox: the address exists on neither platform',
    codes: ['550 5.1.1'],
    patterns: [
      { status: ['5.1.1'], relayed: true },
      { text: /no such user here|user unknown|unknown user|no such (user|mailbox)|does not exist/i, coded: true, relayed: true },
    ],
    hop: 'm365-to-host',
    actor: 'hosting-server',
    explanation:
      'The hosting server ({server}) answered that it has no mailbox <{recipient}>. Microsoft 365 had passed the message on because it has no such mailbox either (Internal Relay sends every address it does not know to the connector), so the address exists on neither platform: a typo, a user never created, or a hosting mailbox deleted after a migration without a Microsoft 365 mailbox (or alias) taking its place. If the bounce came straight from the hosting server rather than from Microsoft 365, the hosting server is receiving mail directly: check the MX.',
    fix: `Check the address with the sender. If the user should be on the hosting server, create the mailbox (${CPANEL.emailAccounts}); if the user moved to Microsoft 365, create the Microsoft 365 mailbox or add {recipient} as an alias of the right one.`,
    checks: ['smarthost.accepts-mailbox', 'mx.no-bypass'],
    domainOf: 'recipient',
    refines: 'recipient-unknown',
  },
  {
    id: 'smarthost-untrusted-chain',
    title: "The smart host's certificate chain is incomplete or untrusted",
    codes: ['450 4.4.317 [Message=UntrustedRoot]', '450 4.7.320 [Message=UntrustedRoot]'],
    patterns: [{ text: /UntrustedRoot|PartialChain|ChainNotValid/, relayed: true }, { text: /incomplete (certificate )?chain|unable to get local issuer certificate/i, relayed: true }],
    hop: 'm365-to-host',
    actor: 'microsoft-365',
    explanation:
      "Microsoft 365 reached the smart host ({target}) and started TLS, but could not build a chain from the server's certificate to a root it trusts. Exchange Online does not fetch missing intermediate certificates, so a server that sends only its own (leaf) certificate fails even though browsers and mail clients accept the same certificate; a self-signed certificate fails the same way. Microsoft defers the message (450 4.4.317), retries for up to two days, then returns it as expired.",
    fix: `On the hosting server, install the certificate for the mail service together with its CA bundle (intermediate certificates): ${WHM.serviceCertificates} (AutoSSL does this for the server's host name). Or point the connector's smart host at a name that already has a full chain. Only if you accept unvalidated TLS: relax the connector's TLS setting in ${CONNECTORS}.`,
    checks: ['smarthost.tls', 'smarthost.certificate'],
    domainOf: 'recipient',
    refines: 'smarthost-tls-failed',
  },
  {
    id: 'smarthost-name-mismatch',
    title: "The smart host's certificate does not match the name the connector validates",
    codes: ['450 4.7.320 [Message=SubjectMismatch]', '4.4.317 [Message=SubjectMismatch]'],
    patterns: [{ text: /SubjectMismatch/, relayed: true }, { text: /certificate name mismatch|does not match (the )?(host ?name|subject)/i, relayed: true }],
    hop: 'm365-to-host',
    actor: 'microsoft-365',
    explanation:
      "Microsoft 365 reached the smart host ({target}) but the names in its certificate do not cover the name the connector checks: the smart host name, or the domain configured for certificate (domain) validation. Shared hosting servers usually present a certificate for the server's own host name (such as server123.provider.com), not for mail.{domain}. Microsoft defers the message (4.7.320) and finally returns it as expired.",
    fix: `Either use as smart host a name the certificate covers (often the hosting server's own host name, shown in cPanel's "General Information"), or install a certificate for mail.{domain} on the hosting server's mail service, or change the name the connector validates (${CONNECTORS} → the connector → "Connect only if the recipient's email server certificate matches this criteria").`,
    checks: ['smarthost.certificate'],
    domainOf: 'recipient',
    refines: 'smarthost-tls-failed',
  },
  {
    id: 'smarthost-certificate-expired',
    title: "The smart host's certificate has expired (or is not yet valid)",
    codes: ['450 4.4.317 / 4.7.320 ... expired'],
    patterns: [{ text: /ExpiredCertificate|NotTimeValid|CertificateExpired/, relayed: true }, { text: /certificate (has )?expired|expired certificate/i, relayed: true }],
    hop: 'm365-to-host',
    actor: 'microsoft-365',
    explanation:
      "Microsoft 365 reached the smart host ({target}) but its certificate is outside its validity dates, so the TLS validation the connector requires fails and the message is deferred, then returned as expired.",
    fix: `Renew the hosting server's mail certificate (${WHM.serviceCertificates}, or ${CPANEL.autoSsl}) and check the server's clock.`,
    checks: ['smarthost.certificate'],
    domainOf: 'recipient',
    refines: 'smarthost-tls-failed',
  },
  {
    id: 'smarthost-refused',
    title: 'Microsoft 365 could not connect to the smart host on port 25 (connection refused)',
    codes: ['450 4.4.316 Connection refused', '550 5.4.316 Message expired, connection refused'],
    patterns: [{ status: ['4.4.316', '5.4.316'], relayed: true }, { text: /Socket error code 10061/i, relayed: true }],
    hop: 'm365-to-host',
    actor: 'microsoft-365',
    explanation:
      "Microsoft 365 tried to hand the message to the smart host ({target}) and the TCP connection to port 25 was refused. Exchange Online keeps retrying for up to two days (delay notices with 450 4.4.316), then returns the message (5.4.316, message expired). Typical causes: the connector's smart host is the wrong name or address, nothing listens on port 25 there, or the hosting server's firewall (cPanel's CSF, a provider firewall) blocks Microsoft's sending addresses.",
    fix: `${CONNECTORS} → the connector to your organization's email server → the smart host must be the hosting server's port-25 host name or IP address. On the hosting server, let Exim listen on port 25 and allow Microsoft 365's Exchange Online Protection address ranges through the firewall. Microsoft does not resend returned messages: ask senders to send again once it works.`,
    checks: ['smarthost.resolves', 'smarthost.smtp'],
    domainOf: 'recipient',
    refines: 'connection-failed',
  },
  {
    id: 'smarthost-dns',
    title: "Microsoft 365 could not resolve the smart host's name",
    codes: ['451 4.4.0 DNS query failed', '550 5.4.4 ... NonExistentDomain'],
    patterns: [{ status: ['4.4.0', '5.4.4', '4.4.4', '4.4.312', '5.4.312'], text: /DNS|NonExistentDomain|host not found|unable to route/i, relayed: true }, { text: /SMTPSEND\.DNS|NonExistentDomain/, relayed: true }],
    hop: 'm365-to-host',
    actor: 'microsoft-365',
    explanation:
      "Microsoft 365 could not find an address for the smart host ({target}) in DNS, so it could not deliver the message for <{recipient}>: the connector names a host that does not resolve (a typo, a deleted record, or a record only in the hosting panel's own zone).",
    fix: `Publish an A record for the smart host name in the DNS zone that really serves the domain, or set the connector's smart host to a name (or IP address) that resolves: ${CONNECTORS}.`,
    checks: ['smarthost.resolves'],
    domainOf: 'recipient',
    refines: 'domain-not-found',
  },
  {
    id: 'smarthost-tls-failed',
    title: 'Microsoft 365 could not complete a TLS delivery to the smart host',
    codes: ['450 4.4.317 Cannot connect to remote server', '450 4.7.320 Certificate validation failed', '451 5.7.3 STARTTLS is required'],
    patterns: [{ status: ['4.4.317', '4.7.320', '5.7.320'], relayed: true }, { text: /STARTTLS|TLS negotiation failed|TLS handshake/i, coded: true, relayed: true }],
    hop: 'm365-to-host',
    actor: 'microsoft-365',
    explanation:
      'Microsoft 365 connected to the smart host ({target}) but the delivery failed around TLS: STARTTLS not offered, a handshake failure (Exchange Online needs TLS 1.2 or newer), or a certificate problem named in [Message=...]. Microsoft defers and retries, then returns the message as expired.',
    fix: "Make sure the hosting server's Exim offers STARTTLS on port 25 with TLS 1.2+ and a valid certificate for the smart host name; the text in [Message=...] says which part failed.",
    checks: ['smarthost.smtp', 'smarthost.tls', 'smarthost.certificate'],
    domainOf: 'recipient',
    refines: 'tls-failed',
  },
  {
    id: 'mta-sts',
    title: 'MTA-STS validation failed for the host Microsoft 365 delivers to',
    codes: ['4.4.8 / 5.4.8 ... failed MTA-STS validation', '4.7.5 / 5.7.5 ... MTA-STS'],
    patterns: [{ status: ['4.4.8', '5.4.8'], relayed: true }, { text: /MTA-?STS/i, coded: true, relayed: true }],
    hop: 'm365-to-host',
    actor: 'microsoft-365',
    explanation:
      "Exchange Online checked the destination against an MTA-STS policy and it failed. For a connector with a smart host, Microsoft validates MTA-STS against the smart host's domain, not the recipient's: with a smart host such as mail.{domain} and a policy in enforce mode for {domain} that lists only Microsoft's MX (*.mail.protection.outlook.com), the smart host is not in the policy, so Microsoft refuses to deliver to it.",
    fix: 'Add the smart host to the policy (an mx: line for it in https://mta-sts.{domain}/.well-known/mta-sts.txt, then a new id= in the _mta-sts TXT record), or use as smart host a name outside {domain} (the hosting server\'s own host name), or set the policy to mode: testing while you fix it. The smart host also needs a valid certificate for that name.',
    checks: ['smarthost.tls', 'smarthost.certificate'],
    domainOf: 'recipient',
    refines: 'tls-failed',
  },
  {
    id: 'mail-loop',
    title: 'Mail loop between Microsoft 365 and the connector (hop count exceeded)',
    codes: ['554 5.4.14 Hop count exceeded - possible mail loop', '554 5.4.6 Routing loop detected'],
    patterns: [{ status: ['5.4.14'], confidence: 'medium' }, { status: ['5.4.6', '4.4.6'], microsoft: true, confidence: 'medium' }, { text: /hop count exceeded|mail loop|routing loop|too many hops/i, microsoft: true, confidence: 'medium' }, { status: ['5.4.14', '5.4.6', '4.4.6'], relayed: true }],
    hop: 'loop',
    actor: 'microsoft-365',
    explanation:
      "The message for <{recipient}> went round until it passed the hop limit: Microsoft 365 sent it out through the connector and it came back to Microsoft 365, again and again. In a split domain the causes are: the connector's smart host is Microsoft 365 itself (or a name that resolves to *.mail.protection.outlook.com), the connector routes by MX instead of a smart host (the MX is Microsoft), or the hosting server does not deliver locally but sends the mail back to the MX (cPanel Backup Mail Exchanger, or a forwarder pointing the address back to itself).",
    fix: `${CONNECTORS} → the connector → "Route email through these smart hosts" with the hosting server's own name or IP, never "Use the MX record" and never a *.mail.protection.outlook.com name. In ${EMAIL_ROUTING} choose Local Mail Exchanger (not Backup), and remove forwarders that send an address back to itself.`,
    checks: ['smarthost.loop', 'smarthost.resolves'],
    domainOf: 'recipient',
    refines: 'routing-loop',
  },
  {
    id: 'expired',
    title: 'Microsoft 365 gave up after retrying for days (message expired)',
    codes: ['4.4.7 Message expired', '550 5.4.300 Message expired'],
    // Microsoft 365 gave up only when it wrote the bounce (5.4.300 is its code alone): a Sendmail or
    // OpenSMTPD expiry names Microsoft's MX as the host it kept trying, which is no Microsoft action.
    patterns: [
      { status: ['5.4.300'] },
      { status: ['4.4.7', '5.4.7'], reportedBy: 'microsoft' },
      { text: /message expired|delivery time expired|retry time(out)? (exceeded|expired)/i, coded: true, reportedBy: 'microsoft' },
    ],
    hop: 'm365-to-host',
    actor: 'microsoft-365',
    explanation:
      "Microsoft 365 kept the message queued and retried for about two days without delivering it, then returned it. For a hosting mailbox this means the smart host ({target}) refused the connection or failed TLS all that time; the delay notices sent before this one (4.4.316, 4.4.317, 4.7.320) name the exact reason. Microsoft does not resend expired messages after the fault is fixed.",
    fix: `Find the reason in the earlier delay notices or in ${EAC.messageTrace} for this message, fix the smart host, then ask the sender to send again.`,
    checks: ['smarthost.resolves', 'smarthost.smtp', 'smarthost.tls', 'smarthost.certificate'],
    domainOf: 'recipient',
    refines: 'delivery-expired',
    outcome: true,
  },
  {
    // Exchange Online relays connector traffic from addresses outside its published SPF (DOMAIN.md §6); a
    // hosting Exim that checks SPF on every incoming message refuses it. The reply is the Exim SPF ACL's.
    id: 'host-spf-rejects-m365',
    title: "The hosting server refused mail relayed by Microsoft 365 because SPF failed there",
    codes: ['550 SPF: <ip> is not allowed to send mail from <domain> (Exim SPF ACL, to Microsoft 365)'],
    // An SPF failure said as one (not a mere mention: Gmail's rate limit names "your SPF domain").
    patterns: [{ text: /\bSPF\b.{0,60}?\b(?:fail|failed|failure|softfail|hardfail|reject|rejected|violation|check failed|validation failed|not (?:authori[sz]ed|allowed|permitted|designated|pass(?:ed)?)|permerror|temperror|none)\b|\b(?:fail(?:ed|s)?|reject(?:ed)?|refused|violat\w*|not (?:authori[sz]ed|allowed|permitted))\b.{0,60}?\bSPF\b|\b(?:bad|invalid|broken|no|missing)\s+SPF\b|Sender Policy Framework|is not allowed to send (?:mail )?from|open-?spf\.(?:org|net)\/Why|spf\.pobox\.com/i, relayed: true }],
    hop: 'm365-to-host',
    actor: 'hosting-server',
    explanation:
      "Microsoft 365 passed the message for <{recipient}> to the hosting server ({server}) through the outbound connector, and the hosting server checked SPF for the original sender's domain against Microsoft's sending address and refused it. Exchange Online relays connector traffic from addresses that are not in its published SPF (such as 40.95.0.0/16), and a relayed message still carries the outside sender's MAIL FROM, so an SPF check at the hosting server fails although nothing is wrong with any domain's SPF record.",
    fix: `Trust the connector's traffic on the hosting server instead of changing any SPF record: on a cPanel server, ${WHM.trustedSmtpHosts} (Exchange Online's outbound ranges, from Microsoft's published list), or exempt those ranges from the SPF rejection. Mail sent straight to the hosting server still gets its SPF check.`,
    checks: ['smarthost.accepts-mailbox'],
    domainOf: 'recipient',
    refines: 'spf-reject',
  },
  {
    // Outlook.com's rule for high-volume senders (announced 2025): 550 5.7.515, Microsoft's code alone.
    id: 'outlook-sender-authentication',
    title: "Outlook.com refused the message: the sending domain does not meet its authentication requirement",
    codes: ["550 5.7.515 Access denied, sending domain <domain> doesn't meet the required authentication level"],
    patterns: [{ status: ['5.7.515'] }, { text: /doesn't meet the required authentication level/i }],
    hop: 'outbound',
    actor: 'receiving-server',
    explanation:
      "Outlook.com (Microsoft's consumer mail: outlook.com, hotmail.com, live.com) refused mail from {senderDomain}: it requires senders of volume to pass SPF and DKIM and to publish a DMARC policy (at least p=none) aligned with the From domain. In a split domain each sender has to pass on its own: Microsoft 365 (its include and its DKIM selectors) and the hosting server (its address in SPF, its own DKIM key).",
    fix: `Publish one SPF record covering both senders, enable DKIM for {senderDomain} on both (${DEFENDER.dkim}; the hosting server's key in the zone that serves the domain), and publish a DMARC record (v=DMARC1; p=none to start). Then ask the sender to send again.`,
    checks: ['spf.present', 'spf.m365-include', 'spf.hosting-covered', 'dkim.m365', 'dkim.hosting', 'dmarc.record'],
    domainOf: 'sender',
    refines: 'dmarc-reject',
  },
  {
    id: 'dmarc-reject',
    title: 'The recipient refused the message: it failed DMARC (or was unauthenticated) for your domain',
    codes: ['550 5.7.509 ... does not pass DMARC verification', "550 5.7.26 ... domain's DMARC policy", '550 5.7.26 ... sender is unauthenticated'],
    patterns: [{ status: ['5.7.509', '5.7.26'] }, { text: /DMARC/i, coded: true }],
    hop: 'answering',
    actor: 'answering',
    explanation:
      "The recipient's server ({server}) refused the message because it failed DMARC for {senderDomain}: neither SPF nor DKIM passed for a domain aligned with the From address, and the domain's DMARC policy says reject (Gmail's 5.7.26 also covers mail with no passing SPF or DKIM at all). In a split domain, one of the two senders is usually not covered: mail sent from the hosting server is not in SPF since the MX moved to Microsoft 365 (cPanel's +a +mx now mean Microsoft), the hosting DKIM key is not published where the domain's DNS really is, or DKIM signing is not enabled in Microsoft 365.",
    fix: `Make both senders pass and align: one SPF record with include:${CLOUDS.commercial.spfInclude} and the hosting server's outbound IP; the hosting server's DKIM key (${CPANEL_DKIM_SELECTOR}._domainkey) published in the zone that serves {senderDomain}; DKIM enabled for {senderDomain} in ${DEFENDER.dkim}. Keep p=none or quarantine until the DMARC reports show both senders passing.`,
    checks: ['dmarc.record', 'spf.m365-include', 'spf.hosting-covered', 'dkim.m365', 'dkim.hosting'],
    domainOf: 'sender',
    refines: 'policy-refused',
  },
  {
    id: 'spf-reject',
    title: "The recipient refused the message: SPF did not authorize the sending server",
    codes: ['550 5.7.23 ... Sender Policy Framework violation', '550 5.7.1 ... SPF'],
    // An SPF failure said as one (not a mere mention: Gmail's rate limit names "your SPF domain").
    patterns: [{ status: ['5.7.23', '5.7.24'] }, { text: /\bSPF\b.{0,60}?\b(?:fail|failed|failure|softfail|hardfail|reject|rejected|violation|check failed|validation failed|not (?:authori[sz]ed|allowed|permitted|designated|pass(?:ed)?)|permerror|temperror|none)\b|\b(?:fail(?:ed|s)?|reject(?:ed)?|refused|violat\w*|not (?:authori[sz]ed|allowed|permitted))\b.{0,60}?\bSPF\b|\b(?:bad|invalid|broken|no|missing)\s+SPF\b|Sender Policy Framework|is not allowed to send (?:mail )?from|open-?spf\.(?:org|net)\/Why|spf\.pobox\.com/i, coded: true }],
    hop: 'answering',
    actor: 'answering',
    explanation:
      "The recipient's server ({server}) checked SPF for {senderDomain} and the sending server was not authorized. In a split domain the usual causes: the hosting server's outbound IP is missing (cPanel's default +a +mx stopped covering it when the MX moved to Microsoft 365), Microsoft's include is missing, or the record is broken: two SPF records, more than 10 DNS lookups, an ipv4: typo (all permerror).",
    fix: `Publish one SPF record covering both senders, e.g. v=spf1 include:${CLOUDS.commercial.spfInclude} ip4:<the hosting server's outbound IP> -all. "splitcheck spf {senderDomain} --ip <the address in the bounce>" shows how a receiver evaluates it.`,
    checks: SPF_ALL,
    domainOf: 'sender',
    refines: 'policy-refused',
  },
  {
    id: 'dkim-reject',
    title: 'The recipient refused the message over DKIM',
    codes: ['550 5.7.20 / 5.7.21 / 5.7.22 ... DKIM'],
    // "Duplicate header 'DKIM-Signature'" (Amazon SES) names DKIM but is about the message's format: a DKIM failure is said so.
    patterns: [
      { status: ['5.7.20', '5.7.21', '5.7.22'] },
      { text: /DKIM.{0,40}(fail|invalid|missing|no valid|not valid|required|did not verify|bad signature|broken)|(no|invalid|failed|missing) DKIM/i, coded: true },
    ],
    hop: 'answering',
    actor: 'answering',
    explanation:
      "The recipient's server ({server}) found no valid DKIM signature for {senderDomain}. In a split domain both senders must sign: Microsoft 365 with selector1/selector2 (CNAMEs to Microsoft), the hosting server with its own selector (cPanel: default), whose key is often published only in the hosting panel's zone, not where the domain's DNS really is.",
    fix: `Publish the hosting DKIM key (${CPANEL_DKIM_SELECTOR}._domainkey.{senderDomain}) in the DNS zone that serves the domain, and enable DKIM for {senderDomain} in ${DEFENDER.dkim} after publishing its two CNAMEs.`,
    checks: ['dkim.m365', 'dkim.hosting', 'dmarc.record'],
    domainOf: 'sender',
    refines: 'policy-refused',
  },
  {
    id: 'm365-blocked-ip',
    title: "Microsoft (Microsoft 365 or Outlook.com) refused the sending server's IP address: it is on Microsoft's block list",
    codes: ['550 5.7.606-5.7.649 Access denied, banned sending IP'],
    patterns: [{ statusRange: ['5.7.606', '5.7.649'] }, { text: /banned sending IP/i }],
    hop: 'to-m365',
    actor: 'microsoft-365',
    explanation:
      "Microsoft 365 refused the connection from the sending server ({ip}) because that address is on Microsoft's block list. In a split domain this typically hits the hosting server when its users write to colleagues in Microsoft 365 (their mail goes to the MX, which is Microsoft): shared hosting addresses get listed because of other customers on the same server.",
    fix: "Request removal at https://sender.office.com for the address in the bounce (Microsoft's delist portal), ask the hosting provider for a clean outbound address, and make sure SPF covers the hosting server so its mail keeps a good reputation.",
    checks: ['spf.hosting-covered'],
    domainOf: 'sender',
    refines: 'ip-blocklisted',
  },
  {
    id: 'm365-no-ptr',
    title: 'Microsoft 365 refused a sending server without reverse DNS',
    codes: ['550 5.7.25'],
    // Microsoft's own refusal (550 5.7.25 from its MX, with its markers): in a bounce Microsoft 365
    // wrote, a "571 No PTR record" came from the server it delivered to, about Microsoft's address.
    patterns: [
      { status: ['5.7.25'], answeredByMicrosoft: true },
      { text: /PTR record|reverse DNS/i, coded: true, answeredByMicrosoft: true },
    ],
    hop: 'to-m365',
    actor: 'microsoft-365',
    explanation:
      "The sending server's address has no reverse DNS (PTR) record. Microsoft 365 requires one for mail sent over IPv6 (5.7.25); many receivers require one always. In a split domain this is usually the hosting server sending to Microsoft 365 over IPv6.",
    fix: "Ask the hosting provider to publish a PTR record for the server's address (matching its host name), or make Exim send over IPv4.",
    checks: [],
    domainOf: 'sender',
    refines: 'no-ptr',
  },
  {
    id: 'm365-outbound-blocked',
    title: "Microsoft 365 refused the tenant's or sending server's outgoing mail",
    codes: ['550 5.7.708 Access denied, traffic not accepted from this IP', '550 5.7.750 Client blocked from sending from unregistered domains', '550 5.7.705'],
    patterns: [{ status: ['5.7.705', '5.7.708', '5.7.750'] }, { text: /traffic not accepted from this IP|unregistered domains?/i }],
    hop: 'submission',
    actor: 'microsoft-365',
    explanation:
      "Microsoft 365 blocked outgoing mail: from an address it rates as high risk (5.7.708), for domains not registered as accepted domains of the tenant (5.7.750), or because the tenant sent too much spam (5.7.705). In a split domain this appears when the hosting server relays its outgoing mail through Microsoft 365 through an inbound connector.",
    fix: `Add every domain the hosting server sends for as an accepted domain (${ACCEPTED_DOMAINS}), check the inbound connector that admits the hosting server, look for a compromised account or script on the hosting server, then contact Microsoft support to lift a block.`,
    checks: [],
    domainOf: 'sender',
    refines: 'policy-refused',
  },
  {
    id: 'm365-auth-required',
    title: 'Microsoft 365 wants authentication: the client submitted anonymously',
    codes: ['530 5.7.57 Client was not authenticated to send anonymous mail during MAIL FROM'],
    patterns: [{ status: ['5.7.57'] }, { text: /not authenticated to send anonymous mail/i }],
    hop: 'submission',
    actor: 'microsoft-365',
    explanation:
      'An application or server submitted mail to smtp.office365.com (authenticated submission, port 587) without logging in. That host is for mail clients with an account; a server relaying for a domain must use the MX endpoint with an inbound connector instead.',
    fix: 'Configure the application to authenticate (SMTP AUTH enabled for the mailbox), or relay through <token>.mail.protection.outlook.com on port 25 with an inbound connector that identifies the server by IP or certificate.',
    checks: [],
    domainOf: 'sender',
    refines: 'auth-required',
  },
  {
    id: 'ip-blocklisted',
    title: "The recipient refused the sending server's address: it is on a block list",
    codes: ['550 5.7.1 ... blocked using <list>', '554 ... listed at <list>'],
    // Proofpoint's refusal points to its IP reputation lookup: "554 Blocked - see https://ipcheck.proofpoint.com/?ip=...".
    patterns: [{ text: /blocked using|listed (at|in|on) |blacklist|blocklist|block list|spamhaus|spamcop|barracudacentral|ipcheck\.proofpoint\.com/i, coded: true }],
    hop: 'answering',
    actor: 'answering',
    explanation:
      "The recipient's server ({server}) refused the connection because the sending address is on a DNS block list. For mail sent from the hosting server, a shared hosting address is often listed because of other customers on the same machine.",
    fix: "Look the address up at the list named in the reply and follow its delisting steps; ask the hosting provider for a clean outbound address, or send that mail through Microsoft 365 instead.",
    checks: [],
    domainOf: 'sender',
    refines: 'policy-refused',
  },
  {
    id: 'mailbox-full',
    title: "The recipient's mailbox is full",
    codes: ['552 5.2.2', '452 4.2.2'],
    patterns: [{ status: ['5.2.2', '4.2.2'] }, { text: /mailbox (is )?full|over ?quota|quota exceeded|exceeded (the )?(storage|quota)|insufficient (disk )?(space|storage)|mail ?box size limit|full mailbox/i }],
    hop: 'answering',
    actor: 'answering',
    explanation:
      'The mailbox of <{recipient}> is over its storage quota ({server}). On a shared hosting server the quota is per mailbox (and per hosting account); in Microsoft 365 it is the mailbox size limit.',
    fix: `Free space in the mailbox or raise its quota (${CPANEL.emailAccounts} → Manage → Allocated Storage Space; in Microsoft 365, the mailbox plan).`,
    checks: [],
    domainOf: 'recipient',
  },
  {
    // Exchange Online's own outbound protection, in Microsoft's meanings rather than RFC 3463's (its NDR
    // table: 5.1.8 "Access denied, bad outbound sender", 5.1.90 the daily recipient limit, 5.2.2
    // "Submission quota exceeded"): the sender's account, not the recipient or its server.
    id: 'm365-sender-restricted',
    title: "Microsoft 365 stopped the sender's own mailbox from sending (a restricted account or a sending limit)",
    codes: ['550 5.1.8 Access denied, bad outbound sender', '550 5.1.90 ... reached your daily limit for message recipients', '554 5.2.2 Submission quota exceeded'],
    patterns: [
      { text: /bad outbound sender/i, microsoft: true },
      { text: /submission quota (was )?exceeded|reached your daily limit for message recipients/i, microsoft: true },
      { status: ['5.1.90'], microsoft: true },
    ],
    hop: 'in-m365',
    actor: 'microsoft-365',
    explanation:
      "Microsoft 365 refused to send this message for <{sender}>: the account is restricted from sending (5.1.8, after it sent what Microsoft judged to be spam: usually a compromised password) or it went over Exchange Online's sending limits (5.1.90, or 5.2.2 \"submission quota\", which here is not a full mailbox). Nothing is wrong with <{recipient}> or its server.",
    fix: "Secure the account first (reset its password, sign it out everywhere, remove inbox rules and forwarding nobody made), then release it in the Microsoft Defender portal → Email & collaboration → Review → Restricted entities. For a sending limit, wait 24 hours, and send bulk mail through a service meant for it.",
    checks: [],
    domainOf: 'sender',
    refines: 'sender-rejected',
  },
  {
    // Exchange's recipient restrictions (RESOLVER.RST.*, 5.7.12/5.7.13x, 5.7.124): the group or mailbox takes
    // mail only from authenticated senders of the organisation, or only from listed senders. Not SMTP AUTH.
    id: 'm365-recipient-restricted',
    title: 'Microsoft 365 refused the message: the recipient takes mail only from senders inside the organisation (or from a list)',
    codes: ['550 5.7.133 RESOLVER.RST.SenderNotAuthenticatedForGroup', '550 5.7.1 RESOLVER.RST.AuthRequired; authentication required', '550 5.7.124 Sender not in allowed-senders list'],
    patterns: [
      { status: ['5.7.12', '5.7.13', '5.7.124', '5.7.133', '5.7.134', '5.7.135', '5.7.136'], microsoft: true },
      { text: /RESOLVER\.RST\.(?:AuthRequired|NotAuthorized|SenderNotAuthenticated[A-Za-z]*|RestrictedToRecipientsPermission)|sender (was )?not authenticated for (group|mailbox|public folder)|Sender was not authenticated|not in allowed-senders list/i, microsoft: true },
    ],
    hop: 'in-m365',
    actor: 'microsoft-365',
    explanation:
      "Microsoft 365 accepted the message but would not deliver it to <{recipient}>: that group or mailbox takes mail only from authenticated senders of the organisation (or only from the senders listed for it), and this message came from outside. In a split domain that is typically the hosting server's mail (its users, web forms and scripts) to a Microsoft 365 group: it reaches Microsoft 365 anonymously, like any outside mail, even with the domain's own sender address.",
    fix: "If the group should take this mail: Exchange admin center → Recipients → Groups → the group → Settings → Delivery management → \"Allow messages from people inside and outside my organization\" (Exchange Online PowerShell: Set-DistributionGroup -Identity <group> -RequireSenderAuthenticationEnabled $false), or add the sender to the group's allowed senders. Otherwise the refusal is intended.",
    checks: [],
    domainOf: 'recipient',
    refines: 'recipient-restricted',
  },
  // ——— Generic entries: the hop the bounce shows, no split-domain actor ———
  {
    // Any Exchange Server's recipient restrictions (RESOLVER.RST.*), on-premises too: not SMTP AUTH.
    id: 'recipient-restricted',
    title: 'The receiving organisation refused the message: the recipient takes mail only from its own (authenticated) senders or from a list',
    codes: ['550 5.7.1 RESOLVER.RST.AuthRequired; authentication required', '550 5.7.1 RESOLVER.RST.NotAuthorized; not authorized'],
    patterns: [{ text: /RESOLVER\.RST\.(?:AuthRequired|NotAuthorized|SenderNotAuthenticated[A-Za-z]*|RestrictedToRecipientsPermission)|sender (was )?not authenticated for (group|mailbox|public folder)|not in allowed-senders list/i, coded: true }],
    hop: 'answering',
    actor: 'answering',
    explanation: "{server} would not deliver to <{recipient}>: that group or mailbox is set to take mail only from authenticated senders of its own organisation (Exchange's \"Require that all senders are authenticated\"), or only from senders listed for it, and this message came from outside that list.",
    fix: "Only the recipient's administrator can change it (the group's delivery management: allow senders from outside the organisation, or add this sender). Ask the recipient to do so, or write to a person rather than the group.",
    checks: [],
    domainOf: 'recipient',
    refines: 'policy-refused',
  },
  {
    // Before the recipient entries: "Domain of sender address ... does not exist" says "does not exist" too.
    id: 'sender-rejected',
    title: "The receiving server refused the sender's address",
    codes: ['553 5.1.8 Domain of sender address does not exist', '550 5.1.7 Invalid sender', '550 ... after MAIL FROM'],
    patterns: [
      { status: ['5.1.7', '5.1.8'] },
      {
        text: /domain of sender address|sender (address |domain )?(rejected|refused|invalid|unknown|not (found|allowed|permitted)|does not exist|must exist|verify failed)|sender verify|unverifi(ed|able) sender|invalid sender|Sender address rejected|Verification failed for <|bad sender|sender domain .{0,60}(not found|does not|must)|unroutable sender|sender.{0,20}not resolv/i,
      },
      { command: ['MAIL'], coded: true, confidence: 'low' },
    ],
    hop: 'answering',
    actor: 'answering',
    explanation:
      "{server} refused the sender <{sender}> (at MAIL FROM, before any recipient): RFC 3463 5.1.7 and 5.1.8 mean the sender's address or its domain is not acceptable there, most often because {senderDomain} has no MX or A record the receiver can find, or its callout to the sender's own server failed. This is about the sender, not the recipient <{recipient}>.",
    fix: "Check that {senderDomain} resolves (an MX record, or at least an A record) and that its own mail server accepts mail for <{sender}> (some receivers call back to verify it). If the sender address is an application's made-up one, give it a real mailbox.",
    checks: ['mx.present', 'mx.targets-resolve'],
    domainOf: 'sender',
  },
  {
    // RFC 7505 §4.2: the sender's domain publishes a null MX, so it can receive no replies.
    id: 'sender-null-mx',
    title: "The receiving server refused the sender: the sender's domain publishes a null MX",
    codes: ['550 5.7.27 Sender address has null MX'],
    patterns: [{ status: ['5.7.27'] }, { text: /sender address has null MX/i }],
    hop: 'answering',
    actor: 'answering',
    explanation:
      "{server} refused mail from <{sender}> because {senderDomain} publishes a null MX (\"MX 0 .\", RFC 7505): the domain declares it receives no mail, so bounces and replies to it could never be delivered, and receivers may refuse its mail (RFC 7505 §4.2).",
    fix: "If {senderDomain} sends mail, replace the null MX with its real MX record (for Microsoft 365, the MX the Microsoft 365 admin center shows for the domain).",
    checks: ['mx.present'],
    domainOf: 'sender',
    refines: 'sender-rejected',
  },
  {
    id: 'no-ptr',
    title: "The receiving server refused the sending server: its address has no (matching) reverse DNS",
    codes: ['550 5.7.25 reverse DNS validation failed', '550 ... no PTR record', "450 Client host rejected: cannot find your hostname"],
    patterns: [{ status: ['5.7.25'] }, { text: /\bPTR\b|reverse (DNS|lookup)|\brDNS\b|cannot find your (host ?name|reverse)|no DNS entry for your IP|reverse hostname|IP name lookup failed|does not resolve to (your|the) IP/i, coded: true }],
    hop: 'answering',
    actor: 'answering',
    explanation:
      "{server} refused the connection because the sending server's address ({ip}) has no reverse DNS (PTR) record, or its PTR name does not resolve back to the address (RFC 8601 §3 \"iprev\"). Many receivers require it of every sender.",
    fix: "Ask whoever runs the sending server's address (the hosting provider, for a hosting server) to publish a PTR record for it, naming a host whose A/AAAA record points back to the same address.",
    checks: [],
    domainOf: 'sender',
    refines: 'policy-refused',
  },
  {
    id: 'rate-limited',
    title: 'The receiving server deferred or refused the message for sending too much, too fast (rate limit)',
    codes: ['421 4.7.0 Too many connections', '450 4.7.28 rate limited', '452 4.5.3 Too many recipients'],
    patterns: [
      { status: ['4.7.28', '5.7.28', '4.5.3', '5.5.3'] },
      { text: /too many (connections|concurrent|messages|recipients|errors|sessions)|thread limit exceeded|receive limit( from specific sender)? exceeded|rate ?limit|rate of|throttl|unusual rate|exceeded .{0,30}(limit|rate|quota for sending)|connection limit|sending limit|too fast|temporarily rate/i, coded: true },
    ],
    hop: 'answering',
    actor: 'answering',
    explanation: "{server} limited the sending server: too many connections, messages or recipients in a short time from one address. A temporary (4xx) refusal is retried; a permanent one means the limit was hit hard or repeatedly.",
    fix: 'Send in smaller batches or more slowly (fewer recipients per message, fewer parallel connections); if the volume is legitimate, ask the receiving provider about its limits.',
    checks: [],
    domainOf: 'sender',
    refines: 'connection-refused',
  },
  {
    // RFC 5321 §3.1: 554 at the greeting means "no SMTP service here"; Exim's "refused to talk to me" quotes it.
    id: 'connection-refused',
    title: 'The receiving server refused to talk to the sending server at all (at connection, before any recipient)',
    codes: ['554 No SMTP service here', '554 ... not accepting connections', 'refused to talk to me: 550 ...'],
    patterns: [
      { text: /not accepting connections|refused to talk to me|no SMTP service|service (refused|refuse)|ESMTP not accepting|does not accept mail|connection (rejected|not accepted)|not accepting (mail|messages) from|access denied for (your )?ip/i, coded: true, confidence: 'medium' },
      { command: ['CONNECT', 'HELO'], coded: true, confidence: 'low' },
    ],
    hop: 'answering',
    actor: 'answering',
    explanation: "{server} refused the sending server as soon as it connected (or at HELO), before any sender or recipient was named: it does not accept mail from that address now. Usually the sending server's address or its reputation (a block list, too many connections or errors, no reverse DNS); the reply's own words are the only clue to which.",
    fix: "Read the reply for the provider's reason or link; look the sending server's address up on the major block lists and check its reverse DNS; if it persists, ask the receiving provider.",
    checks: [],
    domainOf: 'sender',
    refines: 'policy-refused',
  },
  {
    id: 'greylisted',
    title: 'The receiving server deferred the message on purpose (greylisting): the sender retries',
    codes: ['450 4.2.0 Greylisted, please try again later', '451 4.7.1 Please try again later'],
    patterns: [{ text: /grey ?list|gray ?list|try again later|please retry later|temporarily (deferred|rejected)|deferred for \d+ seconds/i, coded: true, confidence: 'medium' }],
    hop: 'answering',
    actor: 'answering',
    explanation: '{server} asked the sending server to come back later, which is how greylisting works: a real mail server retries after a few minutes and gets through. Only if the retries kept failing until the message expired is there something to fix.',
    fix: 'Nothing while the sender is still retrying. If the message finally expired, check that the sending server retries from the same address and keeps retrying for at least an hour.',
    checks: [],
    domainOf: 'sender',
    refines: 'delivery-expired',
  },
  {
    // RFC 7505 §3: a null MX means the domain accepts no mail at all (556 5.1.10).
    id: 'null-mx',
    title: "The recipient's domain accepts no mail (null MX)",
    codes: ['556 5.1.10 Recipient address has null MX'],
    patterns: [{ status: ['5.1.10'], text: /null MX/i }, { text: /null MX/i }],
    hop: 'answering',
    actor: 'answering',
    explanation: '{domain} publishes a null MX ("MX 0 .", RFC 7505): it declares that it receives no mail at all, so {server} did not try to deliver to <{recipient}>.',
    fix: 'Check the address with the recipient. If {domain} should receive mail, its owner must replace the null MX with real MX records.',
    checks: ['mx.present'],
    domainOf: 'recipient',
    refines: 'domain-not-found',
  },
  {
    id: 'domain-not-found',
    title: "The recipient's domain could not be found in DNS (no MX or address record)",
    codes: ['550 5.1.2 Host or domain name not found', '5.4.4 Unable to route', 'Name service error'],
    patterns: [
      { status: ['5.1.2', '4.1.2'] },
      // Exchange Online's own lookup: "550 5.4.310 DNS domain <domain> does not exist [Message=InfoDomainNonexistent]".
      { status: ['5.4.310'] },
      {
        text: /host or domain name not found|name service error|had no relevant answers|\bhost unknown|unknown host|domain (name )?(\S+ )?(does not|doesn't) exist|InfoDomainNonexistent|NonExistentDomain|domain (name )?not found|NXDOMAIN|no such domain|unknown domain|couldn't find any host named|(no|non-existent) (MX|mail exchanger)|all relevant MX records point to non-existent hosts|Unrouteable (mail )?domain|host not found|nonexistent (domain|host)|unresolvable|DNS (lookup|query) failed|lowest numbered MX record points to local host/i,
      },
      { status: ['5.4.4', '4.4.4'], confidence: 'medium' },
    ],
    hop: 'reporting',
    actor: 'reporting-server',
    explanation: "The server that wrote the bounce ({reporter}) could not find where to deliver mail for {domain}: DNS gave it no MX and no address record (or the domain does not exist), so the message for <{recipient}> was never handed to another server. Usually a typo in the domain; sometimes the domain's DNS is broken or expired.",
    fix: 'Check the address with the recipient (a typo in the domain is the usual cause). If {domain} is right, its owner must fix its DNS: publish its MX record (for Microsoft 365, the one the admin center shows) and make sure the zone is served.',
    checks: ['mx.present', 'mx.targets-resolve'],
    domainOf: 'recipient',
  },
  {
    // Exim writes "Unrouteable address" when no router accepts it: the domain has no usable MX, or a local domain has no such address.
    id: 'unrouteable',
    title: 'The server that wrote the bounce found no route for the address (Exim: Unrouteable address)',
    codes: ['Unrouteable address (Exim)'],
    patterns: [{ text: /Unrouteable address/i, noCode: true, confidence: 'medium' }],
    hop: 'reporting',
    actor: 'reporting-server',
    explanation: "{reporter} bounced <{recipient}> itself: no router of its Exim accepted the address. Either {domain} has no MX or address record it could use, or the server treats {domain} as its own and has no mailbox, alias or forwarder of that name.",
    fix: 'Check the address. If it is right, check that {domain} has a working MX record (the confirming checks below); if the server that wrote the bounce hosts {domain}, create the mailbox or forwarder there.',
    checks: ['mx.present', 'mx.targets-resolve'],
    domainOf: 'recipient',
  },
  {
    id: 'recipient-moved',
    title: 'The recipient has moved (the server names no forwarding address, or a new one)',
    codes: ['551 5.1.6 User not local; please try <forward-path>', '550 5.1.6 Recipient address has moved'],
    patterns: [{ status: ['5.1.6'] }, { text: /user not local|has moved|no longer (with|at|works)|changed (his|her|their) (e-?mail )?address|forward(ing)? address|new address/i, coded: true, confidence: 'medium' }],
    hop: 'answering',
    actor: 'answering',
    explanation: '{server} says <{recipient}> has moved: the address no longer receives mail there (RFC 5321 551, RFC 3463 5.1.6). The reply may name the new address.',
    fix: 'Write to the new address if the reply names one; otherwise ask the recipient for it.',
    checks: [],
    domainOf: 'recipient',
    refines: 'recipient-unknown',
  },
  {
    id: 'mailbox-disabled',
    title: "The recipient's mailbox exists but is disabled, suspended or not accepting mail",
    codes: ['550 5.2.1 Mailbox disabled, not accepting messages'],
    patterns: [
      { status: ['5.2.1', '4.2.1'], text: /disabled|suspend|inactive|deactivat|locked|blocked|frozen|not accepting|closed|expired|unavailable|over quota/i, confidence: 'medium' },
      { status: ['5.2.1'], confidence: 'medium' },
      { text: /(mailbox|account|user) (is |has been )?(disabled|suspended|inactive|deactivated|locked|frozen|closed|expired|temporarily disabled)|(disabled|suspended|inactive|deactivated|expired|closed) (mailbox|account|user)|not accepting (mail|messages)|no longer (active|in use|valid|available)/i },
    ],
    hop: 'answering',
    actor: 'answering',
    explanation: '{server} knows <{recipient}> but the mailbox is disabled, suspended or closed: the account exists and accepts no mail (RFC 3463 5.2.1).',
    fix: 'Ask the recipient (or their administrator) whether the mailbox is still in use, or for another address.',
    checks: [],
    domainOf: 'recipient',
    refines: 'recipient-unknown',
  },
  {
    // After the sender entries: "does not exist" and "unknown" are about the recipient only here.
    id: 'recipient-unknown',
    title: 'The receiving server has no mailbox with this address',
    codes: ['550 5.1.1 User unknown', '550 No such user', '5.1.1 Recipient address rejected'],
    patterns: [
      { status: ['5.1.1'] },
      {
        text: /user unknown|unknown user|unknown (local[- ]part|recipient|address|mailbox|account)|no such (user|mailbox|recipient|address|account|local user)|(user|mailbox|recipient|address|account)( name)? (is )?(does not exist|doesn't exist|not found|not exist|unknown|not (valid|recognized|recognised|listed))|account (that )?you tried to reach (does not|doesn't) exist|(address|recipient) you entered (couldn't|could not) be found|(couldn't|could not) be found at|invalid (recipient|mailbox|address|user)|not a valid (mailbox|recipient|user)|no mailbox|mailbox not found|recipient not found|not listed in|unknown or illegal alias|bad destination mailbox|no account|Invalid Address|not our customer|(user|address) (doesn't|does not) have an? \S{1,60} account|unrouteable user|addressee unknown|no longer valid|undeliverable address|is not a valid user|user not found|recipient invalid/i,
      },
      { status: ['5.1.0', '5.1.3'], confidence: 'medium' },
      // "X does not exist" may name the sender's domain ("553 sender.example does not exist"): a reading, not a verdict.
      { text: /does not exist|doesn't exist/i, confidence: 'medium' },
      // RFC 5321's own text for 550: the mailbox does not exist, or refused by policy (Outlook.com means the former).
      { text: /mailbox (is )?unavailable|mailbox not available|unavailable mailbox/i, confidence: 'low' },
    ],
    hop: 'answering',
    actor: 'answering',
    explanation: "{server} answered that it has no mailbox <{recipient}>: the address is mistyped, was never created, or was deleted. The domain is fine; only this address is not.",
    fix: 'Check the address with the recipient. If you run {domain}: create the mailbox, or an alias or forwarder with this name, on the server that holds its mailboxes.',
    checks: [],
    domainOf: 'recipient',
  },
  {
    id: 'message-too-big',
    title: 'The message is larger than the receiving server accepts',
    codes: ['552 5.3.4 Message size exceeds fixed limit', '552 5.2.3 Message too big'],
    patterns: [
      { status: ['5.3.4', '5.2.3', '4.3.4', '4.2.3'] },
      // The message's size, not its headers' ("Headers too large (3 max)" is the format: protocol-error).
      { text: /(message|mail|size) .{0,30}(too (big|large)|exceeds|exceeded|over the limit|limit exceeded)|(message|mail|attachment|file)s? (is |are )?too (big|large)|size limit|maximum (message )?size|message length exceeds|exceeds (the )?(maximum|size)/i, coded: true },
    ],
    hop: 'answering',
    actor: 'answering',
    explanation: '{server} refused the message because of its size: it is above the limit the receiver accepts for one message (attachments count after encoding, about a third larger than on disk).',
    fix: 'Send the attachments as a link (OneDrive/SharePoint or another file share) or in several smaller messages.',
    checks: [],
    domainOf: 'sender',
  },
  {
    id: 'virus-rejected',
    title: 'The receiving server refused the message: it found a virus or a dangerous attachment',
    codes: ['554 5.7.1 Virus found', '550 5.7.0 Message contains malware'],
    patterns: [{ text: /virus|malware|infected|trojan|worm\b|dangerous attachment|banned attachment|attachment.{0,30}(not allowed|forbidden|blocked)|\.exe\b/i, coded: true }],
    hop: 'answering',
    actor: 'answering',
    explanation: "{server}'s content filter refused the message: it found a virus, malware or an attachment type it does not accept.",
    fix: 'Scan the sending computer; send the file another way (a link, or zipped if only its type was refused).',
    checks: [],
    domainOf: 'sender',
    refines: 'spam-rejected',
  },
  {
    id: 'spam-rejected',
    title: 'The receiving server refused the message as spam or by its content filter',
    codes: ['550 5.7.1 Message rejected as spam', '554 5.7.1 Message content rejected'],
    patterns: [
      // Not any "spam": Gmail's "To reduce the amount of spam sent to Gmail, this message has been blocked" rides on other refusals.
      { text: /(rejected|refused|blocked|identified|detected|flagged|classified|considered|marked|scored) (as|for) (spam|junk)|(looks|appears) like spam|spam (detected|message|content|score|filter|policy|check|suspected)|likely (to be )?spam|junk mail|unsolicited|\bUCE\b|bulk mail|content (filter|rejected|policy)|message (content )?(rejected|refused|blocked) (as|because|by|due to (its )?content)|rejected (as|for) (spam|policy)|suspicious|phish|scam|not accepted for policy reasons|content.{0,20}(not accepted|violat)|high probability of|blocked by (the )?(filter|policy)|message filtered|filter(ed)? (rule|policy)|SpamAssassin|denied by policy/i, coded: true },
      { text: /(rejected|refused|blocked|identified|detected|flagged|classified|considered|marked) (as|for) spam|spam (detected|message)|content filter/i, confidence: 'medium' },
    ],
    hop: 'answering',
    actor: 'answering',
    explanation: "{server}'s filter refused the message for its content or because it scored it as spam. That decision is the receiver's own; it usually weighs the sender's authentication (SPF, DKIM, DMARC) and reputation as well as the text.",
    fix: "Make sure the sender's domain passes SPF, DKIM and DMARC (the confirming checks below), avoid link shorteners and bulk-mail wording, and ask the recipient to allow the sender.",
    checks: ['spf.present', 'dkim.m365', 'dkim.hosting', 'dmarc.record'],
    domainOf: 'sender',
    refines: 'policy-refused',
  },
  {
    id: 'relay-denied',
    title: 'The receiving server refused to relay: it does not accept mail for the recipient\'s domain',
    codes: ['550 5.7.1 Relaying denied', '554 5.7.1 Relay access denied', '550 relay not permitted'],
    patterns: [{ text: /relay(ing)? (access )?(denied|not permitted|prohibited|not allowed|refused)|unable to relay|not permitted to relay|we do not relay|relay not|no relaying|cannot relay|not (a )?(local|hosted) domain|not in my list of allowed rcpthosts|not accepted here/i }],
    hop: 'answering',
    actor: 'answering',
    explanation: "{server} refused <{recipient}> as a request to relay mail to someone else's domain: it does not consider {domain} a domain it receives mail for. Either the message reached the wrong server (an old MX or a stale DNS answer), or that server is meant to receive for {domain} and is not set up to (in cPanel, Email Routing not set to Local; elsewhere, the domain missing from its local or relay domains).",
    fix: `Check that the MX of {domain} names the server that really receives its mail. If that server is the one that refused, add {domain} to the domains it accepts (on a cPanel server: ${REMEDY.localRouting}).`,
    checks: ['mx.present'],
    domainOf: 'recipient',
    refines: 'policy-refused',
  },
  {
    id: 'auth-required',
    title: 'The server wanted the sender to log in (SMTP authentication) before accepting the message',
    codes: ['530 5.7.0 Authentication required', '550 5.7.1 Client does not have permissions to send as this sender'],
    // Not Exchange's recipient restrictions (RESOLVER.RST.AuthRequired: the recipient takes only internal senders).
    patterns: [{ status: ['5.7.8', '5.7.0', '5.7.1', '5.5.1'], text: /^(?![\s\S]*RESOLVER\.RST\.(?:AuthRequired|NotAuthorized|SenderNotAuthenticated))[\s\S]*?(authenticat(ion|e) (is )?required|must (be )?authenticat|not authenticated|AUTH first|authentication (failed|credentials)|requires authentication)/i }],
    hop: 'answering',
    actor: 'answering',
    explanation: "{server} requires the sending client to authenticate (SMTP AUTH) before it accepts the message, and it did not (or its credentials failed). That is a submission server's rule: a client or application sent to a server that only takes mail from its own logged-in users.",
    fix: "Configure the sending application or mail client to log in (user name and password, on port 587 with STARTTLS), or send through the server meant for it.",
    checks: [],
    domainOf: 'sender',
    refines: 'policy-refused',
  },
  {
    id: 'tls-required',
    title: 'The receiving server requires an encrypted connection (TLS), which the sender did not use',
    codes: ['530 5.7.0 Must issue a STARTTLS command first', '5.7.10 Encryption needed'],
    patterns: [{ status: ['5.7.10', '4.7.10', '5.7.11'] }, { text: /STARTTLS (is )?(command )?(first|required)|must issue a STARTTLS|TLS (is )?required|encryption (is )?(needed|required)|requires (a )?(secure|encrypted) connection/i, coded: true }],
    hop: 'answering',
    actor: 'answering',
    explanation: '{server} accepts mail only over an encrypted connection (STARTTLS), and the sending server did not start TLS (or could not agree on a TLS version or cipher with it).',
    fix: 'Let the sending server use STARTTLS (TLS 1.2 or newer) for outgoing mail.',
    checks: [],
    domainOf: 'sender',
    refines: 'policy-refused',
  },
  {
    id: 'routing-loop',
    title: 'The message looped between servers until it passed the hop limit',
    codes: ['554 5.4.6 Routing loop detected', 'Too many hops'],
    // Postfix's local and virtual delivery: "mail forwarding loop for <address>" (no code in the text).
    patterns: [{ status: ['5.4.6', '4.4.6'] }, { text: /hop count exceeded|mail loop|mail forwarding loop|routing loop|too many hops|loop(s)? back to myself|mail for .{0,60} loops back|loop detected|too many (Received|\"Received\") (headers|lines)/i }],
    hop: 'answering',
    actor: 'answering',
    explanation: 'The message for <{recipient}> went round between servers (or back into the same one) until it passed the hop limit (RFC 5321 §6.3). A server that forwards the address, an MX that points back at the sender, or a domain that is local on one server and remote on another causes it.',
    fix: 'Look at the Received lines of the returned message for the servers that repeat; fix the forwarder or routing that sends the address back (an MX, a smart host or a forwarder pointing at a server that sends it on again).',
    checks: ['mx.present'],
    domainOf: 'recipient',
  },
  {
    id: 'connection-failed',
    title: "The server that wrote the bounce could not connect to the recipient's server (refused, timed out, or TLS failed)",
    codes: ['4.4.1 No answer from host', '4.4.2 Bad connection', 'Connection refused', 'Connection timed out'],
    patterns: [
      { status: ['4.4.1', '5.4.1', '4.4.2', '5.4.2', '4.4.0', '5.4.0'], text: /connect|timed? ?out|refused|unreachable|no route|network|lost|closed|reset|no answer|TLS|SSL/i },
      { text: /network error|connection (refused|timed? ?out|reset|closed|lost|dropped)|timed? ?out (while|during|waiting)|no route to host|network is unreachable|could not connect|couldn't connect|unable to connect|failed to connect|cannot connect|can't connect|connect(ion)? to .{0,80} failed|lost connection|no answer from|host .{0,40} not (responding|reachable)|TLS (negotiation|handshake) failed|SSL (routines|handshake)|conversation with .{0,80} timed out|did not accept our requests to connect|\d\]?: (timed out|connection refused)\]/i },
    ],
    hop: 'receiving',
    actor: 'reporting-server',
    explanation: "{reporter} tried to deliver to {server} for <{recipient}> and could not: the connection was refused, timed out or broke (or TLS could not be agreed). Nothing was refused on purpose; while the errors are temporary the sending server retries, and it returns the message when its retry time runs out.",
    fix: "If you run the receiving server: make sure it listens on port 25, that its firewall lets the sender's addresses in, and that it offers STARTTLS with a valid certificate. Otherwise tell the recipient their mail server is unreachable.",
    checks: ['mx.present', 'mx.targets-resolve'],
    domainOf: 'recipient',
  },
  {
    id: 'tls-failed',
    title: "The server that wrote the bounce could not set up an encrypted (TLS) connection with the receiving server",
    codes: ['450 4.4.317 Cannot connect to remote server [Message=UntrustedRoot]', '450 4.7.320 Certificate validation failed', 'TLS handshake failed'],
    patterns: [
      { status: ['4.4.317', '4.7.320', '5.7.320'], text: /certificate|TLS|SSL|Untrusted|Mismatch|Chain|expired/i },
      { status: ['4.4.317', '4.7.320', '5.7.320'] },
      { text: /UntrustedRoot|PartialChain|SubjectMismatch|CertificateExpired|certificate (validation|verification) failed|certificate (has )?expired|TLS (negotiation|handshake) failed|SSL handshake|unable to get local issuer certificate|self[- ]signed certificate|hostname mismatch/i },
    ],
    hop: 'receiving',
    actor: 'reporting-server',
    explanation: "{reporter} reached {server} but could not set up TLS with it, or did not trust its certificate (an incomplete chain, a name that does not match, an expired or self-signed certificate), and its policy is not to deliver without it. While the error is temporary it retries, then returns the message.",
    fix: "If you run the receiving server: install its certificate with the full chain (intermediate certificates), for the name senders connect to, and keep it renewed; offer TLS 1.2 or newer. Otherwise tell the recipient's administrator.",
    checks: [],
    domainOf: 'recipient',
    refines: 'connection-failed',
  },
  {
    id: 'delivery-expired',
    title: 'The server that wrote the bounce gave up after retrying for days (delivery time expired)',
    codes: ['4.4.7 Delivery time expired', 'retry timeout exceeded', 'Giving up on <ip>'],
    patterns: [
      { status: ['4.4.7', '5.4.7'] },
      {
        text: /message expired|envelope expired|delivery time expired|have been failing for a long time|retry time(out)? (not reached|exceeded|expired)|could not be delivered (for|within) .{0,30}(days|hours)|giving up|gave up|too long in (the )?queue|has not been delivered .{0,30}(days|hours)|undeliverable for|timeout exceeded|been in the queue too long|maximum (delivery|retry) time|delivery (attempts )?will continue|still (trying|retrying)|deferred|will (keep )?retry/i,
      },
    ],
    hop: 'reporting',
    actor: 'reporting-server',
    explanation: "{reporter} kept the message for <{recipient}> in its queue and retried, but could not deliver it before its retry time ran out (or is still retrying: a delay notice). The last error it saw, if the bounce quotes one, is the real cause.",
    fix: "Read the last error quoted in the bounce (connection refused or timed out, a DNS failure, a temporary refusal). If the recipient's server was unreachable for days, tell the recipient; then send the message again.",
    checks: ['mx.present', 'mx.targets-resolve'],
    domainOf: 'recipient',
    outcome: true,
  },
  {
    id: 'system-error',
    title: 'The receiving or reporting server failed internally (not a verdict on the address)',
    codes: ['451 4.3.0 Local error in processing', '554 5.3.0 Mail system error', 'mailer error / Command output'],
    patterns: [
      { status: ['4.3.5', '5.3.5', '4.3.2', '5.3.2', '4.3.1', '5.3.1'] },
      // x.3.0 is RFC 3463's "other mail system status": a system fault, most likely, but it says little.
      { status: ['4.3.0', '5.3.0'], confidence: 'medium' },
      { text: /local error|internal (server )?error|system error|temporary (local )?(failure|problem|error)|mailer error|command output|Command died|procmail|pipe to|out of memory|disk full|resources (temporarily )?unavailable|configuration error|I\/O error/i, coded: true, confidence: 'medium' },
      { text: /mailer error|command output|Command died|procmail|pipe to \||return code|exit code|exited with|(delivery|local delivery) failed/i, confidence: 'medium' },
      // RFC 5321's own words for 421/554 ("Transaction failed", "Service unavailable"): they say nothing about why.
      { text: /service (is )?(currently |temporarily )?(unavailable|not available)|transaction failed/i, coded: true, confidence: 'low' },
    ],
    hop: 'answering',
    actor: 'answering',
    explanation: '{server} could not process the message because of a fault of its own (a full disk, a broken delivery program or filter, a configuration error), not because of the address or the message.',
    fix: "If you run that server, read its mail log at the time of the bounce. Otherwise tell the recipient's administrator; temporary faults clear when the sender retries.",
    checks: [],
    domainOf: 'recipient',
  },
  {
    id: 'protocol-error',
    title: 'The receiving server refused an SMTP command as malformed or out of order',
    codes: ['500 5.5.1 Command unrecognized', '501 5.5.4 Syntax error in parameters', '503 5.5.1 Bad sequence of commands', '553 5.1.3 Bad address syntax'],
    patterns: [
      { status: ['5.5.1', '5.5.2', '5.5.4', '5.5.5', '5.1.3', '5.6.0', '5.6.1', '5.6.3', '5.6.5'], confidence: 'medium' },
      { text: /syntax error|bad (address|command|sequence)|duplicate header|headers? too (large|long|many)|too many headers|unrecognized command|command not (recognized|implemented)|invalid (address )?syntax|line too long|8-?bit|malformed|unexpected|bare (LF|linefeed)|protocol (error|violation)|not RFC ?\d* compliant|message.{0,20}(corrupt|broken|malformed)/i, coded: true, confidence: 'medium' },
    ],
    hop: 'answering',
    actor: 'answering',
    explanation: '{server} refused part of the SMTP conversation or the message format as invalid: an address with bad syntax, a command out of order, or a message it cannot parse (line length, encoding). A problem of the sending software or of the address as typed.',
    fix: 'Check the address for typos or stray characters; if it is right, the sending software (or a gateway on the way) must be fixed to send valid SMTP (RFC 5321) and message format (RFC 5322).',
    checks: [],
    domainOf: 'sender',
  },
  {
    // The last resort: a refusal for policy reasons with nothing more specific. Low confidence: a possibility.
    id: 'policy-refused',
    title: 'The receiving server refused the message by its policy (it does not say which)',
    codes: ['550 5.7.1 Delivery not authorized, message refused', '554 5.7.0 Rejected', '553 Access denied'],
    patterns: [
      { status: ['5.7.1', '5.7.0', '4.7.1', '4.7.0', '5.7.2', '5.7.9', '5.7.13', '5.7.17', '5.7.18'], confidence: 'low' },
      { text: /blocked|block(ed)? by|rejected|refused|denied|not (authorized|allowed|permitted)|prohibited|forbidden|blacklist|policy|reputation|poor|restricted|not welcome/i, coded: true, confidence: 'low' },
      // Google Workspace, in words only: "The user or domain that you are sending to (or from) has a policy that prohibited the mail that you sent."
      { text: /has a policy that prohibited the mail/i, confidence: 'medium' },
      // The reply says in so many words that a policy of the receiver refused it ("Rejected by header
      // based Anti-Spoofing policy", "not accepted for policy reasons"): still not which rule.
      { text: /\b(?:rejected|refused|denied|blocked|not accepted)\b.{0,40}?\bpolic(?:y|ies)\b|\bpolicy (?:violation|reasons?|rejection)\b/i, coded: true, confidence: 'medium' },
    ],
    hop: 'answering',
    actor: 'answering',
    explanation: "{server} refused the message by its own policy (RFC 3463 5.7.x, security or policy status) without naming a specific reason splitcheck knows: it may be the sending server's address or reputation, the sender's authentication (SPF, DKIM, DMARC), or a rule of the recipient's organisation. The reply quoted below is the only evidence.",
    fix: "Read the reply for the provider's explanation or link; check the sender's authentication (the confirming checks below); if it persists, ask the recipient's administrator which rule refused the message.",
    checks: ['spf.present', 'dmarc.record'],
    domainOf: 'sender',
  },
];

/** Text patterns that can match a reply written without any code: they make a line worth reading. */
export const CODELESS_PATTERNS: readonly RegExp[] = BOUNCE_KNOWLEDGE.flatMap((k) =>
  k.patterns.filter((p) => p.text && !p.status && !p.statusRange && !p.coded).map((p) => p.text!),
);
