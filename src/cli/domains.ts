// The domains of a run: positional arguments, --domains-file (or stdin) and the config file, validated up front.
import { readFile } from 'node:fs/promises';
import { escapeControl } from '../util/text.js';
import { parseDomain } from './domain.js';
import type { Io } from './io.js';
import { UsageError } from './usage-error.js';

/** A domains file larger than this is not a list of domains. */
const MAX_FILE_BYTES = 16 * 1024 * 1024;

async function readAll(path: string, io: Io): Promise<string> {
  if (path === '-') {
    if (!io.stdin) throw new UsageError('--domains-file -: there is no standard input to read');
    let text = '';
    for await (const chunk of io.stdin) {
      text += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
      if (text.length > MAX_FILE_BYTES) throw new UsageError('--domains-file -: more than 16 MB on standard input');
    }
    return text;
  }
  try {
    const buffer = await readFile(path);
    if (buffer.length > MAX_FILE_BYTES) throw new UsageError(`--domains-file ${escapeControl(path)} is larger than 16 MB`);
    return buffer.toString('utf8');
  } catch (err) {
    if (err instanceof UsageError) throw err;
    const code = (err as NodeJS.ErrnoException).code;
    throw new UsageError(`cannot read --domains-file ${escapeControl(path)}: ${code === 'ENOENT' ? 'no such file' : String(code ?? err)}`);
  }
}

/** One domain a line; `#` starts a comment (whole line or the rest of one); blank lines are skipped. */
export function parseDomainsList(text: string, source: string): string[] {
  const out: string[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.replace(/#.*/, '').trim();
    if (line === '') return;
    try {
      out.push(parseDomain(line));
    } catch (err) {
      throw new UsageError(`${source}, line ${i + 1}: ${err instanceof Error ? err.message : String(err)}`);
    }
  });
  return out;
}

/**
 * Every domain to check, in the order given, each once: the positional domains and the domains
 * file together; the config file's domains only when neither was given (flags override the file).
 */
export async function collectDomains(
  args: { domains?: string[]; domainsFile?: string },
  configDomains: readonly string[] | undefined,
  io: Io,
): Promise<string[]> {
  const given = (args.domains ?? []).map((d) => parseDomain(d));
  if (args.domainsFile !== undefined) given.push(...parseDomainsList(await readAll(args.domainsFile, io), args.domainsFile === '-' ? 'standard input' : args.domainsFile));
  else if (given.length === 0 && configDomains) given.push(...configDomains.map((d) => parseDomain(d)));
  if (given.length === 0 && args.domainsFile !== undefined) throw new UsageError(`--domains-file ${escapeControl(args.domainsFile)} lists no domain`);
  return [...new Set(given)];
}
