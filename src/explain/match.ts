// Maps a bounce's replies to diagnoses: per recipient, its strongest evidence first; the knowledge table's first matching entry claims a reply, with the confidence its evidence allows.
import { fillTemplate } from '../engine/template.js';
import { BOUNCE_KNOWLEDGE, HOP_TEXT, type BounceHop, type BounceKnowledge, type BouncePattern } from '../knowledge/bounces.js';
import { describeReply, describeStatus, parseStatus } from './codes.js';
import { MAX_EVIDENCE } from './limits.js';
import { maskAddresses } from './mask.js';
import { isGeneric, ranked, statementsFor } from './recipients.js';
import { hasMicrosoftMarkers, isConsumerHost, isMicrosoftHost } from './servers.js';
import { withoutCallout } from './statements.js';
import type { Actor, BounceFacts, Confidence, Diagnosis, EvidenceLine, Explanation, Statement, Unrecognised } from './types.js';

function inRange(status: string, [low, high]: readonly [string, string]): boolean {
  const s = parseStatus(status);
  const a = parseStatus(low);
  const b = parseStatus(high);
  if (!s || !a || !b || s.klass !== a.klass || s.subject !== a.subject) return false;
  const detail = Number(s.detail);
  return detail >= Number(a.detail) && detail <= Number(b.detail);
}

function sideMatches(want: 'microsoft' | 'not-microsoft' | undefined, side: BounceFacts['reportedBy']): boolean {
  if (want === undefined) return true;
  return want === 'microsoft' ? side === 'microsoft' : side !== 'microsoft';
}

/** What a pattern needs to know about the bounce beyond the reply itself. */
export type MatchFacts = Pick<BounceFacts, 'reportedBy'> & Partial<Pick<BounceFacts, 'hostingEvidence' | 'sender' | 'recipients' | 'from'>>;

const plainCache = new WeakMap<Statement, string>();
/**
 * A multiline reply written on one line keeps the code each of its lines repeats (RFC 5321 §4.2.1):
 * Exchange's "Remote Server returned '550-Please turn on SMTP Authentication ... is not permitted to
 * relay 550 through this server without authentication.'" splits the server's sentence where the
 * server wrapped it. Those repeated codes (with the status that follows them) are dropped before the
 * words are read; a lone number is kept unless the reply shows itself multiline (a "550-" marker).
 */
export function withoutContinuationCodes(text: string, reply: number | undefined): string {
  if (reply === undefined) return text;
  const code = String(reply);
  const status = '(?:#?[245]\\.\\d{1,3}\\.\\d{1,3}\\s+)?';
  const marker = new RegExp(`(?<=[\\s'])${code}-${status}`, 'g');
  if (!marker.test(text.slice(4))) return text;
  return text.replace(marker, '').replace(new RegExp(`\\s${code} ${status}(?=\\S)`, 'g'), ' ');
}

/** A reply's text with its addresses replaced (and a one-line multiline reply's repeated codes), computed once per reply (patterns test it many times). */
function plainOf(s: Statement): string {
  let plain = plainCache.get(s);
  if (plain === undefined) {
    plain = withoutAddresses(withoutContinuationCodes(withoutCallout(s.text), s.reply));
    plainCache.set(s, plain);
  }
  return plain;
}
export const withoutAddresses = maskAddresses;

const CONFIDENCE_ORDER: readonly Confidence[] = ['low', 'medium', 'high'];
const weaker = (a: Confidence, b: Confidence): Confidence => (CONFIDENCE_ORDER.indexOf(a) <= CONFIDENCE_ORDER.indexOf(b) ? a : b);

const domainOf = (address: string | undefined) => (address ? address.slice(address.lastIndexOf('@') + 1).toLowerCase() : undefined);

/**
 * The bounce shows Microsoft 365 behind this reply: a Microsoft host gave it, or it carries
 * Microsoft's markers, or Microsoft wrote the bounce and no other server is named as answering.
 */
export function showsMicrosoft(s: Statement, facts: MatchFacts): boolean {
  // Consumer Outlook.com / Hotmail is Microsoft's, but no tenant: nothing a tenant's settings explain.
  if (s.server && isConsumerHost(s.server)) return false;
  if (s.saidBy === 'microsoft' || hasMicrosoftMarkers(s.text)) return true;
  return facts.reportedBy === 'microsoft' && s.saidBy !== 'other';
}

