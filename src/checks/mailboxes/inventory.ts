// Both platforms' addresses at the domain, side by side: what the mailboxes.* checks compare (needs the export and cPanel).
import { hostingMailboxes, type HostingMailbox } from '../../cpanel/responses.js';
import type { CpanelSource } from '../../cpanel/source.js';
import type { CheckContext } from '../../engine/types.js';
import type { M365DomainView } from '../../m365/domain-view.js';
import { canonicalName } from '../../m365/domains.js';
import type { Recipient } from '../../m365/export-types.js';
import { addressesAt, recipientKind, smtpAddresses, type RecipientKind } from '../../m365/recipients.js';
import { cpanelAnswer, cpanelUnexpected, type CpanelVerdict } from '../inside/cpanel-wording.js';
import { cpanelOf, m365Of } from '../inside/sources.js';

export interface M365Entry {
  recipient: Recipient;
  kind: RecipientKind;
  /** Its primary address at the domain (PrimarySmtpAddress when it is at the domain, else its first proxy there). */
  primary: string;
  /** Every SMTP address of the recipient, routing addresses (user@tenant.onmicrosoft.com) included. */
  all: string[];
}

export interface Inventory {
  domain: string;
  view: M365DomainView;
  cpanel: CpanelSource;
  /** Microsoft 365 recipients by each of their addresses at the domain. */
  m365: Map<string, M365Entry>;
  /** Every recipient of the domain once. */
  recipients: M365Entry[];
  hosting: HostingMailbox[];
  /** The account listed more mailboxes than splitcheck reads (list_pops was cut). */
  hostingCut: boolean;
}

/** The inventory, or the verdict to return instead (cPanel could not be read). Checks using it need both sources. */
export async function inventory(ctx: CheckContext): Promise<{ inventory: Inventory } | { verdict: CpanelVerdict }> {
  const view = m365Of(ctx);
  const cpanel = cpanelOf(ctx);
  const domain = canonicalName(ctx.domain);
  const answer = cpanelAnswer(cpanel, 'list_pops', await cpanel.pops());
  if ('verdict' in answer) return answer;
  const pops = hostingMailboxes(answer.data, domain);
  if (!pops.ok) return { verdict: cpanelUnexpected(cpanel, pops.reason) };
  const m365 = new Map<string, M365Entry>();
  const recipients: M365Entry[] = [];
  for (const recipient of view.recipients) {
    const at = addressesAt(recipient, domain);
    if (at.length === 0) continue;
    const entry: M365Entry = { recipient, kind: recipientKind(recipient), primary: at[0]!, all: smtpAddresses(recipient) };
    recipients.push(entry);
    for (const address of at) if (!m365.has(address)) m365.set(address, entry);
  }
  return { inventory: { domain, view, cpanel, m365, recipients, hosting: pops.value.mailboxes, hostingCut: pops.value.cut } };
}

/** A recipient as a message names it: "ann@contoso.com (UserMailbox)". */
export function describeRecipient(entry: M365Entry): string {
  return `${entry.primary} (${entry.recipient.RecipientTypeDetails ?? 'unknown type'})`;
}
