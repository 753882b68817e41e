// The evidence file: everything a run asked and heard, written by --save-evidence, judged again by --replay.
import { readFile, writeFile } from 'node:fs/promises';
import type { AuthoritativeEvidence } from '../dns/authoritative.js';
import { validateName } from '../dns/names.js';
import type { DnsExchange, DnsResult } from '../dns/types.js';
import type { CheckInput } from '../engine/types.js';
import type { SmtpExchange } from '../smtp/client.js';
import type { CpanelEvidence } from '../cpanel/source.js';
import type { M365DomainView } from '../m365/domain-view.js';

export const EVIDENCE_KIND = 'splitcheck-evidence';

/**
 * The sections the sources beside DNS record into, by source name (src/core/sources/): a new source
 * that records adds its section here and to schema/evidence.schema.json.
 */
export interface EvidenceSections {
  /** Every SMTP probe: the request, the transcript and the TLS facts (absent when no probe ran). */
  smtp: { probes: SmtpExchange[] };
  /** --m365-export: the checked domain's rows of the tenant export, as judged. */
  m365: M365DomainView;
  /** cPanel: the account (URL and user, never the token) and each UAPI call's outcome. */
  cpanel: CpanelEvidence;
}

export interface EvidenceFile extends Partial<EvidenceSections> {
  kind: typeof EVIDENCE_KIND;
  schemaVersion: 1;
  tool: { name: 'splitcheck'; version: string };
  domain: string;
  /** The run's start: replay judges dates (certificates) against this moment, not today. */
  startedAt: string;
  input: CheckInput;
  /** The DNS servers that were asked. */
  resolvers: string[];
  dns: {
    /** Every question a check asked and the result it got: what replay answers from. */
    lookups: DnsResult[];
    /** Every packet exchange behind those results (servers, transports, timings, ignored packets). */
    exchanges: DnsExchange[];
  };
  /**
   * `--authoritative` runs only: the zone, its servers, the lookups that found them and each server's own
   * answers and packets (replayed for dns.consistency). `dns.lookups` then holds what the checks got from
   * the authoritative-first client, so every other check replays from it as before.
   */
  authoritative?: AuthoritativeEvidence;
  /** The plugins the run loaded, as given: a replay judges their checks again only when they are given again. */
  plugins?: string[];
}

export async function writeEvidence(path: string, evidence: EvidenceFile): Promise<void> {
  await writeFile(path, `${JSON.stringify(evidence, null, 2)}\n`, 'utf8');
}

export type EvidenceRead = { ok: true; evidence: EvidenceFile } | { ok: false; error: string };

/** Read and sanity-check an evidence file; a wrong file is an error value with the reason. */
export async function readEvidence(path: string): Promise<EvidenceRead> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    return { ok: false, error: `cannot read ${path}: ${code === 'ENOENT' ? 'no such file' : String(code ?? err)}` };
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return { ok: false, error: `${path} is not JSON, so not a splitcheck evidence file` };
  }
  const e = data as Partial<EvidenceFile> | null;
  if (!e || e.kind !== EVIDENCE_KIND) return { ok: false, error: `${path} is not a splitcheck evidence file (written by --save-evidence)` };
  // JSON.stringify: a string "1" must not read as "version 1; this splitcheck reads version 1".
  if (e.schemaVersion !== 1) return { ok: false, error: `${path} has evidence schema version ${JSON.stringify(e.schemaVersion) ?? 'undefined'}; this splitcheck reads version 1` };
  if (typeof e.domain !== 'string' || typeof e.startedAt !== 'string' || Number.isNaN(Date.parse(e.startedAt))) {
    return { ok: false, error: `${path} is missing the domain or the start time` };
  }
  // A live run only records a domain that passed parseDomain(): anything else was edited, and judging
  // it would check a name nobody could have typed (exit 2, like an invalid domain on the command line).
  if (validateName(e.domain) !== undefined || !/^[a-z0-9_-]+(\.[a-z0-9_-]+)+$/i.test(e.domain)) {
    return { ok: false, error: `${path} has the domain ${JSON.stringify(e.domain)}, which is not a domain name a run could have recorded` };
  }
  // Everything replay and the report read without checking it again, by the shipped schema: a damaged or
  // edited file is exit 2 with the place, not "unexpected problem: Cannot read properties of null" (exit 3).
  // Loaded only here: the validator stays out of every other run (start-up time).
  const { evidenceSchemaProblem } = await import('./validate.js');
  const problem = evidenceSchemaProblem(e);
  if (problem !== undefined) return { ok: false, error: `${path} is damaged or was edited: ${problem}` };
  return { ok: true, evidence: e as EvidenceFile };
}
