// mtasts.policy: a published MTA-STS policy (RFC 8461) lists every MX in use, or MTA-STS senders refuse the mail (4.4.8/5.4.8).
import { formatRecord, resultLines } from '../../dns/format.js';
import { must } from '../../engine/lookup.js';
import { defineCheck } from '../../engine/define.js';
import type { Check, CheckContext, TemplateData, Verdict } from '../../engine/types.js';
import type { PolicyFetch } from '../../mtasts/fetch.js';
import { matchingPattern, wildcardFor } from '../../mtasts/match.js';
import { isStsRecord, parsePolicy, parseStsRecord, type StsPolicy } from '../../mtasts/parse.js';
import { mxFacts, type MxTarget } from '../mx/facts.js';
import { hostAddresses } from '../shared/host-addresses.js';

const WHERE_FILE = 'on the web server of mta-sts.{domain} (in cPanel: create the subdomain mta-sts, then in File Manager its document root → .well-known/mta-sts.txt)';
const BUMP_ID =
  'Then give the TXT record at {txtName} a new id= (e.g. id={newId}): senders fetch the policy again only when the id changes (RFC 8461 §3.1), and those that cached the old policy keep it for up to its max_age.';

export const mtastsPolicy = defineCheck({
  meta: {
    id: 'mtasts.policy',
    title: 'MTA-STS policy lists the MX',
    verifies: 'a published MTA-STS policy (RFC 8461) is fetchable and lists every MX in use',
    messages: {
      none: 'No MTA-STS policy published at {txtName}; nothing to check.',
      noMx: 'An MTA-STS record is published, but the domain has no usable MX to match it against (mx.present reports why).',
      replayed: 'The MTA-STS record at {txtName} was recorded, but the policy fetch over HTTPS is not part of saved evidence: run live to check it.',
      several:
        '{count} MTA-STS records at {txtName}: senders treat the domain as publishing no policy (RFC 8461 §3.1), and those that cached an earlier policy keep enforcing it without seeing updates.',
      badRecord:
        'The MTA-STS record at {txtName} is invalid ({problems}): senders treat it as no policy (RFC 8461 §3.1), and those that cached an earlier policy keep enforcing it without seeing updates.',
      noHost: 'The MTA-STS record at {txtName} is published, but {host} has no address: no sender can fetch the policy, and those that cached one keep enforcing it.',
      certificate:
        'The certificate of {host} is not valid ({code}): senders must ignore the policy (RFC 8461 §3.3), and those that cached one keep enforcing it. {reason}',
      redirect:
        '{url} answers HTTP {status} redirecting to {location}: senders must not follow redirects (RFC 8461 §3.3), so no policy can be fetched (not followed here either).',
      http: '{url} answers HTTP {status} instead of the policy: senders find no policy, and those that cached one keep enforcing it.',
      httpServer: '{url} answers HTTP {status}: the server failed, perhaps only for now; the policy could not be read.',
      tooLarge: '{url} sends more than {limit} bytes: that is no MTA-STS policy (a policy is a few lines), so senders reject it; not read further.',
      timeout: 'No complete answer from {url} within {timeoutMs} ms: the policy could not be read from here.',
      network: 'Could not fetch {url} ({code}): {reason}. The policy could not be read from here.',
      invalidPolicy: 'The policy at {url} is invalid ({problems}): senders reject it (RFC 8461 §3.2), and those that cached an earlier one keep enforcing it.',
      off: 'The MTA-STS policy is in mode none: MTA-STS is switched off and senders do not enforce it (the way to withdraw a policy, RFC 8461 §8.3).',
      matches: 'The MTA-STS policy (mode {mode}) lists every MX in use: {matched}.',
      contentType: 'The MTA-STS policy (mode {mode}) lists every MX in use, but is served as "{contentType}", not text/plain (RFC 8461 §3.2): strict senders reject it.',
      testingMismatch:
        'The MTA-STS policy is in mode testing and does not list {unmatched}: senders still deliver, but report a failure (TLS-RPT) for every message; switching to enforce would refuse the mail.',
      enforceMismatch:
        'The MTA-STS policy is in mode enforce and does not list {unmatched}: senders that enforce MTA-STS (Gmail, Microsoft and others) refuse to deliver to it ("4.4.8/5.4.8 ... failed MTA-STS validation").',
      enforcePartial:
        'The MTA-STS policy is in mode enforce and does not list {unmatched}: senders that enforce MTA-STS skip those hosts and deliver only to {matched}.',
    },
    remedies: {
      several: `At your DNS host, keep exactly one TXT record at {txtName} ("v=STSv1; id={newId};") and delete the others:\n{records}`,
      badRecord: 'At your DNS host, replace the TXT record at {txtName} by: v=STSv1; id={newId};',
      noHost: `Give {host} an A record pointing at a web server with a valid certificate for it, and publish the policy ${WHERE_FILE}. Or, to stop using MTA-STS, publish the policy with "mode: none" first and delete {txtName} after max_age (RFC 8461 §8.3).`,
      certificate: `Install a certificate valid for {host} (in cPanel: SSL/TLS Status → Run AutoSSL, with the mta-sts subdomain included); it must chain to a public CA.`,
      redirect: `Serve the policy at {url} itself with HTTP 200, not a redirect: create the subdomain and file ${WHERE_FILE}, and exclude it from any "force HTTPS/www" redirect.`,
      publish: `Publish the policy ${WHERE_FILE}, served at {url} with HTTP 200 and Content-Type text/plain. ${BUMP_ID}`,
      retry: 'Run the check again; if it persists, make sure {url} is reachable from the internet on port 443 (firewall, web server running).',
      policy: `Publish this policy at {url}, ${WHERE_FILE}:\n  version: STSv1\n  mode: {mode}\n  mx: {mx}\n  max_age: {maxAge}\n{moreMx}${BUMP_ID}`,
      contentType: 'Serve {url} with "Content-Type: text/plain" (in cPanel: MIME Types, add text/plain for .txt, or an .htaccess "AddType text/plain .txt").',
    },
  },
  async run(ctx) {
    const txtName = `_mta-sts.${ctx.domain}`;
    const host = `mta-sts.${ctx.domain}`;
    const lookup = must(await ctx.dns.query(txtName, 'TXT', { signal: ctx.signal }));
    // RFC 8461 §3.1: records not beginning with "v=STSv1" are discarded before counting.
    const sts = lookup.records.flatMap((r) => (r.type === 'TXT' && isStsRecord(r.data.join('')) ? [r] : []));
    const base = { txtName, host, domain: ctx.domain, newId: newId(ctx.now) };
    if (sts.length === 0) return { status: 'skip', message: 'none', data: base, evidence: { lookup: lookup.status }, observed: resultLines(lookup) };
    const observed = sts.map(formatRecord);
    const texts = sts.map((r) => (r.type === 'TXT' ? r.data.join('') : ''));
    if (sts.length > 1) {
      return { status: 'fail', message: 'several', remedy: 'several', data: { ...base, count: sts.length, records: observed }, evidence: { records: texts }, observed };
    }
    const record = parseStsRecord(texts[0]!);
    if (record.problems.length > 0) {
      return { status: 'fail', message: 'badRecord', remedy: 'badRecord', data: { ...base, problems: record.problems }, evidence: { record: texts[0], problems: record.problems }, observed };
    }
    const mx = await mxFacts(ctx);
    if (mx.outcome !== 'records') return { status: 'skip', message: 'noMx', data: base, evidence: { record: texts[0] } };
    // The evidence file records DNS and SMTP only: under --replay there is no fetcher, and no verdict is guessed.
    if (!ctx.fetchPolicy) return { status: 'skip', message: 'replayed', data: base, evidence: { record: texts[0] } };
    const address = await policyHostAddress(ctx, host);
    if (address === undefined) {
      return { status: 'fail', message: 'noHost', remedy: 'noHost', data: base, evidence: { record: texts[0], host }, observed };
    }
    const fetched = await ctx.fetchPolicy({ domain: ctx.domain, address, signal: ctx.signal });
    const evidence = { record: texts[0], id: record.id, fetch: fetchEvidence(fetched) };
    const data = { ...base, url: fetched.url };
    const seen = [...observed, fetchLine(fetched)];
    if (fetched.outcome !== 'ok') return fetchVerdict(fetched, data, evidence, seen);
    const policy = parsePolicy(fetched.body);
    seen.push(...fetched.body.split(/\r?\n/).filter((l) => l.trim() !== '').slice(0, 20).map((l) => `  ${l}`));
    const judged = { ...evidence, policy: { mode: policy.mode, mx: policy.mx, maxAge: policy.maxAge } };
    if (policy.problems.length > 0) {
      return { status: 'fail', message: 'invalidPolicy', remedy: 'policy', data: { ...data, ...proposal(policy, mx.targets), problems: policy.problems }, evidence: { ...judged, problems: policy.problems }, observed: seen };
    }
    return matchVerdict(policy, mx.targets, fetched.contentType, data, judged, seen);
  },
});

