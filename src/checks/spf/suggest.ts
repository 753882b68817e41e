// The SPF records remedies suggest: built from the parsed record (typos corrected, no duplicates), then parsed and lookup-counted before shown.
import { isIP } from 'node:net';
import type { DnsClient, DnsResult } from '../../dns/types.js';
import type { CheckContext } from '../../engine/types.js';
import { analyzeSpf, describeSyntaxError, MAX_DNS_LOOKUPS, parseRecord, type Term } from '../../spf/index.js';
import { inNetwork, parseIp4, parseIp6, type IpAddress } from '../../spf/ip.js';
import { parseTerm } from '../../spf/term-parse.js';

/** Typos a term can be corrected from, each to what it was meant to be. `ipv4:` is seen even in vendor docs (DOMAIN.md §3). */
const CORRECTIONS: ReadonlyArray<(text: string) => string> = [
  (t) => t.replace(/^([+\-~?]?)ipv([46]):/i, '$1ip$2:'),
  // an IPv6 address written as ip4: (or the reverse)
  (t) => t.replace(/^([+\-~?]?)ip4:(?=[^/]*:)/i, '$1ip6:'),
  (t) => t.replace(/^([+\-~?]?)ip6:(?=\d+\.\d+\.\d+\.\d+(?:\/\d+)?$)/i, '$1ip4:'),
];

const isAll = (t: Term) => t.type === 'mechanism' && t.mechanism.kind === 'all';
const isRedirect = (t: Term) => t.type === 'modifier' && t.name === 'redirect';

/** The network of an ip4/ip6 term, for "is this address already there". */
function networkOf(term: Term): { ip: IpAddress; prefix: number; qualifier: string } | undefined {
  if (term.type !== 'mechanism' || (term.mechanism.kind !== 'ip4' && term.mechanism.kind !== 'ip6')) return undefined;
  const m = term.mechanism;
  const ip = m.kind === 'ip4' ? parseIp4(m.address) : parseIp6(m.address);
  return ip ? { ip, prefix: m.prefix ?? (m.kind === 'ip4' ? 32 : 128), qualifier: term.qualifier } : undefined;
}

/** Same mechanism: ip4/ip6 by network (`ip4:203.0.113.25` is `ip4:203.0.113.25/32`), the rest by text without case. */
function sameTerm(a: Term, b: Term): boolean {
  const na = networkOf(a);
  const nb = networkOf(b);
  if (na && nb) return na.qualifier === nb.qualifier && na.prefix === nb.prefix && na.ip.family === nb.ip.family && inNetwork(na.ip, nb.ip, nb.prefix);
  const plain = (t: Term) => t.text.toLowerCase().replace(/^\+/, '');
  return plain(a) === plain(b);
}

/** An ip4/ip6 term whose address a `+` range already in the record covers. */
function covered(terms: readonly Term[], term: Term): boolean {
  const n = networkOf(term);
  if (!n) return false;
  return terms.some((t) => {
    const range = networkOf(t);
    return range !== undefined && range.qualifier === '+' && n.qualifier === '+' && range.ip.family === n.ip.family && range.prefix <= n.prefix && inNetwork(n.ip, range.ip, range.prefix);
  });
}

/**
 * A record being edited for a remedy: the parsed terms of the published record with typos corrected and
 * duplicates dropped. Terms that do not parse even corrected are left out and listed in `dropped`.
 */
export class RecordDraft {
  readonly terms: Term[] = [];
  readonly dropped: string[] = [];
  readonly corrected: Array<{ from: string; to: string }> = [];

  static from(record: string): RecordDraft {
    const draft = new RecordDraft();
    const texts = record.trim().split(/ +/).filter((t) => t !== '');
    if (texts[0]?.toLowerCase() === 'v=spf1') texts.shift();
    for (const text of texts) draft.push(text);
    return draft;
  }

  /** Appends a term as written (corrected when it does not parse as written), unless it is already there. */
  push(text: string): void {
    let parsed = parseTerm(text, 0);
    let written = text;
    for (const correct of CORRECTIONS) {
      if (parsed.ok) break;
      const candidate = correct(text);
      if (candidate === text) continue;
      const retry = parseTerm(candidate, 0);
      if (retry.ok) {
        parsed = retry;
        written = candidate;
        this.corrected.push({ from: text, to: candidate });
      }
    }
    if (!parsed.ok) {
      this.dropped.push(text);
      return;
    }
    const term = parsed.value;
    // RFC 7208 §6: redirect and exp at most once each; the first is the one a receiver would have rejected the record over.
    if (term.type === 'modifier' && (term.name === 'redirect' || term.name === 'exp') && this.terms.some((t) => t.type === 'modifier' && t.name === term.name)) {
      this.dropped.push(written);
      return;
    }
    if (this.terms.some((t) => sameTerm(t, term))) return;
    this.terms.push(term);
  }

