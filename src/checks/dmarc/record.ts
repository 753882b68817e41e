// dmarc.record: exactly one valid DMARC record at `_dmarc.<domain>` (RFC 7489 §6.3, §6.6.3), enforcing a policy.
import { formatResult } from '../../dns/format.js';
import type { DnsResult } from '../../dns/types.js';
import { discoverDmarc, receiversThatDiffer } from '../../dmarc/discovery.js';
import { organizationalDomain } from '../../dmarc/organizational-domain.js';
import { effectivePolicy, isDmarcRecord, parseDmarcRecord, type DmarcProblem, type DmarcRecord, type KnownTag, type Policy } from '../../dmarc/record.js';
import { isFact, must } from '../../engine/lookup.js';
import { defineCheck } from '../../engine/define.js';
import type { Check, CheckContext, Verdict } from '../../engine/types.js';
import { CPANEL_DKIM_SELECTOR } from '../../knowledge/hosting-dkim.js';
import { describeTagIssue } from '../dkim/defects.js';
import { txtTexts } from '../dkim/selector.js';
import { reportAuthorizations, type ReportAuthorization } from './report-auth.js';
import { correctedDmarcRecord, newDmarcRecord, reportAddress } from './suggest.js';

/** Valid values and the default a receiver falls back to, per tag (RFC 7489 §6.3). */
const GRAMMAR: Record<KnownTag, { expected: string; fallback: string }> = {
  v: { expected: 'DMARC1', fallback: '' },
  p: { expected: 'none, quarantine or reject', fallback: '' },
  sp: { expected: 'none, quarantine or reject', fallback: '' },
  np: { expected: 'none, quarantine or reject', fallback: "sp's or p's value" },
  pct: { expected: 'a whole number from 0 to 100', fallback: '100' },
  rua: { expected: 'mailto: URIs', fallback: 'no reports' },
  ruf: { expected: 'mailto: URIs', fallback: 'no reports' },
  adkim: { expected: 'r or s', fallback: 'r (relaxed)' },
  aspf: { expected: 'r or s', fallback: 'r (relaxed)' },
  fo: { expected: '0, 1, d or s, colon-separated', fallback: '0' },
  rf: { expected: 'afrf', fallback: 'afrf' },
  ri: { expected: 'a number of seconds', fallback: '86400' },
};

/** Problems that void the policy (RFC 7489 §6.6.3 step 6) or, for a duplicate tag, the whole tag list (RFC 6376 §3.2). */
function isFatal(p: DmarcProblem): boolean {
  if (p.code === 'no-policy' || p.code === 'not-dmarc') return true;
  if (p.code === 'syntax') return p.issue.code === 'duplicate';
  return p.code === 'bad-value' && (p.tag === 'p' || p.tag === 'sp');
}

function describeProblem(p: DmarcProblem): string {
  switch (p.code) {
    case 'not-dmarc':
      return 'it does not start with v=DMARC1';
    case 'syntax':
      return p.issue.code === 'duplicate' ? describeTagIssue(p.issue) : `${describeTagIssue(p.issue)}, so receivers discard it`;
    case 'no-policy':
      return 'it has no p= tag, which RFC 7489 §6.3 requires';
    case 'policy-not-second':
      return 'p= must come right after v=DMARC1 (RFC 7489 §6.3), and strict receivers reject the record otherwise';
    case 'bad-value': {
      const g = GRAMMAR[p.tag];
      // An invalid p or sp voids the policy (isFatal); the message says what receivers do then.
      if (p.tag === 'p' || p.tag === 'sp') return `${p.tag}=${p.value} is invalid (${g.expected})`;
      return `${p.tag}=${p.value} is invalid (${g.expected}), so receivers use ${g.fallback}`;
    }
    case 'bad-uri':
      return `the ${p.tag} entry "${p.value}" is no valid report URI (mailto:address, optionally !size), so no reports go there`;
  }
}

