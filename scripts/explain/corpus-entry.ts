// Bundled by scripts/explain/corpus.mjs: runs explain over every vendored bounce and returns the figures.
import { loadReference, readOne, scoreOne, emptyScore, type Reading, type Score } from './corpus-lib.js';

export async function measure(filter?: RegExp): Promise<{ score: Score; readings: Map<string, Reading>; failures: string[]; slowest: [string, number][] }> {
  const reference = loadReference();
  const score = emptyScore();
  const readings = new Map<string, Reading>();
  const failures: string[] = [];
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
  const slowest = [...readings.entries()].map(([f, r]) => [f, r.ms] as [string, number]).sort((a, b) => b[1] - a[1]).slice(0, 5);
  return { score, readings, failures, slowest };
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
