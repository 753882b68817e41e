// The domains of a run: positional arguments, --domains-file (or stdin) and the config file, validated up front.
import { resolve } from 'node:path';
import { escapeControl } from '../util/text.js';
import { parseDomain } from './domain.js';
import type { Io } from './io.js';
import { readCapped, readStdinCapped } from './read-capped.js';
import { UsageError } from './usage-error.js';

/** A domains file larger than this is not a list of domains. */
const MAX_FILE_BYTES = 16 * 1024 * 1024;

async function readAll(path: string, io: Io): Promise<string> {
  if (path === '-') {
    const bytes = await readStdinCapped(io, MAX_FILE_BYTES, 'reading domains from standard input, one a line', () => new UsageError('--domains-file -: more than 16 MB on standard input'));
    return text(bytes, 'standard input');
  }
  // Capped: readFile on /dev/zero or an endless FIFO never returned (the run hung, memory grew).
  const shown = `--domains-file ${escapeControl(path)}`;
  return text(await readCapped(resolve(io.cwd, path), shown, MAX_FILE_BYTES), shown);
}

/** The list as text; a NUL byte means a binary file, refused as such rather than as a garbled "domain". */
function text(buffer: Buffer, shown: string): string {
  if (buffer.includes(0)) throw new UsageError(`${shown} is not a text file: give one domain a line`);
  return buffer.toString('utf8');
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
