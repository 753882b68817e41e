// Replaces the addresses in a reply with a placeholder, in linear time: "filtered@example.org" says nothing about a filter.

const LOCAL = /[^\s<>@"(),;:]/;
const DOMAIN = /[A-Za-z0-9.-]/;
const MAX_LOCAL = 64;
const MAX_DOMAIN = 253;

/**
 * Every `local@domain` (with its angle brackets) becomes `<address>`. Walks out from each `@`
 * instead of running a regular expression from every position, which on a long line without
 * spaces costs the line's length times the local part's (bounces are untrusted input).
 */
export function maskAddresses(text: string): string {
  if (!text.includes('@')) return text;
  let out = '';
  let last = 0;
  let at = text.indexOf('@');
  while (at !== -1) {
    let start = at;
    while (start > 0 && at - start < MAX_LOCAL && LOCAL.test(text[start - 1]!)) start -= 1;
    let end = at + 1;
    while (end < text.length && end - at <= MAX_DOMAIN && DOMAIN.test(text[end]!)) end += 1;
    if (start < at && end > at + 1 && start >= last) {
      if (start > 0 && text[start - 1] === '<') start -= 1;
      if (text[end] === '>') end += 1;
      out += `${text.slice(last, start)}<address>`;
      last = end;
    }
    at = text.indexOf('@', Math.max(at + 1, end));
  }
  return out + text.slice(last);
}
