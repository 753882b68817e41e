// Which configuration file a run reads when --config is not given: splitcheck.config.json, else the old splitcheck.json only when it holds a configuration.
import { access, open } from 'node:fs/promises';
import { resolve } from 'node:path';
import { CONFIG_FILE, LEGACY_CONFIG_FILE } from './names.js';

/** How much of the old file is looked at to tell a configuration from a report. */
const SNIFF_BYTES = 4096;

export interface FoundConfig {
  /** The file name, relative to the working directory, for messages. */
  file: string;
  /** A line to show on stderr (the old name is read, and how to move on). */
  note?: string;
}

/** The default configuration file in `cwd`, or undefined when there is none to read. Light: no validator is loaded. */
export async function findConfig(cwd: string): Promise<FoundConfig | undefined> {
  if (await exists(resolve(cwd, CONFIG_FILE))) return { file: CONFIG_FILE };
  const head = await start(resolve(cwd, LEGACY_CONFIG_FILE));
  if (head === undefined || !head.replace(/^\uFEFF/, '').trimStart().startsWith('{') || isReport(head)) return undefined;
  return {
    file: LEGACY_CONFIG_FILE,
    note: `splitcheck: reading the configuration from ${LEGACY_CONFIG_FILE}, its old name: rename it to ${CONFIG_FILE} (reports are often saved as ${LEGACY_CONFIG_FILE}; the old name will stop being read)`,
  };
}

/**
 * Whether the start of a file is output of splitcheck's rather than a configuration: empty (the shell
 * empties `> splitcheck.json` before splitcheck starts), a JSON document of splitcheck's (report,
 * many-domain report, ndjson, explain, evidence: each has "schemaVersion", and no configuration key is
 * called so), or the terminal, JUnit or Markdown report. A configuration with a syntax error is not one,
 * so its error is shown.
 */
export function isReport(head: string): boolean {
  const text = head.replace(/^\uFEFF/, '').trimStart();
  return text === '' || /"(schemaVersion|tool|results)"\s*:/.test(text) || /^(splitcheck \S+ · |<\?xml|<testsuites|# splitcheck)/.test(text);
}

async function exists(path: string): Promise<boolean> {
  try {
    await access(path);
    return true;
  } catch {
    return false;
  }
}

/** The first bytes of a regular file as text, or undefined when there is none (or it cannot be read: loading it would say why). */
async function start(path: string): Promise<string | undefined> {
  let file;
  try {
    file = await open(path, 'r');
  } catch {
    return undefined;
  }
  try {
    if (!(await file.stat()).isFile()) return undefined;
    const buffer = Buffer.alloc(SNIFF_BYTES);
    const { bytesRead } = await file.read(buffer, 0, SNIFF_BYTES, 0);
    return buffer.subarray(0, bytesRead).toString('utf8');
  } finally {
    await file.close();
  }
}
