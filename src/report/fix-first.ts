// "Fix first": the failing checks ordered by how much mail they lose, each with a one-line fix taken from its own remedy.
import type { Flow, FlowId } from '../engine/flows.js';
import type { Finding, Report } from '../engine/types.js';

/*
 * The order, written once. A fix ranks by the mail its problem loses, most first:
 * 1. nobody can send to the domain at all (no MX, an MX that does not resolve, an MX that is not
 *    Microsoft 365, an MTA-STS policy enforcing senders refuse): every message, both platforms;
 * 2. loops (5.4.14): every message for a hosting mailbox circles between Microsoft 365 and the host until
 *    it bounces, and each circle costs both servers;
 * 3. the connector leg: every hosting mailbox loses its outside mail (Authoritative 5.4.1, relay refused,
 *    a smart host Exchange Online cannot reach or trust: deferred two days, then bounced);
 * 4. bypass: mail that takes a leftover hosting MX skips Microsoft 365 (its filtering, and its mailboxes:
 *    the host bounces or keeps mail for Microsoft 365 users), but only when senders pick that MX;
 * 5. the reverse flow: hosting users' mail to Microsoft 365 colleagues bounces locally or is swallowed;
 * 6. SPF: receivers reject or junk sent mail (permerror, an uncovered sender);
 * 7. DKIM and DMARC: signatures that do not align make DMARC rest on SPF alone (forwarded mail fails),
 *    a weak policy leaves the domain spoofable; nothing is lost today;
 * 8. no mail path: Outlook's set-up (autodiscover), name servers not agreeing yet.
 * Within a rank, the report's order. A plugin's check ranks by the flows it declares (after the built-in
 * checks of the paths, or of authentication), else last.
 */
const LOSS_ORDER: readonly (readonly string[])[] = [
  ['mx.present', 'mx.targets-resolve', 'mx.m365-primary', 'mtasts.policy'],
  ['smarthost.loop', 'hosting.routing', 'm365.connector'],
  [
    'm365.accepted-domain',
    'm365.internal-relay',
    'smarthost.accepts-mailbox',
    'smarthost.resolves',
    'smarthost.smtp',
    'smarthost.tls',
    'm365.connector-tls',
    'smarthost.certificate',
    'smarthost.rejects-unknown',
  ],
  ['mx.no-bypass'],
  ['smarthost.routes-to-m365', 'mailboxes.hosting-to-m365', 'm365.direct-send', 'mailboxes.duplicates'],
  ['spf.present', 'spf.syntax', 'spf.lookup-limit', 'spf.void-limit', 'spf.hosting-covered', 'spf.m365-include', 'spf.all'],
  ['dkim.m365', 'm365.dkim-signing', 'dkim.hosting', 'dmarc.record'],
  ['autodiscover.srv', 'autodiscover.cname', 'dns.consistency'],
];

const RANK = new Map(LOSS_ORDER.flatMap((ids, tier) => ids.map((id, i) => [id, tier * 100 + i] as const)));

const AUTH_FLOWS: readonly FlowId[] = ['m365-to-internet', 'hosting-to-internet'];

/** Where a check without a place above goes: by the flows the report says it decides. */
function rankOf(id: string, flowsOf: (id: string) => readonly FlowId[]): number {
  const known = RANK.get(id);
  if (known !== undefined) return known;
  const flows = flowsOf(id);
  if (flows.some((f) => !AUTH_FLOWS.includes(f))) return 4 * 100 + 99;
  if (flows.length > 0) return 6 * 100 + 99;
  return 99 * 100;
}

/** Items sorted by the mail their check's problem loses, most first; equal ranks keep their order (sort is stable, ES2019). */
export function byLoss<T>(items: readonly T[], idOf: (item: T) => string, flows: readonly Flow[]): T[] {
  const flowsOf = (id: string) => flows.filter((f) => f.checks.includes(id)).map((f) => f.id);
  return items.map((item) => ({ item, rank: rankOf(idOf(item), flowsOf) })).sort((a, b) => a.rank - b.rank).map(({ item }) => item);
}

