// The evidence file: everything a run asked and heard, written by --save-evidence, judged again by --replay.
import { readFile, writeFile } from 'node:fs/promises';
import type { AuthoritativeEvidence } from '../dns/authoritative.js';
import { validateName } from '../dns/names.js';
import { RR_TYPES, type DnsExchange, type DnsResult } from '../dns/types.js';
import type { CheckInput } from '../engine/types.js';
import type { SmtpExchange } from '../smtp/client.js';

export const EVIDENCE_KIND = 'splitcheck-evidence';

export interface EvidenceFile {
  kind: typeof EVIDENCE_KIND;
  schemaVersion: 1;
  tool: { name: 'splitcheck'; version: string };
  domain: string;
  /** The run's start: replay judges dates (certificates) against this moment, not today. */
  startedAt: string;
  input: CheckInput;
  /** The DNS servers that were asked. */
  resolvers: string[];
  dns: {
    /** Every question a check asked and the result it got: what replay answers from. */
    lookups: DnsResult[];
    /** Every packet exchange behind those results (servers, transports, timings, ignored packets). */
    exchanges: DnsExchange[];
  };
  /** Every SMTP probe: the request, the transcript and the TLS facts (absent when no probe ran). */
  smtp?: { probes: SmtpExchange[] };
  /**
   * `--authoritative` runs only: the zone, its servers, the lookups that found them and each server's own
   * answers and packets (replayed for dns.consistency). `dns.lookups` then holds what the checks got from
   * the authoritative-first client, so every other check replays from it as before.
   */
  authoritative?: AuthoritativeEvidence;
}

export async function writeEvidence(path: string, evidence: EvidenceFile): Promise<void> {
  await writeFile(path, `${JSON.stringify(evidence, null, 2)}\n`, 'utf8');
}

export type EvidenceRead = { ok: true; evidence: EvidenceFile } | { ok: false; error: string };

/** Read and sanity-check an evidence file; a wrong file is an error value with the reason. */
export async function readEvidence(path: string): Promise<EvidenceRead> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    return { ok: false, error: `cannot read ${path}: ${code === 'ENOENT' ? 'no such file' : String(code ?? err)}` };
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return { ok: false, error: `${path} is not JSON, so not a splitcheck evidence file` };
  }
  const e = data as Partial<EvidenceFile> | null;
  if (!e || e.kind !== EVIDENCE_KIND) return { ok: false, error: `${path} is not a splitcheck evidence file (written by --save-evidence)` };
  // JSON.stringify: a string "1" must not read as "version 1; this splitcheck reads version 1".
  if (e.schemaVersion !== 1) return { ok: false, error: `${path} has evidence schema version ${JSON.stringify(e.schemaVersion) ?? 'undefined'}; this splitcheck reads version 1` };
  if (typeof e.domain !== 'string' || typeof e.startedAt !== 'string' || Number.isNaN(Date.parse(e.startedAt))) {
    return { ok: false, error: `${path} is missing the domain or the start time` };
  }
  // A live run only records a domain that passed parseDomain(): anything else was edited, and judging
  // it would check a name nobody could have typed (exit 2, like an invalid domain on the command line).
  if (validateName(e.domain) !== undefined || !/^[a-z0-9_-]+(\.[a-z0-9_-]+)+$/i.test(e.domain)) {
    return { ok: false, error: `${path} has the domain ${JSON.stringify(e.domain)}, which is not a domain name a run could have recorded` };
  }
  if (!e.dns || !Array.isArray(e.dns.lookups) || typeof e.input !== 'object' || e.input === null) {
    return { ok: false, error: `${path} is missing its DNS lookups or its input` };
  }
  // Everything replay and the report read without checking it again: a damaged or edited file must be
  // exit 2 with the place, not "unexpected problem: Cannot read properties of null" (exit 3) or a check's "internal error".
  const problem =
    badList(e.resolvers, (r) => typeof r === 'string', 'resolvers') ??
    badInput(e.input as Record<string, unknown>) ??
    badList(e.dns.lookups, badResult, 'dns.lookups') ??
    (e.dns.exchanges === undefined || Array.isArray(e.dns.exchanges) ? undefined : '"dns.exchanges" is not a list') ??
    (e.smtp === undefined ? undefined : !isObject(e.smtp) ? '"smtp" is not an object' : badList(e.smtp.probes, (p) => isObject(p) && isObject(p.request) && typeof p.request.host === 'string' && isObject(p.result), 'smtp.probes')) ??
    (e.authoritative === undefined ? undefined : badAuthoritative(e.authoritative));
  if (problem !== undefined) return { ok: false, error: `${path} is damaged or was edited: ${problem}` };
  return { ok: true, evidence: e as EvidenceFile };
}

