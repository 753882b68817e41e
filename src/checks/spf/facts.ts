// The domain's SPF record and its whole-tree analysis, computed once per run for every spf.* check.
import { formatRecord, resultLines } from '../../dns/format.js';
import type { DnsResult } from '../../dns/types.js';
import { must } from '../../engine/lookup.js';
import type { CheckContext } from '../../engine/types.js';
import { analyzeSpf, selectSpfRecord, type SpfAnalysis } from '../../spf/index.js';

export interface SpfFacts {
  lookup: DnsResult;
  /** Every TXT record starting "v=spf1" (RFC 7208 §4.5), strings joined with nothing between (§3.3). */
  records: string[];
  /** The one record, when there is exactly one. */
  record?: string;
  /** The analysis of the whole include tree, when there is exactly one record. */
  analysis?: SpfAnalysis;
  /** The SPF records as zone-file lines; without one, what the lookup found (every TXT record, or a `;;` line saying why none). */
  observed: string[];
}

async function loadSpf(ctx: CheckContext): Promise<SpfFacts> {
  const lookup = must(await ctx.dns.query(ctx.domain, 'TXT', { signal: ctx.signal }));
  const txt = lookup.records.flatMap((r) => (r.type === 'TXT' ? [r.data] : []));
  const selection = selectSpfRecord(txt);
  const records = selection.kind === 'one' ? [selection.text] : selection.kind === 'multiple' ? selection.texts : [];
  const spf = lookup.records.filter((r) => r.type === 'TXT' && selectSpfRecord([r.data]).kind === 'one').map(formatRecord);
  const observed = spf.length > 0 ? spf : resultLines(lookup);
  const facts: SpfFacts = { lookup, records, observed };
  if (selection.kind === 'one') {
    facts.record = selection.text;
    // The same resolver (cache, in-flight de-duplication) serves the analysis: the TXT above is not asked twice.
    facts.analysis = await analyzeSpf(ctx.domain, ctx.dns, { signal: ctx.signal });
  }
  return facts;
}

export function spfFacts(ctx: CheckContext): Promise<SpfFacts> {
  return ctx.memo('spf.facts', () => loadSpf(ctx));
}

/** Problems of the analysis that are DNS failures: parts of the tree could not be seen. */
export function dnsErrors(analysis: SpfAnalysis) {
  return analysis.problems.filter((p) => p.code === 'dns-error');
}
