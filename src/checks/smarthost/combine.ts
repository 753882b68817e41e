// Folds per-address (and per-mailbox) judgements into one verdict: the worst status first, each distinct finding said once.
import type { Status, TemplateData, Verdict } from '../../engine/types.js';

/** One judgement about one target (an address, a mailbox): a message key of the check's meta and its data. */
export interface Part<M extends string = string, R extends string = string> {
  status: Status;
  message: M;
  remedy?: R;
  /** Who it is about ("mail.example.com [203.0.113.5]:25"); parts with the same message and data are merged, `where` listed. */
  where?: string;
  data?: TemplateData;
}

const SEVERITY: Record<Status, number> = { fail: 0, error: 1, warn: 2, pass: 3, skip: 4 };

type Merged<M extends string, R extends string> = Part<M, R> & { targets: string[] };

/** Merge parts that say the same thing about different targets. */
function merge<M extends string, R extends string>(parts: readonly Part<M, R>[]): Merged<M, R>[] {
  const merged = new Map<string, Merged<M, R>>();
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
 * The verdict for several parts. One distinct part keeps its meta keys; more are told in order of severity
 * (the engine fills each from the same meta templates and says a sentence once), and passing parts are left
 * out once something is wrong.
 */
export function combine<M extends string, R extends string>(parts: readonly Part<M, R>[], extra: Pick<Verdict, 'evidence' | 'observed'>): Verdict<M, R> {
  const merged = merge(parts);
  const first = merged[0];
  // The engine reports the throw as the check's `error`, with its id.
  if (!first) throw new Error('nothing to judge');
  // A skip points at the check that has the evidence; repeating it under the skip is noise.
  if (first.status === 'skip') extra = {};
  const withWhere = (p: Merged<M, R>): TemplateData => ({ ...(p.data ?? {}), where: p.targets });
  const verdict: Verdict<M, R> = { status: first.status, message: first.message, data: withWhere(first), ...extra };
  if (first.remedy) verdict.remedy = first.remedy;
  // The worst part is first: when it passes, everything did and it alone is told.
  const told = first.status === 'pass' ? [first] : merged.filter((p) => p.status !== 'pass');
  if (told.length > 1) {
    verdict.more = told.slice(1).map((p) => ({ message: p.message, ...(p.remedy ? { remedy: p.remedy } : {}), data: withWhere(p) }));
  }
  return verdict;
}
