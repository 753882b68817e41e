// The name splitcheck says EHLO with: --helo, else this machine's host name when it is a public-looking FQDN, else an address literal.
import { hostname } from 'node:os';

/**
 * Suffixes of names that are never in public DNS (RFC 6761/6762/8375 special-use names and the private
 * suffixes home routers and OS installers hand out). A server that looks the EHLO name up
 * (Postfix's reject_unknown_helo_hostname, cPanel's HELO checks) refuses them, so they are no better
 * than an address literal.
 */
const PRIVATE_SUFFIXES = ['local', 'localdomain', 'localhost', 'lan', 'home', 'home.arpa', 'internal', 'intranet', 'corp', 'private', 'test', 'invalid', 'example', 'fritz.box'];

const LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/;

/** A host name as RFC 5321 §4.1.2 `Domain` has it: two or more LDH labels, the last not numeric. */
export function isHostName(name: string): boolean {
  const labels = name.toLowerCase().replace(/\.$/, '').split('.');
  if (name.length > 253 || labels.length < 2) return false;
  return labels.every((l) => LABEL.test(l)) && !/^\d+$/.test(labels[labels.length - 1]!);
}

/** An RFC 5321 §4.1.3 address literal: `[192.0.2.1]` or `[IPv6:2001:db8::1]`. */
export function isAddressLiteral(name: string): boolean {
  return /^\[(?:\d{1,3}(?:\.\d{1,3}){3}|IPv6:[0-9a-fA-F:.]{2,45})\]$/.test(name);
}

export type HeloSource = 'given' | 'hostname' | 'address-literal';

/**
 * The default EHLO name of a run. RFC 5321 §4.1.4: a client gives its primary host name, or an address
 * literal "if the client has no meaningful name". Many servers refuse an address literal, or a name that
 * does not resolve, at RCPT time (Postfix applies its HELO restrictions there), so the machine's own host
 * name is used when it is a fully qualified, public-looking name (`vps12.example.net`); a short name
 * (`laptop`, a container id) or a private one (`nas.local`, `pc.fritz.box`) gives `undefined`: the probe
 * then says EHLO with the address literal of its local address, which is at least honest. `--helo`
 * overrides both; a refusal of the EHLO name says so.
 */
export function defaultHeloName(machine: string = hostname()): string | undefined {
  const name = machine.trim().toLowerCase().replace(/\.$/, '');
  if (!isHostName(name)) return undefined;
  if (PRIVATE_SUFFIXES.some((suffix) => name === suffix || name.endsWith(`.${suffix}`))) return undefined;
  return name;
}