/** A fresh policy id from the run's clock: 1-32 alphanumerics (RFC 8461 §3.1). */
function newId(now: Date): string {
  return now.toISOString().replace(/[^0-9]/g, '').slice(0, 14);
}

/** The address of mta-sts.<domain> by the run's resolver (IPv4 first); undefined when it has none (NXDOMAIN, NODATA). */
async function policyHostAddress(ctx: CheckContext, host: string): Promise<string | undefined> {
  const found = await hostAddresses(ctx, host);
  if (found.outcome === 'unverified') must(found.failed!);
  return found.addresses[0];
}

function fetchEvidence(fetched: PolicyFetch): Record<string, unknown> {
  if (fetched.outcome !== 'ok') return { ...fetched };
  return { url: fetched.url, outcome: 'ok', status: fetched.status, contentType: fetched.contentType, bytes: Buffer.byteLength(fetched.body) };
}

function fetchLine(f: PolicyFetch): string {
  switch (f.outcome) {
    case 'ok':
      return `GET ${f.url}: HTTP ${f.status}, ${f.contentType ?? 'no Content-Type'}`;
    case 'http':
      return `GET ${f.url}: HTTP ${f.status}${f.location ? `, Location: ${f.location}` : ''}`;
    case 'too-large':
      return `GET ${f.url}: body over ${f.limit} bytes, not read further`;
    case 'timeout':
      return `GET ${f.url}: no complete answer within ${f.timeoutMs} ms`;
    default:
      return `GET ${f.url}: ${f.code} ${f.reason}`;
  }
}

