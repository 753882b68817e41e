// The state of one check_host() run: the session inputs, the shared DNS memo, the RFC 7208 §4.6.4 counters.

import type { MacroString, Term } from './ast.js';
import { MAX_DNS_LOOKUPS, MAX_VOID_LOOKUPS } from './constants.js';
import type { SpfDns } from './dns.js';
import type { RecordSource } from './fetch-record.js';
import type { SenderParts } from './identity.js';
import type { IpAddress } from './ip.js';
import { expandDomain, type MacroContext } from './macro-expand.js';
import { macroLetters } from './macro-parse.js';
import type { PrefetchScope } from './prefetch.js';
import type { PtrNames } from './ptr.js';
import type { SpfReason, TermNode, TermRef } from './result.js';
import { validatedDomain } from './ptr.js';

export interface Evaluation {
  source: RecordSource;
  dns: SpfDns;
  ip: IpAddress;
  sender: SenderParts;
  helo: string;
  receiver: string;
  timestamp: number;
  /** DNS-querying terms so far (RFC 7208 §4.6.4). */
  lookups: number;
  voids: number;
  /** The first include/redirect chain seen to revisit a domain, for the lookup-limit message. */
  loop?: string[];
  prefetch?: PrefetchScope;
  /** Count a void lookup per MX host without an address too, as pyspf and Mail::SPF do (CheckHostOptions.voidPerMxHost). */
  voidPerMxHost?: boolean;
  /** The client's PTR names, looked up once for `ptr` terms and `%{p}`. */
  ptr?: Promise<PtrNames>;
}

/** A mechanism's effect on the evaluation. */
export type Step =
  | { kind: 'match'; matched?: { address?: string; name?: string } }
  | { kind: 'no-match' }
  | { kind: 'abort'; result: 'permerror' | 'temperror'; reason: SpfReason };

export function refOf(term: Term, domain: string): TermRef {
  return { domain, term: term.text, position: term.position };
}

/** Counts one DNS-querying term; the 11th is permerror (RFC 7208 §4.6.4). */
export function spendLookup(ev: Evaluation, at: TermRef, node: TermNode): Step | undefined {
  ev.lookups++;
  node.lookups++;
  if (ev.lookups <= MAX_DNS_LOOKUPS) return undefined;
  const reason: SpfReason = { code: 'lookup-limit', at, limit: MAX_DNS_LOOKUPS, ...(ev.loop ? { loop: ev.loop } : {}) };
  return { kind: 'abort', result: 'permerror', reason };
}

/** Counts a void lookup; the third is permerror (RFC 7208 §4.6.4). */
export function spendVoid(ev: Evaluation, at: TermRef, node: TermNode): Step | undefined {
  ev.voids++;
  node.void = true;
  if (ev.voids <= MAX_VOID_LOOKUPS) return undefined;
  return { kind: 'abort', result: 'permerror', reason: { code: 'void-limit', at, limit: MAX_VOID_LOOKUPS } };
}

export function macroContext(ev: Evaluation, domain: string, validated?: string): MacroContext {
  return {
    sender: ev.sender.sender,
    local: ev.sender.local,
    senderDomain: ev.sender.domain,
    domain,
    ip: ev.ip,
    helo: ev.helo,
    receiver: ev.receiver,
    timestamp: ev.timestamp,
    ...(validated !== undefined ? { validatedDomain: validated } : {}),
  };
}

/** The `%{p}` value when the string uses it, with its lookups traced on the term. */
export async function resolveP(ev: Evaluation, spec: MacroString, domain: string, node: TermNode): Promise<string | undefined> {
  return macroLetters(spec).has('p') ? validatedDomain(ev, domain, node.queries) : undefined;
}

/** Expands a domain-spec in the context of the record at `domain` (RFC 7208 §7.3). */
export async function expandTarget(ev: Evaluation, spec: MacroString, domain: string, node: TermNode): Promise<string> {
  const target = expandDomain(spec, macroContext(ev, domain, await resolveP(ev, spec, domain, node)));
  node.target = target;
  return target;
}
