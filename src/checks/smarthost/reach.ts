// Whether a probe reached its server at all: the line between "port 25 is closed or blocked" and "the server answered".
import type { SmtpProbeResult } from '../../smtp/types.js';

/**
 * - `connected`: the TCP connection was made (whatever the server said after);
 * - `refused`: actively refused (RST: nothing listens, or a firewall rejects) — Microsoft's `4.4.316 Connection refused`;
 * - `timeout`: no answer to the connection attempt (filtered, or the host is down);
 * - `no-route`: this machine has no route there (typically IPv6 on a network without it): says nothing about the server;
 * - `failed`: the probe stopped for a reason that is not about the network (aborted, not in the evidence, a bug).
 */
export type Reach = 'connected' | 'refused' | 'timeout' | 'no-route' | 'failed';

const REFUSED = new Set(['ECONNREFUSED', 'ECONNRESET', 'ECLOSED', 'EPIPE']);
const NO_ROUTE = new Set(['ENETUNREACH', 'EHOSTUNREACH', 'EADDRNOTAVAIL', 'EAFNOSUPPORT', 'ENETDOWN', 'EHOSTDOWN']);

export function reachOf(result: SmtpProbeResult): Reach {
  const connected = result.greeting !== undefined || result.transcript.some((e) => e.kind === 'event' && e.event === 'connected');
  if (connected) return 'connected';
  const code = result.error?.code ?? '';
  if (result.error?.phase !== 'connect') return 'failed';
  if (code === 'ETIMEDOUT') return 'timeout';
  if (REFUSED.has(code)) return 'refused';
  if (NO_ROUTE.has(code)) return 'no-route';
  return 'failed';
}

/** "the connection was refused" etc., for messages; `attempts` says how many connection attempts went unanswered. */
export function describeReach(reach: Reach, result: SmtpProbeResult, attempts = 1): string {
  switch (reach) {
    case 'connected':
      return 'connected';
    case 'refused':
      return `connection refused (${result.error?.code ?? 'ECONNREFUSED'})`;
    case 'timeout':
      return attempts > 1 ? `no answer to ${attempts} connection attempts (each timed out)` : 'no answer to the connection attempt (timed out)';
    case 'no-route':
      return `no route from this machine (${result.error?.code ?? ''})`;
    case 'failed':
      return `the probe could not run: ${result.error?.code ?? ''} ${result.error?.message ?? ''}`.trim();
  }
}

/** `host [address]:port`, the way the report names a probe's target. */
export function targetName(result: SmtpProbeResult): string {
  const { host, address, port } = result.target;
  return address && address !== host ? `${host} [${address}]:${port}` : `${host}:${port}`;
}
