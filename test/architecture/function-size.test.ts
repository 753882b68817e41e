// No function of src/ runs to 100 lines: a function that long does several things and hides which (measured with the TypeScript parser).
import { describe, expect, it } from 'vitest';
import { functionSizes } from './source.js';

const LIMIT = 100;

describe('function size', () => {
  it(`every function of src/ is under ${LIMIT} lines`, () => {
    const sizes = functionSizes();
    const tooLong = sizes.filter((f) => f.lines >= LIMIT).map((f) => `${f.where}: ${f.lines} lines`);
    expect(tooLong, `the largest: ${sizes.slice(0, 5).map((f) => `${f.where} (${f.lines})`).join(', ')}`).toEqual([]);
    // The measure itself: it sees the functions (the registry's check runs among them).
    expect(sizes.length).toBeGreaterThan(500);
    expect(sizes.some((f) => f.where.includes('src/checks/mx/present.ts'))).toBe(true);
  });
});
