// Turns the values that describe the setup (smart host, hosting IPs, mailboxes, ...) into the checks' input; refusals are values.
import { randomBytes } from 'node:crypto';
import { isIP } from 'node:net';
import type { CheckInput } from '../engine/types.js';
import { escapeControl } from '../util/text.js';
import { failure, ok, type Result } from '../util/result.js';
import { CLOUD_IDS, isCloud, type Cloud } from '../knowledge/clouds.js';
import { isAddressLiteral, isHostName } from '../smtp/helo-name.js';
import { CPANEL_TOKEN_ENV, parseCpanelUrl, parseCpanelUser } from '../cpanel/account.js';
import { parseDomain } from './domain.js';

/** The setup as given, under the names of its flags (the command line, splitcheck.config.json and check() options all map to this). */
export interface SetupArgs {
  expectMx?: string;
  cloud?: string;
  smartHost?: string;
  hostingIp?: string[];
  mailbox?: string[];
  m365Mailbox?: string[];
  dkimSelector?: string;
  tlsName?: string;
  smtp?: boolean;
  /** --m365-export: the tenant export's file (read by the m365 source; the input keeps the name). */
  m365Export?: string;
  /** --cpanel-url and --cpanel-user (the cPanel source checks them; the input keeps them, never the token). */
  cpanelUrl?: string;
  cpanelUser?: string;
}

/** Exchange Online delivers to a smart host on port 25 only (DOMAIN.md §1). */
const SMTP_PORT = 25;

function parsePort(text: string, what: string): Result<number> {
  const port = /^\d{1,5}$/.test(text) ? Number(text) : NaN;
  if (!(port >= 1 && port <= 65535)) return failure(`${what}: "${escapeControl(text)}" is not a port number (1-65535)`);
  return ok(port);
}

function withPort(host: string, port: Result<number>): Result<{ host: string; port: number }> {
  return port.ok ? ok({ host, port: port.value }) : port;
}

/** `host`, `host:port`, `ip`, `ip:port`, `[v6]`, `[v6]:port`. */
export function parseSmartHost(value: string): Result<{ host: string; port: number }> {
  const text = value.trim();
  const what = `invalid --smart-host "${escapeControl(text)}"`;
  const bracketed = /^\[([^\]]+)\](?::(.*))?$/.exec(text);
  if (bracketed) {
    if (isIP(bracketed[1]!) !== 6) return failure(`${what}: brackets are for IPv6 addresses`);
    return withPort(bracketed[1]!.toLowerCase(), bracketed[2] === undefined ? ok(SMTP_PORT) : parsePort(bracketed[2], what));
  }
  if (isIP(text) === 6) return ok({ host: text.toLowerCase(), port: SMTP_PORT });
  const colon = text.lastIndexOf(':');
  const host = colon >= 0 ? text.slice(0, colon) : text;
  const port = colon >= 0 ? parsePort(text.slice(colon + 1), what) : ok(SMTP_PORT);
  if (!port.ok) return port;
  if (host.includes(':')) return failure(`${what}: write an IPv6 address with a port as [2001:db8::25]:25`);
  if (isIP(host) === 4) return withPort(host, port);
  const domain = parseDomain(host);
  return domain.ok ? withPort(domain.value, port) : failure(`${what}: ${domain.error}`);
}

export function parseHostingIp(value: string): Result<string> {
  const text = value.trim();
  if (isIP(text) === 0) {
    return failure(`invalid --hosting-ip "${escapeControl(text)}": give the hosting server's outbound IPv4 or IPv6 address, e.g. 203.0.113.25`);
  }
  return ok(text.toLowerCase());
}

/** `local@domain` with a dot-atom local part and a valid domain; returns it normalised. `label` names it in refusals. */
export function parseMailboxShape(value: string, example = 'yourcompany.com', label = '--mailbox'): Result<string> {
  const text = value.trim();
  const at = text.lastIndexOf('@');
  // RFC 5321 §4.1.2 allows more, but a probe address must not smuggle SMTP syntax: keep to dot-atoms.
  const local = text.slice(0, at);
  if (at <= 0 || !/^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*$/.test(local) || local.length > 64) {
    return failure(`invalid ${label} "${escapeControl(text)}": give an address such as alice@${example}`);
  }
  const domain = parseDomain(text.slice(at + 1));
  if (!domain.ok) return failure(`invalid ${label} "${escapeControl(text)}": the part after @ is not a domain`);
  return ok(`${local}@${domain.value}`);
}

/** A mailbox must be an address at the checked domain: it is probed with RCPT TO. */
function parseMailbox(value: string, domain: string, flag = '--mailbox'): Result<string> {
  const text = value.trim();
  const address = parseMailboxShape(text, domain, flag);
  if (!address.ok) return address;
  if (address.value.slice(address.value.lastIndexOf('@') + 1) !== domain) {
    const where = flag === '--mailbox' ? 'on the hosting server' : 'in Microsoft 365';
    return failure(`${flag} ${escapeControl(text)} is not at ${domain}: give mailboxes of the checked domain that live ${where}`);
  }
  return address;
}

/** `--helo`: a host name (RFC 5321 §4.1.1.1 Domain) or an address literal (§4.1.3); what the probe says EHLO with. */
export function parseHelo(value: string): Result<string> {
  const text = value.trim();
  if (isAddressLiteral(text)) return ok(text);
  const name = text.toLowerCase().replace(/\.$/, '');
  if (isHostName(name)) return ok(name);
  return failure(
    `invalid --helo "${escapeControl(text)}": give this machine's fully qualified host name (e.g. vps12.example.net, ideally its reverse DNS name) or an address literal such as [192.0.2.1]`,
  );
}

