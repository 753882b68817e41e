// Turns the options that describe the setup (smart host, hosting IPs, mailboxes, ...) into the checks' input.
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { isIP } from 'node:net';
import type { CheckInput } from '../engine/types.js';
import { escapeControl } from '../util/text.js';
import type { Cloud } from '../knowledge/microsoft.js';
import { isAddressLiteral, isHostName } from '../smtp/helo-name.js';
import { parseDomain } from './domain.js';
import { UsageError } from './usage-error.js';

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
}

const CLOUDS: readonly Cloud[] = ['commercial', 'gcc-high', 'dod', 'china'];

/** Exchange Online delivers to a smart host on port 25 only (DOMAIN.md §1). */
const SMTP_PORT = 25;

function parsePort(text: string, what: string): number {
  const port = /^\d{1,5}$/.test(text) ? Number(text) : NaN;
  if (!(port >= 1 && port <= 65535)) throw new UsageError(`${what}: "${escapeControl(text)}" is not a port number (1-65535)`);
  return port;
}

/** `host`, `host:port`, `ip`, `ip:port`, `[v6]`, `[v6]:port`. */
export function parseSmartHost(value: string): { host: string; port: number } {
  const text = value.trim();
  const what = `invalid --smart-host "${escapeControl(text)}"`;
  const bracketed = /^\[([^\]]+)\](?::(.*))?$/.exec(text);
  if (bracketed) {
    if (isIP(bracketed[1]!) !== 6) throw new UsageError(`${what}: brackets are for IPv6 addresses`);
    return { host: bracketed[1]!.toLowerCase(), port: bracketed[2] === undefined ? SMTP_PORT : parsePort(bracketed[2], what) };
  }
  if (isIP(text) === 6) return { host: text.toLowerCase(), port: SMTP_PORT };
  const colon = text.lastIndexOf(':');
  const host = colon >= 0 ? text.slice(0, colon) : text;
  const port = colon >= 0 ? parsePort(text.slice(colon + 1), what) : SMTP_PORT;
  if (host.includes(':')) throw new UsageError(`${what}: write an IPv6 address with a port as [2001:db8::25]:25`);
  if (isIP(host) === 4) return { host, port };
  try {
    return { host: parseDomain(host), port };
  } catch (err) {
    throw new UsageError(`${what}: ${err instanceof Error ? err.message : String(err)}`);
  }
}

export function parseHostingIp(value: string): string {
  const text = value.trim();
  if (isIP(text) === 0) {
    throw new UsageError(`invalid --hosting-ip "${escapeControl(text)}": give the hosting server's outbound IPv4 or IPv6 address, e.g. 203.0.113.25`);
  }
  return text.toLowerCase();
}

/** `local@domain` with a dot-atom local part and a valid domain; returns it normalised. `label` names it in refusals. */
export function parseMailboxShape(value: string, example = 'yourcompany.com', label = '--mailbox'): string {
  const text = value.trim();
  const at = text.lastIndexOf('@');
  // RFC 5321 §4.1.2 allows more, but a probe address must not smuggle SMTP syntax: keep to dot-atoms.
  const local = text.slice(0, at);
  if (at <= 0 || !/^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*$/.test(local) || local.length > 64) {
    throw new UsageError(`invalid ${label} "${escapeControl(text)}": give an address such as alice@${example}`);
  }
  try {
    return `${local}@${parseDomain(text.slice(at + 1))}`;
  } catch {
    throw new UsageError(`invalid ${label} "${escapeControl(text)}": the part after @ is not a domain`);
  }
}

/** A mailbox must be an address at the checked domain: it is probed with RCPT TO. */
function parseMailbox(value: string, domain: string, flag = '--mailbox'): string {
  const text = value.trim();
  const address = parseMailboxShape(text, domain, flag);
  if (address.slice(address.lastIndexOf('@') + 1) !== domain) {
    const where = flag === '--mailbox' ? 'on the hosting server' : 'in Microsoft 365';
    throw new UsageError(`${flag} ${escapeControl(text)} is not at ${domain}: give mailboxes of the checked domain that live ${where}`);
  }
  return address;
}

