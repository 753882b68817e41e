// One SMTP probe run: connect, greeting, EHLO, STARTTLS, MAIL FROM:<>, RCPT TO..., RSET, QUIT — recorded, deadline-bound, never DATA.

import net from 'node:net';
import { performance } from 'node:perf_hooks';
import tls from 'node:tls';
import type SMTPConnection from 'nodemailer/lib/smtp-connection';
import { checkCommand, type AllowedVerb } from './allow-list.js';
import { addressLiteral, dial, resolveEndpoint } from './connect.js';
import { ehloResult } from './ehlo.js';
import { LineGuard, MAX_REPLY_BYTES, type LineGuardViolation } from './line-guard.js';
import { commandQueue, createConnection, nodemailerErrorCode, pendingServerBytes } from './nodemailer-bridge.js';
import { isPositive, parseReply, replySummary } from './reply.js';
import { handshakeFailure, sessionFacts } from './tls-facts.js';
import { extraCaCount, trustContext } from './trust.js';
import type {
  EhloResult,
  RcptResult,
  SmtpAnomaly,
  SmtpEndpoint,
  SmtpPhase,
  SmtpProbeError,
  SmtpProbeOptions,
  SmtpProbeResult,
  SmtpReply,
  TlsFacts,
  TlsVersion,
  TranscriptEntry,
  TranscriptEvent,
} from './types.js';

export const DEFAULT_PORT = 25;
export const DEFAULT_TIMEOUT_MS = 10_000;
// A polite probe: Exchange Online and Exim accept far more (RFC 5321 §4.5.3.1.8: at least 100), a probe needs a few.
export const MAX_RECIPIENTS = 20;

const PHASE_OF: Record<AllowedVerb, SmtpPhase> = {
  EHLO: 'ehlo',
  HELO: 'helo',
  STARTTLS: 'starttls',
  MAIL: 'mail',
  RCPT: 'rcpt',
  RSET: 'rset',
  QUIT: 'quit',
};

interface Settings {
  host: string;
  address?: string;
  port: number;
  heloName?: string;
  starttls: boolean;
  tlsName?: string;
  /** SNI: the name to check, or the host, when it is a name (RFC 6066 §3: no IP literals). */
  servername?: string;
  extraCa: string[];
  tlsMinVersion: TlsVersion;
  recipients: string[];
  senderEnvelope?: { from: string; recipients: string[] };
  timeoutMs: number;
  totalTimeoutMs: number;
}

function settingsFrom(options: SmtpProbeOptions): Settings | string {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const port = options.port ?? DEFAULT_PORT;
  const recipients = options.recipients ?? [];
  if (typeof options.host !== 'string' || options.host.length === 0) return 'host is required';
  if (!Number.isInteger(port) || port < 1 || port > 65535) return `invalid port ${String(port)}`;
  if (!(timeoutMs > 0) || !Number.isFinite(timeoutMs)) return `invalid timeoutMs ${String(timeoutMs)}`;
  if (options.address !== undefined && net.isIP(options.address) === 0) return `address is not an IP: ${options.address}`;
  const envelope = options.senderEnvelope;
  if (envelope !== undefined) {
    if (typeof envelope.from !== 'string' || envelope.from === '' || !checkCommand(`MAIL FROM:<${envelope.from}>`).allowed) {
      return `not a plain sender address: ${JSON.stringify(envelope.from)}`;
    }
    if (!Array.isArray(envelope.recipients)) return 'senderEnvelope.recipients must be a list';
  }
  const all = [...recipients, ...(envelope?.recipients ?? [])];
  if (all.length > MAX_RECIPIENTS) return `at most ${MAX_RECIPIENTS} recipients per probe`;
  for (const recipient of all) {
    if (!checkCommand(`RCPT TO:<${recipient}>`).allowed) return `not a plain mailbox address: ${JSON.stringify(recipient)}`;
  }
  if (options.heloName !== undefined && !checkCommand(`EHLO ${options.heloName}`).allowed) {
    return `invalid EHLO name: ${JSON.stringify(options.heloName)}`;
  }
  const totalTimeoutMs = options.totalTimeoutMs ?? timeoutMs * 4;
  if (!(totalTimeoutMs > 0) || !Number.isFinite(totalTimeoutMs)) return `invalid totalTimeoutMs ${String(totalTimeoutMs)}`;
  const settings: Settings = {
    host: options.host,
    port,
    starttls: options.starttls ?? true,
    extraCa: options.extraCa ?? [],
    tlsMinVersion: options.tlsMinVersion ?? 'TLSv1.2',
    recipients,
    timeoutMs,
    totalTimeoutMs,
  };
  if (options.address !== undefined) settings.address = options.address;
  if (options.heloName !== undefined) settings.heloName = options.heloName;
  if (envelope !== undefined) settings.senderEnvelope = { from: envelope.from, recipients: [...envelope.recipients] };
  const tlsName = options.tlsName ?? options.host;
  if (tlsName) settings.tlsName = tlsName;
  // RFC 6066 §3: SNI is a host name; a wildcard --tls-name ("*.example.com") is only a pattern to check.
  const servername = [tlsName, options.host].find((name) => name && net.isIP(name) === 0 && !name.includes('*'));
  if (servername && options.sni !== false) settings.servername = servername;
  return settings;
}

