// Plugins: ES modules whose default export is { checks: [...] }, loaded by path or package name and checked before anything runs.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { isPathLike } from '../config/names.js';
import { FLOW_IDS, isFlowId } from '../engine/flows.js';
import { SOURCE_NAMES } from '../engine/sources.js';
import type { Check } from '../engine/types.js';
import { failure, ok, type Result } from '../util/result.js';
import { escapeControl } from '../util/text.js';

/** What a plugin module's default export is: its checks, each `{ meta, run }` like the built-in ones. */
export interface Plugin {
  checks: readonly Check[];
}

/** A plugin as given: a path (relative to `base`), a package name (found from `base`), or the plugin itself (library callers). */
export type PluginSpec = string | Plugin;

export interface LoadedPlugin {
  /** How the plugin was given, for messages and the evidence file (a plugin object is "plugin #n"). */
  name: string;
  checks: Check[];
}

/** A check id: lower-case letters, digits and hyphens, an area prefix and a name joined by dots (schema/report.schema.json). */
const CHECK_ID = /^[a-z0-9]+(\.[a-z0-9-]+)+$/;

/** Sources a plugin check may name in `needs` (DNS is always there; naming it changes nothing). */
const NEEDS: readonly string[] = ['dns', ...SOURCE_NAMES];

/** `name` or `name/sub/path` of a package specifier, scoped or not. */
function packageParts(spec: string): { name: string; subpath: string } {
  const parts = spec.split('/');
  const count = spec.startsWith('@') ? 2 : 1;
  return { name: parts.slice(0, count).join('/'), subpath: ['.', ...parts.slice(count)].join('/') };
}

/** The ESM entry of an `exports` value: the "import", "node" or "default" condition, nested or not. */
function exportTarget(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return value.map(exportTarget).find((t) => t !== undefined);
  if (value && typeof value === 'object') {
    const conditions = value as Record<string, unknown>;
    for (const key of ['import', 'node', 'default']) {
      const target = exportTarget(conditions[key]);
      if (target !== undefined) return target;
    }
  }
  return undefined;
}

/**
 * Where a package's ESM entry is, found from `base` as Node would (node_modules upwards). require.resolve
 * cannot give an ESM-only package's "import" entry, so its package.json is read for it.
 */
function resolvePackage(spec: string, base: string): string | undefined {
  try {
    return createRequire(join(base, 'noop.js')).resolve(spec);
  } catch {
    // Read the package.json below.
  }
  const { name, subpath } = packageParts(spec);
  for (let dir = resolve(base); ; dir = dirname(dir)) {
    const root = join(dir, 'node_modules', name);
    if (existsSync(join(root, 'package.json'))) {
      const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { exports?: unknown; main?: string };
      const exported = pkg.exports;
      const sugar = typeof exported === 'string' || Array.isArray(exported) || (exported && typeof exported === 'object' && !Object.keys(exported).some((k) => k.startsWith('.')));
      const target = exported === undefined ? (subpath === '.' ? (pkg.main ?? 'index.js') : subpath) : exportTarget(sugar ? (subpath === '.' ? exported : undefined) : (exported as Record<string, unknown>)[subpath]);
      return target === undefined ? undefined : join(root, target);
    }
    if (dirname(dir) === dir) return undefined;
  }
}

/** Why a plugin module could not be imported, in one line. */
function loadProblem(err: unknown): string {
  const text = err instanceof Error ? `${err.name === 'Error' ? '' : `${err.name}: `}${err.message}` : String(err);
  return escapeControl(text.split('\n')[0]!.trim());
}

