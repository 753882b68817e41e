// SPF judged per sender, as receivers evaluate it: check_host() for Microsoft 365's own addresses, the hosting server's, and nobody's.
import type { CheckContext } from '../../engine/types.js';
import { analyzeSpf, checkHost, createSpfSession, describeReason, describeStop, MAX_DNS_LOOKUPS, MAX_VOID_LOOKUPS, stoppedAt, type RecordNode, type SpfCheckResult, type SpfResult, type StopPoint } from '../../spf/index.js';
import { formatIp, inNetwork, parseIp4, parseIp6, type IpAddress } from '../../spf/ip.js';
import { hostingAddresses } from '../shared/smart-host.js';
import { expectedInclude } from './context.js';
import { spfFacts } from './facts.js';

export type SenderRole = 'microsoft' | 'hosting' | 'nobody';

/** One check_host() as a receiver runs it for one sending address, and what it spent. */
export interface SenderEvaluation {
  ip: string;
  family: 4 | 6;
  role: SenderRole;
  /** Microsoft 365: the range of Microsoft's include the address was taken from. */
  range?: string;
  result: SpfResult;
  /** DNS-querying terms and void lookups this evaluation really used (RFC 7208 §4.6.4). */
  lookups: number;
  voidLookups: number;
  /** The term that decided the result. */
  stop: StopPoint;
  spf: SpfCheckResult;
  /**
   * The same evaluation counted as pyspf and Mail::SPF count void lookups (each MX host without an address is
   * one), when that gives another result: receivers running them return it. Absent when it changes nothing.
   */
  strict?: { result: SpfResult; voidLookups: number; stop: StopPoint; spf: SpfCheckResult };
}

/**
 * Addresses that no one should authorise, one per family, from the documentation ranges (RFC 5737, RFC 3849):
 * a policy that passes them passes the whole internet, and an evaluation for them goes through every term
 * of the record, as forged mail does.
 */
export const NOBODY: readonly string[] = ['192.0.2.254', '2001:db8::5e:fe'];

/** Ranges sampled per family from Microsoft's include: its record lists a handful; a hostile one cannot make us evaluate thousands. */
const MAX_RANGES_PER_FAMILY = 8;

/** Whether an evaluation went through an `mx` term (only then can the MX hosts' void lookups change anything). */
function reachedMx(node: RecordNode, depth = 0): boolean {
  return node.terms.some((t) => (t.name === 'mx' && (t.outcome === 'match' || t.outcome === 'no-match')) || (t.child !== undefined && depth < 20 && reachedMx(t.child, depth + 1)));
}

async function evaluate(ctx: CheckContext, ip: string, role: SenderRole, helo: string, range?: string): Promise<SenderEvaluation> {
  // One session for every sender of the run: each lookup and record once. No prefetch: every caller has the
  // whole-tree analysis first (spfFacts), which warmed every lookup that does not depend on the sender, both
  // address families included; starting them again per sender would only cost CPU.
  const session = await ctx.memo('spf.senders.session', async () => createSpfSession(ctx.dns, ctx.signal));
  const options = { ip, domain: ctx.domain, sender: `postmaster@${ctx.domain}`, helo, dns: ctx.dns, signal: ctx.signal, session };
  const spf = await checkHost(options);
  const evaluation: SenderEvaluation = {
    ip,
    family: ip.includes(':') ? 6 : 4,
    role,
    result: spf.result,
    lookups: spf.lookups,
    voidLookups: spf.voidLookups,
    stop: stoppedAt(spf),
    spf,
  };
  if (range !== undefined) evaluation.range = range;
  if (reachedMx(spf.tree)) {
    const strict = await checkHost({ ...options, voidPerMxHost: true });
    if (strict.result !== spf.result) evaluation.strict = { result: strict.result, voidLookups: strict.voidLookups, stop: stoppedAt(strict), spf: strict };
  }
  return evaluation;
}

