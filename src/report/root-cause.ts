// Obvious root causes that make the rest of a report moot: a domain that does not exist, a resolver that answered nothing.
import type { Finding, Report } from '../engine/types.js';
import { escapeControl, listing } from '../util/text.js';

export interface RootCause {
  kind: 'nxdomain' | 'no-dns-answers';
  /** The finding that shows it, when one check says it (mx.present for a domain that does not exist). */
  finding?: Finding;
  /** What is wrong, once, for the top of the report. */
  message: string;
  fix: string;
  /** Ids of the findings it makes moot: each says "see above" in one line instead of its own paragraph. */
  moot: ReadonlySet<string>;
}

/** A DNS lookup as the resolver records it in a finding's evidence (src/dns/types.ts DnsResult). */
interface Lookup {
  question: { name: string; type: string };
  status: string;
  code?: string;
  reason?: string;
}

/** Only these are facts about a zone; every other status means "could not find out" (src/dns/types.ts). */
const FACTS = new Set(['answer', 'nodata', 'nxdomain']);
const STATUSES = new Set([...FACTS, 'servfail', 'refused', 'timeout', 'error']);

function isLookup(value: unknown): value is Lookup {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Partial<Lookup>;
  return typeof v.status === 'string' && STATUSES.has(v.status) && typeof v.question?.name === 'string' && typeof v.question.type === 'string';
}

/** Bounds on the walk through evidence: it is data of any shape and size (an answer of thousands of records). */
const MAX_DEPTH = 5;
const MAX_NODES = 2000;

/** The DNS lookups a finding's evidence holds, found by their shape wherever the check put them. */
function lookupsIn(evidence: unknown): Lookup[] {
  const found: Lookup[] = [];
  let nodes = 0;
  const walk = (value: unknown, depth: number): void => {
    if (++nodes > MAX_NODES || depth > MAX_DEPTH || typeof value !== 'object' || value === null) return;
    if (isLookup(value)) {
      found.push(value);
      return;
    }
    for (const child of Array.isArray(value) ? value : Object.values(value)) walk(child, depth + 1);
  };
  walk(evidence, 0);
  return found;
}

const bare = (name: string) => name.toLowerCase().replace(/\.$/, '');

/** mx.present asks for the domain's own MX, so its NXDOMAIN is the domain's (and its message and remedy are written for exactly that). */
const saysNxdomain = (f: Finding): boolean => f.id === 'mx.present' && f.status === 'fail' && f.messageId === 'nxdomain';

function nxdomain(report: Pick<Report, 'results'>): RootCause | undefined {
  const finding = report.results.find(saysNxdomain);
  if (!finding) return undefined;
  // Nothing about a name that does not exist can be right or wrong: every other verdict is moot.
  const moot = new Set(report.results.filter((f) => f !== finding && f.status !== 'pass').map((f) => f.id));
  return { kind: 'nxdomain', finding, message: finding.message, fix: finding.remedy ?? finding.message, moot };
}

function mostCommon(values: readonly string[]): string | undefined {
  const counts = new Map<string, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1])[0]?.[0];
}

function noAnswers(report: Pick<Report, 'domain' | 'results' | 'input'>): RootCause | undefined {
  const all = report.results.flatMap((f) => lookupsIn(f.evidence));
  // Several checks record the same lookup (four MX checks, one MX question): count questions, not records of them.
  const lookups = [...new Map(all.map((l) => [`${bare(l.question.name)} ${l.question.type}`, l])).values()];
  const errors = report.results.filter((f) => f.status === 'error');
  // Every lookup of the run came back without a fact, and nothing passed or failed on other grounds.
  if (lookups.length === 0 || lookups.some((l) => FACTS.has(l.status)) || errors.length === 0) return undefined;
  if (report.results.some((f) => f.status === 'pass' || f.status === 'fail' || f.status === 'warn')) return undefined;
  const resolvers = Array.isArray(report.input?.resolvers) ? (report.input.resolvers as unknown[]).filter((r): r is string => typeof r === 'string') : [];
  const why = mostCommon(lookups.map((l) => l.code ?? l.status)) ?? 'no answer';
  const where = resolvers.length > 0 ? ` to ${listing(resolvers.map(escapeControl))}` : '';
  return {
    kind: 'no-dns-answers',
    message: `No DNS answer came back: ${lookups.length === 1 ? 'the one lookup' : `all ${lookups.length} lookups`}${where} failed (${escapeControl(why)}), so nothing about ${escapeControl(report.domain)} could be judged.`,
    fix: 'Check that this machine can reach the resolver (a firewall, a VPN, a resolver that refuses outside clients), or name another one with --resolver 1.1.1.1; then run again.',
    moot: new Set(errors.map((f) => f.id)),
  };
}

/** The root cause of a report, when one is obvious; else undefined and the report reads as usual. */
export function rootCause(report: Pick<Report, 'domain' | 'results' | 'input'>): RootCause | undefined {
  return nxdomain(report) ?? noAnswers(report);
}