/**
 * Microsoft's own server gave this reply: its host is named as answering, or the reply carries
 * Exchange Online's markers. A bounce Microsoft wrote is not enough: there Microsoft 365 is the
 * sending side, and a refusal of the sending server came from the server it delivered to.
 */
export function answeredByMicrosoft(s: Statement): boolean {
  if (s.server && isConsumerHost(s.server)) return false;
  return s.saidBy === 'microsoft' || hasMicrosoftMarkers(s.text);
}

/**
 * How strongly the bounce shows that this reply is about Microsoft 365 relaying to a server that is
 * not Microsoft's: the outbound connector's smart host, the hosting server of a split domain. The
 * server is the one Microsoft tried (`[LastAttemptedServerName=]`) or the one that answered.
 * `high`: Microsoft wrote the bounce and (a) the sender and the recipient share the domain (a
 * domain's own mail, relayed out), or (b) the bounce comes from the recipient's own tenant (its
 * From is MicrosoftExchange...@ or postmaster@ the recipient's domain: that tenant accepted the
 * mail for its domain and passed it on), or (c) cPanel's wording or fields show a hosting server, or
 * (d) the reply names Exchange Online's outbound servers as its own client.
 * `low`: only the server's name is under the recipient's domain (mail.contoso.com for
 * carol@contoso.com), which the recipient's own MX reached over the internet would be too: a
 * possibility. Otherwise none.
 */
