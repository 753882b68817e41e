// The platform-specific wording, kept in src/cli/platform.ts: the keys that end typed input, a path quoted for the user's shell.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
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
    // PowerShell reads typographic quotes as quotes (about_Quoting_Rules): “ ” „ would end the string.
    ['Re “invoice”.eml', undefined],
    ['it’s.eml', undefined],
  ];
  for (const [name, quoted] of cases) it(`${name} → ${quoted ?? 'no hint'}`, () => expect(shellQuote(name, 'win32')).toBe(quoted));
});

describe('explain, worded for the platform', () => {
  const bounce = readFileSync(new URL('../../fixtures/bounces/exchange-5.4.1-access-denied.txt', import.meta.url));
  const dir = mkdtempSync(join(tmpdir(), 'splitcheck-platform-'));

  /** main() as the bin runs it on `platform`, with a terminal (or not) on standard input. */
  async function explain(args: string[], platform: NodeJS.Platform, stdin?: { text: string; isTTY: boolean }) {
    let stdout = '';
    let stderr = '';
    const input = stdin && Object.assign((async function* () { yield stdin.text; })(), { isTTY: stdin.isTTY });
    const code = await main(['explain', ...args], {
      stdout: { write: (s: string) => ((stdout += s), true), isTTY: false },
      stderr: { write: (s: string) => ((stderr += s), true), isTTY: true },
      env: {},
      cwd: dir,
      platform,
      ...(input ? { stdin: input } : {}),
    });
    return { code, stdout, stderr };
  }

  it('explain - at a terminal: end the paste with Ctrl-Z then Enter on Windows, Ctrl-D elsewhere', async () => {
    const windows = await explain(['-'], 'win32', { text: bounce.toString('utf8'), isTTY: true });
    expect(windows.stderr).toBe('splitcheck: reading the bounce from standard input (end with Ctrl-Z, then Enter)\n');
    expect(windows.code).toBe(0);
    const linux = await explain(['-'], 'linux', { text: bounce.toString('utf8'), isTTY: true });
    expect(linux.stderr).toBe('splitcheck: reading the bounce from standard input (end with Ctrl-D)\n');
    // Piped, nobody is typing: no prompt.
    expect((await explain(['-'], 'win32', { text: bounce.toString('utf8'), isTTY: false })).stderr).toBe('');
  });

  it('the --check hint quotes a path with spaces for cmd.exe and PowerShell on Windows, for sh elsewhere', async () => {
    const file = join(dir, 'Undeliverable (2) bounce.eml');
    writeFileSync(file, bounce);
    expect((await explain([file], 'win32')).stdout).toContain(`Run the confirming checks now: splitcheck explain "${file}" --check`);
    expect((await explain([file], 'linux')).stdout).toContain(`Run the confirming checks now: splitcheck explain '${file}' --check`);
  });

  it('a name no Windows quoting keeps (100%) gets words, not a command that would change it', async () => {
    const file = join(dir, '100% bounce.eml');
    writeFileSync(file, bounce);
    expect((await explain([file], 'win32')).stdout).toContain('Run the confirming checks now: add --check to the command you ran');
  });
});
