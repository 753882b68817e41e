// What the inside view tells the probes: the connector's smart host, and samples of each platform's mailboxes (said where they came from).
import { hostingMailboxes } from '../../cpanel/responses.js';
import type { CheckContext } from '../../engine/types.js';
import { deliveringConnector, smartHostEntries } from '../../m365/connectors.js';
import { canonicalName } from '../../m365/domains.js';
import { addressesAt, deliversInMicrosoft365 } from '../../m365/recipients.js';
import { optionalCpanel, optionalM365 } from '../inside/sources.js';

/** Mailboxes probed per platform when they come from a list rather than from the user: a few say enough and bound the run. */
export const MAILBOX_SAMPLE = 3;

/** The smart host of the outbound connector that carries the domain's mail, when the export names one that can be probed. */
export interface ConnectorSmartHost {
  host: string;
  /** The connector's name, for "from the outbound connector ..." in the report. */
  connector: string;
  /** Its other smart hosts (not probed). */
  others: string[];
}

/**
 * The connector's first probeable smart host: a name or an address (a CIDR range names no host to connect to).
 * Undefined without an export, or when the connector routes by MX or names only ranges.
 */
export function connectorSmartHost(ctx: CheckContext): ConnectorSmartHost | undefined {
  const view = optionalM365(ctx);
  if (!view) return undefined;
  const chosen = deliveringConnector(view, canonicalName(ctx.domain));
  if (!chosen) return undefined;
  const entries = smartHostEntries(chosen);
  const first = entries.find((e) => e.kind !== 'range');
  if (!first) return undefined;
  const host = first.kind === 'name' ? first.name : first.address;
  const others = entries.filter((e) => e !== first).map((e) => (e.kind === 'name' ? e.name : e.kind === 'ip' ? e.address : e.range));
  return { host, connector: chosen.Name, others };
}

/** The tenant's name as the console remedies write it ({tenant}): `contoso` of contoso.onmicrosoft.com, when the export says. */
export function tenantPrefix(ctx: CheckContext): string | undefined {
  const view = optionalM365(ctx);
  const match = view ? /^([^.]+)\.onmicrosoft\.(com|us|cn)$/i.exec(view.tenant) : null;
  return match ? match[1]!.toLowerCase() : undefined;
}

/** The words that say where probed mailboxes came from, appended to the messages of the checks that probe them. */
export function sampleNote(source: { from: 'given' } | { from: 'cpanel' | 'm365-export'; of: number }, count: number): string {
  if (source.from === 'given') return '';
  const list = source.from === 'cpanel' ? "cPanel's list of the account's mailboxes" : "the Microsoft 365 export's mailboxes";
  return ` (taken from ${list}: ${count} of ${source.of}${count < source.of ? ', a sample' : ''})`;
}

/** A bounded sample of mailboxes and where it came from, for the report to say. */
export interface MailboxSample {
  mailboxes: string[];
  /** How many there were to choose from. */
  total: number;
  source: 'cpanel' | 'm365-export';
}

/**
 * Hosting mailboxes to probe (smarthost.accepts-mailbox) from cPanel's list_pops: those of the domain that accept
 * mail (not "suspended receiving"), in a stable order, at most MAILBOX_SAMPLE. Undefined without cPanel or when
 * the list cannot be read (the cPanel checks report why).
 */
export async function hostingMailboxSample(ctx: CheckContext): Promise<MailboxSample | undefined> {
  const cpanel = optionalCpanel(ctx);
  if (!cpanel) return undefined;
  const outcome = await cpanel.pops();
  if (outcome.outcome !== 'ok') return undefined;
  const read = hostingMailboxes(outcome.data, canonicalName(ctx.domain));
  if (!read.ok) return undefined;
  const open = read.value.mailboxes.filter((m) => !m.suspendedIncoming).map((m) => m.address).sort();
  return { mailboxes: open.slice(0, MAILBOX_SAMPLE), total: open.length, source: 'cpanel' };
}

/**
 * Microsoft 365 mailboxes to probe at the smart host (the reverse flow) from the export's recipients: mailboxes and
 * groups delivered in Microsoft 365, by their primary address at the domain, in a stable order, at most MAILBOX_SAMPLE.
 */
export function m365MailboxSample(ctx: CheckContext): MailboxSample | undefined {
  const view = optionalM365(ctx);
  if (!view) return undefined;
  const domain = canonicalName(ctx.domain);
  const primaries = view.recipients
    .filter((r) => deliversInMicrosoft365(r))
    .map((r) => addressesAt(r, domain)[0])
    .filter((a): a is string => a !== undefined)
    .sort();
  return { mailboxes: primaries.slice(0, MAILBOX_SAMPLE), total: primaries.length, source: 'm365-export' };
}
