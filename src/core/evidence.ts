// The evidence file of a live run: everything it asked and heard, by source, for --save-evidence and --replay.
import { EVIDENCE_KIND, type EvidenceFile } from '../evidence/file.js';
import type { CheckInput } from '../engine/types.js';
import { failure, ok, type Result } from '../util/result.js';
import { VERSION } from '../version.js';
import type { Source } from './sources/index.js';

/** The evidence of one domain's live run; a replayed run has nothing new to save. */
export function evidenceOf(run: { domain: string; input: CheckInput; source: Source; plugins?: readonly string[] }): Result<EvidenceFile> {
  const { source } = run;
  if (!source.record) return failure('this run has no live DNS record to save');
  const evidence: EvidenceFile = {
    kind: EVIDENCE_KIND,
    schemaVersion: 1,
    tool: { name: 'splitcheck', version: VERSION },
    domain: run.domain,
    startedAt: source.now.toISOString(),
    input: run.input,
    resolvers: source.resolvers,
    dns: { lookups: source.record.lookups(), exchanges: [...source.record.exchanges] },
  };
  for (const record of source.recordings) Object.assign(evidence, record());
  if (source.authoritativeRecord) evidence.authoritative = source.authoritativeRecord.evidence();
  if (run.plugins && run.plugins.length > 0) evidence.plugins = [...run.plugins];
  return ok(evidence);
}
