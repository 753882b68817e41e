// The only commands the probe may ever write: checked before every write, so DATA (and AUTH) cannot be sent by construction.

/** Commands the probe may write. Nothing that transfers a message or credentials is here. */
export type AllowedVerb = 'EHLO' | 'HELO' | 'STARTTLS' | 'MAIL' | 'RCPT' | 'RSET' | 'QUIT';

export type CommandCheck = { allowed: true; verb: AllowedVerb } | { allowed: false; reason: string };

// Each pattern is the whole line: no CR/LF can hide a second command behind an allowed one (RFC 5321 §2.3.8).
const RULES: ReadonlyArray<readonly [AllowedVerb, RegExp]> = [
  // RFC 5321 §4.1.1.1: a domain or an address literal; printable ASCII, no spaces.
  ['EHLO', /^EHLO [\x21-\x7e]{1,255}$/],
  ['HELO', /^HELO [\x21-\x7e]{1,255}$/],
  ['STARTTLS', /^STARTTLS$/], // RFC 3207
  // The null reverse-path (RFC 5321 §4.5.5), or one plain mailbox without parameters: the reverse-flow probe asks as a
  // hosting user would (smarthost.routes-to-m365). No SIZE=, BODY=, AUTH= or RET= parameters, nothing after the path.
  ['MAIL', /^MAIL FROM:<(?:[\x21-\x3b\x3d\x3f-\x7e]{1,64}@[\x21-\x3b\x3d\x3f-\x7e]{1,253})?>$/],
  // One plain mailbox, no parameters; RFC 5321 §4.1.2 Path without source routes.
  ['RCPT', /^RCPT TO:<[\x21-\x3b\x3d\x3f-\x7e]{1,254}@[\x21-\x3b\x3d\x3f-\x7e]{1,253}>$/],
  ['RSET', /^RSET$/],
  ['QUIT', /^QUIT$/],
];

// Named so the refusal says why: these would send a message (DATA, BDAT of RFC 3030) or log in (RFC 4954).
const FORBIDDEN = /^(DATA|BDAT|AUTH|BURL|ETRN|VRFY|EXPN|TURN|ATRN)\b/i;

/** Decides whether `line` (without CRLF) may be written to the server. */
export function checkCommand(line: string): CommandCheck {
  const forbidden = FORBIDDEN.exec(line);
  if (forbidden) return { allowed: false, reason: `${forbidden[1]?.toUpperCase() ?? 'command'} is never sent by the probe` };
  for (const [verb, pattern] of RULES) {
    if (pattern.test(line)) return { allowed: true, verb };
  }
  return { allowed: false, reason: `not on the probe's allow-list: ${JSON.stringify(line.slice(0, 80))}` };
}