/** Why some receivers give permerror where RFC 7208 gives pass: said once, in every check that reports it. */
export const STRICT_RECEIVERS =
  "pyspf and Mail::SPF (behind Debian's policyd-spf and SpamAssassin) count each MX host without an address of the sender's family as a void lookup, where RFC 7208 §4.6.4 counts the mx term once; with the MX at Microsoft 365 (no AAAA records), an IPv6 sender meets one per MX host";

/**
 * The evaluations that pass by RFC 7208's count (with `anyResult`, that end in anything but permerror) but end in
 * void-limit permerror as pyspf and Mail::SPF count.
 */
export function failAtStrictReceivers(evaluations: readonly SenderEvaluation[], options: { anyResult?: boolean } = {}): SenderEvaluation[] {
  return evaluations.filter(
    (e) => (options.anyResult ? e.result !== 'permerror' && e.result !== 'temperror' : e.result === 'pass') && e.strict?.result === 'permerror' && e.strict.spf.reason?.code === 'void-limit',
  );
}

/**
 * How such evaluations end at those receivers, in words: one sentence per way of ending (role, family, count and
 * stopping term), naming the first address and counting the others, as describeGroups does for RFC 7208's count.
 */
export function describeStrict(evaluations: readonly SenderEvaluation[]): string {
  const groups = new Map<string, SenderEvaluation[]>();
  for (const e of evaluations) {
    const key = `${e.role} ${e.family} ${e.strict!.voidLookups} ${describeStop(e.strict!.stop)}`;
    groups.set(key, [...(groups.get(key) ?? []), e]);
  }
  return [...groups.values()]
    .map((list) => {
      const [e] = list as [SenderEvaluation];
      const strict = e.strict!;
      const others = list.length > 1 ? ` (so do ${list.length - 1} more of its addresses)` : '';
      return `permerror for ${e.ip} (${WHO[e.role]}, IPv${e.family}) after ${strict.voidLookups} void lookups counted that way, at ${describeStop(strict.stop)}${others}`;
    })
    .join('; ');
}

/** The first host address of a range (the network itself for a /32 or /128), as a representative sender. */
function firstHost(network: IpAddress, prefix: number): string {
  const bytes = [...network.bytes];
  const bits = bytes.length * 8;
  for (let bit = prefix; bit < bits; bit++) bytes[bit >> 3]! &= ~(0x80 >> (bit & 7));
  if (prefix < bits - 1) bytes[bytes.length - 1]! |= 1;
  return formatIp({ family: network.family, bytes });
}

interface Range {
  text: string;
  ip: IpAddress;
  prefix: number;
}

/** The ip4/ip6 ranges of a record tree, in order (with `authorised`, only `+` ones reached through `+` includes). */
function ranges(node: RecordNode, authorised: boolean, out: Range[] = [], depth = 0): Range[] {
  for (const term of node.terms) {
    if (term.reachable === false || (authorised && (term.qualifier === '-' || term.qualifier === '~' || term.qualifier === '?'))) continue;
    if (term.name === 'ip4' || term.name === 'ip6') {
      const [address = '', length] = term.text.replace(/^[+\-~?]?ip[46]:/i, '').split('/');
      const ip = term.name === 'ip4' ? parseIp4(address) : parseIp6(address);
      if (ip) out.push({ text: term.text.replace(/^\+/, ''), ip, prefix: length === undefined ? (ip.family === 4 ? 32 : 128) : Number(length) });
    }
    if (term.child && depth < 10) ranges(term.child, authorised, out, depth + 1);
  }
  return out;
}

/** Whether `inner` lies within `outer` (CIDR blocks are nested or disjoint). */
function within(inner: Range, outer: Range): boolean {
  return inner.ip.family === outer.ip.family && inner.prefix >= outer.prefix && inNetwork(inner.ip, outer.ip, outer.prefix);
}

/** Extra samples a record may treat differently from the rest of a Microsoft range: one address per smaller block of the domain's own tree inside it. */
const MAX_CARVED = 16;

