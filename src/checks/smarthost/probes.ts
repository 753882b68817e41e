// The smart host's SMTP probes, one per address (at most four), made once per run and shared by every smarthost.* check.
import type { CheckContext } from '../../engine/types.js';
import type { SmtpProbeRequest } from '../../smtp/client.js';
import type { SmtpProbeResult } from '../../smtp/types.js';
import { microsoftMxProbe, type MicrosoftProbe } from '../m365/probe.js';
import { smartHost, type SmartHost } from '../shared/smart-host.js';
import { microsoftMxAddresses, microsoftName, microsoftRangeVerdicts } from './microsoft.js';
import { reachOf, type Reach } from './reach.js';

/** A host name with many addresses is a pool: four of them say enough, and bound the run. */
export const MAX_SMART_HOST_ADDRESSES = 4;
/** The probe's own cap (MAX_RECIPIENTS in src/smtp/probe.ts, not imported: it would load nodemailer at start-up). */
const MAX_MAILBOXES = 20;

export type KnownSmartHost = Exclude<SmartHost, { source: 'none' }>;

export interface AddressProbe {
  address: string;
  result: SmtpProbeResult;
  reach: Reach;
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
  | { state: 'reached'; sh: KnownSmartHost; probes: AddressProbe[]; reached: AddressProbe[]; untested: string[] }
  /** Verified closed: no address took a connection, yet the Microsoft MX did on port 25 from here. */
  | { state: 'closed'; sh: KnownSmartHost; probes: AddressProbe[]; reference: Reference }
  /** Could not test: nothing was reachable on port 25 from here (or no route to the smart host). */
  | { state: 'unreachable-here'; sh: KnownSmartHost; probes: AddressProbe[]; reference?: MicrosoftProbe }
  /** The probes stopped for reasons that are not about the network (aborted, not in the saved evidence, a bug). */
  | { state: 'failed'; sh: KnownSmartHost; probes: AddressProbe[] };

/**
 * The request for one address. Every smarthost.* check uses this one shape (same recipients: the
 * --mailbox list, else none), so the SMTP client's de-duplication and the replay match them.
 */
export function smartHostRequest(ctx: CheckContext, sh: KnownSmartHost, address: string): SmtpProbeRequest {
  const request: SmtpProbeRequest = { host: sh.host, address, port: sh.port, recipients: (ctx.input.mailboxes ?? []).slice(0, MAX_MAILBOXES) };
  if (ctx.input.tlsName) request.tlsName = ctx.input.tlsName;
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

async function look(ctx: CheckContext): Promise<SmartHostView> {
  const sh = await smartHost(ctx);
  if (sh.source === 'none') return { state: 'unknown', reason: sh.reason };
  if (sh.addresses.length === 0) return { state: 'unresolved', sh };
  if (microsoftName(sh) || (await isMicrosoftMxAddress(ctx, sh.addresses)) || (await isInMicrosoftRanges(ctx, sh.addresses))) {
    return { state: 'microsoft', sh };
  }
  const addresses = sh.addresses.slice(0, MAX_SMART_HOST_ADDRESSES);
  const untested = sh.addresses.slice(MAX_SMART_HOST_ADDRESSES);
  // No per-check signal: the probes are shared, and each is bounded by its own deadlines.
  const probes = await Promise.all(
    addresses.map(async (address): Promise<AddressProbe> => {
      const result = await ctx.smtp.probe(smartHostRequest(ctx, sh, address));
      return { address, result, reach: reachOf(result) };
    }),
  );
  const reached = probes.filter((p) => p.reach === 'connected');
  if (reached.length > 0) return { state: 'reached', sh, probes, reached, untested };
  if (probes.every((p) => p.reach === 'failed')) return { state: 'failed', sh, probes };
  // Nothing connected. Refused or unanswered connections are a finding only if port 25 works from here:
  // the Microsoft MX (which always listens) is the reference. No route from here is never a finding.
  const closedHere = probes.some((p) => p.reach === 'refused' || p.reach === 'timeout');
  if (!closedHere) return { state: 'unreachable-here', sh, probes };
  const ref = await reference(ctx);
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
