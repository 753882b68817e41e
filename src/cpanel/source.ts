// The cPanel account as a source: each UAPI call made once per run, recorded for --save-evidence, answered again under --replay.
import type { CpanelAccount } from './account.js';
import { createUapiClient, uapiPath, type UapiClientOptions, type UapiFunction, type UapiOutcome } from './uapi.js';

/** One call and its outcome, as the evidence file keeps it: the path and the answer, never a credential. */
export interface CpanelCall {
  fn: UapiFunction;
  /** The domain parameter (list_mxs, list_forwarders). */
  domain?: string;
  path: string;
  outcome: UapiOutcome;
}

/** The evidence section of a run that read cPanel. */
export interface CpanelEvidence {
  account: CpanelAccount;
  calls: CpanelCall[];
}

export interface CpanelSource {
  account: CpanelAccount;
  /** list_pops (every mailbox of the account). */
  pops(): Promise<UapiOutcome>;
  /** list_mxs?domain=<domain> (the domain's Email Routing). */
  mxs(domain: string): Promise<UapiOutcome>;
  /** list_forwarders?domain=<domain>. */
  forwarders(domain: string): Promise<UapiOutcome>;
  /** What was asked and answered so far, for --save-evidence. */
  evidence(): CpanelEvidence;
}

type Ask = (fn: UapiFunction, domain: string | undefined) => Promise<UapiOutcome>;

function sourceOver(account: CpanelAccount, ask: Ask, seed: CpanelCall[] = []): CpanelSource {
  const basePath = new URL(account.url).pathname.replace(/\/+$/, '');
  const calls = new Map<string, Promise<UapiOutcome>>();
  const done: CpanelCall[] = [...seed];
  // Each call once per run, shared by every check that needs it (three checks read list_pops). No per-check signal:
  // one check's deadline must not cancel another's answer; each request is bounded by the run's timeout instead.
  const once = (fn: UapiFunction, domain: string | undefined): Promise<UapiOutcome> => {
    const key = `${fn}\n${domain ?? ''}`;
    let pending = calls.get(key);
    if (!pending) {
      pending = ask(fn, domain).then((outcome) => {
        if (seed.length === 0) done.push({ fn, ...(domain === undefined ? {} : { domain }), path: uapiPath(basePath, fn, domain === undefined ? {} : { domain }), outcome });
        return outcome;
      });
      calls.set(key, pending);
    }
    return pending;
  };
  return {
    account,
    pops: () => once('list_pops', undefined),
    mxs: (domain) => once('list_mxs', domain),
    forwarders: (domain) => once('list_forwarders', domain),
    evidence: () => ({ account, calls: [...done] }),
  };
}

/** The live account: UAPI over HTTPS; the token stays inside the client. */
export function liveCpanelSource(options: UapiClientOptions): CpanelSource {
  const client = createUapiClient(options);
  return sourceOver({ url: options.url, user: options.user }, (fn, domain) => client.get(fn, domain === undefined ? {} : { domain }));
}

/** The recorded account: each call answered as it was; a call the recording lacks is `not-recorded`. */
export function replayCpanelSource(evidence: CpanelEvidence): CpanelSource {
  const recorded = new Map(evidence.calls.map((c) => [`${c.fn}\n${c.domain ?? ''}`, c.outcome]));
  return sourceOver(
    evidence.account,
    async (fn, domain) => recorded.get(`${fn}\n${domain ?? ''}`) ?? { outcome: 'not-recorded' },
    evidence.calls,
  );
}
