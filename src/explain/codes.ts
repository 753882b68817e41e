// Generic meanings of SMTP reply codes (RFC 5321 §4.2.2/§4.2.3) and enhanced status codes (RFC 3463 §3, RFC 5248 registry).

const CLASSES: Record<string, string> = {
  '2': 'success',
  '4': 'persistent transient failure: the sender keeps retrying for a while',
  '5': 'permanent failure: sending the same message again will not work',
};

const SUBJECTS: Record<string, string> = {
  '0': 'other or undefined',
  '1': 'addressing (the sender or recipient address)',
  '2': 'mailbox (the recipient mailbox: full, disabled, ...)',
  '3': 'mail system (the receiving system)',
  '4': 'network and routing (DNS, connections, loops, timeouts)',
  '5': 'mail delivery protocol (SMTP commands)',
  '6': 'message content or media',
  '7': 'security or policy (authentication, spam filtering, reputation)',
};

/** RFC 3463 §3.x details, keyed `subject.detail`. */
const DETAILS: Record<string, string> = {
  '0.0': 'other undefined status',
  '1.0': 'other address status',
  '1.1': 'bad destination mailbox address (no such mailbox)',
  '1.2': 'bad destination system address',
  '1.3': 'bad destination mailbox address syntax',
  '1.4': 'destination mailbox address ambiguous',
  '1.5': 'destination address valid',
  '1.6': 'destination mailbox has moved, no forwarding address',
  '1.7': "bad sender's mailbox address syntax",
  '1.8': "bad sender's system address",
  '2.0': 'other or undefined mailbox status',
  '2.1': 'mailbox disabled, not accepting messages',
  '2.2': 'mailbox full',
  '2.3': 'message length exceeds administrative limit',
  '2.4': 'mailing list expansion problem',
  '3.0': 'other or undefined mail system status',
  '3.1': 'mail system full',
  '3.2': 'system not accepting network messages',
  '3.3': 'system not capable of selected features',
  '3.4': 'message too big for system',
  '3.5': 'system incorrectly configured',
  '4.0': 'other or undefined network or routing status',
  '4.1': 'no answer from host',
  '4.2': 'bad connection',
  '4.3': 'directory server failure',
  '4.4': 'unable to route',
  '4.5': 'mail system congestion',
  '4.6': 'routing loop detected',
  '4.7': 'delivery time expired',
  '5.0': 'other or undefined protocol status',
  '5.1': 'invalid command',
  '5.2': 'syntax error',
  '5.3': 'too many recipients',
  '5.4': 'invalid command arguments',
  '5.5': 'wrong protocol version',
  '6.0': 'other or undefined media error',
  '6.1': 'media not supported',
  '6.2': 'conversion required and prohibited',
  '6.3': 'conversion required but not supported',
  '6.4': 'conversion with loss performed',
  '6.5': 'conversion failed',
  '7.0': 'other or undefined security status',
  '7.1': 'delivery not authorized, message refused',
  '7.2': 'mailing list expansion prohibited',
  '7.3': 'security conversion required but not possible',
  '7.4': 'security features not supported',
  '7.5': 'cryptographic failure',
  '7.6': 'cryptographic algorithm not supported',
  '7.7': 'message integrity failure',
  '7.8': 'authentication credentials invalid',
  '7.9': 'authentication mechanism is too weak',
  '7.10': 'encryption needed',
  '7.11': 'encryption required for requested authentication mechanism',
  '7.12': 'a password transition is needed',
  '7.13': 'user account disabled',
  '7.14': 'trust relationship required',
  '7.15': 'priority level is too low',
  '7.16': 'message is too big for the specified priority',
  '7.17': 'mailbox owner has changed',
  '7.18': 'domain owner has changed',
  '7.19': 'RRVS test cannot be completed',
  '7.20': 'no passing DKIM signature found',
  '7.21': 'no acceptable DKIM signature found',
  '7.22': 'no valid author-matched DKIM signature found',
  '7.23': 'SPF validation failed',
  '7.24': 'SPF validation error',
  '7.25': 'reverse DNS validation failed',
  '7.26': 'multiple authentication checks failed',
  '7.27': 'sender address has null MX',
  '7.28': 'mail flood detected',
  '7.29': 'ARC validation failure',
  '7.30': 'REQUIRETLS support required',
};

const REPLIES: Record<number, string> = {
  421: 'service not available, closing the connection',
  450: 'mailbox unavailable (temporarily), action not taken',
  451: 'local error in processing, action aborted',
  452: 'insufficient system storage',
  454: 'TLS not available temporarily',
  455: 'server unable to accommodate parameters',
  500: 'syntax error, command unrecognised',
  501: 'syntax error in parameters',
  502: 'command not implemented',
  503: 'bad sequence of commands',
  504: 'command parameter not implemented',
  521: 'host does not accept mail',
  530: 'authentication required',
  535: 'authentication credentials invalid',
  550: 'mailbox unavailable or refused by policy, action not taken',
  551: 'user not local',
  552: 'exceeded storage allocation',
  553: 'mailbox name not allowed',
  554: 'transaction failed',
  556: 'domain does not accept mail',
};

/** An enhanced status code's parts, or undefined when the text is not one (RFC 3463 §2: 1-3 digits each). */
export function parseStatus(text: string): { klass: string; subject: string; detail: string } | undefined {
  const m = /^([245])\.(\d{1,3})\.(\d{1,3})$/.exec(text);
  return m ? { klass: m[1]!, subject: String(Number(m[2])), detail: String(Number(m[3])) } : undefined;
}

/** The generic RFC 3463 reading of an enhanced status code, for codes no diagnosis claims. */
export function describeStatus(status: string): string {
  const parts = parseStatus(status);
  if (!parts) return 'not an enhanced status code';
  const klass = CLASSES[parts.klass] ?? 'unknown class';
  const subject = SUBJECTS[parts.subject];
  const detail = DETAILS[`${parts.subject}.${parts.detail}`];
  if (detail) return `${klass}; ${subject ?? 'unknown subject'}: ${detail}`;
  if (subject) return `${klass}; ${subject}: detail ${parts.detail} is not a standard code (a vendor's own)`;
  return `${klass}; subject ${parts.subject} is not defined by RFC 3463`;
}

/** The generic RFC 5321 reading of a reply code. */
export function describeReply(code: number): string {
  const known = REPLIES[code];
  if (known) return known;
  const first = String(code)[0];
  if (first === '4') return 'transient negative reply: the sender retries';
  if (first === '5') return 'permanent negative reply';
  if (first === '2') return 'positive reply';
  return 'not a standard reply code';
}
