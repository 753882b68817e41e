// keyLines: the line of each key in a config file, so an annotation points where the value was set.
import { describe, expect, it } from 'vitest';
import { keyLines } from '../../src/config/key-lines.js';

describe('keyLines', () => {
  it('finds top-level keys and the keys of nested objects, by JSON pointer', () => {
    const text = [
      '{',
      '  "$schema": "./schema.json",',
      '  "domains": ["contoso.com", "fabrikam.com"],',
      '  "smartHost": "mail.contoso.com",',
      '  "expect": {',
      '    "mxHost": "contoso-com.mail.protection.outlook.com",',
      '    "cloud": "commercial"',
      '  },',
      '  "mailboxes": [',
      '    "sales@contoso.com"',
      '  ]',
      '}',
    ].join('\n');
    expect(keyLines(text)).toEqual({
      '/$schema': 2,
      '/domains': 3,
      '/smartHost': 4,
      '/expect': 5,
      '/expect/mxHost': 6,
      '/expect/cloud': 7,
      '/mailboxes': 9,
    });
  });

  it('is not misled by strings that look like keys, escaped quotes, or objects inside arrays', () => {
    const text = '{"a": "x\\": {\\"smartHost\\": 1",\n"list": [{"inner": 1}, "b"],\n"smartHost":\n"m"}';
    expect(keyLines(text)).toEqual({ '/a': 1, '/list': 2, '/smartHost': 3 });
  });

  it('a key written twice maps to its last line (the value JSON.parse keeps); / and ~ are escaped as RFC 6901 says', () => {
    expect(keyLines('{"x": 1,\n"x": 2, "a/b~": 3}')).toEqual({ '/x': 2, '/a~1b~0': 2 });
  });

  it('keys deeper than two levels are not listed', () => {
    expect(keyLines('{"a": {"b": {"c": 1}}}')).toEqual({ '/a': 1, '/a/b': 1 });
  });
});
