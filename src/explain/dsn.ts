// Parses a message/delivery-status body (RFC 3464 §2): per-message fields, then one field group per recipient.
import { MAX_LINE_CHARS, MAX_RECIPIENTS } from './limits.js';

export interface DsnRecipient {
  /** Final-Recipient's address (type `rfc822` or `utf-8`, xtext decoded). */
  finalRecipient?: string;
  originalRecipient?: string;
  action?: string;
  status?: string;
  /** Remote-MTA without its `dns;` type. */
  remoteMta?: string;
  /** Diagnostic-Code without its `smtp;` type, folding undone. */
  diagnostic?: string;
  /** Every field of the group, lower-cased names, for evidence. */
  fields: [string, string][];
}

export interface DeliveryStatus {
  reportingMta?: string;
  /** Exchange writes this; other MTAs may not. */
  receivedFromMta?: string;
  recipients: DsnRecipient[];
}

/** RFC 3461 §4 xtext: `+HH` stands for one octet. */
function decodeXtext(text: string): string {
  return text.replace(/\+([0-9A-F]{2})/g, (_whole, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

/** `type; value` (RFC 3464 §2.1.2 address-type, §2.3.6 diagnostic-type): the value, trimmed. */
function typedValue(raw: string): string {
  const semi = raw.indexOf(';');
  return (semi >= 0 ? raw.slice(semi + 1) : raw).trim();
}

function address(raw: string): string {
  return decodeXtext(typedValue(raw)).replace(/^<|>$/g, '').trim();
}

/**
 * Field groups separated by blank lines; a line starting with white space continues the field
 * before it (RFC 5322 §2.2.3 folding, which RFC 3464 §2.1.1 adopts).
 */
function groups(text: string): [string, string][][] {
  const out: [string, string][][] = [];
  let group: [string, string][] = [];
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.length > MAX_LINE_CHARS ? raw.slice(0, MAX_LINE_CHARS) : raw;
    if (line.trim() === '') {
      if (group.length > 0) out.push(group);
      group = [];
      continue;
    }
    const last = group[group.length - 1];
    const colon = line.indexOf(':');
    const name = colon > 0 ? line.slice(0, colon).trim() : '';
    // A folded line (RFC 5322 §2.2.3), or one a writer forgot to indent: a Diagnostic-Code's further
    // "550-..." lines are no field of their own.
    if (last && (/^[ \t]/.test(line) || !/^[A-Za-z][A-Za-z0-9-]{0,60}$/.test(name))) {
      if (last[1].length < MAX_LINE_CHARS) last[1] = `${last[1]} ${line.trim()}`;
      continue;
    }
    if (!name) continue;
    group.push([name.toLowerCase(), line.slice(colon + 1).trim()]);
  }
  if (group.length > 0) out.push(group);
  return out;
}

const RECIPIENT_START = new Set(['original-recipient', 'final-recipient']);

export function parseDeliveryStatus(text: string): DeliveryStatus {
  const result: DeliveryStatus = { recipients: [] };
  let current: DsnRecipient | undefined;
  const finish = () => {
    if (current && (current.finalRecipient || current.originalRecipient) && result.recipients.length < MAX_RECIPIENTS) {
      result.recipients.push(current);
    }
    current = undefined;
  };
  for (const group of groups(text)) {
    finish();
    for (const [name, value] of group) {
      // Some writers forget the blank line between recipients: a recipient field whose slot is taken, or
      // one after the group's other fields (RFC 3464 §2.3 puts the recipient fields first), starts a new one.
      if (RECIPIENT_START.has(name) && current) {
        const taken = name === 'final-recipient' ? current.finalRecipient !== undefined : current.originalRecipient !== undefined;
        const named = current.finalRecipient !== undefined || current.originalRecipient !== undefined;
        const more = current.action !== undefined || current.status !== undefined || current.diagnostic !== undefined;
        if (taken || (named && more)) finish();
      }
      if (!current && !RECIPIENT_START.has(name)) {
        if (name === 'reporting-mta') result.reportingMta = typedValue(value);
        else if (name === 'received-from-mta') result.receivedFromMta = typedValue(value);
        else if (name === 'action' || name === 'status' || name === 'diagnostic-code' || name === 'remote-mta') {
          current = { fields: [] };
        } else continue;
        if (!current) continue;
      }
      current ??= { fields: [] };
      current.fields.push([name, value]);
      switch (name) {
        case 'final-recipient':
          current.finalRecipient = address(value);
          break;
        case 'original-recipient':
          current.originalRecipient = address(value);
          break;
        case 'action':
          current.action = value.toLowerCase().split(/[\s(]/)[0];
          break;
        case 'status':
          current.status = /^\s*([245]\.\d{1,3}\.\d{1,3})/.exec(value)?.[1] ?? value;
          break;
        case 'remote-mta':
          // Gmail appends a comment: "dns; host.example. (192.0.2.1, the server for the domain ...)".
          current.remoteMta = typedValue(value).split(/[\s(]/)[0];
          break;
        case 'diagnostic-code':
          current.diagnostic = typedValue(value);
          break;
        default:
          break;
      }
    }
  }
  finish();
  return result;
}

/** RFC 3464 §2.2/§2.3 field names (and the X- extensions MTAs add), as they start a line. */
const DSN_FIELD =
  /^\s*(?:Reporting-MTA|Received-From-MTA|Arrival-Date|Original-Envelope-Id|DSN-Gateway|Final-Recipient|Original-Recipient|Action|Status|Remote-MTA|Diagnostic-Code|Last-Attempt-Date|Final-Log-ID|Will-Retry-Until|X-[A-Za-z0-9-]{1,40})\s*:/i;
const RECIPIENT_FIELD = /^\s*(?:Final|Original)-Recipient\s*:/i;

/**
 * Delivery-status fields written into the text instead of a message/delivery-status part: a
 * multipart/report whose delimiters are missing, a DSN pasted from a mail client, an MTA that
 * writes the fields in its text/plain part. Each run of field lines (folded lines and blank lines
 * between groups included) that names a recipient is read as a delivery-status body; `lines` are
 * the indexes read, so they are not read again as reply lines.
 */
export function deliveryStatusInText(lines: readonly string[]): { reports: DeliveryStatus[]; lines: Set<number> } {
  const reports: DeliveryStatus[] = [];
  const used = new Set<number>();
  let i = 0;
  while (i < lines.length) {
    if (!DSN_FIELD.test(lines[i]!)) {
      i += 1;
      continue;
    }
    const start = i;
    let end = i;
    let j = i + 1;
    while (j < lines.length) {
      const line = lines[j]!;
      if (DSN_FIELD.test(line) || (/^[ \t]+\S/.test(line) && j === end + 1)) end = j;
      else if (line.trim() === '' && j + 1 < lines.length && (DSN_FIELD.test(lines[j + 1]!) || (lines[j + 1]!.trim() === '' && j + 2 < lines.length && DSN_FIELD.test(lines[j + 2]!)))) {
        // A blank line between field groups (RFC 3464 §2.1): the report goes on.
      } else break;
      j += 1;
    }
    const block = lines.slice(start, end + 1);
    if (block.some((l) => RECIPIENT_FIELD.test(l))) {
      const report = parseDeliveryStatus(block.map((l) => (DSN_FIELD.test(l) ? l.trimStart() : l)).join('\n'));
      if (report.recipients.length > 0) {
        reports.push(report);
        for (let k = start; k <= end; k++) used.add(k);
      }
    }
    i = end + 1;
  }
  return { reports, lines: used };
}