export const dmarcRecord = defineCheck({
  meta: {
    id: 'dmarc.record',
    title: 'DMARC record',
    verifies: 'exactly one valid DMARC record at `_dmarc.<domain>`',
    messages: {
      ok: 'The DMARC record at {name} enforces p={policy}{details}. Both senders must align with {domain}: Microsoft 365 (DKIM selector1/selector2, SPF include) and the hosting server (DKIM selector "{selector}", SPF for its address); dkim.* and spf.* check them.',
      none: 'There is no DMARC record at {name}: receivers apply no policy, so anyone can send mail as @{domain} and it is delivered like yours.',
      ignoredOnly:
        'There is no DMARC record at {name}: {ignored} does not start with v=DMARC1, so receivers ignore it (RFC 7489 §6.6.3){finders}. No policy applies, so anyone can send mail as @{domain}.',
      unseen:
        'The DMARC record at {name} starts "{start}": RFC 7489 §6.4 allows spaces around "=", but Mail::DMARC and OpenDMARC look for the exact text v=DMARC1 and find no record, so receivers built on them {fallback}.',
      several:
        'There are {count} DMARC records at {name}: RFC 7489 §6.6.3 tells receivers to treat that as no record at all (Mail::DMARC does; what OpenDMARC 1.4.2 applies depends on the records and their order in the answer), so no policy reliably applies and anyone can send mail as @{domain}.',
      brokenIgnored: 'The DMARC record at {name} is broken: {problems}. Receivers ignore it (RFC 7489 §6.6.3), so no policy protects {domain} from spoofing.',
      brokenAsNone:
        'The DMARC record at {name} is broken: {problems}. Because rua is valid, receivers treat it as p=none (RFC 7489 §6.6.3): monitoring only, so mail that spoofs {domain} is delivered.',
      brokenList: 'The DMARC record at {name} is broken: {problems}. Receivers may discard the whole record, leaving {domain} unprotected.',
      caution: 'The DMARC record at {name} works, but {notes}.',
      receiversDiffer:
        'Receivers that follow RFC 7489 apply {rfc} to mail from {domain}, but {differences}: the published records do not say one thing to every receiver.',
      noneParentUnknown:
        'There is no DMARC record at {name}, and the organizational domain\'s record at {parent}, which receivers would fall back to, could not be looked up ({problem}): unless it applies a policy to subdomains, anyone can send mail as @{domain}.',
      inherited:
        'There is no DMARC record at {name}, but receivers fall back to the organizational domain\'s record at {parent} (RFC 7489 §6.6.3), which applies {tag}={policy} to {domain}.',
      inheritedWeak:
        'There is no DMARC record at {name}; receivers fall back to the record at {parent} (RFC 7489 §6.6.3), but {weakness}, so mail that spoofs {domain} is still delivered.',
    },
    remedies: {
      publish:
        'At your DNS host, publish:\n{name}. 3600 IN TXT "{suggestion}"\nCreate the mailbox {reportAddress} first (or use a DMARC report service\'s address). Before p=reject, check in the reports that mail from Microsoft 365 and from the hosting server passes DMARC (see dkim.* and spf.*); if unsure, start with p=none for a few weeks.',
      replace: 'At your DNS host, replace the TXT record(s) at {name} with one record:\n{name}. 3600 IN TXT "{suggestion}"\n{advice}',
    },
  },
  async run(ctx) {
    const name = `_dmarc.${ctx.domain}`;
    const txt = must(await ctx.dns.query(name, 'TXT', { signal: ctx.signal }));
    const texts = txtTexts(txt);
    const records = texts.filter(isDmarcRecord);
    const selector = ctx.input.dkimSelector ?? CPANEL_DKIM_SELECTOR;
    const data = { name, domain: ctx.domain, selector, reportAddress: reportAddress(ctx.domain) };
    const evidence: Record<string, unknown> = { name, lookup: txt.status, records, ignored: texts.filter((t) => !isDmarcRecord(t)) };
    let inheritedOnce: Promise<Inherited> | undefined;
    const j: Judging = { ctx, name, texts, records, selector, data, evidence, base: { observed: formatResult(txt).split('\n'), evidence }, inherited: () => (inheritedOnce ??= lookupInherited(ctx)) };
    const fallback = async (): Promise<Policy | null> => {
      const inherited = await j.inherited();
      return inherited.kind === 'found' ? inherited.policy : null;
    };
    /** The organizational domain's TXT records, for a receiver's own reading of them; undefined if unread. */
    const parentTexts = async (): Promise<string[] | undefined> => {
      const inherited = await j.inherited();
      return inherited.kind === 'unknown' ? undefined : (inherited.texts ?? []);
    };
    // What receivers apply to mail from the domain: by RFC 7489 §6.6.3, and by each compared receiver
    // whose discovery differs (test/e2e/dmarc-differential.e2e.ts holds both to the real ones).
    evidence.rfcPolicy = records.length === 1 ? rfcPolicyOf(parseDmarcRecord(records[0]!)) : records.length === 0 ? await fallback() : null;
    const receivers = await receiverPolicies(texts, evidence.rfcPolicy as Policy | null, parentTexts);
    if (Object.keys(receivers).length > 0) evidence.receivers = receivers;
    const verdict = await judgeRecords(j);
    // A pass must hold at every compared receiver: where one applies another policy (a near-miss record
    // it reads and the RFC discards, or the reverse), say so instead.
    if (verdict.status !== 'pass' || Object.keys(receivers).length === 0) return verdict;
    const rfc = (evidence.rfcPolicy as Policy | null) ?? 'no policy';
    const differences = Object.entries(receivers).map(([name, policy]) => `${name} applies ${policy === null ? 'no policy' : `p=${policy}`}`);
    const own = records.length === 1 ? correctedDmarcRecord(parseDmarcRecord(records[0]!)) : newDmarcRecord(ctx.domain);
    const advice = 'Keep one record that starts with v=DMARC1 exactly, and delete the TXT records that only look like one.';
    return { ...verdict, status: 'warn', message: 'receiversDiffer', remedy: 'replace', data: { ...data, rfc: rfc === 'no policy' ? rfc : `p=${rfc}`, differences, suggestion: own, advice } };
  },
});

