// The project's one DNS client: options, cache with in-flight de-duplication, bounded concurrency, evidence.
import { performance } from 'node:perf_hooks';
import { onAbort } from './abort.js';
import { askServers, type AskConfig, type HopResult } from './ask.js';
import { resolveChain } from './chain.js';
import { normaliseName, validateName } from './names.js';
import { errorText } from './packet.js';
import { Semaphore } from './semaphore.js';
import { RR_TYPES, type DnsClient, type DnsExchange, type DnsResult, type QueryOptions, type RRType, type ServerAddress } from './types.js';

export interface ResolverOptions {
  /** At least one; tried in order, failing over to the next. */
  servers: readonly ServerAddress[];
  /** Per attempt, default 5000. */
  timeoutMs?: number;
  /** Attempts = retries + 1, default 1. */
  retries?: number;
  /** Most network questions in flight at once, default 64. */
  concurrency?: number;
  /** Default true; false asks authoritative servers directly (RD=0). */
  recursionDesired?: boolean;
  /** Longest CNAME chain followed, default 8. */
  maxCnameHops?: number;
  /** Keep every packet exchange in `exchanges`, default true. */
  recordExchanges?: boolean;
  /** Keep every top-level result for `lookups()`, default true; false when no evidence is saved (many domains). */
  recordLookups?: boolean;
  /**
   * Most answered questions kept in the cache; the oldest are dropped beyond it (default: no limit).
   * A run over many domains shares one cache for the names they have in common (Microsoft's hosts)
   * while its memory stays flat however many domains there are.
   */
  cacheLimit?: number;
  /** Called for every exchange as it completes (for a spinner or a live log); exceptions are swallowed. */
  onExchange?: (exchange: DnsExchange) => void;
  /** Aborts every lookup of this resolver (Ctrl-C). */
  signal?: AbortSignal;
}

export interface ResolverStats {
  /** Questions that went to the network (cache misses after de-duplication). */
  networkQueries: number;
  /** Most network questions that were in flight at once. */
  peakInFlight: number;
}

/** A live client: also the recorder of the run's evidence. */
export interface Resolver extends DnsClient {
  readonly servers: readonly ServerAddress[];
  /** Every packet exchange so far, in completion order (empty if `recordExchanges` is false). */
  readonly exchanges: readonly DnsExchange[];
  /** Every top-level result, one per distinct question, in first-asked order: what `--save-evidence` keeps. */
  lookups(): DnsResult[];
  stats(): ResolverStats;
}

interface HopEntry {
  promise: Promise<HopResult>;
  controller: AbortController;
  waiters: number;
  value?: HopResult;
}

/**
 * Most records of one answer a result keeps. Real answers hold a handful (a large SPF zone's TXT set,
 * a round-robin of addresses); a 64 KB answer can hold thousands, and checks fan out over them
 * (every MX target's addresses), so the cap bounds the work a hostile zone can cause.
 */
export const MAX_RECORDS_PER_ANSWER = 256;

export const DEFAULTS = { timeoutMs: 5000, retries: 1, concurrency: 64, recursionDesired: true, maxCnameHops: 8, recordExchanges: true } as const;

/** Throws RangeError for programming errors in the options (no servers, negative numbers); never for the network. */
export function createResolver(options: ResolverOptions): Resolver {
  return new LiveResolver(options);
}

class LiveResolver implements Resolver {
  readonly servers: readonly ServerAddress[];
  readonly #exchanges: DnsExchange[] = [];
  /** One cache per instance, never expired: a run is short and must judge one consistent view of DNS. */
  readonly #hops = new Map<string, HopEntry>();
  readonly #lookups = new Map<string, DnsResult | undefined>();
  readonly #active = new Set<AbortController>();
  readonly #semaphore: Semaphore;
  readonly #config: AskConfig;
  readonly #maxCnameHops: number;
  readonly #signal: AbortSignal | undefined;
  readonly #recordLookups: boolean;
  readonly #cacheLimit: number;
  #networkQueries = 0;