export type MicrosoftSenders =
  | { status: 'evaluated'; include: string; ranges: string[]; evaluations: SenderEvaluation[] }
  /** Microsoft's include could not be read (DNS error) or publishes no ranges here: nothing to sample. */
  | { status: 'unavailable'; include: string; why: 'dns-error' | 'no-ranges'; problem: string };

/** The record node of `domain` in an analysed tree, reached through includes and redirects, when it was read completely. */
function findRecord(node: RecordNode, domain: string, depth = 0): RecordNode | undefined {
  for (const term of node.terms) {
    const child = term.child;
    if (!child || depth > 20) continue;
    if (child.domain.toLowerCase() === domain && child.record !== undefined && !child.reason && !hasDnsError(child)) return child;
    const found = findRecord(child, domain, depth + 1);
    if (found) return found;
  }
  return undefined;
}

function hasDnsError(node: RecordNode, depth = 0): boolean {
  return node.terms.some((t) => t.queries.some((q) => q.outcome === 'error') || (t.child !== undefined && depth < 20 && (t.child.reason?.code === 'dns-error' || hasDnsError(t.child, depth + 1))));
}

async function loadMicrosoft(ctx: CheckContext): Promise<MicrosoftSenders> {
  const { include } = await expectedInclude(ctx);
  const own = (await spfFacts(ctx)).analysis?.tree;
  // Microsoft's record as the domain's own analysis read it, when the tree reaches it; else read it now.
  let tree = own ? findRecord(own, include.toLowerCase()) : undefined;
  if (!tree) {
    const analysis = await analyzeSpf(include, ctx.dns, { signal: ctx.signal });
    const failed = analysis.problems.find((p) => p.code === 'dns-error');
    if (analysis.status === 'dns-error' || failed) {
      const reason = failed ?? analysis.tree.reason;
      return { status: 'unavailable', include, why: 'dns-error', problem: reason ? describeReason(reason) : `the record of ${include} could not be read` };
    }
    tree = analysis.tree;
  }
  const published = ranges(tree, true);
  const picked = [4, 6].flatMap((family) => published.filter((r) => r.ip.family === family).slice(0, MAX_RANGES_PER_FAMILY));
  if (picked.length === 0) {
    const why = tree.reason ? describeReason(tree.reason) : `${include} authorises no ip4/ip6 range`;
    return { status: 'unavailable', include, why: 'no-ranges', problem: why };
  }
  // One address per range; and where the domain's own tree names a smaller block inside a range (a "-ip4:" carving
  // part of it out, say), one address of that block too, since the record treats it apart from the range's first.
  const samples = new Map<string, string>();
  for (const r of picked) samples.set(firstHost(r.ip, r.prefix), r.text);
  const carved = own ? ranges(own, false).filter((t) => picked.some((r) => within(t, r) && t.prefix > r.prefix)) : [];
  for (const t of carved.slice(0, MAX_CARVED)) {
    const outer = picked.find((r) => within(t, r))!;
    const ip = firstHost(t.ip, t.prefix);
    if (!samples.has(ip)) samples.set(ip, `${outer.text} (inside it, ${t.text})`);
  }
  const evaluations = await Promise.all([...samples].map(([ip, range]) => evaluate(ctx, ip, 'microsoft', include, range)));
  return { status: 'evaluated', include, ranges: picked.map((r) => r.text), evaluations };
}

/** check_host() for one address of each range Microsoft's include authorises (IPv4 and IPv6), once per run. */
export function microsoftSenders(ctx: CheckContext): Promise<MicrosoftSenders> {
  return ctx.memo('spf.senders.microsoft', () => loadMicrosoft(ctx));
}

export type HostingSenders =
  | { status: 'evaluated'; source: 'given' | 'smart-host' | 'inferred'; host?: string; evaluations: SenderEvaluation[] }
  | { status: 'unknown'; reason: string };

