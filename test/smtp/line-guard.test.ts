// The raw-byte guard: reply size and line caps, bare LF, chunk boundaries.

import { describe, expect, it } from 'vitest';
import { LineGuard, type LineGuardViolation } from '../../src/smtp/line-guard.js';

function watch(maxBytes = 1000, maxLines = 5) {
  const seen: { violations: LineGuardViolation[]; bareLf: number } = { violations: [], bareLf: 0 };
  const guard = new LineGuard(
    {
      onViolation: (violation) => seen.violations.push(violation),
      onBareLf: () => {
        seen.bareLf += 1;
      },
    },
    maxBytes,
    maxLines,
  );
  return { guard, seen, push: (text: string) => guard.push(Buffer.from(text, 'latin1')) };
}

describe('LineGuard', () => {
  it('lets ordinary replies through, however they are chunked', () => {
    const { push, seen } = watch();
    const text = '250-a\r\n250-b\r\n250-c\r\n250-d\r\n250 e\r\n'.repeat(20);
    for (const char of text) push(char);
    expect(seen).toEqual({ violations: [], bareLf: 0 });
  });

  it('counts the lines of one reply only', () => {
    const { push, seen } = watch(1000, 3);
    push('250-a\r\n250 b\r\n250-a\r\n250-b\r\n250 c\r\n');
    expect(seen.violations).toEqual([]);
    push('250-a\r\n250-b\r\n250-c\r\n250-d\r\n');
    expect(seen.violations).toEqual([{ kind: 'too-many-lines', lines: 4 }]);
  });

  it('stops an unterminated line at the byte cap and then ignores the rest', () => {
    const { push, seen } = watch(100, 5);
    push('A'.repeat(60));
    expect(seen.violations).toEqual([]);
    push('A'.repeat(60));
    expect(seen.violations).toEqual([{ kind: 'too-large', bytes: 120 }]);
    push('A'.repeat(1000));
    expect(seen.violations).toHaveLength(1);
  });

  it('reports bare LF once, and not a CRLF split across chunks', () => {
    const { push, seen } = watch();
    push('220 hi\r');
    push('\n250 ok\n250 again\n');
    expect(seen.bareLf).toBe(1);
  });

  it('treats a code without separator or a short line as the end of a reply', () => {
    const { push, seen } = watch(1000, 2);
    push('250\r\n25\r\n\r\n250 x\r\n');
    expect(seen.violations).toEqual([]);
  });
});
