// What a source of evidence beside DNS is: a live client that records, and a client that replays its section of the evidence file.
import type { CheckInput } from '../../engine/types.js';
import type { SourceClients, SourceName } from '../../engine/sources.js';
import type { M365Export } from '../../m365/export-types.js';
import type { EvidenceFile, EvidenceSections } from '../../evidence/file.js';
import type { SmtpConnectHook } from '../../smtp/types.js';
import type { Result } from '../../util/result.js';

/** What the live gatherers of a run are given (from the command line, splitcheck.config.json or check()'s options). */
export interface LiveSettings {
  /** Per network attempt (one SMTP step, one HTTPS fetch). */
  timeoutMs: number;
  /** False: no SMTP client at all (--no-smtp). */
  smtp: boolean;
  /** --ca-file: PEM certificates trusted besides the system store and NODE_EXTRA_CA_CERTS. */
  extraCa?: string[];
  /** `--helo`: the EHLO name (default: the machine's FQDN, else an address literal; src/smtp/helo-name.ts). */
  heloName?: string;
  /**
   * Where to really connect, per source: the demo and the tests route port 25 (and 443) of a name to servers on
   * loopback. Checks still ask for the real name and port; only the socket goes elsewhere.
   */
  connect?: Partial<Record<'smtp' | 'https' | 'cpanel', SmtpConnectHook>>;
  /**
   * --m365-export: the file to read (`label` is the name as given, for messages; `file` where it is), or (the demo,
   * the library) an export already in memory.
   */
  m365Export?: { file: string; label: string } | { data: M365Export; label: string };
  /**
   * --cpanel-url and --cpanel-user, and the API token from SPLITCHECK_CPANEL_TOKEN (never a flag or a config key):
   * read from the environment by the caller, held only by the cPanel client.
   */
  cpanel?: { url?: string; user?: string; token?: string };
}

/** A live client and what it heard, as the evidence sections it fills (empty when it heard nothing worth saving). */
export interface Live<C> {
  client: C;
  record(): Partial<EvidenceSections>;
}

/**
 * One source: Lighthouse's gatherer. Adding a source is a live implementation, a recording into its own
 * section of the evidence file, a replaying implementation, and a line in SourceClients/SOURCES
 * (src/engine/sources.ts) so that checks can `need` it.
 */
export interface Gatherer<K extends SourceName> {
  name: K;
  /**
   * Prepares the live source once per run (reads and validates what its option names) and returns what
   * opens a client per domain, or undefined when the run was not given this source. A refusal (a bad file
   * named by the source's option) is a value: the run is bad input and nothing is checked.
   */
  prepare(settings: LiveSettings): Promise<Result<(() => Live<SourceClients[K]>) | undefined>>;
  /** The client answering from the evidence file, or undefined when a replay cannot have this source. */
  replay(evidence: EvidenceFile, input: CheckInput): SourceClients[K] | undefined;
}
