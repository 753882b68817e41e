// The path of a message to one address, hop by hop, judged from the findings of the checks behind each hop.
import type { Finding, Status } from '../engine/types.js';
import { chooseFlow, type TracedFlow } from './flow.js';

/** The checks `splitcheck trace` runs, in path order. */
export const TRACE_CHECKS = [
  'mx.present',
  'mx.m365-primary',
  'mx.no-bypass',
  'mx.targets-resolve',
  'm365.internal-relay',
  'smarthost.resolves',
  'smarthost.loop',
  'smarthost.smtp',
  'smarthost.tls',
  'smarthost.certificate',
  'smarthost.accepts-mailbox',
] as const;

export type HopVerdict = 'ok' | 'broken' | 'unknown' | 'not-reached';

export interface Hop {
  id: 'mx' | 'microsoft' | 'connector' | 'hosting';
  title: string;
  verdict: HopVerdict;
  /** What was found at this hop, one line per check that says something. */
  notes: string[];
  /** The checks behind the hop. */
  checks: string[];
  /** At a broken hop: what a sender gets back, and what to change. */
  bounce?: string;
  fix?: string;
}

/** Port 25 could not be reached from this machine: said once, with its fix, instead of under every SMTP hop. */
export interface Blocked {
  /** The checks that could not connect. */
  checks: string[];
  /** The remedy the first of them gives (run from a machine whose port 25 is open, or --no-smtp). */
  fix: string;
}

export interface Trace {
  address: string;
  domain: string;
  /** The mail flow followed: to a hosting mailbox, or to a Microsoft 365 mailbox (CHECKS.md flow ids). */
  flow: TracedFlow;
  /** Why that flow: what the probes said about the address. */
  flowBasis: string;
  /** False when the probes could not tell where the address lives and the hosting path is assumed. */
  flowKnown: boolean;
  blocked?: Blocked;
  hops: Hop[];
  /** The first broken hop, when there is one. */
  brokenAt?: Hop['id'];
  /** 0: the path works; 1: a hop is broken; 3: a hop could not be verified (and none is broken before it). */
  exitCode: number;
}

type HopSpec = { id: Hop['id']; title: string; checks: readonly string[] };

const MX_HOP: HopSpec = { id: 'mx', title: 'DNS: senders look up the MX and deliver to Microsoft 365', checks: ['mx.present', 'mx.m365-primary', 'mx.targets-resolve', 'mx.no-bypass'] };

/** The hops of each flow trace follows: a hosting mailbox is reached through the connector, a Microsoft 365 one at Microsoft's edge. */
const HOPS: Readonly<Record<TracedFlow, readonly HopSpec[]>> = {
  'internet-to-hosting': [
    MX_HOP,
    { id: 'microsoft', title: 'Microsoft 365 accepts the recipient and relays it (not its own mailbox)', checks: ['m365.internal-relay'] },
    {
      id: 'connector',
      title: 'The outbound connector delivers to the smart host over TLS on port 25',
      checks: ['smarthost.resolves', 'smarthost.loop', 'smarthost.smtp', 'smarthost.tls', 'smarthost.certificate'],
    },
    { id: 'hosting', title: 'The hosting server accepts the mailbox', checks: ['smarthost.accepts-mailbox'] },
  ],
  'internet-to-m365': [MX_HOP, { id: 'microsoft', title: 'Microsoft 365 accepts the recipient and delivers it to its mailbox', checks: ['m365.internal-relay'] }],
};

/** The SMTP checks whose message `unreachable` means "nothing answered on port 25 from this machine". */
const PORT_25_CHECKS = new Set(['m365.internal-relay', 'smarthost.smtp', 'smarthost.tls', 'smarthost.certificate', 'smarthost.accepts-mailbox', 'smarthost.loop']);

function blockedPort25(findings: readonly Finding[]): Blocked | undefined {
  const hit = findings.filter((f) => f.status === 'error' && PORT_25_CHECKS.has(f.id) && f.messageId === 'unreachable');
  const first = hit[0];
  if (!first) return undefined;
  return { checks: hit.map((f) => f.id), fix: first.remedy ?? first.message };
}

/**
 * What a sender would get back when a hop is broken, by the check that found it (DOMAIN.md §5).
 * Microsoft's NDRs quote these codes; a real reply heard by the probe is preferred when there is one.
 */
const BOUNCES: Record<string, string> = {
  'mx.present': '550 5.1.2 Host unknown or domain lookup failed (the domain publishes no usable MX)',
  'mx.m365-primary': 'no bounce from Microsoft 365: the mail goes to another server first (see the MX)',
  'mx.targets-resolve': '451 4.4.0 DNS query failed: the MX host does not resolve (senders retry, then bounce)',
  'm365.internal-relay': '550 5.4.1 Recipient address rejected: Access denied. AS(201806281)',
  'smarthost.resolves': '451 4.4.0 DNS query failed: the smart host does not resolve; after two days 550 5.4.300 Message expired',
  'smarthost.loop': '554 5.4.14 Hop count exceeded - possible mail loop',
  'smarthost.smtp': '450 4.4.316 Connection refused; after two days 550 5.4.300 Message expired',
  'smarthost.tls': '451 5.7.3 STARTTLS is required to send mail (the connector requires TLS)',
  'smarthost.certificate': '450 4.4.317 Cannot connect to remote server [TLS certificate validation failed]; after two days 550 5.4.300 Message expired',
  'smarthost.accepts-mailbox': '550 5.7.1 the hosting server refused the recipient',
};

