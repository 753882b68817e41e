// dns.consistency: with --authoritative, every authoritative server of the zone serves the same mail records (and serial).
import type { AuthoritativeServer, AuthoritativeView } from '../../dns/authoritative.js';
import { soaSerial } from '../../dns/authoritative.js';
import { compareSerials, newestSerial } from '../../dns/serial.js';
import type { DnsResult, SoaData } from '../../dns/types.js';
import { isFact } from '../../engine/lookup.js';
import { defineCheck } from '../../engine/define.js';
import type { Check, Verdict } from '../../engine/types.js';
import { listing, plural } from '../../util/text.js';
import { serverAnswer, zoneQuestions, type ServerAnswer, type ZoneQuestion } from './answers.js';

/** Socket errors that say this machine has no way there (no IPv6 route, say): never counted against the server. */
const UNREACHABLE_HERE = new Set(['ENETUNREACH', 'EHOSTUNREACH', 'EADDRNOTAVAIL', 'EAFNOSUPPORT']);

interface ServerState {
  server: AuthoritativeServer;
  soaResult: DnsResult;
  serial?: number;
  soa?: { ttl: number; data: SoaData };
  /** Why it gave no authoritative SOA; `unreachable` when the fault is on this side. */
  silence?: { here: boolean; why: string };
}

interface Group {
  answer: Extract<ServerAnswer, { ok: true }>;
  members: { state: ServerState; ttl?: number }[];
}

interface Disagreement {
  question: ZoneQuestion;
  groups: Group[];
  /** `lagging`: the servers with the newest serial agree and the others serve something else. */
  pattern: 'lagging' | 'same-serial';
  /** How long caches may keep the old (or, for same-serial, any) answer. */
  cacheTtl?: number;
}

function silenceOf(result: DnsResult, zone: string): { here: boolean; why: string } {
  if (result.code !== undefined && UNREACHABLE_HERE.has(result.code)) return { here: true, why: `cannot be reached from this machine (${result.code})` };
  if (result.status === 'timeout') return { here: false, why: 'did not answer (timed out)' };
  if (result.code === 'ECONNREFUSED') return { here: false, why: 'refused the connection: no DNS server listens there' };
  if (result.status === 'refused') return { here: false, why: 'answered REFUSED: the zone is not configured on it (a lame delegation)' };
  if (result.status === 'servfail') {
    return { here: false, why: 'answered SERVFAIL: it cannot serve the zone (on a secondary, typically a copy that expired because zone transfers fail)' };
  }
  if (result.code === 'ENOTAUTH') return { here: false, why: 'answered without the authoritative-answer (AA) bit: it does not serve the zone itself (a lame delegation)' };
  if (result.code === 'EREFERRAL') return { here: false, why: "answered with a referral instead of the zone's SOA: it does not serve the zone (a lame delegation)" };
  if (isFact(result)) return { here: false, why: `answered that ${zone} has no SOA record (${result.status.toUpperCase()}): it does not hold this zone` };
  return { here: false, why: `failed: ${result.reason ?? result.status}` };
}

function serverState(server: AuthoritativeServer, result: DnsResult, zone: string): ServerState {
  const serial = soaSerial(result, zone);
  if (serial === undefined) return { server, soaResult: result, silence: silenceOf(result, zone) };
  const soa = result.records.find((r) => r.type === 'SOA');
  return { server, soaResult: result, serial, ...(soa?.type === 'SOA' ? { soa: { ttl: soa.ttl, data: soa.data } } : {}) };
}

/** `300 s`, `3600 s (1 h)`, `86400 s (1 day)`. */
export function seconds(n: number): string {
  if (n < 60) return `${n} s`;
  const human = n % 86400 === 0 ? plural(n / 86400, 'day') : n % 3600 === 0 ? `${n / 3600} h` : n % 60 === 0 ? `${n / 60} min` : `${Math.round(n / 60)} min`;
  return `${n} s (${human})`;
}

function labels(members: readonly { state: ServerState }[]): string {
  return listing(members.map((m) => m.state.server.label));
}

