// Fetching a domain's SPF record: initial checks (RFC 7208 §4.3), the TXT lookup, selection (§4.5), parsing, and what a failure means.

import type { SpfRecord, SpfSyntaxError } from './ast.js';
import { malformedDomain, type DomainProblem } from './domain-name.js';
import { traceOf, txtOf, type QueryTrace, type SpfDns } from './dns.js';
import { parseRecord } from './record-parse.js';
import { selectSpfRecord } from './select.js';
import type { DnsStatus } from '../dns/types.js';
import type { SpfReason, SpfResult } from './result.js';

export type RecordFetch =
  | { kind: 'record'; record: SpfRecord; query: QueryTrace }
  /** RFC 7208 §4.3/§4.5: `none`. `why` says whether the name was malformed, absent, or had no SPF record. */
  | { kind: 'none'; why: 'malformed' | 'nxdomain' | 'nodata' | 'no-spf'; problem?: DomainProblem | 'rejected'; query?: QueryTrace }
  /** RFC 7208 §4.4: a DNS error while fetching the record is `temperror`. */
  | { kind: 'dns-error'; status: DnsStatus; code?: string; detail?: string; query: QueryTrace }
  /** RFC 7208 §4.5: more than one record is `permerror`. */
  | { kind: 'multiple'; texts: string[]; query: QueryTrace }
  /** RFC 7208 §4.6: a syntax error anywhere in the record is `permerror`. */
  | { kind: 'syntax'; text: string; error: SpfSyntaxError; query: QueryTrace };

/**
 * Parsed records by text, shared by every evaluation of the process: a run evaluates the same records for
 * many senders and domains, and a parsed record is never changed. Bounded (least recently used dropped
 * first): hostile records cannot grow it.
 */
const PARSED = new Map<string, ReturnType<typeof parseRecord>>();
/** Enough for the records many domains share (Microsoft's, the hosting providers'); the rest come and go. */
const MAX_PARSED = 64;

function parsed(text: string): ReturnType<typeof parseRecord> {
  let result = PARSED.get(text);
  if (result === undefined) {
    result = parseRecord(text);
    if (PARSED.size >= MAX_PARSED) PARSED.delete(PARSED.keys().next().value!);
  } else {
    PARSED.delete(text); // most recently used last, so the shared records stay
  }
  PARSED.set(text, result);
  return result;
}

async function fetchRecord(dns: SpfDns, domain: string): Promise<RecordFetch> {
  const problem = malformedDomain(domain);
  if (problem) return { kind: 'none', why: 'malformed', problem };
  const lookup = await dns.lookup(domain, 'TXT');
  const query = traceOf(domain, 'TXT', lookup);
  switch (lookup.kind) {
    case 'bad-name':
      return { kind: 'none', why: 'malformed', problem: 'rejected', query };
    case 'void':
      return { kind: 'none', why: lookup.status, query };
    case 'error':
      return { kind: 'dns-error', status: lookup.status, ...(lookup.code ? { code: lookup.code } : {}), ...(lookup.detail ? { detail: lookup.detail } : {}), query };
    case 'answer':
      break;
  }
  const selection = selectSpfRecord(txtOf(lookup.records));
  if (selection.kind === 'none') return { kind: 'none', why: 'no-spf', query };
  if (selection.kind === 'multiple') return { kind: 'multiple', texts: selection.texts, query };
  const result = parsed(selection.text);
  if (!result.ok) return { kind: 'syntax', text: selection.text, error: result.error, query };
  return { kind: 'record', record: result.value, query };
}

/** What a record that could not be evaluated means (RFC 7208 §4.3–§4.6). */
export function fetchOutcome(domain: string, fetched: Exclude<RecordFetch, { kind: 'record' }>): { result: SpfResult; reason: SpfReason } {
  switch (fetched.kind) {
    case 'none':
      if (fetched.why === 'malformed') {
        return { result: 'none', reason: { code: 'malformed-domain', domain, problem: fetched.problem ?? 'rejected' } };
      }
      return { result: 'none', reason: { code: 'no-record', domain, dns: fetched.why } };
    case 'dns-error': {
      const reason: SpfReason = { code: 'dns-error', domain, name: domain, type: 'TXT', status: fetched.status };
      if (fetched.code) reason.dnsCode = fetched.code;
      if (fetched.detail) reason.detail = fetched.detail;
      return { result: 'temperror', reason };
    }
    case 'multiple':
      return { result: 'permerror', reason: { code: 'multiple-records', domain, count: fetched.texts.length } };
    case 'syntax':
      return { result: 'permerror', reason: { code: 'syntax', domain, record: fetched.text, error: fetched.error } };
  }
}

/** One fetch (and one parse) per domain for a whole evaluation or analysis, shared with the prefetch. */
export class RecordSource {
  readonly dns: SpfDns;
  readonly #memo = new Map<string, Promise<RecordFetch>>();

  constructor(dns: SpfDns) {
    this.dns = dns;
  }

  fetch(domain: string): Promise<RecordFetch> {
    const key = domain.toLowerCase();
    let pending = this.#memo.get(key);
    if (!pending) {
      pending = fetchRecord(this.dns, domain);
      this.#memo.set(key, pending);
    }
    return pending;
  }
}
