// Reads GitHub Actions workflow commands back the way the runner does (actions/runner ActionCommand.TryParseV2), to test what we print.

export interface ParsedCommand {
  command: string;
  properties: Record<string, string>;
  data: string;
}

/** The runner's reverse mappings, applied in its order: `%25` last, so an escaped `%` never makes a new escape. */
const DATA_UNESCAPES: [string, string][] = [
  ['%0D', '\r'],
  ['%0A', '\n'],
  ['%25', '%'],
];
const PROPERTY_UNESCAPES: [string, string][] = [
  ['%0D', '\r'],
  ['%0A', '\n'],
  ['%3A', ':'],
  ['%2C', ','],
  ['%25', '%'],
];

function unescape(text: string, mappings: readonly [string, string][]): string {
  let out = text;
  for (const [from, to] of mappings) out = out.split(from).join(to);
  return out;
}

/**
 * One line as the runner reads it: `::` then the command name up to a space, properties split at `,`
 * and each at its first `=` (empty pieces dropped), then `::` and the data. Undefined when the
 * runner would not take the line as a command of `known`.
 */
export function parseWorkflowCommand(line: string, known: readonly string[] = ['error', 'warning', 'notice']): ParsedCommand | undefined {
  const message = line.trimStart();
  if (!message.startsWith('::')) return undefined;
  const end = message.indexOf('::', 2);
  if (end < 0) return undefined;
  const info = message.slice(2, end);
  const space = info.indexOf(' ');
  const command = space < 0 ? info : info.slice(0, space);
  if (!known.includes(command)) return undefined;
  const properties: Record<string, string> = {};
  if (space > 0) {
    for (const piece of info.slice(space + 1).trim().split(',').filter((p) => p !== '')) {
      const eq = piece.indexOf('=');
      const name = eq < 0 ? piece : piece.slice(0, eq);
      const value = eq < 0 ? '' : piece.slice(eq + 1);
      if (name !== '' && value !== '') properties[name] = unescape(value, PROPERTY_UNESCAPES);
    }
  }
  return { command, properties, data: unescape(message.slice(end + 2), DATA_UNESCAPES) };
}

/** Every line of `output` as a command; throws naming the first line that is not one. */
export function parseWorkflowCommands(output: string): ParsedCommand[] {
  return output
    .split('\n')
    .filter((line) => line !== '')
    .map((line, i) => {
      const parsed = parseWorkflowCommand(line);
      if (!parsed) throw new Error(`line ${i + 1} is not a workflow command: ${JSON.stringify(line)}`);
      return parsed;
    });
}

/** The name=value and name<<DELIMITER forms of $GITHUB_OUTPUT (and $GITHUB_ENV), as the runner reads the file. */
export function parseOutputFile(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (line === '') continue;
    const heredoc = /^([^=<]+)<<(.+)$/.exec(line);
    if (heredoc) {
      const [, name, delimiter] = heredoc;
      const value: string[] = [];
      for (i++; i < lines.length && lines[i] !== delimiter; i++) value.push(lines[i]!);
      if (i >= lines.length) throw new Error(`output ${name} has no closing delimiter ${delimiter}`);
      out[name!] = value.join('\n');
      continue;
    }
    const eq = line.indexOf('=');
    if (eq <= 0) throw new Error(`not an output line: ${JSON.stringify(line)}`);
    out[line.slice(0, eq)] = line.slice(eq + 1);
  }
  return out;
}
