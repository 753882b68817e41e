// Reads the configuration file (splitcheck.config.json or --config) or check()'s options: JSON Schema validation with the key's path, then the same value checks as the flags.
import { stat } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { Ajv2020, type ErrorObject } from 'ajv/dist/2020.js';
import schema from '../../schema/config.schema.json' with { type: 'json' };
import { parseServerAddress } from '../dns/servers.js';
import { parseDomain } from '../input/domain.js';
import { parseExpectedMx, parseHelo, parseHostingIp, parseMailboxShape, parseSelector, parseSmartHost, parseTlsName } from '../input/setup.js';
import { escapeControl } from '../util/text.js';
import { CPANEL_TOKEN_ENV, parseCpanelUrl, parseCpanelUser } from '../cpanel/account.js';
import { readCapped } from '../util/read-capped.js';
import { failure, ok, type Result } from '../util/result.js';
import { FORMAT_NAMES, isFormatName } from '../report/formats/index.js';
import { isReport } from './find.js';
import { CONFIG_FILE, isPathLike } from './names.js';
import { keyLines } from './key-lines.js';
import { parseWait } from '../input/wait.js';

export { CONFIG_FILE } from './names.js';

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
  /** The tenant export (a path resolved from the file's directory). */
  m365Export?: string;
  cpanelUrl?: string;
  cpanelUser?: string;
  /** Plugin modules: paths resolved from the file's directory, or package names. */
  plugin?: string[];
  /** Where the file's plugin packages are found from: the file's directory. */
  pluginBase?: string;
  /** `--baseline`: a previous JSON report (a path relative to the file). */
  baseline?: string;
  /** `--wait`: how long to wait for a DNS change to settle, as typed (`15m`). */
  wait?: string;
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
  m365Export?: string;
  cpanel?: { url: string; user: string };
  plugins?: string[];
  baseline?: string;
  wait?: string;
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
      const known = e.instancePath === '' ? KNOWN_KEYS : e.instancePath === '/cpanel' ? ['url', 'user'] : ['mxHost', 'cloud'];
      // The token is never a key (CHECKS.md): say where it goes instead of "unknown key".
      if (e.instancePath === '/cpanel' && /token|password|secret/i.test(key)) {
        return `/cpanel/${escapeControl(key)}: the cPanel API token is never read from the configuration; put it in the environment variable ${CPANEL_TOKEN_ENV}`;
      }
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

/** A value check's refusal, prefixed with the file and the key's path. */
class KeyProblem extends Error {}

/** Run a value check; its refusal becomes the file's, naming the key's path. */
function at<T>(file: string, path: string, result: Result<T>): T {
  if (!result.ok) throw new KeyProblem(`${file}: ${path}: ${result.error}`);
  return result.value;
}

/** Parse and validate a config file's text; `file` names it in messages, `base` resolves caFile and plugins. */
export function parseConfig(text: string, file: string, base: string): Result<ConfigArgs> {
  let data: unknown;
  // Windows editors (Notepad) save UTF-8 with a byte order mark, which JSON.parse refuses as an
  // "Unexpected token" that shows as nothing: the file's content is fine, so the mark is skipped.
  const body = text.replace(/^\uFEFF/, '');
  if (/^\uFFFD\uFFFD|\u0000/.test(body)) return failure(`${file} is not UTF-8 text (saved as UTF-16?): save it as UTF-8 JSON`);
  // A report given as the configuration (--config splitcheck.json, where the README once saved one).
  if (isReport(body.slice(0, 4096))) return failure(`${file} is ${body.trim() === '' ? 'empty' : 'not a configuration (a report splitcheck wrote?)'}: give --config the JSON file of settings (${CONFIG_FILE}, schema/config.schema.json)`);
  try {
    data = JSON.parse(body);
  } catch (err) {
    return failure(`${file} is not valid JSON: ${jsonProblem(err, body)}`);
  }
  return configFromValue(data, file, base);
}

/**
 * Validate a configuration already parsed (a file's JSON, or check()'s options): the schema first, then
 * each value with the flag's own check. Patterns of "only"/"skip" are checked later against the checks
 * of the run (plugins add to them): see `patternProblem`.
 */
export function configFromValue(data: unknown, file: string, base: string): Result<ConfigArgs> {
  validate ??= new Ajv2020({ allErrors: true, strict: false }).compile(schema);
  if (!validate(data)) {
    const errors = (validate.errors ?? []).filter((e) => e.keyword !== 'if');
    const first = errors[0];
    return failure(`${file}: ${first ? describeError(first, data) : 'invalid configuration'}`);
  }
  const raw = data as RawConfig;
  if (raw.domain !== undefined && raw.domains !== undefined) return failure(`${file}: give "domain" or "domains", not both`);
  try {
    return ok(mapValues(raw, file, base));
  } catch (err) {
    if (err instanceof KeyProblem) return failure(err.message);
    throw err;
  }
}