/** `--helo`: a host name (RFC 5321 §4.1.1.1 Domain) or an address literal (§4.1.3); what the probe says EHLO with. */
export function parseHelo(value: string): string {
  const text = value.trim();
  if (isAddressLiteral(text)) return text;
  const name = text.toLowerCase().replace(/\.$/, '');
  if (isHostName(name)) return name;
  throw new UsageError(
    `invalid --helo "${escapeControl(text)}": give this machine's fully qualified host name (e.g. vps12.example.net, ideally its reverse DNS name) or an address literal such as [192.0.2.1]`,
  );
}

export function parseSelector(value: string): string {
  const text = value.trim().toLowerCase();
  // RFC 6376 §3.1: a selector is one or more DNS labels.
  if (!/^[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?(?:\.[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?)*$/.test(text)) {
    throw new UsageError(`invalid --dkim-selector "${escapeControl(value)}": a selector is a DNS label such as "default"`);
  }
  return text;
}

/** A certificate name: a host name, or a wildcard `*.example.com`. */
export function parseTlsName(value: string): string {
  const wildcard = value.trim().startsWith('*.');
  try {
    const name = parseDomain(wildcard ? value.trim().slice(2) : value);
    return wildcard ? `*.${name}` : name;
  } catch {
    throw new UsageError(`invalid --tls-name "${escapeControl(value)}": give the host name the certificate must match`);
  }
}

/** The checks' input from the command line, validated; `domain` is the already-parsed domain. */
export function setupInput(args: SetupArgs, domain: string): CheckInput {
  const input: CheckInput = { probeLocalPart: `splitcheck-probe-${randomBytes(5).toString('hex')}` };
  if (args.smartHost !== undefined) input.smartHost = parseSmartHost(args.smartHost);
  if (args.hostingIp?.length) input.hostingIps = [...new Set(args.hostingIp.map(parseHostingIp))];
  if (args.mailbox?.length) input.mailboxes = [...new Set(args.mailbox.map((m) => parseMailbox(m, domain)))];
  if (args.m365Mailbox?.length) {
    const m365 = [...new Set(args.m365Mailbox.map((m) => parseMailbox(m, domain, '--m365-mailbox')))];
    // One address cannot live on both platforms: that is the duplicate mailbox this flow goes wrong with.
    const both = m365.find((m) => input.mailboxes?.includes(m));
    if (both) throw new UsageError(`${both} is given both as --mailbox (on the hosting server) and as --m365-mailbox (in Microsoft 365): give each mailbox where it lives`);
    input.m365Mailboxes = m365;
  }
  if (args.dkimSelector !== undefined) input.dkimSelector = parseSelector(args.dkimSelector);
  if (args.tlsName !== undefined) input.tlsName = parseTlsName(args.tlsName);
  if (args.smtp === false) input.noSmtp = true;
  if (args.expectMx !== undefined) {
    try {
      input.expectedMxHost = parseDomain(args.expectMx);
    } catch {
      throw new UsageError(`invalid --expect-mx "${escapeControl(args.expectMx)}": give the MX host shown in the Microsoft 365 admin center`);
    }
  }
  if (args.cloud !== undefined) {
    if (!CLOUDS.includes(args.cloud as Cloud)) throw new UsageError(`invalid --cloud "${escapeControl(args.cloud)}": expected one of ${CLOUDS.join(', ')}`);
    input.expectedCloud = args.cloud as Cloud;
  }
  return input;
}

/** `--ca-file`: PEM certificates to trust besides the system store and NODE_EXTRA_CA_CERTS. */
export async function readCaFile(path: string): Promise<string[]> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new UsageError(`cannot read --ca-file ${escapeControl(path)}: ${code === 'ENOENT' ? 'no such file' : String(code ?? err)}`);
  }
  const pems = text.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
  if (pems.length === 0) throw new UsageError(`--ca-file ${escapeControl(path)} holds no PEM certificate (-----BEGIN CERTIFICATE-----)`);
  return pems.map((p) => `${p}\n`);
}