/** The keys of the meta above: every verdict of dmarc.record names them. */
type DmarcVerdict = Verdict<
  | 'ok'
  | 'none'
  | 'ignoredOnly'
  | 'unseen'
  | 'several'
  | 'brokenIgnored'
  | 'brokenAsNone'
  | 'brokenList'
  | 'caution'
  | 'receiversDiffer'
  | 'noneParentUnknown'
  | 'inherited'
  | 'inheritedWeak',
  'publish' | 'replace'
>;

/** What dmarc.record judges: the domain's TXT records at _dmarc, and its organizational domain's when needed (looked up once). */
interface Judging {
  ctx: CheckContext;
  name: string;
  texts: string[];
  records: string[];
  selector: string;
  data: { name: string; domain: string; selector: string; reportAddress: string };
  evidence: Record<string, unknown>;
  base: { observed: string[]; evidence: Record<string, unknown> };
  inherited(): Promise<Inherited>;
}

/** No record, several, one receivers do not see, or one whose policy is broken; else the one record is judged. */
async function judgeRecords(j: Judging): Promise<DmarcVerdict> {
  const { ctx, records, texts, base, data, evidence, selector } = j;
  const ignored = texts.filter((t) => !isDmarcRecord(t));

  // Records the grammar accepts but that neither Mail::DMARC nor OpenDMARC finds (`v = DMARC1`): to
  // receivers built on them there is no record, so they go on to the organizational domain's.
  const unseen = records.filter((t) => receiversThatDiffer(discoverDmarc(t)).miss.length === 2);
  if (unseen.length > 0 && unseen.length === records.length) {
    const parsed = parseDmarcRecord(unseen[0]!);
    const fallbackText = await inheritedFallback(ctx, j.inherited());
    const start = unseen[0]!.split(';')[0]!.trim();
    const advice = 'Write v=DMARC1 at the very start, with no spaces around "=" (the other tags may keep theirs).';
    return { ...base, status: 'fail', message: 'unseen', remedy: 'replace', data: { ...data, start, fallback: fallbackText, suggestion: correctedDmarcRecord(parsed), advice } };
  }
  if (records.length === 0) {
    const inherited = await inheritedVerdict(ctx, data, base, j.inherited());
    if (inherited) return inherited;
  }
  if (records.length === 0) {
    // A record that names DMARC but does not start with it is the usual near miss ("p=reject; v=DMARC1").
    const nearMiss = ignored.filter((t) => /v\s*=\s*dmarc1/i.test(t));
    const suggestion = newDmarcRecord(ctx.domain);
    if (nearMiss.length === 0) return { ...base, status: 'fail', message: 'none', remedy: 'publish', data: { ...data, suggestion } };
    const finders = [...new Set(nearMiss.flatMap((t) => receiversThatDiffer(discoverDmarc(t)).find))];
    const findersNote = finders.length > 0 ? `; ${finders.join(' and ')} ${finders.length > 1 ? 'find' : 'finds'} it anyway, so only some receivers apply it` : '';
    const advice = 'A DMARC record must start with v=DMARC1 (then p=); receivers ignore anything else.';
    return { ...base, status: 'fail', message: 'ignoredOnly', remedy: 'replace', data: { ...data, ignored: nearMiss, finders: findersNote, suggestion, advice } };
  }
  if (records.length > 1) {
    const first = parseDmarcRecord(records[0]!);
    const advice = 'Delete the other DMARC records: one record must carry every tag.';
    return { ...base, status: 'fail', message: 'several', remedy: 'replace', data: { ...data, count: records.length, suggestion: correctedDmarcRecord(first), advice } };
  }

  const record = parseDmarcRecord(records[0]!);
  const policy = effectivePolicy(record);
  Object.assign(evidence, recordEvidence(record, policy, selector, ctx.domain));
  const fatal = record.problems.filter(isFatal);
  if (fatal.length > 0) {
    const problems = fatal.map(describeProblem);
    const policyBroken = fatal.some((p) => p.code !== 'syntax');
    const message = !policyBroken ? 'brokenList' : policy === 'none' ? 'brokenAsNone' : 'brokenIgnored';
    const advice = [
      record.policy === undefined
        ? 'p=quarantine is proposed; if mail from Microsoft 365 or the hosting server does not pass DMARC yet (see dkim.* and spf.*), use p=none until it does.'
        : '',
      fatal.some((p) => p.code === 'syntax') ? 'Each tag may appear once: the record above keeps the first value, so check it is the one you mean.' : '',
    ].filter((a) => a !== '');
    if (advice.length === 0) advice.push('The invalid tag is left out, so its default applies.');
    return { ...base, status: 'fail', message, remedy: 'replace', data: { ...data, problems, suggestion: correctedDmarcRecord(record), advice: advice.join(' ') } };
  }

  return judgeRecord(j, record, policy);
}

