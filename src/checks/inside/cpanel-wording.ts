// "Could not read cPanel": the same words in every check that reads the hosting account, one per way a UAPI call goes wrong.
import type { CpanelSource } from '../../cpanel/source.js';
import { uapiPath, type UapiFunction, type UapiOutcome } from '../../cpanel/uapi.js';
import { callLine } from './observed.js';
import type { Verdict } from '../../engine/types.js';
import { CPANEL_TOKEN_ENV } from '../../cpanel/account.js';

export const CPANEL_MESSAGES = {
  cpanelRefused:
    'Could not read the hosting account: the token was refused (cPanel at {url} answered HTTP {status} for the user {user}), so nothing about the account was checked.',
  cpanelFailed: 'Could not read the hosting account: cPanel at {url} answered {call} with an error: "{errors}".',
  cpanelNotCpanel: 'Could not read the hosting account: {url} does not answer like cPanel ({reason}); splitcheck does not guess from such an answer.',
  cpanelHttp: 'Could not read the hosting account: cPanel at {url} answered {call} with HTTP {status}{location}.',
  cpanelTooLarge: 'Could not read the hosting account: the answer of cPanel at {url} to {call} is larger than {limit} bytes, more than splitcheck reads.',
  cpanelTimeout: 'Could not read the hosting account: cPanel at {url} did not answer {call} within {timeoutMs} ms.',
  cpanelCertificate:
    'Could not read the hosting account: the certificate of {url} does not verify ({code}: {reason}); splitcheck sends the API token only over verified TLS.',
  cpanelNetwork: 'Could not read the hosting account: no connection to cPanel at {url} ({code}: {reason}).',
  cpanelNotRecorded: 'Could not judge: the evidence file holds no answer of cPanel to {call} (it was recorded by a run that did not ask it).',
  cpanelUnexpected: 'Could not read the hosting account: {reason}, a shape splitcheck does not know, so it is not guessed at.',
} as const;

export const CPANEL_REMEDIES = {
  cpanelRefused: `Create an API token in cPanel → Security → Manage API Tokens (for the account {user}), put it in the environment variable ${CPANEL_TOKEN_ENV}, and check that --cpanel-user is that account's user name. A token limited to some IP addresses must allow this machine's.`,
  cpanelFailed: "Read cPanel's words above: a missing feature (Email Accounts, Forwarders, Email Routing) is enabled by the hosting provider in WHM → Feature Manager; a domain the account does not have means --cpanel-user names another account.",
  cpanelNotCpanel: 'Give --cpanel-url the address of the account\'s cPanel itself (usually https://<server>:2083), not a login page, webmail or another panel.',
  cpanelHttp: "Give --cpanel-url cPanel's own address (usually https://<server>:2083): splitcheck does not follow redirects, so the token is never sent anywhere else.",
  cpanelTooLarge: 'Report it with the evidence file (--save-evidence); the account may be larger than splitcheck expects.',
  cpanelTimeout: 'Run again, or with a longer --timeout.',
  cpanelCertificate:
    'Install a certificate from a public CA for the cPanel host (cPanel → SSL/TLS Status → Run AutoSSL), or, for your own CA, give --ca-file (or NODE_EXTRA_CA_CERTS).',
  cpanelNetwork: 'Check --cpanel-url (host and port, usually 2083) and that this machine may reach it (hosts often firewall 2083 to known addresses).',
  cpanelNotRecorded: 'Record the evidence again with the same --cpanel-url and --cpanel-user.',
  cpanelUnexpected: 'Report it with the evidence file (--save-evidence) and the cPanel version.',
} as const;

type CpanelMessage = keyof typeof CPANEL_MESSAGES;
type CpanelRemedy = keyof typeof CPANEL_REMEDIES;
/** A verdict of these shared keys: any check that spreads CPANEL_MESSAGES and CPANEL_REMEDIES into its meta may return it. */
export type CpanelVerdict = Verdict<CpanelMessage, CpanelRemedy>;

/** The UAPI call as a message names it. */
function callName(fn: UapiFunction, domain?: string): string {
  return domain === undefined ? `Email::${fn}` : `Email::${fn} for ${domain}`;
}

/** A call's data, or the `error` verdict that says why there is none. */
export function cpanelAnswer(source: CpanelSource, fn: UapiFunction, outcome: UapiOutcome, domain?: string): { data: unknown } | { verdict: CpanelVerdict } {
  if (outcome.outcome === 'ok') return { data: outcome.data };
  return { verdict: cpanelProblem(source, fn, outcome, domain)! };
}

/** The `error` verdict for a call that did not answer data; undefined when it did. */
function cpanelProblem(source: CpanelSource, fn: UapiFunction, outcome: UapiOutcome, domain?: string): CpanelVerdict | undefined {
  const base = { url: source.account.url, user: source.account.user, call: callName(fn, domain) };
  const evidence = { cpanel: { ...source.account, call: fn, ...(domain === undefined ? {} : { domain }), outcome } };
  const path = uapiPath(new URL(source.account.url).pathname.replace(/\/+$/, ''), fn, domain === undefined ? {} : { domain });
  const observed = [callLine(source.account.url, path, outcome)];
  const error = (key: CpanelMessage & CpanelRemedy, data: Record<string, string | number> = {}): CpanelVerdict => ({
    status: 'error',
    message: key,
    remedy: key,
    data: { ...base, ...data },
    evidence,
    observed,
  });
  switch (outcome.outcome) {
    case 'ok':
      return undefined;
    case 'refused':
      return error('cpanelRefused', { status: outcome.status });
    case 'failed':
      return error('cpanelFailed', { errors: outcome.errors.join('; ').slice(0, 500) || '(no error text)' });
    case 'not-cpanel':
      return error('cpanelNotCpanel', { reason: outcome.reason });
    case 'http':
      return error('cpanelHttp', { status: outcome.status, location: outcome.location ? ` (a redirect to ${outcome.location}, not followed)` : '' });
    case 'too-large':
      return error('cpanelTooLarge', { limit: outcome.limit });
    case 'timeout':
      return error('cpanelTimeout', { timeoutMs: outcome.timeoutMs });
    case 'certificate':
      return error('cpanelCertificate', { code: outcome.code, reason: outcome.reason });
    case 'network':
      return error('cpanelNetwork', { code: outcome.code, reason: outcome.reason });
    case 'not-recorded':
      return error('cpanelNotRecorded');
  }
}

/** The `error` verdict for an answer whose shape is unknown (responses.ts said why). */
export function cpanelUnexpected(source: CpanelSource, reason: string): CpanelVerdict {
  return { status: 'error', message: 'cpanelUnexpected', remedy: 'cpanelUnexpected', data: { url: source.account.url, user: source.account.user, reason } };
}
