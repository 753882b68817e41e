// The tag=value list of RFC 6376 §3.2, shared by DKIM key records and DMARC records (RFC 7489 §6.3 reuses it).

/** One `name=value` pair, its value with the surrounding whitespace removed. */
export interface Tag {
  name: string;
  value: string;
  /** Offset of the tag's segment in the record text (0-based), for "at position N" messages. */
  offset: number;
}

export type TagListIssueCode =
  /** The segment has no `=`. */
  | 'missing-equals'
  /** The name is not `ALPHA *(ALPHA / DIGIT / "_")`. */
  | 'bad-name'
  /** The value holds an octet outside VALCHAR (%x21-3A / %x3C-7E) and whitespace. */
  | 'bad-value'
  /** The name occurred before: RFC 6376 §3.2 makes the whole list invalid. */
  | 'duplicate'
  /** An empty segment (`;;`, a leading `;`): RFC 6376 §3.2 allows only one trailing `;`. */
  | 'empty';

export interface TagListIssue {
  code: TagListIssueCode;
  offset: number;
  /** The offending segment, whitespace trimmed (raw: may hold any octet). */
  segment: string;
  /** The tag name, when one could be read. */
  name?: string;
}

export interface TagList {
  /** Well-formed tags in order; a duplicate is not repeated here (the first one counts). */
  tags: Tag[];
  issues: TagListIssue[];
}

export interface TagListOptions {
  /** Compare names case-insensitively and report them lower-cased (DMARC: RFC 7489 §6.4 ABNF strings). */
  foldNames?: boolean;
}

/** WSP and the CR/LF of folding whitespace (RFC 6376 §2.8). */
const SPACE = /[ \t\r\n]/;
const NAME = /^[A-Za-z][A-Za-z0-9_]*$/;

/** VALCHAR = %x21-3A / %x3C-7E: printable US-ASCII except ";" (RFC 6376 §3.2); whitespace separates tvals. */
const VALUE = /^[\x21-\x3a\x3c-\x7e \t\r\n]*$/;

function trimSpace(text: string): { text: string; lead: number } {
  let start = 0;
  let end = text.length;
  while (start < end && SPACE.test(text[start]!)) start++;
  while (end > start && SPACE.test(text[end - 1]!)) end--;
  return { text: text.slice(start, end), lead: start };
}

/**
 * Split `text` into tags. Never throws. A last segment that is only whitespace is the one trailing `;`
 * RFC 6376 §3.2 allows; any other empty segment (`;;`, a leading `;`) is reported as `empty`. Malformed
 * segments are reported as issues and left out; whether that voids the record is the caller's rule
 * (DKIM: yes, RFC 6376 §3.6.1; DMARC: the tag is discarded, RFC 7489 §6.3).
 */
export function parseTagList(text: string, options: TagListOptions = {}): TagList {
  const tags: Tag[] = [];
  const issues: TagListIssue[] = [];
  const seen = new Set<string>();
  let start = 0;
  while (start <= text.length) {
    const semi = text.indexOf(';', start);
    const end = semi < 0 ? text.length : semi;
    const { text: segment, lead } = trimSpace(text.slice(start, end));
    const offset = start + lead;
    if (segment === '' && semi >= 0) {
      issues.push({ code: 'empty', offset: start, segment });
    } else if (segment !== '') {
      const eq = segment.indexOf('=');
      if (eq < 0) {
        issues.push({ code: 'missing-equals', offset, segment });
      } else {
        const rawName = trimSpace(segment.slice(0, eq)).text;
        const value = trimSpace(segment.slice(eq + 1)).text;
        const name = options.foldNames ? rawName.toLowerCase() : rawName;
        if (!NAME.test(rawName)) {
          issues.push({ code: 'bad-name', offset, segment, name: rawName });
        } else if (!VALUE.test(value)) {
          issues.push({ code: 'bad-value', offset, segment, name });
        } else if (seen.has(name)) {
          issues.push({ code: 'duplicate', offset, segment, name });
        } else {
          seen.add(name);
          tags.push({ name, value, offset });
        }
      }
    }
    if (semi < 0) break;
    start = semi + 1;
  }
  return { tags, issues };
}

/** The value of a tag by name, or undefined. */
export function tagValue(list: { tags: readonly Tag[] }, name: string): string | undefined {
  return list.tags.find((t) => t.name === name)?.value;
}

/** A colon-separated value list (`h=sha1:sha256`, `fo=0:d`), items whitespace-trimmed. */
export function colonList(value: string): string[] {
  return value.split(':').map((item) => trimSpace(item).text);
}