export function relayStrength(s: Statement, facts: MatchFacts): Confidence | undefined {
  const named = s.target && !isMicrosoftHost(s.target) ? s.target : s.saidBy === 'other' ? (s.server ?? s.target) : undefined;
  // Microsoft's own refusal is not a relay to someone else.
  if (!named && s.saidBy === 'microsoft') return undefined;
  // The reply names Exchange Online's outbound servers as its client ("x.outbound.protection.outlook.com
  // [40.107.1.2] is not permitted to relay"): whoever answered was receiving from Microsoft 365.
  const clientIsMicrosoft = /[a-z0-9-]+\.outbound\.protection\.outlook\.com/i.test(s.text) && s.saidBy !== 'microsoft';
  const fromMicrosoft = facts.reportedBy === 'microsoft' || /\[LastAttemptedServerName=/i.test(s.text) || clientIsMicrosoft;
  if (!fromMicrosoft) return undefined;
  const recipient = domainOf(s.recipient ?? facts.recipients?.[0]?.address);
  const sender = domainOf(facts.sender);
  const ndrFrom = domainOf(/(?:MicrosoftExchange[0-9a-f]{10,}|postmaster)@([A-Za-z0-9.-]+)/i.exec(facts.from ?? '')?.[0]);
  if (recipient && ((sender && recipient === sender) || (ndrFrom && recipient === ndrFrom))) return 'high';
  if (clientIsMicrosoft || /No Such User Here/.test(s.text) || (facts.hostingEvidence?.length ?? 0) > 0) return 'high';
  if (recipient && named && (named === recipient || named.endsWith(`.${recipient}`))) return 'low';
  return undefined;
}

/** The bounce's From is a Microsoft 365 tenant's NDR address (MicrosoftExchange<hex>@, postmaster@) of another organisation than the recipient's. */
function writtenByAnotherTenant(s: Statement, facts: MatchFacts): boolean {
  const recipient = domainOf(s.recipient ?? facts.recipients?.[0]?.address);
  const ndrFrom = domainOf(/(?:MicrosoftExchange[0-9a-f]{10,}|postmaster)@([A-Za-z0-9.-]+)/i.exec(facts.from ?? '')?.[0]);
  return recipient !== undefined && ndrFrom !== undefined && !sameOrganisation(ndrFrom, recipient);
}

/** A tenant's own domain, or its initial domain named after it (contoso.com, contoso.onmicrosoft.com). */
function sameOrganisation(tenantDomain: string, domain: string): boolean {
  if (tenantDomain === domain) return true;
  const initial = /^([a-z0-9-]+)\.onmicrosoft\.com$/.exec(tenantDomain)?.[1];
  return initial !== undefined && domain.split('.')[0] === initial;
}

/** Whether a pattern matches a reply, and how sure that makes the diagnosis. */
export function patternConfidence(p: BouncePattern, s: Statement, facts: MatchFacts, actor?: BounceKnowledge['actor']): Confidence | undefined {
  const coded = s.reply !== undefined || s.statuses.length > 0;
  if (p.status && !s.statuses.some((x) => p.status!.includes(x))) return undefined;
  if (p.statusRange && !s.statuses.some((x) => inRange(x, p.statusRange!))) return undefined;
  if (p.coded && !coded) return undefined;
  if (p.noCode && coded) return undefined;
  if (!sideMatches(p.saidBy, s.saidBy)) return undefined;
  if (!sideMatches(p.reportedBy, facts.reportedBy)) return undefined;
  if (p.command && (s.command === undefined || !p.command.includes(s.command))) return undefined;
  // Addresses are not words: "filtered@example.org" says nothing about a filter.
  if (p.text && !p.text.test(plainOf(s))) return undefined;
  if (p.microsoft && !showsMicrosoft(s, facts)) return undefined;
  if (p.answeredByMicrosoft && !answeredByMicrosoft(s)) return undefined;
  if (p.cpanel && (facts.hostingEvidence?.length ?? 0) === 0) return undefined;
  let confidence: Confidence = p.confidence ?? 'high';
  if (p.relayed) {
    const strength = relayStrength(s, facts);
    if (!strength) return undefined;
    // A server under the recipient's domain is what every organisation's own MX looks like. When the
    // bounce's From shows another organisation's tenant wrote it (postmaster@contoso.onmicrosoft.com
    // about orders@litwareinc.com), that tenant was delivering out to the recipient's MX, and nothing
    // is left to show a hosting server: no reading names one. (Microsoft 365 did act: its readings stay possibilities.)
    if (strength === 'low' && actor === 'hosting-server' && writtenByAnotherTenant(s, facts)) return undefined;
    confidence = weaker(confidence, strength);
  }
  return confidence;
}

export function patternMatches(p: BouncePattern, s: Statement, facts: MatchFacts): boolean {
  return patternConfidence(p, s, facts) !== undefined;
}

export interface Claim {
  entry: BounceKnowledge;
  confidence: Confidence;
}

const CONFIDENCE_WEIGHT: Record<Confidence, number> = { high: 0, medium: -0.5, low: -1.5 };

/**
 * How much a match says: a status code or a text (2 each), both (4); a split-domain entry's match
 * (its evidence already demanded) counts 2 more; a medium or low confidence pattern, less (so a
 * code a pattern calls ambiguous yields to the reply's own words: "550 5.2.1 <x>... User Unknown"
 * is an unknown user). Equal ones: the first in table order.
 */
function specificity(k: BounceKnowledge, p: BouncePattern, confidence: Confidence): number {
  const code = p.status || p.statusRange ? 2 : 0;
  const text = p.text ? 2 : 0;
  const split = k.actor === 'microsoft-365' || k.actor === 'hosting-server' ? 2 : 0;
  return code + text + split + CONFIDENCE_WEIGHT[confidence];
}

/** Whether `a` refines `b`, directly or through the entries it refines. */
function refines(a: BounceKnowledge, b: BounceKnowledge): boolean {
  let id = a.refines;
  for (let hops = 0; id !== undefined && hops < BOUNCE_KNOWLEDGE.length; hops++) {
    if (id === b.id) return true;
    id = BOUNCE_KNOWLEDGE.find((k) => k.id === id)?.refines;
  }
  return false;
}

const isSplit = (k: BounceKnowledge) => k.actor === 'microsoft-365' || k.actor === 'hosting-server';

/** Claims per reply, for the facts they were made with: a reply is weighed again for every recipient it may be about. */
const claimCache = new WeakMap<Statement, { facts: MatchFacts; claims: Claim[] }>();

/** Every entry that matches a reply, most specific first (see specificity); equal ones in table order. */
export function claims(s: Statement, facts: MatchFacts): Claim[] {
  const cached = claimCache.get(s);
  if (cached && cached.facts === facts) return cached.claims;
  const result = computeClaims(s, facts);
  claimCache.set(s, { facts, claims: result });
  return result;
}

function computeClaims(s: Statement, facts: MatchFacts): Claim[] {
  const found: (Claim & { score: number; order: number })[] = [];
  BOUNCE_KNOWLEDGE.forEach((entry, order) => {
    let best: (Claim & { score: number; order: number }) | undefined;
    for (const p of entry.patterns) {
      const confidence = patternConfidence(p, s, facts, entry.actor);
      if (!confidence) continue;
      const score = specificity(entry, p, confidence) - (entry.outcome ? 3 : 0);
      if (!best || score > best.score) best = { entry, confidence, score, order };
    }
    if (best) found.push(best);
  });
  // At equal weight, an entry that refines another (null MX refines "sender refused") is the more specific reading.
  const refiner = (a: BounceKnowledge, b: BounceKnowledge) => (refines(a, b) ? -1 : refines(b, a) ? 1 : 0);
  return found.sort((a, b) => b.score - a.score || refiner(a.entry, b.entry) || a.order - b.order).map(({ entry, confidence }) => ({ entry, confidence }));
}

/**
 * The entry that claims a reply: the most specific match, except that a split-domain reading the
 * bounce supports only weakly (low) yields to a generic one: it is kept as a possibility.
 */
export function claim(s: Statement, facts: MatchFacts): Claim | undefined {
  const all = claims(s, facts);
  return all.find((c) => !(isSplit(c.entry) && c.confidence === 'low')) ?? all[0];
}

/** Split-domain readings of a reply that the bounce supports only weakly: shown as possibilities beside the claim. */
export function possibilities(s: Statement, facts: MatchFacts, lead: Claim | undefined): Claim[] {
  return claims(s, facts).filter((c) => c.entry !== lead?.entry && isSplit(c.entry) && c.confidence === 'low').slice(0, 2);
}

export function classify(s: Statement, facts: MatchFacts): BounceKnowledge | undefined {
  return claim(s, facts)?.entry;
}

/**
 * A reply quoted inside the reporting server's own line, read on its own, the inner (the remote
 * server's words, the cause) first: Exchange Online's "550 5.4.300 Message expired -> 450 4.4.317
 * ... [Message=UntrustedRoot]", Amazon SES's "5.1.0 - Unknown address error 550-'5.7.1 ... Access
 * denied'" and "554 4.4.7 Message expired ... <421 4.4.2 Connection timed out>".
 */
const sidesCache = new WeakMap<Statement, Statement[]>();

function sides(s: Statement): Statement[] {
  let cached = sidesCache.get(s);
  if (!cached) {
    cached = computeSides(s);
    sidesCache.set(s, cached);
  }
  return cached;
}

function computeSides(s: Statement): Statement[] {
  const part = (text: string): Statement => {
    const statuses = s.statuses.filter((x) => text.includes(x));
    const reply = /(?<![\d.])([245]\d\d)[\s-]/.exec(text)?.[1];
    const out: Statement = { ...s, text, statuses };
    delete out.nestedReply;
    if (reply) out.reply = Number(reply);
    else delete out.reply;
    return out;
  };
  const arrow = s.text.indexOf(' -> ');
  if (arrow >= 0) return [part(s.text.slice(arrow + 4)), part(s.text.slice(0, arrow))];
  const quoted = /\s([245]\d\d-'[^']{3,}'?)/.exec(s.text) ?? /<([245]\d\d [^<>]{3,})>/.exec(s.text);
  if (quoted) return [part(quoted[1]!), part(s.text.slice(0, quoted.index))];
  return [s];
}

function codeOf(s: Statement): string | undefined {
  const status = s.statuses[0];
  if (s.reply !== undefined && status) return `${s.reply} ${status}`;
  if (status) return status;
  return s.reply === undefined ? undefined : String(s.reply);
}

/** Every code of a statement: the reply with its first status (`550 5.4.300`), then the others (`4.4.317`). */
function codesOf(s: Statement): string[] {
  const first = codeOf(s);
  return first === undefined ? [] : [first, ...s.statuses.slice(1)];
}

function evidenceOf(statements: readonly Statement[]): EvidenceLine[] {
  const seen = new Set<string>();
  const out: EvidenceLine[] = [];
  for (const s of statements) {
    const key = s.text.toLowerCase().replace(/^diagnostic-code:\s*/, '').replace(/\W+/g, ' ').trim();
    if (seen.has(key)) continue;
    seen.add(key);
    // Evidence quotes the bounce as written (escape sequences included, escaped by the renderers).
    out.push({ line: s.line, source: s.source, text: s.shown ?? s.text });
    if (out.length >= MAX_EVIDENCE) break;
  }
  return out;
}

const DEFAULTS: Record<string, string> = {
  recipient: 'the recipient',
  domain: "the recipient's domain",
  server: 'the receiving server',
  target: 'as named in the connector',
  sender: 'the sender',
  senderDomain: "the sender's domain",
  ip: "the sending server's address",
  reporter: 'the server that wrote the bounce',
};

/**
 * A value the bounce does not give is said with a stand-in phrase in prose ("the recipient's domain"), but
 * where the text is syntax, a phrase would read as the value: "RCPT TO:the recipient", "Set-AcceptedDomain
 * -Identity the recipient's domain". There it is a placeholder the admin fills in (`<recipient>`, `<domain>`):
 * an SMTP command's address (`RCPT TO:<{recipient}>`), a PowerShell parameter's value, a part of a host or
 * address. Elsewhere an address in angle brackets is prose ("the message for <{recipient}>"): the phrase,
 * without the brackets. A stand-in phrase that starts a sentence starts with a capital.
 */
function fillStandIns(template: string, data: Record<string, string>, known: ReadonlySet<string>): string {
  const standIn = (key: string) => !known.has(key) && key in DEFAULTS;
  const slot = (whole: string, key: string, before = '', after = '') => (standIn(key) ? `${before}<${key}>${after}` : whole);
  const coded = template
    .replace(/(:\s*)<\{(\w+)\}>/g, (whole, colon: string, key: string) => slot(whole, key, colon))
    .replace(/<(\{\w+\})>/g, (whole, braced: string) => (standIn(braced.slice(1, -1)) ? braced : whole))
    .replace(/(\s-[A-Za-z]+ )\{(\w+)\}/g, (whole, flag: string, key: string) => slot(whole, key, flag))
    .replace(/([.@])\{(\w+)\}/g, (whole, glue: string, key: string) => slot(whole, key, glue))
    .replace(/\{(\w+)\}([.@]\w)/g, (whole, key: string, glue: string) => slot(whole, key, '', glue))
    .replace(/(^|[.!?]\s+)\{(\w+)\}/g, (whole, start: string, key: string) => {
      const phrase = DEFAULTS[key];
      return standIn(key) && phrase ? `${start}${phrase[0]!.toUpperCase()}${phrase.slice(1)}` : whole;
    });
  return fillTemplate(coded, data);
}

const KIND_WORDS: Record<Statement['kind'], string> = {
  reply: "the remote server's reply",
  'diagnostic-code': 'the delivery-status Diagnostic-Code',
  status: 'the delivery-status Status',
  summary: "the reporting server's own summary line",
};

/** Who acted, as the bounce shows it. */
function actorOf(k: BounceKnowledge, s: Statement): Actor {
  if (k.actor !== 'answering') return k.actor;
  // A Diagnostic-Code carrying an SMTP reply code is the remote server's reply (RFC 3464 §2.3.6, type smtp).
  const remote = s.kind === 'reply' || s.server !== undefined || (s.kind === 'diagnostic-code' && s.reply !== undefined);
  return remote ? 'receiving-server' : 'reporting-server';
}

function hopOf(k: BounceKnowledge, actor: Actor): BounceHop {
  if (k.hop !== 'answering') return k.hop;
  return actor === 'receiving-server' ? 'receiving' : 'reporting';
}

/** The facts a diagnosis rests on, in plain words. */
function factsOf(k: BounceKnowledge, lead: Statement, actor: Actor, facts: BounceFacts, fallback: Statement | undefined): string[] {
  const out: string[] = [];
  const code = codeOf(lead);
  const said = lead.kind === 'reply' || lead.kind === 'diagnostic-code' ? 'from' : 'about';
  const who = lead.server ? ` ${said} ${lead.server}${isMicrosoftHost(lead.server) ? " (Microsoft's)" : ''}` : '';
  const command = lead.command ? ` answering ${lead.command === 'CONNECT' ? 'the connection' : lead.command}` : '';
  out.push(`${KIND_WORDS[lead.kind]}${code ? ` ${code}` : ' (no code)'}${who}${command}`);
  if (fallback) out.push(`${KIND_WORDS[fallback.kind]} (${codeOf(fallback) ?? 'no code'}) is not specific; this rests on the weaker evidence`);
  if (facts.reportingServer || facts.reportedBy !== 'unknown') {
    out.push(`bounce written by ${facts.reportingServer ?? 'an unnamed server'}${facts.reportedBy === 'microsoft' ? ' (Microsoft 365)' : ''}`);
  }
  if (actor === 'microsoft-365' && facts.microsoftEvidence.length > 0) out.push(`Microsoft 365 shown by: ${facts.microsoftEvidence.slice(0, 3).join(', ')}`);
  if (actor === 'hosting-server') {
    const shown = [...facts.hostingEvidence.slice(0, 2), ...(facts.reportedBy === 'microsoft' ? ['Microsoft 365 delivering to it (it wrote the bounce)'] : [])];
    if (shown.length > 0) out.push(`the hosting server shown by: ${shown.join(', ')}`);
  }
  if ((actor === 'receiving-server' || actor === 'reporting-server') && facts.microsoftEvidence.length === 0 && facts.hostingEvidence.length === 0) {
    out.push('nothing in the bounce shows Microsoft 365 or a hosting server of a split domain');
  }
  if (k.domainOf === 'recipient' && facts.recipients.length > 0 && facts.recipients.every((r) => r.foundIn === 'returned-message')) {
    out.push("the report names no recipient: the returned message's To is taken as the recipient");
  }
  return out;
}

interface Finding {
  entry: BounceKnowledge;
  confidence: Confidence;
  lead: Statement;
  statements: Statement[];
  recipients: string[];
  fallback?: Statement;
}

function diagnosisOf(f: Finding, facts: BounceFacts): Diagnosis {
  const k = f.entry;
  const recipient = f.recipients[0] ?? f.statements.find((s) => s.recipient)?.recipient ?? facts.recipients[0]?.address;
  // The server that answered or was tried: never the one that wrote the bounce (Exchange Online names
  // its own front end in "Server at X returned '550 5.4.316 ...'"), nor Microsoft's when Microsoft wrote it.
  const reporterHost = facts.reportingServer;
  const remote = (h: string | undefined) => h !== undefined && h !== reporterHost && !(facts.reportedBy === 'microsoft' && isMicrosoftHost(h));
  const server =
    f.statements.map((s) => s.server).find(remote) ?? f.statements.map((s) => s.target).find(remote) ?? f.statements.find((s) => s.server)?.server;
  const target =
    f.statements.find((s) => s.target)?.target ??
    f.statements.find((s) => s.saidBy === 'other')?.server ??
    (k.hop === 'm365-to-host' ? facts.remoteServers.find((h) => !isMicrosoftHost(h)) : undefined);
  const ip = f.statements.map((s) => /\[(\d{1,3}(?:\.\d{1,3}){3})\]/.exec(s.text)?.[1]).find((x) => x !== undefined);
  const data: Record<string, string> = { ...DEFAULTS };
  if (recipient) {
    data.recipient = recipient;
    data.domain = recipient.slice(recipient.lastIndexOf('@') + 1).toLowerCase();
  }
  if (server) data.server = server;
  if (target) data.target = target;
  if (ip) data.ip = ip;
  if (facts.reportingServer) data.reporter = facts.reportingServer;
  if (facts.sender) {
    data.sender = facts.sender;
    data.senderDomain = facts.sender.slice(facts.sender.lastIndexOf('@') + 1).toLowerCase();
  }
  // What the bounce told; the rest are stand-ins.
  const known = new Set(Object.keys(data).filter((key) => data[key] !== DEFAULTS[key]));
  const actor = actorOf(k, f.lead);
  const hop = hopOf(k, actor);
  // One code once: a Status field's "5.4.14" adds nothing beside the reply's "554 5.4.14".
  const all = [...new Set(f.statements.flatMap(codesOf))];
  const codes = all.filter((c) => c.includes(' ') || !all.some((o) => o !== c && o.endsWith(` ${c}`)));
  const diagnosis: Diagnosis = {
    id: k.id,
    title: k.title,
    confidence: f.confidence,
    actor,
    facts: factsOf(k, f.lead, actor, facts, f.fallback),
    recipients: f.recipients,
    hop,
    hopText: HOP_TEXT[hop],
    codes,
    evidence: evidenceOf(f.statements),
    explanation: fillStandIns(k.explanation, data, known),
    fix: fillStandIns(k.fix, data, known),
    checks: [...k.checks],
    domainOf: k.domainOf,
  };
  if (recipient) diagnosis.recipient = recipient;
  if (server ?? target) diagnosis.server = (server ?? target)!;
  return diagnosis;
}

function meaningOf(s: Statement): string {
  const status = s.statuses[0];
  const parts: string[] = [];
  if (s.reply !== undefined) parts.push(`${s.reply}: ${describeReply(s.reply)}`);
  if (status) parts.push(`${status}: ${describeStatus(status)}`);
  return parts.join('; ');
}

const isCoded = (s: Statement) => s.reply !== undefined || s.statuses.length > 0;
const isSuccess = (s: Statement) => (s.reply !== undefined && s.reply < 400) || (s.reply === undefined && s.statuses.length > 0 && s.statuses.every((x) => x.startsWith('2.')));

/**
 * One recipient's diagnoses. Its evidence is read strongest first (see ranked()); the first claimed
 * reply sets the rank that decides, and every reply of that rank and of the same outcome class adds
 * its own reading (the expiry and the cause Exchange reports beside it, several replies of one
 * transcript). A claim on weaker evidence when stronger evidence said nothing we know is kept at
 * medium confidence at most; a claim resting on a generic x.0.0 alone is low. Coded replies of the
 * deciding rank (or any, without a claim) that no entry knows are listed as not recognised.
 */
function findingsFor(list: readonly Statement[], facts: BounceFacts): { findings: Omit<Finding, 'recipients'>[]; unclaimed: Statement[] } {
  const byRank = ranked(list.filter((s) => !isSuccess(s)));
  const findings: Omit<Finding, 'recipients'>[] = [];
  const unclaimed: Statement[] = [];
  let firstUnspecific: Statement | undefined;
  let deciding: Statement | undefined;
  for (const s of byRank) {
    if (deciding && (rankOf(s) !== rankOf(deciding) || classOf(s) !== classOf(deciding))) break;
    // The inner reply (the cause, the remote's own words) is read first; the outer line only when it says nothing we know.
    let read: { side: Statement; claim: Claim }[] = [];
    for (const side of sides(s)) {
      const lead = claim(side, facts);
      read = [...(lead ? [{ side, claim: lead }] : []), ...possibilities(side, facts, lead).map((p) => ({ side, claim: p }))];
      if (lead) break;
    }
    if (read.length === 0) {
      if (isCoded(s)) {
        firstUnspecific ??= s;
        unclaimed.push(s);
      }
      continue;
    }
    const judged = read.map((c) => {
      let confidence = c.claim.confidence;
      const weakerEvidence = firstUnspecific !== undefined && rankOf(firstUnspecific) > rankOf(s);
      // A specific reply outranks: weaker evidence only fills in when the stronger said nothing we know.
      if (weakerEvidence) confidence = weaker(confidence, 'medium');
      // A reply of the outcome's class said something else we do not know: this one is only a reading.
      if (firstUnspecific && classOf(firstUnspecific) !== classOf(s)) confidence = weaker(confidence, 'medium');
      if (s.kind === 'status' || s.kind === 'summary') confidence = weaker(confidence, 'medium');
      if (s.statuses.length > 0 && s.statuses.every(isGeneric) && !c.claim.entry.patterns.some((p) => p.text?.test(withoutAddresses(c.side.text)))) confidence = 'low';
      return { ...c, confidence, weakerEvidence };
    });
    for (const c of judged) {
      const existing = findings.find((f) => f.entry === c.claim.entry);
      if (existing) {
        if (!existing.statements.includes(s)) existing.statements.push(s);
        continue;
      }
      const finding: Omit<Finding, 'recipients'> = { entry: c.claim.entry, confidence: c.confidence, lead: s, statements: [s] };
      if (c.weakerEvidence) finding.fallback = firstUnspecific!;
      findings.push(finding);
    }
    // Only possibilities here (a vague code, a reading the bounce barely supports): the next reply may say more.
    if (judged.every((c) => c.confidence === 'low')) {
      firstUnspecific ??= s;
      continue;
    }
    deciding ??= s;
  }
  // Once something is sure, a vague generic reading beside it adds nothing (split-domain possibilities stay).
  if (findings.some((f) => f.confidence !== 'low')) {
    for (let i = findings.length - 1; i >= 0; i--) {
      const f = findings[i]!;
      if (f.confidence === 'low' && !isSplit(f.entry)) findings.splice(i, 1);
    }
  }
  // Said once: an outcome (expired) beside its cause, or a broader reading beside the one that refines it.
  const refined = (id: string, seen = new Set<string>()): string[] => {
    const up = BOUNCE_KNOWLEDGE.find((k) => k.id === id)?.refines;
    if (!up || seen.has(up)) return [];
    seen.add(up);
    return [up, ...refined(up, seen)];
  };
  const rank = (c: Confidence) => CONFIDENCE_ORDER.indexOf(c);
  const confident = findings.filter((f) => f.confidence !== 'low');
  const hasCause = confident.some((f) => !f.entry.outcome);
  // A finding is covered by another that refines it (directly or not) and is as sure.
  const coverer = (f: Omit<Finding, 'recipients'>) =>
    findings.find((c) => c !== f && refined(c.entry.id).includes(f.entry.id) && rank(c.confidence) >= rank(f.confidence));
  const drop = findings.filter((f) => coverer(f) !== undefined || (f.entry.outcome && hasCause && f.confidence !== 'low'));
  for (const f of drop) {
    // Its replies stay evidence of what covers it.
    const keeper = coverer(f) ?? confident.find((c) => !c.entry.outcome);
    if (keeper) for (const s of f.statements) if (!keeper.statements.includes(s)) keeper.statements.push(s);
    findings.splice(findings.indexOf(f), 1);
  }
  // Other replies for the same recipient that agree with a finding are its evidence too.
  for (const f of findings) {
    for (const s of byRank) {
      if (f.statements.includes(s)) continue;
      if (sides(s).some((side) => claim(side, facts)?.entry === f.entry)) f.statements.push(s);
    }
  }
  // Codes no entry knows, whatever their rank: listed with their generic meaning. Once a diagnosis
  // stands, a generic x.0.0 (or a bare reply code) below it adds nothing.
  const known = new Set(findings.flatMap((f) => f.statements.flatMap((s) => s.statuses)));
  const shown = byRank.filter((s) => isCoded(s) && !findings.some((f) => f.statements.includes(s)) && !claim(s, facts));
  return {
    findings,
    unclaimed: findings.length === 0 ? shown : shown.filter((s) => s.statuses.some((x) => !isGeneric(x) && !/^[245]\.\d{1,3}\.0$/.test(x) && !known.has(x))),
  };
}

const classOf = (s: Statement) => s.statuses[0]?.[0] ?? (s.reply !== undefined ? String(s.reply)[0] : undefined);

const RANKS: Record<Statement['kind'], number> = { reply: 3, 'diagnostic-code': 2, status: 1, summary: 0 };
const rankOf = (s: Statement) => RANKS[s.kind];

/** Diagnoses per recipient (recipients that share a diagnosis share one), root causes in table order; then the codes no entry claims. */
export function diagnose(facts: BounceFacts): Explanation {
  const addresses = facts.recipients.map((r) => r.address);
  const keys = new Set(addresses.map((a) => a.toLowerCase()));
  const groups: { recipients: string[]; list: Statement[] }[] =
    addresses.length > 0
      ? addresses.map((a) => ({ recipients: [a], list: statementsFor(a, facts.statements, addresses.length === 1, keys) }))
      : [{ recipients: [], list: [...facts.statements] }];
  const merged = new Map<BounceKnowledge, Finding>();
  const unclaimed: Statement[] = [];
  for (const group of groups) {
    const { findings, unclaimed: rest } = findingsFor(group.list, facts);
    unclaimed.push(...rest);
    for (const f of findings) {
      const existing = merged.get(f.entry);
      if (existing) {
        for (const r of group.recipients) if (!existing.recipients.includes(r)) existing.recipients.push(r);
        for (const s of f.statements) if (!existing.statements.includes(s)) existing.statements.push(s);
        if (CONFIDENCE_ORDER.indexOf(f.confidence) < CONFIDENCE_ORDER.indexOf(existing.confidence)) existing.confidence = f.confidence;
      } else merged.set(f.entry, { ...f, recipients: [...group.recipients] });
    }
  }
  // The surest first, then the table's order (root causes before their consequences); possibilities last.
  const diagnoses = BOUNCE_KNOWLEDGE.filter((k) => merged.has(k))
    .map((k) => diagnosisOf(merged.get(k)!, facts))
    .sort((a, b) => Number(a.confidence === 'low') - Number(b.confidence === 'low'));
  const groupsByCode = new Map<string, Statement[]>();
  for (const s of new Set(unclaimed)) {
    const code = s.statuses[0] ?? (s.reply === undefined ? undefined : String(s.reply));
    if (code === undefined || code.startsWith('2')) continue;
    groupsByCode.set(code, [...(groupsByCode.get(code) ?? []), s]);
  }
  const unrecognised: Unrecognised[] = [...groupsByCode.entries()].map(([code, list]) => ({
    code: codeOf(list[0]!) ?? code,
    meaning: meaningOf(list[0]!),
    evidence: evidenceOf(list),
  }));
  return { facts, diagnoses, unrecognised };
}