function serialsOf(members: readonly { state: ServerState }[]): string {
  const serials = [...new Set(members.map((m) => m.state.serial))];
  return `serial ${serials.join('/')}`;
}

/** `ns2.example.com (192.0.2.2) at serial 4 serves` / `ns1 ... and ns3 ... at serial 5 serve`. */
function whoServes(members: readonly { state: ServerState }[], still = false): string {
  return `${labels(members)} at ${serialsOf(members)} ${still ? 'still ' : ''}${members.length === 1 ? 'serves' : 'serve'}`;
}

function describe(question: ZoneQuestion, answer: Group['answer']): string {
  if (answer.data.length === 0) return answer.negative ? `${question.none} (${answer.negative.toUpperCase()})` : question.none;
  return answer.data.map((d) => (d.length > 70 ? `${d.slice(0, 67)}...` : d)).join(', ');
}

function maxTtl(members: readonly { ttl?: number }[]): number | undefined {
  const ttls = members.flatMap((m) => (m.ttl === undefined ? [] : [m.ttl]));
  return ttls.length === 0 ? undefined : Math.max(...ttls);
}

function analyse(question: ZoneQuestion, groups: Group[], newest: number): Disagreement {
  const current = groups.filter((g) => g.members.some((m) => m.state.serial === newest));
  const stale = groups.filter((g) => !current.includes(g));
  const lagging = current.length === 1 && stale.every((g) => g.members.every((m) => m.state.serial !== undefined && compareSerials(m.state.serial, newest) < 0));
  const cacheTtl = maxTtl((lagging ? stale : groups).flatMap((g) => g.members));
  return { question, groups: lagging ? [...current, ...stale] : groups, pattern: lagging ? 'lagging' : 'same-serial', ...(cacheTtl === undefined ? {} : { cacheTtl }) };
}

function detail(d: Disagreement): string {
  const [first, ...rest] = d.groups;
  if (first === undefined) return '';
  if (d.pattern === 'lagging') {
    const old = rest.map((g) => `${whoServes(g.members, true)} ${describe(d.question, g.answer)}`);
    return `${d.question.what}: ${listing(old)}, while ${whoServes(first.members)} ${describe(d.question, first.answer)}`;
  }
  return `${d.question.what}: ${d.groups.map((g) => `${whoServes(g.members)} ${describe(d.question, g.answer)}`).join(', ')}`;
}

function cachePhrase(d: Disagreement): string | undefined {
  if (d.cacheTtl === undefined) return undefined;
  if (d.pattern === 'lagging') {
    const old = d.groups.slice(1);
    const negative = old.every((g) => g.answer.data.length === 0) ? ' (the negative-caching TTL: the SOA minimum, RFC 2308)' : '';
    return `${d.question.what} for up to ${seconds(d.cacheTtl)}${negative} after ${listing(old.map((g) => labels(g.members)))} ${old.flatMap((g) => g.members).length === 1 ? 'updates' : 'update'}`;
  }
  return `either answer for ${d.question.what} for up to ${seconds(d.cacheTtl)}`;
}

function observedLines(d: Disagreement): string[] {
  const lines = [`; ${d.question.what} (${d.question.name} ${d.question.type}):`];
  for (const g of d.groups) {
    lines.push(`;   ${labels(g.members)}, ${serialsOf(g.members)}:`);
    if (g.answer.lines.length === 0) {
      const ttl = maxTtl(g.members);
      lines.push(`;     ${g.answer.negative ? `${d.question.none} (${g.answer.negative.toUpperCase()})` : d.question.none}${ttl === undefined ? '' : `, cached for up to ${ttl} s`}`);
    }
    for (const line of g.answer.lines) lines.push(line);
  }
  return lines;
}

/** What the run of dns.consistency compares: every server's state and, for the answering ones, their answers. */
interface Compared {
  disagreements: Disagreement[];
  unverified: { question: ZoneQuestion; reasons: string }[];
  partialFailures: { label: string; text: string }[];
  ttlNotes: string[];
  answerEvidence: Record<string, unknown>[];
}

