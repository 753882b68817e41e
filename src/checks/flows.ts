// Which mail flows each check decides: the one mapping, beside the registry (plugins add theirs with `meta.flows`).
import type { FlowId, FlowMap } from '../engine/flows.js';
import type { Check } from '../engine/types.js';

/*
 * The topology (DOMAIN.md): every inbound message goes Internet → MX (Microsoft 365) → Microsoft 365's
 * edge; mail for a hosting mailbox then leaves through the outbound connector to the smart host, which
 * must take it. Microsoft 365 users' mail to a hosting colleague takes that same connector leg without
 * the MX and the edge. A hosting user's mail to a Microsoft 365 colleague is looked up locally first
 * (cPanel Local routing) and must be sent on. Mail to the world is judged by the receivers' SPF, DKIM
 * and DMARC, per sender.
 *
 * A check is mapped to a flow when its failure loses or endangers that flow's mail, so that the flow a
 * failing check turns red is the one a mail admin would name. Ids not in a run (the inside view before
 * its sources are given, a future check) simply do not count.
 */

/** What every inbound message needs: an MX that exists, resolves, is Microsoft 365, and that MTA-STS senders accept. */
const INBOUND: readonly FlowId[] = ['internet-to-m365', 'internet-to-hosting'];

/**
 * The connector leg, Microsoft 365 → smart host → hosting mailbox: shared by outside mail for hosting users
 * (after the edge) and by Microsoft 365 users writing to hosting colleagues. A relay refusal, a loop or a
 * certificate Exchange Online rejects breaks both.
 */
const CONNECTOR_LEG: readonly FlowId[] = ['internet-to-hosting', 'm365-to-hosting'];

/** Receivers judge SPF for every sender: a broken record (two records, a syntax error, over a limit) is permerror for both. */
const BOTH_SENDERS: readonly FlowId[] = ['m365-to-internet', 'hosting-to-internet'];

export const CHECK_FLOWS: Readonly<Record<string, readonly FlowId[]>> = {
  'mx.present': INBOUND,
  'mx.m365-primary': INBOUND,
  'mx.targets-resolve': INBOUND,
  // A hosting MX beside Microsoft 365: mail that takes it reaches the hosting server, which (Local routing)
  // bounces or swallows whatever is for a Microsoft 365 user. Hosting users still get theirs (unfiltered),
  // so the flow that loses mail is the Microsoft 365 one.
  'mx.no-bypass': ['internet-to-m365'],
  // RFC 8461: a sender enforcing a policy that does not list the MX in use refuses to deliver at all (4.4.8).
  'mtasts.policy': INBOUND,

  // The edge probe asks what an outside sender's RCPT TO for a hosting mailbox gets: Authoritative (5.4.1)
  // loses exactly the outside mail to hosting users. It observes nothing about internal senders.
  'm365.internal-relay': ['internet-to-hosting'],
  // The setting itself: Authoritative means "every recipient is in this tenant", so outside mail is refused
  // at the edge (5.4.1) and Microsoft 365 users' own mail to a hosting colleague is answered with an NDR
  // (5.1.10 RecipientNotFound) instead of taking the connector.
  'm365.accepted-domain': CONNECTOR_LEG,
  'm365.connector': CONNECTOR_LEG,
  'm365.connector-tls': CONNECTOR_LEG,
  'smarthost.resolves': CONNECTOR_LEG,
  // MX routing on the connector, or a smart host that is Microsoft itself: 5.4.14 loops on the connector leg.
  'smarthost.loop': CONNECTOR_LEG,
  'smarthost.smtp': CONNECTOR_LEG,
  'smarthost.tls': CONNECTOR_LEG,
  'smarthost.certificate': CONNECTOR_LEG,
  // The hosting server refusing relayed mail ("not permitted to relay", cPanel Remote routing) is where a
  // Microsoft 365 user's mail to a hosting colleague stops, and outside mail for hosting users with it.
  'smarthost.accepts-mailbox': CONNECTOR_LEG,
  'hosting.routing': CONNECTOR_LEG,
  // A catch-all or cPanel's Backup Mail Exchanger: relayed mail for people who left is swallowed or loops.
  'smarthost.rejects-unknown': CONNECTOR_LEG,

  // The reverse flow (DOMAIN.md §6): a hosting user's mail to a Microsoft 365 colleague bounces locally
  // (550 No Such User Here) without a forwarder, lands in a forgotten duplicate mailbox, or is rejected
  // by the tenant (5.7.68) when it does leave.
  'smarthost.routes-to-m365': ['hosting-to-m365'],
  'mailboxes.hosting-to-m365': ['hosting-to-m365'],
  'mailboxes.duplicates': ['hosting-to-m365'],
  'm365.direct-send': ['hosting-to-m365'],

  'spf.present': BOTH_SENDERS,
  'spf.syntax': BOTH_SENDERS,
  'spf.lookup-limit': BOTH_SENDERS,
  'spf.void-limit': BOTH_SENDERS,
  // +all lets anyone send as the domain, ?all leaves it unprotected: a risk to both senders' mail.
  'spf.all': BOTH_SENDERS,
  'spf.m365-include': ['m365-to-internet'],
  'spf.hosting-covered': ['hosting-to-internet'],
  'dkim.m365': ['m365-to-internet'],
  'm365.dkim-signing': ['m365-to-internet'],
  'dkim.hosting': ['hosting-to-internet'],
  // DMARC is judged per message, against whichever sender sent it.
  'dmarc.record': BOTH_SENDERS,

  // No mail path: autodiscover configures Outlook, and dns.consistency says whether every name server
  // agrees yet (the other checks judge the answers themselves). Reports list them beside the flows.
  'autodiscover.cname': [],
  'autodiscover.srv': [],
  'dns.consistency': [],
};

/**
 * The flow map of a run: the table above for built-in checks, a plugin check's own `meta.flows` (a plugin
 * may not change a built-in id, so the two never disagree).
 */
export function flowMapOf(checks: readonly Check[]): FlowMap {
  const map = new Map<string, readonly FlowId[]>();
  for (const check of checks) {
    const flows = Object.hasOwn(CHECK_FLOWS, check.meta.id) ? CHECK_FLOWS[check.meta.id]! : (check.meta.flows ?? []);
    map.set(check.meta.id, flows);
  }
  return map;
}