function abortMessage(signal: AbortSignal): string {
  const reason: unknown = signal.reason;
  if (reason instanceof Error) return reason.message;
  return typeof reason === 'string' ? reason : 'the probe was aborted';
}

/** Runs one probe. Never throws: every failure is a value in the result. */
export async function runProbe(options: SmtpProbeOptions): Promise<SmtpProbeResult> {
  const run = new ProbeRun(options);
  try {
    await run.run();
  } catch (err) {
    run.fail('EINTERNAL', `probe bug: ${err instanceof Error ? err.message : String(err)}`);
  }
  return run.result();
}

class ProbeRun {
  private readonly t0 = performance.now();
  private readonly startedAt = new Date().toISOString();
  private readonly settings: Settings | undefined;
  private readonly invalid: string | undefined;

  private phase: SmtpPhase = 'setup';
  private error: SmtpProbeError | undefined;
  private closeError: SmtpProbeError | undefined;
  private closing = false;
  private finished = false;

  private readonly transcript: TranscriptEntry[] = [];
  private readonly anomalies: SmtpAnomaly[] = [];
  private readonly rcpt: RcptResult[] = [];
  private greeting: SmtpReply | undefined;
  private ehlo: EhloResult | undefined;
  private ehloTls: EhloResult | undefined;
  private tls: TlsFacts | undefined;
  private mailFrom: SmtpReply | undefined;
  private senderEnvelope: { from: string; mailFrom?: SmtpReply; rcpt: RcptResult[] } | undefined;
  /** Which transaction MAIL and RCPT replies belong to: the null sender's, or the sender envelope's. */
  private transaction: 'null' | 'sender' = 'null';
  private rset: SmtpReply | undefined;
  private quit: SmtpReply | undefined;
  private remote: { address?: string; port?: number } = {};
  private connectMs: number | undefined;
  private connectedAt: number | undefined;
  private greetingMs: number | undefined;
  private tlsStartedAt: number | undefined;

  private lastCommand: { verb: AllowedVerb; line: string } | undefined;
  /** True from a command (or the connection, for the greeting) until its reply: one reply per command, no pipelining. */
  private awaitingReply = false;
  private lastReply: SmtpReply | undefined;
  private tlsActive = false;
  private socket: net.Socket | undefined;
  private connection: SMTPConnection | undefined;
  private readonly guarded = new Map<net.Socket, (chunk: Buffer | string) => void>();