interface Judged {
  zone: string;
  view: AuthoritativeView;
  states: ServerState[];
  answering: ServerState[];
  newest: number;
  compared: Compared;
  evidence: Record<string, unknown>;
}

/** The keys of the meta below that the verdict helpers name. */
type ConsistencyVerdict = Verdict<'allSilent' | 'unreachable' | 'disagree' | 'partial' | 'serials' | 'agree', 'allSilent' | 'unreachable' | 'lagging' | 'sameSerial' | 'partial' | 'serials'>;

function serversEvidence(zone: string, states: readonly ServerState[], view: AuthoritativeView): Record<string, unknown> {
  return {
    zone,
    servers: states.map((s) => ({
      name: s.server.name,
      host: s.server.host,
      port: s.server.port,
      serial: s.serial ?? null,
      ...(s.soa ? { refresh: s.soa.data.refresh, negativeTtl: Math.min(s.soa.ttl, s.soa.data.minimum) } : {}),
      ...(s.silence ? { problem: s.silence.why, lookup: { status: s.soaResult.status, code: s.soaResult.code, reason: s.soaResult.reason } } : {}),
    })),
    unresolved: view.unresolved,
    omitted: view.omitted,
  };
}

/** No server gave the zone's SOA: nothing can be compared. */
function silenceVerdict(zone: string, states: readonly ServerState[], fallbackNote: string, evidence: Record<string, unknown>): ConsistencyVerdict {
  const unreachable = states.filter((s) => s.silence?.here === true);
  const reasons = listing(states.map((s) => `${s.server.label} ${s.silence?.why ?? 'gave no SOA'}`));
  const allHere = states.length > 0 && unreachable.length === states.length;
  return {
    status: 'error',
    message: allHere ? 'unreachable' : 'allSilent',
    remedy: allHere ? 'unreachable' : 'allSilent',
    data: { zone, count: states.length, reasons, fallbackNote },
    evidence,
    observed: states.map((s) => `; ${s.server.label}: ${s.silence?.why ?? ''}`),
  };
}

/** The answering servers' answers to each question, grouped by what they serve. */
function compareAnswers(questions: readonly ZoneQuestion[], answers: readonly ServerAnswer[][], answering: readonly ServerState[], newest: number): Compared {
  const out: Compared = { disagreements: [], unverified: [], partialFailures: [], ttlNotes: [], answerEvidence: [] };
  questions.forEach((q, qi) => {
    const row = answers[qi]!;
    const groups: Group[] = [];
    row.forEach((answer, si) => {
      const state = answering[si]!;
      if (!answer.ok) return;
      const group = groups.find((g) => g.answer.key === answer.key);
      const member = { state, ...(answer.ttl === undefined ? {} : { ttl: answer.ttl }) };
      if (group) group.members.push(member);
      else groups.push({ answer, members: [member] });
    });
    const failed = row.flatMap((a, si) => (a.ok ? [] : [{ label: answering[si]!.server.label, reason: a.reason }]));
    if (groups.length === 0) out.unverified.push({ question: q, reasons: failed.map((f) => `${f.label}: ${f.reason}`).join('; ') });
    else for (const f of failed) out.partialFailures.push({ label: f.label, text: `${f.label} did not answer ${q.what} (${f.reason})` });
    if (groups.length > 1) out.disagreements.push(analyse(q, groups, newest));
    const ttls = [...new Set(row.flatMap((a) => (a.ok && a.ttl !== undefined ? [a.ttl] : [])))];
    if (groups.length === 1 && ttls.length > 1) out.ttlNotes.push(`${q.what}: ${ttls.map((t) => `${t} s`).join(' vs ')}`);
    out.answerEvidence.push({
      question: `${q.name} ${q.type}`,
      byServer: row.map((a, si) => ({
        server: answering[si]!.server.label,
        ...(a.ok ? { records: a.lines, ttl: a.ttl ?? null, ...(a.negative ? { negative: a.negative } : {}) } : { error: a.reason }),
      })),
    });
  });
  return out;
}