async function importPlugin(spec: string, base: string): Promise<Result<unknown>> {
  const path = isPathLike(spec) ? resolve(base, spec) : resolvePackage(spec, base);
  if (path === undefined) return failure(`no package "${escapeControl(spec)}" is installed where it is looked for (${escapeControl(base)}); give a path such as ./${escapeControl(spec)}.js, or install it`);
  if (!existsSync(path)) return failure(`no such file ${escapeControl(path)}`);
  try {
    const namespace = (await import(pathToFileURL(path).href)) as { default?: unknown };
    return ok(namespace.default);
  } catch (err) {
    return failure(`it cannot be loaded: ${loadProblem(err)}`);
  }
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const nonEmpty = (v: unknown): v is string => typeof v === 'string' && v.trim() !== '';

/** Templates by key: a non-empty object of non-empty strings (`optional`: may be absent). */
function templatesProblem(value: unknown, key: 'messages' | 'remedies'): string | undefined {
  if (value === undefined && key === 'remedies') return undefined;
  if (!isObject(value) || Object.keys(value).length === 0) return `meta.${key} must be an object of templates by key, e.g. { ok: 'All good: {count} records.' }`;
  const bad = Object.entries(value).find(([, t]) => !nonEmpty(t));
  return bad ? `meta.${key}.${escapeControl(bad[0])} must be a non-empty string` : undefined;
}

/** What is wrong with one check of a plugin, or undefined. */
function checkProblem(check: unknown): string | undefined {
  if (!isObject(check) || !isObject(check.meta) || typeof check.run !== 'function') return 'a check is { meta: { id, title, verifies, messages, remedies?, needs?, flows? }, run(ctx) }';
  const meta = check.meta;
  if (!nonEmpty(meta.id)) return 'meta.id must be the check\'s id, e.g. "acme.mx-backup"';
  const id = escapeControl(meta.id);
  if (!meta.id.includes('.')) return `meta.id "${id}" has no area prefix: write it as <area>.<name>, e.g. "acme.${id.toLowerCase()}"`;
  if (!CHECK_ID.test(meta.id)) return `meta.id "${id}" is not a check id: lower-case letters, digits and hyphens, an area prefix and a name joined by a dot (e.g. "acme.mx-backup")`;
  if (!nonEmpty(meta.title)) return `${id}: meta.title must be a non-empty string`;
  if (!nonEmpty(meta.verifies)) return `${id}: meta.verifies must be a non-empty string (what the check verifies, for --help)`;
  const templates = templatesProblem(meta.messages, 'messages') ?? templatesProblem(meta.remedies, 'remedies');
  if (templates) return `${id}: ${templates}`;
  if (meta.needs !== undefined && (!Array.isArray(meta.needs) || meta.needs.some((n) => !NEEDS.includes(n as string)))) {
    return `${id}: meta.needs must list sources among ${NEEDS.join(', ')}`;
  }
  if (meta.flows !== undefined && (!Array.isArray(meta.flows) || meta.flows.some((f) => !isFlowId(f)))) {
    return `${id}: meta.flows must list mail flows among ${FLOW_IDS.join(', ')}`;
  }
  return undefined;
}

/** A plugin's default export checked: its checks, or what is wrong (without the plugin's name). */
function pluginChecks(exported: unknown, name: string): Result<Check[]> {
  if (!isObject(exported) || !('checks' in exported)) return failure('its default export must be { checks: [...] }');
  const checks = exported.checks;
  if (!Array.isArray(checks) || checks.length === 0) return failure('"checks" of its default export must be a non-empty array of checks');
  for (const [i, check] of checks.entries()) {
    const problem = checkProblem(check);
    if (problem) return failure(`checks[${i}]: ${problem}`);
  }
  // The plugin's own objects stay untouched (run is called on them, `this` as the author wrote it); the run sees
  // a check that says where it comes from.
  return ok((checks as Check[]).map((check) => ({ meta: check.meta, run: (ctx) => check.run(ctx), plugin: name })));
}

/** Every id must be new: not a built-in check's, not another plugin's (ids are what --only, --skip and reports use). */
function idProblem(check: Check, taken: Map<string, string>): string | undefined {
  const owner = taken.get(check.meta.id);
  if (owner === undefined) return undefined;
  const id = escapeControl(check.meta.id);
  return owner === '' ? `"${id}" is the id of a built-in check: give yours its own (e.g. "acme.${id.split('.').slice(1).join('.')}")` : `"${id}" is also the id of a check of plugin ${owner}`;
}

/**
 * Load every plugin, in order; the first problem is the run's refusal, one line naming the plugin ("plugin
 * ./acme.js: ..."). `builtIn` are the checks whose ids a plugin may not reuse.
 */
export async function loadPlugins(specs: readonly PluginSpec[], base: string, builtIn: readonly Check[]): Promise<Result<LoadedPlugin[]>> {
  const taken = new Map<string, string>(builtIn.map((c) => [c.meta.id, '']));
  const out: LoadedPlugin[] = [];
  for (const [n, spec] of specs.entries()) {
    const name = typeof spec === 'string' ? spec : `#${n + 1}`;
    const shown = escapeControl(name);
    const exported = typeof spec === 'string' ? await importPlugin(spec, base) : ok(spec);
    if (!exported.ok) return failure(`plugin ${shown}: ${exported.error}`);
    const checks = pluginChecks(exported.value, typeof spec === 'string' ? spec : `#${n + 1} (a plugin object)`);
    if (!checks.ok) return failure(`plugin ${shown}: ${checks.error}`);
    for (const check of checks.value) {
      const problem = idProblem(check, taken);
      if (problem) return failure(`plugin ${shown}: ${problem}`);
      taken.set(check.meta.id, shown);
    }
    out.push({ name, checks: checks.value });
  }
  return ok(out);
}

/** The checks of a run: the built-in ones in registry order, then each plugin's in the order given. */
export function catalogue(builtIn: readonly Check[], plugins: readonly LoadedPlugin[]): Check[] {
  return [...builtIn, ...plugins.flatMap((p) => p.checks)];
}