  constructor(options: ResolverOptions) {
    if (!Array.isArray(options.servers) || options.servers.length === 0) throw new RangeError('createResolver: at least one server is required');
    const timeoutMs = positive('timeoutMs', options.timeoutMs ?? DEFAULTS.timeoutMs);
    const retries = nonNegativeInteger('retries', options.retries ?? DEFAULTS.retries);
    const concurrency = nonNegativeInteger('concurrency', options.concurrency ?? DEFAULTS.concurrency);
    if (concurrency < 1) throw new RangeError('createResolver: concurrency must be at least 1');
    this.#maxCnameHops = nonNegativeInteger('maxCnameHops', options.maxCnameHops ?? DEFAULTS.maxCnameHops);
    this.servers = options.servers.map((s) => ({ host: s.host, port: s.port }));
    this.#semaphore = new Semaphore(concurrency);
    this.#signal = options.signal;
    this.#recordLookups = options.recordLookups ?? true;
    this.#cacheLimit = options.cacheLimit === undefined ? Infinity : nonNegativeInteger('cacheLimit', options.cacheLimit);
    const recordExchanges = options.recordExchanges ?? DEFAULTS.recordExchanges;
    const onExchange = options.onExchange;
    const t0 = performance.now();
    this.#config = {
      servers: this.servers,
      timeoutMs,
      retries,
      recursionDesired: options.recursionDesired ?? DEFAULTS.recursionDesired,
      clock: () => performance.now() - t0,
      record: (exchange) => {
        if (recordExchanges) this.#exchanges.push(exchange);
        try {
          onExchange?.(exchange);
        } catch {
          // an observer's bug must not break a lookup
        }
      },
    };
    // One listener on the resolver's signal aborts whatever is in flight.
    onAbort(this.#signal, () => {
      for (const controller of this.#active) controller.abort();
    });
  }

  get exchanges(): readonly DnsExchange[] {
    return this.#exchanges;
  }

  lookups(): DnsResult[] {
    const out: DnsResult[] = [];
    for (const result of this.#lookups.values()) if (result !== undefined) out.push(structuredClone(result));
    return out;
  }

  stats(): ResolverStats {
    return { networkQueries: this.#networkQueries, peakInFlight: this.#semaphore.peak };
  }

  async query(name: string, type: RRType, options: QueryOptions = {}): Promise<DnsResult> {
    const question = { name: normaliseName(String(name)), type };
    const key = `${type} ${question.name}`;
    if (this.#recordLookups && !this.#lookups.has(key)) this.#lookups.set(key, undefined);

    let result: DnsResult | undefined;
    const invalid = validateName(String(name));
    if (!(RR_TYPES as readonly string[]).includes(type)) {
      result = errorResult(question, 'EBADQUERY', `cannot ask for type "${String(type)}": splitcheck asks only ${RR_TYPES.join(', ')}`);
    } else if (invalid !== undefined) {
      // Nothing is sent for a name that cannot be encoded.
      result = errorResult(question, 'EBADNAME', `cannot ask for "${String(name)}": ${invalid}`);
    } else if (options.signal?.aborted || this.#signal?.aborted) {
      result = undefined;
    } else {
      result = await resolveChain(question, (hopName) => this.#hop(hopName, type, options.signal), this.#maxCnameHops);
    }

    if (result === undefined) return errorResult(question, 'ECANCELLED', 'the lookup was aborted');
    if (result.records.length > MAX_RECORDS_PER_ANSWER) {
      result = { ...result, records: result.records.slice(0, MAX_RECORDS_PER_ANSWER), omitted: result.records.length - MAX_RECORDS_PER_ANSWER };
    }
    // Frozen, not copied: no caller can alter the cache or the evidence, and a run over many domains
    // does not pay a deep copy for every question its checks ask again.
    deepFreeze(result);
    if (this.#recordLookups && this.#lookups.get(key) === undefined) this.#lookups.set(key, result);
    return result;
  }

  /** One network question, cached; concurrent askers share it, and it is aborted only when all of them gave up. */
  #hop(name: string, type: RRType, signal: AbortSignal | undefined): Promise<HopResult> {
    const key = `${type} ${name}`;
    let entry = this.#hops.get(key);
    if (entry === undefined) {
      entry = this.#start(key, name, type);
    }
    const shared = entry;
    if (shared.value !== undefined) return Promise.resolve(shared.value);
    shared.waiters++;
    return new Promise<HopResult>((resolve) => {
      let left = false;
      const leave = (): void => {
        if (left) return;
        left = true;
        shared.waiters--;
      };
      const dispose = onAbort(signal, () => {
        leave();
        if (shared.waiters === 0 && shared.value === undefined) {
          shared.controller.abort();
          if (this.#hops.get(key) === shared) this.#hops.delete(key);
        }
        resolve({ kind: 'aborted' });
      });
      void shared.promise.then((value) => {
        dispose();
        leave();
        resolve(value);
      });
    });
  }

  #start(key: string, name: string, type: RRType): HopEntry {
    const controller = new AbortController();
    this.#active.add(controller);
    const run = async (): Promise<HopResult> => {
      if (!(await this.#semaphore.acquire(controller.signal))) return { kind: 'aborted' };
      // The slot is ours from here: released in `finally` whatever happens.
      try {
        this.#networkQueries++;
        return await askServers({ name, type }, this.#config, controller.signal);
      } catch (error) {
        // askServers returns values; this is a last line of defence so query() never rejects.
        return { kind: 'failure', status: 'error', code: 'EINTERNAL', reason: `internal error in the DNS client: ${errorText(error)}` };
      } finally {
        this.#semaphore.release();
      }
    };
    const entry: HopEntry = { promise: run(), controller, waiters: 0 };
    void entry.promise.then((value) => {
      this.#active.delete(controller);
      if (value.kind === 'aborted') {
        // Not a fact about anything: the next asker must go to the network again.
        if (this.#hops.get(key) === entry) this.#hops.delete(key);
      } else {
        entry.value = deepFreeze(value);
        this.#evict();
      }
    });
    this.#hops.set(key, entry);
    return entry;
  }

  /** Drop the oldest answered questions beyond the cache limit (a Map iterates in insertion order). */
  #evict(): void {
    if (this.#hops.size <= this.#cacheLimit) return;
    for (const [key, entry] of this.#hops) {
      if (this.#hops.size <= this.#cacheLimit) break;
      if (entry.value !== undefined) this.#hops.delete(key);
    }
  }
}

/** Freeze a plain-data value and everything in it (stopping at what is already frozen). */
function deepFreeze<T>(value: T): T {
  if (value === null || typeof value !== 'object' || Object.isFrozen(value)) return value;
  Object.freeze(value);
  for (const inner of Object.values(value as object)) deepFreeze(inner);
  return value;
}

function errorResult(question: { name: string; type: RRType }, code: string, reason: string): DnsResult {
  return { question, status: 'error', records: [], cnames: [], canonicalName: question.name, code, reason };
}

function positive(option: string, value: number): number {
  if (!Number.isFinite(value) || value <= 0) throw new RangeError(`createResolver: ${option} must be a positive number, got ${value}`);
  return value;
}

function nonNegativeInteger(option: string, value: number): number {
  if (!Number.isInteger(value) || value < 0) throw new RangeError(`createResolver: ${option} must be a non-negative integer, got ${value}`);
  return value;
}
