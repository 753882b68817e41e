// Numeric limits of RFC 7208 and of splitcheck's own bounded walks, each with the reason it exists.

import { MAX_LABEL_OCTETS, MAX_NAME_CHARS } from '../dns/names.js';

/** Terms that cause DNS queries (include, a, mx, ptr, exists, redirect) per check_host(): RFC 7208 §4.6.4. */
export const MAX_DNS_LOOKUPS = 10;

/** Terms whose lookup returned NXDOMAIN or an empty answer: RFC 7208 §4.6.4 ("SHOULD limit ... to two"). */
export const MAX_VOID_LOOKUPS = 2;

/** MX names per `mx` term; more is permerror: RFC 7208 §4.6.4 (each MX costs an address lookup). */
export const MAX_MX_NAMES = 10;

/** PTR names per `ptr` term or `%{p}`; the rest are ignored, never an error: RFC 7208 §4.6.4. */
export const MAX_PTR_NAMES = 10;

/** Longest domain name in text form; longer macro expansions lose labels on the left: RFC 7208 §7.3. */
export const MAX_DOMAIN_LENGTH = MAX_NAME_CHARS;

/** Longest DNS label: RFC 1035 §2.3.4 (and the malformed-domain rule of RFC 7208 §4.3). */
export const MAX_LABEL_LENGTH = MAX_LABEL_OCTETS;

/**
 * Queries a prefetch may start per walk. A complete check_host() within the limits needs at most
 * 10 terms x (1 MX or PTR query + 10 address queries) + the first TXT = 111 (RFC 7208 §4.6.4),
 * so warming more than that can only serve a record that will end in permerror anyway.
 */
export const MAX_PREFETCH_QUERIES = MAX_DNS_LOOKUPS * (1 + MAX_MX_NAMES) + 1;

/**
 * Whole-tree analysis stops counting here and reports "at least N": a hostile or looping tree must
 * end fast, and anything past 10 is already a permerror for every sender (RFC 7208 §4.6.4).
 */
export const ANALYSIS_MAX_LOOKUPS = 50;

/** Nesting depth the analysis follows; every level costs one lookup, so past 10 the chain is already broken. */
export const ANALYSIS_MAX_DEPTH = 20;

/** Queries an analysis prefetch may start: its own lookup bound times the worst per-term cost, as above. */
export const MAX_ANALYSIS_PREFETCH_QUERIES = ANALYSIS_MAX_LOOKUPS * (1 + MAX_MX_NAMES) + 1;

/** Value of `%{r}` when the caller does not name the receiving host: RFC 7208 §7.3 ("unknown"). */
export const DEFAULT_RECEIVER = 'unknown';

/** Value of `%{p}` when no validated name exists: RFC 7208 §7.3. */
export const UNKNOWN_PTR = 'unknown';
