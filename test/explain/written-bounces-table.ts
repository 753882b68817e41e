// The expectations for fixtures/bounces/unseen/ (bounces written for review from published real ones) and how explain's reading is scored against them.
import { readFileSync } from 'node:fs';
import { explainBounce, type Explanation } from '../../src/explain/index.js';

export const WRITTEN_DIR = new URL('../../fixtures/bounces/unseen/', import.meta.url);

/** One row of expected.json: decided from the bounce and RFCs 3463/3464/5321, never from explain's output. */
export interface WrittenExpectation {
  file: string;
  /** Every failed recipient with the status and reply code the bounce gives for it (null: it gives none). */
  recipients: { address: string; status: string | null; reply: number | null }[];
  /** The diagnosis id; "unsure" (no high- or medium-confidence diagnosis); a list: any of them (or, with `all`, every one); null: not a bounce. */
  diagnosis: string | string[] | null;
  all?: boolean;
  /** The actor the diagnosis must name. */
  actor?: string;
  /** Actors no diagnosis may name, at any confidence: the bounce shows neither Microsoft 365 nor the hosting server acting. */
  forbidActors?: string[];
  /** Addresses that must never be listed as failed recipients (the envelope sender, a quoted MAIL FROM address, the forwarder). */
  notRecipients?: string[];
  kind?: string;
  /** 2: written after the first fixes, as a second look (the first measurement had 82 bounces). */
  wave?: number;
  /** Why an expectation was revised after the first reading, when it was. */
  note?: string;
  /** The issue 12 error this bounce reproduces, when it does. */
  typical?: string;
}

export function loadWritten(): WrittenExpectation[] {
  return JSON.parse(readFileSync(new URL('expected.json', WRITTEN_DIR), 'utf8')) as WrittenExpectation[];
}

export interface WrittenVerdict {
  file: string;
  ms: number;
  refused?: string;
  /** Each a plain sentence: what differs from the expectation. */
  recipientMisses: string[];
  statusMisses: string[];
  replyMisses: string[];
  diagnosisMiss?: string;
  actorMisses: string[];
  /** Counted for the rates: recipients, statuses and replies the bounce gives. */
  counts: { recipients: number; recipientsFound: number; statuses: number; statusesFound: number; replies: number; repliesFound: number };
  explanation?: Explanation;
}

const confident = (e: Explanation) => e.diagnoses.filter((d) => d.confidence !== 'low');

export async function judge(row: WrittenExpectation): Promise<WrittenVerdict> {
  const bytes = readFileSync(new URL(row.file, WRITTEN_DIR));
  const start = performance.now();
  const result = await explainBounce(bytes);
  const ms = performance.now() - start;
  const v: WrittenVerdict = {
    file: row.file,
    ms,
    recipientMisses: [],
    statusMisses: [],
    replyMisses: [],
    actorMisses: [],
    counts: { recipients: 0, recipientsFound: 0, statuses: 0, statusesFound: 0, replies: 0, repliesFound: 0 },
  };
  if (!result.ok) {
    v.refused = result.reason;
    return v;
  }
  const e = result.explanation;
  v.explanation = e;
  const got = new Map(e.facts.recipients.map((r) => [r.address.toLowerCase(), r]));
  for (const want of row.recipients) {
    const r = got.get(want.address);
    v.counts.recipients += 1;
    if (want.status) v.counts.statuses += 1;
    if (want.reply !== null) v.counts.replies += 1;
    if (!r) {
      v.recipientMisses.push(`${want.address} not found`);
      continue;
    }
    v.counts.recipientsFound += 1;
    if (want.status && r.status === want.status) v.counts.statusesFound += 1;
    else if ((r.status ?? null) !== want.status) v.statusMisses.push(`${want.address}: status ${r.status ?? 'none'}, expected ${want.status ?? 'none'}`);
    if (want.reply !== null && r.reply === want.reply) v.counts.repliesFound += 1;
    else if ((r.reply ?? null) !== want.reply) v.replyMisses.push(`${want.address}: reply ${r.reply ?? 'none'}, expected ${want.reply ?? 'none'}`);
  }
  const wanted = new Set(row.recipients.map((r) => r.address));
  for (const address of got.keys()) if (!wanted.has(address)) v.recipientMisses.push(`${address} listed but is not a failed recipient`);
  for (const address of row.notRecipients ?? []) if (got.has(address)) v.recipientMisses.push(`${address} must never be a failed recipient`);
  const ds = confident(e);
  const ids = ds.map((d) => d.id);
  const shown = ids.length > 0 ? ids.join(', ') : 'unsure';
  if (row.diagnosis === null) {
    if (row.kind && e.facts.kind !== row.kind) v.diagnosisMiss = `kind ${e.facts.kind}, expected ${row.kind}`;
    else if (ids.length > 0) v.diagnosisMiss = `diagnosed ${shown}, expected none`;
  } else {
    const options = Array.isArray(row.diagnosis) ? row.diagnosis : [row.diagnosis];
    const ok = row.all
      ? options.every((o) => ids.includes(o))
      : options.some((o) => (o === 'unsure' ? ids.length === 0 : ids[0] === o));
    if (!ok) v.diagnosisMiss = `diagnosed ${shown}, expected ${row.all ? options.join(' + ') : options.join(' or ')}`;
  }
  if (row.actor && !ds.some((d) => d.actor === row.actor)) v.actorMisses.push(`no diagnosis names ${row.actor} (${ds.map((d) => `${d.id}:${d.actor}`).join(', ') || 'unsure'})`);
  for (const d of e.diagnoses) {
    if (row.forbidActors?.includes(d.actor)) v.actorMisses.push(`${d.id} (${d.confidence}) names ${d.actor}, which the bounce does not show acting`);
  }
  return v;
}
