// --wait's judgement of one run: settled when the authoritative servers agree (dns.consistency passes) and the run's exit code is 0; else what it waits for and the TTL that bounds it.
import type { Finding } from '../engine/types.js';
import { escapeControl, listing } from '../util/text.js';
import type { Judgement } from './wait.js';

export const CONSISTENCY_ID = 'dns.consistency';

interface ServerFact {
  name?: string;
  host?: string;
  serial?: number | null;
  refresh?: number;
}

const numbers = (values: readonly unknown[]): number[] => values.filter((v): v is number => typeof v === 'number' && Number.isFinite(v) && v >= 0);

/** `3600 s` / `300 s`: TTLs are told as DNS gives them. */
const ttl = (seconds: number) => `${seconds} s`;

/** What the consistency finding still waits for, read from its evidence: who lags, at which serial, and the TTLs that bound it. */
function consistencyWait(f: Finding): string {
  const e = f.evidence as { zone?: unknown; servers?: unknown; newestSerial?: unknown; disagreements?: unknown };
  const zone = typeof e.zone === 'string' ? escapeControl(e.zone) : 'the zone';
  const servers: ServerFact[] = Array.isArray(e.servers) ? (e.servers as ServerFact[]) : [];
  const newest = typeof e.newestSerial === 'number' ? e.newestSerial : undefined;
  const label = (s: ServerFact) => escapeControl(`${s.name ?? '?'} (${s.host ?? '?'})`);
  const lagging = newest === undefined ? [] : servers.filter((s) => typeof s.serial === 'number' && s.serial !== newest);
  const refresh = numbers((lagging.length > 0 ? lagging : servers).map((s) => s.refresh));
  const cache = numbers((Array.isArray(e.disagreements) ? e.disagreements : []).map((d) => (d as { cacheTtl?: unknown }).cacheTtl));
  const bounds = [
    ...(refresh.length > 0 ? [`secondaries pull a change on NOTIFY or at the latest after the SOA refresh of ${ttl(Math.max(...refresh))}`] : []),
    ...(cache.length > 0 ? [`resolvers may keep the old answer for up to ${ttl(Math.max(...cache))} (its TTL) after that`] : []),
  ];
  const who =
    lagging.length > 0
      ? `${listing(lagging.map((s) => `${label(s)} at serial ${s.serial}`))}, the others at ${newest}`
      : f.status === 'fail'
        ? 'servers at the same serial serve different records'
        : f.status === 'error'
          ? 'no answer from the servers yet'
          : 'every server to answer for the zone';
  return `the authoritative servers of ${zone} to agree (${f.status}: ${who})${bounds.length > 0 ? `; ${bounds.join('; ')}` : ''}`;
}

/**
 * Settled: dns.consistency passed and `exitCode` (the run's, with --baseline the compared one) is 0.
 * Otherwise the consistency state first (that is what waiting fixes), then the checks that keep the
 * exit code from 0: fails and errors, else warnings (--strict); with a baseline only the ids in `counted`.
 */
export function judgeRun(results: readonly Finding[], exitCode: number, counted?: ReadonlySet<string>): Judgement {
  const consistency = results.find((f) => f.id === CONSISTENCY_ID);
  const agreed = consistency?.status === 'pass';
  if (agreed && exitCode === 0) return { settled: true };
  const parts: string[] = [];
  if (!consistency) parts.push(`${CONSISTENCY_ID} to run (it was not selected)`);
  else if (!agreed) parts.push(consistencyWait(consistency));
  if (exitCode !== 0) {
    const others = results.filter((f) => f.id !== CONSISTENCY_ID && (counted === undefined || counted.has(f.id)));
    const serious = others.filter((f) => f.status === 'fail' || f.status === 'error');
    const blocking = serious.length > 0 ? serious : others.filter((f) => f.status === 'warn');
    if (blocking.length > 0) parts.push(`${listing(blocking.map((f) => `${f.id} (${f.status})`), 8)} to pass`);
    else if (parts.length === 0) parts.push(`the run to end with exit 0 (it ended with ${exitCode})`);
  }
  return { settled: false, waitingFor: parts.join('; and ') };
}
