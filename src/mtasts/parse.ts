// MTA-STS parsing (RFC 8461): the `_mta-sts` TXT record (§3.1) and the policy file (§3.2), pure functions.

export type StsMode = 'enforce' | 'testing' | 'none';

export interface StsRecord {
  /** The `id=` value, when present and well formed. */
  id?: string;
  /** Why the record is invalid (RFC 8461 §3.1: an invalid record means "no MTA-STS"), empty when valid. */
  problems: string[];
}

export interface StsPolicy {
  version?: string;
  mode?: StsMode | string;
  mx: string[];
  maxAge?: number;
  /** Why senders would reject the policy (RFC 8461 §3.2, §5); empty when valid. */
  problems: string[];
}

/** RFC 8461 §3.1: only TXT records beginning with "v=STSv1" (then ";" or the end) are MTA-STS records. */
export function isStsRecord(text: string): boolean {
  return /^v=STSv1(?:[ \t]*;|[ \t]*$)/.test(text);
}

/** Parses one `v=STSv1` TXT record: `v=STSv1; id=<1-32 alphanumerics>;` plus extension fields. */
export function parseStsRecord(text: string): StsRecord {
  const problems: string[] = [];
  // §3.1 ABNF: fields are separated by *WSP ";" *WSP; a trailing delimiter is allowed.
  const fields = text.split(';').map((f) => f.trim()).filter((f) => f !== '');
  const ids = fields.filter((f) => /^id=/.test(f)).map((f) => f.slice(3));
  const record: StsRecord = { problems };
  if (ids.length === 0) problems.push('no id= field');
  else if (!/^[A-Za-z0-9]{1,32}$/.test(ids[0]!)) problems.push(`id=${ids[0]} is not 1 to 32 letters and digits`);
  else record.id = ids[0]!;
  return record;
}

/** RFC 8461 §3.2: max_age is at most 31557600 seconds (about a year). */
export const MAX_AGE_LIMIT = 31_557_600;

/**
 * Parses a policy body: "key: value" lines. §3.2 says CRLF-separated; LF alone is accepted too, as the
 * common senders do. Unknown keys are ignored (§3.2: extension keys); for keys other than `mx` the first wins.
 */
export function parsePolicy(body: string): StsPolicy {
  const policy: StsPolicy = { mx: [], problems: [] };
  const seen = new Set<string>();
  for (const raw of body.split(/\r?\n/)) {
    const line = raw.trim();
    if (line === '') continue;
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const key = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    if (key === 'mx') {
      policy.mx.push(value.toLowerCase());
      continue;
    }
    if (seen.has(key)) continue;
    seen.add(key);
    if (key === 'version') policy.version = value;
    else if (key === 'mode') policy.mode = value;
    else if (key === 'max_age') policy.maxAge = /^\d{1,10}$/.test(value) ? Number(value) : Number.NaN;
  }
  const p = policy.problems;
  if (policy.version !== 'STSv1') p.push(policy.version === undefined ? 'no "version: STSv1" line' : `version is "${policy.version}", not STSv1`);
  if (policy.mode === undefined) p.push('no "mode:" line');
  else if (!['enforce', 'testing', 'none'].includes(policy.mode)) p.push(`mode "${policy.mode}" is not enforce, testing or none`);
  if (policy.maxAge === undefined) p.push('no "max_age:" line');
  else if (!(policy.maxAge >= 0 && policy.maxAge <= MAX_AGE_LIMIT)) p.push(`max_age is not a number of seconds from 0 to ${MAX_AGE_LIMIT}`);
  // §3.2: "mx" may be absent only in mode none.
  if (policy.mx.length === 0 && policy.mode !== 'none') p.push('no "mx:" line');
  return policy;
}
