// The smart host's SMTP probes, one address after the other (at most four), made once per run and shared by every smarthost.* check.
import type { CheckContext } from '../../engine/types.js';
import type { SmtpProbeRequest } from '../../smtp/client.js';
import type { SmtpProbeError, SmtpProbeResult } from '../../smtp/types.js';
import { mxFacts } from '../mx/facts.js';
import { microsoftMxProbe, randomAddress, type MicrosoftProbe } from '../m365/probe.js';
import { smartHost, type SmartHost } from '../shared/smart-host.js';
import { microsoftMxAddresses, microsoftName, microsoftRangeVerdicts } from './microsoft.js';
import { reachOf, type Reach } from './reach.js';
import { hostingMailboxSample, m365MailboxSample } from '../shared/inside-inputs.js';
import { replySummary } from '../../smtp/reply.js';

/** A host name with many addresses is a pool: four of them say enough, and bound the run. */
export const MAX_SMART_HOST_ADDRESSES = 4;
/**
 * Recipients per transaction: the probe's own cap (MAX_RECIPIENTS in src/smtp/probe.ts, not imported: it would
 * load nodemailer at start-up). The null-sender transaction keeps one place for the made-up address.
 */
const MAX_RECIPIENTS = 20;
export const MAX_MAILBOXES = MAX_RECIPIENTS - 1;
export const MAX_M365_MAILBOXES = MAX_RECIPIENTS;
/**
 * Connection attempts per address before a silent one counts as closed. A timeout is only evidence (a dropped
 * SYN, a busy firewall), a refused connection (RST) is a fact and is not retried. The retry is made only when
 * it can change the verdict: when port 25 is shown open from here (the Microsoft MX or another address answered).
 */
export const CONNECT_ATTEMPTS = 2;
/**
 * A 421 greeting is the server's load limit (RFC 5321 §3.8), e.g. Exim's smtp_accept_max_per_host: the
 * connection slot of the previous probe may not be freed yet when the next one arrives. Asked once more after
 * this pause before it is reported.
 */
export const BUSY_RETRY_PAUSE_MS = 1500;

export type KnownSmartHost = Exclude<SmartHost, { source: 'none' }>;

/** One attempt at an address, as the report lists them. */
export interface Attempt {
  reach: Reach;
  /** The greeting, when it was not 220 (a 421 "too many connections"). */
  greeting?: string;
  error?: SmtpProbeError;
}

export interface AddressProbe {
  address: string;
  /** The last attempt's result: the one judged. */
  result: SmtpProbeResult;
  reach: Reach;
  /** Every attempt, in order (the last is `result`): one, or more after a timeout or a 421. */
  attempts: Attempt[];
}

/** The Microsoft MX probe, when it connected: proof that port 25 is open from this machine. */
export type Reference = Extract<MicrosoftProbe, { state: 'probed' }>;

export type SmartHostView =
  /** No smart host known (none given, mail.<domain> unusable): the reason says why. */
  | { state: 'unknown'; reason: string }
  /** The smart host has no address (smarthost.resolves says why). */
  | { state: 'unresolved'; sh: KnownSmartHost }
  /** The smart host is Microsoft 365 itself (smarthost.loop fails): probing it would test Microsoft, not the hosting server. */
  | { state: 'microsoft'; sh: KnownSmartHost }
  /** At least one address connected: the other checks judge those. */
  | { state: 'reached'; sh: KnownSmartHost; probes: AddressProbe[]; reached: AddressProbe[]; untested: string[]; plan: ProbePlan }
  /** Verified closed: no address took a connection, yet the Microsoft MX did on port 25 from here. */
  | { state: 'closed'; sh: KnownSmartHost; probes: AddressProbe[]; reference: Reference }
  /** Could not test: nothing was reachable on port 25 from here (or no route to the smart host). */
  | { state: 'unreachable-here'; sh: KnownSmartHost; probes: AddressProbe[]; reference?: MicrosoftProbe }
  /** The probes stopped for reasons that are not about the network (aborted, not in the saved evidence, a bug). */
  | { state: 'failed'; sh: KnownSmartHost; probes: AddressProbe[] };

/** What the one session with each address asks, so every check reads the answers to its own questions. */
export interface ProbePlan {
  /** Hosting mailboxes asked after MAIL FROM:<> (smarthost.accepts-mailbox). */
  mailboxes: string[];
  /** Where they came from: --mailbox, or a sample of cPanel's list of the account's mailboxes (`of` it held). */
  mailboxSource: { from: 'given' } | { from: 'cpanel'; of: number };
  /** Where the Microsoft 365 mailboxes came from: --m365-mailbox, or a sample of the export's recipients. */
  m365Source: { from: 'given' } | { from: 'm365-export'; of: number };
  /** The made-up address asked after them (smarthost.rejects-unknown), when the domain's MX is Microsoft 365. */
  random?: string;
  /** The hosting sender of the second transaction (smarthost.routes-to-m365), and its Microsoft 365 recipients. */
  sender?: { from: string; fromSource: 'mailbox' | 'postmaster'; recipients: string[] };
}

