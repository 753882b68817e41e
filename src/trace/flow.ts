// Which mail flow `splitcheck trace` follows for an address: to a hosting mailbox or to a Microsoft 365 mailbox, told from the probes' answers about it.
import type { Finding } from '../engine/types.js';

export type TracedFlow = 'internet-to-hosting' | 'internet-to-m365';

export interface FlowChoice {
  flow: TracedFlow;
  /** Why this flow: what the probes said about the address, in a sentence. */
  basis: string;
  /** False when the probes could not tell and the trace assumes the hosting path. */
  known: boolean;
}

/**
 * The flow an address takes, from what the two probes heard for it (its `RCPT TO` at Microsoft's edge, and at
 * the smart host). Microsoft 365 delivers to its own mailboxes itself; anything else at the domain it relays
 * through the connector (Internal Relay) or refuses (Authoritative, 5.4.1). Internal Relay accepts every
 * address, so only the hosting server's answer, or Microsoft's refusal, tells the two apart.
 */
export function chooseFlow(address: string, findings: readonly Finding[]): FlowChoice {
  const byId = new Map(findings.map((f) => [f.id, f]));
  const hosting = byId.get('smarthost.accepts-mailbox')?.messageId;
  const microsoft = byId.get('m365.internal-relay')?.messageId;
  if (hosting === 'ok') {
    return { flow: 'internet-to-hosting', known: true, basis: `the hosting server accepts ${address}: a hosting mailbox` };
  }
  if (microsoft === 'authoritative') {
    return {
      flow: 'internet-to-hosting',
      known: true,
      basis: `Microsoft 365 refuses ${address} as none of its recipients, so it is meant for the hosting server`,
    };
  }
  if (hosting === 'unknownUser') {
    // Internal Relay takes any address, so a Microsoft 365 mailbox and one on neither platform look alike from outside.
    const accepted = microsoft === 'ok' ? ' and Microsoft 365 accepts it' : '';
    return {
      flow: 'internet-to-m365',
      known: true,
      basis:
        `the hosting server does not know ${address}${accepted}: a Microsoft 365 mailbox, which Microsoft 365 delivers itself. ` +
        `If it has no Microsoft 365 mailbox either, Microsoft 365 relays it to the hosting server and the sender gets 550 5.1.1 back; ` +
        `the Microsoft 365 admin center (Users → Active users) tells which`,
    };
  }
  return {
    flow: 'internet-to-hosting',
    known: false,
    basis: `the probes got no answer about ${address}, so the trace follows the longer path, to a hosting mailbox`,
  };
}
