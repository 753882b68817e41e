// spf.hosting-covered: check_host() returns pass for every hosting outbound address.
import { defineCheck } from '../../engine/define.js';
import type { Check, CheckContext, Verdict } from '../../engine/types.js';
import { mxFacts } from '../mx/facts.js';
import { checkHost, describeReason, type SpfCheckResult } from '../../spf/index.js';
import { isMicrosoftName } from '../../knowledge/microsoft-hosts.js';
import { hostingAddresses } from '../shared/smart-host.js';
import { spfFacts } from './facts.js';
import { ipTerm, txtLine, withTerm } from './suggest.js';
import { DNS_RETRY_REMEDY } from '../../engine/messages.js';

const SOURCE_NOTE = {
  given: 'given with --hosting-ip',
  'smart-host': 'the addresses of the smart host {host}',
  inferred: 'inferred: the addresses of {host}; give --hosting-ip if the hosting server sends from elsewhere',
} as const;

/** Whether the domain's MX hosts are all Microsoft 365's (false when the MX cannot be read). */
async function mxAllMicrosoft(ctx: CheckContext): Promise<boolean> {
  try {
    const facts = await mxFacts(ctx);
    return facts.targets.length > 0 && facts.targets.every((t) => t.kind.type === 'microsoft');
  } catch {
    return false;
  }
}

export const spfHostingCovered = defineCheck({
  meta: {
    id: 'spf.hosting-covered',
    title: "The hosting server's mail authorized",
    verifies: '`check_host()` returns `pass` for every hosting outbound IP',
    messages: {
      ok: 'SPF passes for the hosting server {ips} ({source}).',
      notCovered:
        'SPF gives {results} for the hosting server ({source}): mail sent from the hosting mailboxes lands in spam or is rejected.{mxNote}',
      noRecord: 'No single SPF record to evaluate (see spf.present).',
      unknown: 'Skipped: {reason}.',
      unverified: 'SPF could not be evaluated for {ips}: {problem}.',
      viaBypassMx:
        'SPF passes for the hosting server {ips} ({source}) only through "mx", because the hosting server is still an MX ({hosts}). Once that MX record is deleted (see mx.no-bypass), the hosting mailboxes\' mail fails SPF.',
    },
    remedies: {
      add: 'At your DNS host, publish the record with the hosting address added:\n{line}',
      addFirst: 'Add the hosting address to the record before (or when) you delete the hosting MX:\n{line}',
      retry: DNS_RETRY_REMEDY,
    },
  },
  async run(ctx) {
    const facts = await spfFacts(ctx);
    if (facts.record === undefined) return { status: 'skip', message: 'noRecord' };
    const hosting = await hostingAddresses(ctx);
    if (hosting.source === 'none') return { status: 'skip', message: 'unknown', data: { reason: hosting.reason } };
    const source = SOURCE_NOTE[hosting.source].replace('{host}', hosting.host ?? '');
    // The envelope a hosting server uses for its own mail: postmaster@domain says as much as any user.
    const results = await Promise.all(
      hosting.addresses.map(async (ip) => ({
        ip,
        spf: await checkHost({ ip, domain: ctx.domain, sender: `postmaster@${ctx.domain}`, helo: hosting.host ?? ctx.domain, dns: ctx.dns, signal: ctx.signal }),
      })),
    );
    const describe = (r: { ip: string; spf: SpfCheckResult }) => `${r.spf.result} for ${r.ip}${r.spf.reason ? ` (${describeReason(r.spf.reason)})` : ''}`;
    const evidence = {
      source: hosting.source,
      results: results.map((r) => ({ ip: r.ip, result: r.spf.result, lookups: r.spf.lookups, reason: r.spf.reason })),
    };
    const observed = [...facts.observed, ...results.map((r) => `check_host(${r.ip}, ${ctx.domain}) = ${r.spf.result}`)];
    const ips = results.map((r) => r.ip);
    const errors = results.filter((r) => r.spf.result === 'temperror');
    const bad = results.filter((r) => r.spf.result !== 'pass' && r.spf.result !== 'temperror');
    if (bad.length > 0) {
      let record = facts.record;
      for (const r of bad) record = withTerm(record, ipTerm(r.ip));
      // cPanel's default "+a +mx" covered the hosting server only while the MX pointed at it: say so when
      // "mx" was evaluated without matching and every MX host is Microsoft's now.
      const mxMissed = bad.some((r) => r.spf.tree.terms.some((t) => t.name === 'mx' && t.outcome === 'no-match'));
      const mxNote = mxMissed && (await mxAllMicrosoft(ctx))
        ? ' The record\'s "mx" now means Microsoft 365\'s inbound servers (the MX moved), so it no longer covers the hosting server.'
        : '';
      return { status: 'fail', message: 'notCovered', remedy: 'add', data: { results: bad.map(describe), source, mxNote, line: txtLine(ctx.domain, record) }, evidence, observed };
    }
    if (errors.length > 0) {
      return { status: 'error', message: 'unverified', remedy: 'retry', data: { ips: errors.map((r) => r.ip), problem: errors.map(describe) }, evidence, observed };
    }
    // cPanel's "+mx" still covers the hosting server while its MX is left in: a pass that the MX clean-up breaks.
    const viaMx = results.flatMap((r) => {
      const term = r.spf.tree.terms.find((t) => t.outcome === 'match');
      const host = term?.name === 'mx' ? term.matched?.name : undefined;
      return host && !isMicrosoftName(host) ? [{ ip: r.ip, host }] : [];
    });
    if (viaMx.length > 0) {
      let record = facts.record;
      for (const r of viaMx) record = withTerm(record, ipTerm(r.ip));
      return {
        status: 'warn',
        message: 'viaBypassMx',
        remedy: 'addFirst',
        data: { ips: viaMx.map((r) => r.ip), hosts: [...new Set(viaMx.map((r) => r.host))], source, line: txtLine(ctx.domain, record) },
        evidence,
        observed,
      };
    }
    return { status: 'pass', message: 'ok', data: { ips, source }, evidence, observed };
  },
});