/** The one valid record: its policy, reports and near misses, as receivers apply them. */
async function judgeRecord(j: Judging, record: DmarcRecord, policy: string | undefined): Promise<DmarcVerdict> {
  const { ctx, name, texts, records, base, data, evidence } = j;
  const auth = await reportAuthorizations(ctx, [...record.rua, ...record.ruf]);
  evidence.reportAuthorization = auth;
  const notes: string[] = [];
  const advice: string[] = [];
  if (record.policy === 'none') {
    notes.push(`its policy is p=none: monitoring only, so mail that spoofs ${ctx.domain} is still delivered`);
    advice.push(
      record.rua.length > 0
        ? 'Move to p=quarantine, later p=reject, once the aggregate reports show mail from Microsoft 365 and from the hosting server passing DMARC.'
        : `Add rua=mailto:${reportAddress(ctx.domain)} to see who sends as ${ctx.domain}, then move to p=quarantine and later p=reject once mail from Microsoft 365 and the hosting server passes DMARC.`,
    );
  }
  if (record.pct < 100) {
    notes.push(`pct=${record.pct} applies the policy to only ${record.pct}% of failing mail; the rest gets the next milder treatment (RFC 7489 §6.6.4)`);
    advice.push('pct is dropped, so the policy applies to all failing mail.');
  }
  if (record.policy !== 'none' && record.subdomainPolicy === 'none') {
    notes.push(`sp=none leaves subdomains (anything.${ctx.domain}) open to spoofing`);
    advice.push('sp=none is dropped, so subdomains get the same policy.');
  }
  notes.push(...record.problems.map(describeProblem));
  // RFC 7489 §6.6.3 step 2 has receivers skip TXT records that are not DMARC; OpenDMARC 1.4.2 (Debian 12)
  // misses the DMARC record in some answers that also carry one (test/e2e/dmarc-differential.e2e.ts).
  const others = texts.filter((t) => !/v\s*=\s*dmarc/i.test(t));
  if (others.length > 0) {
    notes.push(`${name} also holds ${others.length === 1 ? 'a TXT record' : `${others.length} TXT records`} that ${others.length === 1 ? 'is' : 'are'} not DMARC (${others.map((t) => JSON.stringify(t.slice(0, 60))).join(', ')}); receivers should skip ${others.length === 1 ? 'it' : 'them'}, but OpenDMARC 1.4.2 then misses the DMARC record in some answers`);
    advice.push(`Delete the other TXT record${others.length === 1 ? '' : 's'} at ${name}: nothing else belongs there.`);
  }
  const missedBy = receiversThatDiffer(discoverDmarc(records[0]!)).miss;
  if (missedBy.length > 0) {
    notes.push(`${missedBy.join(' and ')} ${missedBy.length > 1 ? 'look' : 'looks'} for the exact text v=DMARC1 at the start and ${missedBy.length > 1 ? 'find' : 'finds'} no record, so receivers built on ${missedBy.length > 1 ? 'them' : 'it'} apply no policy (RFC 7489 §6.4 allows this spelling)`);
    advice.push('v=DMARC1 is written exactly so, at the very start.');
  }
  if (record.problems.some((p) => p.code === 'policy-not-second')) advice.push('p= is moved right after v=DMARC1.');
  if (record.problems.some((p) => p.code !== 'policy-not-second')) {
    advice.push('Invalid and malformed parts are left out (receivers discard them anyway, RFC 7489 §6.3); write any you need as tag=value, e.g. rua=mailto:address.');
  }
  const inexact = auth.filter((a) => a.outcome === 'authorized' && a.openDmarc === false);
  if (inexact.length > 0) {
    notes.push(
      `the authorisation at ${inexact.map((a) => a.name).join(', ')} is more than the text v=DMARC1, which OpenDMARC 1.4.2 requires exactly (RFC 7489 §7.1 only asks that it start so), so receivers running it send no reports there`,
    );
    advice.push(`Ask the operator of ${inexact.map((a) => a.domain).join(', ')} to publish exactly TXT "v=DMARC1" there.`);
  }
  const unauthorized = auth.filter((a) => a.outcome === 'missing');
  if (unauthorized.length > 0) {
    notes.push(
      `reports to ${unauthorized.map((a) => a.domain).join(', ')} are not authorised there (no ${unauthorized.map((a) => a.name).join(', ')} TXT "v=DMARC1", RFC 7489 §7.1), so receivers do not send them`,
    );
    advice.push(`Ask the operator of ${unauthorized.map((a) => a.domain).join(', ')} to publish ${unauthorized.map((a) => `${a.name}. TXT "v=DMARC1"`).join(', ')}, or send the reports to an address at ${ctx.domain}.`);
  }
  if (notes.length > 0) {
    const suggestion = correctedDmarcRecord(record, {
      policy: record.policy === 'none' && record.rua.length > 0 ? 'quarantine' : record.policy,
      fullPct: true,
      dropWeakSubdomainPolicy: true,
      ...(record.policy === 'none' ? { addRua: reportAddress(ctx.domain) } : {}),
    });
    return { ...base, status: 'warn', message: 'caution', remedy: 'replace', data: { ...data, notes, suggestion, advice: advice.join(' ') } };
  }
  return { ...base, status: 'pass', message: 'ok', data: { ...data, policy: record.policy ?? 'none', details: details(record, auth) } };
}

