// Real servers' documented replies, as imitation scripts: cPanel's Exim (Local, Remote, Backup routing, forwarders, sender verification), Postfix's restriction replies, greylisting daemons, Microsoft 365's edge.
import type { ImitationScript, Say, Session } from './reply-imitation.js';
import { multi } from './reply-imitation.js';

const localPart = (address: string): string => address.slice(0, address.lastIndexOf('@')).toLowerCase();
const domainOf = (address: string): string => address.slice(address.lastIndexOf('@') + 1).toLowerCase();

/**
 * cPanel's Exim greeting: its banner is three lines ("We do not authorize the use of this system to transport
 * unsolicited, and/or bulk e-mail."), a multi-line 220 (RFC 5321 §4.2.1).
 */
export const CPANEL_GREETING = multi(
  220,
  'server.hosting.example ESMTP Exim 4.98 #2 Mon, 06 Jan 2025 10:00:00 +0000 ',
  'We do not authorize the use of this system to transport unsolicited, ',
  'and/or bulk e-mail.',
);

/** cPanel's relay refusal for a domain Exim does not hold (Email Routing: Remote Mail Exchanger), three lines, no enhanced code. */
export const CPANEL_RELAY = (client: string): string[] =>
  multi(550, 'Please turn on SMTP Authentication in your mail client.', `(${client}) [127.0.0.1]:40123 is not permitted to relay through`, 'this server without authentication.');

/** cPanel's answer for a local part it holds no mailbox, forwarder or alias for (no enhanced code). */
export const CPANEL_NO_SUCH_USER = '550 No Such User Here';

/** cPanel's sender verification, at RCPT: the sender, not the recipient, is unknown. */
export const CPANEL_SENDER_VERIFY = (sender: string): string[] => multi(550, `Verification failed for <${sender}>`, 'No Such User Here', 'Sender verify failed');

export interface CpanelOptions {
  routing: 'local' | 'remote' | 'backup';
  /** Local parts with a mailbox. */
  mailboxes?: string[];
  /** Local parts with a forwarder (to the tenant's routing address). */
  forwarders?: string[];
  /** Exim's `verify = sender` in the RCPT ACL: a sender of a local domain with no mailbox is refused at RCPT. */
  senderVerify?: boolean;
  tls?: ImitationScript['tls'];
  /** Overrides of single steps, tried first. */
  greeting?: ImitationScript['greeting'];
  ehlo?: ImitationScript['ehlo'];
  mail?: ImitationScript['mail'];
  rcpt?: (to: string, s: Session) => Say | undefined;
}

/** A cPanel server hosting `domain`, as its Email Routing setting makes Exim answer RCPT. */
export function cpanelExim(domain: string, o: CpanelOptions): ImitationScript {
  const known = new Set([...(o.mailboxes ?? []), ...(o.forwarders ?? [])].map((l) => l.toLowerCase()));
  return {
    name: 'server.hosting.example',
    greeting: o.greeting ?? CPANEL_GREETING,
    ...(o.ehlo ? { ehlo: o.ehlo } : {}),
    ...(o.tls ? { tls: o.tls } : {}),
    ...(o.mail ? { mail: o.mail } : {}),
    rcpt: (to, s) => {
      const custom = o.rcpt?.(to, s);
      if (custom !== undefined) return custom;
      if (domainOf(to) !== domain) return CPANEL_RELAY(s.helo ?? 'unknown');
      if (o.routing === 'remote') return CPANEL_RELAY(s.helo ?? 'unknown');
      if (o.routing === 'backup') return '250 Accepted';
      const from = s.from ?? '';
      if (o.senderVerify && from !== '' && domainOf(from) === domain && !known.has(localPart(from))) return CPANEL_SENDER_VERIFY(from);
      return known.has(localPart(to)) ? '250 Accepted' : CPANEL_NO_SUCH_USER;
    },
  };
}