function mapValues(raw: RawConfig, file: string, base: string): ConfigArgs {
  const out: ConfigArgs = {};
  const domains = raw.domains ?? (raw.domain === undefined ? undefined : [raw.domain]);
  if (domains) out.domains = domains.map((d, i) => at(file, raw.domains ? `/domains/${i}` : '/domain', parseDomain(d)));
  if (raw.resolvers) {
    out.resolver = raw.resolvers.map((r, i) => {
      const parsed = parseServerAddress(r);
      return at(file, `/resolvers/${i}`, parsed.ok ? ok(r) : failure(parsed.error));
    });
  }
  if (raw.timeout !== undefined) out.timeout = raw.timeout;
  if (raw.retries !== undefined) out.retries = raw.retries;
  if (raw.smartHost !== undefined) {
    at(file, '/smartHost', parseSmartHost(raw.smartHost));
    out.smartHost = raw.smartHost;
  }
  if (raw.hostingIps) out.hostingIp = raw.hostingIps.map((ip, i) => at(file, `/hostingIps/${i}`, parseHostingIp(ip)));
  if (raw.mailboxes) out.mailbox = raw.mailboxes.map((m, i) => at(file, `/mailboxes/${i}`, parseMailboxShape(m)));
  if (raw.m365Mailboxes) out.m365Mailbox = raw.m365Mailboxes.map((m, i) => at(file, `/m365Mailboxes/${i}`, parseMailboxShape(m, 'yourcompany.com', 'm365Mailboxes entry')));
  if (raw.helo !== undefined) out.helo = at(file, '/helo', parseHelo(raw.helo));
  if (raw.dkimSelector !== undefined) out.dkimSelector = at(file, '/dkimSelector', parseSelector(raw.dkimSelector));
  if (raw.tlsName !== undefined) out.tlsName = at(file, '/tlsName', parseTlsName(raw.tlsName));
  // Paths in the file are relative to the file, as a reader of the file expects.
  if (raw.caFile !== undefined) out.caFile = resolve(base, raw.caFile);
  if (raw.expect?.mxHost !== undefined) {
    const value = raw.expect.mxHost;
    // Checked here, like every other value, so the refusal names the key (the flag's check would not).
    at(file, '/expect/mxHost', parseExpectedMx(value).ok ? ok(value) : failure(`invalid "${escapeControl(value)}": give the MX host shown in the Microsoft 365 admin center`));
    out.expectMx = value;
  }
  if (raw.expect?.cloud !== undefined) out.cloud = raw.expect.cloud;
  if (raw.m365Export !== undefined) out.m365Export = resolve(base, raw.m365Export);
  if (raw.cpanel !== undefined) {
    // Checked here too, so that a refusal names the key; the values stay as written (the cPanel source reads them).
    const url = parseCpanelUrl(raw.cpanel.url);
    out.cpanelUrl = at(file, '/cpanel/url', url.ok ? ok(raw.cpanel.url) : failure(url.error));
    const user = parseCpanelUser(raw.cpanel.user);
    out.cpanelUser = at(file, '/cpanel/user', user.ok ? ok(raw.cpanel.user) : failure(user.error));
  }
  // The formats are src/report/formats/'s registry, not a list copied into the schema.
  if (raw.format !== undefined && !isFormatName(raw.format)) {
    at(file, '/format', failure(`expected one of ${FORMAT_NAMES.map((f) => JSON.stringify(f)).join(', ')}, got ${escapeControl(JSON.stringify(raw.format))}`));
  }
  for (const key of ['only', 'skip', 'strict', 'smtp', 'authoritative', 'format', 'output', 'concurrency'] as const) {
    if (raw[key] !== undefined) (out as Record<string, unknown>)[key] = raw[key];
  }
  if (raw.baseline !== undefined) out.baseline = resolve(base, raw.baseline);
  if (raw.wait !== undefined) {
    at(file, '/wait', parseWait(raw.wait));
    out.wait = raw.wait;
  }
  // A path is relative to the file; a bare name ("splitcheck-plugin-acme") is a package, found from the file's directory.
  if (raw.plugins) {
    out.plugin = raw.plugins.map((p) => (isPathLike(p) ? resolve(base, p) : p));
    out.pluginBase = base;
  }
  return out;
}


/** A configuration file read: its values, and the line of each key (JSON pointer -> line) so annotations can point at it. */
export interface LoadedConfig {
  config: ConfigArgs;
  keyLines: Record<string, number>;
}

/**
 * The configuration to use: `--config <file>` (which must exist), else splitcheck.config.json in the
 * working directory when there is one, else none.
 */
export async function loadConfigFile(explicit: string | undefined, cwd: string): Promise<Result<LoadedConfig | undefined>> {
  if (explicit !== undefined && explicit.trim() === '') return failure('--config needs a file name');
  const path = explicit === undefined ? resolve(cwd, CONFIG_FILE) : resolve(cwd, explicit);
  if (explicit === undefined) {
    try {
      await stat(path);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return ok(undefined);
    }
  }
  // Capped: readFile of /dev/zero grew to hundreds of MB before failing with "RangeError: Invalid string length".
  const bytes = await readCapped(path, `the configuration ${escapeControl(explicit ?? CONFIG_FILE)}`, MAX_CONFIG_BYTES);
  if (!bytes.ok) return bytes;
  const text = bytes.value.toString('utf8');
  const config = parseConfig(text, escapeControl(explicit ?? CONFIG_FILE), dirname(path));
  return config.ok ? ok({ config: config.value, keyLines: keyLines(text.replace(/^\uFEFF/, '')) }) : config;
}

/** The configuration's values alone (see loadConfigFile). */
export async function loadConfig(explicit: string | undefined, cwd: string): Promise<Result<ConfigArgs | undefined>> {
  const loaded = await loadConfigFile(explicit, cwd);
  return loaded.ok ? ok(loaded.value?.config) : loaded;
}
