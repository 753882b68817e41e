// The sources a check can need besides DNS (always there): what each gives the check, and how a user gives it.
import type { M365Client } from '../m365/domain-view.js';
import type { CpanelSource } from '../cpanel/source.js';
import type { PolicyFetcher } from '../mtasts/fetch.js';
import type { SmtpClient } from '../smtp/client.js';

/**
 * The client of each source, by the name checks `need` it under. A new source (a tenant export, a hosting
 * panel's API) adds one line here, one entry in SOURCES below and one gatherer in src/core/sources/.
 */
export interface SourceClients {
  /** SMTP probes of port 25 (never DATA). */
  smtp: SmtpClient;
  /** The MTA-STS policy fetch over HTTPS. */
  https: PolicyFetcher;
  /** --m365-export: the tenant's settings, the checked domain's rows. */
  m365: M365Client;
  /** --cpanel-url/--cpanel-user (token from SPLITCHECK_CPANEL_TOKEN): the hosting account through UAPI. */
  cpanel: CpanelSource;
}

export type SourceName = keyof SourceClients;

export interface SourceInfo {
  /** The option that gives the source (or takes it away), as the skip message names it. */
  flag: string;
  /** The skip message of a check that needs the source when the run does not have it. */
  absent: string;
  /** What it is, for a skip that names several missing sources: "needs <need> and <need>; <give>, and <give>". */
  need: string;
  /** How the user gives it, in the same sentence. */
  give: string;
}

/** Every source, with the words for its absence: "a check whose source was not given is skip and says which flag gives it". */
export const SOURCES: Readonly<Record<SourceName, SourceInfo>> = {
  smtp: { flag: '--no-smtp', absent: 'Skipped: SMTP probes are turned off (--no-smtp).', need: 'SMTP probes, which are turned off (--no-smtp)', give: 'run without --no-smtp' },
  https: {
    flag: '--replay',
    absent: 'Skipped: needs an HTTPS fetch, which a replay of saved evidence does not make (run live, without --replay).',
    need: 'an HTTPS fetch, which a replay of saved evidence does not make',
    give: 'run live, without --replay',
  },
  m365: {
    flag: '--m365-export',
    absent: "Skipped: needs the Microsoft 365 tenant's settings; give --m365-export <file> (written by the script `splitcheck m365-export-script` prints).",
    need: "the Microsoft 365 tenant's settings",
    give: 'give --m365-export <file> (written by the script `splitcheck m365-export-script` prints)',
  },
  cpanel: {
    flag: '--cpanel-url',
    absent: "Skipped: needs the hosting account's cPanel; give --cpanel-url <https://host:2083> and --cpanel-user <name>, with the API token in SPLITCHECK_CPANEL_TOKEN.",
    need: "the hosting account's cPanel",
    give: 'give --cpanel-url <https://host:2083> and --cpanel-user <name>, with the API token in SPLITCHECK_CPANEL_TOKEN',
  },
};

/**
 * The skip message of a check whose needed sources are missing: one source's own sentence, or, when several are
 * missing, one sentence naming every one and how to give each (CHECKS.md: a skip "says which flag gives it").
 */
export function absentMessage(missing: readonly SourceName[]): string {
  if (missing.length === 1) return SOURCES[missing[0]!].absent;
  const needs = missing.map((name) => SOURCES[name].need);
  const gives = missing.map((name) => SOURCES[name].give);
  return `Skipped: needs ${needs.join(' and ')}; ${gives.slice(0, -1).join('; ')}; and ${gives[gives.length - 1]!}.`;
}

export const SOURCE_NAMES = Object.keys(SOURCES) as SourceName[];
