// The six mail flows of a split domain (CHECKS.md "Mail flows in every report") and the contract's rule that judges each from its checks.
import type { Finding, Status } from './types.js';

/** The topology's six paths, in report order: inbound first, then between the platforms, then each sender's authentication. */
export const FLOW_IDS = [
  'internet-to-m365',
  'internet-to-hosting',
  'm365-to-hosting',
  'hosting-to-m365',
  'm365-to-internet',
  'hosting-to-internet',
] as const;

export type FlowId = (typeof FLOW_IDS)[number];

export function isFlowId(value: unknown): value is FlowId {
  return typeof value === 'string' && (FLOW_IDS as readonly string[]).includes(value);
}

/** How each flow is named: a title for reports, the path as a user draws it, and a 3-character label for narrow tables. */
export const FLOWS: Readonly<Record<FlowId, { title: string; path: string; short: string }>> = {
  'internet-to-m365': {
    title: 'Outside senders reach the Microsoft 365 mailboxes',
    path: 'Internet → Microsoft 365',
    short: 'I>M',
  },
  'internet-to-hosting': {
    title: 'Outside senders reach the hosting mailboxes (through Microsoft 365 and the connector)',
    path: 'Internet → Microsoft 365 → connector → hosting',
    short: 'I>H',
  },
  'm365-to-hosting': {
    title: 'Microsoft 365 users reach their hosting colleagues (connector to the smart host)',
    path: 'Microsoft 365 → connector → hosting',
    short: 'M>H',
  },
  'hosting-to-m365': {
    title: 'Hosting users reach their Microsoft 365 colleagues',
    path: 'hosting → Microsoft 365',
    short: 'H>M',
  },
  'm365-to-internet': {
    title: "Microsoft 365's mail authenticates (SPF, DKIM, DMARC)",
    path: 'Microsoft 365 → Internet: SPF, DKIM, DMARC',
    short: 'M>I',
  },
  'hosting-to-internet': {
    title: "The hosting server's mail authenticates (SPF, DKIM, DMARC)",
    path: 'hosting → Internet: SPF, DKIM, DMARC',
    short: 'H>I',
  },
};

/** One flow in the report: its verdict and the checks of the run that decided it. */
export interface Flow {
  id: FlowId;
  title: string;
  status: Status;
  /** The checks of this run that decide the flow, in the report's order (ids the run did not run are not listed). */
  checks: string[];
  /** Those of `checks` that were skipped: the flow's status says nothing about them. */
  skipped: string[];
}

/** Which flows each check decides, by check id (src/checks/flows.ts writes it, plugins may add to it). */
export type FlowMap = ReadonlyMap<string, readonly FlowId[]>;

/**
 * The contract's rule (CHECKS.md): `fail` if any of the flow's checks fails, else `error` if any could not
 * be verified, else `warn` if any warns, else `pass`; `skip` when all of them were skipped (or the run
 * holds none of them: nothing decided the flow).
 */
export function flowStatus(statuses: readonly Status[]): Status {
  if (statuses.every((s) => s === 'skip')) return 'skip';
  for (const s of ['fail', 'error', 'warn'] as const) if (statuses.includes(s)) return s;
  return 'pass';
}

/** The six flows of a run, each judged by the rule over the findings the map assigns to it. */
export function judgeFlows(findings: readonly Pick<Finding, 'id' | 'status'>[], map: FlowMap): Flow[] {
  return FLOW_IDS.map((id) => {
    const own = findings.filter((f) => map.get(f.id)?.includes(id) === true);
    return {
      id,
      title: FLOWS[id].title,
      status: flowStatus(own.map((f) => f.status)),
      checks: own.map((f) => f.id),
      skipped: own.filter((f) => f.status === 'skip').map((f) => f.id),
    };
  });
}
