// The check engine's types: what a check declares, what it returns, and the report a run produces.
import type { AuthoritativeView } from '../dns/authoritative.js';
import type { Flow, FlowId } from './flows.js';
import type { DnsClient } from '../dns/types.js';
import type { PolicyFetcher } from '../mtasts/fetch.js';
import type { SmtpClient } from '../smtp/client.js';
import type { SourceClients, SourceName } from './sources.js';
import type { ReportComparison } from './comparison.js';

/** CHECKS.md statuses, in order of severity for the exit code. */
export const STATUSES = ['pass', 'warn', 'fail', 'error', 'skip'] as const;
export type Status = (typeof STATUSES)[number];

/** Values a message template may interpolate: `{name}` placeholders. Lists are joined with ", ". */
export type TemplateValue = string | number | readonly string[];
// `undefined` is allowed so that verdicts whose data differ in shape type-check as one union (fillTemplate leaves such a placeholder visible).
export type TemplateData = Record<string, TemplateValue | undefined>;

/**
 * A check's static description (Lighthouse's audit meta, ESLint's rule meta): its contract id,
 * the wording of every message and remedy it can produce (wording lives here, once), and what it needs.
 * `M` and `R` are the message and remedy keys (defineCheck infers them, so a verdict naming another is a type error).
 */
export interface CheckMeta<M extends string = string, R extends string = string> {
  /** Contract id from CHECKS.md, e.g. `mx.present`; a plugin's has its own area prefix. Never renamed. */
  id: string;
  /** Short title for reports. */
  title: string;
  /** What the check verifies, one sentence (README and `--help` list these). */
  verifies: string;
  /** Message templates by key; a verdict names one. */
  messages: Record<M, string>;
  /** Remedy templates by key: what to change, where, and the record value when known. */
  remedies?: Record<R, string>;
  /**
   * The sources besides DNS the check reads (src/engine/sources.ts): without one of them the check is not
   * run but `skip`, saying which option gives it (`smtp` checks are skipped by `--no-smtp`).
   */
  needs?: readonly SourceName[];
  /**
   * The mail flows the check decides (CHECKS.md "Mail flows"): for a plugin's checks. The built-in checks'
   * flows are written once, in src/checks/flows.ts.
   */
  flows?: readonly FlowId[];
}

/** One more thing a verdict says, after the first (several targets judged differently): keys of the same meta. */
export interface VerdictPart<M extends string = string, R extends string = string> {
  message: M;
  remedy?: R;
  data?: TemplateData;
}

/** What a check's run returns: a status and keys into its meta, with data for the placeholders. */
export interface Verdict<M extends string = string, R extends string = string> {
  status: Status;
  message: M;
  remedy?: R;
  data?: TemplateData;
  /** Structured evidence the verdict was judged on (records, replies, certificate facts). */
  evidence?: Record<string, unknown>;
  /** What was observed, as human-readable lines (zone-file records, SMTP replies), shown under a non-pass. */
  observed?: string[];
  /** Further messages (and remedies) told after the first, each filled from its own data; the same sentence is said once. */
  more?: readonly VerdictPart<M, R>[];
}

