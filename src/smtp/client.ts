// The checks' view of SMTP: one probe per distinct request per run, recorded for evidence, or replayed from it.
import { defaultHeloName } from './helo-name.js';
import type { SmtpConnectHook, SmtpProbeResult } from './types.js';

/** What a check asks for; the client adds the run's timeouts, trust and routing. */
export interface SmtpProbeRequest {
  host: string;
  /** The address to connect to, resolved by the run's one DNS client. */
  address?: string;
  port: number;
  /** Upgrade with STARTTLS when offered (default true). */
  starttls?: boolean;
  /** Name the certificate must match (default: host). */
  tlsName?: string;
  /** `RCPT TO` after `MAIL FROM:<>`; never followed by DATA. */
  recipients?: string[];
  /** A second transaction in the same session: `MAIL FROM:<from>` then `RCPT TO` of each recipient (never DATA). */
  senderEnvelope?: { from: string; recipients: string[] };
  /** False: no SNI in the handshake (the certificate a client that names no host gets). Default true. */
  sni?: boolean;
  /**
   * 2, 3, ...: the same question asked again after a connection attempt timed out or the server was busy (421):
   * a new probe, recorded apart, so a replay answers each attempt as it went. Absent: the first.
   */
  attempt?: number;
}

export interface SmtpClient {
  probe(request: SmtpProbeRequest, options?: { signal?: AbortSignal }): Promise<SmtpProbeResult>;
}

/** One recorded probe: the evidence file keeps these, replay answers from them. */
export interface SmtpExchange {
  request: SmtpProbeRequest;
  result: SmtpProbeResult;
}

/** Requests that differ only in field order or case of the host are the same probe. */
export function probeKey(r: SmtpProbeRequest): string {
  const key: unknown[] = [
    r.host.toLowerCase(),
    r.address ?? '',
    r.port,
    r.starttls ?? true,
    (r.tlsName ?? r.host).toLowerCase(),
    [...(r.recipients ?? [])].sort(),
  ];
  // Appended only when set, so the keys of evidence recorded before these fields existed stay the same.
  if (r.senderEnvelope) key.push({ from: r.senderEnvelope.from.toLowerCase(), to: [...r.senderEnvelope.recipients].sort() });
  if (r.sni === false) key.push('no-sni');
  if (r.attempt !== undefined && r.attempt > 1) key.push(`attempt-${r.attempt}`);
  return JSON.stringify(key);
}

export interface LiveSmtpOptions {
  timeoutMs: number;
  extraCa?: string[];
  /** The EHLO name (`--helo`). Default: `defaultHeloName()`, the machine's FQDN, else the probe's address literal. */
  heloName?: string;
  connect?: SmtpConnectHook;
  signal?: AbortSignal;
}

export interface RecordingSmtpClient extends SmtpClient {
  /** Every probe made, in order of asking. */
  exchanges(): SmtpExchange[];
}

/**
 * Probes through `probeSmtp`, loaded on first use (nodemailer stays out of start-up), with
 * in-flight de-duplication: several checks asking the same question open one connection.
 */
export function createSmtpClient(options: LiveSmtpOptions): RecordingSmtpClient {
  const done: SmtpExchange[] = [];
  const heloName = options.heloName ?? defaultHeloName();
  const inFlight = new Map<string, Promise<SmtpProbeResult>>();
  return {
    probe(request, probeOptions) {
      const key = probeKey(request);
      let pending = inFlight.get(key);
      if (!pending) {
        pending = import('./index.js').then(async ({ probeSmtp }) => {
          const signal = probeOptions?.signal ?? options.signal;
          const result = await probeSmtp({
            host: request.host,
            port: request.port,
            timeoutMs: options.timeoutMs,
            ...(request.address === undefined ? {} : { address: request.address }),
            ...(request.starttls === undefined ? {} : { starttls: request.starttls }),
            ...(request.tlsName === undefined ? {} : { tlsName: request.tlsName }),
            ...(request.recipients === undefined ? {} : { recipients: request.recipients }),
            ...(request.senderEnvelope === undefined ? {} : { senderEnvelope: request.senderEnvelope }),
            ...(request.sni === undefined ? {} : { sni: request.sni }),
            ...(options.extraCa === undefined ? {} : { extraCa: options.extraCa }),
            ...(heloName === undefined ? {} : { heloName }),
            ...(options.connect === undefined ? {} : { connect: options.connect }),
            ...(signal === undefined ? {} : { signal }),
          });
          done.push({ request, result });
          return result;
        });
        inFlight.set(key, pending);
      }
      return pending;
    },
    exchanges: () => [...done],
  };
}

/** Answers from saved probes; a request not in the evidence is a probe that could not be made. */
export function createReplaySmtpClient(exchanges: readonly SmtpExchange[]): SmtpClient {
  const byKey = new Map(exchanges.map((e) => [probeKey(e.request), e.result]));
  return {
    async probe(request) {
      const saved = byKey.get(probeKey(request));
      if (saved) return saved;
      return {
        target: { host: request.host, port: request.port, ...(request.address === undefined ? {} : { address: request.address }) },
        ok: false,
        phase: 'setup',
        error: { phase: 'setup', code: 'ENOTINEVIDENCE', message: 'this SMTP probe is not in the saved evidence' },
        rcpt: [],
        anomalies: [],
        transcript: [],
        timings: { startedAt: new Date(0).toISOString(), totalMs: 0 },
      };
    },
  };
}

/** A client for runs without SMTP (--no-smtp): any probe is a programming error, reported as such. */
export const NO_SMTP: SmtpClient = {
  probe: () => Promise.reject(new Error('SMTP probes are turned off for this run (--no-smtp)')),
};