function isObject(v: unknown): v is Record<string, any> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Undefined when `list` is an array whose every item passes `ok` (true, or undefined from a checker returning a problem). */
function badList(list: unknown, ok: (item: any, where: string) => boolean | string | undefined, where: string): string | undefined {
  if (!Array.isArray(list)) return `"${where}" is not a list`;
  for (let i = 0; i < list.length; i++) {
    const verdict = ok(list[i], `${where}[${i}]`);
    if (verdict === true || verdict === undefined) continue;
    // A nested list's problem already names its full place.
    if (typeof verdict === 'string' && verdict.startsWith('"')) return verdict;
    return `"${where}[${i}]" ${typeof verdict === 'string' ? verdict : 'is malformed'}`;
  }
  return undefined;
}

const STATUSES = new Set(['answer', 'nodata', 'nxdomain', 'servfail', 'refused', 'timeout', 'error']);
const isNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const isString = (v: unknown): v is string => typeof v === 'string';

/** The record data shapes of types.ts, by type. */
function goodRecord(r: unknown): boolean {
  if (!isObject(r) || !isString(r.name) || !isNumber(r.ttl)) return false;
  const d = r.data;
  switch (r.type) {
    case 'A': case 'AAAA': case 'CNAME': case 'NS': case 'PTR':
      return isString(d);
    case 'TXT':
      return Array.isArray(d) && d.every(isString);
    case 'MX':
      return isObject(d) && isNumber(d.preference) && isString(d.exchange);
    case 'SRV':
      return isObject(d) && isNumber(d.priority) && isNumber(d.weight) && isNumber(d.port) && isString(d.target);
    case 'SOA':
      return isObject(d) && isString(d.mname) && isString(d.rname) && ['serial', 'refresh', 'retry', 'expire', 'minimum'].every((k) => isNumber(d[k]));
    default:
      return false;
  }
}

/** A problem with one saved DnsResult, or undefined. */
function badResult(r: unknown): string | undefined {
  if (!isObject(r)) return 'is not an object';
  if (!isObject(r.question) || !isString(r.question.name) || !(RR_TYPES as readonly string[]).includes(r.question.type)) return 'has no question (name and record type)';
  if (!STATUSES.has(r.status)) return `has an unknown status ${JSON.stringify(r.status)}`;
  if (!Array.isArray(r.records) || !Array.isArray(r.cnames) || !isString(r.canonicalName)) return 'is missing its records, CNAMEs or canonical name';
  const bad = [...r.records, ...r.cnames].findIndex((x) => !goodRecord(x));
  if (bad >= 0) return 'holds a malformed record';
  for (const k of ['rcode', 'code', 'reason', 'server'] as const) if (r[k] !== undefined && !isString(r[k])) return `has a "${k}" that is not text`;
  for (const k of ['ttl', 'omitted'] as const) if (r[k] !== undefined && !isNumber(r[k])) return `has a "${k}" that is not a number`;
  return undefined;
}

function badInput(input: Record<string, unknown>): string | undefined {
  const strings = (v: unknown) => Array.isArray(v) && v.every(isString);
  const checks: Record<string, (v: unknown) => boolean> = {
    smartHost: (v) => isObject(v) && isString(v.host) && isNumber(v.port),
    hostingIps: strings,
    mailboxes: strings,
    dkimSelector: isString,
    tlsName: isString,
    noSmtp: (v) => typeof v === 'boolean',
    expectedMxHost: isString,
    expectedCloud: isString,
    probeLocalPart: isString,
  };
  for (const [key, ok] of Object.entries(checks)) if (input[key] !== undefined && !ok(input[key])) return `"input.${key}" has the wrong type`;
  return undefined;
}

function badAuthoritative(a: unknown): string | undefined {
  const where = 'authoritative';
  if (!isObject(a)) return `"${where}" is not an object`;
  if (a.zone !== undefined && !isString(a.zone)) return `"${where}.zone" is not text`;
  if (a.fallback !== undefined && !isString(a.fallback)) return `"${where}.fallback" is not text`;
  if (a.omitted !== undefined && !isNumber(a.omitted)) return `"${where}.omitted" is not a number`;
  return (
    (a.unresolved === undefined ? undefined : badList(a.unresolved, (u) => isObject(u) && isString(u.name) && isString(u.reason), `${where}.unresolved`)) ??
    (a.discovery === undefined ? undefined : badList(a.discovery, badResult, `${where}.discovery`)) ??
    badList(
      a.servers,
      (s, at) => {
        if (!isObject(s) || !isString(s.name) || !isString(s.host) || !isNumber(s.port)) return 'is missing its name, address or port';
        return badList(s.lookups, badResult, `${at}.lookups`);
      },
      `${where}.servers`,
    )
  );
}
