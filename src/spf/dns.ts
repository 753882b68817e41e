// The SPF view of the injected DnsClient: one promise per question (shared by evaluation and prefetch), outcomes classified.

import { onAbort } from '../dns/abort.js';
import type { DnsClient, DnsRecord, DnsResult, DnsStatus, MxData, RRType } from '../dns/types.js';

/** What a lookup means to SPF: records, a void answer (RFC 7208 §4.6.4), an unqueryable name, or a DNS error. */
export type Lookup =
  | { kind: 'answer'; records: DnsRecord[] }
  | { kind: 'void'; status: 'nxdomain' | 'nodata' }
  | { kind: 'bad-name' }
  | { kind: 'error'; status: DnsStatus; code?: string; /** The client's words for it (what was tried, what came back). */ detail?: string };

/** One question as it appears in the evaluation tree. */
export interface QueryTrace {
  name: string;
  type: RRType;
  outcome: 'answer' | 'nxdomain' | 'nodata' | 'bad-name' | 'error';
  /** Records in the answer. */
  count?: number;
  status?: DnsStatus;
  code?: string;
}

function classify(result: DnsResult): Lookup {
  switch (result.status) {
    case 'answer': {
      const records = result.records.filter((r) => r.type === result.question.type);
      return records.length > 0 ? { kind: 'answer', records } : { kind: 'void', status: 'nodata' };
    }
    case 'nxdomain':
    case 'nodata':
      return { kind: 'void', status: result.status };
    default:
      // A name the resolver refuses to put in a question does not exist for SPF (RFC 7208 §4.3, §4.8).
      if (result.code === 'EBADNAME') return { kind: 'bad-name' };
      return { kind: 'error', status: result.status, ...(result.code ? { code: result.code } : {}), ...(result.reason ? { detail: result.reason } : {}) };
  }
}

export function traceOf(name: string, type: RRType, lookup: Lookup): QueryTrace {
  switch (lookup.kind) {
    case 'answer':
      return { name, type, outcome: 'answer', count: lookup.records.length };
    case 'void':
      return { name, type, outcome: lookup.status };
    case 'bad-name':
      return { name, type, outcome: 'bad-name' };
    case 'error':
      return { name, type, outcome: 'error', status: lookup.status, ...(lookup.code ? { code: lookup.code } : {}) };
  }
}

/**
 * Memoizes every question for the duration of one evaluation or analysis, so that prefetched
 * answers are the very promises the RFC-order evaluation later awaits, whatever the client caches.
 */
export class SpfDns {
  readonly #dns: DnsClient;
  readonly #outer: AbortSignal | undefined;
  /**
   * Aborts with the caller's signal, and at close() so that no prefetch outlives its evaluation. Made at the
   * first prefetch: an evaluation that prefetches nothing asks with the caller's signal and costs no controller.
   */
  #controller: AbortController | undefined;
  #unlink: () => void = () => {};
  readonly #memo = new Map<string, Promise<Lookup>>();
  readonly #warmLimit: number;
  #warmed = 0;
  /** Questions sent to the client (memo misses). */
  sent = 0;

  constructor(dns: DnsClient, options: { signal?: AbortSignal; warmLimit: number }) {
    this.#dns = dns;
    this.#warmLimit = options.warmLimit;
    this.#outer = options.signal;
  }

  #signal(): AbortSignal | undefined {
    return this.#controller?.signal ?? this.#outer;
  }

  #prefetching(): void {
    if (this.#controller) return;
    const controller = new AbortController();
    this.#controller = controller;
    const outer = this.#outer;
    const abort = (): void => controller.abort(outer?.reason);
    if (outer?.aborted) abort();
    // One real listener per signal however many evaluations share it (a smart host with many addresses
    // runs one check_host() per address): no MaxListenersExceededWarning on the user's terminal.
    else this.#unlink = onAbort(outer, abort);
  }

  /**
   * Ends the session: questions still in flight were only prefetched (everything the evaluation
   * needed has been awaited), so they are cancelled rather than left running after the result.
   */
  close(): void {
    this.#unlink();
    this.#controller?.abort();
  }

  lookup(name: string, type: RRType): Promise<Lookup> {
    const key = `${type} ${name.toLowerCase()}`;
    let pending = this.#memo.get(key);
    if (!pending) {
      pending = this.#ask(name, type);
      this.#memo.set(key, pending);
    }
    return pending;
  }

  /** Starts a question ahead of need, within the prefetch budget; false when the budget is spent. */
  warm(name: string, type: RRType): boolean {
    if (this.#memo.has(`${type} ${name.toLowerCase()}`)) return true;
    if (this.#warmed >= this.#warmLimit) return false;
    this.#warmed++;
    this.#prefetching();
    void this.lookup(name, type);
    return true;
  }

  async #ask(name: string, type: RRType): Promise<Lookup> {
    // Names that cannot be asked (empty or long labels, often from macro expansion) come back as
    // EBADNAME from the client itself (DnsClient contract), so nothing is checked twice here.
    this.sent++;
    try {
      const signal = this.#signal();
      return classify(await this.#dns.query(name, type, signal ? { signal } : {}));
    } catch (error) {
      // The contract says query() never throws; a client that does anyway is a DNS error, not a crash.
      return { kind: 'error', status: 'error', code: error instanceof Error && 'code' in error ? String(error.code) : 'EEXCEPTION' };
    }
  }
}

/** Addresses of an A or AAAA answer. */
export function addressesOf(records: DnsRecord[]): string[] {
  return records.flatMap((r) => (r.type === 'A' || r.type === 'AAAA' ? [r.data] : []));
}

/** MX data of an MX answer. */
export function exchangesOf(records: DnsRecord[]): MxData[] {
  return records.flatMap((r) => (r.type === 'MX' ? [r.data] : []));
}

/** Target names of a PTR answer. */
export function ptrNamesOf(records: DnsRecord[]): string[] {
  return records.flatMap((r) => (r.type === 'PTR' ? [r.data] : []));
}

/** Character-strings of each TXT record. */
export function txtOf(records: DnsRecord[]): string[][] {
  return records.flatMap((r) => (r.type === 'TXT' ? [r.data] : []));
}