async function loadHosting(ctx: CheckContext): Promise<HostingSenders> {
  const hosting = await hostingAddresses(ctx);
  if (hosting.source === 'none') return { status: 'unknown', reason: hosting.reason };
  // The envelope a hosting server uses for its own mail: postmaster@domain says as much as any user.
  const evaluations = await Promise.all(hosting.addresses.map((ip) => evaluate(ctx, ip, 'hosting', hosting.host ?? ctx.domain)));
  const out: HostingSenders = { status: 'evaluated', source: hosting.source, evaluations };
  if (hosting.host !== undefined) out.host = hosting.host;
  return out;
}

/** check_host() for each hosting outbound address, once per run. */
export function hostingSenders(ctx: CheckContext): Promise<HostingSenders> {
  return ctx.memo('spf.senders.hosting', () => loadHosting(ctx));
}

/** check_host() for NOBODY's addresses (what forged mail gets), once per run. */
export function nobodySenders(ctx: CheckContext): Promise<SenderEvaluation[]> {
  return ctx.memo('spf.senders.nobody', () => Promise.all(NOBODY.map((ip) => evaluate(ctx, ip, 'nobody', 'forged.invalid'))));
}

/** The senders that must pass: Microsoft 365's and the hosting server's, as far as they are known. */
export async function realSenders(ctx: CheckContext): Promise<{ evaluations: SenderEvaluation[]; microsoft: MicrosoftSenders; hosting: HostingSenders }> {
  const [microsoft, hosting] = await Promise.all([microsoftSenders(ctx), hostingSenders(ctx).catch((): HostingSenders => ({ status: 'unknown', reason: 'the hosting addresses could not be found' }))]);
  const evaluations = [...(microsoft.status === 'evaluated' ? microsoft.evaluations : []), ...(hosting.status === 'evaluated' ? hosting.evaluations : [])];
  return { evaluations, microsoft, hosting };
}

/** The term of the domain's own record on the way to where `e` stopped (the include, for a stop inside one), unless it is the `all`. */
export function stopTerm(e: SenderEvaluation): string | undefined {
  const term = e.stop.via[0] ?? (e.stop.at && e.stop.at.domain.toLowerCase() === e.spf.domain.toLowerCase() ? e.stop.at.term : undefined);
  return term === undefined || /^[+\-~?]?all$/i.test(term) ? undefined : term;
}

const WHO: Record<SenderRole, string> = { microsoft: 'Microsoft 365', hosting: 'the hosting server', nobody: 'an address no one should authorise' };

/**
 * `permerror for 2a01:111:f400::1 (Microsoft 365, IPv6) after 3 DNS-querying terms (10 allowed) and 3 void lookups
 * (2 allowed), at "a:cpanel.example.com" in the record of example.com (more than 2 lookups found nothing ...)`.
 */
export function describeEvaluation(e: SenderEvaluation): string {
  let text = DESCRIBED.get(e);
  if (text === undefined) {
    text = describe(e);
    DESCRIBED.set(e, text);
  }
  return text;
}

/** Each evaluation is described once, however many checks quote it. */
const DESCRIBED = new WeakMap<SenderEvaluation, string>();

function describe(e: SenderEvaluation): string {
  const spent = `${e.lookups} DNS-querying term${e.lookups === 1 ? '' : 's'} (${MAX_DNS_LOOKUPS} allowed) and ${e.voidLookups} void lookup${e.voidLookups === 1 ? '' : 's'} (${MAX_VOID_LOOKUPS} allowed)`;
  const why = e.spf.reason && (e.result === 'permerror' || e.result === 'temperror' || e.result === 'none') ? ` (${describeReason(e.spf.reason)})` : '';
  const at = e.stop.at || e.stop.outcome === 'end' ? `, at ${describeStop(e.stop)}` : '';
  return `${e.result} for ${e.ip} (${WHO[e.role]}, IPv${e.family}) after ${spent}${at}${why}`;
}

/**
 * Evaluations grouped by what happened (sender, family, result, counts, the top-level term it stopped in), one
 * description each with how many addresses share it, joined into one sentence part.
 */