/** A fetch that produced no policy: fail when every sender would hit it too, error when it may be transient or local. */
/** The keys of the mtasts.policy meta a failed fetch can name. */
type FetchVerdict = Verdict<'certificate' | 'redirect' | 'http' | 'httpServer' | 'tooLarge' | 'timeout' | 'network', 'certificate' | 'redirect' | 'publish' | 'retry'>;

function fetchVerdict(f: Exclude<PolicyFetch, { outcome: 'ok' }>, data: TemplateData, evidence: Record<string, unknown>, observed: string[]): FetchVerdict {
  const out = (status: Verdict['status'], message: FetchVerdict['message'], remedy: NonNullable<FetchVerdict['remedy']>, extra: TemplateData = {}): FetchVerdict => ({
    status, message, remedy, data: { ...data, ...extra }, evidence, observed,
  });
  switch (f.outcome) {
    case 'certificate':
      return out('fail', 'certificate', 'certificate', { code: f.code, reason: f.reason });
    case 'http':
      if (f.status >= 300 && f.status < 400) return out('fail', 'redirect', 'redirect', { status: f.status, location: f.location ?? '(no Location)' });
      // 4xx: the file is missing or refused for everyone; 5xx and oddities may pass: not judged.
      if (f.status >= 400 && f.status < 500) return out('fail', 'http', 'publish', { status: f.status });
      return out('error', 'httpServer', 'retry', { status: f.status });
    case 'too-large':
      return out('fail', 'tooLarge', 'publish', { limit: f.limit });
    case 'timeout':
      return out('error', 'timeout', 'retry', { timeoutMs: f.timeoutMs });
    default:
      return out('error', 'network', 'retry', { code: f.code, reason: f.reason });
  }
}

