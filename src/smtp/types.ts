// The SMTP probe's public types: options, the recorded transcript, the TLS facts and the JSON-serializable result.

/** Where a probe asked to go. */
export interface SmtpTarget {
  /** Host name (or IP literal) as the caller named it: used for SNI and the certificate name check. */
  host: string;
  /** IP address to connect to, when the caller resolved it (splitcheck's one resolver); otherwise the OS resolves `host`. */
  address?: string;
  port: number;
}

/** Where the socket really goes: the connect hook's answer. */
export interface SmtpEndpoint {
  /** IP address or host name. */
  host: string;
  port: number;
}

/**
 * Maps the target to the endpoint actually dialled, or `undefined` to dial the target itself.
 * Tests and the offline demo route "port 25 of mail.example.test" to 127.0.0.1:<ephemeral>,
 * so checks are written against port 25 and still run on loopback without root.
 */
export type SmtpConnectHook = (target: Readonly<SmtpTarget>) => SmtpEndpoint | undefined | Promise<SmtpEndpoint | undefined>;

export type TlsVersion = 'TLSv1' | 'TLSv1.1' | 'TLSv1.2' | 'TLSv1.3';

export interface SmtpProbeOptions {
  host: string;
  /** IP to connect to (already resolved by the caller). Default: let the OS resolve `host`. */
  address?: string;
  /** Default 25: Exchange Online delivers to a smart host on port 25 only. */
  port?: number;
  /**
   * Name sent with EHLO/HELO. Default: the local address as an address literal (RFC 5321 §4.1.3), e.g. `[192.0.2.1]`.
   * splitcheck's runs pass `--helo`, else the machine's FQDN (`defaultHeloName()` in helo-name.ts).
   */
  heloName?: string;
  /** Send STARTTLS when the server offers it (default true). */
  starttls?: boolean;
  /** Name the certificate must match (`tls.checkServerIdentity`). Default: `host`. Also sent as SNI unless it is an IP. */
  tlsName?: string;
  /**
   * Send SNI (RFC 6066 §3) in the TLS handshake (default true). False asks the server for the certificate it
   * shows a client that names no host: shared hosts often serve another one then, and whether Exchange Online
   * sends SNI to a smart host is not documented.
   */
  sni?: boolean;
  /** Extra trusted CA certificates, PEM (the CLI's `--ca-file`). Added to Node's store and NODE_EXTRA_CA_CERTS. */
  extraCa?: string[];
  /** Lowest TLS version offered. Default `TLSv1.2`, what Exchange Online requires of a smart host. */
  tlsMinVersion?: TlsVersion;
  /**
   * Recipients to try with `RCPT TO` after `MAIL FROM:<>`. Empty or absent: no mail transaction at all.
   * `DATA` is never sent, whatever is asked.
   */
  recipients?: string[];
  /**
   * A second mail transaction in the same session, after `RSET`: `MAIL FROM:<from>` (a plain address) and
   * `RCPT TO` of each of its recipients, as a user of the server would send (the reverse flow: a hosting user
   * writing to a Microsoft 365 colleague). Never followed by DATA either. Recipients of both transactions
   * together are at most MAX_RECIPIENTS.
   */
  senderEnvelope?: { from: string; recipients: string[] };
  /** Deadline of every single phase: connect, greeting, each reply, the TLS handshake. Default 10 000 ms. */
  timeoutMs?: number;
  /** Deadline of the whole probe. Default 4 × timeoutMs. */
  totalTimeoutMs?: number;
  signal?: AbortSignal;
  connect?: SmtpConnectHook;
}

/**
 * Phases in dialogue order. `tls` is the handshake after `starttls`; `done` means the dialogue ran to its end
 * (whatever the server answered).
 */
export type SmtpPhase =
  | 'setup'
  | 'connect'
  | 'greeting'
  | 'ehlo'
  | 'helo'
  | 'starttls'
  | 'tls'
  | 'mail'
  | 'rcpt'
  | 'rset'
  | 'quit'
  | 'done';

