// "Did you mean": the closest known name to a typo, transpositions counted as one edit, nothing when nothing is close.
import { describe, expect, it } from 'vitest';
import { ALL_CHECKS } from '../../src/checks/index.js';
import { selectChecks } from '../../src/engine/select.js';
import { closest, editDistance } from '../../src/util/suggest.js';

describe('closest', () => {
  it('counts a transposition as one edit', () => {
    expect(editDistance('josn', 'json')).toBe(1);
    expect(editDistance('expalin', 'explain')).toBe(1);
    expect(editDistance('kitten', 'sitting')).toBe(3);
  });

  it('names the flag, command or id meant, and nothing for a word unlike any', () => {
    expect(closest('josn', ['json', 'format', 'only'])).toBe('json');
    expect(closest('expalin', ['spf', 'trace', 'explain', 'demo'])).toBe('explain');
    expect(closest('jso', ['json', 'format'])).toBe('json');
    expect(closest('contoso', ['spf', 'trace', 'explain', 'demo'])).toBeUndefined();
    expect(closest('x', ['json', 'mx'])).toBeUndefined();
    expect(closest('a'.repeat(5000), ['json'])).toBeUndefined();
  });
});

describe('--only / --skip', () => {
  it('a mistyped id or area is named with the one meant', () => {
    const refused = (pattern: string) => {
      const s = selectChecks(ALL_CHECKS, [pattern]);
      return s.ok ? '' : s.error;
    };
    expect(refused('mx.presnt')).toBe('no check matches "mx.presnt" (did you mean "mx.present"?) (see the check ids in --help)');
    expect(refused('smarthots')).toContain('(did you mean "smarthost"?)');
    expect(refused('zzz.qqq')).toBe('no check matches "zzz.qqq" (see the check ids in --help)');
  });
});
