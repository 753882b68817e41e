// The line under a report's title: where the answers came from (resolvers, --authoritative, a replayed file) and how long it took.
import type { AuthoritativeView } from '../dns/authoritative.js';
import type { Report } from '../engine/types.js';
import { plural } from '../util/text.js';

export interface SubtitleFacts {
  replayed: boolean;
  resolvers: readonly string[];
  authoritative?: AuthoritativeView;
  /** How many checks ran. */
  checks: number;
  /** A replay of evidence recorded with plugins that were not given again: their names. */
  pluginsNotGiven?: readonly string[];
}

function authoritativeNote(view: AuthoritativeView): string {
  if (view.fallback !== undefined) return ` · --authoritative: ${view.fallback}; the checks judged the recursive answers`;
  return ` · authoritative answers from the ${view.servers.length === 1 ? 'name server' : `${view.servers.length} name-server addresses`} of ${view.zone ?? '?'}, newest serial first`;
}

export function runSubtitle(report: Report, facts: SubtitleFacts): string {
  const authNote = facts.authoritative ? authoritativeNote(facts.authoritative) : '';
  const pluginNote = facts.pluginsNotGiven?.length ? ` · recorded with ${facts.pluginsNotGiven.join(', ')}: give --plugin again to judge their checks` : '';
  return facts.replayed
    ? `Replayed from saved evidence recorded ${report.startedAt} (resolvers then: ${facts.resolvers.join(', ')})${authNote}${pluginNote}`
    : `Asked ${facts.resolvers.join(', ')}${authNote} · ${plural(facts.checks, 'check')} · ${(report.durationMs / 1000).toFixed(1)} s`;
}
