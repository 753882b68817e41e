// The JUnit spool: suites of many domains go to a temporary file, not memory, and come back whole and in order.
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createSpool } from '../../src/util/spool.js';

describe('createSpool', () => {
  it('gives back exactly what was appended, across 64 KB pieces and multi-byte characters, then removes its file', () => {
    const spool = createSpool();
    expect(existsSync(spool.path)).toBe(true);
    const lines = Array.from({ length: 3000 }, (_, i) => `<testcase name="é${i} → ✔ ${'x'.repeat(i % 97)}"/>\n`);
    for (const line of lines) spool.append(line);
    const pieces: string[] = [];
    spool.drain((text) => pieces.push(text));
    expect(pieces.length).toBeGreaterThan(1);
    expect(pieces.join('')).toBe(lines.join(''));
    // Every piece ends at a line end: no character is cut in two.
    for (const piece of pieces) expect(piece.endsWith('\n')).toBe(true);
    expect(existsSync(spool.path)).toBe(false);
  });

  it('a line longer than a piece is carried whole', () => {
    const spool = createSpool();
    const long = `${'ü'.repeat(100_000)}\n`;
    spool.append('a\n');
    spool.append(long);
    let out = '';
    spool.drain((text) => (out += text));
    expect(out).toBe(`a\n${long}`);
  });
});