  private phaseTimer: NodeJS.Timeout | undefined;
  private totalTimer: NodeJS.Timeout | undefined;
  private readonly signal: AbortSignal | undefined;
  private readonly onAbort = (): void => {
    if (this.signal) this.fail('ABORT_ERR', abortMessage(this.signal));
  };
  private resolveStopped!: () => void;
  /** Settles when the run fails or finishes: every wait races against it. */
  private readonly stopped = new Promise<'stopped'>((resolve) => {
    this.resolveStopped = () => resolve('stopped');
  });

  constructor(private readonly options: SmtpProbeOptions) {
    const settings = settingsFrom(options);
    if (typeof settings === 'string') this.invalid = settings;
    else this.settings = settings;
    this.signal = options.signal;
  }

  async run(): Promise<void> {
    const settings = this.settings;
    if (!settings) return this.fail('EINVAL', this.invalid ?? 'invalid options');
    if (this.signal?.aborted) return this.fail('ABORT_ERR', abortMessage(this.signal));
    this.signal?.addEventListener('abort', this.onAbort, { once: true });
    this.totalTimer = setTimeout(() => {
      this.fail('ETIMEDOUT', `overall deadline of ${settings.totalTimeoutMs} ms passed during ${this.phase}`);
    }, settings.totalTimeoutMs);

    if (!(await this.connect(settings))) return;
    if (!(await this.setUpSession(settings))) return;
    if (settings.recipients.length > 0) {
      await this.envelope(settings.recipients);
      if (this.finished) return;
    }
    const second = settings.senderEnvelope;
    if (second) {
      // RFC 5321 §4.1.1.5: RSET ends the first transaction; the session stays open for the next MAIL.
      if (this.mailFrom) {
        await this.exchange('RSET');
        if (this.finished) return;
      }
      this.transaction = 'sender';
      this.senderEnvelope = { from: second.from, rcpt: [] };
      await this.envelope(second.recipients, second.from);
      if (this.finished) return;
    }
    this.closing = true;
    if (this.mailFrom || this.senderEnvelope?.mailFrom) await this.exchange('RSET');
    if (!this.finished) await this.sayQuit();
    this.finish();
  }

  // --- phases -------------------------------------------------------------------------------

  private async connect(settings: Settings): Promise<boolean> {
    this.arm('connect');
    const target = { host: settings.host, port: settings.port, ...(settings.address ? { address: settings.address } : {}) };
    let endpoint: SmtpEndpoint | 'stopped';
    try {
      endpoint = await Promise.race([resolveEndpoint(target, this.options.connect), this.stopped]);
    } catch (err) {
      this.fail('EINTERNAL', `connect hook failed: ${err instanceof Error ? err.message : String(err)}`);
      return false;
    }
    if (endpoint === 'stopped' || this.finished) return false;
    const started = performance.now();
    const { socket, connected } = dial(endpoint);
    this.socket = socket;
    const outcome = await Promise.race([connected, this.stopped]);
    if (outcome === 'stopped' || this.finished) return false;
    if (outcome) {
      this.fail(outcome.code ?? 'ECONNECTION', outcome.message);
      return false;
    }
    this.connectMs = performance.now() - started;
    this.connectedAt = performance.now();
    if (socket.remoteAddress) this.remote.address = socket.remoteAddress;
    if (socket.remotePort) this.remote.port = socket.remotePort;
    this.event('connected', `${socket.remoteAddress ?? endpoint.host}:${socket.remotePort ?? endpoint.port}`);
    // Guard before nodemailer listens; pausing keeps the greeting in the socket until nodemailer's own
    // data listener is attached and it resumes the socket itself.
    this.guard(socket);
    socket.pause();
    return true;
  }

