// mx.targets-resolve: every MX target is a host name with A/AAAA records, not a CNAME, IP literal or dangling.
import { defineCheck } from '../../engine/define.js';
import type { Check, Status, Verdict } from '../../engine/types.js';
import { hostAddresses } from '../shared/host-addresses.js';
import { mxFacts } from './facts.js';
import { DNS_RETRY_REMEDY } from '../../engine/messages.js';

interface TargetVerdict {
  exchange: string;
  problem: 'ok' | 'ip-literal' | 'cname' | 'dangling' | 'no-address' | 'unverified';
  addresses: string[];
  cname?: string;
  reason?: string;
}

const STATUS_OF: Record<TargetVerdict['problem'], Status> = {
  ok: 'pass',
  cname: 'warn', // RFC 2181 §10.3 forbids it, but most senders still follow the alias
  'ip-literal': 'fail',
  dangling: 'fail',
  'no-address': 'fail',
  unverified: 'error',
};

/** MX targets resolved at most (in preference order). */
const MAX_TARGETS = 32;

export const mxTargetsResolve = defineCheck({
  meta: {
    id: 'mx.targets-resolve',
    title: 'MX targets resolve',
    verifies: 'every MX target is a host name with A/AAAA records (not a CNAME, not an IP literal, not dangling)',
    messages: {
      ok: 'Every MX target has addresses: {summary}.',
      noMx: 'No MX targets to resolve (see mx.present).',
      broken: 'Some MX targets cannot receive mail: {problems}. Senders that pick them retry and finally bounce.',
      cname:
        'MX target {problems}: RFC 2181 §10.3 and RFC 5321 §5.1 require the MX to name a host with its own A/AAAA records; some senders refuse an alias.',
      unverified: 'Could not resolve every MX target: {problems}. Nothing was judged from the missing answers.',
    },
    remedies: {
      fix: 'At your DNS host, correct the MX record(s): each must name a host with A/AAAA records (for Microsoft 365, the exact host shown in the admin center), never an IP address; delete MX records whose host no longer exists.',
      cname: 'Point the MX record at the canonical host name ({canonical}) instead of the alias.',
      retry: DNS_RETRY_REMEDY,
    },
  },
  async run(ctx) {
    const facts = await mxFacts(ctx);
    if (facts.outcome !== 'records') return { status: 'skip', message: 'noMx', observed: facts.observed };
    // A domain has a few MX hosts; a hostile zone can list hundreds. Resolve the first ones, say how many were not.
    const judged = facts.targets.slice(0, MAX_TARGETS);
    const notChecked = facts.targets.length - judged.length;
    const resolved = await Promise.all(
      judged.map(async (t): Promise<{ verdict: TargetVerdict; observed: string[] }> => {
        if (t.kind.type === 'ip-literal') {
          return { verdict: { exchange: t.exchange, problem: 'ip-literal', addresses: [] }, observed: [] };
        }
        const host = await hostAddresses(ctx, t.exchange);
        const v: TargetVerdict = { exchange: t.exchange, problem: 'ok', addresses: host.addresses };
        const last = host.cnames[host.cnames.length - 1];
        if (last?.type === 'CNAME') v.cname = last.data;
        if (host.outcome === 'unverified') {
          v.problem = 'unverified';
          v.reason = host.failed?.reason ?? host.failed?.status ?? 'no answer';
        } else if (host.outcome === 'nxdomain') v.problem = 'dangling';
        else if (host.outcome === 'noaddress') v.problem = 'no-address';
        else if (host.cnames.length > 0) v.problem = 'cname';
        return { verdict: v, observed: host.observed };
      }),
    );
    const verdicts = resolved.map((r) => r.verdict);
    const observed = [...facts.observed, ...resolved.flatMap((r) => r.observed)];
    const describe = (v: TargetVerdict): string => {
      switch (v.problem) {
        case 'ok':
          return `${v.exchange} → ${v.addresses.length <= 4 ? v.addresses.join(', ') : `${v.addresses.slice(0, 4).join(', ')} (+${v.addresses.length - 4} more)`}`;
        case 'ip-literal':
          return `${v.exchange} is an IP address, not a host name`;
        case 'cname':
          return `${v.exchange} is an alias (CNAME) of ${v.cname}`;
        case 'dangling':
          return v.cname ? `${v.exchange} is an alias of ${v.cname}, which does not exist` : `${v.exchange} does not exist (NXDOMAIN)`;
        case 'no-address':
          return `${v.exchange} has no A or AAAA record`;
        case 'unverified':
          return `${v.exchange}: ${v.reason}`;
      }
    };
    const evidence = notChecked > 0 ? { targets: verdicts, notChecked } : { targets: verdicts };
    if (notChecked > 0) observed.push(`${notChecked} more MX targets not resolved (only the first ${MAX_TARGETS} are)`);
    const order: Status[] = ['fail', 'error', 'warn', 'pass'];
    const worst = order.find((s) => verdicts.some((v) => STATUS_OF[v.problem] === s)) ?? 'pass';
    const pick = (s: Status) => verdicts.filter((v) => STATUS_OF[v.problem] === s).map(describe);
    switch (worst) {
      case 'fail':
        return { status: 'fail', message: 'broken', remedy: 'fix', data: { problems: pick('fail') }, evidence, observed };
      case 'error':
        return { status: 'error', message: 'unverified', remedy: 'retry', data: { problems: pick('error') }, evidence, observed };
      case 'warn': {
        const canonical = verdicts.flatMap((v) => (v.problem === 'cname' && v.cname ? [v.cname] : []));
        return { status: 'warn', message: 'cname', remedy: 'cname', data: { problems: pick('warn'), canonical }, evidence, observed };
      }
      default:
        return { status: 'pass', message: 'ok', data: { summary: pick('pass') }, evidence, observed };
    }
  },
});
