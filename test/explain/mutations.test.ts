// Real bounces, mangled on purpose (seeded): cut short, bytes flipped, lines dropped or doubled, line ends swapped. explain never throws; a refusal is one line.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { explainBounce } from '../../src/explain/index.js';
import { prng } from '../../src/testbed/prng.js';

const CORPUS = new URL('../../fixtures/bounces/sisimai/', import.meta.url);
const reference = JSON.parse(readFileSync(new URL('reference.json', CORPUS), 'utf8')) as Record<string, unknown>;
/** Every 7th file of the corpus: a spread of MTAs, small enough for the unit suite. */
const FILES = Object.keys(reference).filter((_, i) => i % 7 === 0);

const MANGLERS: [string, (b: Uint8Array, r: () => number) => Uint8Array][] = [
  ['cut short', (b, r) => b.subarray(0, Math.floor(b.length * r()))],
  ['bytes flipped', (b, r) => b.map((x) => (r() < 0.01 ? Math.floor(r() * 256) : x))],
  [
    'lines dropped',
    (b, r) =>
      new TextEncoder().encode(
        new TextDecoder('latin1')
          .decode(b)
          .split('\n')
          .filter(() => r() > 0.2)
          .join('\n'),
      ),
  ],
  [
    'lines doubled and shuffled locally',
    (b, r) => {
      const lines = new TextDecoder('latin1').decode(b).split('\n');
      const out: string[] = [];
      for (const l of lines) {
        out.push(l);
        if (r() < 0.1) out.push(l);
        if (r() < 0.05 && out.length > 2) out.splice(out.length - 2, 2, out[out.length - 1]!, out[out.length - 2]!);
      }
      return new TextEncoder().encode(out.join('\n'));
    },
  ],
  ['line ends swapped', (b) => b.map((x) => (x === 0x0a ? 0x0d : x === 0x0d ? 0x0a : x))],
  ['a NUL and junk appended', (b) => Uint8Array.from([...b, 0, 0x1b, 0x5b, 0x32, 0x4a, 0xff, 0xfe])],
];

describe('mangled real bounces: no throw, no hang, a one-line reason when refused', () => {
  for (const [name, mangle] of MANGLERS) {
    it(name, async () => {
      let seed = 1;
      for (const file of FILES) {
        const bytes = readFileSync(new URL(file, CORPUS));
        const input = mangle(new Uint8Array(bytes), prng(seed++));
        const result = await explainBounce(input);
        if (!result.ok) expect(result.reason, file).not.toContain('\n');
        else expect(Array.isArray(result.explanation.diagnoses), file).toBe(true);
      }
    });
  }
});
