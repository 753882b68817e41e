// Wording and verdicts the smarthost.* checks share: where the connector lives, "could not test from here", "not tested because".
import type { Verdict } from '../../engine/types.js';
import { EAC } from '../../knowledge/consoles.js';
import { describeReach, targetName } from './reach.js';
import { smartHostName, type AddressProbe, type SmartHostView } from './probes.js';
import { transcriptLines } from './transcript.js';

/** Where the smart host is configured in Microsoft 365. */
export const CONNECTOR_PAGE = EAC.outboundConnector;

/**
 * "Could not test" (CHECKS.md `error`), the same words in every smarthost.* check, so the terminal report
 * shows it once and points at it after ("Same problem as ... above").
 */
export const UNREACHABLE = {
  message:
    'Could not test the smart host: {tried}. Nothing here answered on port 25, and most home, office and cloud networks block outgoing port 25, so this says nothing about the hosting server.',
  remedy:
    'Run splitcheck from a machine whose outgoing port 25 is open (a VPS, or the hosting server itself: `nc -vz {host} 25` tells), or add --no-smtp to check DNS only. If port 25 is open here, {host} itself may be down.',
} as const;

/** Shared messages for the states in which a check has no connection to judge. */
export const PRECONDITION_MESSAGES = {
  unknown: 'Not tested: {reason}. Give --smart-host with the host name the outbound connector uses.',
  unresolved: 'Not tested: the smart host {host} has no address (see smarthost.resolves).',
  microsoft: 'Not tested: the smart host {host} is Microsoft 365 itself, not the hosting server (see smarthost.loop).',
  closed: 'Not tested: the smart host {host} does not accept connections on port 25 (see smarthost.smtp).',
  unreachable: UNREACHABLE.message,
  probeFailed: 'Could not test the smart host: the probe did not run ({reasons}).',
} as const;

export const PRECONDITION_REMEDIES = {
  unreachable: UNREACHABLE.remedy,
  probeFailed: 'Run again; if it persists, report it with the evidence file of the run (--save-evidence run.json).',
} as const;

/** What was tried and how it went, for the "could not test" message. */
function triedList(view: Extract<SmartHostView, { state: 'unreachable-here' }>): string[] {
  const tried = view.probes.map((p) => `${targetName(p.result)}: ${describeReach(p.reach, p.result, p.attempts.length)}`);
  const ref = view.reference;
  if (ref?.state === 'probed') tried.push(`Microsoft's MX ${targetName(ref.result)} (the reference): ${describeReach(ref.reach, ref.result)}`);
  return tried;
}

export function transcriptsOf(probes: readonly AddressProbe[]): string[] {
  return probes.flatMap((p) => transcriptLines(p.result));
}

/** The verdict of a check that needs a connection to the smart host and has none. */
export function withoutConnection(view: Exclude<SmartHostView, { state: 'reached' }>): Verdict<keyof typeof PRECONDITION_MESSAGES, keyof typeof PRECONDITION_REMEDIES> {
  switch (view.state) {
    case 'unknown':
      return { status: 'skip', message: 'unknown', data: { reason: view.reason } };
    case 'unresolved':
      return { status: 'skip', message: 'unresolved', data: { host: view.sh.host } };
    case 'microsoft':
      return { status: 'skip', message: 'microsoft', data: { host: view.sh.host } };
    case 'closed':
      return { status: 'skip', message: 'closed', data: { host: smartHostName(view.sh) } };
    case 'unreachable-here': {
      const observed = transcriptsOf(view.probes);
      if (view.reference?.state === 'probed') observed.push(...transcriptLines(view.reference.result));
      return {
        status: 'error',
        message: 'unreachable',
        remedy: 'unreachable',
        data: { tried: triedList(view), host: view.sh.host },
        evidence: { probes: view.probes.map((p) => ({ address: p.address, reach: p.reach, attempts: p.attempts, error: p.result.error })) },
        observed,
      };
    }
    case 'failed':
      return {
        status: 'error',
        message: 'probeFailed',
        remedy: 'probeFailed',
        data: { reasons: view.probes.map((p) => `${targetName(p.result)}: ${describeReach(p.reach, p.result, p.attempts.length)}`) },
        evidence: { probes: view.probes.map((p) => ({ address: p.address, error: p.result.error })) },
        observed: transcriptsOf(view.probes),
      };
  }
}
