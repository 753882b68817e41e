// splitcheck's one SMTP/TLS probe: `probeSmtp(options)` for every check and subcommand, plus its types.

import { runProbe } from './probe.js';
import type { SmtpProbeOptions, SmtpProbeResult } from './types.js';

export type * from './types.js';
export { checkCommand, type AllowedVerb, type CommandCheck } from './allow-list.js';
export { parseReply, isPositive, replySummary } from './reply.js';
export { DEFAULT_PORT, DEFAULT_TIMEOUT_MS, MAX_RECIPIENTS } from './probe.js';
export { MAX_REPLY_BYTES, MAX_REPLY_LINES } from './line-guard.js';

/**
 * Connects, reads the greeting, says EHLO, upgrades with STARTTLS when offered, optionally asks
 * `MAIL FROM:<>` and `RCPT TO` for each recipient, then `RSET` and `QUIT`. Never sends DATA, never
 * authenticates. Resolves with plain data in every case (refused connection, timeout, hostile server,
 * abort); it does not reject.
 */
export function probeSmtp(options: SmtpProbeOptions): Promise<SmtpProbeResult> {
  return runProbe(options);
}