/** The failing findings of a report, most mail lost first. */
export function fixFirst(report: Pick<Report, 'results' | 'flows'>): Finding[] {
  return byLoss(report.results.filter((f) => f.status === 'fail'), (f) => f.id, report.flows);
}

/** Past this many characters (two lines at 80 columns) a fix is cut at its first clause. */
const LONG = 140;

/**
 * What a one-line fix asks to change, without a leading diagnosis ("The accepted domain is Authoritative: Exchange
 * admin center → ..." asks what "Exchange admin center → ..." asks): two checks that see one problem from two
 * sides (the tenant's setting, the edge's answer) then share one line of "Fix first".
 */
export function fixKey(fix: string): string {
  const colon = fix.indexOf(': ');
  const lead = colon > 0 ? fix.slice(0, colon) : '';
  const key = lead !== '' && lead.length <= 60 && !lead.includes('→') ? fix.slice(colon + 2) : fix;
  return key.replace(/\s+/g, ' ').trim().toLowerCase();
}

/** Abbreviations whose period ends no sentence. */
const ABBREVIATION = /\b(?:e\.g|i\.e|etc|vs|cf)\.$/i;

/** Text without its parenthesised asides (console paths in brackets, PowerShell equivalents): what to do, not every way to do it. */
function withoutAsides(text: string): string {
  let out = '';
  let depth = 0;
  let previous = ' ';
  for (const ch of text) {
    // "(" after a word ("record(s)") is part of it, not an aside.
    const opens = ch === '(' && (depth > 0 || /\s/.test(previous));
    previous = ch;
    if (opens) depth++;
    else if (ch === ')' && depth > 0) depth--;
    else if (depth === 0) out += ch;
  }
  // An unbalanced "(" would have eaten the rest: keep the text as it was then.
  return depth > 0 ? text : out.replace(/ +([,.;:])/g, '$1').replace(/ {2,}/g, ' ');
}

/** Where the first clause ends ("; " outside a quoted record value such as "v=DKIM1; k=rsa"), or -1. */
function firstClauseEnd(text: string): number {
  let quoted = false;
  for (let i = 0; i < text.length - 1; i++) {
    if (text[i] === '"') quoted = !quoted;
    else if (!quoted && text[i] === ';' && text[i + 1] === ' ') return i;
  }
  return -1;
}

/**
 * The first sentence of a remedy, its asides left out, on one line: the first thing to do. A sentence ends
 * at a period followed by a capital letter or the end; a record line after "publish:" belongs to the sentence
 * (its name's trailing dot, "example. 3600 IN", ends nothing).
 */
export function oneLineFix(remedy: string): string {
  const text = remedy.replace(/\s*\n\s*/g, ' ').trim();
  let end = text.length;
  for (const m of text.matchAll(/\.(?=\s+[A-Z"'(]|\s*$)/g)) {
    if (ABBREVIATION.test(text.slice(0, m.index + 1))) continue;
    end = m.index + 1;
    break;
  }
  let sentence = withoutAsides(text.slice(0, end)).trim();
  // A long sentence of alternatives ("install ...; on a plain Exim server, ..."): its first clause is the fix.
  const clause = firstClauseEnd(sentence);
  if (sentence.length > LONG && clause > 0) sentence = `${sentence.slice(0, clause)}.`;
  return sentence.length > 0 ? sentence : text;
}

/** A domain row's problems, worst first: its failing checks by the mail they lose, then those that could not be verified. */
export function problemsByLoss(row: { problems: readonly string[]; summary: { fail: number } }): string[] {
  const fails = row.problems.slice(0, row.summary.fail);
  return [...byLoss(fails, (id) => id, []), ...byLoss(row.problems.slice(fails.length), (id) => id, [])];
}