/** Postfix's smtpd with `domain` in mydestination and `users` in local_recipient_maps. */
export function postfix(domain: string, users: string[], o: { rcpt?: (to: string, s: Session) => Say | undefined; mail?: ImitationScript['mail']; tls?: ImitationScript['tls'] } = {}): ImitationScript {
  return {
    name: 'mail.hosting.example',
    greeting: '220 mail.hosting.example ESMTP Postfix (Debian/GNU)',
    ...(o.tls ? { tls: o.tls } : {}),
    ...(o.mail ? { mail: o.mail } : {}),
    rcpt: (to, s) => {
      const custom = o.rcpt?.(to, s);
      if (custom !== undefined) return custom;
      // smtpd_relay_restrictions' default, defer_unauth_destination (Postfix ≥ 2.10).
      if (domainOf(to) !== domain) return `454 4.7.1 <${to}>: Relay access denied`;
      return users.includes(localPart(to)) ? '250 2.1.5 Ok' : `550 5.1.1 <${to}>: Recipient address rejected: User unknown in local recipient table`;
    },
  };
}

/** Microsoft 365's front door as a sender meets it (DOMAIN.md §1): greeting and EHLO of an EOP frontend. */
const MS_NAME = 'BN8NAM11FT067.mail.protection.outlook.com';
export const MS_GREETING = `220 ${MS_NAME} Microsoft ESMTP MAIL Service ready at Mon, 6 Jan 2025 10:00:00 +0000 [08DD2E5A1B2C3D4E]`;

export type EdgeMode =
  | 'internal-relay'
  | 'authoritative'
  | 'authoritative-as'
  | 'not-accepted'
  | 'banned-ip'
  | 'ipv6-ptr'
  | 'spamhaus'
  | 'throttled'
  | 'greeting-421'
  | 'recipient-not-found'
  | 'need-mail';

/** What Microsoft's edge answers RCPT TO of an address without a Microsoft 365 mailbox, per tenant setting or refusal of the client. */
export function microsoftEdge(mode: EdgeMode, m365: string[] = []): ImitationScript {
  const edgeTag = '[BN8NAM11FT067.eop-nam11.prod.protection.outlook.com]';
  const rcpt = (to: string): Say => {
    if (m365.includes(to.toLowerCase())) return '250 2.1.5 Recipient OK';
    switch (mode) {
      case 'internal-relay':
        return '250 2.1.5 Recipient OK';
      case 'authoritative':
        return `550 5.4.1 Recipient address rejected: Access denied. For more information see https://aka.ms/EXOSmtpErrors ${edgeTag}`;
      case 'authoritative-as':
        return `550 5.4.1 Recipient address rejected: Access denied. AS(201806281) ${edgeTag}`;
      case 'not-accepted':
        return `550 5.4.1 Relay Access Denied ATTR35 ${edgeTag}`;
      case 'banned-ip':
        return `550 5.7.606 Access denied, banned sending IP [192.0.2.44]. To request removal from this list please visit https://sender.office.com/ and follow the directions. For more information please go to http://go.microsoft.com/fwlink/?LinkID=526655 AS(1430) ${edgeTag}`;
      case 'ipv6-ptr':
        return `550 5.7.25 [2001:db8::44] The sending IP address doesn't have a PTR record, which is required for IPv6. ${edgeTag}`;
      case 'spamhaus':
        return `550 5.7.1 Service unavailable, Client host [192.0.2.44] blocked using Spamhaus. To request removal from this list see https://www.spamhaus.org/query/ip/192.0.2.44 AS(1442) ${edgeTag}`;
      case 'throttled':
        return `451 4.7.500 Server busy. Please try again later from [192.0.2.44]. (S77719) ${edgeTag}`;
      case 'recipient-not-found':
        return `550 5.1.10 RESOLVER.ADR.RecipientNotFound; Recipient ${to} not found by SMTP address lookup`;
      case 'greeting-421':
        return '250 2.1.5 Recipient OK';
      // Exchange's answer to RCPT outside a transaction: what a middlebox that swallowed MAIL FROM leaves behind.
      case 'need-mail':
        return '503 5.5.2 Need mail command';
    }
  };
  return {
    name: MS_NAME,
    greeting: mode === 'greeting-421' ? `421 4.3.2 Service not available, closing transmission channel ${edgeTag}` : MS_GREETING,
    ehlo: () => multi(250, `${MS_NAME} Hello [192.0.2.44]`, 'SIZE 157286400', 'PIPELINING', 'DSN', 'ENHANCEDSTATUSCODES', 'STARTTLS', '8BITMIME', 'BINARYMIME', 'CHUNKING', 'SMTPUTF8'),
    mail: () => '250 2.1.0 Sender OK',
    rcpt,
  };
}