  /**
   * Adds `text` where it is evaluated: before the `all` (or the `redirect=`), or with `first` before every other
   * term (an ip4/ip6 costs no lookup there, and matches before any term that would end in permerror); nothing
   * when the record has it or covers it already (moved to the front with `first`).
   */
  add(text: string, options: { first?: boolean } = {}): this {
    const parsed = parseTerm(text, 0);
    if (!parsed.ok) throw new Error(`suggest: ${text} is not an SPF term`);
    const term = parsed.value;
    if (options.first) {
      const same = this.terms.findIndex((t) => sameTerm(t, term));
      if (same >= 0) this.terms.splice(same, 1);
      this.terms.unshift(term);
      return this;
    }
    if (this.terms.some((t) => sameTerm(t, term)) || covered(this.terms, term)) return this;
    const at = this.terms.findIndex((t) => isAll(t) || isRedirect(t));
    this.terms.splice(at === -1 ? this.terms.length : at, 0, term);
    return this;
  }

  /**
   * Adds `text` just before the term written `before` (where an evaluation stopped without passing), so it is
   * reached first; before the `all` when there is no such term. Nothing when the record has it already, unless
   * the copy there comes after `before`, in which case it is moved up.
   */
  addBefore(text: string, before: string | undefined): this {
    const at = before === undefined ? -1 : this.terms.findIndex((t) => t.text.toLowerCase() === before.toLowerCase());
    const parsed = parseTerm(text, 0);
    if (at < 0 || !parsed.ok) return this.add(text);
    const term = parsed.value;
    const same = this.terms.findIndex((t) => sameTerm(t, term));
    if (same >= 0 && same < at) return this;
    if (same > at) this.terms.splice(same, 1);
    this.terms.splice(at, 0, term);
    return this;
  }

  /** Drops later copies of a term (after an edit brought one in again). */
  dedupe(): this {
    const kept: Term[] = [];
    for (const term of this.terms) if (!kept.some((t) => sameTerm(t, term))) kept.push(term);
    this.terms.splice(0, this.terms.length, ...kept);
    return this;
  }

  /** Removes the terms `drop` selects. */
  remove(drop: (term: Term) => boolean): this {
    for (let i = this.terms.length - 1; i >= 0; i--) if (drop(this.terms[i]!)) this.terms.splice(i, 1);
    return this;
  }

  /** Replaces each term `from` selects with the terms `to` gives (none removes it). */
  replace(from: (term: Term) => boolean, to: (term: Term) => string[]): this {
    const next = [...this.terms];
    this.terms.length = 0;
    for (const term of next) {
      if (!from(term)) {
        this.terms.push(term);
        continue;
      }
      for (const text of to(term)) {
        const parsed = parseTerm(text, 0);
        if (parsed.ok && !this.terms.some((t) => sameTerm(t, parsed.value)) && !covered(this.terms, parsed.value)) this.terms.push(parsed.value);
      }
    }
    return this.dedupe();
  }

  /** Ends the record in `-all`: replaces `+all`, `?all` or `~all`, or adds it when there is neither `all` nor a redirect. */
  hardFail(): this {
    const at = this.terms.findIndex(isAll);
    const strict = parseTerm('-all', 0);
    if (!strict.ok) return this;
    if (at >= 0) this.terms[at] = strict.value;
    else if (!this.terms.some(isRedirect)) this.terms.push(strict.value);
    return this;
  }

  text(): string {
    return ['v=spf1', ...this.terms.map((t) => t.text)].join(' ');
  }
}

/** Add `term` before the record's `all` (or `redirect=`), where it is evaluated; typos corrected, nothing twice. */
export function withTerm(record: string, term: string): string {
  return RecordDraft.from(record).add(term).text();
}

/** Remove the terms matching `drop` (by their text as corrected). */
export function withoutTerms(record: string, drop: (term: string) => boolean): string {
  return RecordDraft.from(record)
    .remove((t) => drop(t.text))
    .text();
}

/** `ip4:203.0.113.25` or `ip6:2001:db8::25`. */
export function ipTerm(address: string): string {
  return isIP(address) === 6 ? `ip6:${address}` : `ip4:${address}`;
}

