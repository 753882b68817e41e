// The platform-specific wording, kept in src/cli/platform.ts: the keys that end typed input, a path quoted for the user's shell.
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { endOfInputKeys, shellQuote } from '../../src/cli/platform.js';

describe('end of typed input', () => {
  it('Ctrl-Z then Enter in the Windows console, Ctrl-D on Unix terminals', () => {
    expect(endOfInputKeys('win32')).toBe('Ctrl-Z, then Enter');
    expect(endOfInputKeys('linux')).toBe('Ctrl-D');
    expect(endOfInputKeys('darwin')).toBe('Ctrl-D');
  });
});

const NAMES = ['bounce.eml', 'my bounce.eml', "it's.eml", 'a"b.eml', '$HOME.eml', 'a`b`.eml', 'back\\slash.eml', '*.eml', '-x.eml', '@x.eml', 'bücher.eml', 'a;b&c|d.eml', '100%.eml'];

describe('a path quoted for a Unix shell', () => {
  it('comes back unchanged through /bin/sh (a leading - or @ as ./name)', () => {
    for (const name of NAMES) {
      const quoted = shellQuote(name, 'linux')!;
      const seen = execFileSync('/bin/sh', ['-c', `printf '%s' ${quoted}`], { encoding: 'utf8' });
      expect(seen, `${name} as ${quoted}`).toBe(/^[-@]/.test(name) ? `./${name}` : name);
    }
  });

  it('plain names stay as they are; control characters get no hint', () => {
    expect(shellQuote('bounce.eml', 'linux')).toBe('bounce.eml');
    expect(shellQuote('dir/bounce.eml', 'darwin')).toBe('dir/bounce.eml');
    expect(shellQuote('a\u001b[2Jb.eml', 'linux')).toBeUndefined();
  });
});

describe('a path quoted for cmd.exe and PowerShell alike (Windows)', () => {
  // Neither shell runs here; the rules: both read double quotes, cmd.exe expands %VAR% inside them and
  // PowerShell $var and `x, a Windows file name cannot hold ", a trailing \ would escape the closing quote.
  const cases: [string, string | undefined][] = [
    ['bounce.eml', 'bounce.eml'],
    ['C:\\Users\\ann\\bounce.eml', 'C:\\Users\\ann\\bounce.eml'],
    ['C:\\Users\\Ann Lee\\Downloads\\Undeliverable (2).eml', '"C:\\Users\\Ann Lee\\Downloads\\Undeliverable (2).eml"'],
    ["it's.eml", '"it\'s.eml"'],
    ['a;b&c|d.eml', '"a;b&c|d.eml"'],
    ['-x.eml', '.\\-x.eml'],
    ['@x.eml', '.\\@x.eml'],
    ['C:\\My Files\\', '"C:\\My Files\\\\"'],
    ['100%.eml', undefined],
    ['$HOME.eml', undefined],
    ['a`b.eml', undefined],
  ];
  for (const [name, quoted] of cases) it(`${name} → ${quoted ?? 'no hint'}`, () => expect(shellQuote(name, 'win32')).toBe(quoted));
});