  /** nodemailer's part: greeting → EHLO (HELO) → STARTTLS → EHLO. */
  private async setUpSession(settings: Settings): Promise<boolean> {
    const socket = this.socket;
    if (!socket) return false;
    this.arm('greeting');
    this.awaitingReply = true;
    const tlsOptions: tls.ConnectionOptions = {
      // Verification off so that every certificate's facts are collected; they are judged afterwards.
      rejectUnauthorized: false,
      // A no-op here keeps authorizationError about the chain alone; the name is checked separately.
      checkServerIdentity: () => undefined,
      minVersion: settings.tlsMinVersion,
    };
    // With extra CAs the whole store (and minVersion with it) lives in a cached secure context.
    const context = trustContext(settings.extraCa, settings.tlsMinVersion);
    if (context) tlsOptions.secureContext = context;
    if (settings.servername) tlsOptions.servername = settings.servername;
    const connection = createConnection(
      {
        socket,
        // nodemailer sends its `host` as SNI unless it is an IP: without SNI (no name to send, or `sni: false`) it gets
        // the address actually dialled, so the ClientHello names no host at all.
        host: settings.servername ?? socket.remoteAddress ?? '127.0.0.1',
        port: settings.port,
        heloName: settings.heloName ?? addressLiteral(socket.localAddress),
        starttls: settings.starttls,
        tls: tlsOptions,
        backstopMs: settings.totalTimeoutMs + settings.timeoutMs,
        maxResponseSize: MAX_REPLY_BYTES * 2,
      },
      {
        beforeCommand: (command) => this.beforeCommand(command),
        onReply: (raw) => this.onReply(raw),
        onPlaintextDiscarded: (bytes) => this.anomaly('plaintext-after-starttls', `${bytes} bytes discarded`),
      },
    );
    this.connection = connection;
    // Kept for the connection's lifetime: a late error must never become an uncaught exception.
    connection.on('error', (err: unknown) => this.onConnectionError(err));
    connection.on('end', () => this.onConnectionEnd());
    const ready = new Promise<'ready'>((resolve) => {
      connection.connect((err) => {
        if (err) this.onConnectionError(err);
        else resolve('ready');
      });
    });
    const outcome = await Promise.race([ready, this.stopped]);
    if (outcome === 'stopped' || this.finished) return false;
    this.disarm();
    return true;
  }

  private async envelope(recipients: string[], from = ''): Promise<void> {
    // RFC 5321 §4.5.5: the null reverse-path is what bounces use; every MTA must accept it, and it
    // marks the probe as not being a sender. The sender envelope names a hosting address instead.
    const mail = await this.exchange(`MAIL FROM:<${from}>`);
    if (!mail || !isPositive(mail)) return; // a refused sender is a fact; RCPT would only get 503
    for (const recipient of recipients) {
      const reply = await this.exchange(`RCPT TO:<${recipient}>`);
      if (!reply) return;
    }
  }

  /** QUIT (RFC 5321 §4.1.1.10) through nodemailer's public quit(), which closes on the 221. */
  private async sayQuit(): Promise<void> {
    const connection = this.connection;
    if (!connection || connection.destroyed) return;
    const ended = new Promise<'ended'>((resolve) => connection.once('end', () => resolve('ended')));
    connection.quit();
    await Promise.race([ended, this.stopped]);
  }

  /** Writes one of the probe's own commands and waits for its reply (or for the run to stop). */
  private async exchange(line: string): Promise<SmtpReply | undefined> {
    const connection = this.connection;
    if (this.finished || !connection) return undefined;
    if (connection.destroyed) {
      this.fail('ECLOSED', 'the server closed the connection');
      return undefined;
    }
    const queue = commandQueue(connection);
    if (!queue) {
      this.fail('EINTERNAL', 'nodemailer no longer exposes its command queue (_sendCommand/_responseActions)');
      return undefined;
    }
    // Checked here too, so a refused line never leaves a reply handler behind in nodemailer's queue.
    const check = checkCommand(line);
    if (!check.allowed) {
      this.refuse(line, check.reason);
      return undefined;
    }
    this.lastReply = undefined;
    const replied = new Promise<'replied'>((resolve) => queue._responseActions.push(() => resolve('replied')));
    queue._sendCommand(line);
    // nodemailer logs the reply (onReply parses and records it) before it runs this action.
    const outcome = await Promise.race([replied, this.stopped]);
    return outcome === 'replied' ? this.lastReply : undefined;
  }

