// autodiscover.srv: no _autodiscover._tcp SRV record sends Outlook to anything but Microsoft 365.
import { formatRecord, resultLines } from '../../dns/format.js';
import { must } from '../../engine/lookup.js';
import { defineCheck } from '../../engine/define.js';
import type { Check, Verdict } from '../../engine/types.js';
import { hostingVendor } from '../../knowledge/hosting.js';
import { microsoftAutodiscover } from '../../knowledge/microsoft-hosts.js';

export const autodiscoverSrv = defineCheck({
  meta: {
    id: 'autodiscover.srv',
    title: 'No autodiscover SRV leftover',
    verifies: 'no `_autodiscover._tcp` SRV record sends Outlook elsewhere',
    messages: {
      none: 'No SRV record at {name}: Outlook relies on the autodiscover CNAME.',
      microsoft: 'The SRV record(s) at {name} point at Microsoft ({targets}).',
      elsewhere:
        'The SRV record at {name} sends Outlook to {targets}{vendorNote}: Outlook can use it to set up Microsoft 365 users against the hosting server, where they get no mail.',
    },
    remedies: {
      delete:
        'At your DNS host (in cPanel: Domains → Zone Editor), delete:\n{records}\nIf the hosting panel manages the zone and adds it back, ask the host to stop publishing mail autodiscovery for this domain.',
    },
  },
  async run(ctx) {
    const name = `_autodiscover._tcp.${ctx.domain}`;
    const result = must(await ctx.dns.query(name, 'SRV', { signal: ctx.signal }));
    const srv = result.records.flatMap((r) => (r.type === 'SRV' ? [{ record: r, data: r.data }] : []));
    const observed = result.records.map(formatRecord);
    if (srv.length === 0) return { status: 'pass', message: 'none', data: { name }, evidence: { lookup: result.status }, observed: resultLines(result) };
    // RFC 2782: a target of "." says the service is decidedly not available, which is harmless.
    const bad = srv.filter((s) => s.data.target !== '' && !microsoftAutodiscover(s.data.target));
    const evidence = { srv: srv.map((s) => s.data) };
    if (bad.length === 0) {
      const targets = srv.map((s) => s.data.target || '.');
      return { status: 'pass', message: 'microsoft', data: { name, targets }, evidence, observed };
    }
    const vendors = [...new Set(bad.flatMap((s) => hostingVendor(s.data.target) ?? []))];
    return {
      status: 'fail',
      message: 'elsewhere',
      remedy: 'delete',
      data: {
        name,
        targets: bad.map((s) => `${s.data.target}:${s.data.port}`),
        vendorNote: vendors.length > 0 ? ` (${vendors.join(', ')})` : '',
        records: bad.map((s) => formatRecord(s.record)),
      },
      evidence,
      observed,
    };
  },
});
