// The JSON report (CHECKS.md "JSON report"): the report document, always complete, safe to print.
import type { Report } from '../engine/types.js';

/**
 * JSON.stringify escapes C0 controls but leaves DEL, C1 controls (U+009B can act as CSI) and bidi
 * overrides raw; escape them too so `cat report.json` on a terminal shows them as text.
 */
export function safeJson(value: unknown, indent = 2): string {
  return JSON.stringify(value, null, indent).replace(
    /[\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/gu,
    (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

export function renderJson(report: Report): string {
  return `${safeJson(report)}\n`;
}
