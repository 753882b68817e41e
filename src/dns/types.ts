// The DNS client's public types: questions, records, results and the recorded exchanges (the run's evidence).

/** Record types splitcheck asks for. SPF (type 99) is not asked: RFC 7208 §3.1 uses TXT only. */
export const RR_TYPES = ['A', 'AAAA', 'MX', 'TXT', 'CNAME', 'SRV', 'NS', 'SOA', 'PTR'] as const;
export type RRType = (typeof RR_TYPES)[number];

export interface MxData {
  preference: number;
  /** Host name without the trailing dot; `""` for a null MX (RFC 7505, published as `0 .`). */
  exchange: string;
}

export interface SrvData {
  priority: number;
  weight: number;
  port: number;
  /** `""` for the RFC 2782 "service decidedly not available" target `.`. */
  target: string;
}

export interface SoaData {
  mname: string;
  rname: string;
  serial: number;
  refresh: number;
  retry: number;
  expire: number;
  minimum: number;
}

interface RecordBase {
  /** Owner name, lower-case, without the trailing dot. */
  name: string;
  ttl: number;
}

/**
 * One resource record, typed by `type`. Names inside data are lower-case without the trailing dot.
 * TXT data keeps the character-strings apart (RFC 7208 §3.3: SPF joins them with nothing between);
 * each string holds the raw octets as a latin1 "binary" string (one char per octet, lossless in JSON).
 */
export type DnsRecord =
  | (RecordBase & { type: 'A' | 'AAAA' | 'CNAME' | 'NS' | 'PTR'; data: string })
  | (RecordBase & { type: 'TXT'; data: string[] })
  | (RecordBase & { type: 'MX'; data: MxData })
  | (RecordBase & { type: 'SRV'; data: SrvData })
  | (RecordBase & { type: 'SOA'; data: SoaData });

/**
 * How a lookup ended. Only `answer`, `nodata` and `nxdomain` are facts about the zone;
 * the others mean "could not find out" and must never be judged as absence.
 */
export type DnsStatus =
  | 'answer' // records of the asked type exist (possibly behind CNAMEs)
  | 'nodata' // the name exists, no records of that type (RCODE NOERROR, empty answer)
  | 'nxdomain' // the name does not exist (RCODE 3)
  | 'servfail' // RCODE 2 from every server tried
  | 'refused' // RCODE 5 from every server tried
  | 'timeout' // no valid answer within the attempts and their timeouts
  | 'error'; // anything else: malformed answers only, bad name, socket errors, CNAME loop or too long a chain

export interface DnsQuestion {
  name: string;
  type: RRType;
}

export interface DnsResult {
  question: DnsQuestion;
  status: DnsStatus;
  /** Records of the asked type at the end of the CNAME chain (empty unless status is `answer`). */
  records: DnsRecord[];
  /** CNAME records followed from the question name, in order (first hop first). */
  cnames: DnsRecord[];
  /** The name the records belong to: the question name, or the last CNAME target. */
  canonicalName: string;
  /** RCODE name of the final response, when there was one (NOERROR, NXDOMAIN, SERVFAIL, ...). */
  rcode?: string;
  /** Node-style error code for non-facts: ETIMEOUT, ESERVFAIL, EREFUSED, EBADNAME, EBADRESP, ECNAMELOOP, ... */
  code?: string;
  /** Human-readable reason for a non-answer (what was tried, what came back). */
  reason?: string;
  /** Smallest TTL of the answer, or the negative-caching TTL (RFC 2308 §5: SOA minimum) for nxdomain/nodata. */
  ttl?: number;
  /** Server and transport of the response that decided the result. */
  server?: string;
  transport?: 'udp' | 'tcp';
  /** Authoritative answer bit of the deciding response. */
  authoritative?: boolean;
  /**
   * Records beyond the client's cap per answer, dropped (MAX_RECORDS_PER_ANSWER in resolver.ts): no
   * real zone comes near it, and a hostile one must not multiply the work of every check after it.
   */
  omitted?: number;
}

/** One packet exchange with one server: the raw evidence of a run. */
export interface DnsExchange {
  question: DnsQuestion;
  server: string;
  transport: 'udp' | 'tcp';
  /** Milliseconds since the client was created, when the query was sent. */
  startMs: number;
  elapsedMs: number;
  outcome: 'response' | 'timeout' | 'truncated' | 'malformed' | 'socket-error' | 'aborted';
  rcode?: string;
  flags?: { aa: boolean; tc: boolean; ra: boolean };
  answers?: DnsRecord[];
  authorities?: DnsRecord[];
  /** Packets that arrived but did not match the query (wrong id, question or QR bit), ignored. */
  ignored?: number;
  error?: string;
  /** Present (false) when the query was sent without EDNS0, after the server rejected it (RFC 6891 §7). */
  edns?: boolean;
}

export interface QueryOptions {
  signal?: AbortSignal;
}

/** What checks and the SPF evaluator see: one method, errors as values, never throws for network reasons. */
export interface DnsClient {
  query(name: string, type: RRType, options?: QueryOptions): Promise<DnsResult>;
}

/** A DNS server address. `host` is an IP literal (no brackets). */
export interface ServerAddress {
  host: string;
  port: number;
}