/** The first reply line the probe heard that reads like an SMTP refusal, to quote in the bounce. */
function heardRefusal(f: Finding): string | undefined {
  const lines = f.observed ?? [];
  const reply = lines.map((l) => /S: ([45]\d\d[ -].*)$/.exec(l)?.[1]).find((l) => l !== undefined && !/^4[25]1 .*(greylist|try again)/i.test(l));
  return reply ? `${reply} (as the server answered the probe)` : undefined;
}

/**
 * smarthost.certificate's message keys by the deferral Exchange Online gives for them (DOMAIN.md §5): a chain
 * it does not trust is 4.4.317 [UntrustedRoot]; other chain or date problems are 4.4.317 too.
 */
const UNTRUSTED_ROOT = new Set(['missingIntermediate', 'selfSigned', 'untrustedRoot']);
const OTHER_4_4_317 = new Set(['untrusted', 'expired', 'notYetValid', 'expiring']);

/**
 * The deferral for the certificate problem actually found, read from the finding's message keys (never its
 * wording): a name mismatch alone is 4.7.320 SubjectMismatch, a chain or date problem 4.4.317.
 */
function certificateBounce(f: Finding): string {
  const expired = ' and after two days 550 5.4.300 Message expired';
  const ids = f.messageIds ?? [f.messageId];
  const untrustedRoot = ids.some((id) => UNTRUSTED_ROOT.has(id));
  if (ids.includes('nameMismatch') && !untrustedRoot && !ids.some((id) => OTHER_4_4_317.has(id))) {
    return `451 4.7.320 Certificate validation failed [Message=SubjectMismatch]${expired}`;
  }
  if (untrustedRoot) return `450 4.4.317 Cannot connect to remote server [Message=UntrustedRoot, TLS certificate validation failed]${expired}`;
  return BOUNCES['smarthost.certificate']!;
}

function bounceFor(f: Finding): string | undefined {
  if (f.id === 'm365.internal-relay' || f.id === 'smarthost.accepts-mailbox') return heardRefusal(f) ?? BOUNCES[f.id];
  if (f.id === 'smarthost.certificate') return certificateBounce(f);
  return BOUNCES[f.id];
}

const SEVERITY: Record<Status, number> = { fail: 3, error: 2, warn: 1, pass: 0, skip: 0 };

/**
 * Judge each hop of the address's flow from its checks' findings; the hops after the first broken one are not
 * reached. A blocked port 25 is said once (`blocked`), and a message several checks share is told once.
 */
export function traceHops(address: string, domain: string, findings: readonly Finding[]): Trace {
  const byId = new Map(findings.map((f) => [f.id, f]));
  const choice = chooseFlow(address, findings);
  const blocked = blockedPort25(findings);
  const told = new Map<string, string>();
  const hops: Hop[] = [];
  let broken: Hop | undefined;
  let unknown = false;
  for (const spec of HOPS[choice.flow]) {
    const own = spec.checks.flatMap((id) => {
      const f = byId.get(id);
      return f ? [f] : [];
    });
    const hop: Hop = { id: spec.id, title: spec.title, verdict: 'ok', notes: [], checks: own.map((f) => f.id) };
    if (broken) {
      hop.verdict = 'not-reached';
      hops.push(hop);
      continue;
    }
    // mx.no-bypass is about other paths than this one: a note, not a broken hop.
    const decisive = own.filter((f) => !(f.id === 'mx.no-bypass' && f.status === 'fail'));
    const worst = decisive.reduce<Finding | undefined>((w, f) => (!w || SEVERITY[f.status] > SEVERITY[w.status] ? f : w), undefined);
    for (const f of own) {
      if (f.status === 'pass' || blocked?.checks.includes(f.id)) continue;
      const first = told.get(f.message);
      if (first === undefined) told.set(f.message, f.id);
      hop.notes.push(first === undefined ? `${f.id} (${f.status}): ${f.message}` : `${f.id} (${f.status}): same as ${first} above`);
    }
    if (own.some((f) => blocked?.checks.includes(f.id))) hop.notes.push('not verified: port 25 is blocked from this machine (see above)');
    if (own.length === 0 || own.every((f) => f.status === 'skip')) {
      hop.verdict = 'unknown';
      if (own.length > 0) hop.notes.push('not checked: see the reasons above');
    } else if (worst?.status === 'fail') {
      hop.verdict = 'broken';
      const bounce = bounceFor(worst);
      if (bounce) hop.bounce = bounce;
      if (worst.remedy) hop.fix = worst.remedy;
      broken = hop;
    } else if (worst?.status === 'error' || decisive.some((f) => f.status === 'skip')) {
      // A check of this hop that could not run (an error, or skipped for want of input) leaves it unverified.
      hop.verdict = 'unknown';
    }
    if (hop.verdict === 'unknown') unknown = true;
    hops.push(hop);
  }
  const trace: Trace = { address, domain, flow: choice.flow, flowBasis: choice.basis, flowKnown: choice.known, ...(blocked ? { blocked } : {}), hops, exitCode: broken ? 1 : unknown ? 3 : 0 };
  if (broken) trace.brokenAt = broken.id;
  return trace;
}