  // --- hooks from nodemailer --------------------------------------------------------------

  private beforeCommand(command: string): boolean {
    if (this.finished) return false;
    const check = checkCommand(command);
    if (!check.allowed) {
      this.refuse(command, check.reason);
      return false;
    }
    // RFC 5321 §4.2: one reply per command, in order, and the probe never pipelines. Server bytes already waiting
    // when a command is written (a second greeting line, an extra line after a reply) answer nothing asked: nodemailer
    // would read them as this command's reply and every later answer would be one step behind (the MAIL reply taken
    // as the RCPT verdict). Stop before writing instead of judging replies that are out of step.
    if (pendingServerBytes(this.connection)) {
      const verb = check.verb;
      this.event('anomaly', `reply out of turn: the server sent more than was asked before ${verb}`);
      this.fail('EPROTOCOL', `the server sent a reply nobody asked for before ${verb}: its answers are out of step with the commands`);
      return false;
    }
    // The first command after the handshake is sent from the secureConnect callback: TLS is up.
    if (this.phase === 'tls') this.onTlsEstablished();
    const socket = this.connection?._socket;
    if (socket) this.guard(socket);
    this.transcript.push({ at: this.now(), kind: 'sent', command });
    this.lastCommand = { verb: check.verb, line: command };
    this.awaitingReply = true;
    this.arm(PHASE_OF[check.verb]);
    return true;
  }

  private onReply(raw: string): void {
    if (this.finished) return;
    const reply = parseReply(raw);
    this.transcript.push({ at: this.now(), kind: 'received', reply });
    // A reply nobody asked for is kept in the transcript only; nodemailer then fails with EPROTOCOL.
    if (!this.awaitingReply) return;
    this.awaitingReply = false;
    this.lastReply = reply;
    this.disarm();
    const command = this.lastCommand;
    if (!command) {
      this.greeting = reply;
      if (this.connectedAt !== undefined) this.greetingMs = performance.now() - this.connectedAt;
      // RFC 5321 §4.3.2: 220 opens the session; 554 (or 421) means no service for this client.
      if (reply.code !== 220) this.fail('EGREETING', `the server did not greet with 220: ${replySummary(reply)}`);
      return;
    }
    switch (command.verb) {
      case 'EHLO':
      case 'HELO': {
        const current = this.tlsActive ? this.ehloTls : this.ehlo;
        const result =
          command.verb === 'HELO' ? ehloResult('HELO', reply, current?.command === 'EHLO' ? current.reply : undefined) : ehloResult('EHLO', reply);
        if (this.tlsActive) this.ehloTls = result;
        else this.ehlo = result;
        if (command.verb === 'HELO' && !isPositive(reply)) this.fail('EHELO', `EHLO and HELO were both refused: ${replySummary(reply)}`);
        break;
      }
      case 'STARTTLS':
        this.tls = {
          starttlsReply: reply,
          minVersion: this.settings?.tlsMinVersion ?? 'TLSv1.2',
          established: false,
          peerChain: [],
        };
        if (this.settings?.servername) this.tls.servername = this.settings.servername;
        if (isPositive(reply)) {
          this.tlsStartedAt = performance.now();
          this.unguard(this.socket);
          this.event('tls-handshake-started');
          this.arm('tls');
        }
        break;
      case 'MAIL':
        if (this.transaction === 'sender' && this.senderEnvelope) this.senderEnvelope.mailFrom = reply;
        else this.mailFrom = reply;
        break;
      case 'RCPT': {
        const answer = { address: /^RCPT TO:<(.*)>$/.exec(command.line)?.[1] ?? command.line, reply };
        if (this.transaction === 'sender' && this.senderEnvelope) this.senderEnvelope.rcpt.push(answer);
        else this.rcpt.push(answer);
        break;
      }
      case 'RSET':
        this.rset = reply;
        break;
      case 'QUIT':
        this.quit = reply;
        break;
    }
    // RFC 5321 §3.8: 421 is the server closing the channel, whatever command it answers.
    if (reply.code === 421 && command.verb !== 'QUIT') this.fail('ECLOSED', `the server is closing the session: ${replySummary(reply)}`);
  }

