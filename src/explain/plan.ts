// What `explain --check` should run: the domain the diagnoses are about, their confirming checks, the mailbox and smart host the bounce names.
import { isMicrosoftHost } from './servers.js';
import type { Diagnosis, Explanation } from './types.js';

export interface CheckPlan {
  /** The domain to check, as the bounce writes it (the caller validates it). */
  domain: string;
  /** Whose domain it is. */
  domainOf: 'recipient' | 'sender';
  /** Confirming check ids, in the order the diagnoses give them; empty: no diagnosis names one (run them all). */
  checks: string[];
  /** The failed recipient, when it is at `domain`: probed as a hosting mailbox. */
  mailbox?: string;
  /** The host Microsoft 365 tried to deliver to, when the bounce names one that is not Microsoft's. */
  smartHost?: string;
  /** The diagnoses the plan confirms. */
  diagnoses: string[];
}

const domainOf = (address: string) => address.slice(address.lastIndexOf('@') + 1).toLowerCase();

/** The domain a diagnosis is about, when the bounce names it. */
function domainFor(d: Diagnosis, e: Explanation): string | undefined {
  if (d.domainOf === 'sender') return e.facts.sender ? domainOf(e.facts.sender) : undefined;
  const recipient = d.recipient ?? e.facts.recipients[0]?.address;
  return recipient ? domainOf(recipient) : undefined;
}

/**
 * The first diagnosis (table order: root causes first) that names checks decides the domain;
 * every diagnosis about the same domain adds its checks. Without any, the failed recipient's
 * domain gets the full check. Undefined when the bounce names no domain at all.
 */
export function checkPlan(e: Explanation): CheckPlan | undefined {
  const lead = e.diagnoses.find((d) => d.checks.length > 0 && domainFor(d, e) !== undefined);
  if (!lead) {
    const recipient = e.facts.recipients[0]?.address;
    const domain = recipient ? domainOf(recipient) : e.facts.sender ? domainOf(e.facts.sender) : undefined;
    if (!domain) return undefined;
    const plan: CheckPlan = { domain, domainOf: recipient ? 'recipient' : 'sender', checks: [], diagnoses: [] };
    if (recipient) plan.mailbox = recipient;
    return plan;
  }
  const domain = domainFor(lead, e)!;
  const same = e.diagnoses.filter((d) => d.checks.length > 0 && d.domainOf === lead.domainOf && domainFor(d, e) === domain);
  const plan: CheckPlan = {
    domain,
    domainOf: lead.domainOf,
    checks: [...new Set(same.flatMap((d) => d.checks))],
    diagnoses: same.map((d) => d.id),
  };
  if (lead.domainOf === 'recipient') {
    const recipient = same.map((d) => d.recipient).find((r) => r !== undefined && domainOf(r) === domain);
    if (recipient) plan.mailbox = recipient;
    // The connector's smart host, as Microsoft 365 named it when it tried to deliver (never a Microsoft host).
    const host = same.filter((d) => d.hop === 'm365-to-host').map((d) => d.server).find((h) => h !== undefined && !isMicrosoftHost(h));
    if (host) plan.smartHost = host;
  }
  return plan;
}