/** The run's input besides the domain: what the user told us (flags, config), never derived state. */
export interface CheckInput {
  /** `--smart-host host[:port]`: the connector's smart host (else inferred as mail.<domain>). */
  smartHost?: { host: string; port: number };
  /** `--hosting-ip`: the hosting server's outbound addresses (else the smart host's). */
  hostingIps?: string[];
  /** `--mailbox`: mailboxes that live on the hosting server. */
  mailboxes?: string[];
  /** `--m365-mailbox` (config `m365Mailboxes`): mailboxes that live in Microsoft 365 (smarthost.routes-to-m365). */
  m365Mailboxes?: string[];
  /** `--dkim-selector`: the hosting server's DKIM selector (default `default`). */
  dkimSelector?: string;
  /** `--tls-name`: the name the smart host's certificate must match (default: the smart host). */
  tlsName?: string;
  /** `--no-smtp`: skip every check that opens an SMTP connection. */
  noSmtp?: boolean;
  /** `--expect-mx` / config expect.mxHost: the exact Microsoft 365 MX host the domain must use. */
  expectedMxHost?: string;
  /** `--cloud` / config expect.cloud: the Microsoft 365 cloud of the tenant. */
  expectedCloud?: 'commercial' | 'gcc-high' | 'dod' | 'china';
  /**
   * The random local part used when no mailbox is given (m365.internal-relay), chosen once per run
   * and kept in the evidence so a replay asks the same question.
   */
  probeLocalPart?: string;
  /** `--m365-export`: the tenant export's file as given (its rows are in the evidence's m365 section). */
  m365Export?: string;
  /** `--cpanel-url` + `--cpanel-user`: the hosting account read through UAPI (the token is never part of the input). */
  cpanel?: { url: string; user: string };
}

/** Everything a check may use. Checks never open sockets themselves: they ask the context. */
export interface CheckContext {
  domain: string;
  input: CheckInput;
  dns: DnsClient;
  /** SMTP probes (never DATA); only checks with `needs: ['smtp']` may use it. */
  smtp: SmtpClient;
  /**
   * HTTPS fetch of the MTA-STS policy (mtasts.policy). Absent when the run cannot fetch live, e.g. under
   * --replay (the evidence file records no HTTPS): the check then skips and says so.
   */
  fetchPolicy?: PolicyFetcher;
  /** The run's clock: the start of the run, or the recorded start when replaying evidence. */
  now: Date;
  signal: AbortSignal;
  /** Run-wide memo: shared derived facts (one SPF walk for all spf.* checks) computed once. */
  memo<T>(key: string, compute: () => Promise<T>): Promise<T>;
  /**
   * `--authoritative` only: the domain's zone and a client per authoritative server address (dns.consistency
   * compares them). Absent without the flag. `dns` above is then authoritative-first, unless `fallback` says why not.
   */
  authoritative?: AuthoritativeView;
  /** The run's sources besides DNS, by name: a check that `needs` one finds it here. */
  sources: Partial<SourceClients>;
}

export interface Check<M extends string = string, R extends string = string> {
  meta: CheckMeta<M, R>;
  run(ctx: CheckContext): Promise<Verdict<M, R>>;
  /** Where the check comes from when it is not built in: the plugin, as it was given (a crash's remedy names it). */
  plugin?: string;
}

/** One check's result in the report (the contract's `results[]` entry). */
export interface Finding {
  id: string;
  status: Status;
  title: string;
  message: string;
  /** The key of the message template that produced `message` (the first, when it tells several): stable, for scripts and `trace`. */
  messageId: string;
  /** Every template key the message was built from, in order, when there is more than one. */
  messageIds?: string[];
  evidence: Record<string, unknown>;
  remedy?: string;
  observed?: string[];
}

export type Summary = Record<Status, number>;

/** The contract's JSON report document (CHECKS.md), schemaVersion 1. */
export interface Report {
  schemaVersion: 1;
  tool: { name: 'splitcheck'; version: string };
  domain: string;
  startedAt: string;
  durationMs: number;
  summary: Summary;
  exitCode: number;
  /** The six mail flows, each judged by the checks that decide it. */
  flows: Flow[];
  results: Finding[];
  input?: Record<string, unknown>;
  replayed?: boolean;
  /** `--baseline`: how this report compares with the previous one (src/baseline/). */
  comparison?: ReportComparison;
  /**
   * The config file the run read (as given; under GitHub Actions relative to GITHUB_WORKSPACE): the line of each input key it took from it (a JSON pointer such as
   * /smartHost), and for each check the key its verdict was judged on (annotations point there).
   */
  config?: { file: string; keys: Record<string, number>; checks: Record<string, string> };
}
