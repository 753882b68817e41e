// What differs by operating system in what the command line tells people: the keys that end typed input, and quoting a path to paste into their shell.

/** The keys that end input typed (or pasted) at a terminal: Ctrl-D on Unix terminals, Ctrl-Z then Enter in the Windows console. */
export function endOfInputKeys(platform: NodeJS.Platform): string {
  return platform === 'win32' ? 'Ctrl-Z, then Enter' : 'Ctrl-D';
}

/** Characters no shell reads specially, in a word of their own (a leading "-" or "@" aside, handled below). */
const PLAIN = /^[\w./\\:@+-]+$/;

/**
 * `arg` written so the user's shell hands it to splitcheck unchanged, or undefined when no one quoting does.
 * Unix shells: single quotes, a quote inside written '\''. Windows: cmd.exe and PowerShell are both in use
 * and share only double quotes, inside which cmd.exe still expands %VAR% and PowerShell $var and `x, and
 * PowerShell reads typographic quotes as quotes (a file name cannot hold "): a name with %, $, ` or a
 * typographic quote gets no hint. A leading "-" would read as an option and a leading "@" is PowerShell
 * splatting: such a name is given as .\name (./name on Unix).
 */
export function shellQuote(arg: string, platform: NodeJS.Platform): string | undefined {
  const windows = platform === 'win32';
  if (/[\u0000-\u001f\u007f]/.test(arg)) return undefined;
  const path = /^[-@]/.test(arg) ? `${windows ? '.\\' : './'}${arg}` : arg;
  // A backslash is a path separator on Windows, an escape to a Unix shell.
  if (PLAIN.test(path) && (windows || !path.includes('\\'))) return path;
  if (!windows) return `'${path.replace(/'/g, "'\\''")}'`;
  // PowerShell takes typographic quotes for quotes (about_Quoting_Rules): “ ” „ end the string early; the single
  // ones (‘ ’ ‚ ‛) are refused inside double quotes by some of its versions, so they get no hint either.
  if (/[%$`"\u2018-\u201e]/.test(path)) return undefined;
  // A backslash before the closing quote would escape it for the program's argument parser: double it.
  return `"${path.replace(/\\+$/, (slashes) => slashes + slashes)}"`;
}
