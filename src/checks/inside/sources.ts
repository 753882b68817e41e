// The inside view's two sources as the checks see them: the tenant export's rows for the domain, and the cPanel account.
import type { CpanelSource } from '../../cpanel/source.js';
import type { CheckContext } from '../../engine/types.js';
import type { M365DomainView } from '../../m365/domain-view.js';

/** What a run read from inside: absent when the flag that gives it was not used. */
export interface InsideSources {
  /** `--m365-export`: the checked domain's rows of the tenant export (live, or read back from the evidence). */
  m365?: M365DomainView;
  /** `--cpanel-url` + `--cpanel-user` + SPLITCHECK_CPANEL_TOKEN: the account's UAPI answers (live, or recorded). */
  cpanel?: CpanelSource;
}

export function m365Of(ctx: CheckContext): M365DomainView | undefined {
  return (ctx as CheckContext & InsideSources).m365;
}

export function cpanelOf(ctx: CheckContext): CpanelSource | undefined {
  return (ctx as CheckContext & InsideSources).cpanel;
}

/** The inside view when it was given (the probes use it to pick their targets), else undefined: never a reason to stop. */
export const optionalM365 = m365Of;
export const optionalCpanel = cpanelOf;

/** How to give each source, for a skip that says which flag is missing (CHECKS.md: a skip names the flag). */
export const SOURCE_FLAGS = {
  m365: '--m365-export <file> (written by the script `splitcheck m365-export-script` prints)',
  cpanel: '--cpanel-url <https://host:2083> and --cpanel-user <name>, with the API token in SPLITCHECK_CPANEL_TOKEN',
} as const;

/** Skip messages of checks whose source was not given. */
export const SOURCE_MESSAGES = {
  noExport: `Not checked: this needs the Microsoft 365 tenant's settings; give ${SOURCE_FLAGS.m365}.`,
  noCpanel: `Not checked: this needs the hosting account's cPanel; give ${SOURCE_FLAGS.cpanel}.`,
  noSources: `Not checked: this needs both the Microsoft 365 tenant's settings and the hosting account; give ${SOURCE_FLAGS.m365}, and ${SOURCE_FLAGS.cpanel}.`,
} as const;