/** `--m365-mailbox`: mailboxes of the domain in Microsoft 365, none of them also a hosting mailbox. */
function parseM365Mailboxes(values: readonly string[], domain: string, hosting: readonly string[] | undefined): Result<string[]> {
  const m365 = distinct(values, (m) => parseMailbox(m, domain, '--m365-mailbox'));
  if (!m365.ok) return m365;
  // One address cannot live on both platforms: that is the duplicate mailbox this flow goes wrong with.
  const both = m365.value.find((m) => hosting?.includes(m));
  if (both) return failure(`${both} is given both as --mailbox (on the hosting server) and as --m365-mailbox (in Microsoft 365): give each mailbox where it lives`);
  return m365;
}

export function parseSelector(value: string): Result<string> {
  const text = value.trim().toLowerCase();
  // RFC 6376 §3.1: a selector is one or more DNS labels.
  if (!/^[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?(?:\.[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?)*$/.test(text)) {
    return failure(`invalid --dkim-selector "${escapeControl(value)}": a selector is a DNS label such as "default"`);
  }
  return ok(text);
}

/** A certificate name: a host name, or a wildcard `*.example.com`. */
export function parseTlsName(value: string): Result<string> {
  const wildcard = value.trim().startsWith('*.');
  const name = parseDomain(wildcard ? value.trim().slice(2) : value);
  if (!name.ok) return failure(`invalid --tls-name "${escapeControl(value)}": give the host name the certificate must match`);
  return ok(wildcard ? `*.${name.value}` : name.value);
}

/** `--expect-mx`: the Microsoft 365 MX host from the admin center. */
export function parseExpectedMx(value: string): Result<string> {
  const host = parseDomain(value);
  return host.ok ? host : failure(`invalid --expect-mx "${escapeControl(value)}": give the MX host shown in the Microsoft 365 admin center`);
}

export function parseCloud(value: string): Result<Cloud> {
  if (!isCloud(value)) return failure(`invalid --cloud "${escapeControl(value)}": expected one of ${CLOUD_IDS.join(', ')}`);
  return ok(value);
}

/** Every distinct value parsed, in order; the first refusal wins. */
function distinct(values: readonly string[], parse: (value: string) => Result<string>): Result<string[]> {
  const out = new Set<string>();
  for (const value of values) {
    const r = parse(value);
    if (!r.ok) return r;
    out.add(r.value);
  }
  return ok([...out]);
}

type Step = (input: CheckInput) => Result<unknown>;

/** Set `key` from `parse(value)` when the value was given. */
function field<K extends keyof CheckInput, V>(value: V | undefined, key: K, parse: (v: V) => Result<CheckInput[K]>): Step {
  return (input) => {
    if (value === undefined) return ok(undefined);
    const r = parse(value);
    if (r.ok) input[key] = r.value;
    return r;
  };
}

/** --cpanel-url and --cpanel-user go together; both are checked here as the cPanel source checks them. */
function parseCpanelInput(args: SetupArgs): Result<{ url: string; user: string }> {
  if (args.cpanelUrl === undefined || args.cpanelUser === undefined) {
    return failure(`reading cPanel needs both --cpanel-url and --cpanel-user (and the API token in ${CPANEL_TOKEN_ENV}); ${args.cpanelUrl === undefined ? '--cpanel-url' : '--cpanel-user'} is missing`);
  }
  const url = parseCpanelUrl(args.cpanelUrl);
  if (!url.ok) return failure(url.error);
  const user = parseCpanelUser(args.cpanelUser);
  if (!user.ok) return failure(user.error);
  return ok({ url: url.value, user: user.value });
}

/** The checks' input from the setup arguments, validated; `domain` is the already-parsed domain. */
export function setupInput(args: SetupArgs, domain: string): Result<CheckInput> {
  const input: CheckInput = { probeLocalPart: `splitcheck-probe-${randomBytes(5).toString('hex')}` };
  const steps: Step[] = [
    field(args.smartHost, 'smartHost', parseSmartHost),
    field(args.hostingIp?.length ? args.hostingIp : undefined, 'hostingIps', (v) => distinct(v, parseHostingIp)),
    field(args.mailbox?.length ? args.mailbox : undefined, 'mailboxes', (v) => distinct(v, (m) => parseMailbox(m, domain))),
    (input) => field(args.m365Mailbox?.length ? args.m365Mailbox : undefined, 'm365Mailboxes', (v) => parseM365Mailboxes(v, domain, input.mailboxes))(input),
    field(args.dkimSelector, 'dkimSelector', parseSelector),
    field(args.tlsName, 'tlsName', parseTlsName),
    field(args.smtp === false ? true : undefined, 'noSmtp', ok),
    field(args.expectMx, 'expectedMxHost', parseExpectedMx),
    field(args.cloud, 'expectedCloud', parseCloud),
    field(args.m365Export, 'm365Export', (v) => ok(v)),
    field(args.cpanelUrl !== undefined || args.cpanelUser !== undefined ? args : undefined, 'cpanel', parseCpanelInput),
  ];
  for (const step of steps) {
    const r = step(input);
    if (!r.ok) return r;
  }
  return ok(input);
}
