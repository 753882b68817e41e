// Selects checks by `--only` / `--skip`: an exact id or a dotted prefix (`mx`, `mx.*`, `smarthost`).
import { closest } from '../util/suggest.js';
import type { Check } from './types.js';

function matches(id: string, pattern: string): boolean {
  const p = pattern.toLowerCase().replace(/\.\*$/, '').replace(/\.$/, '');
  return id === p || id.startsWith(`${p}.`);
}

export type Selection = { ok: true; checks: Check[] } | { ok: false; error: string };

/** Keep the checks matching any `only` pattern (all if none), minus those matching a `skip` pattern. */
export function selectChecks(all: readonly Check[], only: readonly string[] = [], skip: readonly string[] = []): Selection {
  for (const pattern of [...only, ...skip]) {
    if (!all.some((c) => matches(c.meta.id, pattern))) {
      // A typo of an id or an area ("mx.presnt") is named with the one it is closest to.
      const ids = all.map((c) => c.meta.id);
      const guess = closest(pattern, [...ids, ...new Set(ids.map((id) => id.slice(0, id.indexOf('.'))))]);
      return { ok: false, error: `no check matches "${pattern}"${guess ? ` (did you mean "${guess}"?)` : ''} (see the check ids in --help)` };
    }
  }
  const checks = all.filter(
    (c) => (only.length === 0 || only.some((p) => matches(c.meta.id, p))) && !skip.some((p) => matches(c.meta.id, p)),
  );
  if (checks.length === 0) return { ok: false, error: 'the --only/--skip selection leaves no check to run' };
  return { ok: true, checks };
}
