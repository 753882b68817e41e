// Records and results in zone-file presentation form (RFC 1035 §5.1), escaped so any output is safe to print.
import type { DnsRecord, DnsResult } from './types.js';

/** `name. 3600 IN MX 10 host.`; TXT strings quoted and escaped, one quoted string per character-string. */
export function formatRecord(record: DnsRecord): string {
  return `${formatName(record.name)} ${record.ttl} IN ${record.type} ${formatData(record)}`;
}

/** The data part alone: `10 host.`, `"v=spf1 -all"`, `192.0.2.1`. */
export function formatData(record: DnsRecord): string {
  switch (record.type) {
    case 'A':
    case 'AAAA':
      return escapeOctets(record.data, NAME_SPECIALS);
    case 'CNAME':
    case 'NS':
    case 'PTR':
      return formatName(record.data);
    case 'TXT':
      return record.data.map(quoteString).join(' ');
    case 'MX':
      return `${record.data.preference} ${formatName(record.data.exchange)}`;
    case 'SRV':
      return `${record.data.priority} ${record.data.weight} ${record.data.port} ${formatName(record.data.target)}`;
    case 'SOA': {
      const d = record.data;
      return `${formatName(d.mname)} ${formatName(d.rname)} ${d.serial} ${d.refresh} ${d.retry} ${d.expire} ${d.minimum}`;
    }
  }
}

/** A name made absolute: `host.example.com.`, and `.` for the root (`""`, as in a null MX). */
export function formatName(name: string): string {
  if (name === '') return '.';
  return `${escapeOctets(name, NAME_SPECIALS)}.`;
}

/**
 * A character-string in double quotes (RFC 1035 §5.1): `"` and `\` escaped with a backslash, every octet
 * outside printable ASCII as `\DDD` (three decimal digits), so control characters never reach a terminal.
 * The input holds one octet per char (latin1); a char above U+00FF is written as its UTF-8 octets.
 */
export function quoteString(value: string): string {
  return `"${escapeOctets(value, QUOTED_SPECIALS)}"`;
}

/** Characters that need a backslash inside quotes, and in an unquoted name (RFC 1035 §5.1 special characters). */
const QUOTED_SPECIALS = new Set(['"', '\\']);
const NAME_SPECIALS = new Set(['"', '\\', '(', ')', ';', '@', '$', ' ']);

function escapeOctets(value: string, specials: ReadonlySet<string>): string {
  let out = '';
  for (const char of value) {
    const code = char.codePointAt(0) ?? 0;
    if (code > 0xff) {
      for (const octet of Buffer.from(char, 'utf8')) out += decimalEscape(octet);
    } else if (code < 0x20 || code > 0x7e) {
      out += decimalEscape(code);
    } else if (specials.has(char)) {
      out += `\\${char}`;
    } else {
      out += char;
    }
  }
  return out;
}

function decimalEscape(octet: number): string {
  return `\\${octet.toString().padStart(3, '0')}`;
}

/** A result as short text: the records (CNAMEs first), or `;; name TYPE: status (reason)`. */
export function formatResult(result: DnsResult): string {
  return resultLines(result).join('\n');
}

/** The same as lines, for a finding's `observed`: zone-file records, or one `;;` comment saying why there are none. */
export function resultLines(result: DnsResult): string[] {
  const lines = result.cnames.map(formatRecord);
  if (result.status === 'answer') {
    lines.push(...result.records.map(formatRecord));
  } else {
    const why = result.reason === undefined ? '' : ` (${escapeOctets(result.reason, new Set())})`;
    lines.push(`;; ${formatName(result.question.name)} ${result.question.type}: ${result.status}${result.code ? ` ${result.code}` : ''}${why}`);
  }
  return lines;
}
