// What must hold after every fuzzed run: sane DNS results, real verdicts with filled wording, and safe, parseable renderings.
import { isIPv4, isIPv6 } from 'node:net';
import { SaxesParser } from 'saxes';
import { RR_TYPES, type DnsRecord, type DnsResult } from '../../src/dns/types.js';
import { engineMessages } from '../../src/engine/messages.js';
import { STATUSES, type Check, type Finding, type Report } from '../../src/engine/types.js';
import type { RenderOptions } from '../../src/report/format.js';
import { format as json } from '../../src/report/formats/json.js';
import { format as junit } from '../../src/report/formats/junit.js';
import { format as markdown } from '../../src/report/formats/markdown.js';
import { format as terminal } from '../../src/report/formats/terminal.js';

const FORMATS = { terminal, json, junit, markdown };
import { INJECTED } from './hostile.js';

export interface Problem {
  kind: string;
  detail: string;
}

const DNS_STATUSES = ['answer', 'nodata', 'nxdomain', 'servfail', 'refused', 'timeout', 'error'];
const PLACEHOLDER = /\{([a-zA-Z][a-zA-Z0-9]*)\}/g;

/**
 * Raw characters no report may carry: C0 controls but LF, DEL, C1 controls, bidi controls; and lone
 * surrogates, found by LONE_SURROGATE (faster than a `u`-flag class on every rendering).
 */
