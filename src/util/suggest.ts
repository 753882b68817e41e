// "Did you mean": the known name closest to a mistyped one (a flag, a check id, a command, a config key).

/**
 * Edit distance with adjacent transpositions (optimal string alignment): "josn" is one edit from "json",
 * as a typist sees it, where plain Levenshtein counts two.
 */
export function editDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0]![j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, d[i - 2]![j - 2]! + 1);
      d[i]![j] = best;
    }
  }
  return d[a.length]![b.length]!;
}

/**
 * The known name `word` most likely meant (case-insensitive): the nearest within a third of its length (at
 * least 2 edits), else one it begins ("jso" for "json"); undefined when nothing is that close. Bounded:
 * words and names longer than 100 characters are not compared.
 */
export function closest(word: string, known: readonly string[]): string | undefined {
  const lower = word.toLowerCase();
  if (lower.length === 0 || lower.length > 100) return undefined;
  let best: { name: string; d: number } | undefined;
  for (const name of known) {
    if (name.length > 100) continue;
    const d = editDistance(lower, name.toLowerCase());
    if (!best || d < best.d) best = { name, d };
  }
  if (best && best.d <= Math.max(2, Math.floor(lower.length / 3)) && best.d < lower.length) return best.name;
  return lower.length >= 2 ? known.find((k) => k.toLowerCase().startsWith(lower)) : undefined;
}
