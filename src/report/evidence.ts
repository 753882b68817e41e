// What a report shows of a finding's evidence: the observed lines, else a readable `;;` comment naming the structured evidence.
import type { Finding } from '../engine/types.js';

/**
 * The observed lines (zone-file records, `;;` comments for lookups that found nothing, SMTP replies) when
 * the check gave them. Otherwise (a check, or a plugin's, that kept only structured evidence) one `;;`
 * comment with its keys and values (`;; lookup: nxdomain; records: none`), cut at `max` characters (whole
 * code points): never raw JSON, which reads as noise under "seen:" (the JSON report keeps it all).
 * Raw data: each renderer escapes it for its own output.
 */
export function evidenceLines(f: Finding, max = 300): string[] {
  if (f.observed && f.observed.length > 0) return f.observed;
  const pairs = describe(f.evidence, '', 0);
  if (pairs.length === 0) return [];
  const chars = Array.from(`;; ${pairs.join('; ')}`);
  return [chars.length > max ? `${chars.slice(0, max - 3).join('')}...` : chars.join('')];
}

/** Nested objects are named by their path (`fetch.status`), at most this deep; deeper ones are counted. */
const MAX_DEPTH = 3;

function describe(value: unknown, path: string, depth: number): string[] {
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    const entries = Object.entries(value as Record<string, unknown>);
    if (depth >= MAX_DEPTH) return [`${path}: ${entries.length} fields`];
    return entries.flatMap(([key, v]) => describe(v, path === '' ? key : `${path}.${key}`, depth + 1));
  }
  return path === '' ? [] : [`${path}: ${scalar(value)}`];
}

function scalar(value: unknown): string {
  if (value === null || value === undefined) return 'none';
  if (Array.isArray(value)) {
    if (value.length === 0) return 'none';
    if (value.every((v) => v === null || typeof v !== 'object')) return value.map(scalar).join(', ');
    return `${value.length} entries`;
  }
  if (typeof value === 'string') return value === '' ? '""' : /[;,]|^\s|\s$/.test(value) ? JSON.stringify(value) : value;
  return String(value);
}