/** The policy an RFC 7489 receiver applies with this record: none for a list RFC 6376 §3.2 voids (a duplicate tag). */
function rfcPolicyOf(record: DmarcRecord): Policy | null {
  if (record.problems.some((p) => p.code === 'syntax' && p.issue.code === 'duplicate')) return null;
  return effectivePolicy(record) ?? null;
}

/**
 * The policy each compared receiver applies where it differs from the RFC's: one that finds no record
 * goes on to the organizational domain's (`fallback`); Mail::DMARC gives up on several ("too many
 * policies"); OpenDMARC takes the first record its test matches, in answer order.
 */
async function receiverPolicies(texts: string[], rfc: Policy | null, parentTexts: () => Promise<string[] | undefined>): Promise<Record<string, Policy | null>> {
  const out: Record<string, Policy | null> = {};
  const receivers: [string, 'mailDmarc' | 'openDmarc'][] = [
    ['Mail::DMARC', 'mailDmarc'],
    ['OpenDMARC', 'openDmarc'],
  ];
  for (const [name, key] of receivers) {
    let policy = receiverPolicy(texts, key, false);
    if (policy === undefined) {
      const parent = await parentTexts();
      // An organizational domain that could not be read: the RFC reading says so already.
      if (parent === undefined) continue;
      policy = receiverPolicy(parent, key, true) ?? null;
    }
    // OpenDMARC 1.4.2's reading of an answer with several TXT records depends on their text and order.
    if (policy === 'unpredictable') continue;
    if (policy !== rfc) out[name] = policy;
  }
  return out;
}

