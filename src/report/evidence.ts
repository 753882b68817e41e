// What a report shows of a finding's evidence: the observed lines, else a compact form of the structured evidence.
import type { Finding } from '../engine/types.js';

/**
 * The observed lines (zone-file records, SMTP replies) when the check gave them, else the evidence as
 * one line of compact JSON cut at `maxJson` characters (whole code points, so no surrogate is split).
 * Raw data: each renderer escapes it for its own output.
 */
export function evidenceLines(f: Finding, maxJson = 300): string[] {
  if (f.observed && f.observed.length > 0) return f.observed;
  if (Object.keys(f.evidence).length === 0) return [];
  const json = JSON.stringify(f.evidence);
  const chars = Array.from(json);
  return [chars.length > maxJson ? `${chars.slice(0, maxJson - 3).join('')}...` : json];
}
