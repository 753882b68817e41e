// mailboxes.hosting-to-m365: every Microsoft 365 mailbox of the domain without a hosting mailbox has a cPanel forwarder to its routing address.
import { forwarders as readForwarders, MAX_UAPI_ROWS } from '../../cpanel/responses.js';
import { fillTemplate } from '../../engine/template.js';
import { defineCheck } from '../../engine/define.js';
import { addressDomain } from '../../m365/domains.js';
import { deliversInMicrosoft365 } from '../../m365/recipients.js';
import { CPANEL } from '../../knowledge/consoles.js';
import { CPANEL_MESSAGES, CPANEL_REMEDIES, cpanelAnswer, cpanelUnexpected } from '../inside/cpanel-wording.js';
import { forwarderLines, recipientLines } from '../inside/observed.js';
import { inventory, type M365Entry } from './inventory.js';

const MAX_LISTED = 50;

function capped(items: string[]): string[] {
  return items.length > MAX_LISTED ? [...items.slice(0, MAX_LISTED), `${items.length - MAX_LISTED} more (all in the evidence)`] : items;
}

/**
 * Where a hosting forwarder should send a Microsoft 365 user's mail: one of the recipient's own addresses outside the
 * split domain, preferably at the tenant's initial domain (user@tenant.onmicrosoft.com), which Microsoft 365 always
 * delivers to the mailbox (DOMAIN.md §6). Sending it to an address at the split domain would loop back to Exim.
 */
function routingAddress(entry: M365Entry, domain: string, tenant: string): string | undefined {
  const outside = entry.all.filter((a) => addressDomain(a) !== domain);
  return outside.find((a) => addressDomain(a) === tenant) ?? outside.find((a) => addressDomain(a).endsWith('.onmicrosoft.com')) ?? outside[0];
}

/**
 * A forwarder target the export cannot confirm but Microsoft 365 delivers: `<local>@<tenant>` for a recipient whose
 * addresses at the domain include `<local>@<domain>` and whose export row lists no address at the tenant's domain at
 * all (a hand-made export, or one cut to the domain's addresses). Every Exchange Online mailbox and group has such a
 * routing address (alias@tenant.onmicrosoft.com); an address another recipient holds is never assumed.
 */
function assumedRoutingAddress(target: string, entry: M365Entry, domain: string, tenant: string, taken: ReadonlySet<string>): boolean {
  if (addressDomain(target) !== tenant || taken.has(target)) return false;
  if (entry.all.some((a) => addressDomain(a) === tenant)) return false;
  const local = target.slice(0, target.lastIndexOf('@'));
  return entry.all.some((a) => addressDomain(a) === domain && a.slice(0, a.lastIndexOf('@')) === local);
}

const messages = {
  ...CPANEL_MESSAGES,
  ok: 'Each of the {count} Microsoft 365 mailbox(es) and group(s) of {domain} has a hosting forwarder to its own routing address, so mail from hosting users reaches them.{notes}',
  noneNeeded: 'No Microsoft 365 mailbox of {domain} needs a hosting forwarder (the export lists none without a hosting mailbox).{notes}',
  missing:
    '{count} Microsoft 365 mailbox(es) of {domain} have no hosting forwarder that reaches them: {missing}. With cPanel routing Local, Exim looks them up on the hosting server, finds nothing, and bounces what hosting users send them ("550 No Such User Here").{wrongNote}{notes}',
  wrong:
    'The hosting forwarders of {count} Microsoft 365 mailbox(es) of {domain} do not reach them: {wrong}. Mail from hosting users to them goes there instead of into Microsoft 365.{notes}',
  noteWrong: ' Also: {wrong}.',
  noteAssumed:
    " The export lists no routing address at {tenantDomain} for {assumed}; each one's forwarder to the same name at {tenantDomain} is taken as it (Microsoft 365 gives every mailbox one).",
  noteAliases: ' Only each one\'s primary address at {domain} is required to have a forwarder; aliases are not.',
  noteCut: ' The account has more forwarders than splitcheck reads; only the first {limit} were compared.',
} as const;