/** One receiver's policy from the TXT records at one name; undefined when it finds no record there. */
function receiverPolicy(texts: string[], key: 'mailDmarc' | 'openDmarc', subdomain: boolean): Policy | null | 'unpredictable' | undefined {
  if (key === 'openDmarc' && texts.length > 1) return 'unpredictable';
  const found = texts.filter((t) => discoverDmarc(t)[key]);
  if (found.length === 0) return undefined;
  if (found.length > 1) return null;
  const record = parseDmarcRecord(found[0]!);
  // Both check v= once they have the record: DMARC1 in any case, else no policy.
  const version = record.tags.find((t) => t.name === 'v')?.value;
  if (version?.toUpperCase() !== 'DMARC1') return null;
  // At the organizational domain, as lookupInherited reads it. (Where it starts is this receiver's discovery, settled above.)
  return subdomain ? subdomainPolicyOf(record) : rfcPolicyOf(record);
}

/** What receivers find at the Organizational Domain when the domain itself has no record (RFC 7489 §6.6.3 step 3). */
type Inherited =
  /** The domain is its own Organizational Domain, or the parent has no usable record (none, several, broken). */
  | { kind: 'none'; texts?: string[] }
  | { kind: 'unknown'; parent: string; problem: string }
  /** `tag`: the tag the policy comes from; `rua` for a broken record receivers treat as p=none (RFC 7489 §6.6.3 step 6). */
  | { kind: 'found'; parent: string; result: DnsResult; text: string; texts: string[]; record: DmarcRecord; tag: 'p' | 'sp' | 'rua'; policy: Policy };

/**
 * The policy an organizational domain's record applies to its subdomains: sp=, else p=; a record with no
 * valid p= (or a bad sp=) but a valid rua= acts as "v=DMARC1; p=none" (RFC 7489 §6.6.3 step 6), sp= and all.
 */
function subdomainPolicyOf(record: DmarcRecord): Policy | null {
  const policy = rfcPolicyOf(record);
  if (policy === null || record.problems.some((p) => p.code !== 'not-dmarc' && isFatal(p))) return policy;
  return record.subdomainPolicy ?? policy;
}

/**
 * RFC 7489 §6.6.3 step 3: with no DMARC record at the domain itself, receivers query the Organizational
 * Domain's (§3.2, through the Public Suffix List): for shop.example.co.uk that is _dmarc.example.co.uk,
 * for example.co.uk nothing. One query, as Mail::DMARC and OpenDMARC make (not the tree walk of DMARCbis).
 */
async function lookupInherited(ctx: CheckContext): Promise<Inherited> {
  const domain = ctx.domain.toLowerCase().replace(/\.$/, '');
  const org = organizationalDomain(domain);
  if (org === domain) return { kind: 'none' };
  const parent = `_dmarc.${org}`;
  const result = await ctx.dns.query(parent, 'TXT', { signal: ctx.signal });
  if (!isFact(result)) return { kind: 'unknown', parent, problem: result.reason ?? result.status };
  const texts = txtTexts(result);
  const found = texts.filter(isDmarcRecord);
  // Several records at the parent end discovery (step 4); a broken one applies no policy: both are "no DMARC".
  if (found.length !== 1) return { kind: 'none', texts };
  const record = parseDmarcRecord(found[0]!);
  const policy = subdomainPolicyOf(record);
  if (policy === null) return { kind: 'none', texts };
  const tag = record.problems.some(isFatal) ? 'rua' : record.subdomainPolicy !== undefined ? 'sp' : 'p';
  return { kind: 'found', parent, result, text: found[0]!, texts, record, tag, policy };
}

/** What receivers that find no record at the domain do instead, as a phrase ("apply no policy ..."). */
async function inheritedFallback(ctx: CheckContext, lookup?: Promise<Inherited>): Promise<string> {
  const inherited = await (lookup ?? lookupInherited(ctx));
  const spoof = `anyone can send mail as @${ctx.domain}`;
  switch (inherited.kind) {
    case 'none':
      return `apply no policy, and ${spoof}`;
    case 'unknown':
      return `fall back to ${inherited.parent}, which could not be looked up (${inherited.problem}); unless it applies a policy to subdomains, ${spoof}`;
    case 'found':
      return `fall back to the record at ${inherited.parent}, which applies ${inherited.tag === 'rua' ? 'p' : inherited.tag}=${inherited.policy}${inherited.record.pct < 100 ? ` to ${inherited.record.pct}% of failing mail` : ''}, not your record`;
  }
}