/**
 * Why a probe stopped early. `code` is the most specific code known:
 * - Node's socket codes as they came: ECONNREFUSED, EHOSTUNREACH, ENETUNREACH, ECONNRESET, EPIPE, ENOTFOUND, ...
 * - OpenSSL/Node TLS codes for a failed handshake: ERR_SSL_WRONG_VERSION_NUMBER, ERR_SSL_TLSV1_ALERT_PROTOCOL_VERSION, ...
 * - ETIMEDOUT: a phase deadline or the overall deadline passed (see `message`)
 * - ABORT_ERR: the caller's AbortSignal fired
 * - ECLOSED: the server closed the connection while a reply was awaited
 * - EGREETING: the greeting was not 220 (RFC 5321 §4.3.2: 554 means "no service here")
 * - EHELO: both EHLO and HELO were refused
 * - ETOOLARGE: a reply over the size or line cap (a hostile or broken server)
 * - EPROTOCOL: a reply that is not SMTP, or one nobody asked for
 * - EREFUSEDCOMMAND: the allow-list stopped a command (DATA, AUTH, ...) before it was written
 * - EINVAL: bad options (e.g. a recipient that is not a plain address)
 * - EINTERNAL: a bug in the probe, caught
 */
export interface SmtpProbeError {
  phase: SmtpPhase;
  code: string;
  message: string;
}

/** One server reply; a multiline reply (`250-...` lines then `250 ...`) is one reply. */
export interface SmtpReply {
  /** Reply code, or 0 when the reply does not start with three digits. */
  code: number;
  /** Enhanced status code (RFC 3463), e.g. `5.4.1`, when the first line carries one. */
  enhanced?: string;
  /** The text of each line without the code, the separator and the enhanced code. */
  lines: string[];
  /** `lines` joined with `\n`. */
  text: string;
  /** The reply as received, lines joined with `\n` (line endings dropped). */
  raw: string;
  /** Set when the lines disagree on the code or a line lacks one (RFC 5321 §4.2.1 says they must not). */
  malformed?: true;
}

export type TranscriptEntry =
  | { at: number; kind: 'sent'; command: string }
  | { at: number; kind: 'received'; reply: SmtpReply }
  | { at: number; kind: 'event'; event: TranscriptEvent; detail?: string };

export type TranscriptEvent =
  | 'connected'
  | 'tls-handshake-started'
  | 'tls-established'
  | 'tls-failed'
  | 'refused-command'
  | 'anomaly'
  | 'error'
  | 'closed';

/** Ways a server departed from RFC 5321 without stopping the dialogue. */
export type SmtpAnomaly =
  /** Reply lines ended with LF alone (RFC 5321 §2.3.8 requires CRLF). */
  | 'bare-lf'
  /** Bytes arrived after the STARTTLS 220 in plaintext; they were discarded (RFC 3207 §4.2, STARTTLS injection). */
  | 'plaintext-after-starttls';

export interface EhloExtensions {
  /** Keywords, upper-case, in the order advertised (`SIZE`, `STARTTLS`, `AUTH`, ...). */
  keywords: string[];
  startTls: boolean;
  /** SASL mechanisms advertised with AUTH, upper-case; `null` when AUTH is not advertised. */
  auth: string[] | null;
  /** SIZE value (RFC 1870); 0 means "no fixed limit"; `null` when SIZE is not advertised. */
  size: number | null;
  pipelining: boolean;
  eightBitMime: boolean;
  enhancedStatusCodes: boolean;
  smtpUtf8: boolean;
  chunking: boolean;
}

/** The answer to EHLO (or to HELO after EHLO was refused). */
export interface EhloResult {
  command: 'EHLO' | 'HELO';
  reply: SmtpReply;
  /** The EHLO reply when HELO was the fallback (RFC 5321 §4.1.1.1: a client may fall back to HELO). */
  refusedEhlo?: SmtpReply;
  /** The domain the server names first in its reply. */
  serverName?: string;
  /** Absent after HELO: HELO advertises nothing. */
  extensions?: EhloExtensions;
}

export interface CertificateFacts {
  /** Subject, RDNs joined with `, ` in the order the certificate lists them. */
  subject: string;
  commonName?: string;
  issuer: string;
  /** subjectAltName dNSName entries. */
  dnsNames: string[];
  /** subjectAltName iPAddress entries. */
  ipAddresses: string[];
  validFrom: string;
  validTo: string;
  /** Hex, upper-case, as OpenSSL prints it. */
  serial: string;
  /** SHA-256 fingerprint, colon-separated upper-case hex. */
  fingerprint256: string;
  /** Issued by itself and signed by its own key. */
  selfSigned: boolean;
  isCa: boolean;
  /** e.g. `rsa`, `ec`. */
  keyType?: string;
  /** The certificate, PEM: lets a recorded run be judged again against another trust store. */
  pem: string;
}

