// The configuration file's name, and what its callers say about its keys, without loading the validator (start-up time).
import { escapeControl } from '../util/text.js';

/**
 * The configuration a run reads from its working directory. Not "splitcheck.json": that is the name people
 * (and this README, for years) give a saved report (`splitcheck x --json > splitcheck.json`), and a report
 * read as the configuration failed every run after the first. A "*.config.json" name is never a report's.
 */
export const CONFIG_FILE = 'splitcheck.config.json';

/** The configuration's earlier name, still read when the file there is a configuration and not a report. */
export const LEGACY_CONFIG_FILE = 'splitcheck.json';

/**
 * The refusal of an "only"/"skip" pattern of the file that matches no check of the run, naming the key
 * (a typo was otherwise refused as 'no check matches "mx.presnt"', without saying where it was).
 */
export function patternProblem(file: string, key: 'only' | 'skip', index: number, pattern: string): string {
  return `${file}: /${key}/${index}: no check matches "${escapeControl(pattern)}": give a check id or an area prefix such as "mx"`;
}

/** "./x.js", "../x", "/abs/x.mjs", "C:\\x": a file; anything else names a package. */
export function isPathLike(spec: string): boolean {
  return /^(\.{1,2}([\\/]|$)|[\\/]|[A-Za-z]:[\\/])/.test(spec);
}
