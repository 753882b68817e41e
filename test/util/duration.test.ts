// Durations as typed (--wait 15m, --timeout 5s): accepted forms, refusals in one sentence, and the printer.
import { describe, expect, it } from 'vitest';
import { formatDuration, parseDuration } from '../../src/util/duration.js';

const WAIT = { name: '--wait', minMs: 1000, maxMs: 6 * 3_600_000 };
const TIMEOUT = { name: '--timeout', bareUnit: 'ms' as const, minMs: 50, maxMs: 600_000 };

describe('parseDuration', () => {
  it.each([
    ['15m', 900_000],
    ['90s', 90_000],
    ['1h', 3_600_000],
    ['1h30m', 5_400_000],
    ['2m30s', 150_000],
    ['1.5s', 1500],
    ['10min', 600_000],
    ['45sec', 45_000],
    [' 15M ', 900_000],
    ['1500ms', 1500],
  ])('%s is %d ms', (text, ms) => {
    expect(parseDuration(text, WAIT)).toEqual({ ok: true, value: ms });
  });

  it('a bare number takes the option\'s own unit (--timeout 5000 stays milliseconds)', () => {
    expect(parseDuration('5000', TIMEOUT)).toEqual({ ok: true, value: 5000 });
    expect(parseDuration(5000, TIMEOUT)).toEqual({ ok: true, value: 5000 });
    expect(parseDuration('5s', TIMEOUT)).toEqual({ ok: true, value: 5000 });
    expect(parseDuration('500ms', TIMEOUT)).toEqual({ ok: true, value: 500 });
  });

  it('a bare number is refused where the option has no default unit, saying so', () => {
    expect(parseDuration('15', WAIT)).toEqual({ ok: false, error: '--wait "15" has no unit: give a duration such as 500ms, 5s, 15m or 1h30m' });
  });

  it.each(['', 'm', '15x', '1m1h', '1m2m', '-5s', '5 s', '1e3s', 'NaN', '15m\u001b[2J', '0x10s'])('refuses %j in one sentence naming the option', (text) => {
    const r = parseDuration(text, WAIT);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error).toMatch(/^invalid --wait "|^--wait "/);
      expect(r.error).not.toMatch(/[\u0000-\u001f]/);
      expect(r.error).toContain('15m');
    }
  });

  it('refuses values out of range, naming the range', () => {
    expect(parseDuration('500ms', WAIT)).toEqual({ ok: false, error: '--wait "500ms" is out of range: give 1s to 6h' });
    expect(parseDuration('7h', WAIT)).toEqual({ ok: false, error: '--wait "7h" is out of range: give 1s to 6h' });
    expect(parseDuration('20', TIMEOUT).ok).toBe(false);
  });
});

describe('formatDuration', () => {
  it.each([
    [850, '850ms'],
    [42_000, '42s'],
    [850_000, '14m10s'],
    [900_000, '15m'],
    [5_400_000, '1h30m'],
    [3_600_000, '1h'],
    [-5, '0ms'],
  ])('%d ms is %s', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });

  it('what it prints parses back to the same whole seconds', () => {
    for (const ms of [1000, 59_000, 61_000, 3_599_000, 7_260_000]) {
      const back = parseDuration(formatDuration(ms), { name: 'x', minMs: 0, maxMs: 1e9 });
      expect(back.ok && Math.abs(back.value - ms)).toBeLessThanOrEqual(60_000);
    }
  });
});
