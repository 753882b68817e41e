// The three UAPI answers read as facts: hosting mailboxes, the domain's Email Routing, its forwarders. Unknown shapes are errors, never guesses.
import { addressDomain, canonicalAddress, canonicalName } from '../m365/domains.js';

/** Rows read per answer: a cPanel account with more mailboxes or forwarders than this is cut, and the fact says so. */
export const MAX_UAPI_ROWS = 100_000;

export type Read<T> = { ok: true; value: T } | { ok: false; reason: string };

type Row = Record<string, unknown>;

function rowsOf(data: unknown, fn: string): Read<{ rows: Row[]; cut: boolean }> {
  if (!Array.isArray(data)) return { ok: false, reason: `${fn} answered data that is not a list` };
  const rows = data.slice(0, MAX_UAPI_ROWS);
  if (rows.some((r) => r === null || typeof r !== 'object' || Array.isArray(r))) return { ok: false, reason: `${fn} answered a list whose rows are not objects` };
  return { ok: true, value: { rows: rows as Row[], cut: data.length > MAX_UAPI_ROWS } };
}

export interface HostingMailbox {
  /** The address, lower case. */
  address: string;
  /** Email Accounts → Manage → "Suspend receiving": the mailbox refuses incoming mail (list_pops suspended_incoming). */
  suspendedIncoming: boolean;
}

/**
 * list_pops: `data` is a list of `{ email, login, suspended_incoming, suspended_login }` (api.docs.cpanel.net,
 * "Return email accounts"). The account's own system mailbox is listed too, as the cPanel user name without a domain:
 * it is no address of any domain and is left out. Only addresses at `domain` are kept.
 */
export function hostingMailboxes(data: unknown, domain: string): Read<{ mailboxes: HostingMailbox[]; all: number; cut: boolean }> {
  const rows = rowsOf(data, 'list_pops');
  if (!rows.ok) return rows;
  const d = canonicalName(domain);
  const mailboxes: HostingMailbox[] = [];
  for (const row of rows.value.rows) {
    const email = row['email'];
    if (typeof email !== 'string') return { ok: false, reason: 'list_pops answered a row without an email' };
    const address = canonicalAddress(email);
    if (!address.includes('@') || addressDomain(address) !== d) continue;
    const suspended = row['suspended_incoming'];
    mailboxes.push({ address, suspendedIncoming: suspended === 1 || suspended === '1' || suspended === true });
  }
  return { ok: true, value: { mailboxes, all: rows.value.rows.length, cut: rows.value.cut } };
}

/** cPanel's Email Routing for a domain (Email → Email Routing): what Exim does with mail for it. */
export type RoutingSetting = 'local' | 'remote' | 'secondary' | 'auto';
const SETTINGS: readonly RoutingSetting[] = ['local', 'remote', 'secondary', 'auto'];

export interface EmailRouting {
  domain: string;
  /** The configured setting (`mxcheck`). */
  setting: RoutingSetting;
  /**
   * Where `setting` was read: `mxcheck` (the configured setting), `alwaysaccept` 1 (Local for certain), or
   * `detected` alone (an answer with only the documented fields: the routing in effect stands for the setting).
   */
  from: 'mxcheck' | 'alwaysaccept' | 'detected';
  /** What Exim does now (`detected`): the setting itself, or under `auto` what cPanel read from the MX records. */
  detected?: RoutingSetting;
  /** The MX records cPanel has for the domain in its own zone, lowest priority first. */
  mx: { exchanger: string; priority: number }[];
}

function setting(value: unknown): RoutingSetting | undefined {
  return typeof value === 'string' && (SETTINGS as readonly string[]).includes(value) ? (value as RoutingSetting) : undefined;
}