function disagreementEvidence(d: Disagreement): Record<string, unknown> {
  return {
    question: `${d.question.name} ${d.question.type}`,
    pattern: d.pattern,
    cacheTtl: d.cacheTtl ?? null,
    groups: d.groups.map((g) => ({ servers: g.members.map((m) => m.state.server.label), serials: g.members.map((m) => m.state.serial), records: g.answer.lines, ttls: g.members.map((m) => m.ttl ?? null) })),
  };
}

/** Servers behind the newest serial, and the refresh interval they pull changes on (their own SOA says when). */
function laggingOf(run: Judged): { lagging: ServerState[]; refresh: string } {
  const lagging = run.answering.filter((s) => compareSerials(s.serial!, run.newest) < 0);
  // A secondary polls on the refresh interval of the copy it holds: the lagging servers' own SOA says when.
  const refreshes = (lagging.length > 0 ? lagging : run.answering).flatMap((s) => (s.soa ? [s.soa.data.refresh] : []));
  return { lagging, refresh: refreshes.length > 0 ? seconds(Math.max(...refreshes)) : 'the zone' };
}

/** Servers that hold no copy of the zone, or whose names have no address. */
function silentProblems(run: Judged): { silent: ServerState[]; problems: string[] } {
  const silent = run.states.filter((s) => s.silence !== undefined && !s.silence.here);
  return {
    silent,
    problems: [...silent.map((s) => `${s.server.label} ${s.silence!.why}`), ...run.view.unresolved.map((u) => `the name server ${u.name} has no usable address (${u.reason})`)],
  };
}

function disagreeVerdict(run: Judged): ConsistencyVerdict {
  const { disagreements } = run.compared;
  const { refresh } = laggingOf(run);
  const { silent, problems } = silentProblems(run);
  const anyLagging = disagreements.some((d) => d.pattern === 'lagging');
  const anySame = disagreements.some((d) => d.pattern === 'same-serial');
  const cache = disagreements.flatMap((d) => cachePhrase(d) ?? []);
  const laggingServers = [...new Set(disagreements.filter((d) => d.pattern === 'lagging').flatMap((d) => d.groups.slice(1).flatMap((g) => g.members.map((m) => m.state.server.label))))];
  const oldTtl = maxTtl(disagreements.filter((d) => d.pattern === 'lagging').map((d) => ({ ...(d.cacheTtl === undefined ? {} : { ttl: d.cacheTtl }) })));
  return {
    status: 'fail',
    message: 'disagree',
    remedy: anyLagging ? 'lagging' : 'sameSerial',
    data: {
      zone: run.zone,
      count: plural(disagreements.length, 'answer'),
      details: disagreements.map(detail).join('; '),
      lagNote: anyLagging
        ? `A lower serial means a server has not been updated yet: the change is not yet published everywhere; secondary servers pull changes when the primary sends NOTIFY, or at the latest after the SOA refresh interval of ${refresh}. `
        : '',
      sameNote: anySame ? 'Servers at the same serial serve different data: they are not copies of one zone. ' : '',
      cacheNote: cache.length > 0 ? cache.join('; ') : 'for as long as the TTLs they were served with',
      alsoNote: problems.length > 0 ? ` Also, ${listing(problems)}.` : '',
      lagging: listing(laggingServers),
      laggingThem: laggingServers.length === 1 ? 'it' : 'them',
      laggingVerb: laggingServers.length === 1 ? 'stays' : 'stay',
      oldTtl: oldTtl === undefined ? 'their TTL' : seconds(oldTtl),
      refresh,
    },
    evidence: run.evidence,
    observed: [...disagreements.flatMap(observedLines), ...silent.map((s) => `; ${s.server.label}: ${s.silence!.why}`)],
  };
}