export function describeGroups(evaluations: readonly SenderEvaluation[]): string {
  const groups = new Map<string, SenderEvaluation[]>();
  for (const e of evaluations) {
    const top = e.stop.via[0] ?? e.stop.at?.term ?? 'end';
    const key = `${e.role} ${e.family} ${e.result} ${e.lookups} ${e.voidLookups} ${top} ${e.spf.reason?.code ?? ''}`;
    groups.set(key, [...(groups.get(key) ?? []), e]);
  }
  return [...groups.values()]
    .map((list) => {
      const [first] = list as [SenderEvaluation];
      const others = list.length > 1 ? ` (so do ${list.length - 1} more of its addresses)` : '';
      return `${describeEvaluation(first)}${others}`;
    })
    .join('; ');
}

/** The most DNS-querying terms (or void lookups) any of the evaluations used. */
export function mostUsed(evaluations: readonly SenderEvaluation[], what: 'lookups' | 'voidLookups'): number {
  return evaluations.reduce((most, e) => Math.max(most, e[what]), 0);
}

/** A short account of passing evaluations: "11 addresses evaluated, at most 3 DNS-querying terms and 0 void lookups used". */
export function describeUse(evaluations: readonly SenderEvaluation[]): string {
  const n = evaluations.length;
  return `${n} address${n === 1 ? '' : 'es'} evaluated, at most ${mostUsed(evaluations, 'lookups')} DNS-querying terms and ${mostUsed(evaluations, 'voidLookups')} void lookups used`;
}

/** "Microsoft 365 (IPv6)", "the hosting server (203.0.113.25)": who the evaluations speak for. */
export function whoSends(evaluations: readonly SenderEvaluation[]): string {
  const parts: string[] = [];
  const microsoft = evaluations.filter((e) => e.role === 'microsoft');
  if (microsoft.length > 0) {
    const families = [...new Set(microsoft.map((e) => e.family))].sort();
    parts.push(`Microsoft 365 (${families.map((f) => `IPv${f}`).join(' and ')})`);
  }
  const hosting = evaluations.filter((e) => e.role === 'hosting');
  if (hosting.length > 0) parts.push(`the hosting server (${hosting.map((e) => e.ip).join(', ')})`);
  const nobody = evaluations.filter((e) => e.role === 'nobody');
  if (nobody.length > 0) parts.push(`addresses no one should authorise (${nobody.map((e) => e.ip).join(', ')})`);
  return parts.join(' and ');
}

/** The counts alone (for the limits' evidence, beside the check that shows each evaluation in full). */
export function countsEvidence(evaluations: readonly SenderEvaluation[]): Array<Record<string, unknown>> {
  return evaluations.map((e) => ({ ip: e.ip, role: e.role, result: e.result, lookups: e.lookups, voidLookups: e.voidLookups }));
}

/** The evidence of a set of evaluations: what each used and where it stopped. */
export function evaluationEvidence(evaluations: readonly SenderEvaluation[]): Array<Record<string, unknown>> {
  return evaluations.map((e) => ({
    ip: e.ip,
    role: e.role,
    ...(e.range ? { range: e.range } : {}),
    result: e.result,
    lookups: e.lookups,
    voidLookups: e.voidLookups,
    stoppedAt: describeStop(e.stop),
    ...(e.spf.reason ? { reason: e.spf.reason } : {}),
    ...(e.strict ? { voidPerMxHost: { result: e.strict.result, voidLookups: e.strict.voidLookups, stoppedAt: describeStop(e.strict.stop) } } : {}),
  }));
}

/** `check_host(ip, domain) = result` lines for a finding's observed records. */
export function observedLines(domain: string, evaluations: readonly SenderEvaluation[]): string[] {
  return evaluations.map((e) => `;; check_host(${e.ip}, ${domain}) = ${e.result} (${e.lookups} lookups, ${e.voidLookups} void)`);
}
