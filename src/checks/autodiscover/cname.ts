// autodiscover.cname: autodiscover.<domain> is a CNAME to Microsoft's autodiscover host (judged by its first hop).
import { formatRecord, resultLines } from '../../dns/format.js';
import { must } from '../../engine/lookup.js';
import { defineCheck } from '../../engine/define.js';
import type { Check, CheckContext, Verdict } from '../../engine/types.js';
import { hostingVendor } from '../../knowledge/hosting.js';
import { CLOUDS, sameCloudFamily, type Cloud } from '../../knowledge/clouds.js';
import { microsoftAutodiscover } from '../../knowledge/microsoft-hosts.js';
import { mxFacts } from '../mx/facts.js';

/** The Microsoft clouds the MX points at, when the MX can be read (no error if it cannot). */
async function mxClouds(ctx: CheckContext): Promise<Cloud[]> {
  try {
    const facts = await mxFacts(ctx);
    return [...new Set(facts.targets.flatMap((t) => (t.kind.type === 'microsoft' ? [t.kind.cloud] : [])))];
  } catch {
    return [];
  }
}

export const autodiscoverCname = defineCheck({
  meta: {
    id: 'autodiscover.cname',
    title: 'Autodiscover points at Microsoft 365',
    verifies: "`autodiscover.<domain>` is a CNAME to Microsoft's autodiscover host",
    messages: {
      ok: '{name} is a CNAME to {target} ({cloud}).',
      cloudMismatch:
        '{name} is a CNAME to {target} ({cloud}), but the MX is in {mxCloud}: Outlook may look for the mailboxes in the wrong cloud.',
      hosting:
        '{name} is a CNAME to {target}, the {vendor} mail server: Outlook can set up Microsoft 365 users against the hosting server, where they get no mail.',
      indirect:
        '{name} is a CNAME to {target}, which leads on to {msTarget}: it works, but Microsoft expects the CNAME to point at {msTarget} directly, and the intermediate name can change under you.',
      elsewhere:
        '{name} is a CNAME to {target}, not to Microsoft: Outlook can set up Microsoft 365 users against that server, where they get no mail.',
      address:
        '{name} has an address record ({addresses}), typically the one cPanel creates for the hosting server, instead of a CNAME to Microsoft: Outlook can set up Microsoft 365 users against the hosting server.',
      missing:
        'There is no CNAME at {name}: current Outlook versions still find Microsoft 365 mailboxes, but older clients and Microsoft\'s own domain check rely on it.',
    },
    remedies: {
      // The record on a line of its own: kept whole, so it copies as one line into a DNS panel.
      publish: 'At your DNS host, publish:\n{name}. 3600 IN CNAME {expected}.',
      replace:
        'At your DNS host, delete the existing record(s) at {name} (a CNAME cannot coexist with other records at the same name) and publish:\n{name}. 3600 IN CNAME {expected}.',
      cloud: 'Point {name} at the autodiscover host of your cloud:\n{name}. 3600 IN CNAME {expected}.',
    },
  },
  async run(ctx) {
    const name = `autodiscover.${ctx.domain}`;
    const [cname, address, clouds] = await Promise.all([
      ctx.dns.query(name, 'CNAME', { signal: ctx.signal }).then(must),
      ctx.dns.query(name, 'A', { signal: ctx.signal }),
      mxClouds(ctx),
    ]);
    const mxCloud = clouds[0];
    const expected = CLOUDS[mxCloud ?? 'commercial'].autodiscover;
    const data = { name, expected, mxCloud: mxCloud ? CLOUDS[mxCloud].name : '' };
    const first = cname.records.find((r) => r.type === 'CNAME');
    if (first?.type === 'CNAME') {
      // Judge the first hop: Microsoft's own host is itself an alias chain whose end names change.
      const target = first.data;
      const observed = [formatRecord(first)];
      const evidence = { cname: target, chain: address.cnames.map((r) => r.data) };
      const cloud = microsoftAutodiscover(target);
      if (cloud) {
        const mismatch = clouds.length > 0 && !clouds.some((c) => sameCloudFamily(c, cloud));
        return mismatch
          ? { status: 'warn', message: 'cloudMismatch', remedy: 'cloud', data: { ...data, target, cloud: CLOUDS[cloud].name }, evidence, observed }
          : { status: 'pass', message: 'ok', data: { ...data, target, cloud: CLOUDS[cloud].name }, evidence, observed };
      }
      const vendor = hostingVendor(target);
      if (vendor) return { status: 'fail', message: 'hosting', remedy: 'replace', data: { ...data, target, vendor }, evidence, observed };
      const msHop = address.cnames.map((r) => String(r.data)).find((t) => microsoftAutodiscover(t));
      if (msHop) {
        return { status: 'warn', message: 'indirect', remedy: 'replace', data: { ...data, target, msTarget: msHop }, evidence, observed };
      }
      // The first hop is neither Microsoft nor a hosting panel: only the rest of the chain can tell `indirect`
      // (warn) from `elsewhere` (fail). If following it went unanswered, that is `error`, never a guessed fail.
      must(address);
      return { status: 'fail', message: 'elsewhere', remedy: 'replace', data: { ...data, target }, evidence, observed };
    }
    if (cname.status === 'nodata') {
      // The name exists without a CNAME: an address record here is cPanel's leftover (DOMAIN.md §3).
      must(address);
      let records = address.records.filter((r) => r.type === 'A');
      if (records.length === 0) {
        // An AAAA alone (cPanel on an IPv6 server) sends Outlook to the hosting server just as an A does;
        // asked only when there is no A, and an unanswered AAAA lookup is an error, not "missing".
        const v6 = must(await ctx.dns.query(name, 'AAAA', { signal: ctx.signal }));
        records = v6.records.filter((r) => r.type === 'AAAA');
      }
      const addresses = records.flatMap((r) => (r.type === 'A' || r.type === 'AAAA' ? [r.data] : []));
      if (addresses.length > 0) {
        return {
          status: 'fail',
          message: 'address',
          remedy: 'replace',
          data: { ...data, addresses },
          evidence: { addresses },
          observed: records.map(formatRecord),
        };
      }
    }
    return { status: 'warn', message: 'missing', remedy: 'publish', data, evidence: { lookup: cname.status }, observed: resultLines(cname) };
  },
});