/** The servers agree on every answer: pass, or warn for servers that could not be asked or lag in serial. */
function agreementVerdict(run: Judged): ConsistencyVerdict {
  const { zone, answering, newest, view } = run;
  const { lagging, refresh } = laggingOf(run);
  const { silent, problems: silentOnes } = silentProblems(run);
  const { partialFailures, ttlNotes } = run.compared;
  const serialNote = lagging.length > 0 ? `the newest serial is ${newest}, and ${listing(lagging.map((s) => `${s.server.label} is at ${s.serial}`))}` : `serial ${newest}`;
  const problems = [...silentOnes, ...partialFailures.map((p) => p.text)];
  if (problems.length > 0) {
    return {
      status: 'warn',
      message: 'partial',
      remedy: 'partial',
      data: { zone, answering: answering.length, serialNote, problems: listing(problems), servers: listing([...new Set([...silent.map((s) => s.server.label), ...view.unresolved.map((u) => u.name), ...partialFailures.map((p) => p.label)])]) },
      evidence: run.evidence,
      observed: [...silent.map((s) => `; ${s.server.label}: ${s.silence!.why}`), ...view.unresolved.map((u) => `; ${u.name}: ${u.reason}`)],
    };
  }
  if (lagging.length > 0) {
    return {
      status: 'warn',
      message: 'serials',
      remedy: 'serials',
      data: {
        zone,
        count: answering.length,
        lagging: listing(lagging.map((s) => s.server.label)),
        laggingVerb: lagging.length === 1 ? 'has' : 'have',
        laggingVerbStay: lagging.length === 1 ? 'stays' : 'stay',
        laggingThem: lagging.length === 1 ? 'it' : 'they',
        serial: newest,
        serials: answering.map((s) => `${s.server.label}: ${s.serial}`).join(', '),
        refresh,
      },
      evidence: run.evidence,
      observed: answering.map((s) => `; ${s.server.label}: serial ${s.serial}`),
    };
  }
  const unreachable = run.states.filter((s) => s.silence?.here === true);
  const notes = [
    ttlNotes.length > 0 ? ` TTLs differ, which is no disagreement (${ttlNotes.slice(0, 2).join('; ')}${ttlNotes.length > 2 ? '; ...' : ''}).` : '',
    unreachable.length > 0 ? ` Not asked: ${listing(unreachable.map((s) => `${s.server.label} (${s.silence!.why})`))}.` : '',
    view.omitted > 0 ? ` ${plural(view.omitted, 'further address', 'further addresses')} of the name servers ${view.omitted === 1 ? 'was' : 'were'} not asked (at most ${view.servers.length} are).` : '',
  ].join('');
  return {
    status: 'pass',
    message: 'agree',
    data: { zone, count: answering.length, servers: listing(answering.map((s) => s.server.label)), serial: newest, notes },
    evidence: run.evidence,
  };
}