/**
 * list_mxs?domain=: `data` is a list with one entry per domain: `mxcheck` (the configured routing: local, remote,
 * secondary or auto), `detected` (the type in effect), `alwaysaccept` (1 exactly when mxcheck is local), and the MX
 * `entries` (`mx`, `priority` — a number, or a string such as "0" on live servers). cPanel's Whostmgr::DNS::MX
 * builds these fields (mxcheck from the account's MXCHECK-<domain> key, auto resolved into detected); the UAPI
 * documentation lists alwaysaccept, detected, domain and entries, so an answer may hold only those: then
 * `alwaysaccept` 1 says Local for certain, `detected` auto says Automatic, `detected` local with `alwaysaccept` 0
 * is Automatic resolving to Local (Local itself accepts always), and `detected` remote or secondary is what Exim
 * does now (configured so, or Automatic resolving so: relayed mail is refused or looped today either way).
 */
export function emailRouting(data: unknown, domain: string): Read<EmailRouting | undefined> {
  const rows = rowsOf(data, 'list_mxs');
  if (!rows.ok) return rows;
  const d = canonicalName(domain);
  const row = rows.value.rows.find((r) => typeof r['domain'] === 'string' && canonicalName(r['domain']) === d);
  if (!row) return { ok: true, value: undefined };
  const always = row['alwaysaccept'] === 1 || row['alwaysaccept'] === '1' || row['alwaysaccept'] === true ? true : row['alwaysaccept'] === 0 || row['alwaysaccept'] === '0' || row['alwaysaccept'] === false ? false : undefined;
  const inEffect = setting(row['detected']);
  const mxcheck = setting(row['mxcheck']);
  let configured: RoutingSetting | undefined;
  let from: EmailRouting['from'] = 'mxcheck';
  if (mxcheck) configured = mxcheck;
  else if (always === true) [configured, from] = ['local', 'alwaysaccept'];
  else if (inEffect) [configured, from] = [inEffect === 'local' && always === false ? 'auto' : inEffect, 'detected'];
  if (!configured) {
    return { ok: false, reason: `list_mxs answered no Email Routing setting for ${d} (mxcheck ${JSON.stringify(row['mxcheck'] ?? null)})` };
  }
  const entries = Array.isArray(row['entries']) ? (row['entries'] as unknown[]).slice(0, 100) : [];
  const mx = entries
    .filter((e): e is Row => e !== null && typeof e === 'object')
    .map((e) => ({ exchanger: typeof e['mx'] === 'string' ? canonicalName(e['mx']) : '', priority: Number(e['priority']) }))
    .filter((e) => e.exchanger !== '' && Number.isFinite(e.priority))
    .sort((a, b) => a.priority - b.priority);
  const detected = setting(row['detected']);
  return { ok: true, value: { domain: d, setting: configured, from, ...(detected ? { detected } : {}), mx } };
}

export interface Forwarder {
  /** The forwarded address at the domain (`dest`), lower case. */
  from: string;
  /** Where its mail goes (`forward`): an address, lower case, or a pipe/`:fail:`/`:blackhole:` as cPanel wrote it. */
  to: string;
}

/**
 * list_forwarders?domain=: `data` is a list of `{ dest, forward, html_dest, html_forward, uri_dest, uri_forward }`
 * where `dest` is "the forwarded address" and `forward` "the forwarded mail's destination" (api.docs.cpanel.net,
 * "Return domain's forwarders"). A forwarder with several destinations is one row per destination; a comma-separated
 * `forward` is split all the same.
 */
export function forwarders(data: unknown, domain: string): Read<{ forwarders: Forwarder[]; cut: boolean }> {
  const rows = rowsOf(data, 'list_forwarders');
  if (!rows.ok) return rows;
  const d = canonicalName(domain);
  const out: Forwarder[] = [];
  for (const row of rows.value.rows) {
    const dest = row['dest'];
    const forward = row['forward'];
    if (typeof dest !== 'string' || typeof forward !== 'string') return { ok: false, reason: 'list_forwarders answered a row without dest and forward' };
    const from = canonicalAddress(dest);
    if (addressDomain(from) !== d) continue;
    for (const to of forward.split(',').slice(0, 100)) {
      const target = to.trim();
      if (target) out.push({ from, to: target.includes('@') && !/^[|:"]/.test(target) ? canonicalAddress(target) : target });
    }
  }
  return { ok: true, value: { forwarders: out, cut: rows.value.cut } };
}