/** Whether the domain's MX has a Microsoft 365 target (DNS trouble: no; mx.* says why). */
async function hasMicrosoftMx(ctx: CheckContext): Promise<boolean> {
  try {
    return (await mxFacts(ctx)).targets.some((t) => t.kind.type === 'microsoft');
  } catch {
    return false;
  }
}

/**
 * The questions of the one session: RCPT of each hosting mailbox and of a made-up address after MAIL FROM:<>,
 * then, after RSET, RCPT of each Microsoft 365 mailbox after MAIL FROM:<a hosting address> — the way a hosting
 * user's mail to a Microsoft 365 colleague starts. Never DATA.
 */
export async function probePlan(ctx: CheckContext): Promise<ProbePlan> {
  const given = (ctx.input.mailboxes ?? []).slice(0, MAX_MAILBOXES);
  // None given: a few of the hosting mailboxes cPanel lists (--cpanel-url), a bounded sample, said so in the report.
  const hosting = given.length === 0 ? await hostingMailboxSample(ctx) : undefined;
  const mailboxes = hosting ? hosting.mailboxes : given;
  const givenM365 = (ctx.input.m365Mailboxes ?? []).slice(0, MAX_M365_MAILBOXES);
  const fromExport = givenM365.length === 0 ? m365MailboxSample(ctx) : undefined;
  const m365 = fromExport ? fromExport.mailboxes : givenM365;
  const plan: ProbePlan = {
    mailboxes,
    mailboxSource: hosting ? { from: 'cpanel', of: hosting.total } : { from: 'given' },
    m365Source: fromExport ? { from: 'm365-export', of: fromExport.total } : { from: 'given' },
  };
  if (await hasMicrosoftMx(ctx)) plan.random = randomAddress(ctx);
  if (m365.length > 0) {
    // A hosting address as the sender: the first hosting mailbox, else postmaster (RFC 5321 §4.5.1: every domain has one).
    const first = mailboxes[0];
    plan.sender = first ? { from: first, fromSource: 'mailbox', recipients: m365 } : { from: `postmaster@${ctx.domain}`, fromSource: 'postmaster', recipients: m365 };
  }
  return plan;
}

/**
 * The request for one address. Every smarthost.* check uses this one shape, so the SMTP client's
 * de-duplication and the replay match them.
 */
export function smartHostRequest(ctx: CheckContext, sh: KnownSmartHost, address: string, plan: ProbePlan, attempt = 1): SmtpProbeRequest {
  const recipients = [...plan.mailboxes, ...(plan.random ? [plan.random] : [])];
  const request: SmtpProbeRequest = { host: sh.host, address, port: sh.port, recipients };
  if (plan.sender) request.senderEnvelope = { from: plan.sender.from, recipients: plan.sender.recipients };
  if (ctx.input.tlsName) request.tlsName = ctx.input.tlsName;
  if (attempt > 1) request.attempt = attempt;
  return request;
}

/** Whether an address of the smart host is one of the Microsoft MX's (unknown when the MX cannot be read: no). */
async function isMicrosoftMxAddress(ctx: CheckContext, addresses: readonly string[]): Promise<boolean> {
  try {
    const ms = await microsoftMxAddresses(ctx);
    return addresses.some((a) => ms.has(a));
  } catch {
    return false;
  }
}

/**
 * Whether an address of the smart host is inside Microsoft's published ranges (smarthost.loop's "by range" fail).
 * Without this the probes went to Microsoft itself and smarthost.smtp/tls/certificate/accepts-mailbox judged
 * Microsoft's answers as the hosting server's, contradicting the loop finding. Unknown (temperror) counts as no.
 */
async function isInMicrosoftRanges(ctx: CheckContext, addresses: readonly string[]): Promise<boolean> {
  try {
    return (await microsoftRangeVerdicts(ctx, addresses)).some((r) => r.spf.result === 'pass');
  } catch {
    return false;
  }
}

/** The Microsoft MX probe as a reference; failing to make it (no Microsoft MX, DNS trouble) means "no reference". */
async function reference(ctx: CheckContext): Promise<MicrosoftProbe | undefined> {
  try {
    return await microsoftMxProbe(ctx);
  } catch {
    return undefined;
  }
}

/** A 421 greeting: the server's connection limit for this client, not a verdict (RFC 5321 §3.8). */
export function isBusy(result: SmtpProbeResult): boolean {
  return result.greeting?.code === 421;
}

