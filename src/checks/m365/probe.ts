// The one probe of the domain's Microsoft 365 MX (RCPT TO of a hosting mailbox), shared by m365.internal-relay and, as a port-25 reference, smarthost.smtp.
import { isIPv4 } from 'node:net';
import { LookupError } from '../../engine/lookup.js';
import type { CheckContext } from '../../engine/types.js';
import type { SmtpProbeRequest } from '../../smtp/client.js';
import type { SmtpProbeResult } from '../../smtp/types.js';
import { mxFacts, type MxTarget } from '../mx/facts.js';
import { hostAddresses } from '../shared/host-addresses.js';
import { reachOf, type Reach } from '../smarthost/reach.js';

/** Used when no --mailbox is given and the run did not choose a random local part (library callers). */
const FALLBACK_LOCAL_PART = 'splitcheck-probe';

export type MicrosoftProbe =
  | { state: 'no-microsoft-mx'; observed: string[] }
  | { state: 'unresolved'; mx: MxTarget; observed: string[] }
  | {
      state: 'probed';
      mx: MxTarget;
      address: string;
      recipient: string;
      /** True when no --mailbox was given: the recipient is `<random>@<domain>`. */
      randomRecipient: boolean;
      /** Filtering gateways among the MX records: mail may never come to Microsoft the way this probe does. */
      gateways: string[];
      request: SmtpProbeRequest;
      result: SmtpProbeResult;
      reach: Reach;
      observed: string[];
    };

/** An address at the domain that no one has: the local part chosen at random once per run (kept in the evidence). */
export function randomAddress(ctx: CheckContext): string {
  return `${ctx.input.probeLocalPart ?? FALLBACK_LOCAL_PART}@${ctx.domain}`;
}

/** The recipient asked about: the first hosting mailbox, else a random local part chosen once per run. */
export function probeRecipient(ctx: CheckContext): { recipient: string; random: boolean } {
  const mailbox = ctx.input.mailboxes?.[0];
  if (mailbox) return { recipient: mailbox, random: false };
  return { recipient: randomAddress(ctx), random: true };
}

async function probeMicrosoft(ctx: CheckContext): Promise<MicrosoftProbe> {
  const facts = await mxFacts(ctx);
  // Targets are sorted by preference: the first Microsoft one is where a sender goes first among Microsoft's.
  const mx = facts.targets.find((t) => t.kind.type === 'microsoft');
  if (!mx) return { state: 'no-microsoft-mx', observed: facts.observed };
  const host = await hostAddresses(ctx, mx.exchange);
  if (host.outcome === 'unverified' && host.failed) throw new LookupError(host.failed);
  const observed = [...facts.observed, ...host.observed];
  // IPv4 first: many networks that can reach port 25 at all have no IPv6 route.
  const address = [...host.addresses].sort((a, b) => Number(isIPv4(b)) - Number(isIPv4(a)))[0];
  if (!address) return { state: 'unresolved', mx, observed };
  const { recipient, random } = probeRecipient(ctx);
  // Plain SMTP: Exchange Online does not require STARTTLS of an inbound sender, and the question is
  // the RCPT answer alone (DOMAIN.md §1). MAIL FROM:<> (RFC 5321 §4.5.5) then RCPT, never DATA.
  const request: SmtpProbeRequest = { host: mx.exchange, address, port: 25, starttls: false, recipients: [recipient] };
  const result = await ctx.smtp.probe(request);
  const gateways = [...new Set(facts.targets.flatMap((t) => (t.kind.type === 'gateway' ? [t.kind.vendor] : [])))];
  return { state: 'probed', mx, address, recipient, randomRecipient: random, gateways, request, result, reach: reachOf(result), observed };
}

/** The probe of the Microsoft MX, made once per run whichever check asks first. */
export function microsoftMxProbe(ctx: CheckContext): Promise<MicrosoftProbe> {
  return ctx.memo('m365.probe', () => probeMicrosoft(ctx));
}