/** The remedy's policy: one mx pattern per MX in use (Microsoft hosts by wildcard, §4.1), the current mode and max_age kept. */
function proposal(policy: StsPolicy, targets: readonly MxTarget[]): TemplateData {
  const patterns = [
    ...new Set(targets.map((t) => (t.kind.type === 'microsoft' ? wildcardFor(t.exchange) : (matchingPattern(policy.mx, t.exchange) ?? t.exchange.toLowerCase())))),
  ];
  const mode = policy.mode === 'testing' || policy.mode === 'none' ? policy.mode : 'enforce';
  const maxAge = policy.maxAge !== undefined && Number.isFinite(policy.maxAge) && policy.maxAge > 0 ? policy.maxAge : 604800;
  const moreMx = patterns.length > 1 ? `with one more "mx:" line for each of: ${patterns.slice(1).join(', ')}. ` : '';
  return { mode, mx: patterns[0] ?? '', maxAge, moreMx };
}

function matchVerdict(
  policy: StsPolicy,
  targets: readonly MxTarget[],
  contentType: string | undefined,
  data: TemplateData,
  evidence: Record<string, unknown>,
  observed: string[],
): Verdict<'off' | 'matches' | 'contentType' | 'testingMismatch' | 'enforcePartial' | 'enforceMismatch', 'contentType' | 'policy'> {
  const unmatchedTargets = targets.filter((t) => matchingPattern(policy.mx, t.exchange) === undefined);
  const unmatched = unmatchedTargets.map((t) => t.exchange);
  const matched = targets.filter((t) => !unmatchedTargets.includes(t)).map((t) => t.exchange);
  const all = { ...data, ...proposal(policy, targets), mode: policy.mode ?? '', unmatched, matched, contentType: contentType ?? 'no Content-Type' };
  const judged = { ...evidence, unmatched, matched };
  // RFC 8461 §5: mode none means senders do not apply the policy; publishing it is how MTA-STS is withdrawn (§8.3).
  if (policy.mode === 'none') return { status: 'pass', message: 'off', data: all, evidence: judged };
  if (unmatched.length === 0) {
    // RFC 8461 §3.2: the policy is served as text/plain; a sender that checks the media type ignores it otherwise.
    if (contentType !== undefined && contentType.split(';')[0]!.trim().toLowerCase() === 'text/plain') {
      return { status: 'pass', message: 'matches', data: all, evidence: judged };
    }
    return { status: 'warn', message: 'contentType', remedy: 'contentType', data: all, evidence: judged, observed };
  }
  // RFC 8461 §5: in testing, senders deliver anyway and only report; in enforce, an unmatched MX is not used.
  if (policy.mode === 'testing') return { status: 'warn', message: 'testingMismatch', remedy: 'policy', data: all, evidence: judged, observed };
  const microsoftMissed = unmatchedTargets.some((t) => t.kind.type === 'microsoft');
  if (microsoftMissed || matched.length === 0) return { status: 'fail', message: 'enforceMismatch', remedy: 'policy', data: all, evidence: judged, observed };
  return { status: 'warn', message: 'enforcePartial', remedy: 'policy', data: all, evidence: judged, observed };
}
