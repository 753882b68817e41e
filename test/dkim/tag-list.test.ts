// The RFC 6376 §3.2 tag-list parser: well-formed lists, whitespace, and every kind of malformed segment.
import { describe, expect, it } from 'vitest';
import { colonList, parseTagList } from '../../src/dkim/tag-list.js';

describe('parseTagList', () => {
  const ok: [string, [string, string][]][] = [
    ['v=DKIM1; k=rsa; p=abc', [['v', 'DKIM1'], ['k', 'rsa'], ['p', 'abc']]],
    ['v=DKIM1;k=rsa;p=abc;', [['v', 'DKIM1'], ['k', 'rsa'], ['p', 'abc']]],
    ['  v = DKIM1 ;\tp =\r\n abc  def ', [['v', 'DKIM1'], ['p', 'abc  def']]],
    ['n=', [['n', '']]],
    ['', []],
    [' ', []],
    ['a=1; ', [['a', '1']]],
    ['x=a=b', [['x', 'a=b']]],
  ];
  for (const [text, tags] of ok) {
    it(`reads ${JSON.stringify(text)}`, () => {
      const list = parseTagList(text);
      expect(list.issues).toEqual([]);
      expect(list.tags.map((t) => [t.name, t.value])).toEqual(tags);
    });
  }

  const bad: [string, string, number, string?][] = [
    ['v=DKIM1; rsa; p=x', 'missing-equals', 9],
    // RFC 6376 §3.2: one trailing ";" only (dkimpy rejects the others, test/e2e/dkim-differential.e2e.ts).
    ['a_1=x;; b=y', 'empty', 6],
    [' ; ', 'empty', 0],
    ['; a=1', 'empty', 0],
    ['a=1;;', 'empty', 4],
    ['v=DKIM1; 1k=rsa', 'bad-name', 9, '1k'],
    ['v=DKIM1; k-x=rsa', 'bad-name', 9, 'k-x'],
    ['v=DKIM1; =rsa', 'bad-name', 9, ''],
    ['v=DKIM1; p=ab\u00e9', 'bad-value', 9, 'p'],
    ['v=DKIM1; p=ab\x00c', 'bad-value', 9, 'p'],
    ['p=a; p=b', 'duplicate', 5, 'p'],
  ];
  for (const [text, code, offset, name] of bad) {
    it(`reports ${code} in ${JSON.stringify(text)}`, () => {
      const list = parseTagList(text);
      expect(list.issues).toHaveLength(1);
      expect(list.issues[0]).toMatchObject({ code, offset });
      if (name !== undefined) expect(list.issues[0]!.name).toBe(name);
    });
  }

  it('keeps the first of two equal names and leaves the rest well-formed', () => {
    const list = parseTagList('p=a; k=rsa; p=b');
    expect(list.tags.map((t) => `${t.name}=${t.value}`)).toEqual(['p=a', 'k=rsa']);
  });

  it('names are case-sensitive for DKIM, folded for DMARC', () => {
    expect(parseTagList('P=a; p=b').issues).toEqual([]);
    const folded = parseTagList('P=a; p=b', { foldNames: true });
    expect(folded.tags.map((t) => t.name)).toEqual(['p']);
    expect(folded.issues[0]).toMatchObject({ code: 'duplicate', name: 'p' });
  });

  it('reports offsets of tags', () => {
    expect(parseTagList('v=1;  p=2').tags.map((t) => t.offset)).toEqual([0, 6]);
  });
});

describe('colonList', () => {
  it('splits and trims', () => {
    expect(colonList('sha1 : sha256')).toEqual(['sha1', 'sha256']);
    expect(colonList('y')).toEqual(['y']);
  });
});
