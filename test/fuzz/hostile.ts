// Hostile text for DNS data: control characters, ANSI/OSC escapes, bidi overrides, markup, template braces, edge-length labels.
import type { Rng } from './prng.js';

/**
 * A line forged by data must never start a line of a report. The marker only ever follows a raw
 * line break in generated data, so a report line beginning with it means a break got through raw.
 */
export const INJECTED = 'INJECTED';

/** Pieces that must come out of every report as visible text, never as terminal commands or markup. */
export const HOSTILE_BITS: readonly string[] = [
  '\u001b[31m',
  '\u001b[2J\u001b[H',
  '\u001b]0;owned\u0007',
  '\u001b]8;;http://evil.example/\u001b\\link\u001b]8;;\u001b\\',
  '\u001bP+q\u001b\\',
  '\u009b31m',
  '\u009d0;title\u009c',
  `\n${INJECTED}`,
  `\r${INJECTED}`,
  '\r\n',
  '\u0000',
  '\u0007',
  '\u0008\u0008\u0008',
  '\u007f',
  '\t',
  '\u000b\u000c',
  '\u202e',
  '\u2066',
  '\u200f',
  '\ufeff',
  '\ufffd',
  'é',
  '\u{1F600}',
  '%{d}',
  '%{l}',
  '{message}',
  '{remedy}',
  '{0}',
  '"',
  "'",
  '\\',
  '\\027[31m',
  ';',
  '<b>',
  '&amp;',
  ']]>',
  '|',
  '`',
  '*',
  '_',
  '#',
  '[x](http://evil.example)',
  '![i](http://evil.example/i.png)',
  '$(id)',
  ' ',
];

const ALNUM = 'abcdefghijklmnopqrstuvwxyz0123456789-';

export function word(rng: Rng, min = 1, max = 12): string {
  let out = '';
  const length = rng.range(min, max);
  for (let i = 0; i < length; i++) out += ALNUM[rng.int(ALNUM.length)];
  return out;
}

/** Plain text salted with hostile pieces. */
export function hostileText(rng: Rng, pieces = rng.range(1, 6)): string {
  let out = '';
  for (let i = 0; i < pieces; i++) out += rng.chance(0.5) ? rng.pick(HOSTILE_BITS) : word(rng);
  return out;
}

/** A label of at most 63 UTF-8 octets, with hostile pieces (never a dot: that would split it). */
export function hostileLabel(rng: Rng): string {
  let label = hostileText(rng, rng.range(1, 3)).replace(/\./g, '');
  while (Buffer.byteLength(label, 'utf8') > 63) label = label.slice(0, -1);
  return label === '' ? 'x' : label;
}

/** A dotted name some of whose labels are hostile; sometimes near the 253-character limit, sometimes with a 63-octet label. */
export function hostileName(rng: Rng, suffix: string): string {
  const labels: string[] = [];
  const count = rng.range(1, 3);
  for (let i = 0; i < count; i++) labels.push(rng.chance(0.6) ? hostileLabel(rng) : word(rng));
  if (rng.chance(0.2)) labels.push('a'.repeat(63));
  let name = `${labels.join('.')}.${suffix}`;
  if (rng.chance(0.15)) {
    // Pad with 63-octet labels up to just under (or just at) RFC 1035's 255-octet wire limit.
    while (Buffer.byteLength(name, 'utf8') + 65 <= 253) name = `${'b'.repeat(63)}.${name}`;
  }
  return name;
}

/** Raw label octets a text encoder would never produce: dots, NULs, high octets, 63-octet runs. */
export function rawLabel(rng: Rng): Buffer {
  switch (rng.int(6)) {
    case 0:
      return Buffer.from('a.b', 'latin1');
    case 1:
      return Buffer.from([0x61, 0x00, 0x62]);
    case 2:
      return Buffer.from([0x1b, 0x5b, 0x33, 0x31, 0x6d, 0x78]);
    case 3:
      return Buffer.alloc(63, 0x78);
    case 4:
      return Buffer.from([0xff, 0xfe, 0x80, 0x9b]);
    default:
      return rng.bytes(rng.range(1, 63));
  }
}
