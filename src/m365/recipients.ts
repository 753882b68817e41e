// What a Microsoft 365 recipient is for a split domain: where its mail is delivered, and its SMTP addresses.
import type { Recipient } from './export-types.js';
import { addressDomain, canonicalAddress } from './domains.js';

/**
 * Where mail for a recipient ends up, by Get-EXORecipient's RecipientTypeDetails:
 * - `mailbox`: a mailbox in Exchange Online (user, shared, resource, group mailbox...), or a mail-enabled public
 *   folder, whose mail is delivered into the tenant's public folder mailboxes just the same;
 * - `group`: a group Exchange Online expands and delivers inside the tenant;
 * - `external`: mail users, contacts, guests and remote (on-premises) mailboxes: a directory entry whose mail goes
 *   elsewhere, for example to the hosting mailbox itself — having a hosting mailbox of the same address is then
 *   the design, not a duplicate;
 * - `other`: system objects (public folder and discovery mailboxes) and types splitcheck does not know.
 */
export type RecipientKind = 'mailbox' | 'group' | 'external' | 'other';

const KINDS: Readonly<Record<string, RecipientKind>> = {
  UserMailbox: 'mailbox',
  SharedMailbox: 'mailbox',
  RoomMailbox: 'mailbox',
  EquipmentMailbox: 'mailbox',
  SchedulingMailbox: 'mailbox',
  TeamMailbox: 'mailbox',
  GroupMailbox: 'mailbox',
  LinkedMailbox: 'mailbox',
  LinkedRoomMailbox: 'mailbox',
  LegacyMailbox: 'mailbox',
  MailUniversalDistributionGroup: 'group',
  MailUniversalSecurityGroup: 'group',
  MailNonUniversalGroup: 'group',
  DynamicDistributionGroup: 'group',
  RoomList: 'group',
  MailUser: 'external',
  GuestMailUser: 'external',
  MailContact: 'external',
  MailForestContact: 'external',
  RemoteUserMailbox: 'external',
  RemoteSharedMailbox: 'external',
  RemoteRoomMailbox: 'external',
  RemoteEquipmentMailbox: 'external',
  RemoteTeamMailbox: 'external',
  PublicFolder: 'mailbox',
  PublicFolderMailbox: 'other',
  DiscoveryMailbox: 'other',
};

export function recipientKind(recipient: Pick<Recipient, 'RecipientTypeDetails'>): RecipientKind {
  // No type at all (a hand-written row; Get-EXORecipient always gives one): a recipient of the tenant, as CHECKS.md
  // counts "a Microsoft 365 recipient" — treated as delivered in Microsoft 365 rather than silently left out.
  if (recipient.RecipientTypeDetails === null) return 'mailbox';
  return KINDS[recipient.RecipientTypeDetails] ?? 'other';
}

/** Mail to it is delivered inside Microsoft 365 (a mailbox or a group): hosting users need a way to reach it. */
export function deliversInMicrosoft365(recipient: Pick<Recipient, 'RecipientTypeDetails'>): boolean {
  const kind = recipientKind(recipient);
  return kind === 'mailbox' || kind === 'group';
}

/** The most proxy addresses read per recipient: real ones have a handful; the bound keeps a hostile file linear. */
export const MAX_ADDRESSES_PER_RECIPIENT = 1000;

/**
 * Every SMTP address of a recipient, lower case, primary first: its `SMTP:`/`smtp:` proxy addresses (the prefix's case
 * marks the primary) and PrimarySmtpAddress. X500:, SIP: and other proxies are not mail addresses.
 */
export function smtpAddresses(recipient: Pick<Recipient, 'PrimarySmtpAddress' | 'EmailAddresses'>): string[] {
  const out: string[] = [];
  const add = (address: string) => {
    const a = canonicalAddress(address);
    if (a.includes('@') && !out.includes(a)) out.push(a);
  };
  if (recipient.PrimarySmtpAddress) add(recipient.PrimarySmtpAddress);
  for (const proxy of recipient.EmailAddresses.slice(0, MAX_ADDRESSES_PER_RECIPIENT)) {
    if (/^smtp:/i.test(proxy)) add(proxy.slice(5));
  }
  return out;
}

/** The recipient's addresses at `domain`, primary first. */
export function addressesAt(recipient: Pick<Recipient, 'PrimarySmtpAddress' | 'EmailAddresses'>, domain: string): string[] {
  return smtpAddresses(recipient).filter((a) => addressDomain(a) === domain);
}
