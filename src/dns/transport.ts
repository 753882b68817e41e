// What one network attempt over one transport can end with: shared by udp.ts and tcp.ts, never thrown.
import type { DecodedMessage, EncodedQuery } from './packet.js';
import type { ServerAddress } from './types.js';

export interface TransportRequest {
  server: ServerAddress;
  query: EncodedQuery;
  /** Deadline of this attempt in milliseconds; for TCP it covers connect, write and read together. */
  timeoutMs: number;
  signal?: AbortSignal;
}

interface OutcomeBase {
  elapsedMs: number;
  /** Packets that arrived but were not the answer to this query (wrong id, not a response, another question). */
  ignored: number;
}

export type TransportOutcome =
  | (OutcomeBase & { kind: 'response'; message: DecodedMessage; size: number })
  | (OutcomeBase & { kind: 'timeout' })
  | (OutcomeBase & { kind: 'malformed'; error: string })
  | (OutcomeBase & { kind: 'socket-error'; code: string; error: string })
  | (OutcomeBase & { kind: 'aborted' });

/** Node's error code of a socket error, or a generic one. */
export function socketErrorCode(error: unknown): string {
  if (typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string') return error.code;
  return 'ESOCKET';
}