// eslint-disable-next-line no-control-regex
export const RAW_CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/;
/** The terminal renderer's own styling: SGR sequences, nothing else. */
// eslint-disable-next-line no-control-regex
const OWN_SGR = /\u001b\[\d+m/g;
const ANY_SURROGATE = /[\ud800-\udfff]/;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
const MARKER = new RegExp(INJECTED, 'gi');

export function visible(text: string, around: number, max = 160): string {
  const from = Math.max(0, around - 40);
  return JSON.stringify(text.slice(from, from + max));
}

/** The first raw control character, lone surrogate or forged line (a line starting with the marker) in `text`. */
export function rawControlProblem(kind: string, text: string): Problem | undefined {
  const match = RAW_CONTROL.exec(text);
  if (match) return { kind, detail: `raw U+${(match[0].codePointAt(0) ?? 0).toString(16).padStart(4, '0')} at ${match.index}: ${visible(text, match.index)}` };
  const lone = ANY_SURROGATE.test(text) ? LONE_SURROGATE.exec(text) : null;
  if (lone) return { kind, detail: `a lone surrogate at ${lone.index}: ${visible(text, lone.index)}` };
  for (const m of text.matchAll(MARKER)) {
    const lineStart = text.lastIndexOf('\n', m.index) + 1;
    if (/^[\s|>*-]*$/.test(text.slice(lineStart, m.index))) return { kind, detail: `a line break from DNS data starts a line: ${visible(text, m.index)}` };
  }
  return undefined;
}

/** Why a converted record breaks the DnsRecord contract, or undefined. */
export function validRecord(r: DnsRecord): string | undefined {
  if (typeof r.name !== 'string') return 'owner name is not a string';
  if (!Number.isInteger(r.ttl) || r.ttl < 0 || r.ttl > 0xffffffff) return `ttl ${String(r.ttl)}`;
  if (!(RR_TYPES as readonly string[]).includes(r.type)) return `type ${String(r.type)}`;
  switch (r.type) {
    case 'A':
      return isIPv4(r.data) ? undefined : `A data ${JSON.stringify(r.data)} is not an IPv4 address`;
    case 'AAAA':
      return isIPv6(r.data) ? undefined : `AAAA data ${JSON.stringify(r.data)} is not an IPv6 address`;
    case 'CNAME':
    case 'NS':
    case 'PTR':
      return typeof r.data === 'string' ? undefined : `${r.type} data is not a string`;
    case 'TXT':
      if (!Array.isArray(r.data)) return 'TXT data is not an array';
      return r.data.every((s) => typeof s === 'string' && s.length <= 255 && /^[\u0000-\u00ff]*$/.test(s)) ? undefined : 'TXT string is not 0-255 octets';
    case 'MX':
      return Number.isInteger(r.data.preference) && r.data.preference >= 0 && r.data.preference <= 0xffff && typeof r.data.exchange === 'string'
        ? undefined
        : `MX data ${JSON.stringify(r.data)}`;
    case 'SRV': {
      const d = r.data;
      return [d.priority, d.weight, d.port].every((n) => Number.isInteger(n) && n >= 0 && n <= 0xffff) && typeof d.target === 'string' ? undefined : `SRV data ${JSON.stringify(d)}`;
    }
    case 'SOA': {
      const d = r.data;
      return typeof d.mname === 'string' && typeof d.rname === 'string' && [d.serial, d.refresh, d.retry, d.expire, d.minimum].every((n) => Number.isInteger(n) && n >= 0)
        ? undefined
        : `SOA data ${JSON.stringify(d)}`;
    }
  }
}

/** A DnsResult as the DnsClient contract promises it, whatever came over the wire. */
export function dnsResultProblems(type: string, result: DnsResult): Problem[] {
  const out: Problem[] = [];
  const bad = (detail: string): void => {
    out.push({ kind: 'dns-result', detail: `${type} ${JSON.stringify(result.question?.name)}: ${detail}` });
  };
  if (!DNS_STATUSES.includes(result.status)) bad(`status ${String(result.status)}`);
  if (result.question?.type !== type) bad(`question type ${String(result.question?.type)}`);
  if (!Array.isArray(result.records) || !Array.isArray(result.cnames)) {
    bad('records or cnames is not an array');
    return out;
  }
  if ((result.status === 'answer') !== result.records.length > 0) bad(`status ${result.status} with ${result.records.length} records`);
  for (const r of result.records) {
    const why = validRecord(r);
    if (why) bad(why);
    else if (r.type !== type) bad(`a ${r.type} record in the answer to ${type}`);
  }
  for (const r of result.cnames) {
    const why = validRecord(r);
    if (why) bad(`cname: ${why}`);
    else if (r.type !== 'CNAME') bad(`a ${r.type} record among the CNAMEs`);
  }
  if (typeof result.canonicalName !== 'string') bad('canonicalName is not a string');
  if (!['answer', 'nodata', 'nxdomain'].includes(result.status) && (typeof result.code !== 'string' || typeof result.reason !== 'string')) {
    bad(`non-fact ${result.status} without code and reason`);
  }
  if (result.ttl !== undefined && !(Number.isFinite(result.ttl) && result.ttl >= 0)) bad(`ttl ${result.ttl}`);
  try {
    JSON.stringify(result);
  } catch (error) {
    bad(`not serialisable: ${String(error)}`);
  }
  return out;
}

function placeholders(template: string): string[] {
  return [...template.matchAll(PLACEHOLDER)].map((m) => m[1] ?? '');
}

function isTemplateValue(value: unknown): boolean {
  return typeof value === 'string' || (typeof value === 'number' && Number.isFinite(value)) || (Array.isArray(value) && value.every((v) => typeof v === 'string'));
}

/** A verdict names templates the check has, and gives every placeholder they use a value. */
export function verdictProblems(check: Check, verdict: unknown): Problem[] {
  const out: Problem[] = [];
  const bad = (detail: string): void => {
    out.push({ kind: 'verdict', detail: `${check.meta.id}: ${detail}` });
  };
  if (typeof verdict !== 'object' || verdict === null) {
    bad(`returned ${String(verdict)}`);
    return out;
  }
  const v = verdict as Record<string, unknown>;
  if (!(STATUSES as readonly unknown[]).includes(v.status)) bad(`status ${String(v.status)}`);
  const data = (v.data ?? {}) as Record<string, unknown>;
  const templates: [string, string | undefined][] = [];
  if (typeof v.message !== 'string' || !Object.hasOwn(check.meta.messages, v.message)) bad(`message key ${JSON.stringify(v.message)} is not in meta.messages`);
  else templates.push([`message ${v.message}`, check.meta.messages[v.message]]);
  if (v.remedy !== undefined) {
    if (typeof v.remedy !== 'string' || !Object.hasOwn(check.meta.remedies ?? {}, v.remedy)) bad(`remedy key ${JSON.stringify(v.remedy)} is not in meta.remedies`);
    else templates.push([`remedy ${v.remedy}`, check.meta.remedies?.[v.remedy]]);
  }
  for (const [what, template] of templates) {
    for (const key of placeholders(template ?? '')) {
      if (!Object.hasOwn(data, key)) bad(`${what}: no value for {${key}}`);
      else if (!isTemplateValue(data[key])) bad(`${what}: {${key}} is ${JSON.stringify(data[key])}`);
    }
  }
  if (v.observed !== undefined && !(Array.isArray(v.observed) && v.observed.every((l) => typeof l === 'string'))) bad('observed is not a list of strings');
  return out;
}

export interface FindingFacts {
  problems: Problem[];
  /** The engine stopped the check at its deadline (a statistic, not a failure: the per-step timeouts add up). */
  deadline: boolean;
}

const CRASH_PREFIX = engineMessages.crashed('').split(':')[0] ?? 'The check stopped on an internal error';
const DEADLINE_PREFIX = engineMessages.timedOut(1000).split(' within ')[0] ?? 'The check did not finish';

/** A finding is `error` or a real verdict: valid status, wording present, a remedy on every non-pass, never a crash. */
export function findingProblems(check: Check, f: Finding, noSmtp: boolean): FindingFacts {
  const out: Problem[] = [];
  const bad = (kind: string, detail: string): void => {
    out.push({ kind, detail: `${check.meta.id}: ${detail}` });
  };
  if (f.id !== check.meta.id) bad('finding', `id ${f.id}`);
  if (!(STATUSES as readonly string[]).includes(f.status)) bad('finding', `status ${String(f.status)}`);
  if (typeof f.message !== 'string' || f.message.trim() === '') bad('finding', 'empty message');
  if (['warn', 'fail', 'error'].includes(f.status) && (typeof f.remedy !== 'string' || f.remedy.trim() === '')) bad('finding', `${f.status} without a remedy: ${f.message}`);
  if (noSmtp && check.meta.needs?.includes('smtp') && f.status !== 'skip') bad('finding', `an SMTP check ran under --no-smtp (${f.status})`);
  if (f.status === 'error' && f.message.startsWith(CRASH_PREFIX)) bad('crash', f.message);
  return { problems: out, deadline: f.status === 'error' && f.message.startsWith(DEADLINE_PREFIX) };
}

function parseXml(xml: string): string | undefined {
  const parser = new SaxesParser();
  let error: string | undefined;
  parser.on('error', (err) => {
    error ??= err.message;
  });
  try {
    parser.write(xml).close();
  } catch (err) {
    error ??= err instanceof Error ? err.message : String(err);
  }
  return error;
}

function render(name: keyof typeof FORMATS, report: Report, options: RenderOptions): string | Problem {
  try {
    return FORMATS[name].render(report, options);
  } catch (error) {
    return { kind: 'render-crash', detail: `${name}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}` };
  }
}

/** Every rendering of the report: no raw control characters (terminal with and without colour, Markdown), JSON parses back, JUnit is XML. */
export function renderProblems(report: Report): Problem[] {
  const out: Problem[] = [];
  const add = (p: Problem | undefined): void => {
    if (p) out.push(p);
  };
  const plain = render('terminal', report, { color: false, verbose: true, width: 80 });
  if (typeof plain !== 'string') out.push(plain);
  else add(rawControlProblem('terminal', plain));
  const colour = render('terminal', report, { color: true, verbose: true });
  if (typeof colour !== 'string') out.push(colour);
  else add(rawControlProblem('terminal --color', colour.replace(OWN_SGR, '')));
  const json = render('json', report, {});
  if (typeof json !== 'string') out.push(json);
  else {
    try {
      // Same value: re-serialised, it is the report's own serialisation (safeJson only escapes more).
      if (JSON.stringify(JSON.parse(json)) !== JSON.stringify(report)) out.push({ kind: 'json', detail: 'parses back to another value' });
    } catch (error) {
      out.push({ kind: 'json', detail: `does not parse: ${String(error)}` });
    }
    add(rawControlProblem('json', json));
  }
  const markdown = render('markdown', report, {});
  if (typeof markdown !== 'string') out.push(markdown);
  else add(rawControlProblem('markdown', markdown));
  const junit = render('junit', report, {});
  if (typeof junit !== 'string') out.push(junit);
  else {
    const error = parseXml(junit);
    if (error) out.push({ kind: 'junit', detail: `not well-formed XML: ${error}` });
    add(rawControlProblem('junit', junit));
  }
  return out;
}
