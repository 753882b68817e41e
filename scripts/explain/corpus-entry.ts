// Bundled by scripts/explain/corpus.mjs: runs explain over every vendored bounce and returns the figures.
import { AGREES_WITH, NOT_A_FAILURE, emptyScore, expectedOf, loadReference, rawShows, readOne, scoreOne, type ExpectedEntry, type Reading, type Score } from './corpus-lib.js';

export async function measure(
  filter?: RegExp,
): Promise<{ score: Score; readings: Map<string, Reading>; failures: string[]; slowest: [string, number][]; actors: { named: number; unshown: string[] } }> {
  const reference = loadReference();
  const score = emptyScore();
  const readings = new Map<string, Reading>();
  const failures: string[] = [];
  const actors = { named: 0, unshown: [] as string[] };
  for (const [file, ref] of Object.entries(reference)) {
    if (filter && !filter.test(file)) continue;
    let reading: Reading;
    try {
      reading = await readOne(file);
    } catch (err) {
      failures.push(`${file}: threw ${err instanceof Error ? err.stack : String(err)}`);
      continue;
    }
    readings.set(file, reading);
    scoreOne(file, ref, reading, score);
  }
  for (const [file, reading] of readings) {
    for (const d of reading.explanation?.diagnoses ?? []) {
      if (d.actor !== 'microsoft-365' && d.actor !== 'hosting-server') continue;
      actors.named += 1;
      const shows = await rawShows(file);
      if (!shows.microsoft && !shows.hosting) actors.unshown.push(`${file}: ${d.id} (${d.confidence})`);
    }
  }
  const slowest = [...readings.entries()].map(([f, r]) => [f, r.ms] as [string, number]).sort((a, b) => b[1] - a[1]).slice(0, 5);
  return { score, readings, failures, slowest, actors };
}

/** One file's explanation, for looking at a miss (`node scripts/explain/corpus.mjs --show <file>`). */
export async function show(file: string): Promise<unknown> {
  const reading = await readOne(file);
  return reading.explanation ?? reading.reason;
}

/** Every diagnosis over the corpus: id, confidence, actor, file (for review). */
export async function diagnoses(filter?: RegExp): Promise<{ file: string; id: string; confidence: string; actor: string; recipients: string[]; lead: string }[]> {
  const reference = loadReference();
  const out: { file: string; id: string; confidence: string; actor: string; recipients: string[]; lead: string }[] = [];
  for (const file of Object.keys(reference)) {
    if (filter && !filter.test(file)) continue;
    const reading = await readOne(file);
    for (const d of reading.explanation?.diagnoses ?? []) out.push({ file, id: d.id, confidence: d.confidence, actor: d.actor, recipients: d.recipients, lead: d.facts[0] ?? '' });
  }
  return out;
}

/** Per file: the diagnoses and Sisimai's reasons, and whether they agree (AGREES_WITH). */
export async function agreement(filter?: RegExp): Promise<{ file: string; ids: string; reasons: string; agree: boolean; confident: boolean }[]> {
  const reference = loadReference();
  const out: { file: string; ids: string; reasons: string; agree: boolean; confident: boolean }[] = [];
  for (const [file, ref] of Object.entries(reference)) {
    if (filter && !filter.test(file)) continue;
    const reasons = [...new Set(ref.bounces.filter((b) => !NOT_A_FAILURE.has(b.reason)).map((b) => b.reason))];
    if (reasons.length === 0) continue;
    const reading = await readOne(file);
    const ds = (reading.explanation?.diagnoses ?? []).filter((d) => d.confidence !== 'low');
    const agree = ds.length === 0 || ds.some((d) => reasons.some((r) => AGREES_WITH[d.id]?.includes(r)));
    out.push({ file, ids: ds.map((d) => `${d.id}:${d.confidence}`).join(' ') || 'unsure', reasons: reasons.join(' '), agree, confident: ds.some((d) => d.confidence === 'high') });
  }
  return out;
}

/** expected.json: what explain reads from every corpus file now (written after review, by --write-expected). */
export async function expected(): Promise<Record<string, ExpectedEntry>> {
  const out: Record<string, ExpectedEntry> = {};
  for (const file of Object.keys(loadReference())) out[file] = expectedOf(await readOne(file));
  return out;
}