  private onTlsEstablished(): void {
    const socket = this.connection?._socket;
    if (!this.tls || !(socket instanceof tls.TLSSocket)) return;
    this.tlsActive = true;
    this.tls.established = true;
    if (this.tlsStartedAt !== undefined) this.tls.handshakeMs = round(performance.now() - this.tlsStartedAt);
    Object.assign(this.tls, sessionFacts(socket, this.settings?.tlsName, extraCaCount(this.settings?.extraCa)));
    this.event('tls-established', [this.tls.protocol, this.tls.cipher?.standardName].filter(Boolean).join(' '));
  }

  private onConnectionError(err: unknown): void {
    if (this.finished) return;
    const message = err instanceof Error ? err.message : String(err);
    if (this.phase === 'tls' && this.tls && !this.tls.established) {
      const failure = handshakeFailure(err);
      // A close mid-handshake reaches nodemailer as "Connection closed unexpectedly" without a socket code.
      if (failure.code === 'ETLS' || failure.code === 'ECONNECTION') failure.code = 'ECLOSED';
      this.tls.failure = failure;
      const why = [failure.reason ?? failure.message, failure.alert !== undefined ? `(alert ${failure.alert})` : ''].filter(Boolean).join(' ');
      this.event('tls-failed', `${failure.code}: ${why}`);
      return this.fail(failure.code, `TLS handshake failed: ${why}`);
    }
    this.fail(nodemailerErrorCode(err), message);
  }

  private onConnectionEnd(): void {
    if (this.finished) return;
    if (this.phase === 'quit') return; // the expected end: nodemailer closes on the 221
    this.fail('ECLOSED', 'the server closed the connection');
  }

  // --- guards, deadlines, records ---------------------------------------------------------

  /** Watches a socket's raw bytes (the plain one, then the TLS one after STARTTLS). */
  private guard(socket: net.Socket): void {
    if (this.guarded.has(socket)) return;
    const guard = new LineGuard({
      onBareLf: () => this.anomaly('bare-lf', 'reply lines end with LF, not CRLF'),
      onViolation: (violation: LineGuardViolation) => {
        this.fail(
          'ETOOLARGE',
          violation.kind === 'too-large'
            ? `reply over ${MAX_REPLY_BYTES} bytes (${violation.bytes} received)`
            : `reply over ${violation.lines - 1} lines`,
        );
      },
    });
    const listener = (chunk: Buffer | string): void => guard.push(typeof chunk === 'string' ? Buffer.from(chunk, 'binary') : chunk);
    this.guarded.set(socket, listener);
    socket.on('data', listener);
  }

  /** Stops watching the plain socket once TLS owns it: ciphertext is not lines (and has LFs without CR). */
  private unguard(socket: net.Socket | undefined): void {
    const listener = socket && this.guarded.get(socket);
    if (socket && listener) socket.off('data', listener);
  }

  private refuse(command: string, reason: string): void {
    this.event('refused-command', reason);
    this.fail('EREFUSEDCOMMAND', `refused to write ${JSON.stringify(command.slice(0, 40))}: ${reason}`);
  }

  private arm(phase: SmtpPhase): void {
    this.phase = phase;
    this.disarm();
    const timeoutMs = this.settings?.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.phaseTimer = setTimeout(() => this.fail('ETIMEDOUT', deadlineMessage(phase, this.lastCommand?.verb, timeoutMs)), timeoutMs);
  }

