// Result types of check_host() and of the whole-tree analysis: results, structured reasons, the evaluation tree.

import type { DnsStatus, RRType } from '../dns/types.js';
import type { Qualifier, SpfSyntaxError } from './ast.js';
import type { QueryTrace } from './dns.js';
import type { DomainProblem } from './domain-name.js';

/** RFC 7208 §2.6. */
export type SpfResult = 'pass' | 'fail' | 'softfail' | 'neutral' | 'none' | 'permerror' | 'temperror';

/** A term in a record, for reasons that point at one. */
export interface TermRef {
  /** The domain whose record holds the term. */
  domain: string;
  term: string;
  /** 0-based offset of the term in that record. */
  position: number;
}

/** Why a result is what it is, or what the analysis found. Wording lives in messages.ts, once. */
export type SpfReason =
  | { code: 'invalid-ip'; ip: string }
  /** RFC 7208 §4.3: malformed or single-label <domain> → none. */
  | { code: 'malformed-domain'; domain: string; problem: DomainProblem | 'rejected' }
  /** RFC 7208 §4.3/§4.5: no SPF record → none. */
  | { code: 'no-record'; domain: string; dns: 'nxdomain' | 'nodata' | 'no-spf' }
  /** RFC 7208 §2.6.6, §4.4, §5: a DNS failure → temperror. */
  | { code: 'dns-error'; domain: string; name: string; type: RRType; status: DnsStatus; dnsCode?: string; detail?: string; at?: TermRef }
  /** RFC 7208 §4.5: more than one "v=spf1" record → permerror. */
  | { code: 'multiple-records'; domain: string; count: number }
  /** RFC 7208 §4.6: a syntax error anywhere → permerror. */
  | { code: 'syntax'; domain: string; record: string; error: SpfSyntaxError }
  /** RFC 7208 §4.6.4: an 11th DNS-querying term → permerror. `loop` is the domain chain when a loop caused it. */
  | { code: 'lookup-limit'; at: TermRef; limit: number; loop?: string[] }
  /** RFC 7208 §4.6.4: a third void lookup → permerror. */
  | { code: 'void-limit'; at: TermRef; limit: number }
  /** RFC 7208 §4.6.4: an `mx` with more than 10 MX names → permerror. */
  | { code: 'mx-limit'; at: TermRef; count: number; limit: number }
  /** RFC 7208 §5.2 / §6.1: the include or redirect target has no record (check_host() gave none) → permerror. */
  | { code: 'include-none' | 'redirect-none'; at: TermRef; target: string; cause: SpfReason }
  // The rest are found only by the whole-tree analysis.
  /** An include or redirect names a domain already on the path: every evaluation reaching it ends at the limit. */
  | { code: 'loop'; at: TermRef; chain: string[] }
  /** The analysis stopped descending at this depth. */
  | { code: 'depth-limit'; domain: string; depth: number; limit: number }
  /** The analysis stopped counting at this many lookups; the true count is at least that. */
  | { code: 'walk-limit'; at: TermRef; limit: number }
  /** The include/redirect target uses sender or IP macros, so no fixed record can be followed. */
  | { code: 'dynamic-target'; at: TermRef }
  /** `ptr` is deprecated (RFC 7208 §5.5: "This mechanism SHOULD NOT be published"). */
  | { code: 'ptr-used'; at: TermRef };

export type TermOutcome =
  | 'match'
  | 'no-match'
  | 'error' // the term ended the evaluation with permerror or temperror
  | 'not-reached' // an earlier term decided the result
  | 'followed' // redirect or exp that was used
  | 'ignored'; // unknown modifiers, an unused exp

export interface TermNode {
  text: string;
  position: number;
  type: 'mechanism' | 'modifier';
  /** Mechanism kind or lower-case modifier name. */
  name: string;
  qualifier?: Qualifier;
  /** The expanded target domain (include, a, mx, ptr, exists, redirect, exp). */
  target?: string;
  /** DNS-querying terms spent by this term, its subtree included (RFC 7208 §4.6.4). */
  lookups: number;
  /** The term's lookup came back NXDOMAIN or empty (RFC 7208 §4.6.4). */
  void?: boolean;
  queries: QueryTrace[];
  /** check_host(): what the term did. */
  outcome?: TermOutcome;
  /** check_host(): what matched, when something did. */
  matched?: { address?: string; name?: string };
  /** Analysis: false for terms no evaluation reaches (after `all`; a redirect beside `all`, RFC 7208 §6.1). */
  reachable?: boolean;
  /** include or redirect: the record evaluated there. */
  child?: RecordNode;
  /** include or redirect to a domain already on the path. */
  loop?: boolean;
}

export interface RecordNode {
  domain: string;
  via: 'top' | 'include' | 'redirect';
  /** The SPF record text, when one was selected. */
  record?: string;
  /** The TXT lookup for the record. */
  query?: QueryTrace;
  /** check_host(): the result of this record. */
  result?: SpfResult;
  /** Why this record ended as it did (none, permerror, temperror), or what the analysis found wrong here. */
  reason?: SpfReason;
  terms: TermNode[];
  /** DNS-querying terms spent in this record and below it. */
  lookups: number;
  voidLookups: number;
}

export interface SpfCheckResult {
  result: SpfResult;
  domain: string;
  /** Only the expanded `exp=` text of RFC 7208 §6.2; undefined when there is none. */
  explanation?: string;
  /** DNS-querying terms counted (RFC 7208 §4.6.4). */
  lookups: number;
  voidLookups: number;
  /** The top-level record text. */
  record?: string;
  /** For none, permerror and temperror. */
  reason?: SpfReason;
  tree: RecordNode;
  /** DNS questions sent (prefetch included). */
  queries: number;
}
