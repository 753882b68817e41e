// A DnsClient answering from saved evidence (`--replay run.json`): the same questions get the same results, offline.
import { normaliseName, validateName } from './names.js';
import type { DnsClient, DnsResult, QueryOptions, RRType } from './types.js';

export interface ReplayClient extends DnsClient {
  /** The results asked for so far, in first-asked order (replaying a replay gives the same evidence). */
  lookups(): DnsResult[];
  /** Questions asked that the evidence did not hold, as `name TYPE`. */
  readonly missing: readonly string[];
}

export function createReplayClient(lookups: readonly DnsResult[]): ReplayClient {
  const saved = new Map<string, DnsResult>();
  for (const result of lookups) {
    const key = keyOf(result.question.name, result.question.type);
    // The first saved result wins, as the live resolver's cache would have it.
    if (!saved.has(key)) saved.set(key, structuredClone(result));
  }
  const asked = new Map<string, DnsResult>();
  const missing: string[] = [];

  return {
    missing,
    lookups: () => [...asked.values()].map((r) => structuredClone(r)),
    query(name: string, type: RRType, options: QueryOptions = {}): Promise<DnsResult> {
      const question = { name: normaliseName(name), type };
      const key = keyOf(name, type);
      if (options.signal?.aborted) {
        return Promise.resolve(error(question, 'ECANCELLED', 'the lookup was aborted'));
      }
      let result = saved.get(key);
      if (result === undefined) {
        const invalid = validateName(name);
        // A bad name is refused the same way live, whether or not the evidence recorded it.
        result = invalid !== undefined
          ? error(question, 'EBADNAME', `cannot ask for "${name}": ${invalid}`)
          : error(question, 'ENOEVIDENCE', `${question.name} ${type} is not in the saved evidence (the run that saved it never asked this question)`);
        if (invalid === undefined && !missing.includes(`${question.name} ${type}`)) missing.push(`${question.name} ${type}`);
      }
      if (!asked.has(key)) asked.set(key, result);
      return Promise.resolve(structuredClone(result));
    },
  };
}

function keyOf(name: string, type: string): string {
  return `${type} ${normaliseName(name)}`;
}

function error(question: { name: string; type: RRType }, code: string, reason: string): DnsResult {
  return { question, status: 'error', records: [], cnames: [], canonicalName: question.name, code, reason };
}