  private disarm(): void {
    if (this.phaseTimer) clearTimeout(this.phaseTimer);
    this.phaseTimer = undefined;
  }

  private anomaly(kind: SmtpAnomaly, detail: string): void {
    if (this.anomalies.includes(kind)) return;
    this.anomalies.push(kind);
    this.event('anomaly', `${kind}: ${detail}`);
  }

  private event(event: TranscriptEvent, detail?: string): void {
    const entry: TranscriptEntry = { at: this.now(), kind: 'event', event };
    if (detail) entry.detail = detail;
    this.transcript.push(entry);
  }

  private now(): number {
    return round(performance.now() - this.t0);
  }

  /** Records the first failure and stops: every later one is a consequence. */
  fail(code: string, message: string): void {
    if (this.finished) return;
    const error: SmtpProbeError = { phase: this.phase, code, message };
    if (this.closing) this.closeError = error;
    else this.error = error;
    this.event('error', `${code}: ${message}`);
    this.finish();
  }

  private finish(): void {
    if (this.finished) return;
    this.finished = true;
    this.disarm();
    if (this.totalTimer) clearTimeout(this.totalTimer);
    this.signal?.removeEventListener('abort', this.onAbort);
    // close() detaches nodemailer from the socket and destroys it (socketCloseTimeout 0).
    if (this.connection && !this.connection.destroyed) this.connection.close();
    if (this.socket && !this.socket.destroyed) this.socket.destroy();
    const tlsSocket = this.connection?._socket;
    if (tlsSocket && !tlsSocket.destroyed) tlsSocket.destroy();
    if (this.socket || this.connection) this.event('closed');
    if (!this.error && this.phase !== 'setup') this.phase = 'done';
    this.resolveStopped();
  }

  result(): SmtpProbeResult {
    this.finish();
    const target: SmtpProbeResult['target'] = { host: this.options.host, port: this.options.port ?? DEFAULT_PORT };
    if (this.options.address !== undefined) target.address = this.options.address;
    if (this.remote.address !== undefined) target.remoteAddress = this.remote.address;
    if (this.remote.port !== undefined) target.remotePort = this.remote.port;
    const result: SmtpProbeResult = {
      target,
      ok: !this.error,
      phase: this.phase,
      rcpt: this.rcpt,
      anomalies: this.anomalies,
      transcript: this.transcript,
      timings: { startedAt: this.startedAt, totalMs: this.now() },
    };
    if (this.error) result.error = this.error;
    if (this.closeError) result.closeError = this.closeError;
    if (this.greeting) result.greeting = this.greeting;
    if (this.ehlo) result.ehlo = this.ehlo;
    if (this.ehloTls) result.ehloTls = this.ehloTls;
    if (this.tls) result.tls = this.tls;
    if (this.mailFrom) result.mailFrom = this.mailFrom;
    if (this.senderEnvelope) result.senderEnvelope = this.senderEnvelope;
    if (this.rset) result.rset = this.rset;
    if (this.quit) result.quit = this.quit;
    if (this.connectMs !== undefined) result.timings.connectMs = round(this.connectMs);
    if (this.greetingMs !== undefined) result.timings.greetingMs = round(this.greetingMs);
    if (this.tls?.handshakeMs !== undefined) result.timings.tlsHandshakeMs = this.tls.handshakeMs;
    return result;
  }
}

function round(ms: number): number {
  return Math.round(ms * 10) / 10;
}

function deadlineMessage(phase: SmtpPhase, verb: AllowedVerb | undefined, timeoutMs: number): string {
  switch (phase) {
    case 'connect':
      return `no TCP connection within ${timeoutMs} ms`;
    case 'greeting':
      return `no complete greeting within ${timeoutMs} ms`;
    case 'tls':
      return `TLS handshake not finished within ${timeoutMs} ms`;
    default:
      return `no complete reply to ${verb ?? phase.toUpperCase()} within ${timeoutMs} ms`;
  }
}