function attemptOf(result: SmtpProbeResult, reach: Reach): Attempt {
  const attempt: Attempt = { reach };
  if (result.greeting && result.greeting.code !== 220) attempt.greeting = replySummary(result.greeting);
  if (result.error) attempt.error = result.error;
  return attempt;
}

const pause = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** One address: a probe, and one more after a 421 greeting (a busy slot frees itself in a moment). */
async function probeAddress(ctx: CheckContext, sh: KnownSmartHost, address: string, plan: ProbePlan): Promise<AddressProbe> {
  let result = await ctx.smtp.probe(smartHostRequest(ctx, sh, address, plan));
  const attempts = [attemptOf(result, reachOf(result))];
  if (isBusy(result)) {
    await pause(BUSY_RETRY_PAUSE_MS);
    result = await ctx.smtp.probe(smartHostRequest(ctx, sh, address, plan, 2));
    attempts.push(attemptOf(result, reachOf(result)));
  }
  return { address, result, reach: reachOf(result), attempts };
}

/** Tries a timed-out address again (attempt 2, 3, ...) until it answers or CONNECT_ATTEMPTS are spent. */
async function retryTimeout(ctx: CheckContext, sh: KnownSmartHost, probe: AddressProbe, plan: ProbePlan): Promise<AddressProbe> {
  let current = probe;
  while (current.reach === 'timeout' && current.attempts.length < CONNECT_ATTEMPTS) {
    const result = await ctx.smtp.probe(smartHostRequest(ctx, sh, current.address, plan, current.attempts.length + 1));
    const reach = reachOf(result);
    current = { address: current.address, result, reach, attempts: [...current.attempts, attemptOf(result, reach)] };
  }
  return current;
}

async function look(ctx: CheckContext): Promise<SmartHostView> {
  const sh = await smartHost(ctx);
  if (sh.source === 'none') return { state: 'unknown', reason: sh.reason };
  if (sh.addresses.length === 0) return { state: 'unresolved', sh };
  if (microsoftName(sh) || (await isMicrosoftMxAddress(ctx, sh.addresses)) || (await isInMicrosoftRanges(ctx, sh.addresses))) {
    return { state: 'microsoft', sh };
  }
  const addresses = sh.addresses.slice(0, MAX_SMART_HOST_ADDRESSES);
  const untested = sh.addresses.slice(MAX_SMART_HOST_ADDRESSES);
  const plan = await probePlan(ctx);
  // One address after the other, never two connections at once: the addresses of one host are usually one
  // server, and Exim's smtp_accept_max_per_host (1 on many shared hosts) answers a second concurrent
  // connection from the same client "421 Too many concurrent SMTP connections" — the probe would cause what
  // it reports. No per-check signal: the probes are shared, and each is bounded by its own deadlines.
  let probes: AddressProbe[] = [];
  for (const address of addresses) probes.push(await probeAddress(ctx, sh, address, plan));
  const timedOut = () => probes.some((p) => p.reach === 'timeout');
  let ref: MicrosoftProbe | undefined;
  if (timedOut()) {
    // A timeout is retried only where that can change the verdict: when port 25 is known to work from here
    // (another address answered, or the Microsoft MX does). Otherwise it is "could not test" either way.
    let portOpenHere = probes.some((p) => p.reach === 'connected');
    if (!portOpenHere) {
      ref = await reference(ctx);
      portOpenHere = ref?.state === 'probed' && ref.reach === 'connected';
    }
    if (portOpenHere) {
      const retried: AddressProbe[] = [];
      for (const p of probes) retried.push(await retryTimeout(ctx, sh, p, plan));
      probes = retried;
    }
  }
  const reached = probes.filter((p) => p.reach === 'connected');
  if (reached.length > 0) return { state: 'reached', sh, probes, reached, untested, plan };
  if (probes.every((p) => p.reach === 'failed')) return { state: 'failed', sh, probes };
  // Nothing connected. Refused or unanswered connections are a finding only if port 25 works from here:
  // the Microsoft MX (which always listens) is the reference. No route from here is never a finding.
  const closedHere = probes.some((p) => p.reach === 'refused' || p.reach === 'timeout');
  if (!closedHere) return { state: 'unreachable-here', sh, probes };
  ref ??= await reference(ctx);
  if (ref?.state === 'probed' && ref.reach === 'connected') return { state: 'closed', sh, probes, reference: ref };
  return ref ? { state: 'unreachable-here', sh, probes, reference: ref } : { state: 'unreachable-here', sh, probes };
}

/** The smart host's probes and what they say about reachability, computed once per run. */
export function smartHostView(ctx: CheckContext): Promise<SmartHostView> {
  return ctx.memo('smarthost.probes', () => look(ctx));
}

/** "mail.example.com" or "mail.example.com:587" for messages. */
export function smartHostName(sh: KnownSmartHost): string {
  return sh.port === 25 ? sh.host : `${sh.host}:${sh.port}`;
}