export interface TlsHandshakeFailure {
  /** OpenSSL/Node code, e.g. ERR_SSL_TLSV1_ALERT_PROTOCOL_VERSION, ERR_SSL_WRONG_VERSION_NUMBER, ECONNRESET. */
  code: string;
  message: string;
  /** OpenSSL's reason string, e.g. `tlsv1 alert protocol version`, `unsupported protocol`. */
  reason?: string;
  /** TLS alert the server sent (RFC 8446 §6), e.g. 70 protocol_version, 40 handshake_failure. */
  alert?: number;
}

export interface TlsFacts {
  /** The reply to STARTTLS. A non-2xx reply means no handshake: the dialogue went on in plaintext (opportunistic TLS). */
  starttlsReply: SmtpReply;
  /** SNI sent (absent for an IP target). */
  servername?: string;
  minVersion: TlsVersion;
  /** Whether the handshake completed (verification was off, so any certificate completes it). */
  established: boolean;
  handshakeMs?: number;
  failure?: TlsHandshakeFailure;
  /** e.g. `TLSv1.3`. */
  protocol?: string;
  cipher?: { name: string; standardName: string; version: string };
  /** The certificates exactly as the server sent them, leaf first (not completed from the trust store). */
  peerChain: CertificateFacts[];
  /**
   * Chain verification against the trust store: Node's store + NODE_EXTRA_CA_CERTS + `extraCa`.
   * `code` is OpenSSL's code as Node reports it: UNABLE_TO_VERIFY_LEAF_SIGNATURE (leaf without its
   * intermediate, Microsoft's 4.4.317 UntrustedRoot), DEPTH_ZERO_SELF_SIGNED_CERT, CERT_HAS_EXPIRED,
   * SELF_SIGNED_CERT_IN_CHAIN, UNABLE_TO_GET_ISSUER_CERT_LOCALLY, ...
   */
  verification?: { trusted: boolean; code?: string; extraCaCount: number };
  /** `tls.checkServerIdentity` against `name`, independent of the chain verdict (Microsoft's 4.7.320 SubjectMismatch). */
  nameCheck?: { name: string; matches: boolean; code?: string; reason?: string };
}

export interface RcptResult {
  address: string;
  reply: SmtpReply;
}

/** The mail transaction from a real sender address: its MAIL reply and the RCPT answers. */
export interface SenderEnvelopeResult {
  from: string;
  mailFrom?: SmtpReply;
  rcpt: RcptResult[];
}

export interface SmtpTimings {
  /** Wall-clock start, ISO: the "now" to judge certificate dates of a recorded run against. */
  startedAt: string;
  /** TCP connect, ms. */
  connectMs?: number;
  /** From connected to the greeting, ms. */
  greetingMs?: number;
  tlsHandshakeMs?: number;
  totalMs: number;
}

/** The probe's answer: plain data, saved as evidence and judged again on replay. */
export interface SmtpProbeResult {
  target: {
    host: string;
    port: number;
    /** The address asked for, if any. */
    address?: string;
    /** The peer actually connected to (after the connect hook and the OS resolver). */
    remoteAddress?: string;
    remotePort?: number;
  };
  /** True when the dialogue ran to its end; the server's refusals are facts, not failures. */
  ok: boolean;
  /** The last phase entered: where it stopped when `ok` is false. */
  phase: SmtpPhase;
  error?: SmtpProbeError;
  /** Trouble while closing (RSET/QUIT) after the facts were in: recorded, does not make `ok` false. */
  closeError?: SmtpProbeError;
  greeting?: SmtpReply;
  /** The EHLO in plaintext: what a connecting MTA first learns (is STARTTLS offered?). */
  ehlo?: EhloResult;
  /** The EHLO again inside TLS (RFC 3207 §4.2): servers often advertise AUTH only here. */
  ehloTls?: EhloResult;
  /** Absent when STARTTLS was not offered or not wanted. */
  tls?: TlsFacts;
  /** The answer to `MAIL FROM:<>` (the first transaction: `recipients`). */
  mailFrom?: SmtpReply;
  /** The answers to `RCPT TO` of `recipients`, after `MAIL FROM:<>`. */
  rcpt: RcptResult[];
  /** The second transaction (`senderEnvelope`), when it was asked for and the dialogue got that far. */
  senderEnvelope?: SenderEnvelopeResult;
  rset?: SmtpReply;
  quit?: SmtpReply;
  anomalies: SmtpAnomaly[];
  transcript: TranscriptEntry[];
  timings: SmtpTimings;
}
