// Sisimai's set-of-emails (fixtures/bounces/sisimai, BSD-2-Clause), every message a table row: the recipients with their status and reply code, the diagnoses or "unsure", against Sisimai's reading and the reviewed expectations.
import { describe, expect, it } from 'vitest';
import {
  AGREES_WITH,
  NOT_A_FAILURE,
  expectedOf,
  isWrittenStatus,
  listed,
  loadDisagreements,
  loadReference,
  rawShows,
  readOne,
  type ExpectedEntry,
  type Reading,
} from '../../scripts/explain/corpus-lib.js';
import { readFileSync } from 'node:fs';

const reference = loadReference();
const disagreements = loadDisagreements();
/** The reviewed reading of every file (scripts/explain/corpus.mjs --write-expected, after review). */
const expected = JSON.parse(readFileSync(new URL('../../fixtures/bounces/sisimai/expected.json', import.meta.url), 'utf8')) as Record<string, ExpectedEntry>;
/** Files that are no text to read: explain says why, in one line. */
const REFUSED: Record<string, RegExp> = { 'mailbox/size-0': /^is empty$/, 'mailbox/size-1': /^holds only white space$/ };

const readings = new Map<string, Reading>();
async function reading(file: string): Promise<Reading> {
  let r = readings.get(file);
  if (!r) {
    r = await readOne(file);
    readings.set(file, r);
  }
  return r;
}

describe('every corpus message: the reviewed reading', () => {
  it('every file of the reference has an expectation, and no other', () => {
    expect(Object.keys(expected).sort()).toEqual(Object.keys(reference).sort());
    expect(Object.keys(reference).length).toBeGreaterThan(800);
  });

  for (const file of Object.keys(reference)) {
    it(file, async () => {
      const r = await reading(file);
      if (REFUSED[file]) {
        expect(r.ok).toBe(false);
        expect(r.reason).toMatch(REFUSED[file]!);
        return;
      }
      expect(r.ok, r.reason).toBe(true);
      expect(expectedOf(r)).toEqual(expected[file]);
    });
  }
});

/** Where explain and Sisimai differ, per file and field, before the disagreements list is applied. */
async function differences(): Promise<{ file: string; field: 'recipient' | 'status' | 'reply' | 'reason'; text: string }[]> {
  const out: { file: string; field: 'recipient' | 'status' | 'reply' | 'reason'; text: string }[] = [];
  for (const [file, ref] of Object.entries(reference)) {
    const rows = ref.bounces.filter((b) => !NOT_A_FAILURE.has(b.reason));
    if (rows.length === 0) continue;
    const r = await reading(file);
    const got = new Map(r.recipients.map((x) => [x.address, x]));
    for (const b of rows.filter((x) => x.recipient)) {
      const mine = got.get(b.recipient);
      if (!mine) {
        out.push({ file, field: 'recipient', text: `${file}: recipient ${b.recipient} not found` });
        continue;
      }
      if (isWrittenStatus(b.status) && mine.status !== b.status) out.push({ file, field: 'status', text: `${file}: ${b.recipient} status ${mine.status ?? '-'}, Sisimai ${b.status}` });
      if (/^[245]\d\d$/.test(b.replycode) && String(mine.reply ?? '') !== b.replycode) out.push({ file, field: 'reply', text: `${file}: ${b.recipient} reply ${mine.reply ?? '-'}, Sisimai ${b.replycode}` });
    }
    // A confident diagnosis must be the kind of failure one of Sisimai's reasons for the message names.
    const reasons = rows.map((b) => b.reason);
    for (const d of r.explanation?.diagnoses ?? []) {
      if (d.confidence === 'high' && !reasons.some((x) => AGREES_WITH[d.id]?.includes(x))) out.push({ file, field: 'reason', text: `${file}: ${d.id}, Sisimai ${reasons.join(' ')}` });
    }
  }
  return out;
}

describe("against Sisimai's reading (reference.json); the differences are the rows of disagreements.md", () => {
  it('every failed recipient Sisimai names is found with its status and reply code, and every high-confidence diagnosis is the kind of failure its reason names', async () => {
    const unlisted = (await differences()).filter((d) => !listed(disagreements, d.file, d.field)).map((d) => d.text);
    expect(unlisted).toEqual([]);
  });

  it('every disagreement listed is still one (no stale rows)', async () => {
    const found = await differences();
    const stale = disagreements.filter((row) => !found.some((d) => d.field === row.field && listed([row], d.file, d.field)));
    expect(stale.map((r) => `${r.file} ${r.field}`)).toEqual([]);
  });
});

describe('actors only with evidence', () => {
  it('no diagnosis names Microsoft 365 or the hosting server where the bounce shows neither (an independent reading of the raw message)', async () => {
    const unshown: string[] = [];
    for (const file of Object.keys(reference)) {
      for (const d of (await reading(file)).explanation?.diagnoses ?? []) {
        if (d.actor !== 'microsoft-365' && d.actor !== 'hosting-server') continue;
        const shows = await rawShows(file);
        if (!shows.microsoft && !shows.hosting) unshown.push(`${file}: ${d.id}`);
      }
    }
    expect(unshown).toEqual([]);
  });
});