/**
 * The verdict for a domain without a record of its own, from its Organizational Domain's record. A parent
 * that cannot be looked up (an authoritative-only --resolver REFUSES names outside its zone) leaves the
 * verdict at the domain's own (no record: fail), saying so; it can neither lift that to a pass nor turn
 * a verified "no record here" into an error.
 */
async function inheritedVerdict(
  ctx: CheckContext,
  data: Record<string, unknown> & { name: string; domain: string },
  base: { observed: string[]; evidence: Record<string, unknown> },
  lookup: Promise<Inherited>,
): Promise<Verdict<'noneParentUnknown' | 'inheritedWeak' | 'inherited', 'publish'> | undefined> {
  const inherited = await lookup;
  if (inherited.kind === 'none') return undefined;
  if (inherited.kind === 'unknown') {
    const suggestion = newDmarcRecord(ctx.domain);
    return { ...base, status: 'fail', message: 'noneParentUnknown', remedy: 'publish', data: { ...data, parent: inherited.parent, problem: inherited.problem, suggestion } };
  }
  const { parent, record, tag, policy } = inherited;
  const observed = [...base.observed, ...formatResult(inherited.result).split('\n')];
  const evidence = { ...base.evidence, inheritedFrom: parent, inheritedRecord: inherited.text, inheritedPolicy: policy, pct: record.pct };
  const weakness =
    tag === 'rua'
      ? 'it has no valid policy, so receivers treat it as p=none (RFC 7489 §6.6.3), which only monitors'
      : policy === 'none'
      ? `its ${tag}=none only monitors`
      : record.pct < 100
        ? `its pct=${record.pct} applies ${tag}=${policy} to only ${record.pct}% of failing mail`
        : undefined;
  if (weakness) {
    return { observed, evidence, status: 'warn', message: 'inheritedWeak', remedy: 'publish', data: { ...data, parent, weakness, suggestion: newDmarcRecord(ctx.domain) } };
  }
  return { observed, evidence, status: 'pass', message: 'inherited', data: { ...data, parent, tag, policy } };
}

/** ", sp=reject, strict DKIM alignment; aggregate reports to dmarc@x" for the pass message. */
function details(record: DmarcRecord, auth: ReportAuthorization[]): string {
  const parts: string[] = [];
  if (record.subdomainPolicy !== undefined) parts.push(`sp=${record.subdomainPolicy}`);
  if (record.adkim === 's') parts.push('strict DKIM alignment');
  if (record.aspf === 's') parts.push('strict SPF alignment');
  const rua = record.rua.map((u) => u.address ?? u.uri);
  const unverified = auth.filter((a) => a.outcome === 'unverified').map((a) => a.domain);
  const reports =
    rua.length > 0
      ? `aggregate reports go to ${rua.join(', ')}${unverified.length > 0 ? ` (whether ${unverified.join(', ')} accepts them could not be looked up)` : ''}`
      : 'no aggregate reports (rua) are requested, so you cannot see who sends as the domain';
  return `${parts.length > 0 ? `, ${parts.join(', ')}` : ''}; ${reports}`;
}

function recordEvidence(record: DmarcRecord, policy: string | undefined, selector: string, domain: string): Record<string, unknown> {
  return {
    tags: Object.fromEntries(record.tags.map((t) => [t.name, t.value])),
    policy: { p: record.policy, sp: record.subdomainPolicy, np: record.nonexistentPolicy, pct: record.pct, effective: policy ?? null },
    // DOMAIN.md §3: both senders must align; the checks that verify each path are named here, not repeated.
    alignment: {
      adkim: record.adkim,
      aspf: record.aspf,
      senders: {
        'Microsoft 365': `DKIM d=${domain} with selector1/selector2 (dkim.m365); SPF through Microsoft's include (spf.m365-include)`,
        'hosting server': `DKIM d=${domain} with selector ${selector} (dkim.hosting); SPF for its outbound address (spf.hosting-covered)`,
      },
    },
    reports: { rua: record.rua, ruf: record.ruf },
    unknownTags: record.unknown,
    problems: record.problems,
  };
}
