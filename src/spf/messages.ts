// The one place SPF reasons and syntax errors become English: everything else passes structured values.

import type { MacroFault, SpfSyntaxError, SyntaxErrorCode } from './ast.js';
import type { DomainProblem } from './domain-name.js';
import type { SpfReason, TermRef } from './result.js';
import type { StopPoint } from './stopped-at.js';

/** RFC 7208 §7.1–§7.3, said for the macro as written. */
const MACRO: Record<MacroFault['problem'], (text: string) => string> = {
  'zero-parts': (text) =>
    `"${text}" keeps 0 parts of the name, which RFC 7208 §7.3 forbids ("the value MUST be nonzero"): write %{${text[2] ?? 'd'}} for all of it, or a number from 1 (e.g. %{${text[2] ?? 'd'}2} for the last two labels)`,
  'unknown-letter': (text) => `"${text}": "${text[2] ?? ''}" is not a macro letter (s, l, o, d, i, p, h, v; c, r and t only in exp= text)`,
  'bad-transformer': (text) => `"${text}": after the letter only a number, an "r" and the delimiters . - + , / _ = may come before the closing "}"`,
  unclosed: (text) => `"${text}" is never closed with "}"`,
  'bad-escape': (text) => `"${text}": a "%" must be followed by "{" (a macro), "%" (a literal %), "_" (a space) or "-" (%20)`,
};

const SYNTAX: Record<SyntaxErrorCode, (e: SpfSyntaxError) => string> = {
  'not-spf1': () => 'the record does not start with "v=spf1" followed by a space',
  'invalid-character': (e) => `a control or non-ASCII character${e.at !== undefined ? ` at position ${e.at}` : ''}`,
  'unknown-mechanism': (e) =>
    e.name === 'ipv4' || e.name === 'ipv6' ? `unknown mechanism "${e.name}" (did you mean "ip${e.name.slice(3)}:"?)` : `unknown mechanism "${e.name ?? e.term}"`,
  'invalid-term': () => 'neither a mechanism nor a modifier (a modifier name starts with a letter)',
  'missing-argument': (e) => `"${e.name ?? e.term}" needs a value`,
  'unexpected-argument': (e) => `"${e.name ?? e.term}" takes no such argument`,
  'invalid-domain-spec': () => 'the domain must end in a macro or a valid top-level label (not all digits)',
  'invalid-macro': (e) => (e.macro ? MACRO[e.macro.problem](e.macro.text) : 'a "%" must start %{letter...}, %%, %_ or %-'),
  'macro-letter-not-allowed': () => 'the macro letters c, r and t are allowed only in explanation text',
  'invalid-cidr': () => 'invalid prefix length (IPv4 0-32, IPv6 0-128, no leading zeros; a/mx take /n//m)',
  'invalid-ip4': () => 'not an IPv4 address (four decimal parts, no leading zeros)',
  'invalid-ip6': () => 'not an IPv6 address',
  'duplicate-modifier': (e) => `"${e.name ?? ''}" appears more than once`,
};

export function describeSyntaxError(error: SpfSyntaxError): string {
  return `syntax error at position ${error.position} ("${error.term}"): ${SYNTAX[error.code](error)}`;
}

const PROBLEMS: Record<DomainProblem | 'rejected', string> = {
  empty: 'is empty',
  'empty-label': 'has an empty label',
  'long-label': 'has a label longer than 63 characters',
  'too-long': 'is longer than 253 characters',
  'single-label': 'is not a multi-label domain name',
  'address-literal': 'is an address literal, not a domain',
  rejected: 'cannot be queried',
};

function where(at: TermRef): string {
  return `"${at.term}" in the record of ${at.domain}`;
}

/** `"a:cpanel.example.com" in the record of example.com`, or where the evaluation ran out of terms; with the includes taken. */
export function describeStop(stop: StopPoint): string {
  const through = stop.via.length > 0 ? ` (through ${stop.via.join(' → ')})` : '';
  if (stop.at) return `${where(stop.at)}${through}`;
  return stop.outcome === 'end' ? `the end of the record of ${stop.domain}, no mechanism matching${through}` : `the record of ${stop.domain}${through}`;
}

export function describeReason(reason: SpfReason): string {
  switch (reason.code) {
    case 'invalid-ip':
      return `"${reason.ip}" is not an IP address`;
    case 'malformed-domain':
      return `the domain "${reason.domain}" ${PROBLEMS[reason.problem]}`;
    case 'no-record':
      return reason.dns === 'nxdomain'
        ? `${reason.domain} does not exist`
        : `${reason.domain} has no SPF record (no TXT record starting "v=spf1")`;
    case 'dns-error':
      // The client's detail names the code itself ("ENETUNREACH from 192.0.2.53:53 (2 attempts): ...").
      return `DNS ${reason.status}${reason.dnsCode && !reason.detail ? ` (${reason.dnsCode})` : ''} looking up ${reason.type} ${reason.name}${reason.at ? ` for ${where(reason.at)}` : ''}${
        reason.detail ? `: ${reason.detail}` : ''
      }`;
    case 'multiple-records':
      return `${reason.domain} publishes ${reason.count} SPF records; exactly one is allowed`;
    case 'syntax':
      return `record of ${reason.domain}: ${describeSyntaxError(reason.error)}`;
    case 'lookup-limit':
      return `more than ${reason.limit} DNS-querying terms (include, a, mx, ptr, exists, redirect), at ${where(reason.at)}${
        reason.loop ? `; the includes loop: ${reason.loop.join(' → ')}` : ''
      }`;
    case 'void-limit':
      return `more than ${reason.limit} lookups found nothing (NXDOMAIN or no records), at ${where(reason.at)}`;
    case 'mx-limit':
      return `${where(reason.at)} has ${reason.count} MX records; at most ${reason.limit} are allowed`;
    case 'include-none':
      return `${where(reason.at)}: ${reason.target} has no SPF record (${describeReason(reason.cause)})`;
    case 'redirect-none':
      return `${where(reason.at)}: the redirect target ${reason.target} has no SPF record (${describeReason(reason.cause)})`;
    case 'loop':
      return `${where(reason.at)} loops back: ${reason.chain.join(' → ')}`;
    case 'depth-limit':
      return `includes nest deeper than ${reason.limit} levels at ${reason.domain}; the analysis stopped there`;
    case 'walk-limit':
      return `the analysis stopped counting at ${reason.limit} DNS-querying terms, at ${where(reason.at)}`;
    case 'dynamic-target':
      return `${where(reason.at)} depends on the sender or the client address, so it cannot be followed without them`;
    case 'ptr-used':
      return `${where(reason.at)} uses the deprecated "ptr" mechanism (RFC 7208 §5.5)`;
  }
}
