// mailboxes.duplicates: no address is both a Microsoft 365 recipient and a hosting mailbox (the hosting copy keeps hosting-generated mail).
import { MAX_UAPI_ROWS } from '../../cpanel/responses.js';
import { fillTemplate } from '../../engine/template.js';
import { defineCheck } from '../../engine/define.js';
import { CPANEL } from '../../knowledge/consoles.js';
import { CPANEL_MESSAGES, CPANEL_REMEDIES } from '../inside/cpanel-wording.js';
import { mailboxLines, recipientLines } from '../inside/observed.js';
import { describeRecipient, inventory } from './inventory.js';

/** Addresses named in a message; the evidence lists them all. */
const MAX_LISTED = 50;

function capped(items: string[]): string[] {
  return items.length > MAX_LISTED ? [...items.slice(0, MAX_LISTED), `${items.length - MAX_LISTED} more (all in the evidence)`] : items;
}

const messages = {
  ...CPANEL_MESSAGES,
  none: 'No address of {domain} is both a Microsoft 365 recipient and a hosting mailbox ({m365} Microsoft 365 recipient(s) and {hosting} hosting mailbox(es) of {domain} compared){notes}.',
  duplicates:
    '{count} address(es) of {domain} are a Microsoft 365 recipient and a hosting mailbox at once: {pairs}. With cPanel routing Local, mail the hosting server itself generates for them (from hosting users, forms, scripts) is delivered to the forgotten hosting mailbox and never reaches Microsoft 365, silently.{notes}',
  noteExternal:
    ' Not counted: {external}, Microsoft 365 mail users or contacts whose mail goes elsewhere (for them a hosting mailbox can be the destination itself).',
  noteCut: ' The account has more mailboxes than splitcheck reads; only the first {limit} were compared.',
} as const;

export const mailboxesDuplicates = defineCheck({
  meta: {
    id: 'mailboxes.duplicates',
    title: 'No mailbox on both platforms',
    verifies:
      'no address is both a Microsoft 365 recipient (any `smtp:` proxy address) and a hosting mailbox (fail, listing them: hosting-generated mail to them stays on the hosting server)',
    needs: ['m365', 'cpanel'],
    messages,
    remedies: {
      ...CPANEL_REMEDIES,
      delete: `Delete the hosting account of each, after moving anything still in it: ${CPANEL.emailAccounts} → {deletions} → Delete. Keep the Microsoft 365 one, where mail from outside already goes. If hosting users must write to them, add a forwarder instead (${CPANEL.addForwarder}: the address to the same user at {tenantDomain}).`,
    },
  },
  async run(ctx) {
    const got = await inventory(ctx);
    if ('verdict' in got) return got.verdict;
    const inv = got.inventory;
    const pairs: string[] = [];
    const deletions: string[] = [];
    const external: string[] = [];
    const found: Record<string, unknown>[] = [];
    for (const mailbox of inv.hosting) {
      const entry = inv.m365.get(mailbox.address);
      if (!entry) continue;
      if (entry.kind === 'external' || entry.kind === 'other') {
        external.push(`${mailbox.address} (${entry.recipient.RecipientTypeDetails ?? 'unknown type'})`);
        continue;
      }
      pairs.push(`${mailbox.address} (hosting mailbox) = ${describeRecipient(entry)} in Microsoft 365`);
      deletions.push(mailbox.address);
      found.push({ address: mailbox.address, hosting: mailbox, m365: { PrimarySmtpAddress: entry.recipient.PrimarySmtpAddress, RecipientTypeDetails: entry.recipient.RecipientTypeDetails } });
    }
    const notes =
      (external.length > 0 ? fillTemplate(messages.noteExternal, { external: capped(external) }) : '') +
      (inv.hostingCut ? fillTemplate(messages.noteCut, { limit: MAX_UAPI_ROWS }) : '');
    const data = { domain: inv.domain, tenantDomain: inv.view.tenant, m365: inv.recipients.length, hosting: inv.hosting.length, notes };
    const evidence = { duplicates: found, external, m365Recipients: inv.recipients.length, hostingMailboxes: inv.hosting.map((m) => m.address) };
    const observed = [...mailboxLines(inv.cpanel.account.user, inv.domain, inv.hosting), ...recipientLines(inv.view, inv.recipients.map((e) => e.recipient))];
    if (pairs.length === 0) return { status: 'pass', message: 'none', data, evidence, observed };
    return { status: 'fail', message: 'duplicates', remedy: 'delete', data: { ...data, count: pairs.length, pairs: capped(pairs), deletions: capped(deletions) }, evidence, observed };
  },
});