export const dnsConsistency = defineCheck({
  meta: {
    id: 'dns.consistency',
    title: 'Authoritative servers agree',
    verifies: 'with `--authoritative`, every authoritative server serves the same serial and mail records',
    messages: {
      notAsked: "Skipped: run with --authoritative to ask the zone's name servers directly.",
      noZone: 'Could not ask the authoritative servers: {problem}. Nothing was compared; the other checks judged the recursive resolver\'s answers instead.',
      allSilent: 'None of the {count} authoritative server addresses of {zone} answered for the zone: {reasons}.{fallbackNote}',
      unreachable:
        'None of the authoritative server addresses of {zone} can be reached from this machine: {reasons}. Nothing was compared.{fallbackNote}',
      disagree:
        'The authoritative servers of {zone} disagree on {count}: {details}. {lagNote}{sameNote}Caches may still hold the old answer: {cacheNote}.{alsoNote}',
      unverified: 'No authoritative server of {zone} answered {questions}: {reasons}. Nothing was judged from the missing answers.',
      partial:
        'The {answering} answering server addresses of {zone} agree ({serialNote}), but {problems}. Resolvers fail over to the other servers, so answers still arrive, after a wait; and a server nobody can ask cannot be checked for old data.',
      serials:
        "All {count} server addresses of {zone} agree on the records splitcheck checks, but not on the zone's serial: {lagging} {laggingVerb} not picked up serial {serial} yet ({serials}), so other records of the zone may still differ. The change is not yet published everywhere; secondary servers pull changes when the primary sends NOTIFY, or at the latest after the SOA refresh interval of {refresh}.",
      agree:
        'All {count} authoritative server addresses of {zone} ({servers}) are at serial {serial} and serve the same MX, SPF, autodiscover, DKIM and DMARC answers.{notes}',
    },
    remedies: {
      lagging:
        'Nothing to change if the lagging servers catch up within the SOA refresh interval of {refresh}: run again then. If {lagging} {laggingVerb} behind longer, check on the primary that zone transfers (AXFR/IXFR) to {laggingThem} are allowed and that NOTIFY is sent to {laggingThem}, and that the secondary can reach the primary. Resolvers may keep the old answers for up to {oldTtl} after the last server updates; lower the TTL ahead of the next change to shorten that.',
      sameSerial:
        'The servers hold different data under the same serial, so they are not copies of one zone. Make one place the source of the zone (the primary, or the one DNS host that should be authoritative), increase the serial with every change so the secondaries transfer it, and if the NS records name the servers of two DNS hosts that are edited separately, publish the same records at both or remove one host\'s servers from the NS records and from the delegation at the registrar.',
      partial:
        "Fix or remove {servers}: every server the zone's NS records name must answer for the zone (as the primary, or a secondary that transfers it from the primary), or be removed from the zone's NS records and from the delegation at the registrar.",
      serials:
        'Wait for {lagging} to transfer serial {serial} (on NOTIFY, or within the SOA refresh interval of {refresh}) and run again; if {laggingThem} {laggingVerbStay} behind, check zone transfers (AXFR/IXFR) and NOTIFY from the primary.',
      noZone:
        'Check that {domain} is spelled right and delegated (the name servers set at the registrar); run without --authoritative to judge the recursive answers only.',
      allSilent:
        "Check the delegation: every server in the NS records of {zone} must answer for the zone (the registrar's name-server setting and the DNS host's zone must match). If this network blocks DNS to servers other than its own resolver (port 53), run from elsewhere.",
      unreachable: 'Run from a network with a route to the name servers (for IPv6-only servers, a network with IPv6).',
      unverified: 'Run again; if it persists, ask the DNS host why its servers do not answer these questions.',
    },
  },
  async run(ctx) {
    const view = ctx.authoritative;
    if (view === undefined) return { status: 'skip', message: 'notAsked' };
    const { zone } = view;
    if (zone === undefined) {
      const problem = view.fallback ?? 'the zone was not found';
      return { status: 'error', message: 'noZone', remedy: 'noZone', data: { problem, domain: ctx.domain }, evidence: { problem } };
    }
    const signal = { signal: ctx.signal };
    const soas = await Promise.all(view.servers.map((s) => s.client.query(zone, 'SOA', signal)));
    const states = view.servers.map((s, i) => serverState(s, soas[i]!, zone));
    const answering = states.filter((s) => s.serial !== undefined);
    const fallbackNote = view.fallback ? " The other checks judged the recursive resolver's answers instead." : '';
    const baseEvidence = serversEvidence(zone, states, view);
    if (answering.length === 0) return silenceVerdict(zone, states, fallbackNote, baseEvidence);

    const questions = zoneQuestions(ctx.domain, ctx.input.dkimSelector ?? 'default');
    const answers = await Promise.all(
      questions.map((q) => Promise.all(answering.map(async (s) => serverAnswer(await s.server.client.query(q.name, q.type, signal), q, zone, s.soa)))),
    );
    const newest = newestSerial(answering.map((s) => s.serial!))!;
    const compared = compareAnswers(questions, answers, answering, newest);
    const run: Judged = { zone, view, states, answering, newest, compared, evidence: { ...baseEvidence, newestSerial: newest, answers: compared.answerEvidence, disagreements: compared.disagreements.map(disagreementEvidence) } };
    if (compared.disagreements.length > 0) return disagreeVerdict(run);
    if (compared.unverified.length > 0) {
      const { unverified } = compared;
      return {
        status: 'error',
        message: 'unverified',
        remedy: 'unverified',
        data: { zone, questions: listing(unverified.map((u) => u.question.what)), reasons: unverified.map((u) => u.reasons).join('; ') },
        evidence: run.evidence,
      };
    }
    return agreementVerdict(run);
  },
});
