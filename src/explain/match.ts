// Maps a bounce's replies to diagnoses with the knowledge table: the first matching entry claims a reply; the rest get their RFC 3463 meaning.
import { fillTemplate } from '../engine/template.js';
import { BOUNCE_KNOWLEDGE, HOP_TEXT, type BounceKnowledge, type BouncePattern } from '../knowledge/bounces.js';
import { describeReply, describeStatus, parseStatus } from './codes.js';
import { MAX_EVIDENCE } from './limits.js';
import { isMicrosoftHost } from './servers.js';
import type { BounceFacts, Diagnosis, EvidenceLine, Explanation, Statement, Unrecognised } from './types.js';

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

export function patternMatches(p: BouncePattern, s: Statement, facts: Pick<BounceFacts, 'reportedBy'>): boolean {
  const coded = s.reply !== undefined || s.statuses.length > 0;
  if (p.status && !s.statuses.some((x) => p.status!.includes(x))) return false;
  if (p.statusRange && !s.statuses.some((x) => inRange(x, p.statusRange!))) return false;
  if (p.coded && !coded) return false;
  if (p.noCode && coded) return false;
  if (!sideMatches(p.saidBy, s.saidBy)) return false;
  if (!sideMatches(p.reportedBy, facts.reportedBy)) return false;
  if (p.text && !p.text.test(s.text)) return false;
  return true;
}

/** The entry that claims a reply: the first in table order with a matching pattern. */
export function classify(s: Statement, facts: Pick<BounceFacts, 'reportedBy'>): BounceKnowledge | undefined {
  return BOUNCE_KNOWLEDGE.find((k) => k.patterns.some((p) => patternMatches(p, s, facts)));
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
  domain: 'your domain',
  server: 'the remote server',
  target: 'as named in the connector',
  sender: 'the sender',
  senderDomain: "the sender's domain",
  ip: "the sending server's address",
};

/** Angle brackets belong around an address, not around a stand-in such as "the recipient". */
const plain = (text: string) => text.replace(/<(the recipient)>/g, '$1');

function diagnosisOf(k: BounceKnowledge, statements: readonly Statement[], facts: BounceFacts): Diagnosis {
  const recipient = statements.find((s) => s.recipient)?.recipient ?? facts.recipients[0]?.address;
  const server = statements.find((s) => s.server)?.server;
  const target =
    statements.find((s) => s.target)?.target ??
    statements.find((s) => s.saidBy === 'other')?.server ??
    (k.hop === 'm365-to-host' ? facts.remoteServers.find((h) => !isMicrosoftHost(h)) : undefined);
  const ip = statements.map((s) => /\[(\d{1,3}(?:\.\d{1,3}){3})\]/.exec(s.text)?.[1]).find((x) => x !== undefined);
  const data: Record<string, string> = { ...DEFAULTS };
  if (recipient) {
    data.recipient = recipient;
    data.domain = recipient.slice(recipient.lastIndexOf('@') + 1).toLowerCase();
  }
  if (server) data.server = server;
  if (target) data.target = target;
  if (ip) data.ip = ip;
  if (facts.sender) {
    data.sender = facts.sender;
    data.senderDomain = facts.sender.slice(facts.sender.lastIndexOf('@') + 1).toLowerCase();
  }
  const codes = [...new Set(statements.flatMap(codesOf))];
  const diagnosis: Diagnosis = {
    id: k.id,
    title: k.title,
    hop: k.hop,
    hopText: HOP_TEXT[k.hop],
    codes,
    evidence: evidenceOf(statements),
    explanation: plain(fillTemplate(k.explanation, data)),
    fix: plain(fillTemplate(k.fix, data)),
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

/** Diagnoses in table order (root causes first), then the codes no entry claims. */
export function diagnose(facts: BounceFacts): Explanation {
  const claimed = new Map<BounceKnowledge, Statement[]>();
  const unclaimed: Statement[] = [];
  for (const s of facts.statements) {
    const k = classify(s, facts);
    if (k) claimed.set(k, [...(claimed.get(k) ?? []), s]);
    else unclaimed.push(s);
  }
  const diagnoses = BOUNCE_KNOWLEDGE.filter((k) => claimed.has(k)).map((k) => diagnosisOf(k, claimed.get(k)!, facts));
  const claimedStatements = [...claimed.values()].flat();
  const explained = new Set(claimedStatements.flatMap((s) => s.statuses));
  const explainedReplies = new Set(claimedStatements.map((s) => s.reply));
  const groups = new Map<string, Statement[]>();
  for (const s of unclaimed) {
    const code = s.statuses[0] ?? (s.reply === undefined ? undefined : String(s.reply));
    if (code === undefined) continue;
    // Success codes and codes already explained elsewhere in the bounce are not failures to explain.
    if (code.startsWith('2') || s.statuses.some((x) => explained.has(x))) continue;
    if (s.statuses.length === 0 && explainedReplies.has(s.reply)) continue;
    // A bare delivery-status Status (often a generic 5.0.0) adds nothing once a diagnosis exists.
    if (s.source === 'delivery-status' && s.text.startsWith('Status:') && diagnoses.length > 0) continue;
    groups.set(code, [...(groups.get(code) ?? []), s]);
  }
  const unrecognised: Unrecognised[] = [...groups.entries()].map(([code, list]) => ({
    code: codeOf(list[0]!) ?? code,
    meaning: meaningOf(list[0]!),
    evidence: evidenceOf(list),
  }));
  return { facts, diagnoses, unrecognised };
}
