// RFC 7489 §7.1: a report address in another organisation's domain needs that domain's authorisation record.
import type { DnsStatus } from '../../dns/types.js';
import { discoverDmarc } from '../../dmarc/discovery.js';
import { sameOrganisation } from '../../dmarc/organizational-domain.js';
import type { DmarcUri } from '../../dmarc/uri.js';
import { isFact } from '../../engine/lookup.js';
import type { CheckContext } from '../../engine/types.js';

export interface ReportAuthorization {
  /** The report domain (the part after @ of a mailto: URI). */
  domain: string;
  /** `<policy domain>._report._dmarc.<report domain>`. */
  name: string;
  /** `unverified`: the lookup went unanswered; it does not change the verdict (an optional extra). */
  outcome: 'authorized' | 'missing' | 'unverified';
  /**
   * With `authorized`: whether OpenDMARC 1.4.2 takes it too. It accepts only a record reading exactly
   * `v=DMARC1` (its xdomain check compares the whole text), not `v=DMARC1; p=none`.
   */
  openDmarc?: boolean;
  lookup: DnsStatus;
  reason?: string;
}

/** Look up the authorisation of every report domain outside the policy domain's organisation (its Organizational Domain, RFC 7489 §3.2). */
export async function reportAuthorizations(ctx: CheckContext, uris: readonly DmarcUri[]): Promise<ReportAuthorization[]> {
  const domains = [...new Set(uris.flatMap((u) => (u.domain !== undefined && !sameOrganisation(ctx.domain, u.domain) ? [u.domain] : [])))];
  return Promise.all(
    domains.map(async (domain): Promise<ReportAuthorization> => {
      const name = `${ctx.domain}._report._dmarc.${domain}`;
      const result = await ctx.dns.query(name, 'TXT', { signal: ctx.signal });
      const base = { domain, name, lookup: result.status };
      if (!isFact(result)) return { ...base, outcome: 'unverified', reason: result.reason ?? result.status };
      // A record that starts with v=DMARC1 authorises the reports (RFC 7489 §7.1 step 5), as receivers
      // read the start: Mail::DMARC wants the exact letters "v=DMARC1" (any case), no spaces around "=".
      const texts = result.records.flatMap((r) => (r.type === 'TXT' ? [r.data.join('')] : []));
      const found = texts.filter((t) => {
        const d = discoverDmarc(t);
        return d.rfc && d.mailDmarc;
      });
      if (found.length === 0) return { ...base, outcome: 'missing' };
      return { ...base, outcome: 'authorized', openDmarc: found.some((t) => t === 'v=DMARC1') };
    }),
  );
}
