// Writes the DMARC record to publish: the published one with its invalid parts dropped and the policy raised as asked.
import type { DmarcRecord, Policy } from '../../dmarc/record.js';

/** The record splitcheck proposes when there is none: quarantine, with aggregate reports to the domain itself. */
export function newDmarcRecord(domain: string): string {
  return `v=DMARC1; p=quarantine; rua=mailto:${reportAddress(domain)}`;
}

export function reportAddress(domain: string): string {
  return `dmarc-reports@${domain}`;
}

export interface SuggestOptions {
  /** The policy to write (default: the record's, else quarantine). */
  policy?: Policy;
  /** Drop pct (its default, 100, applies the policy to all failing mail). */
  fullPct?: boolean;
  /** Drop sp=none, so subdomains get the policy of p. */
  dropWeakSubdomainPolicy?: boolean;
  /** Add this rua= address when the record requests no aggregate reports. */
  addRua?: string;
}

/**
 * `v=DMARC1; p=...` first, then the other well-formed tags in their published order: invalid values and
 * invalid report URIs are left out (receivers discard them anyway, RFC 7489 §6.3), unknown tags are kept.
 */
export function correctedDmarcRecord(record: DmarcRecord, options: SuggestOptions = {}): string {
  const badTags = new Set(record.problems.flatMap((p) => (p.code === 'bad-value' ? [p.tag as string] : [])));
  const parts = ['v=DMARC1', `p=${options.policy ?? record.policy ?? 'quarantine'}`];
  for (const { name, value } of record.tags) {
    if (name === 'v' || name === 'p' || badTags.has(name)) continue;
    if (name === 'pct' && options.fullPct) continue;
    if (name === 'sp' && options.dropWeakSubdomainPolicy && record.subdomainPolicy === 'none') continue;
    if (name === 'rua' || name === 'ruf') {
      const uris = record[name].map((u) => `${u.uri}${u.maxSize !== undefined ? `!${u.maxSize}` : ''}`);
      if (uris.length > 0) parts.push(`${name}=${uris.join(',')}`);
      continue;
    }
    parts.push(`${name}=${value}`);
  }
  if (options.addRua !== undefined && record.rua.length === 0) parts.push(`rua=mailto:${options.addRua}`);
  return parts.join('; ');
}
