// The public check_host() (RFC 7208 §4) over an injected DnsClient, and the MAIL FROM / HELO convenience on top of it.

import type { DnsClient } from '../dns/types.js';
import { DEFAULT_RECEIVER, MAX_DNS_LOOKUPS, MAX_PREFETCH_QUERIES } from './constants.js';
import { SpfDns } from './dns.js';
import { withoutTrailingDot } from './domain-name.js';
import { evaluateDomain } from './evaluate.js';
import type { Evaluation } from './evaluation.js';
import { explain } from './explanation.js';
import { RecordSource } from './fetch-record.js';
import { mailFromIdentity, splitSender } from './identity.js';
import { parseClientIp } from './ip.js';
import { createPrefetchScope } from './prefetch.js';
import type { RecordNode, SpfCheckResult, SpfReason } from './result.js';

export interface CheckHostOptions {
  /** <ip>: the SMTP client address (IPv4, IPv6, or IPv4-mapped IPv6). */
  ip: string;
  /** <domain>: the domain whose policy is checked. */
  domain: string;
  /** <sender>: the MAIL FROM address, or "postmaster@<helo>" for the HELO identity. Default "postmaster@<domain>". */
  sender?: string;
  /** HELO/EHLO name, for `%{h}` only; "unknown" when not given. */
  helo?: string;
  dns: DnsClient;
  /** `%{r}`: the receiving host's domain. */
  receiver?: string;
  /** `%{t}`: seconds since the epoch; now when not given. */
  timestamp?: number;
  signal?: AbortSignal;
  /** Start the session-independent lookups of each record as soon as it is parsed (default true). */
  prefetch?: boolean;
  /**
   * Also count, as a void lookup, each MX host whose address lookup finds nothing, as pyspf and Mail::SPF do.
   * Not RFC 7208 (§4.6.4 limits the terms whose lookups come back empty, and an `mx` whose MX query answered is
   * not one), but what receivers running them return: for judging whether a sender passes there too.
   */
  voidPerMxHost?: boolean;
  /**
   * Answers shared by several evaluations of one run (createSpfSession): each lookup and record is asked and
   * parsed once for all of them. Evaluations that share one do not prefetch (`prefetch` is ignored).
   */
  session?: SpfSession;
}

/** Lookups and parsed records shared by the check_host() evaluations of one run (many senders, one domain). */
export interface SpfSession {
  readonly source: RecordSource;
}

/** A session over `dns`, for CheckHostOptions.session. It holds no timer or listener: nothing to close. */
export function createSpfSession(dns: DnsClient, signal?: AbortSignal): SpfSession {
  return { source: new RecordSource(new SpfDns(dns, { warmLimit: 0, ...(signal ? { signal } : {}) })) };
}

/** RFC 7208 §4: evaluates the SPF policy of `domain` for `ip`. Never throws for DNS or policy reasons. */
export async function checkHost(options: CheckHostOptions): Promise<SpfCheckResult> {
  const domain = withoutTrailingDot(options.domain);
  const ip = parseClientIp(options.ip);
  if (!ip) {
    // No RFC 7208 result fits a caller's bad input; none ("no definitive assertion") is the closest, with the reason.
    const reason: SpfReason = { code: 'invalid-ip', ip: options.ip };
    const tree: RecordNode = { domain, via: 'top', terms: [], lookups: 0, voidLookups: 0, result: 'none', reason };
    return { result: 'none', domain, lookups: 0, voidLookups: 0, reason, tree, queries: 0 };
  }
  const shared = options.session?.source;
  const dns = shared?.dns ?? new SpfDns(options.dns, { warmLimit: MAX_PREFETCH_QUERIES, ...(options.signal ? { signal: options.signal } : {}) });
  const source = shared ?? new RecordSource(dns);
  const sentBefore = dns.sent;
  const ev: Evaluation = {
    source,
    dns,
    ip,
    sender: splitSender(options.sender ?? `postmaster@${domain}`),
    helo: options.helo ?? 'unknown',
    receiver: options.receiver ?? DEFAULT_RECEIVER,
    timestamp: options.timestamp ?? Math.floor(Date.now() / 1000),
    lookups: 0,
    voids: 0,
    ...(options.voidPerMxHost ? { voidPerMxHost: true } : {}),
  };
  if (options.prefetch !== false && !shared) {
    ev.prefetch = createPrefetchScope(source, {
      families: [ip.family === 4 ? 'A' : 'AAAA'],
      ip,
      maxRank: MAX_DNS_LOOKUPS,
      maxDepth: MAX_DNS_LOOKUPS + 1,
      explanations: true,
    });
  }
  const top = await evaluateDomain(ev, domain, 'top', [domain.toLowerCase()]);
  const result: SpfCheckResult = {
    result: top.result,
    domain,
    lookups: ev.lookups,
    voidLookups: ev.voids,
    tree: top.node,
    queries: 0,
  };
  if (top.node.record !== undefined) result.record = top.node.record;
  if (top.reason && (top.result === 'none' || top.result === 'permerror' || top.result === 'temperror')) result.reason = top.reason;
  const failed = top.failedIn;
  const expNode = failed?.node.terms.find((t) => t.type === 'modifier' && t.name === 'exp');
  if (top.result === 'fail' && failed?.record.exp && expNode) {
    expNode.outcome = 'followed';
    const explanation = await explain(ev, failed.record.exp, failed.domain, expNode);
    if (explanation !== undefined) result.explanation = explanation;
  }
  if (!shared) dns.close();
  result.queries = dns.sent - sentBefore;
  return result;
}

export interface CheckMailFromOptions extends Omit<CheckHostOptions, 'domain' | 'sender'> {
  /** The MAIL FROM reverse-path without angle brackets; "" for the null reverse-path. */
  mailFrom: string;
  helo: string;
}

/** The MAIL FROM check of RFC 7208 §2.4 (the HELO identity when the reverse-path is null). */
export function checkMailFrom(options: CheckMailFromOptions): Promise<SpfCheckResult> {
  const { mailFrom, ...rest } = options;
  const identity = mailFromIdentity(mailFrom, options.helo);
  return checkHost({ ...rest, domain: identity.domain, sender: identity.sender });
}
