// Reads splitcheck.json (or --config): JSON Schema validation with the key's path, then the same value checks as the flags.
import { stat } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { Ajv2020, type ErrorObject } from 'ajv/dist/2020.js';
import schema from '../../schema/config.schema.json' with { type: 'json' };
import { parseServerAddress } from '../dns/servers.js';
import { parseDomain } from '../cli/domain.js';
import { UsageError } from '../cli/usage-error.js';
import { parseHelo, parseHostingIp, parseMailboxShape, parseSelector, parseSmartHost, parseTlsName } from '../cli/input.js';
import { escapeControl } from '../util/text.js';
import { readCapped } from '../cli/read-capped.js';
import { ALL_CHECKS } from '../checks/index.js';
import { selectChecks } from '../engine/select.js';

/** A configuration larger than this is not one (and /dev/zero must not be read until memory runs out). */
const MAX_CONFIG_BYTES = 16 * 1024 * 1024;

/** JSON.parse says "at position 312"; a person editing the file wants the line and column. */
function jsonProblem(err: unknown, text: string): string {
  const message = err instanceof Error ? err.message : String(err);
  const position = /at position (\d+)/.exec(message);
  if (!position) return message;
  const before = text.slice(0, Number(position[1]));
  const line = before.split('\n').length;
  const column = before.length - before.lastIndexOf('\n');
  // The usual mistakes of hand-written JSON, told by what stands at the position.
  const at = text.slice(Number(position[1]));
  const hint = /^\/[/*]/.test(at)
    ? ' (JSON allows no comments)'
    : /^\s*[}\]]/.test(at) && /,\s*$/.test(before)
      ? ' (JSON allows no trailing comma)'
      : '';
  return `${message.slice(0, position.index).trim()} at line ${line}, column ${column}${hint}`;
}

/** The file's values under the names of the equivalent flags (so flags can override them one by one). */
export interface ConfigArgs {
  domains?: string[];
  resolver?: string[];
  timeout?: number;
  retries?: number;
  smartHost?: string;
  hostingIp?: string[];
  mailbox?: string[];
  m365Mailbox?: string[];
  helo?: string;
  dkimSelector?: string;
  tlsName?: string;
  caFile?: string;
  expectMx?: string;
  cloud?: string;
  only?: string[];
  skip?: string[];
  strict?: boolean;
  smtp?: boolean;
  authoritative?: boolean;
  format?: string;
  output?: string;
  concurrency?: number;
}

/** The file as written: the keys named like their flags, plus the plural and nested ones. */
type SameName = 'timeout' | 'retries' | 'smartHost' | 'dkimSelector' | 'tlsName' | 'caFile' | 'helo' | 'only' | 'skip' | 'strict' | 'smtp' | 'authoritative' | 'format' | 'output' | 'concurrency';
interface RawConfig extends Pick<ConfigArgs, SameName> {
  domain?: string;
  domains?: string[];
  resolvers?: string[];
  hostingIps?: string[];
  mailboxes?: string[];
  m365Mailboxes?: string[];
  expect?: { mxHost?: string; cloud?: string };
}

const KNOWN_KEYS = Object.keys((schema as { properties: object }).properties);

/** Levenshtein distance, for "did you mean". */
function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const next = Math.min(row[j]! + 1, row[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = row[j]!;
      row[j] = next;
    }
  }
  return row[b.length]!;
}

function suggestion(key: string, known: readonly string[]): string {
  const lower = key.toLowerCase();
  const prefixed = known.find((k) => k.toLowerCase().startsWith(lower) || lower.startsWith(k.toLowerCase()));
  if (prefixed && lower.length >= 2) return ` (did you mean "${prefixed}"?)`;
  const best = known.map((k) => [k, distance(key.toLowerCase(), k.toLowerCase())] as const).sort((x, y) => x[1] - y[1])[0];
  return best && best[1] <= Math.max(2, Math.floor(key.length / 3)) ? ` (did you mean "${best[0]}"?)` : '';
}

/** One schema error as "at /path: what was expected, what was found". */
function describeError(e: ErrorObject, data: unknown): string {
  const path = e.instancePath || '/';
  const value = e.instancePath
    .split('/')
    .slice(1)
    .reduce<unknown>((v, k) => (v && typeof v === 'object' ? (v as Record<string, unknown>)[k.replace(/~1/g, '/').replace(/~0/g, '~')] : undefined), data);
  const got = `got ${escapeControl(JSON.stringify(value) ?? 'nothing')}`;
  switch (e.keyword) {
    case 'additionalProperties': {
      const key = String((e.params as { additionalProperty: string }).additionalProperty);
      const known = e.instancePath === '' ? KNOWN_KEYS : ['mxHost', 'cloud'];
      return `unknown key "${escapeControl(key)}" at ${e.instancePath}/${escapeControl(key)}${suggestion(key, known)}`;
    }
    case 'type':
      return `${path}: expected ${(e.params as { type: string }).type}, ${got}`;
    case 'enum':
      return `${path}: expected one of ${((e.params as { allowedValues: unknown[] }).allowedValues).map((v) => JSON.stringify(v)).join(', ')}, ${got}`;
    case 'minimum':
    case 'maximum': {
      const s = (schema as { properties: Record<string, { minimum?: number; maximum?: number }> }).properties[e.instancePath.slice(1)];
      return s ? `${path}: expected a whole number from ${s.minimum} to ${s.maximum}, ${got}` : `${path}: ${e.message ?? 'out of range'}, ${got}`;
    }
    case 'minItems':
      return `${path}: must not be empty`;
    case 'minLength':
      return `${path}: must not be empty`;
    default:
      return `${path}: ${e.message ?? 'invalid'}, ${got}`;
  }
}

let validate: ReturnType<Ajv2020['compile']> | undefined;

/** Run a value check and prefix its complaint with the key's path. */
function at<T>(file: string, path: string, check: () => T): T {
  try {
    return check();
  } catch (err) {
    const why = err instanceof Error ? err.message : String(err);
    throw new UsageError(`${file}: ${path}: ${why}`);
  }
}

/** Parse and validate a config file's text; `file` names it in messages, `base` resolves caFile. */
export function parseConfig(text: string, file: string, base: string): ConfigArgs {
  let data: unknown;
  // Windows editors (Notepad) save UTF-8 with a byte order mark, which JSON.parse refuses as an
  // "Unexpected token" that shows as nothing: the file's content is fine, so the mark is skipped.
  const body = text.replace(/^\uFEFF/, '');
  if (/^\uFFFD\uFFFD|\u0000/.test(body)) throw new UsageError(`${file} is not UTF-8 text (saved as UTF-16?): save it as UTF-8 JSON`);
  try {
    data = JSON.parse(body);
  } catch (err) {
    throw new UsageError(`${file} is not valid JSON: ${jsonProblem(err, body)}`);
  }
  validate ??= new Ajv2020({ allErrors: true, strict: false }).compile(schema);
  if (!validate(data)) {
    const errors = (validate.errors ?? []).filter((e) => e.keyword !== 'if');
    const first = errors[0];
    throw new UsageError(`${file}: ${first ? describeError(first, data) : 'invalid configuration'}`);
  }
  const raw = data as RawConfig;
  if (raw.domain !== undefined && raw.domains !== undefined) throw new UsageError(`${file}: give "domain" or "domains", not both`);
  const out: ConfigArgs = {};
  const domains = raw.domains ?? (raw.domain === undefined ? undefined : [raw.domain]);
  if (domains) out.domains = domains.map((d, i) => at(file, raw.domains ? `/domains/${i}` : '/domain', () => parseDomain(d)));
  if (raw.resolvers) {
    out.resolver = raw.resolvers.map((r, i) =>
      at(file, `/resolvers/${i}`, () => {
        const parsed = parseServerAddress(r);
        if (!parsed.ok) throw new Error(parsed.error);
        return r;
      }),
    );
  }
  if (raw.timeout !== undefined) out.timeout = raw.timeout;
  if (raw.retries !== undefined) out.retries = raw.retries;
  if (raw.smartHost !== undefined) {
    const value = raw.smartHost;
    at(file, '/smartHost', () => parseSmartHost(value));
    out.smartHost = value;
  }
  if (raw.hostingIps) out.hostingIp = raw.hostingIps.map((ip, i) => at(file, `/hostingIps/${i}`, () => parseHostingIp(ip)));
  if (raw.mailboxes) out.mailbox = raw.mailboxes.map((m, i) => at(file, `/mailboxes/${i}`, () => parseMailboxShape(m)));
  if (raw.m365Mailboxes) out.m365Mailbox = raw.m365Mailboxes.map((m, i) => at(file, `/m365Mailboxes/${i}`, () => parseMailboxShape(m, 'yourcompany.com', 'm365Mailboxes entry')));
  if (raw.helo !== undefined) {
    const value = raw.helo;
    out.helo = at(file, '/helo', () => parseHelo(value));
  }
  if (raw.dkimSelector !== undefined) {
    const value = raw.dkimSelector;
    out.dkimSelector = at(file, '/dkimSelector', () => parseSelector(value));
  }
  if (raw.tlsName !== undefined) {
    const value = raw.tlsName;
    out.tlsName = at(file, '/tlsName', () => parseTlsName(value));
  }
  // Paths in the file are relative to the file, as a reader of the file expects.
  if (raw.caFile !== undefined) out.caFile = resolve(base, raw.caFile);
  if (raw.expect?.mxHost !== undefined) {
    const value = raw.expect.mxHost;
    // Checked here, like every other value, so the refusal names the key (the flag's check would not).
    at(file, '/expect/mxHost', () => {
      try {
        return parseDomain(value);
      } catch {
        throw new Error(`invalid "${escapeControl(value)}": give the MX host shown in the Microsoft 365 admin center`);
      }
    });
    out.expectMx = value;
  }
  // A typo in "only"/"skip" was refused only later, as 'no check matches "mx.presnt"', without the key.
  for (const key of ['only', 'skip'] as const) {
    raw[key]?.forEach((pattern, i) =>
      at(file, `/${key}/${i}`, () => {
        const selection = selectChecks(ALL_CHECKS, [pattern]);
        if (!selection.ok) throw new Error(`no check matches "${escapeControl(pattern)}": give a check id or an area prefix such as "mx"`);
      }),
    );
  }
  if (raw.expect?.cloud !== undefined) out.cloud = raw.expect.cloud;
  for (const key of ['only', 'skip', 'strict', 'smtp', 'authoritative', 'format', 'output', 'concurrency'] as const) {
    if (raw[key] !== undefined) (out as Record<string, unknown>)[key] = raw[key];
  }
  return out;
}

export const CONFIG_FILE = 'splitcheck.json';

/**
 * The configuration to use: `--config <file>` (which must exist), else splitcheck.json in the
 * working directory when there is one, else none.
 */
export async function loadConfig(explicit: string | undefined, cwd: string): Promise<ConfigArgs | undefined> {
  if (explicit !== undefined && explicit.trim() === '') throw new UsageError('--config needs a file name');
  const path = explicit === undefined ? resolve(cwd, CONFIG_FILE) : resolve(cwd, explicit);
  if (explicit === undefined) {
    try {
      await stat(path);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    }
  }
  // Capped: readFile of /dev/zero grew to hundreds of MB before failing with "RangeError: Invalid string length".
  const bytes = await readCapped(path, `the configuration ${escapeControl(explicit ?? CONFIG_FILE)}`, MAX_CONFIG_BYTES);
  return parseConfig(bytes.toString('utf8'), escapeControl(explicit ?? CONFIG_FILE), dirname(path));
}