/** Make the record end in `-all` (replacing `+all`, `?all`, `~all` or adding it when there is no all/redirect). */
export function withHardFail(record: string): string {
  return RecordDraft.from(record).hardFail().text();
}

/** The record with its typos corrected (`ipv4:` → `ip4:`) and duplicates dropped, nothing else changed. */
export function corrected(record: string): string {
  return RecordDraft.from(record).text();
}

/** A record for a domain that has none: Microsoft 365's include, the hosting addresses, `-all`. */
export function newRecord(include: string, hostingIps: readonly string[]): string {
  const draft = RecordDraft.from(`v=spf1 include:${include}`);
  for (const ip of hostingIps) draft.add(ipTerm(ip));
  if (hostingIps.length === 0) return `${draft.text()} ip4:<hosting server outbound IP> -all`;
  return draft.hardFail().text();
}

const ALL_RANK = ['+', '?', '~', '-'];

/** One record in place of several (RFC 7208 §4.5 allows one): every term once, typos corrected, the strictest `all` last. */
export function mergeRecords(records: readonly string[]): string {
  const draft = new RecordDraft();
  let all: string | undefined;
  for (const record of records) {
    const part = RecordDraft.from(record);
    for (const text of part.dropped) draft.dropped.push(text);
    for (const term of part.terms) {
      if (term.type === 'mechanism' && term.mechanism.kind === 'all') {
        if (all === undefined || ALL_RANK.indexOf(term.qualifier) > ALL_RANK.indexOf(all)) all = term.qualifier;
      } else {
        draft.push(term.text);
      }
    }
  }
  // A redirect beside `all` is ignored (RFC 7208 §6.1): the merged record keeps the all and drops the redirect.
  draft.remove(isRedirect);
  draft.push(`${all === undefined || all === '+' ? '-' : all}all`);
  return draft.text();
}

/** The TXT record line to publish; a record over 255 octets is written as several strings (RFC 7208 §3.3). */
export function txtLine(domain: string, record: string): string {
  const strings = record.match(/[^]{1,255}/g) ?? [''];
  return `${domain}. 3600 IN TXT ${strings.map((s) => `"${s}"`).join(' ')}`;
}

/** The client `dns` with `record` published at `domain`: the suggestion evaluated as if it were live. */
function withRecord(dns: DnsClient, domain: string, record: string): DnsClient {
  const owner = domain.toLowerCase().replace(/\.$/, '');
  return {
    query(name, type, options) {
      if (type !== 'TXT' || name.toLowerCase().replace(/\.$/, '') !== owner) return dns.query(name, type, options);
      const data = record.match(/[^]{1,255}/g) ?? [''];
      const result: DnsResult = { question: { name, type }, status: 'answer', records: [{ name: owner, type: 'TXT', ttl: 3600, data }], cnames: [], canonicalName: owner, rcode: 'NOERROR' };
      return Promise.resolve(result);
    },
  };
}

/**
 * The record line a remedy shows, checked first: it parses under RFC 7208 and its whole tree is counted with
 * the run's resolver. What the check found is said beside it (over the limit, terms that had to be left out).
 */
export async function checkedLine(ctx: CheckContext, record: string, dropped: readonly string[] = RecordDraft.from(record).dropped): Promise<string> {
  const line = txtLine(ctx.domain, record);
  if (record.includes('<')) return line; // a placeholder the admin fills in: nothing to count yet
  const parsed = parseRecord(record);
  if (!parsed.ok) return `${line}\n(This record does not parse yet: ${describeSyntaxError(parsed.error)}.)`;
  const notes: string[] = [];
  if (dropped.length > 0) notes.push(`left out, since ${dropped.length === 1 ? 'it does' : 'they do'} not parse: ${dropped.map((t) => `"${t}"`).join(', ')}; correct ${dropped.length === 1 ? 'it' : 'them'} if still needed`);
  try {
    const analysis = await analyzeSpf(ctx.domain, withRecord(ctx.dns, ctx.domain, record), { signal: ctx.signal });
    const count = `${analysis.lookupsAtLeast ? 'at least ' : ''}${analysis.lookups}`;
    if (analysis.lookups > MAX_DNS_LOOKUPS) notes.push(`it needs ${count} DNS-querying terms, over the 10 allowed: see spf.lookup-limit before publishing`);
    else notes.push(`checked: it parses and needs ${count} of the 10 DNS-querying terms`);
  } catch {
    notes.push('it parses; its lookups could not be counted');
  }
  return `${line}\n(${notes.join('; ')}.)`;
}