export const mailboxesHostingToM365 = defineCheck({
  meta: {
    id: 'mailboxes.hosting-to-m365',
    title: 'Hosting users can write to Microsoft 365 colleagues',
    verifies:
      'every Microsoft 365 mailbox of the domain that has no hosting mailbox has a hosting forwarder that sends it on (to the tenant\'s routing address), so hosting users can write to it (fail, listing those without)',
    needs: ['m365', 'cpanel'],
    messages,
    remedies: {
      ...CPANEL_REMEDIES,
      add: `${CPANEL.addForwarder}: for each, the address → Forward to Email Address: {targets}. Never create a hosting mailbox for a Microsoft 365 user instead: it would silently keep that mail.`,
    },
  },
  async run(ctx) {
    const got = await inventory(ctx);
    if ('verdict' in got) return got.verdict;
    const inv = got.inventory;
    const answer = cpanelAnswer(inv.cpanel, 'list_forwarders', await inv.cpanel.forwarders(inv.domain), inv.domain);
    if ('verdict' in answer) return answer.verdict;
    const read = readForwarders(answer.data, inv.domain);
    if (!read.ok) return cpanelUnexpected(inv.cpanel, read.reason);
    const byAddress = new Map<string, string[]>();
    for (const f of read.value.forwarders) byAddress.set(f.from, [...(byAddress.get(f.from) ?? []), f.to]);
    const hosting = new Set(inv.hosting.map((m) => m.address));
    const tenant = inv.view.tenant.toLowerCase();
    // Mailboxes with a hosting mailbox of one of their addresses are mailboxes.duplicates' finding, not this one's.
    const duplicated = new Set<M365Entry>();
    for (const [address, entry] of inv.m365) if (hosting.has(address)) duplicated.add(entry);
    const needing = inv.recipients.filter((e) => deliversInMicrosoft365(e.recipient) && !duplicated.has(e));
    const taken = new Set(inv.recipients.flatMap((e) => e.all));
    const assumed: string[] = [];
    const missing: string[] = [];
    const targets: string[] = [];
    const wrong: string[] = [];
    const found: Record<string, unknown>[] = [];
    for (const entry of needing) {
      const to = byAddress.get(entry.primary) ?? [];
      const own = to.filter((t) => entry.all.includes(t) && addressDomain(t) !== inv.domain);
      if (own.length === 0) {
        const routing = to.filter((t) => assumedRoutingAddress(t, entry, inv.domain, tenant, taken));
        if (routing.length > 0) assumed.push(entry.primary);
        own.push(...routing);
      }
      const suggestion = routingAddress(entry, inv.domain, tenant) ?? `${entry.primary.split('@')[0]}@${tenant}`;
      found.push({ address: entry.primary, type: entry.recipient.RecipientTypeDetails, forwardsTo: to, reaches: own.length > 0 });
      if (own.length > 0) continue;
      if (to.length === 0) {
        missing.push(`${entry.primary} (${entry.recipient.RecipientTypeDetails ?? 'unknown type'})`);
        targets.push(`${entry.primary} → ${suggestion}`);
      } else {
        wrong.push(`${entry.primary} forwards to ${to.join(' and ')}, not to an address of this mailbox outside ${inv.domain} such as ${suggestion}`);
        targets.push(`${entry.primary} → ${suggestion}`);
      }
    }
    const aliasesMatter = needing.some((e) => e.all.filter((a) => addressDomain(a) === inv.domain).length > 1);
    const notes =
      (assumed.length > 0 ? fillTemplate(messages.noteAssumed, { tenantDomain: tenant, assumed: capped(assumed) }) : '') +
      (aliasesMatter ? fillTemplate(messages.noteAliases, { domain: inv.domain }) : '') +
      (read.value.cut ? fillTemplate(messages.noteCut, { limit: MAX_UAPI_ROWS }) : '');
    const data = { domain: inv.domain, count: needing.length, notes };
    const evidence = { tenant: inv.view.tenant, mailboxes: found, forwarders: read.value.forwarders.length };
    const observed = [...forwarderLines(inv.cpanel.account.user, inv.domain, read.value.forwarders), ...recipientLines(inv.view, needing.map((e) => e.recipient))];
    if (needing.length === 0) return { status: 'pass', message: 'noneNeeded', data, evidence, observed };
    if (missing.length > 0) {
      const wrongNote = wrong.length > 0 ? fillTemplate(messages.noteWrong, { wrong: capped(wrong) }) : '';
      return { status: 'fail', message: 'missing', remedy: 'add', data: { ...data, count: missing.length, missing: capped(missing), wrongNote, targets: capped(targets) }, evidence, observed };
    }
    if (wrong.length > 0) return { status: 'fail', message: 'wrong', remedy: 'add', data: { ...data, count: wrong.length, wrong: capped(wrong), targets: capped(targets) }, evidence, observed };
    return { status: 'pass', message: 'ok', data, evidence, observed };
  },
});
