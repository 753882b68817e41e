// What each authoritative server says about the questions the other checks depend on, reduced to comparable record sets.
import { inZone } from '../../dns/authoritative.js';
import { formatData, formatRecord } from '../../dns/format.js';
import type { DnsRecord, DnsResult, RRType, SoaData } from '../../dns/types.js';
import { isFact } from '../../engine/lookup.js';
import { isSpfRecord } from '../../spf/record-parse.js';

export interface ZoneQuestion {
  name: string;
  type: RRType;
  /** How messages name it: "the MX records of contoso.com". */
  what: string;
  /** Only these records count (SPF: the `v=spf1` TXT records; other TXT strings are not compared). */
  keep?: (record: DnsRecord) => boolean;
  /** How an empty answer reads: "no SPF record". */
  none: string;
}

/** The questions behind mx.*, spf.*, autodiscover.*, dkim.* and dmarc.record, all inside the domain. */
export function zoneQuestions(domain: string, hostingSelector: string): ZoneQuestion[] {
  const spf = (r: DnsRecord): boolean => r.type === 'TXT' && isSpfRecord(r.data.join(''));
  return [
    { name: domain, type: 'MX', what: `the MX records of ${domain}`, none: 'no MX record' },
    { name: domain, type: 'TXT', what: `the SPF record of ${domain}`, keep: spf, none: 'no SPF record' },
    { name: `autodiscover.${domain}`, type: 'CNAME', what: `the CNAME at autodiscover.${domain}`, none: 'no CNAME' },
    { name: `_autodiscover._tcp.${domain}`, type: 'SRV', what: `the SRV records at _autodiscover._tcp.${domain}`, none: 'no SRV record' },
    { name: `selector1._domainkey.${domain}`, type: 'CNAME', what: `the CNAME at selector1._domainkey.${domain}`, none: 'no CNAME' },
    { name: `selector2._domainkey.${domain}`, type: 'CNAME', what: `the CNAME at selector2._domainkey.${domain}`, none: 'no CNAME' },
    { name: `${hostingSelector}._domainkey.${domain}`, type: 'TXT', what: `the DKIM key at ${hostingSelector}._domainkey.${domain}`, none: 'no TXT record' },
    { name: `_dmarc.${domain}`, type: 'TXT', what: `the DMARC record at _dmarc.${domain}`, none: 'no TXT record' },
  ];
}

/** One server's answer to one question, reduced to the part inside the zone. */
export type ServerAnswer =
  | {
      ok: true;
      /** Comparable form: owner, type and data of each kept record, sorted; TTLs left out. */
      key: string;
      /** Zone-file lines as served (with TTLs), for the report. */
      lines: string[];
      /** Short data form for messages: `10 mail.contoso.com.`. */
      data: string[];
      /** How long a cache may keep this answer: the records' TTL, or the negative-caching TTL (RFC 2308 §5). */
      ttl?: number;
      /** For an empty answer: NXDOMAIN or NODATA. */
      negative?: 'nxdomain' | 'nodata';
    }
  | { ok: false; reason: string; code?: string };

/**
 * The part of a per-server result the server itself is responsible for: the CNAMEs and records inside
 * the zone. What the recursive client added after the chain left the zone is the same for every
 * server, and a failure out there says nothing about this server.
 */
/**
 * A record's data as its readers see it: SPF, DKIM and DMARC join a TXT record's strings with nothing between
 * (RFC 7208 §3.3, RFC 6376 §3.6.2.2), so the same record split differently on two servers is no disagreement.
 */
function comparable(r: DnsRecord): string {
  return r.type === 'TXT' ? JSON.stringify(r.data.join('')) : formatData(r);
}

export function serverAnswer(result: DnsResult, question: ZoneQuestion, zone: string, soa: { ttl: number; data: SoaData } | undefined): ServerAnswer {
  const left = !inZone(result.canonicalName, zone);
  if (!isFact(result) && !(left && result.cnames.length > 0)) {
    const failed: ServerAnswer = { ok: false, reason: result.reason ?? result.status };
    if (result.code !== undefined) failed.code = result.code;
    return failed;
  }
  const cnames = result.cnames.filter((c) => inZone(c.name, zone));
  const records = left ? [] : result.records;
  const served = [...cnames, ...records];
  const kept = [...cnames, ...records.filter((r) => question.keep?.(r) ?? true)];
  const answer: ServerAnswer = {
    ok: true,
    key: JSON.stringify(kept.map((r) => `${r.name} ${r.type} ${comparable(r)}`).sort()),
    lines: kept.map(formatRecord),
    data: kept.map((r) => (r.type === question.type ? formatData(r) : `${r.type} ${formatData(r)}`)),
  };
  // A cache keeps the whole record set it got (also the TXT strings that are not SPF), or the negative answer.
  if (served.length > 0) {
    answer.ttl = Math.min(...served.map((r) => r.ttl));
  } else if (result.ttl !== undefined) {
    answer.ttl = result.ttl;
  } else if (soa !== undefined) {
    answer.ttl = Math.min(soa.ttl, soa.data.minimum);
  }
  if (kept.length === 0 && (result.status === 'nxdomain' || result.status === 'nodata')) answer.negative = result.status;
  return answer;
}
