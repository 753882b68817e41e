// Looks up a DKIM selector (its own CNAME and the key TXT at the end of the chain) and judges the key record found.
import { formatRecord, formatResult } from '../../dns/format.js';
import type { DnsResult } from '../../dns/types.js';
import { inspectDkimKey, type DkimKeyInspection } from '../../dkim/inspect.js';
import { isFact } from '../../engine/lookup.js';
import type { CheckContext } from '../../engine/types.js';

export interface SelectorLookup {
  selector: string;
  /** `<selector>._domainkey.<domain>`. */
  name: string;
  /** The CNAME question at the name: its first hop, even when the target does not answer. */
  cname: DnsResult;
  /** The TXT question, CNAMEs followed: the key record where the chain ends. */
  txt: DnsResult;
}

export function selectorName(selector: string, domain: string): string {
  return `${selector}._domainkey.${domain}`;
}

export async function lookupSelector(ctx: CheckContext, selector: string): Promise<SelectorLookup> {
  const name = selectorName(selector, ctx.domain);
  const [cname, txt] = await Promise.all([
    ctx.dns.query(name, 'CNAME', { signal: ctx.signal }),
    ctx.dns.query(name, 'TXT', { signal: ctx.signal }),
  ]);
  return { selector, name, cname, txt };
}

/** The CNAME target at the name itself, when there is one. */
export function firstHop(lookup: SelectorLookup): string | undefined {
  const own = lookup.cname.records.find((r) => r.type === 'CNAME');
  if (own?.type === 'CNAME') return own.data;
  const followed = lookup.txt.cnames[0];
  return followed?.type === 'CNAME' ? followed.data : undefined;
}

/** Each TXT record's character-strings joined with nothing between (RFC 6376 §3.6.2.2). */
export function txtTexts(result: DnsResult): string[] {
  return result.records.flatMap((r) => (r.type === 'TXT' ? [r.data.join('')] : []));
}

/** What the key lookup found at the end of the chain. */
export type KeyFinding =
  | { state: 'none' }
  /** RFC 6376 §3.6.2.2: several TXT records at a selector make the result undefined. */
  | { state: 'several'; texts: string[] }
  | { state: 'one'; text: string; inspection: DkimKeyInspection };

/** Judge the TXT records of an answered lookup (the caller makes sure it is a fact). */
export function keyFinding(txt: DnsResult): KeyFinding {
  const texts = txtTexts(txt);
  if (texts.length === 0) return { state: 'none' };
  if (texts.length > 1) return { state: 'several', texts };
  return { state: 'one', text: texts[0]!, inspection: inspectDkimKey(texts[0]!) };
}

/** Zone-file lines of what was seen: the chain and the key, or the negative answer. */
export function selectorObserved(lookup: SelectorLookup): string[] {
  if (isFact(lookup.txt)) return formatResult(lookup.txt).split('\n');
  return [...lookup.cname.records.map(formatRecord), ...formatResult(lookup.txt).split('\n')];
}

/** Compact evidence of a key finding for the JSON report (raw texts, parsed tags, key facts). */
export function keyEvidence(finding: KeyFinding): Record<string, unknown> {
  switch (finding.state) {
    case 'none':
      return { keys: 0 };
    case 'several':
      return { keys: finding.texts.length, records: finding.texts };
    case 'one': {
      const i = finding.inspection;
      const tags = Object.fromEntries((i.ok ? i.record.tags : i.tags).map((t) => [t.name, t.value]));
      return i.ok
        ? { keys: 1, record: finding.text, tags, key: { type: i.key.type, bits: i.key.bits, encoding: i.key.encoding }, testing: i.testing, cautions: i.cautions }
        : { keys: 1, record: finding.text, tags, defect: i.defect };
    }
  }
}
