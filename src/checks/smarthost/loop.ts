// smarthost.loop: the smart host is not Microsoft 365 itself (by name, by the MX's addresses, by Microsoft's ranges), or mail loops until 5.4.14.
import { defineCheck } from '../../engine/define.js';
import type { Check, Verdict } from '../../engine/types.js';
import { smartHost } from '../shared/smart-host.js';
import { MICROSOFT_RANGES, microsoftMxAddresses, microsoftName, microsoftRangeVerdicts } from './microsoft.js';
import { CONNECTOR_PAGE } from './wording.js';
import { DNS_RETRY_REMEDY } from '../../engine/messages.js';

export const smarthostLoop = defineCheck({
  meta: {
    id: 'smarthost.loop',
    title: 'Smart host is not Microsoft 365',
    verifies: 'the smart host is not Microsoft 365 itself (mail loop, 5.4.14)',
    messages: {
      ok: 'The smart host {host} ({addresses}) is not Microsoft 365: not by name, not at your Microsoft MX\'s addresses, not in Microsoft\'s ranges. Not visible from here: a connector set to MX routing instead of the smart host also loops.',
      unknown: 'Not checked: {reason}.',
      noAddress: 'Not checked: the smart host {host} has no address (see smarthost.resolves).',
      byName:
        'The smart host {host} is a Microsoft 365 host{via}: Exchange Online would relay mail for hosting mailboxes back to itself, round and round, until it bounces with "554 5.4.14 Hop count exceeded - possible mail loop".',
      byAddress:
        'The smart host {host} resolves to {matches}, the address(es) of your Microsoft 365 MX {mx}: Exchange Online would relay mail for hosting mailboxes back to itself until it bounces with "554 5.4.14 Hop count exceeded - possible mail loop".',
      byRange:
        'The smart host {host} resolves to {matches}, inside Microsoft 365\'s own ranges ({ranges}): Exchange Online would relay mail for hosting mailboxes back to Microsoft until it bounces with "554 5.4.14 Hop count exceeded - possible mail loop".',
      rangeUnknown:
        "Could not finish: the smart host {host} is not Microsoft 365 by name or by your MX's addresses, but Microsoft's ranges ({ranges}) could not be read: {reason}.",
    },
    remedies: {
      fix: `Set the connector's smart host to the hosting server's own port-25 host (its server name, or mail.{domain} if that points at the hosting server), never the domain's MX, which is Microsoft 365: ${CONNECTOR_PAGE} → Routing → "Route email through these smart hosts". Do not use "Use the MX record associated with the partner's domain" either: the MX is Microsoft, so that loops too.`,
      retry: DNS_RETRY_REMEDY,
    },
  },
  async run(ctx) {
    const sh = await smartHost(ctx);
    if (sh.source === 'none') return { status: 'skip', message: 'unknown', data: { reason: sh.reason } };
    if (sh.addresses.length === 0) return { status: 'skip', message: 'noAddress', data: { host: sh.host } };
    const observed = sh.resolution?.observed ?? [];
    const base = { host: sh.host, addresses: sh.addresses, ranges: MICROSOFT_RANGES, domain: ctx.domain };
    // By name: the host itself or any alias on its way is Microsoft's (<token>.mail.protection.outlook.com, *.mx.microsoft, ...).
    const byName = microsoftName(sh);
    if (byName) {
      const via = byName.via ? ` (an alias of ${byName.via})` : '';
      return { status: 'fail', message: 'byName', remedy: 'fix', data: { ...base, via }, evidence: { host: sh.host, cname: byName.via }, observed };
    }
    // By address: the smart host is the domain's Microsoft MX under another name.
    const msMx = await microsoftMxAddresses(ctx);
    const sameAsMx = sh.addresses.filter((a) => msMx.has(a));
    if (sameAsMx.length > 0) {
      const mx = [...new Set(sameAsMx.map((a) => msMx.get(a) ?? ''))];
      return { status: 'fail', message: 'byAddress', remedy: 'fix', data: { ...base, matches: sameAsMx, mx }, evidence: { addresses: sh.addresses, microsoftMx: mx }, observed };
    }
    // By range: one SPF evaluator for the project (RFC 7208 check_host()); pass means Microsoft sends from there.
    const ranges = await microsoftRangeVerdicts(ctx, sh.addresses);
    const evidence = { addresses: sh.addresses, microsoftRanges: ranges.map((r) => ({ ip: r.ip, result: r.spf.result })) };
    const inRange = ranges.filter((r) => r.spf.result === 'pass').map((r) => r.ip);
    if (inRange.length > 0) return { status: 'fail', message: 'byRange', remedy: 'fix', data: { ...base, matches: inRange }, evidence, observed };
    const unknown = ranges.find((r) => r.spf.result === 'temperror');
    if (unknown) {
      const reason = unknown.spf.reason?.code === 'dns-error' ? `${unknown.spf.reason.type} ${unknown.spf.reason.name}: ${unknown.spf.reason.status}` : 'temperror';
      return { status: 'error', message: 'rangeUnknown', remedy: 'retry', data: { ...base, reason }, evidence, observed };
    }
    return { status: 'pass', message: 'ok', data: base, evidence, observed };
  },
});
