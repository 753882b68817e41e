// Folds per-address (and per-mailbox) judgements into one verdict: the worst status first, each distinct finding said once.
import { fillTemplate } from '../../engine/template.js';
import type { CheckMeta, Status, TemplateData, Verdict } from '../../engine/types.js';

/** One judgement about one target (an address, a mailbox): a message key of the check's meta and its data. */
export interface Part {
  status: Status;
  message: string;
  remedy?: string;
  /** Who it is about ("mail.example.com [203.0.113.5]:25"); parts with the same message and data are merged, `where` listed. */
  where?: string;
  data?: TemplateData;
}

const SEVERITY: Record<Status, number> = { fail: 0, error: 1, warn: 2, pass: 3, skip: 4 };

/** Merge parts that say the same thing about different targets. */
function merge(parts: readonly Part[]): Array<Part & { targets: string[] }> {
  const merged = new Map<string, Part & { targets: string[] }>();
  for (const part of parts) {
    const key = `${part.status}\n${part.message}\n${JSON.stringify(part.data ?? {})}`;
    const seen = merged.get(key);
    if (seen) {
      if (part.where && !seen.targets.includes(part.where)) seen.targets.push(part.where);
    } else {
      merged.set(key, { ...part, targets: part.where ? [part.where] : [] });
    }
  }
  return [...merged.values()].sort((a, b) => SEVERITY[a.status] - SEVERITY[b.status]);
}

/**
 * The verdict for several parts. One distinct part keeps its meta keys (the engine fills the wording); more
 * are told in order of severity, each filled from the same meta templates, and passing parts are left out
 * once something is wrong.
 */
export function combine(meta: CheckMeta, parts: readonly Part[], extra: Pick<Verdict, 'evidence' | 'observed'>): Verdict {
  const merged = merge(parts);
  const first = merged[0];
  if (!first) throw new Error(`${meta.id}: nothing to judge`);
  // A skip points at the check that has the evidence; repeating it under the skip is noise.
  if (first.status === 'skip') extra = {};
  const withWhere = (p: Part & { targets: string[] }): TemplateData => ({ ...(p.data ?? {}), where: p.targets });
  if (merged.length === 1) {
    const verdict: Verdict = { status: first.status, message: first.message, data: withWhere(first), ...extra };
    if (first.remedy) verdict.remedy = first.remedy;
    return verdict;
  }
  const told = first.status === 'pass' ? [first] : merged.filter((p) => p.status !== 'pass');
  const text = (templates: Record<string, string> | undefined, key: string | undefined, p: Part & { targets: string[] }) =>
    key === undefined ? undefined : fillTemplate(templates?.[key] ?? key, withWhere(p));
  const messages = [...new Set(told.map((p) => text(meta.messages, p.message, p)).filter((m): m is string => !!m))];
  const remedies = [...new Set(told.map((p) => text(meta.remedies, p.remedy, p)).filter((m): m is string => !!m))];
  const verdict: Verdict = { status: first.status, message: messages.join(' '), ...extra };
  if (remedies.length > 0) verdict.remedy = remedies.join(' ');
  return verdict;
}
